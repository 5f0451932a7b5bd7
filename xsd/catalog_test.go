package xsd

import (
	"bufio"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The services the issue asks for.
var wantServices = []string{
	"10000000374", "60025907", "60080470", // Госключ
	"10000103652", "10000103653", "10000103654", // hotels
	"60010153", "10000000367", // ФССП
	"10000000109", // СФР
	"10000000585", // МВД
}

func TestCatalogCoversServices(t *testing.T) {
	got := map[string]bool{}
	for _, s := range Services() {
		if got[s.Code] {
			t.Errorf("duplicate service %s", s.Code)
		}
		got[s.Code] = true
	}
	for _, c := range wantServices {
		if !got[c] {
			t.Errorf("service %s missing from the catalog", c)
		}
	}
	if len(got) != len(wantServices) {
		t.Errorf("catalog has %d services, want %d", len(got), len(wantServices))
	}
	if _, ok := Lookup("99999"); ok {
		t.Error("Lookup of an unknown code succeeded")
	}
}

var (
	reCode   = regexp.MustCompile(`^\d{8,11}$`)
	reTarget = regexp.MustCompile(`^-\d{8,13}$`)
)

func TestCatalogEntriesAreComplete(t *testing.T) {
	for _, s := range Services() {
		if !reCode.MatchString(s.Code) || !reTarget.MatchString(s.Target) {
			t.Errorf("%s: bad code/target %q %q", s.Code, s.Code, s.Target)
		}
		if s.Name == "" || s.NameEN == "" || s.Agency == "" || s.Spec == "" || s.Group == "" {
			t.Errorf("%s: name, agency, spec or group empty", s.Code)
		}
		if len(s.Applicants) == 0 {
			t.Errorf("%s: no applicants", s.Code)
		}
		for _, a := range s.Applicants {
			if a != ApplicantFL && a != ApplicantIP && a != ApplicantUL {
				t.Errorf("%s: unknown applicant %q", s.Code, a)
			}
		}
		kinds := map[string]int{}
		roles := map[string]bool{}
		for _, f := range s.Files {
			kinds[f.Kind]++
			if roles[f.Role] {
				t.Errorf("%s: duplicate role %s", s.Code, f.Role)
			}
			roles[f.Role] = true
			if _, err := path.Match(f.Name, "x"); err != nil || f.Name == "" {
				t.Errorf("%s/%s: bad file name pattern %q", s.Code, f.Role, f.Name)
			}
			for _, r := range f.Schemas {
				if r.Source == "" || r.Root == "" {
					t.Errorf("%s/%s: schema %s without source or root", s.Code, f.Role, r.Entry)
				}
				if _, err := CompileSchema(r.Entry); err != nil {
					t.Errorf("%s/%s: schema %s: %v", s.Code, f.Role, r.Entry, err)
				}
			}
			if f.Rules != "" && ruleSets[f.Rules] == nil {
				t.Errorf("%s/%s: unknown rule set %q", s.Code, f.Role, f.Rules)
			}
			if f.Template != "" && s.Template(f.Role) == nil {
				t.Errorf("%s/%s: template %s not embedded", s.Code, f.Role, f.Template)
			}
			if strings.HasSuffix(f.Name, ".xml") && f.Template == "" {
				t.Errorf("%s/%s: XML file without a template", s.Code, f.Role)
			}
		}
		if kinds[KindBusiness]+kinds[KindTransport] == 0 {
			t.Errorf("%s: no transport or business file", s.Code)
		}
		if s.Signed != roles["signature"] || s.Signed != roles["sign_config"] {
			t.Errorf("%s: signed=%v but signature/sign_config roles %v/%v", s.Code, s.Signed, roles["signature"], roles["sign_config"])
		}
		// Statuses: a draft, at least one final status; cancel flags only
		// where the service allows cancel.
		finals, cancels := 0, 0
		for _, st := range s.Statuses {
			if st.Final {
				finals++
			}
			if st.CancelAllowed {
				cancels++
				if st.Final {
					t.Errorf("%s: final status %d allows cancel", s.Code, st.ID)
				}
			}
		}
		if _, ok := s.Status(0); !ok || finals == 0 {
			t.Errorf("%s: statuses need 0 and a final one", s.Code)
		}
		if s.Cancel != (cancels > 0) {
			t.Errorf("%s: cancel=%v but %d statuses allow it", s.Code, s.Cancel, cancels)
		}
		// The orderId goes into the XML exactly when a file says where.
		hasOrderElem := false
		for _, f := range s.Files {
			hasOrderElem = hasOrderElem || f.OrderIDElement != ""
		}
		if s.ReserveOrder != hasOrderElem {
			t.Errorf("%s: reserveOrder=%v but orderIdElement set=%v", s.Code, s.ReserveOrder, hasOrderElem)
		}
	}
}

func TestServiceFacts(t *testing.T) {
	fssp, _ := Lookup("10000000367")
	if !fssp.CancelAllowed(17) || fssp.CancelAllowed(3) || fssp.CancelAllowed(99) {
		t.Error("ФССП 10000000367: cancel allowed in 17, not in 3 or unknown statuses")
	}
	gk, _ := Lookup("10000000374")
	if gk.CancelAllowed(17) || !gk.Signed || gk.ReserveOrder || gk.AllowsPersonType("PERSON") || !gk.AllowsPersonType("LEGAL") {
		t.Errorf("Госключ: %+v", gk)
	}
	h, _ := Lookup("10000103652")
	if h.Target != "-1000444103652" || !h.ReserveOrder || !h.Signed || h.AllowsPersonType("PERSON") {
		t.Errorf("hotels 652: %+v", h)
	}
	sfr, _ := Lookup("10000000109")
	if f, ok := sfr.FileFor("/tmp/req_8f8b7e4b-dec8-4dac-8a02-3dcde44d4fb2.xml"); !ok || f.Role != "req" || f.Kind != KindBusiness {
		t.Errorf("СФР req_<GUID>.xml → %+v %v", f, ok)
	}
	if f, ok := sfr.FileFor("trans_1.xml"); !ok || f.Role != "trans" || f.OrderIDElement != "ExternalRegistrationNumber" {
		t.Errorf("СФР trans_<GUID>.xml → %+v %v", f, ok)
	}
	if f, ok := gk.FileFor("req.xml"); !ok || f.Role != "req" {
		t.Errorf("Госключ req.xml → %+v", f)
	}
	if f, ok := gk.FileFor("req.xml.sig"); !ok || f.Role != "signature" {
		t.Errorf("Госключ req.xml.sig → %+v", f)
	}
	if _, err := gk.Schema("nope"); err != ErrUnknownRole {
		t.Errorf("unknown role: %v", err)
	}
	uk, _ := Lookup("60025907")
	if _, err := uk.Schema("req"); !IsNoSchema(err) {
		t.Errorf("60025907 has no public schema, got %v", err)
	}
	m, _ := Lookup("10000000585")
	if len(m.Dictionaries) != 7 || m.Signed {
		t.Errorf("МВД: %d dictionaries, signed %v", len(m.Dictionaries), m.Signed)
	}
}

// TestSchemaSources: every embedded schema is named in the SOURCE.md of
// its folder, every folder has one.
func TestSchemaSources(t *testing.T) {
	n := 0
	err := fs.WalkDir(FS(), "schemas", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xsd") {
			return err
		}
		n++
		src, err := fs.ReadFile(FS(), path.Join(path.Dir(p), "SOURCE.md"))
		if err != nil {
			t.Errorf("%s: no SOURCE.md next to it", p)
			return nil
		}
		if !strings.Contains(string(src), path.Base(p)) {
			t.Errorf("%s: not described in SOURCE.md", p)
		}
		return nil
	})
	if err != nil || n < 14 {
		t.Fatalf("walk: %v, %d schemas", err, n)
	}
	b, _ := fs.ReadFile(FS(), "schemas/hotels/hotelRequest-1.2.0.UNOFFICIAL.xsd")
	if !strings.Contains(string(b), "NOT AN OFFICIAL SCHEMA") {
		t.Error("the reconstructed hotelRequest schema must say it is not official")
	}
}

