// Package xmldoc holds the XML helpers of the editor: safe parsing (no DTD
// fetching, no external entities, depth and size limits), pretty-printing
// that keeps all content and comments, placeholder filling, and
// offset ↔ line:column conversion.
package xmldoc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/charmap"
)

// Limits bound what Parse accepts.
type Limits struct {
	MaxBytes int64 // default 64 MiB
	MaxDepth int   // default 1024
}

// ErrLimit is returned when a document exceeds a limit.
var ErrLimit = errors.New("xmldoc: document exceeds a limit")

// ErrDTD is returned for a document with a DOCTYPE that declares external
// entities.
var ErrDTD = errors.New("xmldoc: external entities are not allowed")

func (l *Limits) norm() Limits {
	o := Limits{MaxBytes: 64 << 20, MaxDepth: 1024}
	if l != nil {
		if l.MaxBytes > 0 {
			o.MaxBytes = l.MaxBytes
		}
		if l.MaxDepth > 0 {
			o.MaxDepth = l.MaxDepth
		}
	}
	return o
}

func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii":
		return in, nil
	case "windows-1251", "cp1251":
		return charmap.Windows1251.NewDecoder().Reader(in), nil
	case "koi8-r":
		return charmap.KOI8R.NewDecoder().Reader(in), nil
	case "iso-8859-1", "latin1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("xmldoc: unsupported encoding %q", label)
}

var externalEntity = regexp.MustCompile(`<!ENTITY\s+%?\s*\S+\s+(SYSTEM|PUBLIC)\b`)

// Check verifies that data is well-formed within the limits, without
// fetching anything.
func Check(data []byte, lim *Limits) error {
	l := lim.norm()
	if int64(len(data)) > l.MaxBytes {
		return ErrLimit
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charsetReader
	d.Entity = map[string]string{}
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return errors.New("xmldoc: unexpected end of document")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > l.MaxDepth {
				return ErrLimit
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			if externalEntity.Match(t) {
				return ErrDTD
			}
		}
	}
}

// Parse checks data (see Check) and reads it into an etree document.
func Parse(data []byte, lim *Limits) (*etree.Document, error) {
	if err := Check(data, lim); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = charsetReader
	doc.ReadSettings.Entity = map[string]string{}
	doc.ReadSettings.PreserveCData = true
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, err
	}
	return doc, nil
}

// Pretty re-indents a document with indent spaces per level. Text, CDATA,
// comments, processing instructions and attributes are kept; only
// whitespace between elements in element-only content changes. Mixed
// content (an element with non-blank text beside child elements) is left
// as it is. The XML declaration is rewritten as UTF-8.
func Pretty(data []byte, indent int, lim *Limits) ([]byte, error) {
	doc, err := Parse(data, lim)
	if err != nil {
		return nil, err
	}
	for _, tok := range doc.Child {
		if pi, ok := tok.(*etree.ProcInst); ok && pi.Target == "xml" {
			pi.Inst = `version="1.0" encoding="UTF-8"`
		}
	}
	reindent(&doc.Element, 0, indent)
	var b bytes.Buffer
	doc.WriteSettings.CanonicalText = false
	if _, err := doc.WriteTo(&b); err != nil {
		return nil, err
	}
	out := bytes.TrimRight(b.Bytes(), "\n")
	return append(out, '\n'), nil
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func mixed(e *etree.Element) bool {
	hasElem := false
	for _, c := range e.Child {
		switch t := c.(type) {
		case *etree.CharData:
			if !isBlank(t.Data) || t.IsCData() {
				return true
			}
		case *etree.Element:
			hasElem = true
		}
	}
	return !hasElem
}

// reindent rewrites the blank text between child tokens of e.
func reindent(e *etree.Element, depth, indent int) {
	if e.Parent() != nil && mixed(e) {
		return
	}
	var kept []etree.Token
	for _, c := range e.Child {
		if cd, ok := c.(*etree.CharData); ok && isBlank(cd.Data) && !cd.IsCData() {
			continue
		}
		kept = append(kept, c)
	}
	pad := func(d int) string {
		if e.Parent() == nil && d == 0 {
			return "\n"
		}
		return "\n" + strings.Repeat(" ", d*indent)
	}
	var out []etree.Token
	childDepth := depth + 1
	if e.Parent() == nil { // the document node
		childDepth = 0
	}
	for i, c := range kept {
		if i > 0 || e.Parent() != nil {
			out = append(out, etree.NewText(pad(childDepth)))
		}
		out = append(out, c)
		if ce, ok := c.(*etree.Element); ok {
			reindent(ce, childDepth, indent)
		}
	}
	if e.Parent() != nil && len(kept) > 0 {
		out = append(out, etree.NewText(pad(depth)))
	}
	for len(e.Child) > 0 {
		e.RemoveChildAt(0)
	}
	for _, c := range out {
		e.AddChild(c)
	}
}

// Fill replaces placeholders {name} in data with values[name]; names that
// values lacks are left as they are. Values are XML-escaped. Typical names:
// orderId, guid, date, now, and applicant fields; see Defaults.
func Fill(data []byte, values map[string]string) []byte {
	return placeholder.ReplaceAllFunc(data, func(m []byte) []byte {
		v, ok := values[string(m[1:len(m)-1])]
		if !ok {
			return m
		}
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(v))
		return b.Bytes()
	})
}

var placeholder = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_.-]*\}`)

// Placeholders lists the distinct placeholder names of data in order.
func Placeholders(data []byte) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAll(data, -1) {
		n := string(m[1 : len(m)-1])
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Pos is a 1-based line and column (column counted in characters).
type Pos struct{ Line, Column int }

// Index converts between byte offsets and line:column in one text.
type Index struct {
	text  []byte
	lines []int // byte offset of each line start
}

// NewIndex indexes text (lines end with \n; \r\n counts as one end).
func NewIndex(text []byte) *Index {
	ix := &Index{text: text, lines: []int{0}}
	for i, c := range text {
		if c == '\n' {
			ix.lines = append(ix.lines, i+1)
		}
	}
	return ix
}

// Pos returns the position of a byte offset (clamped to the text).
func (ix *Index) Pos(off int) Pos {
	off = max(0, min(off, len(ix.text)))
	lo, hi := 0, len(ix.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Pos{Line: lo + 1, Column: utf8.RuneCount(ix.text[ix.lines[lo]:off]) + 1}
}

// Offset returns the byte offset of a position (clamped to its line).
func (ix *Index) Offset(p Pos) int {
	if p.Line < 1 {
		return 0
	}
	if p.Line > len(ix.lines) {
		return len(ix.text)
	}
	start := ix.lines[p.Line-1]
	end := len(ix.text)
	if p.Line < len(ix.lines) {
		end = ix.lines[p.Line] - 1
	}
	off := start
	for col := 1; col < p.Column && off < end; col++ {
		_, n := utf8.DecodeRune(ix.text[off:end])
		off += n
	}
	return off
}
