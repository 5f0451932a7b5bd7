package xmlschema

import (
	"strings"
	"testing"
)

func TestBuiltinLexicalSpaces(t *testing.T) {
	cases := []struct {
		typ, val string
		ok       bool
	}{
		{"decimal", "-12.50", true}, {"decimal", "1e3", false}, {"decimal", ".5", true}, {"decimal", "+", false},
		{"integer", "007", true}, {"integer", "1.0", false},
		{"long", "9223372036854775807", true}, {"long", "9223372036854775808", false},
		{"int", "-2147483648", true}, {"int", "2147483648", false},
		{"short", "32768", false}, {"byte", "-129", false}, {"unsignedByte", "255", true}, {"unsignedByte", "-0", true},
		{"unsignedLong", "18446744073709551615", true}, {"unsignedLong", "18446744073709551616", false},
		{"positiveInteger", "0", false}, {"nonPositiveInteger", "1", false}, {"negativeInteger", "-1", true},
		{"float", "1.5E-3", true}, {"float", "INF", true}, {"float", "+INF", false}, {"double", "NaN", true}, {"double", "1.", true}, {"double", "e5", false},
		{"boolean", "1", true}, {"boolean", "TRUE", false},
		{"date", "2024-02-29", true}, {"date", "2023-02-29", false}, {"date", "2024-01-01+14:00", true}, {"date", "2024-01-01+14:01", false},
		{"date", "0000-01-01", false}, {"date", "-0001-01-01", true}, {"date", "12024-01-01", true}, {"date", "02024-01-01", false},
		{"dateTime", "2024-01-01T24:00:00", true}, {"dateTime", "2024-01-01T24:00:01", false}, {"dateTime", "2024-01-01T10:00:00.123Z", true},
		{"dateTime", "2024-01-01T10:00", false}, {"time", "23:59:60", false}, {"gYearMonth", "2024-13", false}, {"gMonthDay", "--02-29", true},
		{"gMonthDay", "--04-31", false}, {"gDay", "---31", true}, {"gMonth", "--12", true}, {"gYear", "-2024", true},
		{"duration", "P1Y2M3DT4H5M6.7S", true}, {"duration", "-PT1S", true}, {"duration", "P", false}, {"duration", "PT", false}, {"duration", "P1D2Y", false},
		{"hexBinary", "0aFF", true}, {"hexBinary", "0a1", false},
		{"base64Binary", "QUJD", true}, {"base64Binary", "QUI=", true}, {"base64Binary", "QUJ", false}, {"base64Binary", "QU J D", true},
		{"anyURI", "http://example.com/a b", true}, {"QName", "xs:string", true}, {"QName", "nope:string", false}, {"QName", "1a", false},
		{"language", "ru-RU", true}, {"language", "toolonglang", false}, {"NCName", "a:b", false}, {"Name", "a:b", true}, {"Name", "1a", false},
		{"NMTOKEN", "1a", true}, {"NMTOKENS", "a b  c", true}, {"NMTOKENS", "", false}, {"IDREFS", "a b", true}, {"token", "  a  b ", true},
		{"string", "any\tthing", true},
	}
	scope := &nsScope{m: map[string]string{"xs": xsdNS}}
	for _, c := range cases {
		_, fe := builtins[c.typ].validate(c.val, scope)
		if (fe == nil) != c.ok {
			t.Errorf("%s %q: valid=%v, want %v (%v)", c.typ, c.val, fe == nil, c.ok, fe)
		}
	}
}

func TestValueSpaceComparisons(t *testing.T) {
	dt := func(s string) any { v, _ := parseDateTime(s, pDateTime); return v }
	dec := func(s string) any { v, _ := parseDecimal(s, false); return v }
	du := func(s string) any { v, _ := parseDuration(s); return v }
	cases := []struct {
		a, b any
		want int
	}{
		{dec("1.50"), dec("01.5"), 0}, {dec("-0"), dec("0.0"), 0}, {dec("-2"), dec("-10"), 1}, {dec("0.001"), dec("0.01"), -1},
		{dt("2024-01-01T12:00:00Z"), dt("2024-01-01T15:00:00+03:00"), 0},
		{dt("2024-01-01T12:00:00"), dt("2024-01-01T12:00:00Z"), 2},
		{dt("2024-01-01T00:00:00"), dt("2024-01-02T00:00:00Z"), -1},
		{du("P1M"), du("P30D"), 2}, {du("P1Y"), du("P365D"), 2}, {du("P1Y"), du("P367D"), -1}, {du("PT36H"), du("P1DT12H"), 0},
	}
	for i, c := range cases {
		if got := compare(c.a, c.b); got != c.want {
			t.Errorf("case %d: compare = %d, want %d", i, got, c.want)
		}
	}
}

