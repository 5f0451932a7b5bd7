// Package xmltok is a fast, streaming XML 1.0 tokenizer that checks
// well-formedness.
//
// A Decoder reads a document from an io.Reader through its own buffer and
// returns one token at a time; the bytes of a token (text, attribute
// values) are valid only until the next call of Next. Memory is bounded by
// the buffer (which grows only to hold one start tag, DOCTYPE or XML
// declaration, up to Options.MaxTokenBytes) and by the depth of the
// document; long text is returned in several CharData chunks.
//
// The Decoder checks what XML 1.0 (fifth edition) requires of a
// well-formed document that has no external DTD: one document element,
// matching end tags, no text outside it, names, attribute syntax and
// uniqueness (by qualified name), character and entity references, CDATA
// sections, comments, processing instructions, an XML declaration only at
// the very start, at most one DOCTYPE before the document element, UTF-8
// and the Char production everywhere. Element and attribute names are
// split at their colon into prefix and local part (a name with more than
// one colon is refused), but prefixes are not resolved: namespace
// bindings are left to the caller. Attribute values are normalized as
// the specification says for CDATA attributes (each white space character
// becomes a space).
//
// Only the five predefined entities and those the caller declares with
// SetEntity are expanded; nothing is ever fetched. A DOCTYPE is returned
// as one token whose text is its body (comments replaced by a space), for
// the caller to pick internal entity declarations from.
//
// Positions are 1-based lines and columns; columns count characters
// (Unicode code points: a tab, a Cyrillic letter, an emoji are one each)
// of the input after any charset conversion, as a text editor does; a
// UTF-8 BOM is not counted. Lines end at \n.
package xmltok

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
)

// Kind is the type of a token.
type Kind uint8

const (
	None         Kind = iota
	StartElement      // Name, Attrs, SelfClosing
	EndElement        // Name (also sent after a self-closing start tag)
	CharData          // Text: character data or a CDATA section, maybe one chunk of it
	Comment           // no data is kept
	ProcInst          // Name().Local is the target; no data is kept
	Doctype           // Text: the body of <!DOCTYPE ...>, starting with "DOCTYPE"
)

// Name is a qualified name split at its colon.
type Name struct{ Prefix, Local string }

// String returns the name as written.
func (n Name) String() string {
	if n.Prefix == "" {
		return n.Local
	}
	return n.Prefix + ":" + n.Local
}

// Attr is one attribute of a start tag.
type Attr struct {
	Name      Name
	Value     []byte // normalized; valid until the next call of Next
	Line, Col int    // position of the attribute name
}

