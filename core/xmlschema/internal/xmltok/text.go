package xmltok

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// decodeRune decodes one UTF-8 sequence; n is 0 when it is invalid.
func decodeRune(b []byte) (rune, int) {
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError && n <= 1 {
		return r, 0
	}
	return r, n
}

func appendRune(b []byte, r rune) []byte { return utf8.AppendRune(b, r) }

// chars reads character data inside the document element, up to the next
// markup or about chunkBytes of it.
func (d *Decoder) chars() (Kind, error) {
	o := 0    // scan offset from pos
	mark := 0 // copy mode: input from mark on is not yet in scratch
	copying := false
	d.scratch = d.scratch[:0]
	for {
		i := d.pos + o
		buf := d.buf[:d.end]
		for i < len(buf) && textClass[buf[i]] == cPlain {
			i++
		}
		o = i - d.pos
		if i == len(buf) {
			if o > 0 {
				return d.emitText(o, mark, copying)
			}
			if !d.fill(1) {
				return d.emitText(o, mark, copying) // end of input: Next reports it
			}
			continue
		}
		b := buf[i]
		switch textClass[b] {
		case cLT:
			return d.emitText(o, mark, copying)
		case cLF:
			d.newline(i)
			o++
			continue
		case cCtl:
			return None, d.errAt(i, "illegal character code %U", rune(b))
		case cHigh:
			// runs of two-byte characters (Cyrillic) without a call
			run := i
			for b >= 0xC2 && b <= 0xDF && i+1 < len(buf) && buf[i+1]&0xC0 == 0x80 {
				i += 2
				if i == len(buf) {
					break
				}
				b = buf[i]
			}
			if i > run {
				d.colBase += int64(i-run) / 2
				d.contEnd = d.base + int64(i)
			}
			if i == len(buf) || b < 0x80 {
				o = i - d.pos
				continue
			}
			o = i - d.pos
			if i+4 > len(buf) && o > 0 && d.rerr == nil {
				return d.emitText(o, mark, copying)
			}
			n, err := d.char(o)
			if err != nil {
				return None, err
			}
			o += n
			continue
		case cBracket:
			if i+3 > len(buf) && d.rerr == nil {
				if o > 0 {
					return d.emitText(o, mark, copying)
				}
				d.fill(3)
				continue
			}
			if i+2 < len(buf) && buf[i+1] == ']' && buf[i+2] == '>' {
				return None, d.errAt(i+2, "unescaped ]]> not in CDATA section")
			}
			o++
			continue
		case cCR:
			if i+2 > len(buf) && d.rerr == nil {
				if o > 0 {
					return d.emitText(o, mark, copying)
				}
				d.fill(2)
				continue
			}
			d.scratch = append(d.scratch, d.buf[d.pos+mark:i]...)
			d.scratch = append(d.scratch, '\n')
			copying = true
			o++
			if i+1 < len(buf) && buf[i+1] == '\n' {
				d.newline(i + 1)
				o++
			}
		case cAmp:
			if i+maxRefLen > len(buf) && o > 0 && d.rerr == nil {
				return d.emitText(o, mark, copying)
			}
			d.scratch = append(d.scratch, d.buf[d.pos+mark:i]...)
			copying = true
			n, err := d.ref(o, false)
			if err != nil {
				return None, err
			}
			o += n
		}
		mark = o
		if len(d.scratch) >= chunkBytes {
			return d.emitText(o, mark, copying)
		}
	}
}

// emitText ends a CharData token of o input bytes.
func (d *Decoder) emitText(o, mark int, copying bool) (Kind, error) {
	if copying {
		d.scratch = append(d.scratch, d.buf[d.pos+mark:d.pos+o]...)
		d.text = d.scratch
	} else {
		d.text = d.buf[d.pos : d.pos+o : d.pos+o]
	}
	d.pos += o
	if len(d.text) == 0 && o == 0 {
		// nothing read: the input ended; let Next report it
		return d.next()
	}
	return CharData, nil
}

