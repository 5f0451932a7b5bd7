package journal

import (
	"slices"
	"testing"
)

// Search text is typed by users and goes into an FTS5 MATCH: whatever it
// is, the search never fails and finds exactly what a plain substring
// scan finds (no query syntax, no lost Cyrillic, no case surprises).
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"ромашка", "РОМАШКА", `"`, `ООО «Ромашка»`, "a OR b", "NEAR(a b)", "*", "гость 0", "12345", "ё", "Ё", "x\x00y", "ab", `""""`, "-", "^ромашка", "col:text"} {
		f.Add(s)
	}
	j := open(f, nil)
	for i, a := range []string{"ООО «Ромашка»", "Ёлкин Пётр", "Smith & Sons", `Цитата "в кавычках"`, "гость 01", "a OR b", "İstanbul ẞtraße"} {
		app := hotelApp(a)
		app.Title = "заявление №" + string(rune('1'+i))
		if err := j.SaveDraft(ctx, app); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		idx, err := j.Search(ctx, Query{Text: text, Limit: -1})
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		scan, err := j.Search(ctx, Query{Text: text, Limit: -1, scan: true})
		if err != nil {
			t.Fatalf("scan %q: %v", text, err)
		}
		ids := func(p *Page) (out []int64) {
			for _, s := range p.Items {
				out = append(out, s.ID)
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(ids(idx), ids(scan)) {
			t.Fatalf("%q: index finds %v, a scan finds %v", text, ids(idx), ids(scan))
		}
	})
}
