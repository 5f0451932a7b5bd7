package xmlschema

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSchemaChecks compiles small invalid schemas, one per schema check of
// s4s.go and restriction.go, and wants a SchemaError with file, line and
// both messages.
func TestSchemaChecks(t *testing.T) {
	const head = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">` + "\n"
	cases := []struct {
		name, body, want string
		line             int
	}{
		{"unknown attribute", `<xs:element name="a" foo="1"/>`, `attribute "foo" is not allowed`, 2},
		{"attribute in the xs namespace", `<xs:element name="a" xs:type="x"/>`, "XML Schema namespace", 2},
		{"two annotations", `<xs:element name="a"><xs:annotation/><xs:annotation/></xs:element>`, "xs:annotation is not allowed here", 2},
		{"text in element", `<xs:element name="a">text</xs:element>`, "character data", 2},
		{"duplicate id", `<xs:element name="a" id="x"/><xs:element name="b" id="x"/>`, "invalid value", 2},
		{"notation without public or system", `<xs:notation name="n"/>`, "public or system", 2},
		{"bad xml:lang", `<xs:annotation><xs:documentation xml:lang=""/></xs:annotation>`, "xml:lang", 2},
		{"widening restriction", `<xs:complexType name="b"><xs:sequence><xs:element name="e"/></xs:sequence></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:sequence><xs:element name="e" maxOccurs="2"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
			"cos-particle-restrict", 3},
		{"foreign element in restriction", `<xs:complexType name="b"><xs:sequence><xs:element name="e"/></xs:sequence></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:sequence><xs:element name="f"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
			"cos-particle-restrict", 3},
		{"inconsistent elements", `<xs:complexType name="c"><xs:sequence><xs:element name="e" type="xs:int"/><xs:element name="e" type="xs:string"/></xs:sequence></xs:complexType>`,
			"cos-element-consistent", 2},
		{"not imported namespace", `<xs:element name="a" xmlns:p="urn:p" type="p:t"/>`, "src-resolve.4.2", 2},
		{"undeclared notation", `<xs:simpleType name="n"><xs:restriction base="xs:NOTATION"><xs:enumeration value="png"/></xs:restriction></xs:simpleType>`,
			"not a declared notation", 2},
	}
	for _, tc := range cases {
		fsys := fstest.MapFS{"s.xsd": {Data: []byte(head + tc.body + "\n</xs:schema>")}}
		_, err := Compile(fsys, "s.xsd", nil)
		var se *SchemaError
		if !errors.As(err, &se) {
			t.Errorf("%s: want a *SchemaError, got %v", tc.name, err)
			continue
		}
		if se.File != "s.xsd" || se.Line != tc.line || !strings.Contains(se.Message, tc.want) || se.MessageRU == "" {
			t.Errorf("%s: got %s:%d %q / %q; want line %d and %q with a Russian message", tc.name, se.File, se.Line, se.Message, se.MessageRU, tc.line, tc.want)
		}
	}
}

// TestValidRestrictions compiles restrictions that the particle checks must
// accept.
func TestValidRestrictions(t *testing.T) {
	const head = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">` + "\n"
	bodies := []string{
		// dropping an optional element, narrowing occurrences
		`<xs:complexType name="b"><xs:sequence><xs:element name="a" minOccurs="0"/><xs:element name="c" maxOccurs="5"/></xs:sequence></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:sequence><xs:element name="c" maxOccurs="2"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
		// a wildcard restricted to elements and groups
		`<xs:complexType name="b"><xs:sequence><xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:sequence><xs:element name="x"/><xs:choice><xs:element name="y"/><xs:element name="z"/></xs:choice></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
		// choice narrowed, element maxOccurs="0" removed
		`<xs:complexType name="b"><xs:choice><xs:element name="e1"/><xs:element name="e2"/></xs:choice></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:choice><xs:element name="e1" minOccurs="0" maxOccurs="0"/><xs:element name="e2"/></xs:choice></xs:restriction></xs:complexContent></xs:complexType>`,
		// sequence restricting all
		`<xs:complexType name="b"><xs:all><xs:element name="a"/><xs:element name="c" minOccurs="0"/></xs:all></xs:complexType>
<xs:complexType name="r"><xs:complexContent><xs:restriction base="b"><xs:sequence><xs:element name="a"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
		// a group referring to itself through an element's type
		`<xs:group name="ul"><xs:sequence><xs:element name="ul"><xs:complexType><xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="li"/><xs:group ref="ul"/></xs:choice></xs:complexType></xs:element></xs:sequence></xs:group>`,
	}
	for i, b := range bodies {
		fsys := fstest.MapFS{"s.xsd": {Data: []byte(head + b + "\n</xs:schema>")}}
		if _, err := Compile(fsys, "s.xsd", nil); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
}
