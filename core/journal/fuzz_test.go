package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// A journal damaged on disk (a bad sector, a half-copied backup) must
// give the user a journal error, never a crash or SQLite's bare text.
func FuzzDamagedJournal(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "good.db")
	j, err := Open(good)
	if err != nil {
		f.Fatal(err)
	}
	for i := range 30 {
		s, err := j.SubmitNew(ctx, hotelApp(fmt.Sprint("Гость ", i)), "sandbox")
		if err != nil {
			f.Fatal(err)
		}
		if _, err := j.BeginReserve(ctx, s.ID); err != nil {
			f.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		f.Fatal(err)
	}
	base, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(0), []byte("XXXX"))           // the header's magic
	f.Add(uint32(28), []byte{0xff, 0xff})      // the page count
	f.Add(uint32(100), []byte{0x0d})           // page 1's b-tree type
	f.Add(uint32(4096+8), []byte{0, 0, 0, 0})  // page 2's header
	f.Add(uint32(3*4096+200), []byte("junk!")) // inside a table page
	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		data := append([]byte(nil), base...)
		o := int(off % uint32(len(data)))
		copy(data[o:], patch)
		path := filepath.Join(t.TempDir(), FileName)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		isJournalErr := func(err error) {
			t.Helper()
			var je *Error
			if err != nil && !errors.As(err, &je) {
				t.Fatalf("patch %x at %d: not a journal error: %v", patch, o, err)
			}
		}
		j, err := Open(path)
		isJournalErr(err)
		if err != nil {
			return
		}
		defer j.Close()
		isJournalErr(j.IntegrityCheck(ctx))
		_, err = j.Search(ctx, Query{Text: "гость", Limit: -1})
		isJournalErr(err)
		_, err = j.Interrupted(ctx, "")
		isJournalErr(err)
		_, err = j.SubmitNew(ctx, hotelApp("после повреждения"), "sandbox")
		isJournalErr(err)
	})
}
