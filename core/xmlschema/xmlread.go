package xmlschema

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/xmltok"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const (
	xsdNS = "http://www.w3.org/2001/XMLSchema"
	xsiNS = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNS = "http://www.w3.org/XML/1998/namespace"
)

// errLimit is returned when a document exceeds a size limit.
var errLimit = errors.New("document exceeds the size limit")

type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errLimit
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "windows-1251", "cp1251", "x-cp1251":
		return charmap.Windows1251.NewDecoder().Reader(in), nil
	case "koi8-r":
		return charmap.KOI8R.NewDecoder().Reader(in), nil
	case "iso-8859-1", "latin1", "iso_8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-5":
		return charmap.ISO8859_5.NewDecoder().Reader(in), nil
	case "cp866", "ibm866":
		return charmap.CodePage866.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	case "utf-16", "utf16":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// newDecoder makes a strict decoder that never fetches anything.
func newDecoder(r io.Reader, max int64) *xml.Decoder {
	r = sniffUTF16(&limitReader{r: r, n: max})
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = charsetReader
	d.Entity = map[string]string{}
	return d
}

// sniffUTF16 converts a UTF-16 document (recognised by its BOM) to UTF-8
// and strips a UTF-8 BOM.
func sniffUTF16(r io.Reader) io.Reader {
	var head [3]byte
	n, _ := io.ReadFull(r, head[:])
	b := head[:n]
	rest := io.MultiReader(bytes.NewReader(b), r)
	switch {
	case n >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return &declStripper{r: dec.Reader(rest)}
	case n == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return r
	}
	return rest
}

// declStripper drops the encoding pseudo-attribute of a document already
// converted to UTF-8, so that encoding/xml does not convert it again.
type declStripper struct {
	r    io.Reader
	done bool
	buf  []byte
}

var encDecl = regexp.MustCompile(`^(<\?xml[^?]*?)\s+encoding\s*=\s*["'][^"']*["']`)

func (s *declStripper) Read(p []byte) (int, error) {
	if !s.done {
		s.done = true
		head := make([]byte, 512)
		n, err := io.ReadFull(s.r, head)
		head = head[:n]
		head = encDecl.ReplaceAll(head, []byte("$1"))
		s.buf = head
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(s.buf) > 0 {
		n := copy(p, s.buf)
		s.buf = s.buf[n:]
		return n, nil
	}
	return s.r.Read(p)
}

// openDocument limits r to max bytes and converts a UTF-16 document
// (recognised by its BOM) to UTF-8; a UTF-8 BOM is left for the tokenizer.
func openDocument(r io.Reader, max int64) io.Reader {
	r = &limitReader{r: r, n: max}
	var head [2]byte
	n, _ := io.ReadFull(r, head[:])
	b := head[:n]
	rest := io.MultiReader(bytes.NewReader(b), r)
	if n == 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return &declStripper{r: dec.Reader(rest)}
	}
	return rest
}

// doctypeEntities declares the internal general entities of a DOCTYPE body
// (as encoding/xml returns it) with set; external ones are never fetched
// (a reference to one is an error), nor are values with markup or
// references.
func doctypeEntities(dir []byte, set func(name, value string)) {
	if !bytes.HasPrefix(dir, []byte("DOCTYPE")) {
		return
	}
	for _, m := range entityDecl.FindAllSubmatch(dir, -1) {
		v := m[3]
		if v == nil {
			v = m[4]
		}
		if bytes.ContainsAny(v, "<&") {
			continue
		}
		set(string(m[1]), string(v))
	}
}

var entityDecl = regexp.MustCompile(`<!ENTITY\s+([^\s%]+)\s+("([^"]*)"|'([^']*)')\s*>`)

// doctype records the internal general entities of a DOCTYPE directive;
// external ones are never fetched (a reference to one is an error).
func doctype(d *xml.Decoder, dir []byte) {
	if !bytes.HasPrefix(dir, []byte("DOCTYPE")) {
		return
	}
	doctypeEntities(dir, func(name, value string) { d.Entity[name] = value })
}

// nsScope is one level of namespace bindings.
type nsScope struct {
	parent *nsScope
	m      map[string]string
}