// cdata reads (a chunk of) a CDATA section; pos is after "<![CDATA[" or
// inside the section.
func (d *Decoder) cdata() (Kind, error) {
	d.inCDATA = true
	o, mark := 0, 0
	copying := false
	d.scratch = d.scratch[:0]
	for {
		i := d.pos + o
		buf := d.buf[:d.end]
		for i < len(buf) {
			c := textClass[buf[i]]
			if c != cPlain && c != cLT && c != cAmp {
				break
			}
			i++
		}
		o = i - d.pos
		if i == len(buf) {
			if o > 0 {
				return d.emitCDATA(o, mark, copying, false)
			}
			if !d.fill(1) {
				return None, d.eofErr(d.end, " in CDATA section")
			}
			continue
		}
		if i+4 > len(buf) && d.rerr == nil {
			if o > 0 {
				return d.emitCDATA(o, mark, copying, false)
			}
			d.fill(4)
			continue
		}
		b := buf[i]
		switch textClass[b] {
		case cLF:
			d.newline(i)
			o++
			continue
		case cCtl:
			return None, d.errAt(i, "illegal character code %U", rune(b))
		case cHigh:
			n, err := d.char(o)
			if err != nil {
				return None, err
			}
			o += n
			continue
		case cBracket:
			if i+2 < len(buf) && buf[i+1] == ']' && buf[i+2] == '>' {
				return d.emitCDATA(o, mark, copying, true)
			}
			o++
			continue
		case cCR:
			d.scratch = append(d.scratch, d.buf[d.pos+mark:i]...)
			d.scratch = append(d.scratch, '\n')
			copying = true
			o++
			if i+1 < len(buf) && buf[i+1] == '\n' {
				d.newline(i + 1)
				o++
			}
		}
		mark = o
		if len(d.scratch) >= chunkBytes {
			return d.emitCDATA(o, mark, copying, false)
		}
	}
}

func (d *Decoder) emitCDATA(o, mark int, copying, last bool) (Kind, error) {
	if copying {
		d.scratch = append(d.scratch, d.buf[d.pos+mark:d.pos+o]...)
		d.text = d.scratch
	} else {
		d.text = d.buf[d.pos : d.pos+o : d.pos+o]
	}
	d.pos += o
	if last {
		d.pos += 3
		d.inCDATA = false
	}
	return CharData, nil
}

// bang reads markup starting with "<!".
func (d *Decoder) bang() (Kind, error) {
	rest := d.buf[d.pos+2 : d.end]
	switch {
	case bytes.HasPrefix(rest, []byte("--")):
		return d.comment()
	case bytes.HasPrefix(rest, []byte("[CDATA[")):
		if len(d.stack) == 0 {
			return None, d.errTok("CDATA section outside the document element")
		}
		d.pos += 9
		return d.cdata()
	case bytes.HasPrefix(rest, []byte("DOCTYPE")) && len(rest) > 7 && isSpace(rest[7]):
		return d.doctypeDecl()
	}
	if d.rerr != nil && (bytes.HasPrefix([]byte("--"), rest) || bytes.HasPrefix([]byte("[CDATA["), rest) || bytes.HasPrefix([]byte("DOCTYPE"), rest)) {
		return None, d.eofErr(d.end, "")
	}
	return None, d.errTok("invalid markup after <!")
}

// comment skips a comment; pos is at "<!--".
func (d *Decoder) comment() (Kind, error) {
	d.pos += 4
	for {
		if d.end-d.pos < 4 && !d.fill(4) && d.pos >= d.end {
			return None, d.eofErr(d.end, "")
		}
		b := d.buf[d.pos]
		switch {
		case b == '-':
			if d.pos+1 < d.end && d.buf[d.pos+1] == '-' {
				if d.pos+2 < d.end && d.buf[d.pos+2] == '>' {
					d.pos += 3
					return Comment, nil
				}
				if d.pos+2 >= d.end {
					return None, d.eofErr(d.end, "")
				}
				return None, d.errAt(d.pos, `invalid sequence "--" not allowed in comments`)
			}
			d.pos++
		case b == '\n':
			d.newline(d.pos)
			d.pos++
		case b >= 0x80:
			n, err := d.char(0)
			if err != nil {
				return None, inContext(err, " in a comment")
			}
			d.pos += n
		case b < 0x20 && b != '\t' && b != '\r':
			return None, d.errAt(d.pos, "illegal character code %U in a comment", rune(b))
		default:
			d.pos++
		}
	}
}

