package xsd

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// columnPrefixes go before the element an error is about, on its line:
// tabs, Cyrillic (2 bytes a letter) and an emoji (4 bytes) are one
// character each.
var columnPrefixes = []string{
	"",
	"\t\t\t<!--жжжж-->",
	"<!--😀-->",
	"\t<!--ёж 😀\t-->\t",
}

// posOf cuts the mark ¤ out of doc and returns the 1-based line and
// column in characters where it was.
func posOf(t *testing.T, doc string) (string, int, int) {
	t.Helper()
	i := strings.Index(doc, "¤")
	if i < 0 || strings.Count(doc, "¤") != 1 {
		t.Fatalf("no single ¤ in the document")
	}
	ls := strings.LastIndexByte(doc[:i], '\n') + 1
	return doc[:i] + doc[i+len("¤"):], strings.Count(doc[:i], "\n") + 1, utf8.RuneCountInString(doc[ls:i]) + 1
}

// ruleReaders are the ways a document reaches the field rules: from
// memory, from a reader that can seek back, from one that cannot.
var ruleReaders = []struct {
	name  string
	check func(f File, doc []byte) (*xmlschema.Result, error)
}{
	{"bytes", func(f File, doc []byte) (*xmlschema.Result, error) { return f.ValidateBytes(doc, nil) }},
	{"seeker", func(f File, doc []byte) (*xmlschema.Result, error) { return f.Validate(bytes.NewReader(doc)) }},
	{"stream", func(f File, doc []byte) (*xmlschema.Result, error) {
		return f.Validate(iotest.OneByteReader(bytes.NewReader(doc)))
	}},
}

// TestRuleErrorColumnsCountCharacters: the column of a field-rule error,
// of a syntax error and of a document-level error is 1-based, counted in
// characters, and points at the start tag the error is about (¤ in the
// table), whatever precedes it on its line.
func TestRuleErrorColumnsCountCharacters(t *testing.T) {
	arrival := filled(t, "10000103652", "attach")
	cases := []struct {
		name     string
		old, new [2]string // replacements; ¤ marks where the error points, § where the prefix goes (else before ¤)
		rule     string    // "" for an *xmlschema.XMLError
	}{
		{"date", [2]string{"<umms:birthDate>1979-05-12</umms:birthDate>"}, [2]string{"¤<umms:birthDate>12.05.1979</umms:birthDate>"}, "gosdesk-field-date"},
		{"required (at the parent)", [2]string{"<umms:inn>7707112657</umms:inn>", "<mc:organization>"}, [2]string{"", "¤<mc:organization>"}, "gosdesk-field-required"},
		{"cross-field", [2]string{"<mc:notificationReceived>2025-01-10<", "\n\t\t<umms:dateTo>"}, [2]string{"<mc:notificationReceived>2025-02-10<", "\n\t\t¤<umms:dateTo>"}, "gosdesk-field-dateOrder"},
		{"unknown element", [2]string{"<mc:stayPlace>"}, [2]string{"¤<mc:bogus/><mc:stayPlace>"}, "gosdesk-field-unknown"},
		{"syntax", [2]string{"<umms:birthDate>1979-05-12</umms:birthDate>"}, [2]string{"<umms:birthDate>1979-05-12¤</umms:birthDat>"}, ""},
		{"syntax in a name", [2]string{"<umms:birthDate>1979-05-12</umms:birthDate>"}, [2]string{"§<umms:birthDate ж='ё' жж¤>1979-05-12</umms:birthDate>"}, ""},
		{"second document element", [2]string{"</msr:case>"}, [2]string{"</msr:case>¤<msr:case/>"}, ""},
	}
	svc, _ := Lookup("10000103652")
	f, _ := svc.File("attach")
	for _, c := range cases {
		for _, prefix := range columnPrefixes {
			doc := arrival
			for i, old := range c.old {
				if old == "" {
					continue
				}
				if strings.Count(doc, old) < 1 {
					t.Fatalf("%s: %q not in the template", c.name, old)
				}
				n := c.new[i]
				if strings.Contains(n, "§") {
					n = strings.Replace(n, "§", prefix, 1)
				} else {
					n = strings.Replace(n, "¤", prefix+"¤", 1)
				}
				doc = strings.Replace(doc, old, n, 1)
			}
			doc, line, col := posOf(t, doc)
			for _, r := range ruleReaders {
				res, err := r.check(f, []byte(doc))
				gotLine, gotCol := -1, -1
				if c.rule == "" {
					var xe *xmlschema.XMLError
					if !errors.As(err, &xe) {
						t.Errorf("%s, %q, %s: %v, want an XMLError", c.name, prefix, r.name, err)
						continue
					}
					gotLine, gotCol = xe.Line, xe.Column
				} else {
					if err != nil {
						t.Fatalf("%s, %q, %s: %v", c.name, prefix, r.name, err)
					}
					for _, e := range res.Errors {
						if e.Rule == c.rule {
							gotLine, gotCol = e.Line, e.Column
							break
						}
					}
				}
				if gotLine != line || gotCol != col {
					t.Errorf("%s, prefix %q, %s: error at %d:%d, want %d:%d", c.name, prefix, r.name, gotLine, gotCol, line, col)
				}
			}
		}
	}
}

