package xmlschema

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

const cyrXSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:т" xmlns="urn:т" elementFormDefault="qualified">
 <xs:element name="Запрос"><xs:complexType><xs:sequence>
  <xs:element name="Дата" type="xs:date" maxOccurs="unbounded"/>
  <xs:element name="Номер" minOccurs="0"><xs:complexType><xs:attribute name="вид" type="xs:int"/></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
</xs:schema>`

// TestColumnsCountCharacters: the column of a validation error and of a
// syntax error is 1-based, counted in characters (a tab, a Cyrillic
// letter, an emoji are one each), and points at the start tag the error
// is about (¤), whatever precedes it on its line (§ stands for that, or
// goes before ¤).
func TestColumnsCountCharacters(t *testing.T) {
	s := mustCompile(t, cyrXSD)
	prefixes := []string{"", "\t\t\t<!--жжжж-->", "<!--😀-->", "\t<!--ёж 😀\t-->\t"}
	cases := []struct {
		name, doc, rule string // rule "": an *XMLError
	}{
		{"value", "<Запрос xmlns='urn:т'>\n\t¤<Дата>12.05.1979</Дата>\n</Запрос>", "cvc-datatype-valid"},
		{"attribute", "<Запрос xmlns='urn:т'>\n\t<Дата>1979-05-12</Дата>¤<Номер вид='х'/>\n</Запрос>", "cvc-datatype-valid"},
		{"unexpected element", "<Запрос xmlns='urn:т'>\n\t<Дата>1979-05-12</Дата>¤<Лишний/>\n</Запрос>", "cvc-complex-type.2.4"},
		{"missing element", "<Запрос xmlns='urn:т'>\n\t¤<Запрос/>\n</Запрос>", "cvc-complex-type.2.4"},
		{"syntax", "<Запрос xmlns='urn:т'>\n\t§<Дата>1979-05-12¤</Дат>\n</Запрос>", ""},
		{"syntax after a name", "<Запрос xmlns='urn:т'>\n\t§<Дата ж='ё' жж¤>1979-05-12</Дата>\n</Запрос>", ""},
		{"undeclared prefix", "<Запрос xmlns='urn:т'>\n\t¤<п:Дата/>\n</Запрос>", ""},
	}
	for _, c := range cases {
		for _, prefix := range prefixes {
			doc := c.doc
			if strings.Contains(doc, "§") {
				doc = strings.Replace(doc, "§", prefix, 1)
			} else {
				doc = strings.Replace(doc, "¤", prefix+"¤", 1)
			}
			i := strings.Index(doc, "¤")
			ls := strings.LastIndexByte(doc[:i], '\n') + 1
			line, col := strings.Count(doc[:i], "\n")+1, utf8.RuneCountInString(doc[ls:i])+1
			doc = doc[:i] + doc[i+len("¤"):]
			res, err := s.Validate(strings.NewReader(doc), nil)
			gotLine, gotCol := -1, -1
			if c.rule == "" {
				var xe *XMLError
				if !errors.As(err, &xe) {
					t.Errorf("%s, %q: %v, want an XMLError", c.name, prefix, err)
					continue
				}
				gotLine, gotCol = xe.Line, xe.Column
				if c.name != "undeclared prefix" {
					var we *XMLError
					if !errors.As(WellFormed(strings.NewReader(doc)), &we) || we.Line != line || we.Column != col {
						t.Errorf("%s, %q: WellFormed says %v, want %d:%d", c.name, prefix, we, line, col)
					}
				}
			} else {
				if err != nil {
					t.Fatalf("%s, %q: %v", c.name, prefix, err)
				}
				for _, e := range res.Errors {
					if strings.HasPrefix(e.Rule, c.rule) {
						gotLine, gotCol = e.Line, e.Column
						break
					}
				}
			}
			if gotLine != line || gotCol != col {
				t.Errorf("%s, prefix %q: error at %d:%d, want %d:%d", c.name, prefix, gotLine, gotCol, line, col)
			}
		}
	}
}