// SyntaxError reports a document that is not well-formed or exceeds a limit.
type SyntaxError struct {
	Line, Col int
	Msg       string // English
	MsgRU     string // Russian
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("XML syntax error on line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// Options tune a Decoder; the zero value is usable.
type Options struct {
	// CharsetReader converts the rest of a document whose XML declaration
	// names an encoding other than UTF-8; nil refuses such documents.
	CharsetReader func(label string, r io.Reader) (io.Reader, error)
	// MaxDepth limits element nesting (default 4096).
	MaxDepth int
	// MaxTokenBytes limits one start tag, XML declaration or DOCTYPE
	// (default 16 MiB).
	MaxTokenBytes int
}

const (
	bufSize    = 64 << 10
	chunkBytes = 64 << 10 // text chunks are cut at about this size
	maxRefLen  = 1 << 10  // longest entity or character reference
	maxNames   = 4096     // interned names
)

type qname struct {
	raw    string
	name   Name
	colons bool // more than one colon: not a qualified name
	cont   int  // UTF-8 continuation bytes in raw (bytes that are not a column)
}

type span struct {
	scratch bool
	a, b    int // relative to the token start, or in scratch
}

// Decoder reads tokens from a document.
type Decoder struct {
	r    io.Reader
	rerr error // sticky read error, io.EOF at the end
	err  error // sticky token error
	opt  Options

	buf      []byte
	pos, end int   // unread data is buf[pos:end]
	base     int64 // stream offset of buf[0]
	line     int
	// Columns count characters: colBase is the stream offset of the
	// first byte of the line plus the UTF-8 continuation bytes read on
	// it, up to contEnd (the end of the last multi-byte character read),
	// so that the column of what follows is its offset − colBase + 1.
	// Every reader of a multi-byte character adds its continuation bytes,
	// so ASCII costs nothing.
	colBase int64
	contEnd int64

	kind            Kind
	tokLine, tokCol int
	cur             *qname
	attrs           []Attr
	spans           []span
	attrNames       []*qname
	text            []byte
	scratch         []byte
	selfClose       bool
	pendingEnd      bool
	inCDATA         bool

	stack                                []*qname
	started, rootSeen, rootDone, doctype bool
	names                                map[string]*qname
	entities                             map[string][]byte
}

// NewDecoder returns a Decoder reading r; o may be nil.
func NewDecoder(r io.Reader, o *Options) *Decoder {
	d := &Decoder{r: r, buf: make([]byte, bufSize), line: 1, names: map[string]*qname{}}
	if o != nil {
		d.opt = *o
	}
	if d.opt.MaxDepth <= 0 {
		d.opt.MaxDepth = 4096
	}
	if d.opt.MaxTokenBytes <= 0 {
		d.opt.MaxTokenBytes = 16 << 20
	}
	return d
}

// SetEntity declares an internal general entity; its replacement text is
// inserted as is (it must not contain markup or references).
func (d *Decoder) SetEntity(name, value string) {
	if d.entities == nil {
		d.entities = map[string][]byte{}
	}
	d.entities[name] = []byte(value)
}

// Name returns the name of the current element, or the target of a
// processing instruction.
func (d *Decoder) Name() Name { return d.cur.name }

// RawName returns the name of the current element as written.
func (d *Decoder) RawName() string { return d.cur.raw }

// Attrs returns the attributes of the current start tag.
func (d *Decoder) Attrs() []Attr { return d.attrs }

// Text returns the data of a CharData or Doctype token.
func (d *Decoder) Text() []byte { return d.text }

// SelfClosing reports whether the current start tag ends with "/>".
func (d *Decoder) SelfClosing() bool { return d.selfClose }

// Depth returns the number of open elements (the current start tag counts).
func (d *Decoder) Depth() int { return len(d.stack) }

// Pos returns the position of the first character of the current token.
func (d *Decoder) Pos() (line, col int) { return d.tokLine, d.tokCol }

// InputPos returns the position of the next character to be read.
func (d *Decoder) InputPos() (line, col int) { return d.posAt(d.pos) }

// InputOffset returns the stream offset of the next byte to be read.
func (d *Decoder) InputOffset() int64 { return d.base + int64(d.pos) }

// posAt returns the position of buf[i], which is on the current line,
// after every multi-byte character read and before any not read.
func (d *Decoder) posAt(i int) (int, int) {
	return d.line, int(d.base+int64(i)-d.colBase) + 1
}

// exactPosAt is posAt for any i on the current line: behind multi-byte
// characters already counted, or after bytes not read yet (for errors
// only: the bytes between i and the last multi-byte character counted
// are looked at; those read after it are ASCII).
func (d *Decoder) exactPosAt(i int) (int, int) {
	l, c := d.posAt(i)
	if off := d.base + int64(i); off < d.contEnd {
		c += contBytes(d.buf[i : d.contEnd-d.base])
	} else if from := max(d.contEnd, d.base) - d.base; from < int64(i) {
		c -= contBytes(d.buf[from:i])
	}
	return l, c
}

// wide counts the multi-byte characters of buf[i:j] (all but their first
// bytes), just read.
func (d *Decoder) wide(i, j int) {
	d.colBase += int64(contBytes(d.buf[i:j]))
	d.contEnd = d.base + int64(j)
}

// contBytes counts the UTF-8 continuation bytes (10xxxxxx) of b. It is
// for the rare cases (new names, entities, errors): kept out of line.
//
//go:noinline
func contBytes(b []byte) int {
	n := 0
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		n += bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
		b = b[8:]
	}
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n++
		}
	}
	return n
}

func (d *Decoder) newline(i int) {
	d.line++
	d.colBase = d.base + int64(i) + 1
}

func (d *Decoder) errAt(i int, format string, args ...any) error {
	l, c := d.exactPosAt(i)
	ru := translate(format, args)
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	return &SyntaxError{Line: l, Col: c, Msg: format, MsgRU: ru}
}

func (d *Decoder) errTok(format string, args ...any) error {
	ru := translate(format, args)
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	return &SyntaxError{Line: d.tokLine, Col: d.tokCol, Msg: format, MsgRU: ru}
}

// eofErr is the error for input that ends at buf index i inside a token.
func (d *Decoder) eofErr(i int, what string) error {
	if d.rerr != nil && d.rerr != io.EOF {
		return d.rerr
	}
	return d.errAt(i, "unexpected EOF"+what)
}