// inContext adds where to the message of a syntax error.
func inContext(err error, where string) error {
	if se, ok := err.(*SyntaxError); ok {
		se.Msg += where
	}
	return err
}

// procInst reads a processing instruction; pos is at "<?".
func (d *Decoder) procInst() (Kind, error) {
	q, off, err := d.name(2)
	if err != nil {
		return None, err
	}
	if q == nil {
		return None, d.errAt(d.pos+2, "expected target name after <?")
	}
	if strings.EqualFold(q.raw, "xml") {
		if q.raw == "xml" {
			return None, d.errTok("XML declaration allowed only at the start of the document")
		}
		return None, d.errTok("processing instruction target %s is reserved", q.raw)
	}
	d.cur = q
	b, ok := d.at(off)
	if !ok {
		return None, d.eofErr(d.pos+off, "")
	}
	if b == '?' {
		if c, ok := d.at(off + 1); !ok || c != '>' {
			return None, d.errAt(d.pos+off, "white space expected after the target of a processing instruction")
		}
	} else if !isSpace(b) {
		return None, d.errAt(d.pos+off, "white space expected after the target of a processing instruction")
	}
	d.pos += off
	for {
		if d.end-d.pos < 4 && !d.fill(4) && d.pos >= d.end {
			return None, d.eofErr(d.end, "")
		}
		b := d.buf[d.pos]
		switch {
		case b == '?':
			if d.pos+1 >= d.end {
				return None, d.eofErr(d.end, "")
			}
			if d.buf[d.pos+1] == '>' {
				d.pos += 2
				return ProcInst, nil
			}
			d.pos++
		case b == '\n':
			d.newline(d.pos)
			d.pos++
		case b >= 0x80:
			n, err := d.char(0)
			if err != nil {
				return None, inContext(err, " in a processing instruction")
			}
			d.pos += n
		case b < 0x20 && b != '\t' && b != '\r':
			return None, d.errAt(d.pos, "illegal character code %U in a processing instruction", rune(b))
		default:
			d.pos++
		}
	}
}

// doctypeDecl reads <!DOCTYPE ...> as encoding/xml reads a directive:
// quoted strings and nested <...> are skipped, comments become a space.
func (d *Decoder) doctypeDecl() (Kind, error) {
	if d.rootSeen {
		return None, d.errTok("DOCTYPE after the document element")
	}
	if d.doctype {
		return None, d.errTok("more than one DOCTYPE")
	}
	d.doctype = true
	d.pos += 2
	d.scratch = d.scratch[:0]
	var inquote byte
	depth := 0
	for {
		if d.end-d.pos < 4 && !d.fill(4) && d.pos >= d.end {
			return None, d.eofErr(d.end, "")
		}
		if len(d.scratch) > d.opt.MaxTokenBytes {
			return None, d.errTok("DOCTYPE larger than %d bytes", d.opt.MaxTokenBytes)
		}
		b := d.buf[d.pos]
		switch {
		case b == '\n':
			d.newline(d.pos)
		case b >= 0x80:
			n, err := d.char(0)
			if err != nil {
				return None, inContext(err, " in the DOCTYPE")
			}
			d.scratch = append(d.scratch, d.buf[d.pos:d.pos+n]...)
			d.pos += n
			continue
		case b < 0x20 && b != '\t' && b != '\r':
			return None, d.errAt(d.pos, "illegal character code %U in the DOCTYPE", rune(b))
		}
		switch {
		case inquote != 0:
			if b == inquote {
				inquote = 0
			}
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			if depth == 0 {
				d.pos++
				d.text = d.scratch
				return Doctype, nil
			}
			depth--
		case b == '<':
			if d.pos+3 < d.end && string(d.buf[d.pos+1:d.pos+4]) == "!--" {
				if _, err := d.comment(); err != nil {
					return None, err
				}
				d.scratch = append(d.scratch, ' ')
				continue
			}
			depth++
		}
		d.scratch = append(d.scratch, b)
		d.pos++
	}
}

