package xsd

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

func filled(t testing.TB, code, role string) string {
	t.Helper()
	s, _ := Lookup(code)
	b, err := s.FillTemplate(role, time.Date(2025, 6, 1, 12, 0, 0, 0, Moscow), map[string]string{"orderId": "3500308079"})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func validate(t *testing.T, code, role, doc string) *xmlschema.Result {
	t.Helper()
	s, _ := Lookup(code)
	res, err := s.ValidateFile(role, strings.NewReader(doc))
	if err != nil {
		t.Fatalf("%s/%s: %v", code, role, err)
	}
	return res
}

// TestFieldRuleMutations: each kind of violation of the field tables is
// reported with its rule, path and position.
func TestFieldRuleMutations(t *testing.T) {
	arrival := filled(t, "10000103652", "attach")
	cases := []struct {
		name, code, role, old, new string
		rule, path                 string
	}{
		{"required", "10000103652", "attach", "<umms:inn>7707112657</umms:inn>", "", "gosdesk-field-required", "/case/host[1]/organization"},
		{"INN pattern", "10000103652", "attach", "<umms:inn>7707112657</umms:inn>", "<umms:inn>77071126</umms:inn>", "gosdesk-field-pattern", "/case/host[1]/organization[1]/inn"},
		{"maxLength", "10000103652", "attach", "<umms:name>Гостиница «Кросс Кантри»</umms:name>", "<umms:name>" + strings.Repeat("Я", 101) + "</umms:name>", "gosdesk-field-maxLength", "/case/host[1]/organization[1]/name"},
		{"orderId in ids", "10000103652", "attach", "<umms:uid>org_3500308079</umms:uid>", "<umms:uid>org_1</umms:uid>", "gosdesk-field-orderId", "/case/host[1]/organization[1]/uid"},
		{"uid/requestId", "10000103652", "attach", "<umms:requestId>3500308079</umms:requestId>", "<umms:requestId>3500308078</umms:requestId>", "gosdesk-field-equal", "/case/requestId"},
		{"unknown element", "10000103652", "attach", "<mc:stayPlace>", "<mc:bogus/><mc:stayPlace>", "gosdesk-field-unknown", "/case/bogus"},
		{"dictionary type", "10000103652", "attach", "<umms:type>Citizenship</umms:type>", "<umms:type>Country</umms:type>", "gosdesk-field-ref", "/case/personDataDocument[1]/person[1]/citizenship[1]/type"},
		{"dictionary element", "10000103652", "attach", "<umms:element>1019</umms:element>", "<umms:element>1020</umms:element>", "gosdesk-field-ref", "/case/stateProgramMember[1]/element"},
		{"ref without element", "10000103652", "attach", "<umms:element>1019</umms:element>", "", "gosdesk-field-ref", "/case/stateProgramMember"},
		{"date", "10000103652", "attach", "<umms:birthDate>1979-05-12</umms:birthDate>", "<umms:birthDate>12.05.1979</umms:birthDate>", "gosdesk-field-date", "/case/host[1]/personDataDocument[1]/person[1]/birthDate"},
		{"date order", "10000103652", "attach", "<mc:notificationReceived>2025-01-10<", "<mc:notificationReceived>2025-02-10<", "gosdesk-field-dateOrder", "/case/stayPeriod[1]/dateTo"},
		{"fixed", "10000103652", "attach", "<umms:entered>false</umms:entered>\n\t\t</mc:personDataDocument>", "<umms:entered>true</umms:entered>\n\t\t</mc:personDataDocument>", "gosdesk-field-fixed", "/case/host[1]/personDataDocument[1]/entered"},
		{"root", "10000103652", "attach", "msr:case", "msr:kase", "gosdesk-field-root", "/kase"},
		{"attribute", "10000103652", "attach", `schemaVersion="1.0"`, `schemaVersion="2.0"`, "gosdesk-field-pattern", "/case"},
		{"optional block", "10000103652", "attach", "<fcc:number>1234567</fcc:number>", "<fcc:number>123</fcc:number>", "gosdesk-field-pattern", "/case/migrationCard[1]/number"},
		{"departure number", "10000103653", "attach", "<mc:notificationNumber>02/756249/25/000001<", "<mc:notificationNumber>02/756249/25/000002<", "gosdesk-field-equal", "/case/notificationNumber"},
		{"departure unregDate", "10000103653", "attach", "2025-01-20T12:00:00+03:00", "2025-01-20", "gosdesk-field-dateTime", "/case/unregDate"},
		{"citizen authority", "10000103654", "attach", "<umms:authorityOrgan><umms:type>officialOrgan.fms</umms:type><umms:element>141603</umms:element></umms:authorityOrgan>", "", "gosdesk-field-required", "/form5/case[1]/declarant[1]/document[1]/number"},
		{"citizen homeless", "10000103654", "attach", "<rc:homeless>false<", "<rc:homeless>true<", "gosdesk-field-fixed", "/form5/case[1]/homeless"},
		{"ФССП receiver", "60010153", "req", "FSSP10", "FSSP09", "gosdesk-field-fixed", "/EPGURequest/DataRequest[1]/ReceiverID"},
		{"ФССП env", "60010153", "req", `Env="DEV"`, `Env="TEST"`, "gosdesk-field-pattern", "/EPGURequest"},
		{"ФССП order id", "10000000367", "req", "<fssp:OrderId>3500308079<", "<fssp:OrderId>x<", "gosdesk-field-pattern", "/EPGURequest/DataRequest[1]/OrderId"},
		{"МВД phone", "10000000585", "attach", "<types:contactPhone>9990000000<", "<types:contactPhone>+79990000000<", "gosdesk-field-pattern", "/EPGURequest/employmentNotification[1]/contactPhone"},
		{"МВД open table", "10000000585", "attach", "<types:okved2>", "<types:Extra>1</types:Extra><types:okved2>", "", ""},
		{"МВД two notices", "10000000585", "attach", "</ns1:EPGURequest>", "<types:wageNotification><types:orderId>1</types:orderId></types:wageNotification></ns1:EPGURequest>", "gosdesk-field-required", "/EPGURequest"},
	}
	for _, c := range cases {
		doc := arrival
		if c.code != "10000103652" {
			doc = filled(t, c.code, c.role)
		}
		if !strings.Contains(doc, c.old) {
			t.Fatalf("%s: %q not in the template", c.name, c.old)
		}
		n := 1
		if c.name == "root" {
			n = -1
		}
		mut := strings.Replace(doc, c.old, c.new, n)
		res := validate(t, c.code, c.role, mut)
		if c.rule == "" {
			if !res.Valid() {
				t.Errorf("%s: unexpected errors%s", c.name, errorsText(res))
			}
			continue
		}
		found := false
		for _, e := range res.Errors {
			if e.Rule == c.rule && e.Path == c.path {
				found = true
				if e.Line < 1 || e.Column < 1 || e.Message == "" || e.MessageRU == "" || e.Message == e.MessageRU {
					t.Errorf("%s: incomplete error %+v", c.name, e)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s at %s;%s", c.name, c.rule, c.path, errorsText(res))
		}
	}
}

func TestFieldRulePositions(t *testing.T) {
	doc := "<?xml version=\"1.0\"?>\n<fssp:EPGURequest xmlns:fssp=\"urn:x\" Env=\"DEV\">\n  <fssp:DataRequest>\n    <fssp:OrderId>bad</fssp:OrderId>\n  </fssp:DataRequest>\n</fssp:EPGURequest>\n"
	res := validate(t, "60010153", "req", doc)
	var got *xmlschema.ValidationError
	for i, e := range res.Errors {
		if e.Rule == "gosdesk-field-pattern" {
			got = &res.Errors[i]
		}
	}
	if got == nil || got.Line != 4 || got.Column != 5 {
		t.Fatalf("position of OrderId: %+v%s", got, errorsText(res))
	}
	// Every other required field of DataRequest is reported as missing,
	// at the DataRequest start tag.
	missing := 0
	for _, e := range res.Errors {
		if e.Rule == "gosdesk-field-required" && e.Line == 3 && e.Column == 3 {
			missing++
		}
	}
	if missing != 7 {
		t.Errorf("%d missing fields reported, want 7%s", missing, errorsText(res))
	}
	s, _ := Lookup("60010153")
	for _, bad := range []string{"", "<a>", "<a></b>", "<a/><b/>", "<?xml version=\"1.0\" encoding=\"koi8-r\"?><a/>"} {
		if _, err := s.ValidateFile("req", strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzFieldRules: the rule engine never panics and always reports
// positive positions.
func FuzzFieldRules(f *testing.F) {
	for _, c := range []struct{ code, role string }{{"10000103652", "attach"}, {"10000103653", "attach"}, {"10000103654", "attach"}, {"60010153", "req"}, {"10000000585", "attach"}} {
		f.Add(c.code, filled(f, c.code, c.role))
	}
	f.Fuzz(func(t *testing.T, code, doc string) {
		var rs *ruleSet
		for _, r := range []string{"hotels-10000103652", "hotels-10000103653", "hotels-10000103654", "fssp-req-60010153", "mvd-10000000585"} {
			if strings.HasSuffix(r, code) {
				rs = ruleSets[r]
			}
		}
		if rs == nil {
			rs = ruleSets["hotels-10000103652"]
		}
		res, _ := rs.validate(bytes.NewReader([]byte(doc)), 100)
		for _, e := range res.Errors {
			if e.Line < 1 || e.Column < 1 || e.Path == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

// FuzzFill: Fill never panics and its output has no placeholder left
// (unless a value forms one with the text around it).
func FuzzFill(f *testing.F) {
	f.Add("<a>{orderId}</a>", "3500308079")
	f.Add("{{x}}{", "<&>")
	f.Fuzz(func(t *testing.T, tmpl, v string) {
		vals := map[string]string{}
		for _, n := range Placeholders([]byte(tmpl)) {
			vals[n] = v
		}
		out, err := Fill([]byte(tmpl), vals)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsFunc(v, func(r rune) bool {
			return r < 128 && (isLetter(byte(r)) || r >= '0' && r <= '9' || r == '_' || r == '{' || r == '}')
		}) {
			return // a value may complete a placeholder around it: {A{A}} with 0
		}
		if left := Placeholders(out); len(left) > 0 {
			t.Fatalf("placeholders left: %v in %q", left, out)
		}
	})
}