var errTooLarge = errors.New("token too large")

// fill reads until at least need bytes from pos are buffered; it keeps
// buf[pos:] and may move it to the front. It reports false when the input
// ends (or fails) first, or when the token limit would be exceeded
// (rerr is then set to a *SyntaxError).
func (d *Decoder) fill(need int) bool {
	for d.end-d.pos < need {
		if d.rerr != nil {
			return false
		}
		if d.end == len(d.buf) {
			if d.pos > 0 {
				n := copy(d.buf, d.buf[d.pos:d.end])
				d.base += int64(d.pos)
				d.end, d.pos = n, 0
			} else {
				if len(d.buf) >= d.opt.MaxTokenBytes+maxRefLen {
					d.rerr = d.errAt(d.pos, "token larger than %d bytes", d.opt.MaxTokenBytes)
					return false
				}
				nb := make([]byte, 2*len(d.buf))
				copy(nb, d.buf[:d.end])
				d.buf = nb
			}
		}
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		if err != nil {
			d.rerr = err
		}
	}
	return true
}

// at returns the byte at offset off from pos, reading more when needed.
func (d *Decoder) at(off int) (byte, bool) {
	if d.pos+off >= d.end && !d.fill(off+1) {
		return 0, false
	}
	return d.buf[d.pos+off], true
}

// Next reads the next token. At the end of a well-formed document it
// returns io.EOF; a document that is not well-formed gives a
// *SyntaxError; errors of the reader are returned as they are.
func (d *Decoder) Next() (Kind, error) {
	if d.err != nil {
		return None, d.err
	}
	k, err := d.next()
	if err != nil {
		d.err = err
		d.kind = None
		return None, err
	}
	d.kind = k
	return k, nil
}

func (d *Decoder) next() (Kind, error) {
	d.text = nil
	if d.pendingEnd {
		d.pendingEnd = false
		d.selfClose = false
		d.attrs = d.attrs[:0]
		d.tokLine, d.tokCol = d.posAt(d.pos)
		d.pop()
		return EndElement, nil
	}
	if d.inCDATA {
		return d.cdata()
	}
	if !d.started {
		d.started = true
		if d.fill(3) && d.buf[d.pos] == 0xEF && d.buf[d.pos+1] == 0xBB && d.buf[d.pos+2] == 0xBF {
			d.pos += 3
			d.base -= 3
		}
		if d.fill(6) && bytes.HasPrefix(d.buf[d.pos:d.end], []byte("<?xml")) && isSpace(d.buf[d.pos+5]) {
			d.tokLine, d.tokCol = d.posAt(d.pos)
			if err := d.xmlDecl(); err != nil {
				return None, err
			}
		}
	}
	for {
		if d.pos >= d.end && !d.fill(1) {
			return None, d.atEOF()
		}
		b := d.buf[d.pos]
		d.tokLine, d.tokCol = d.posAt(d.pos)
		if b != '<' {
			if len(d.stack) == 0 {
				if err := d.outsideText(); err != nil {
					return None, err
				}
				continue
			}
			return d.chars()
		}
		d.fill(10)
		if d.end-d.pos < 2 {
			return None, d.eofErr(d.end, "")
		}
		switch d.buf[d.pos+1] {
		case '/':
			return d.endTag()
		case '?':
			return d.procInst()
		case '!':
			return d.bang()
		}
		return d.startTag()
	}
}

func (d *Decoder) atEOF() error {
	if d.rerr != io.EOF {
		return d.rerr
	}
	if !d.rootSeen {
		return &SyntaxError{Line: 1, Col: 1, Msg: "no document element", MsgRU: "в документе нет корневого элемента (файл пуст?)"}
	}
	if len(d.stack) > 0 {
		l, c := d.exactPosAt(d.pos)
		return &SyntaxError{Line: l, Col: c, Msg: "unexpected end of document", MsgRU: "документ оборван: не закрыты элементы"}
	}
	return io.EOF
}

// outsideText skips white space before or after the document element.
func (d *Decoder) outsideText() error {
	for {
		for d.pos < d.end {
			switch d.buf[d.pos] {
			case '\n':
				d.newline(d.pos)
			case ' ', '\t', '\r':
			case '<':
				return nil
			case '&':
				return d.errAt(d.pos, "reference outside the document element")
			default:
				if d.buf[d.pos] >= 0x80 {
					return d.errAt(d.pos, "non-ASCII text outside the document element")
				}
				return d.errTok("text outside the document element")
			}
			d.pos++
		}
		if !d.fill(1) {
			return nil
		}
	}
}