// TestHotelRulesCoverFieldTables: every element the spec's field tables
// transmit in attach.xml has a rule (by its last step).
func TestHotelRulesCoverFieldTables(t *testing.T) {
	for code, file := range map[string]string{
		"10000103652": "attach-fields-10000103652-arrival-foreigner.tsv",
		"10000103653": "attach-fields-10000103653-departure-foreigner.tsv",
		"10000103654": "attach-fields-10000103654-citizen-stay.tsv",
	} {
		rs := ruleSets["hotels-"+code]
		steps := map[string]bool{}
		for p := range rs.rules {
			steps[lastStep(p)] = true
		}
		f, err := os.Open("testdata/hotels/" + file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		checked := 0
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) < 4 {
				continue
			}
			xp := strings.TrimSpace(cols[3])
			if !strings.Contains(xp, ":") || strings.Contains(xp, "EPGURequest") || strings.Contains(xp, " и ") {
				continue // not transmitted, or part of the old СМЭВ package
			}
			for _, alt := range strings.Split(xp, " / ") {
				alt = strings.TrimSpace(strings.Fields(alt + " x")[0])
				step := alt[strings.LastIndexAny(alt, "/:")+1:]
				if step == "birthdate" {
					step = "birthDate" // the table's own spelling varies
				}
				if step == "" {
					continue
				}
				checked++
				if !steps[step] {
					t.Errorf("%s: field %q (%s) has no rule", code, xp, cols[2])
				}
			}
		}
		f.Close()
		if checked < 10 {
			t.Errorf("%s: only %d fields checked", code, checked)
		}
	}
}

