package xsd

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/xmlschema"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// extractSchemas writes the embedded schemas/ to a folder for xmllint.
func extractSchemas(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(FS(), "schemas", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// xmllintValid runs xmllint --schema and reports its verdict.
func xmllintValid(t *testing.T, schema, doc string) bool {
	t.Helper()
	out, err := oracle.Run(nil, "xmllint", "--noout", "--schema", schema, doc)
	if err != nil && !strings.Contains(err.Error(), "fails to validate") {
		t.Fatalf("xmllint %s %s: %v %s", schema, doc, err, out)
	}
	return err == nil
}

func errorsText(res *xmlschema.Result) string {
	var b strings.Builder
	for _, e := range res.Errors {
		b.WriteString("\n  " + e.Error())
	}
	return b.String()
}

// TestTemplatesFillValid: each template, filled with the defaults, is
// valid for our validator (schema or field rules) and, where there is a
// schema, for xmllint too. A mutation of each filled template (its first
// text value replaced by a far too long one, or an element dropped) is
// invalid for both.
func TestTemplatesFillValid(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	dir := extractSchemas(t)
	tmp := t.TempDir()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, Moscow)
	checked := 0
	for _, s := range Services() {
		for _, role := range s.Roles() {
			f, _ := s.File(role)
			b, err := s.FillTemplate(role, now, map[string]string{"orderId": "3500308079"})
			if err != nil {
				t.Errorf("%s/%s: %v", s.Code, role, err)
				continue
			}
			res, err := s.ValidateFile(role, bytes.NewReader(b))
			if len(f.Schemas) == 0 && f.Rules == "" {
				if !IsNoSchema(err) {
					t.Errorf("%s/%s: no schema, got %v", s.Code, role, err)
				}
				continue
			}
			if err != nil || !res.Valid() {
				t.Errorf("%s/%s: filled template invalid: %v%s", s.Code, role, err, errorsText(res))
				continue
			}
			checked++
			// A broken copy: drop the first element of the document.
			broken := dropFirstElement(b)
			res2, err := s.ValidateFile(role, bytes.NewReader(broken))
			if err != nil || res2.Valid() {
				t.Errorf("%s/%s: broken template accepted (err %v):\n%s", s.Code, role, err, broken)
			}
			if len(f.Schemas) == 0 {
				continue
			}
			ok := filepath.Join(tmp, s.Code+"-"+role+".xml")
			bad := filepath.Join(tmp, s.Code+"-"+role+"-broken.xml")
			os.WriteFile(ok, b, 0o644)
			os.WriteFile(bad, broken, 0o644)
			schema := filepath.Join(dir, filepath.FromSlash(f.Schemas[0].Entry))
			if !xmllintValid(t, schema, ok) {
				t.Errorf("%s/%s: xmllint rejects the filled template", s.Code, role)
			}
			if xmllintValid(t, schema, bad) {
				t.Errorf("%s/%s: xmllint accepts the broken template", s.Code, role)
			}
		}
	}
	if checked < 14 {
		t.Errorf("only %d templates checked", checked)
	}
}

// dropFirstElement removes the first child element of the document
// element (with its content).
func dropFirstElement(b []byte) []byte {
	s := string(b)
	i := 0
	depth := 0
	start := -1
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case strings.HasPrefix(s[i:], "<?"), strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i:], ">")
			i += end + 1
			continue
		case strings.HasPrefix(s[i:], "</"):
			depth--
			end := strings.Index(s[i:], ">")
			if depth == 1 && start >= 0 {
				return []byte(s[:start] + s[i+end+1:])
			}
			i += end + 1
			continue
		}
		end := strings.Index(s[i:], ">")
		selfClosing := s[i+end-1] == '/'
		if depth == 1 && start < 0 {
			start = i
			if selfClosing {
				return []byte(s[:start] + s[i+end+1:])
			}
		}
		if !selfClosing {
			depth++
		}
		i += end + 1
	}
	return b
}

