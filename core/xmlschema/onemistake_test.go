package xmlschema

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// xmllintErrorCounts runs xmllint over files of one schema and counts the
// validity errors it prints per file.
func xmllintErrorCounts(t testing.TB, schema string, files []string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for start := 0; start < len(files); start += 500 {
		batch := files[start:min(start+500, len(files))]
		cmd := exec.Command("xmllint", append([]string{"--noout", "--nonet", "--schema", schema}, batch...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		_ = cmd.Run()
		for _, line := range strings.Split(stderr.String(), "\n") {
			if i := strings.Index(line, ": element "); i > 0 && strings.Contains(line, "Schemas validity error") {
				f := line[:i]
				if j := strings.LastIndexByte(f, ':'); j > 0 {
					f = f[:j] // file:line
				}
				out[f]++
			}
		}
	}
	return out
}

// TestOneMistakeOneError: one missing, extra or duplicated element gives
// one error — as many as xmllint reports — instead of one per following
// sibling (issue 13, item 14). Every fixture sample gets such single
// mutations of its elements; wherever xmllint reports exactly one error,
// so must we.
func TestOneMistakeOneError(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	pairs, _ := fixturePairs(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(13))
	type mut struct{ file, desc string }
	bySchema := map[string][]mut{}
	n := 0
	for _, p := range pairs {
		data, err := os.ReadFile(p.instance)
		if err != nil {
			t.Fatal(err)
		}
		// Only valid samples: after a content error xmllint skips the
		// rest of the parent, hiding other errors an invalid sample has.
		if s, err := CompileFile(p.schema, nil); err != nil {
			t.Fatal(err)
		} else if v, _ := ourVerdict(s, data); v != vValid {
			continue
		}
		probe, err := readDoc(data)
		if err != nil {
			t.Fatal(err)
		}
		count := len(elements(probe.Root()))
		for i := 0; i < 16; i++ {
			doc, _ := readDoc(data)
			els := elements(doc.Root())
			e := els[1+rng.Intn(count-1)]
			parent := e.Parent()
			var desc string
			switch i % 4 {
			case 3:
				// swap with the next sibling (an order mistake)
				next := e.Parent().ChildElements()
				j := e.Index()
				var nx *etree.Element
				for _, c := range next {
					if c.Index() > j {
						nx = c
						break
					}
				}
				if nx == nil || nx.Tag == e.Tag {
					desc = "noop"
					break
				}
				parent.RemoveChild(nx)
				parent.InsertChildAt(e.Index(), nx)
				desc = "swap " + e.Tag + " " + nx.Tag
			case 0:
				parent.RemoveChild(e)
				desc = "drop " + e.Tag
			case 1:
				parent.InsertChildAt(e.Index(), e.Copy())
				desc = "duplicate " + e.Tag
			case 2:
				x := etree.NewElement(e.FullTag() + "Unexpected")
				x.SetText("1")
				parent.InsertChildAt(e.Index(), x)
				desc = "unknown before " + e.Tag
			}
			out, err := doc.WriteToBytes()
			if err != nil {
				t.Fatal(err)
			}
			n++
			f := filepath.Join(dir, fmt.Sprintf("m%04d.xml", n))
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			bySchema[p.schema] = append(bySchema[p.schema], mut{f, desc + " in " + filepath.Base(p.instance)})
		}
	}
	var schemas []string
	for s := range bySchema {
		schemas = append(schemas, s)
	}
	sort.Strings(schemas)
	var bad []string
	ones := 0
	for _, schema := range schemas {
		muts := bySchema[schema]
		var files []string
		for _, m := range muts {
			files = append(files, m.file)
		}
		want := xmllintErrorCounts(t, schema, files)
		s, err := CompileFile(schema, nil)
		if err != nil {
			t.Fatalf("%s: %v", schema, err)
		}
		for _, m := range muts {
			if want[m.file] != 1 {
				continue
			}
			ones++
			data, _ := os.ReadFile(m.file)
			res, err := s.Validate(bytes.NewReader(data), nil)
			if err != nil {
				t.Fatalf("%s: %v", m.desc, err)
			}
			if len(res.Errors) != 1 {
				var msgs []string
				for _, e := range res.Errors {
					msgs = append(msgs, "  "+e.Error())
				}
				bad = append(bad, fmt.Sprintf("%s: xmllint 1 error, ours %d:\n%s", m.desc, len(res.Errors), strings.Join(msgs, "\n")))
			}
		}
	}
	t.Logf("%d mutations, %d with one xmllint error", n, ones)
	if ones < 150 {
		t.Errorf("only %d cases with one xmllint error: the test checks too little", ones)
	}
	if len(bad) > 0 {
		t.Errorf("%d of %d single mistakes give more errors than xmllint:\n%s", len(bad), ones, strings.Join(bad, "\n"))
	}
}
