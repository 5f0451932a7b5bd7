package xmlschema

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestDateFormatNamed: a date/time value in the wrong form names the form
// expected, in both languages, for built-in types and types derived from
// them (issue 13, item 13: «'21.06.1989' — недопустимое значение для типа
// 'DDateType'» said nothing of ГГГГ-ММ-ДД).
func TestDateFormatNamed(t *testing.T) {
	const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="DDateType"><xs:restriction base="xs:date"><xs:minInclusive value="1900-01-01"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Stamp"><xs:restriction base="xs:dateTime"/></xs:simpleType>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="d" type="DDateType"/>
    <xs:element name="dt" type="Stamp"/>
    <xs:element name="y" type="xs:gYear"/>
    <xs:element name="ym" type="xs:gYearMonth"/>
    <xs:element name="t" type="xs:time"/>
    <xs:element name="b" type="xs:boolean"/>
    <xs:element name="d2" type="xs:date"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`
	s, err := Compile(fstest.MapFS{"s.xsd": {Data: []byte(xsd)}}, "s.xsd", nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := `<r><d>21.06.1989</d><dt>21.06.1989 10:00</dt><y>89</y><ym>06.1989</ym><t>10-00</t><b>да</b><d2> 2024-1-1 </d2></r>`
	res, err := s.Validate(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ ru, en string }{
		{"ожидается дата в формате ГГГГ-ММ-ДД, например 1989-06-21", "expected a date as YYYY-MM-DD, e.g. 1989-06-21"},
		{"ожидается дата и время в формате ГГГГ-ММ-ДДTчч:мм:сс", "expected a date and time as YYYY-MM-DDThh:mm:ss"},
		{"ожидается год в формате ГГГГ", "expected a year as YYYY"},
		{"ожидается год и месяц в формате ГГГГ-ММ", "expected a year and month as YYYY-MM"},
		{"ожидается время в формате чч:мм:сс", "expected a time as hh:mm:ss"},
		{"ожидается true, false, 1 или 0", "expected true, false, 1 or 0"},
		{"ожидается дата в формате ГГГГ-ММ-ДД", "expected a date as YYYY-MM-DD"},
	}
	if len(res.Errors) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(res.Errors), len(want), res.Errors)
	}
	for i, w := range want {
		e := res.Errors[i]
		if !strings.Contains(e.MessageRU, w.ru) || !strings.Contains(e.Message, w.en) {
			t.Errorf("%s:\n ru %q\n en %q\nwant %q / %q", e.Path, e.MessageRU, e.Message, w.ru, w.en)
		}
	}
	// a facet error of a well-formed date needs no format hint
	res, _ = s.Validate(strings.NewReader(`<r><d>1800-01-01</d><dt>2024-01-01T00:00:00</dt><y>2024</y><ym>2024-01</ym><t>10:00:00</t><b>1</b><d2>2024-01-01</d2></r>`), nil)
	if len(res.Errors) != 1 || strings.Contains(res.Errors[0].MessageRU, "ожидается дата") {
		t.Errorf("facet error: %v", res.Errors)
	}
}
