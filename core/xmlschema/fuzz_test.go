package xmlschema

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"
)

const fuzzSchema = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:f" xmlns="urn:f" elementFormDefault="qualified">
<xs:element name="r"><xs:complexType><xs:sequence>
 <xs:element name="a" type="xs:int" minOccurs="0" maxOccurs="1000"/>
 <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="b" type="xs:date"/><xs:any namespace="##other" processContents="lax"/></xs:choice>
 <xs:element name="c" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[\p{Lu}-[A]]\d{2,5}"/></xs:restriction></xs:simpleType></xs:element>
</xs:sequence><xs:attribute name="id" type="xs:ID"/><xs:anyAttribute namespace="##local" processContents="skip"/></xs:complexType>
<xs:unique name="u"><xs:selector xpath="a"/><xs:field xpath="."/></xs:unique></xs:element>
</xs:schema>`

func FuzzCompile(f *testing.F) {
	f.Add([]byte(fuzzSchema))
	f.Add([]byte(reqXSD))
	f.Add([]byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="t"><xs:sequence minOccurs="0" maxOccurs="99999"><xs:sequence maxOccurs="99999"><xs:element name="a" maxOccurs="99999"/></xs:sequence></xs:sequence></xs:complexType></xs:schema>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Compile(fstest.MapFS{"s.xsd": {Data: data}}, "s.xsd", nil)
		if err != nil {
			return
		}
		s.Validate(bytes.NewReader([]byte(`<r xmlns="urn:f"><a>1</a></r>`)), nil)
	})
}

func FuzzValidate(f *testing.F) {
	s, err := Compile(fstest.MapFS{"s.xsd": {Data: []byte(fuzzSchema)}}, "s.xsd", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`<r xmlns="urn:f" id="x"><a>1</a><a>2</a><b>2024-01-01</b><o:x xmlns:o="urn:o"/><c>B12</c></r>`))
	f.Add([]byte(`<r xmlns="urn:f"><a>1</a><a>1</a><c>A1</c></r>`))
	f.Add([]byte(`<!DOCTYPE r [<!ENTITY e "1">]><r xmlns="urn:f"><a>&e;</a></r>`))
	// content-model resynchronisation: elements out of place, unknown, repeated
	f.Add([]byte(`<r xmlns="urn:f"><c>B12</c><a>1</a><b>2024-01-01</b><zz/><c>B1</c><a>x</a></r>`))
	f.Add([]byte(`<r xmlns="urn:f"><a>1</a><c>B12</c><c>B13</c><b>2024-01-01</b></r>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := s.Validate(bytes.NewReader(data), &ValidateOptions{MaxDepth: 256})
		var xe *XMLError
		if errors.As(err, &xe) && xe.MessageRU == "" {
			t.Errorf("XMLError without Russian text: %v", xe)
		}
	})
}

func FuzzRegexp(f *testing.F) {
	for _, p := range []string{`\d{3}`, `[a-z-[aeiou]]`, `\p{IsCyrillic}*`, `(a|b){2,5}`, `[\i-[:]][\c-[:]]*`, `[^\p{P}]?`} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, pat string) {
		re, err := CompileRegexp(pat)
		if err != nil {
			return
		}
		re.MatchString("abc123")
	})
}