func TestFillTemplate(t *testing.T) {
	s, _ := Lookup("60010153")
	now := time.Date(2025, 3, 4, 21, 30, 0, 0, time.UTC) // 00:30 on the 5th in Moscow
	b, err := s.FillTemplate("req", now, map[string]string{"orderId": "3500308079", "env": "PROD"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<fssp:OrderId>3500308079<", `Env="PROD"`, "<fssp:StatementDate>2025-03-05<", "<fssp:Date>2025-03-05T00:30:00+03:00<"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("filled req.xml lacks %q:\n%s", want, b)
		}
	}
	out, err := Fill([]byte(`<a x="{v}">{v}{w} {not closed {1x} {}</a>`), map[string]string{"v": `<&"'>`, "w": "ok"})
	if err != nil || string(out) != `<a x="&lt;&amp;&quot;&apos;&gt;">&lt;&amp;&quot;&apos;&gt;ok {not closed {1x} {}</a>` {
		t.Errorf("Fill: %q %v", out, err)
	}
	_, err = Fill([]byte("{a}{b}{a}"), map[string]string{})
	pe, ok := err.(*PlaceholderError)
	if !ok || strings.Join(pe.Names, ",") != "a,b" {
		t.Errorf("missing placeholders: %v", err)
	}
	if got := Placeholders([]byte("{orderId} {guid} {orderId}")); strings.Join(got, ",") != "guid,orderId" {
		t.Errorf("Placeholders = %v", got)
	}
	g := NewGUID()
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(g) || g == NewGUID() {
		t.Errorf("NewGUID = %s", g)
	}
	if _, err := s.FillTemplate("nope", now, nil); err != ErrUnknownRole {
		t.Errorf("unknown role: %v", err)
	}
}

// TestEveryPlaceholderHasAValue: the defaults fill every template.
func TestEveryPlaceholderHasAValue(t *testing.T) {
	for _, s := range Services() {
		v := s.Values(time.Now(), nil)
		for _, role := range s.Roles() {
			for _, p := range Placeholders(s.Template(role)) {
				if _, ok := v[p]; !ok {
					t.Errorf("%s/%s: placeholder {%s} has no default", s.Code, role, p)
				}
			}
		}
	}
}