// xmlDecl reads the XML declaration at pos: version 1.x, an optional
// encoding (other than UTF-8 it needs Options.CharsetReader) and an
// optional standalone.
func (d *Decoder) xmlDecl() error {
	var end int
	for {
		if k := bytes.Index(d.buf[d.pos:d.end], []byte("?>")); k >= 0 {
			end = d.pos + k
			break
		}
		if !d.fill(d.end - d.pos + 1) {
			if d.rerr == io.EOF {
				return d.eofErr(d.end, "")
			}
			return d.rerr
		}
	}
	decl := d.buf[d.pos+5 : end]
	for i := d.pos; i < end; i++ {
		if d.buf[i] == '\n' {
			d.newline(i)
		}
	}
	bad := func(what string) error { return d.errTok("malformed XML declaration: %s", what) }
	var vals [3]string
	names := [3]string{"version", "encoding", "standalone"}
	next := 0
	for {
		n := 0
		for n < len(decl) && isSpace(decl[n]) {
			n++
		}
		decl = decl[n:]
		if len(decl) == 0 {
			break
		}
		if n == 0 {
			return bad("white space expected")
		}
		k := bytes.IndexAny(decl, " \t\r\n=")
		if k < 0 {
			return bad("expected =")
		}
		key := string(decl[:k])
		decl = bytes.TrimLeft(decl[k:], " \t\r\n")
		if len(decl) == 0 || decl[0] != '=' {
			return bad("expected =")
		}
		decl = bytes.TrimLeft(decl[1:], " \t\r\n")
		if len(decl) == 0 || decl[0] != '"' && decl[0] != '\'' {
			return bad("expected a quoted value")
		}
		q := bytes.IndexByte(decl[1:], decl[0])
		if q < 0 {
			return bad("unterminated value")
		}
		val := string(decl[1 : 1+q])
		decl = decl[2+q:]
		found := false
		for next < 3 {
			if names[next] == key {
				found = true
				vals[next] = val
				next++
				break
			}
			next++
		}
		if !found {
			return bad("unexpected " + key)
		}
	}
	if !validVersion(vals[0]) {
		if vals[0] == "" {
			return bad("version expected")
		}
		return d.errTok("unsupported XML version %q", vals[0])
	}
	if s := vals[2]; s != "" && s != "yes" && s != "no" {
		return bad("standalone must be yes or no")
	}
	d.pos = end + 2
	enc := vals[1]
	if enc == "" || strings.EqualFold(enc, "utf-8") {
		return nil
	}
	if !validEncName(enc) {
		return bad("invalid encoding name")
	}
	if d.opt.CharsetReader == nil {
		return d.errTok("encoding %q declared but no charset reader given", enc)
	}
	rest := io.MultiReader(bytes.NewReader(bytes.Clone(d.buf[d.pos:d.end])), d.r)
	nr, err := d.opt.CharsetReader(enc, rest)
	if err != nil {
		return d.errTok("opening charset %q: %v", enc, err)
	}
	d.r = nr
	d.base += int64(d.pos)
	d.end, d.pos = 0, 0
	d.rerr = nil
	return nil
}

func validVersion(v string) bool {
	if len(v) < 3 || v[:2] != "1." {
		return false
	}
	for _, c := range []byte(v[2:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func validEncName(s string) bool {
	for i, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return s != ""
}