// TestSpecExamples: the examples of the specifications get the verdict
// xmllint gives them (schema roles) or pass the field rules.
func TestSpecExamples(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	dir := extractSchemas(t)
	cases := []struct {
		code, role, glob string
	}{
		{"10000000367", "piev_epgu", "fssp/fssp_10000000367_v1.3__example-[0-9][0-9].xml"},
		{"60010153", "piev_epgu", "fssp/fssp_60010153_v1.8__example-0[2-8].xml"},
		{"60010153", "piev_epgu", "fssp/yellow444-piev_epgu.xml"},
		{"10000103652", "req", "hotels/req-*.spec-example.xml"},
		{"10000000374", "req", "goskey/*.xml"},
		{"10000000374", "sign_config", "epgu/*.xml"},
	}
	valid, invalid := 0, 0
	for _, c := range cases {
		s, _ := Lookup(c.code)
		f, _ := s.File(c.role)
		files, _ := filepath.Glob(filepath.Join("testdata", c.glob))
		if len(files) == 0 {
			t.Fatalf("no files for %s", c.glob)
		}
		for _, name := range files {
			if strings.HasPrefix(c.glob, "fssp/") && strings.HasSuffix(name, "example-01.xml") {
				continue // the transport req.xml: checked below
			}
			b, _ := os.ReadFile(name)
			res, err := s.ValidateFile(c.role, bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			space, local, _ := sniffRoot(bytes.NewReader(b))
			want := xmllintValid(t, filepath.Join(dir, filepath.FromSlash(f.pick(space, local).Entry)), name)
			if res.Valid() != want {
				t.Errorf("%s: valid=%v, xmllint says %v%s", name, res.Valid(), want, errorsText(res))
			}
			if want {
				valid++
			} else {
				invalid++
			}
		}
	}
	// 39 Petition/IRequestOther + 6 IRequest + the yellow444 IRequest + 3
	// hotel examples + sign_config are valid; 60010153 example 07
	// (DsContentType 21) and the Госключ example (OID first) are not.
	if valid != 50 || invalid != 2 {
		t.Errorf("valid %d, invalid %d; want 50 and 2", valid, invalid)
	}
	// The transport req.xml examples pass the ФССП field rules.
	for code, name := range map[string]string{
		"10000000367": "fssp/fssp_10000000367_v1.3__example-01.xml",
		"60010153":    "fssp/yellow444-req.xml",
	} {
		s, _ := Lookup(code)
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		res, err := s.ValidateFile("req", bytes.NewReader(b))
		if err != nil || !res.Valid() {
			t.Errorf("%s: %v%s", name, err, errorsText(res))
		}
	}
	// 60010153 example 01 is the transport file with ServiceCode of
	// another ВС: the rules flag it.
	s, _ := Lookup("60010153")
	b, _ := os.ReadFile("testdata/fssp/fssp_60010153_v1.8__example-01.xml")
	if res, err := s.ValidateFile("req", bytes.NewReader(b)); err != nil || res.Valid() && !bytes.Contains(b, []byte("10001449665")) {
		t.Errorf("60010153 example 01: %v %v", err, res)
	}
}

// TestSchemaChosenByRoot: piev_epgu.xml of 10000000367 is validated by
// the schema its document element names.
func TestSchemaChosenByRoot(t *testing.T) {
	s, _ := Lookup("10000000367")
	for _, n := range []string{"02", "22"} {
		b, _ := os.ReadFile("testdata/fssp/fssp_10000000367_v1.3__example-" + n + ".xml")
		res, err := s.ValidateFile("piev_epgu", bytes.NewReader(b))
		if err != nil || !res.Valid() {
			t.Errorf("example %s: %v%s", n, err, errorsText(res))
		}
	}
	// An IRequestOther document validated with the Petition schema would
	// fail: make sure the choice matters.
	b, _ := os.ReadFile("testdata/fssp/fssp_10000000367_v1.3__example-22.xml")
	sch, _ := CompileSchema("schemas/fssp/Petition-2022-1.xsd")
	if res, _ := sch.Validate(bytes.NewReader(b), nil); res.Valid() {
		t.Error("IRequestOther valid against Petition")
	}
	// Not well-formed input is an error, not a verdict.
	if _, err := s.ValidateFile("piev_epgu", strings.NewReader("<fssp:Petition")); err == nil {
		t.Error("truncated document: no error")
	}
}
