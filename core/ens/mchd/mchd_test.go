package mchd

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

func load(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseTaxOrg(t *testing.T) {
	d, err := Parse(load(t, "tax_org_person.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != "0e5b6f2a-1111-4222-8333-944455556666" || !d.ForTax() || d.KND != "1110415" || d.TaxOffice != "7799" {
		t.Errorf("identity: %+v", d)
	}
	if got := d.IssueDate.Format(time.RFC3339); got != "2026-01-10T00:00:00+03:00" {
		t.Errorf("IssueDate %s", got)
	}
	if got := d.ValidUntil.Format("2006-01-02"); got != "2027-01-09" {
		t.Errorf("ValidUntil %s", got)
	}
	if len(d.Principals) != 1 {
		t.Fatalf("principals %d", len(d.Principals))
	}
	p := d.Principals[0]
	if p.Kind != KindOrg || p.INN != "7799000005" || p.KPP != "779901001" || p.Name != `ООО "ПЕСОЧНИЦА"` {
		t.Errorf("principal %+v", p)
	}
	s := d.Signer()
	if s == nil || s.INN != "779900000109" || s.Position != "ДИРЕКТОР" || s.FullName() != "ДИРЕКТОРОВ ТЕСТ ТЕСТОВИЧ" {
		t.Errorf("signer %+v", s)
	}
	r := d.Representatives[0]
	if r.Kind != KindPerson || r.INN != "779900000028" || r.Name != "БУХГАЛТЕРОВА ЁЛКА ПРИМЕРОВНА" ||
		r.Person.BirthDate.Format("2006-01-02") != "1990-02-03" {
		t.Errorf("representative %+v", r)
	}
	if !reflect.DeepEqual(d.PowerCodes(), []string{"2_FNS39", "2_FNS99"}) || d.JointPowers {
		t.Errorf("powers %v", d.PowerCodes())
	}
	if d.SchemaValidated {
		t.Error("SchemaValidated without a validator")
	}
}

func TestParseWindows1251(t *testing.T) {
	a, err := Parse(load(t, "tax_org_person.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(load(t, "tax_org_person_cp1251.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("cp1251 parse differs:\n%+v\n%+v", a, b)
	}
}

// TestCP1251Table checks every byte against iconv.
func TestCP1251Table(t *testing.T) {
	oracle.RequireTool(t, "iconv", "libc-bin")
	for b := 0x80; b <= 0xFF; b++ {
		if b == 0x98 {
			continue
		}
		out, err := oracle.Run([]byte{byte(b)}, "iconv", "-f", "WINDOWS-1251", "-t", "UTF-8")
		if err != nil {
			t.Fatalf("byte %#x: %v", b, err)
		}
		if got := string(cp1251Rune(byte(b))); got != string(out) {
			t.Errorf("byte %#x: got %q, iconv %q", b, got, out)
		}
	}
}

func TestParseIPRestrictions(t *testing.T) {
	d, err := Parse(load(t, "ip_fio_only.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := d.Principals[0]
	if p.Kind != KindIP || p.OGRN != "304770000000004" || p.INN != "779900000109" {
		t.Errorf("principal %+v", p)
	}
	want := []Power{{Code: "KLASS_2.0_DESIGN", Name: "Оформлять",
		Restrictions: []Restriction{{ID: "1", Code: "LIM_01", Name: "Тип документа", Value: "LIM_01_04"}}}}
	if !reflect.DeepEqual(d.Powers, want) {
		t.Errorf("powers %+v", d.Powers)
	}
	if d.ForTax() {
		t.Error("not a tax МЧД")
	}
}

func TestParseRejects(t *testing.T) {
	good := string(load(t, "tax_org_person.xml"))
	for name, doc := range map[string]string{
		"not xml":       "hello",
		"other ns":      `<Доверенность xmlns="urn:other" ВерсФорм="EMCHD_1"><Документ><Довер/></Документ></Доверенность>`,
		"old format":    `<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="002"/>`,
		"no number":     replace(good, `НомДовер="0e5b6f2a-1111-4222-8333-944455556666"`, ``),
		"bad date":      replace(good, `СрокДейст="2027-01-09"`, `СрокДейст="09.01.2027"`),
		"no documents":  `<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1"/>`,
		"unknown chars": `<?xml version="1.0" encoding="koi8-r"?><Доверенность xmlns="urn://x-artefacts/EMCHD_1"/>`,
	} {
		if _, err := Parse([]byte(doc), nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

func replace(s, old, new string) string { return stringsReplace(s, old, new) }

// xmllintValidator adapts xmllint (the oracle) to the SchemaValidator hook.
type xmllintValidator struct{ t *testing.T }

func (v xmllintValidator) ValidateMCHD(xml []byte) error {
	dir := v.t.TempDir()
	xsd := filepath.Join(dir, SchemaFile)
	doc := filepath.Join(dir, "doc.xml")
	if err := os.WriteFile(xsd, Schema, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(doc, xml, 0o600); err != nil {
		return err
	}
	_, err := oracle.Run(nil, "xmllint", "--noout", "--schema", xsd, doc)
	return err
}

func TestSchemaHook(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	v := xmllintValidator{t}
	for _, f := range []string{"tax_org_person.xml", "ip_fio_only.xml", "tax_org_person_cp1251.xml"} {
		d, err := Parse(load(t, f), &Options{Validator: v})
		if err != nil || !d.SchemaValidated {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Parses, but breaks the schema (ВнНомДовер is required).
	bad := stringsReplace(string(load(t, "tax_org_person.xml")), `ВнНомДовер="ТЕСТ-1" `, ``)
	if _, err := Parse([]byte(bad), nil); err != nil {
		t.Fatalf("model parse: %v", err)
	}
	if _, err := Parse([]byte(bad), &Options{Validator: v}); !errors.Is(err, ErrSchema) {
		t.Errorf("err = %v, want ErrSchema", err)
	}
}

func TestCheck(t *testing.T) {
	d, err := Parse(load(t, "tax_org_person.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := Holder{PersonalINN: "779900000028", SNILS: "00000000100", Surname: "Бухгалтерова", GivenName: "Елка Примеровна"}
	day := time.Date(2026, 6, 1, 12, 0, 0, 0, Moscow)
	powers := []string{"2_FNS99"}
	cases := []struct {
		name string
		req  Request
		want error
	}{
		{"ok", Request{Holder: rep, Date: day, PrincipalINN: "7799000005", AnyOfPowers: powers}, nil},
		{"first day", Request{Holder: rep, Date: time.Date(2026, 1, 10, 0, 0, 0, 0, Moscow), AnyOfPowers: powers}, nil},
		{"last day, late UTC", Request{Holder: rep, Date: time.Date(2027, 1, 9, 20, 59, 0, 0, time.UTC)}, nil},
		{"day after", Request{Holder: rep, Date: time.Date(2027, 1, 9, 21, 0, 0, 0, time.UTC)}, ErrExpired},
		{"before issue", Request{Holder: rep, Date: time.Date(2026, 1, 9, 0, 0, 0, 0, Moscow)}, ErrNotYetValid},
		{"other INN", Request{Holder: Holder{PersonalINN: "779900000109"}, Date: day}, ErrRepresentativeMismatch},
		{"INN ok, SNILS conflicts", Request{Holder: Holder{PersonalINN: "779900000028", SNILS: "112-233-445 95"}, Date: day}, ErrRepresentativeMismatch},
		{"SNILS only", Request{Holder: Holder{SNILS: "000 000 001 00"}, Date: day}, nil},
		{"FIO only does not override INN", Request{Holder: Holder{PersonalINN: "779900000109", Surname: "Бухгалтерова", GivenName: "Ёлка Примеровна"}, Date: day}, ErrRepresentativeMismatch},
		{"principal", Request{Holder: rep, Date: day, PrincipalINN: "7799000012"}, ErrPrincipalMismatch},
		{"power", Request{Holder: rep, Date: day, AnyOfPowers: []string{"2_FNS17"}}, ErrNoPower},
	}
	for _, c := range cases {
		err := d.Check(c.req)
		if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	// FIO fallback when the МЧД has no ИНН/СНИЛС of the representative.
	d2, err := Parse(load(t, "ip_fio_only.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	feb := time.Date(2026, 2, 15, 0, 0, 0, 0, Moscow)
	if err := d2.Check(Request{Holder: Holder{PersonalINN: "779900000028", Surname: "ПРИМЕРОВА", GivenName: "Алена Тестовна"}, Date: feb}); err != nil {
		t.Errorf("FIO match: %v", err)
	}
	if err := d2.Check(Request{Holder: Holder{Surname: "Примерова", GivenName: "Анна Тестовна"}, Date: feb}); !errors.Is(err, ErrRepresentativeMismatch) {
		t.Errorf("FIO mismatch: %v", err)
	}
	var me *Error
	if err := d2.Check(Request{Holder: Holder{}, Date: feb}); !errors.As(err, &me) || me.Hint() == "" {
		t.Errorf("hint missing: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"tax_org_person.xml", "ip_fio_only.xml", "tax_org_person_cp1251.xml"} {
		f.Add(load(f, n))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b, nil)
		if err != nil {
			return
		}
		_ = d.Check(Request{Date: d.IssueDate, AnyOfPowers: []string{"x"}})
		_ = d.Signer()
		_ = d.ForTax()
	})
}
