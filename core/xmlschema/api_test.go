package xmlschema

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func mustCompile(t *testing.T, xsd string) *Schema {
	t.Helper()
	s, err := Compile(fstest.MapFS{"s.xsd": {Data: []byte(xsd)}}, "s.xsd", nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return s
}

func validate(t *testing.T, s *Schema, doc string) *Result {
	t.Helper()
	res, err := s.Validate(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	return res
}

const reqXSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t" elementFormDefault="qualified">
 <xs:simpleType name="Snils"><xs:restriction base="xs:string"><xs:pattern value="\d{11}"/></xs:restriction></xs:simpleType>
 <xs:element name="EPGURequest"><xs:complexType><xs:sequence>
  <xs:element name="Applicant" maxOccurs="unbounded"><xs:complexType><xs:sequence>
   <xs:element name="Name"><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="2"/></xs:restriction></xs:simpleType></xs:element>
   <xs:element name="Snils" type="Snils"/>
  </xs:sequence><xs:attribute name="kind" type="xs:int" use="required"/></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
</xs:schema>`

func TestErrorsCarryPositionPathRule(t *testing.T) {
	s := mustCompile(t, reqXSD)
	doc := `<EPGURequest xmlns="urn:t">
  <Applicant kind="1"><Name>Ivan</Name><Snils>123</Snils></Applicant>
  <Applicant><Name>I</Name><Snils>12345678901</Snils></Applicant>
</EPGURequest>`
	res := validate(t, s, doc)
	if res.Valid() || len(res.Errors) != 3 {
		t.Fatalf("want 3 errors, got %+v", res.Errors)
	}
	want := []struct {
		line, col  int
		path, rule string
	}{
		{2, 40, "/EPGURequest/Applicant[1]/Snils", "cvc-pattern-valid"},
		{3, 3, "/EPGURequest/Applicant[2]", "cvc-complex-type.4"},
		{3, 14, "/EPGURequest/Applicant[2]/Name", "cvc-minLength-valid"},
	}
	for i, w := range want {
		e := res.Errors[i]
		if e.Line != w.line || e.Column != w.col || e.Path != w.path || e.Rule != w.rule {
			t.Errorf("error %d = %d:%d %s %s, want %d:%d %s %s", i, e.Line, e.Column, e.Path, e.Rule, w.line, w.col, w.path, w.rule)
		}
		if e.Message == "" || e.MessageRU == "" || e.Message == e.MessageRU {
			t.Errorf("error %d lacks messages: %q / %q", i, e.Message, e.MessageRU)
		}
	}
}

func TestMaxErrorsTruncates(t *testing.T) {
	s := mustCompile(t, reqXSD)
	var b strings.Builder
	b.WriteString(`<EPGURequest xmlns="urn:t">`)
	for i := 0; i < 50; i++ {
		b.WriteString(`<Applicant kind="x"><Name>I</Name><Snils>1</Snils></Applicant>`)
	}
	b.WriteString(`</EPGURequest>`)
	res, err := s.Validate(strings.NewReader(b.String()), &ValidateOptions{MaxErrors: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 10 || !res.Truncated {
		t.Fatalf("got %d errors, truncated=%v", len(res.Errors), res.Truncated)
	}
}

func TestSchemaErrorHasFileAndLine(t *testing.T) {
	fsys := fstest.MapFS{
		"main.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:include schemaLocation="sub/types.xsd"/>
<xs:element name="a" type="T"/>
</xs:schema>`)},
		"sub/types.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="T">
  <xs:restriction base="xs:string"><xs:maxLength value="-1"/></xs:restriction>
</xs:simpleType>
</xs:schema>`)},
	}
	_, err := Compile(fsys, "main.xsd", nil)
	var se *SchemaError
	if !errors.As(err, &se) {
		t.Fatalf("want *SchemaError, got %v", err)
	}
	if se.File != "sub/types.xsd" || se.Line != 3 {
		t.Fatalf("got %s:%d %s", se.File, se.Line, se.Message)
	}
}

func TestImportCatalogAndFallback(t *testing.T) {
	main := []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:common" targetNamespace="urn:m" elementFormDefault="qualified">
<xs:import namespace="urn:common" schemaLocation="http://example.com/common.xsd"/>
<xs:element name="r"><xs:complexType><xs:sequence><xs:element ref="c:code"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`)
	common := []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:common">
