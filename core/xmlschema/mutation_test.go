package xmlschema

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// textMutations break the facets of typical types: lengths, patterns,
// digits, bounds, enumerations, dates, whitespace.
var textMutations = []func(string) string{
	func(string) string { return "" },
	func(s string) string { return s + strings.Repeat("Ж", 300) },
	func(s string) string {
		if s == "" {
			return "x"
		}
		return s[:len(s)/2]
	},
	func(s string) string { return s + "x" },
	func(s string) string { return "-" + s },
	func(s string) string { return s + "1" },
	func(s string) string { return s + ".123456" },
	func(s string) string { return " " + s + " " },
	func(string) string { return "99999999999999999999999" },
	func(string) string { return "-1" },
	func(string) string { return "0" },
	func(string) string { return "2024-02-30" },
	func(string) string { return "2024-01-01T25:00:00" },
	func(string) string { return "true" },
	func(string) string { return "abc" },
	func(string) string { return "1.5" },
	func(s string) string { return strings.ToUpper(s) + "z" },
	func(string) string { return "00000000-0000-0000-0000-00000000000g" },
	func(s string) string { return strings.ReplaceAll(s, "0", "O") },
	func(s string) string { return s + s },
}

func elements(root *etree.Element) []*etree.Element {
	var out []*etree.Element
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		out = append(out, e)
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(root)
	return out
}

func readDoc(data []byte) (*etree.Document, error) {
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = charsetReader
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, err
	}
	for _, tok := range doc.Child {
		if pi, ok := tok.(*etree.ProcInst); ok && pi.Target == "xml" {
			pi.Inst = `version="1.0" encoding="UTF-8"`
		}
	}
	return doc, nil
}

// mutate applies one random mutation and describes it.
func mutate(rng *rand.Rand, doc *etree.Document) string {
	els := elements(doc.Root())
	e := els[rng.Intn(len(els))]
	parent := e.Parent()
	leaf := len(e.ChildElements()) == 0
	switch k := rng.Intn(10); {
	case k == 0 && parent != nil && parent.Parent() != nil:
		parent.RemoveChild(e)
		return "drop " + e.Tag
	case k == 1 && parent != nil && parent.Parent() != nil:
		parent.InsertChildAt(e.Index()+1, e.Copy())
		return "duplicate " + e.Tag
	case k == 2 && parent != nil:
		sib := parent.ChildElements()
		i := rng.Intn(len(sib))
		j := rng.Intn(len(sib))
		if i != j {
			a, b := sib[i], sib[j]
			ia, ib := a.Index(), b.Index()
			parent.RemoveChildAt(max(ia, ib))
			parent.RemoveChildAt(min(ia, ib))
			if ia < ib {
				parent.InsertChildAt(ia, b)
				parent.InsertChildAt(ib, a)
			} else {
				parent.InsertChildAt(ib, a)
				parent.InsertChildAt(ia, b)
			}
			return "swap " + a.Tag + " " + b.Tag
		}
		return "noop"
	case k == 3:
		e.CreateAttr("unknownAttr", "1")
		return "unknown attribute on " + e.Tag
	case k == 4 && len(e.Attr) > 0:
		a := e.Attr[rng.Intn(len(e.Attr))]
		if a.Space == "xmlns" || a.Key == "xmlns" {
			return "noop"
		}
		if rng.Intn(2) == 0 {
			e.RemoveAttr(a.FullKey())
			return "remove attribute " + a.Key
		}
		e.CreateAttr(a.FullKey(), textMutations[rng.Intn(len(textMutations))](a.Value))
		return "change attribute " + a.Key
	case k == 5 && !leaf:
		c := e.CreateElement(e.ChildElements()[0].FullTag() + "Extra")
		c.SetText("1")
		return "unknown child in " + e.Tag
	case k == 6 && leaf:
		e.CreateElement(e.FullTag()).SetText("1")
		return "child in leaf " + e.Tag
	default:
		if !leaf {
			// mutate a leaf below instead
			var leaves []*etree.Element
			for _, x := range elements(e) {
				if len(x.ChildElements()) == 0 {
					leaves = append(leaves, x)
				}
			}
			e = leaves[rng.Intn(len(leaves))]
		}
		i := rng.Intn(len(textMutations))
		e.SetText(textMutations[i](e.Text()))
		return fmt.Sprintf("text #%d of %s", i, e.Tag)
	}
}

func TestMutationsMatchXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	pairs, _ := fixturePairs(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(20240601))
	const perSample = 60
	type mut struct {
		file, desc, sample string
		data               []byte
	}
	bySchema := map[string][]mut{}
	n := 0
	for _, p := range pairs {
		data, err := os.ReadFile(p.instance)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < perSample; i++ {
			doc, err := readDoc(data)
			if err != nil {
				t.Fatalf("%s: %v", p.instance, err)
			}
			steps := 1 + rng.Intn(2)
			var descs []string
			for s := 0; s < steps; s++ {
				descs = append(descs, mutate(rng, doc))
			}
			out, err := doc.WriteToBytes()
			if err != nil {
				t.Fatal(err)
			}
			n++
			f := filepath.Join(dir, fmt.Sprintf("m%05d.xml", n))
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			bySchema[p.schema] = append(bySchema[p.schema], mut{f, strings.Join(descs, "; "), p.instance, out})
		}
	}
	var schemas []string
	for s := range bySchema {
		schemas = append(schemas, s)
	}
	sort.Strings(schemas)
	var bad []string
	agree := map[verdict]int{}
	for _, schema := range schemas {
		muts := bySchema[schema]
		files := make([]string, len(muts))
		for i, m := range muts {
			files[i] = m.file
		}
		want := xmllintVerdicts(t, schema, files)
		s, err := CompileFile(schema, nil)
		if err != nil {
			s = nil
		}
		for _, m := range muts {
			got, res := ourVerdict(s, m.data)
			if got != want[m.file] {
				first := ""
				if res != nil && len(res.Errors) > 0 {
					first = res.Errors[0].Error()
				}
				bad = append(bad, fmt.Sprintf("%s (%s of %s): xmllint %s, ours %s %s", m.file, m.desc, m.sample, want[m.file], got, first))
				if os.Getenv("XSD_KEEP_MUTATIONS") != "" {
					os.WriteFile(filepath.Join(os.TempDir(), filepath.Base(m.file)), m.data, 0o644)
				}
			} else {
				agree[got]++
			}
		}
	}
	t.Logf("%d mutations, agreement: %v", n, agree)
	if len(bad) > 0 {
		t.Errorf("%d of %d mutations disagree with xmllint:\n%s", len(bad), n, strings.Join(bad, "\n"))
	}
}