func (d *Decoder) pop() {
	d.cur = d.stack[len(d.stack)-1]
	d.stack = d.stack[:len(d.stack)-1]
	if len(d.stack) == 0 {
		d.rootDone = true
	}
}

// name scans a name at offset off from pos and returns it interned with
// the offset after it; q is nil when no name starts there.
func (d *Decoder) name(off int) (q *qname, next int, err error) {
	j := off
	for {
		if d.pos+j >= d.end && !d.fill(j+1) {
			return nil, j, d.eofErr(d.pos+j, "")
		}
		b := d.buf[d.pos+j]
		if b < 0x80 && !nameByte[b] {
			break
		}
		j++
	}
	if j == off {
		return nil, j, nil
	}
	raw := d.buf[d.pos+off : d.pos+j]
	if q := d.names[string(raw)]; q != nil {
		if q.cont > 0 {
			d.colBase += int64(q.cont)
			d.contEnd = d.base + int64(d.pos+j)
		}
		return q, j, nil
	}
	if !isName(raw) {
		return nil, j, d.errAt(d.pos+off, "invalid XML name: %s", raw)
	}
	s := string(raw)
	q = &qname{raw: s, name: Name{Local: s}, cont: contBytes(raw)}
	if q.cont > 0 {
		d.colBase += int64(q.cont)
		d.contEnd = d.base + int64(d.pos+j)
	}
	if k := strings.IndexByte(s, ':'); k >= 0 {
		q.colons = strings.IndexByte(s[k+1:], ':') >= 0
		if k > 0 && k < len(s)-1 {
			q.name = Name{Prefix: s[:k], Local: s[k+1:]}
		}
	}
	if len(d.names) < maxNames {
		d.names[s] = q
	}
	return q, j, nil
}

// space skips white space at offset off and returns the offset after it.
func (d *Decoder) space(off int) int {
	for {
		b, ok := d.at(off)
		if !ok || !isSpace(b) {
			return off
		}
		if b == '\n' {
			d.newline(d.pos + off)
		}
		off++
	}
}

func (d *Decoder) startTag() (Kind, error) {
	if d.rootDone {
		return None, d.errTok("extra content after the document element")
	}
	if len(d.stack) >= d.opt.MaxDepth {
		return None, d.errTok("elements nested deeper than %d", d.opt.MaxDepth)
	}
	q, off, err := d.name(1)
	if err != nil {
		return None, err
	}
	if q == nil {
		return None, d.errAt(d.pos+1, "expected element name after <")
	}
	if q.colons {
		return None, d.errAt(d.pos+1, "name %s has more than one colon", q.raw)
	}
	d.cur = q
	d.attrs = d.attrs[:0]
	d.spans = d.spans[:0]
	d.attrNames = d.attrNames[:0]
	d.scratch = d.scratch[:0]
	d.selfClose = false
	for {
		sp := off
		off = d.space(off)
		b, ok := d.at(off)
		if !ok {
			return None, d.eofErr(d.pos+off, "")
		}
		if b == '>' {
			off++
			break
		}
		if b == '/' {
			if b, ok = d.at(off + 1); !ok {
				return None, d.eofErr(d.pos+off+1, "")
			}
			if b != '>' {
				return None, d.errAt(d.pos+off, "expected /> in element")
			}
			off += 2
			d.selfClose = true
			break
		}
		if off == sp {
			return None, d.errAt(d.pos+off, "white space expected before attribute")
		}
		if err := d.attr(&off); err != nil {
			return None, err
		}
	}
	// materialize attribute values
	for i, s := range d.spans {
		if s.scratch {
			d.attrs[i].Value = d.scratch[s.a:s.b:s.b]
		} else {
			d.attrs[i].Value = d.buf[d.pos+s.a : d.pos+s.b : d.pos+s.b]
		}
	}
	d.pos += off
	d.stack = append(d.stack, q)
	d.rootSeen = true
	if d.selfClose {
		d.pendingEnd = true
	}
	return StartElement, nil
}