<xs:element name="code"><xs:simpleType><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:element>
</xs:schema>`)
	fsys := fstest.MapFS{"m.xsd": {Data: main}, "lib/common.xsd": {Data: common}}
	if _, err := Compile(fsys, "m.xsd", nil); err == nil {
		t.Fatal("an unresolvable import must leave c:code undefined")
	}
	s, err := Compile(fsys, "m.xsd", &Options{Catalog: map[string]string{"urn:common": "lib/common.xsd"}})
	if err != nil {
		t.Fatal(err)
	}
	ok := validate(t, s, `<r xmlns="urn:m" xmlns:c="urn:common"><c:code>abc</c:code></r>`)
	bad := validate(t, s, `<r xmlns="urn:m" xmlns:c="urn:common"><c:code>ab</c:code></r>`)
	if !ok.Valid() || bad.Valid() {
		t.Fatalf("catalog import: ok=%v bad=%v", ok.Errors, bad.Errors)
	}
	fb := fstest.MapFS{"m.xsd": {Data: []byte(strings.Replace(string(main), "http://example.com/common.xsd", "common.xsd", 1))}}
	if _, err := Compile(fb, "m.xsd", &Options{Fallback: fstest.MapFS{"common.xsd": {Data: common}}}); err != nil {
		t.Fatalf("fallback: %v", err)
	}
}

func TestSafeParsing(t *testing.T) {
	s := mustCompile(t, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:string"/></xs:schema>`)
	// external entities are never fetched
	_, err := s.Validate(strings.NewReader(`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`), nil)
	var xe *XMLError
	if !errors.As(err, &xe) {
		t.Fatalf("external entity: want XMLError, got %v", err)
	}
	// internal entities are expanded once
	res, err := s.Validate(strings.NewReader(`<!DOCTYPE a [<!ENTITY x "text">]><a>&x;</a>`), nil)
	if err != nil || !res.Valid() {
		t.Fatalf("internal entity: %v %v", err, res.Errors)
	}
	deep := strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)
	if _, err := s.Validate(strings.NewReader(deep), &ValidateOptions{MaxDepth: 50}); !errors.As(err, &xe) {
		t.Fatalf("depth limit: %v", err)
	}
	if _, err := s.Validate(strings.NewReader("<a>"+strings.Repeat("x", 1000)+"</a>"), &ValidateOptions{MaxBytes: 100}); !errors.As(err, &xe) {
		t.Fatalf("size limit: %v", err)
	}
	if _, err := s.Validate(strings.NewReader("<a></b>"), nil); !errors.As(err, &xe) {
		t.Fatalf("mismatched tags: %v", err)
	}
}

func TestLargeOccursNoBlowUp(t *testing.T) {
	s := mustCompile(t, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:element name="r"><xs:complexType><xs:sequence minOccurs="2" maxOccurs="100000">
  <xs:element name="a" minOccurs="0" maxOccurs="50000"/><xs:element name="b" minOccurs="3" maxOccurs="3"/>
</xs:sequence></xs:complexType></xs:element></xs:schema>`)
	ok := "<r>" + strings.Repeat("<a/>", 1000) + "<b/><b/><b/><b/><b/><b/></r>"
	bad := "<r>" + strings.Repeat("<a/>", 1000) + "<b/><b/><b/><b/><b/></r>"
	if r := validate(t, s, ok); !r.Valid() {
		t.Fatalf("ok: %v", r.Errors)
	}
	if r := validate(t, s, bad); r.Valid() {
		t.Fatal("5 b's accepted")
	}
}

func TestStructures(t *testing.T) {
	s := mustCompile(t, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<xs:complexType name="Base"><xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="Ext"><xs:complexContent><xs:extension base="Base"><xs:sequence><xs:element name="extra" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:element name="item" type="Base" abstract="true"/>
<xs:element name="book" type="Base" substitutionGroup="item"/>
<xs:element name="root"><xs:complexType><xs:sequence>
  <xs:element ref="item" maxOccurs="unbounded"/>
  <xs:element name="ref" type="xs:int" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="opt" type="xs:date" nillable="true" minOccurs="0"/>
</xs:sequence></xs:complexType>
<xs:key name="k"><xs:selector xpath="book"/><xs:field xpath="id"/></xs:key>
<xs:keyref name="r" refer="k"><xs:selector xpath="ref"/><xs:field xpath="."/></xs:keyref>
</xs:element>
</xs:schema>`)
	cases := []struct {
		doc   string
		valid bool
	}{
		{`<root><book><id>1</id></book><book><id>2</id></book><ref>2</ref></root>`, true},
		{`<root><item><id>1</id></item></root>`, false},                         // abstract
		{`<root><book><id>1</id></book><book><id>01</id></book></root>`, false}, // duplicate key (value space)
		{`<root><book><id>1</id></book><ref>3</ref></root>`, false},             // dangling keyref
		{`<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><book xsi:type="Ext"><id>1</id><extra>x</extra></book></root>`, true},
		{`<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><book xsi:type="Ext"><id>1</id></book></root>`, false},
		{`<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><book><id>1</id></book><opt xsi:nil="true"/></root>`, true},
		{`<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><book><id>1</id></book><opt xsi:nil="true">2020-01-01</opt></root>`, false},
		{`<root><book><id>1</id></book><opt/></root>`, false},
	}
	for i, c := range cases {
		r := validate(t, s, c.doc)
		if r.Valid() != c.valid {
			t.Errorf("case %d: valid=%v, want %v: %v", i, r.Valid(), c.valid, r.Errors)
		}
	}
}

func TestUPAViolationRejected(t *testing.T) {
	_, err := Compile(fstest.MapFS{"s.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:element name="r"><xs:complexType><xs:choice><xs:sequence><xs:element name="a"/><xs:element name="b"/></xs:sequence>
<xs:sequence><xs:element name="a"/><xs:element name="c"/></xs:sequence></xs:choice></xs:complexType></xs:element></xs:schema>`)}}, "s.xsd", nil)
	if err == nil || !strings.Contains(err.Error(), "Unique Particle Attribution") {
		t.Fatalf("want UPA error, got %v", err)
	}
}