func (s *nsScope) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return xmlNS, true
	}
	for ; s != nil; s = s.parent {
		if u, ok := s.m[prefix]; ok {
			return u, true
		}
	}
	if prefix == "" {
		return "", true
	}
	return "", false
}

// push returns the scope for an element with the given raw attributes.
func (s *nsScope) push(attrs []xml.Attr) *nsScope {
	var m map[string]string
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			if m == nil {
				m = map[string]string{}
			}
			if a.Name.Space == "" {
				m[""] = a.Value
			} else {
				m[a.Name.Local] = a.Value
			}
		}
	}
	if m == nil {
		return s
	}
	return &nsScope{parent: s, m: m}
}

// pushTok returns the scope for an element with the given attributes.
func (s *nsScope) pushTok(attrs []xmltok.Attr) *nsScope {
	var m map[string]string
	for _, a := range attrs {
		if a.Name.Prefix == "xmlns" || a.Name.Prefix == "" && a.Name.Local == "xmlns" {
			if m == nil {
				m = map[string]string{}
			}
			if a.Name.Prefix == "" {
				m[""] = string(a.Value)
			} else {
				m[a.Name.Local] = string(a.Value)
			}
		}
	}
	if m == nil {
		return s
	}
	return &nsScope{parent: s, m: m}
}

// QName is an expanded name.
type QName struct{ NS, Local string }

func (q QName) String() string {
	if q.NS == "" {
		return q.Local
	}
	return "{" + q.NS + "}" + q.Local
}

// resolveQName resolves a lexical QName in scope.
func (s *nsScope) resolveQName(v string) (QName, bool) {
	v = strings.TrimSpace(v)
	p, l, ok := strings.Cut(v, ":")
	if !ok {
		l, p = p, ""
	}
	if !isNCName(l) || p != "" && !isNCName(p) {
		return QName{}, false
	}
	u, ok := s.lookup(p)
	if !ok {
		return QName{}, false
	}
	return QName{u, l}, true
}

// node is an element of a schema document.
type node struct {
	name     QName
	attrs    []xml.Attr // unprefixed and prefixed, raw
	children []*node
	text     string
	line     int
	scope    *nsScope
	doc      *schemaDoc
	override map[string]QName // redefine: attribute → forced QName
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) attrDef(name, def string) string {
	if v, ok := n.attr(name); ok {
		return v
	}
	return def
}

// xsChildren returns the children in the XSD namespace other than annotations.
func (n *node) xsChildren() []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.NS == xsdNS && c.name.Local != "annotation" {
			out = append(out, c)
		}
	}
	return out
}

func (n *node) child(local string) *node {
	for _, c := range n.children {
		if c.name.NS == xsdNS && c.name.Local == local {
			return c
		}
	}
	return nil
}

// parseTree reads a whole (schema) document into nodes.
func parseTree(r io.Reader, max int64, doc *schemaDoc) (*node, error) {
	d := newDecoder(r, max)
	var stack []*node
	var root *node
	scope := &nsScope{}
	scopes := []*nsScope{}
	for {
		line, _ := d.InputPos()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, fmt.Errorf("line %d: extra content after the document element", line)
			}
			if len(stack) > 1000 {
				return nil, fmt.Errorf("line %d: nesting too deep", line)
			}
			scopes = append(scopes, scope)
			scope = scope.push(t.Attr)
			u, ok := scope.lookup(t.Name.Space)
			if !ok {
				return nil, fmt.Errorf("line %d: undeclared prefix %q", line, t.Name.Space)
			}
			nline, _ := d.InputPos()
			_ = nline
			n := &node{name: QName{u, t.Name.Local}, attrs: append([]xml.Attr(nil), t.Attr...), line: line, scope: scope, doc: doc}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("line %d: unexpected end tag", line)
			}
			top := stack[len(stack)-1]
			if u, _ := scope.lookup(t.Name.Space); top.name != (QName{u, t.Name.Local}) {
				return nil, fmt.Errorf("line %d: end tag does not match %s", line, top.name.Local)
			}
			stack = stack[:len(stack)-1]
			scope = scopes[len(scopes)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if len(stack) > 0 && len(stack[len(stack)-1].text) < 1<<20 {
				stack[len(stack)-1].text += string(t)
			}
		case xml.Directive:
			doctype(d, t)
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}