// attr parses one attribute at *off.
func (d *Decoder) attr(off *int) error {
	q, o, err := d.name(*off)
	if err != nil {
		return err
	}
	at := d.pos + *off // after name: reading may have moved the buffer
	if q == nil {
		return d.errAt(at, "expected attribute name in element")
	}
	if q.colons {
		return d.errAt(at, "name %s has more than one colon", q.raw)
	}
	line, col := d.posAt(at)
	col += q.cont // the name, read and counted
	for _, p := range d.attrNames {
		if p == q || p.raw == q.raw {
			return d.errAt(at, "attribute %s given twice", q.raw)
		}
	}
	o = d.space(o)
	b, ok := d.at(o)
	if !ok {
		return d.eofErr(d.pos+o, "")
	}
	if b != '=' {
		return d.errAt(d.pos+o, "attribute name without = in element")
	}
	o = d.space(o + 1)
	quote, ok := d.at(o)
	if !ok {
		return d.eofErr(d.pos+o, "")
	}
	if quote != '"' && quote != '\'' {
		return d.errAt(d.pos+o, "unquoted or missing attribute value in element")
	}
	o++
	s, o, err := d.attrValue(o, quote)
	if err != nil {
		return err
	}
	*off = o
	d.attrNames = append(d.attrNames, q)
	d.attrs = append(d.attrs, Attr{Name: q.name, Line: line, Col: col})
	d.spans = append(d.spans, s)
	return nil
}

// attrValue scans a quoted value starting at offset o (after the quote).
func (d *Decoder) attrValue(o int, quote byte) (span, int, error) {
	start := o
	mark := o // in copy mode, bytes from mark on are still to be copied
	copying := false
	sc := len(d.scratch)
	for {
		i := d.pos + o
		buf := d.buf[:d.end]
		for i < len(buf) && attrClass[buf[i]] == cPlain {
			i++
		}
		o = i - d.pos
		if i == len(buf) {
			if !d.fill(o + 1) {
				return span{}, o, d.eofErr(d.pos+o, "")
			}
			continue
		}
		b := buf[i]
		switch attrClass[b] {
		case cQuote:
			if b != quote {
				o++
				continue
			}
			if !copying {
				return span{a: start, b: o}, o + 1, nil
			}
			d.scratch = append(d.scratch, d.buf[d.pos+mark:d.pos+o]...)
			if len(d.scratch) > d.opt.MaxTokenBytes {
				return span{}, o, d.errAt(d.pos+o, "start tag larger than %d bytes", d.opt.MaxTokenBytes)
			}
			return span{scratch: true, a: sc, b: len(d.scratch)}, o + 1, nil
		case cLT:
			return span{}, o, d.errAt(i, "unescaped < inside quoted string")
		case cCtl:
			return span{}, o, d.errAt(i, "illegal character code %U", rune(b))
		case cHigh:
			n, err := d.char(o)
			if err != nil {
				return span{}, o, err
			}
			o += n
			continue
		}
		// from here on the value differs from the input: copy it
		if !copying {
			copying = true
		}
		d.scratch = append(d.scratch, d.buf[d.pos+mark:i]...)
		switch attrClass[b] {
		case cTab:
			d.scratch = append(d.scratch, ' ')
			o++
		case cLF:
			d.scratch = append(d.scratch, ' ')
			d.newline(i)
			o++
		case cCR:
			d.scratch = append(d.scratch, ' ')
			o++
			if c, ok := d.at(o); ok && c == '\n' {
				d.newline(d.pos + o)
				o++
			}
		case cAmp:
			n, err := d.ref(o, true)
			if err != nil {
				return span{}, o, err
			}
			o += n
		}
		mark = o
	}
}

// char checks the multi-byte UTF-8 character at offset o and returns its
// length.
func (d *Decoder) char(o int) (int, error) {
	i := d.pos + o
	b := d.buf[i]
	if b >= 0xC2 && b <= 0xDF && i+1 < d.end && d.buf[i+1]&0xC0 == 0x80 {
		d.colBase++
		d.contEnd = d.base + int64(i+2)
		return 2, nil // U+0080..U+07FF: all allowed
	}
	if i+4 > d.end {
		d.fill(o + 4)
		i = d.pos + o
	}
	r, n := decodeRune(d.buf[i:d.end])
	if n == 0 {
		return 0, d.errAt(i, "invalid UTF-8")
	}
	if !isChar(r) {
		return 0, d.errAt(i, "illegal character code %U", r)
	}
	d.colBase += int64(n - 1)
	d.contEnd = d.base + int64(i+n)
	return n, nil
}

