package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// writeTemplate fills a service template with gosctl template and writes
// it to dir/name.
func writeTemplate(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	code, out, errs := gosctl(t, "", append([]string{"template"}, args...)...)
	if code != exitOK {
		t.Fatalf("template %v: %d %s", args, code, errs)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateExitCodesAndLanguages(t *testing.T) {
	dir := t.TempDir()
	req := writeTemplate(t, dir, "req.xml", "60010153", "--set", "orderId=3500308079")
	piev := writeTemplate(t, dir, "piev_epgu.xml", "60010153", "--role", "piev_epgu", "--set", "orderId=3500308079")
	badDir := filepath.Join(dir, "bad")
	os.Mkdir(badDir, 0o755)
	b, _ := os.ReadFile(piev)
	badPiev := filepath.Join(badDir, "piev_epgu.xml")
	// Two violations: an unknown DocType value and a bad DocDate.
	bad := strings.Replace(string(b), "I_IP_EXIST_INTERACTIVE", "I_BOGUS", 1)
	bad = regexp.MustCompile(`<fssp:DocDate>[^<]*<`).ReplaceAllString(bad, "<fssp:DocDate>2025-13-01<")
	os.WriteFile(badPiev, []byte(bad), 0o644)
	broken := filepath.Join(badDir, "req.xml")
	os.WriteFile(broken, []byte("<fssp:EPGURequest xmlns:fssp=\"urn:x\">\n<fssp:DataRequest>"), 0o644)
	badXSD := filepath.Join(dir, "bad.xsd")
	os.WriteFile(badXSD, []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:nosuchtype"/></xs:schema>`), 0o644)
	petition := "../../xsd/schemas/fssp/Petition-2022-1.xsd"

	cases := []struct {
		args     []string
		code     int
		out, err string // substrings
	}{
		{[]string{"validate", req}, exitUsage, "", "нужен --service или --schema"},
		{[]string{"--lang", "en", "validate", req}, exitUsage, "", "--service or --schema is required"},
		{[]string{"validate", "--service", "60010153", "--schema", petition, req}, exitUsage, "", "несовместимы"},
		{[]string{"validate", "--service", "60010153"}, exitUsage, "", "не указаны файлы XML"},
		{[]string{"validate", "--schema", petition, "--role", "req", req}, exitUsage, "", "--role действует только с --service"},
		{[]string{"validate", "--service", "123", req}, exitUsage, "", "неизвестная услуга 123"},
		{[]string{"--lang", "en", "validate", "--service", "123", req}, exitUsage, "", "unknown service 123"},
		{[]string{"validate", "--service", "60010153", "--role", "attach", req}, exitUsage, "", `нет роли "attach"`},
		{[]string{"validate", "--service", "60010153", filepath.Join(dir, "x.xml")}, exitUsage, "", "роль файла не определить"},
		{[]string{"validate", "--service", "60025907", "--role", "req", req}, exitUsage, "", "нет схемы"},
		{[]string{"--lang", "en", "validate", "--service", "60025907", "--role", "req", req}, exitUsage, "", "no schema is known"},
		{[]string{"validate", "--schema", badXSD, req}, exitUsage, "", "схема недействительна: "},
		{[]string{"--lang", "en", "validate", "--schema", badXSD, req}, exitUsage, "", "invalid schema: "},
		{[]string{"validate", "--schema", filepath.Join(dir, "none.xsd"), req}, exitUsage, "", "схема недействительна"},
		{[]string{"validate", "--service", "60010153", req, piev}, exitOK, piev + ": соответствует схеме", ""},
		{[]string{"--lang", "en", "validate", "--service", "60010153", req, piev}, exitOK, req + ": valid", ""},
		{[]string{"validate", "--service", "60010153", "--role", "piev_epgu", badPiev}, exitFailed, badPiev + ": не соответствует схеме: 2 ошибки", ""},
		{[]string{"--lang", "en", "validate", "--service", "60010153", "--role", "piev_epgu", badPiev}, exitFailed, badPiev + ": invalid: 2 errors", ""},
		{[]string{"validate", "--service", "60010153", broken}, exitFailed, broken + ":2:", ""},
		// Issue 13 item 15: a non-well-formed document is said to be so,
		// wholly in the chosen language.
		{[]string{"validate", "--service", "60010153", broken}, exitFailed, broken + ": документ не является корректным XML\n", ""},
		{[]string{"--lang", "en", "validate", "--service", "60010153", broken}, exitFailed, broken + ": not well-formed XML\n", ""},
		{[]string{"validate", "--service", "60010153", req, filepath.Join(dir, "no", "req.xml")}, exitFailed, req + ": соответствует схеме", "файл не найден"},
		{[]string{"validate", "--schema", petition, piev}, exitFailed, "/IRequest", ""},
		{[]string{"validate", "--max-errors", "0", "--service", "60010153", req}, exitUsage, "", "--max-errors"},
		{[]string{"validate", "--service", "60010153", "--role", "req", "-"}, exitOK, "-: соответствует схеме", ""},
	}
	stdin, _ := os.ReadFile(req)
	for _, c := range cases {
		code, out, errs := gosctl(t, string(stdin), c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
			t.Errorf("gosctl %q: code %d (want %d)\nstdout: %s\nstderr: %s", c.args, code, c.code, out, errs)
		}
	}

	// Every error is one line FILE:LINE:COL: PATH: message, in the
	// language of the session.
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(badPiev) + `:(\d+):(\d+): (/\S+): (.+)$`)
	msgs := map[string][]string{}
	for _, lang := range []string{"ru", "en"} {
		_, out, _ := gosctl(t, "", "--lang", lang, "validate", "--service", "60010153", badPiev)
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if m := line.FindStringSubmatch(l); m != nil {
				msgs[lang] = append(msgs[lang], m[4])
			}
		}
	}
	if len(msgs["ru"]) != 2 || len(msgs["en"]) != 2 {
		t.Fatalf("error lines: %q", msgs)
	}
	cyr := regexp.MustCompile(`[а-яё]`)
	for i := range msgs["ru"] {
		if !cyr.MatchString(msgs["ru"][i]) || msgs["ru"][i] == msgs["en"][i] {
			t.Errorf("message %d: ru %q, en %q", i, msgs["ru"][i], msgs["en"][i])
		}
	}
}

func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	req := writeTemplate(t, dir, "req.xml", "10000103652", "--set", "orderId=1")
	attach := writeTemplate(t, dir, "attach.xml", "10000103652", "--role", "attach", "--set", "orderId=3500308079")
	b, _ := os.ReadFile(attach)
	os.WriteFile(attach, []byte(strings.Replace(string(b), "<umms:inn>7707112657<", "<umms:inn>77<", 1)), 0o644)
	code, out, errs := gosctl(t, "", "--lang", "en", "validate", "--json", "--service", "10000103652", req, attach)
	if code != exitFailed {
		t.Fatalf("code %d, stderr %s", code, errs)
	}
	var rep struct {
		Valid bool
		Files []struct {
			File, Service, Role, Schema string
			Valid                       bool
			Errors                      []struct {
				Line, Column                              int
				Path, Rule, Message, MessageRU, MessageEN string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Valid || len(rep.Files) != 2 || !rep.Files[0].Valid || rep.Files[1].Valid {
		t.Fatalf("report: %+v", rep)
	}
	if f := rep.Files[0]; f.Role != "req" || f.Service != "10000103652" || !strings.Contains(f.Schema, "UNOFFICIAL") {
		t.Errorf("req.xml entry: %+v", f)
	}
	e := rep.Files[1].Errors
	if rep.Files[1].Role != "attach" || len(e) != 1 || e[0].Rule != "gosdesk-field-pattern" || e[0].Line < 10 || e[0].Column < 1 ||
		e[0].Path != "/case/host[1]/organization[1]/inn" || e[0].Message != e[0].MessageEN || e[0].MessageRU == e[0].MessageEN {
		t.Errorf("attach.xml errors: %+v", e)
	}
	code, out, _ = gosctl(t, "", "validate", "--json", "--service", "10000103652", req)
	if code != exitOK || !strings.Contains(out, `"valid": true`) || !strings.Contains(out, `"errors": []`) {
		t.Errorf("valid JSON: %d %s", code, out)
	}
}

// TestValidateAgreesWithXmllint: gosctl validate --schema gives the
// verdict of xmllint --schema on every ФССП example of the specs.
func TestValidateAgreesWithXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	files, _ := filepath.Glob("../../xsd/testdata/fssp/fssp_*_example-*.xml")
	if len(files) < 40 {
		t.Fatalf("%d examples", len(files))
	}
	n := 0
	for _, f := range files {
		schemas := []string{"../../xsd/schemas/fssp/Petition-2022-1.xsd", "../../xsd/schemas/fssp/IRequestOther-2021-1.xsd"}
		if strings.Contains(f, "60010153") {
			schemas = []string{"../../xsd/schemas/fssp/incoming-2019-1.xsd"}
		}
		for _, s := range schemas {
			_, lintErr := oracle.Run(nil, "xmllint", "--noout", "--schema", s, f)
			code, out, errs := gosctl(t, "", "validate", "--schema", s, f)
			want := exitOK
			if lintErr != nil {
				want = exitFailed
			}
			if code != want {
				t.Errorf("%s with %s: gosctl %d, xmllint %v\n%s%s", f, s, code, lintErr, out, errs)
			}
			n++
		}
	}
	if n < 80 {
		t.Errorf("only %d checks", n)
	}
}
