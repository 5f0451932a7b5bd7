package xmlschema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestEncodingsMatchXmllint validates documents in every supported
// encoding (declared, or by BOM) against a schema whose pattern needs the
// Cyrillic letters decoded right, and compares each verdict with xmllint.
func TestEncodingsMatchXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:element name="r"><xs:complexType><xs:sequence><xs:element name="w" maxOccurs="9">
<xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[А-Яа-яЁё]+"/></xs:restriction></xs:simpleType>
</xs:element></xs:sequence><xs:attribute name="a" type="xs:string" fixed="Ж ж"/></xs:complexType></xs:element></xs:schema>`
	s := mustCompile(t, xsd)
	dir := t.TempDir()
	xsdFile := filepath.Join(dir, "s.xsd")
	if err := os.WriteFile(xsdFile, []byte(xsd), 0o644); err != nil {
		t.Fatal(err)
	}
	encs := []struct {
		label string
		enc   encoding.Encoding
		bom   bool // UTF-16: BOM instead of a declared encoding the decoder honours
	}{
		{"UTF-8", encoding.Nop, false},
		{"windows-1251", charmap.Windows1251, false},
		{"KOI8-R", charmap.KOI8R, false},
		{"IBM866", charmap.CodePage866, false},
		{"ISO-8859-5", charmap.ISO8859_5, false},
		{"UTF-16", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), true},
		{"UTF-16", unicode.UTF16(unicode.BigEndian, unicode.UseBOM), true},
	}
	bodies := []struct {
		body  string
		valid bool
	}{
		{"<r a='Ж\tж'>\n<w>Привет</w><w>ёлка</w>\n</r>", true},
		{"<r a='Ж ж'>\n<w>Привет</w>\n<w>hello</w></r>", false},
		{"<r a='Ж  ж'><w>Привет</w></r>", false},
	}
	for _, e := range encs {
		for i, b := range bodies {
			doc, err := e.enc.NewEncoder().String("<?xml version=\"1.0\" encoding=\"" + e.label + "\"?>\n" + b.body)
			if err != nil {
				t.Fatal(err)
			}
			res, verr := s.Validate(strings.NewReader(doc), nil)
			if verr != nil {
				t.Errorf("%s #%d: %v", e.label, i, verr)
				continue
			}
			f := filepath.Join(dir, "d.xml")
			if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			_, lerr := oracle.Run(nil, "xmllint", "--noout", "--schema", xsdFile, f)
			if res.Valid() != (lerr == nil) || res.Valid() != b.valid {
				t.Errorf("%s #%d: ours valid=%v %v, xmllint %v, want %v", e.label, i, res.Valid(), res.Errors, lerr, b.valid)
			}
			if wantLine := []int{0, 4, 2}[i]; !b.valid && (len(res.Errors) == 0 || res.Errors[0].Line != wantLine) {
				t.Errorf("%s #%d: error on line %d", e.label, i, res.Errors[0].Line)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	s := mustCompile(t, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:string"/></xs:schema>`)
	for _, c := range []struct {
		doc, msg  string
		line, col int
		o         *ValidateOptions
	}{
		{"<a>" + strings.Repeat("x", 1000) + "</a>", "document larger than 100 bytes", 1, 101, &ValidateOptions{MaxBytes: 100}},
		{"<?xml version='1.0' encoding='EBCDIC-X'?><a/>", `opening charset "EBCDIC-X"`, 1, 1, nil},
		{"<a>\n  <b></a>", "end tag </a> does not match <b>", 2, 6, nil},
		{"<a/>\n<a/>", "extra content after the document element", 2, 1, nil},
		{"<p:a/>", `undeclared namespace prefix "p"`, 1, 1, nil},
		{"<a x='1' xmlns:p='u' p:x='2' xmlns:q='u' q:x='3'/>", "attribute x given twice", 1, 1, nil},
		{strings.Repeat("<a>", 6), "elements nested deeper than 5", 1, 16, &ValidateOptions{MaxDepth: 5}},
	} {
		_, err := s.Validate(strings.NewReader(c.doc), c.o)
		var xe *XMLError
		if !errors.As(err, &xe) {
			t.Errorf("%.40q: %v, want XMLError", c.doc, err)
			continue
		}
		if !strings.Contains(xe.Message, c.msg) || xe.Line != c.line || xe.Column != c.col {
			t.Errorf("%.40q: %d:%d %s, want %d:%d %s", c.doc, xe.Line, xe.Column, xe.Message, c.line, c.col, c.msg)
		}
	}
}