var predefined = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// ref expands the reference at offset o (at '&') onto scratch and returns
// its length in the input.
func (d *Decoder) ref(o int, inAttr bool) (int, error) {
	d.fill(o + maxRefLen)
	i := d.pos + o
	buf := d.buf[i:d.end]
	if len(buf) > maxRefLen {
		buf = buf[:maxRefLen]
	}
	semi := bytes.IndexByte(buf, ';')
	bad := func() (int, error) {
		end := semi + 1
		if semi < 0 {
			end = len(buf)
			for k := 1; k < end; k++ {
				if c := buf[k]; c < 0x80 && !nameByte[c] && c != '#' {
					end = k
					break
				}
			}
			if end == len(buf) && d.rerr == io.EOF {
				return 0, d.eofErr(d.end, "")
			}
			return 0, d.errAt(i, "invalid character entity %s (no semicolon)", buf[:end])
		}
		return 0, d.errAt(i, "invalid character entity %s", buf[:end])
	}
	if semi < 0 {
		return bad()
	}
	body := buf[1:semi]
	if len(body) > 0 && body[0] == '#' {
		digits := body[1:]
		base := uint32(10)
		if len(digits) > 0 && digits[0] == 'x' {
			base, digits = 16, digits[1:]
		}
		if len(digits) == 0 {
			return bad()
		}
		var r uint32
		for _, c := range digits {
			var v uint32
			switch {
			case '0' <= c && c <= '9':
				v = uint32(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				v = uint32(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				v = uint32(c-'A') + 10
			default:
				return bad()
			}
			r = r*base + v
			if r > 0x10FFFF {
				return bad()
			}
		}
		if !isChar(rune(r)) {
			return 0, d.errAt(i, "character reference to a non-character %s", buf[:semi+1])
		}
		d.scratch = appendRune(d.scratch, rune(r))
		return semi + 1, nil
	}
	if !isName(body) {
		return bad()
	}
	if c, ok := predefined[string(body)]; ok {
		d.scratch = append(d.scratch, c)
		return semi + 1, nil
	}
	v, ok := d.entities[string(body)]
	if !ok {
		return bad()
	}
	if err := checkChars(v); err != nil {
		return 0, d.errAt(i, "entity %s: %v", body, err)
	}
	d.wide(i, i+semi+1)
	if inAttr {
		for _, c := range v {
			if c == '\t' || c == '\n' || c == '\r' {
				c = ' '
			}
			d.scratch = append(d.scratch, c)
		}
	} else {
		d.scratch = append(d.scratch, v...)
	}
	return semi + 1, nil
}

// checkChars checks that b is UTF-8 made of XML characters.
func checkChars(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return fmt.Errorf("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, n := decodeRune(b[i:])
		if n == 0 {
			return errors.New("invalid UTF-8")
		}
		if !isChar(r) {
			return fmt.Errorf("illegal character code %U", r)
		}
		i += n
	}
	return nil
}

func (d *Decoder) endTag() (Kind, error) {
	// fast path: the name of the open element, then '>'
	if n := len(d.stack); n > 0 {
		top := d.stack[n-1]
		if e := d.pos + 2 + len(top.raw); e < d.end && d.buf[e] == '>' && string(d.buf[d.pos+2:e]) == top.raw {
			if top.cont > 0 {
				d.colBase += int64(top.cont)
				d.contEnd = d.base + int64(e)
			}
			d.pos = e + 1
			d.attrs = d.attrs[:0]
			d.selfClose = false
			d.pop()
			return EndElement, nil
		}
	}
	q, off, err := d.name(2)
	if err != nil {
		return None, err
	}
	if q == nil {
		return None, d.errAt(d.pos+2, "expected element name after </")
	}
	if q.colons {
		return None, d.errAt(d.pos+2, "name %s has more than one colon", q.raw)
	}
	off = d.space(off)
	b, ok := d.at(off)
	if !ok {
		return None, d.eofErr(d.pos+off, "")
	}
	if b != '>' {
		return None, d.errAt(d.pos+off, "invalid characters between </%s and >", q.raw)
	}
	if len(d.stack) == 0 {
		return None, d.errTok("unexpected end tag")
	}
	if top := d.stack[len(d.stack)-1]; top != q && top.raw != q.raw {
		return None, d.errTok("end tag </%s> does not match <%s>", q.raw, top.raw)
	}
	d.pos += off + 1
	d.attrs = d.attrs[:0]
	d.selfClose = false
	d.pop()
	return EndElement, nil
}