// TestCodedValueColumns: a coded value's position is its element's start
// tag, the column counted in characters.
func TestCodedValueColumns(t *testing.T) {
	sv, _ := Lookup("10000103652")
	for _, prefix := range columnPrefixes {
		doc, line, col := posOf(t, "<case>\n<person>"+prefix+"¤<citizenship><type>Citizenship</type><element>DEU</element></citizenship></person></case>")
		vals, err := sv.CodedValues(strings.NewReader(doc))
		if err != nil || len(vals) != 1 {
			t.Fatalf("%q: %v %+v", prefix, err, vals)
		}
		if vals[0].Line != line || vals[0].Column != col {
			t.Errorf("prefix %q: %d:%d, want %d:%d", prefix, vals[0].Line, vals[0].Column, line, col)
		}
	}
}

// TestSchemaErrorColumnsCountCharacters: the same for a file checked
// against its schema (core/xmlschema).
func TestSchemaErrorColumnsCountCharacters(t *testing.T) {
	svc, _ := Lookup("60010153")
	f, _ := svc.File("piev_epgu")
	if len(f.Schemas) == 0 {
		t.Fatal("piev_epgu has no schema")
	}
	tmpl := filled(t, "60010153", "piev_epgu")
	i := strings.Index(tmpl, "<fssp:AuthorBorn>")
	j := strings.Index(tmpl[i:], "</fssp:AuthorBorn>") + i
	for _, prefix := range columnPrefixes {
		doc, line, col := posOf(t, tmpl[:i]+prefix+"¤<fssp:AuthorBorn>12.05.1979"+tmpl[j:])
		for _, r := range ruleReaders {
			res, err := r.check(f, []byte(doc))
			if err != nil || res.Valid() {
				t.Fatalf("%q, %s: %v %v", prefix, r.name, err, res)
			}
			if e := res.Errors[0]; e.Line != line || e.Column != col {
				t.Errorf("prefix %q, %s: %s at %d:%d, want %d:%d", prefix, r.name, e.Rule, e.Line, e.Column, line, col)
			}
		}
	}
}

// TestRuleErrorColumnsOnOneLine: several errors on one line (converted one
// from the other) and at one place.
func TestRuleErrorColumnsOnOneLine(t *testing.T) {
	svc, _ := Lookup("10000103652")
	f, _ := svc.File("attach")
	doc := filled(t, "10000103652", "attach")
	var bogus strings.Builder
	for i := range 5 {
		fmt.Fprintf(&bogus, "<!--ж😀\t%d--><mc:bogus%d/>", i, i)
	}
	doc = strings.Replace(doc, "<mc:stayPlace>", bogus.String()+"<mc:stayPlace>", 1)
	for _, r := range ruleReaders {
		res, err := r.check(f, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range res.Errors {
			if e.Rule != "gosdesk-field-unknown" {
				continue
			}
			k := strings.Index(doc, "<mc:"+strings.TrimPrefix(e.Path, "/case/"))
			_, line, col := posOf(t, doc[:k]+"¤"+doc[k:])
			if e.Line != line || e.Column != col {
				t.Errorf("%s: %s at %d:%d, want %d:%d", r.name, e.Path, e.Line, e.Column, line, col)
			}
			n++
		}
		if n != 5 {
			t.Errorf("%s: %d unknown elements reported, want 5", r.name, n)
		}
	}
}
