package xmlschema

import (
	"bytes"
	"encoding/xml"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// verdict is "valid", "invalid" or "schema-error".
type verdict string

const (
	vValid   verdict = "valid"
	vInvalid verdict = "invalid"
	vSchema  verdict = "schema-error"
)

// xmllintVerdicts runs one xmllint over many instances of one schema.
func xmllintVerdicts(t testing.TB, schema string, files []string) map[string]verdict {
	t.Helper()
	out := map[string]verdict{}
	for start := 0; start < len(files); start += 500 {
		batch := files[start:min(start+500, len(files))]
		args := append([]string{"--noout", "--nonet", "--schema", schema}, batch...)
		cmd := exec.Command("xmllint", args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		_ = cmd.Run() // non-zero exit for invalid documents
		text := stderr.String()
		if strings.Contains(text, "failed to compile") {
			for _, f := range batch {
				out[f] = vSchema
			}
			continue
		}
		for _, line := range strings.Split(text, "\n") {
			switch {
			case strings.HasSuffix(line, " validates"):
				out[strings.TrimSuffix(line, " validates")] = vValid
			case strings.HasSuffix(line, " fails to validate"):
				out[strings.TrimSuffix(line, " fails to validate")] = vInvalid
			}
		}
		for _, f := range batch {
			if _, ok := out[f]; !ok {
				out[f] = vInvalid // not well-formed: xmllint prints a parser error only
			}
		}
	}
	return out
}

// ourVerdict validates one file with a compiled schema (nil: schema error).
func ourVerdict(s *Schema, data []byte) (verdict, *Result) {
	if s == nil {
		return vSchema, nil
	}
	res, err := s.Validate(bytes.NewReader(data), nil)
	if err != nil || !res.Valid() {
		return vInvalid, res
	}
	return vValid, res
}

// rootNS returns the namespace of the document element.
func rootNS(data []byte) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Space, true
		}
	}
}

type pair struct{ schema, instance string }

// fixturePairs pairs every sample under testdata with the schema of the
// same folder whose targetNamespace is the sample's root namespace.
func fixturePairs(t testing.TB) (pairs []pair, unpaired []string) {
	t.Helper()
	tns := map[string]map[string]string{} // dir -> ns -> schema
	var xmls []string
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "w3c" || d.Name() == "fuzz" || d.Name() == "mutations") {
			return filepath.SkipDir
		}
		switch filepath.Ext(p) {
		case ".xsd":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			root, err := parseTree(bytes.NewReader(b), 1<<30, &schemaDoc{path: p})
			if err != nil {
				return err
			}
			ns, _ := root.attr("targetNamespace")
			dir := filepath.Dir(p)
			if tns[dir] == nil {
				tns[dir] = map[string]string{}
			}
			tns[dir][ns] = p
		case ".xml":
			xmls = append(xmls, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(xmls)
	for _, x := range xmls {
		b, err := os.ReadFile(x)
		if err != nil {
			t.Fatal(err)
		}
		ns, ok := rootNS(b)
		s, found := tns[filepath.Dir(x)][ns]
		if !found {
			// a schema of another folder (sorted for a stable choice)
			var dirs []string
			for d := range tns {
				dirs = append(dirs, d)
			}
			sort.Strings(dirs)
			for _, d := range dirs {
				if s2, ok2 := tns[d][ns]; ok2 && ns != "" {
					s, found = s2, true
					break
				}
			}
		}
		if !ok || !found {
			unpaired = append(unpaired, x)
			continue
		}
		pairs = append(pairs, pair{s, x})
	}
	return pairs, unpaired
}

func TestFixtureVerdictsMatchXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	pairs, unpaired := fixturePairs(t)
	if len(pairs) < 50 {
		t.Fatalf("only %d schema/sample pairs found", len(pairs))
	}
	bySchema := map[string][]string{}
	for _, p := range pairs {
		bySchema[p.schema] = append(bySchema[p.schema], p.instance)
	}
	counts := map[verdict]int{}
	for schema, files := range bySchema {
		want := xmllintVerdicts(t, schema, files)
		s, err := CompileFile(schema, nil)
		if err != nil {
			t.Logf("%s: %v", schema, err)
			s = nil
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, res := ourVerdict(s, b)
			counts[got]++
			if got != want[f] {
				msg := ""
				if res != nil && len(res.Errors) > 0 {
					msg = res.Errors[0].Error()
				}
				t.Errorf("%s with %s: xmllint says %s, we say %s %s", f, schema, want[f], got, msg)
			}
		}
	}
	t.Logf("%d pairs agree with xmllint (%v); samples without a schema: %v", len(pairs), counts, unpaired)
}