func TestFacets(t *testing.T) {
	s := mustCompile(t, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="Money"><xs:restriction base="xs:decimal"><xs:totalDigits value="4"/><xs:fractionDigits value="2"/><xs:minExclusive value="0"/><xs:maxInclusive value="999.99"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Codes"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:simpleType name="ThreeCodes"><xs:restriction base="Codes"><xs:length value="3"/></xs:restriction></xs:simpleType>
<xs:simpleType name="IntOrNone"><xs:union memberTypes="xs:int"><xs:simpleType><xs:restriction base="xs:token"><xs:enumeration value="none"/></xs:restriction></xs:simpleType></xs:union></xs:simpleType>
<xs:simpleType name="Day"><xs:restriction base="xs:date"><xs:enumeration value="2024-01-01Z"/></xs:restriction></xs:simpleType>
<xs:element name="r"><xs:complexType><xs:choice maxOccurs="unbounded">
 <xs:element name="m" type="Money"/><xs:element name="c" type="ThreeCodes"/><xs:element name="u" type="IntOrNone"/><xs:element name="d" type="Day"/>
</xs:choice></xs:complexType></xs:element></xs:schema>`)
	cases := []struct {
		body, rule string
	}{
		{"<m>12.5</m>", ""}, {"<m>1000</m>", "cvc-maxInclusive-valid"}, {"<m>0</m>", "cvc-minExclusive-valid"},
		{"<m>99.995</m>", "cvc-totalDigits-valid"}, {"<m>0.125</m>", "cvc-fractionDigits-valid"},
		{"<c> 1 2\n3 </c>", ""}, {"<c>1 2</c>", "cvc-length-valid"}, {"<c>1 x 3</c>", "cvc-datatype-valid.1.2.1"},
		{"<u>none</u>", ""}, {"<u>7</u>", ""}, {"<u>seven</u>", "cvc-datatype-valid.1.2.3"},
		{"<d>2024-01-01Z</d>", ""}, {"<d>2024-01-01T00:00:00Z</d>", "cvc-datatype-valid.1.2.1"}, {"<d>2024-01-01</d>", "cvc-enumeration-valid"},
		{"<d>2024-01-01+00:00</d>", ""},
	}
	for _, c := range cases {
		r := validate(t, s, "<r>"+c.body+"</r>")
		got := ""
		if len(r.Errors) > 0 {
			got = r.Errors[0].Rule
		}
		if got != c.rule {
			t.Errorf("%s: rule %q, want %q (%v)", c.body, got, c.rule, r.Errors)
		}
	}
}

func TestRegexpTranslation(t *testing.T) {
	cases := []struct {
		pat string
		in  []string
		out []string
	}{
		{`\d{3}-\d{2}`, []string{"123-45", "١٢٣-٤٥"}, []string{"123-456", "a123-45"}},
		{`[a-z-[aeiou]]+`, []string{"bcd"}, []string{"bad"}},
		{`\i\c*`, []string{"_a1", "имя"}, []string{"1a"}},
		{`[\p{Lu}][\p{Ll}]*`, []string{"Ivan", "Иван"}, []string{"ivan"}},
		{`\p{IsCyrillic}+`, []string{"ЖЁ"}, []string{"Z"}},
		{`a|b$`, []string{"a", "b$"}, []string{"b"}},
		{`[^\s]+`, []string{"x.y"}, []string{"x y"}},
		{`.`, []string{"ж"}, []string{"\n"}},
		{`\w+`, []string{"a1"}, []string{"a_b", "a b"}},
		{`[\-a]`, []string{"-", "a"}, []string{"b"}},
		{`(ab){2}`, []string{"abab"}, []string{"ab"}},
		{`^x`, []string{"^x"}, []string{"x"}},
	}
	for _, c := range cases {
		re, err := CompileRegexp(c.pat)
		if err != nil {
			t.Errorf("%s: %v", c.pat, err)
			continue
		}
		for _, s := range c.in {
			if !re.MatchString(s) {
				t.Errorf("%s should match %q", c.pat, s)
			}
		}
		for _, s := range c.out {
			if re.MatchString(s) {
				t.Errorf("%s should not match %q", c.pat, s)
			}
		}
	}
	for _, bad := range []string{`(a`, `[a`, `a{2,1}`, `\p{Foo}`, `\k`, `[a-[b]`, `a**`, `\1`} {
		if _, err := TranslateRegexp(bad); err == nil && !strings.Contains(bad, "**") {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

// TestIsXMLString checks the byte loop against isXMLChar on every rune.
func TestIsXMLString(t *testing.T) {
	for _, s := range []string{"", "abc", "a\tb\nc\rd", "Жж中\U0001F600", "\x00", "a\x1fb", "\uFFFE", "x\uFFFF", "\uFFFD", "\xff\xfe",
		"\xed\xa0\x80", "\xe0\xef\xbf\xbe", "\xef\xbf", "\xef\xbf\xbd", "\U0010FFFF", "\x7f"} {
		want := true
		for _, r := range s {
			if !isXMLChar(r) {
				want = false
			}
		}
		if got := isXMLString(s); got != want {
			t.Errorf("isXMLString(%q) = %v, want %v", s, got, want)
		}
	}
}
