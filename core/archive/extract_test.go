package archive_test

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/archive"
)

// testLimits are small so that the malicious archives stay small.
var testLimits = archive.Limits{MaxEntries: 50, MaxFileSize: 30 << 20, MaxTotalSize: 40 << 20, MaxRatio: 200}

func TestExtractRefuses(t *testing.T) {
	want := map[string]error{
		"zip-slip": archive.ErrUnsafeEntry, "zip-slip-deep": archive.ErrUnsafeEntry, "absolute": archive.ErrUnsafeEntry,
		"drive": archive.ErrUnsafeEntry, "backslash": archive.ErrUnsafeEntry, "symlink": archive.ErrUnsafeEntry,
		"symlink-then-write": archive.ErrUnsafeEntry, "duplicate": archive.ErrUnsafeEntry, "duplicate-case": archive.ErrUnsafeEntry,
		"file-and-folder": archive.ErrUnsafeEntry, "bomb": archive.ErrExpansion, "too-many-entries": archive.ErrTooManyEntries,
		"lying-size": archive.ErrNotZip, "control-char": archive.ErrUnsafeEntry, "dot-dir": archive.ErrUnsafeEntry,
		"not-a-zip": archive.ErrNotZip, "truncated": archive.ErrNotZip,
	}
	for name, z := range maliciousZips() {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			zp := filepath.Join(base, "in.zip")
			require.NoError(t, os.WriteFile(zp, z, 0o600))
			out := filepath.Join(base, "out")
			files, err := archive.Extract(ctx, zp, out, testLimits)
			require.Error(t, err)
			assert.Nil(t, files)
			assert.ErrorIs(t, err, want[name])
			assert.Empty(t, regularFiles(t, out), "nothing is left of a refused archive")
			assert.NotContains(t, err.Error(), "%!")
			assert.Regexp(t, `[а-яА-Я]`, err.Error(), "Russian message")
			_, statErr := os.Stat("/tmp/gosdesk-evil.txt")
			assert.True(t, os.IsNotExist(statErr))
			_, statErr = os.Stat(filepath.Join(base, "evil.txt"))
			assert.True(t, os.IsNotExist(statErr))
		})
	}
}

func TestExtractLimits(t *testing.T) {
	base := t.TempDir()
	zp := filepath.Join(base, "in.zip")
	// each file within the per-file limit, together above the total
	var es []entry
	for i := 0; i < 3; i++ {
		es = append(es, entry{name: fmt.Sprintf("f%d.bin", i), body: randomBytes(600 << 10)})
	}
	require.NoError(t, os.WriteFile(zp, makeZip(es...), 0o600))
	_, err := archive.Extract(ctx, zp, filepath.Join(base, "out"), archive.Limits{MaxTotalSize: 1 << 20})
	assert.ErrorIs(t, err, archive.ErrResultTooLarge)
	_, err = archive.Extract(ctx, zp, filepath.Join(base, "out"), archive.Limits{MaxFileSize: 500 << 10})
	assert.ErrorIs(t, err, archive.ErrResultTooLarge)
	files, err := archive.Extract(ctx, zp, filepath.Join(base, "out"), archive.Limits{})
	require.NoError(t, err)
	assert.Len(t, files, 3)
}

func TestExtractFolders(t *testing.T) {
	base := t.TempDir()
	zp := filepath.Join(base, "in.zip")
	require.NoError(t, os.WriteFile(zp, makeZip(
		entry{name: "docs/", mode: fs.ModeDir | 0o755},
		entry{name: "docs/ответ.xml", body: []byte("<ok/>")},
		entry{name: "readme.txt", body: []byte("hi")}), 0o600))
	out := filepath.Join(base, "out")
	files, err := archive.Extract(ctx, zp, out, archive.DefaultLimits)
	require.NoError(t, err)
	require.Len(t, files, 2)
	b, err := os.ReadFile(filepath.Join(out, "docs", "ответ.xml"))
	require.NoError(t, err)
	assert.Equal(t, "<ok/>", string(b))
	// extracting again replaces the files
	_, err = archive.Extract(ctx, zp, out, archive.DefaultLimits)
	require.NoError(t, err)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// regularFiles lists the regular files under dir ("" if it does not exist).
func regularFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

var update = flag.Bool("update", false, "rewrite testdata/fuzz/FuzzExtract from maliciousZips")

// TestGenerateFuzzCorpus keeps testdata/fuzz/FuzzExtract in step with
// maliciousZips (go test -run TestGenerateFuzzCorpus -update rewrites it).
func TestGenerateFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzExtract")
	zips := maliciousZips()
	zips["valid"] = makeZip(entry{name: "result.xml", body: []byte("<ok/>")}, entry{name: "result.xml.sig", body: []byte("0\x80")})
	var names []string
	for n := range zips {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, dir := range []string{dir, filepath.Join("testdata", "fuzz", "FuzzCheckZip")} {
			checkSeed(t, dir, n, zips[n])
		}
	}
}

// checkSeed writes (-update) or compares one seed file.
func checkSeed(t *testing.T, dir, n string, zip []byte) {
	{
		p := filepath.Join(dir, n)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", zip)
		if *update {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(p, []byte(want), 0o644))
			return
		}
		got, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s missing: go test -run TestGenerateFuzzCorpus -update", p)
			return
		}
		require.NoError(t, err)
		// makeZip has no timestamps: the corpus is stable
		assert.Equal(t, want, string(got), "%s outdated: go test -run TestGenerateFuzzCorpus -update", p)
	}
}

// FuzzExtract: whatever the archive, Extract writes only regular files
// inside the folder, or nothing at all.
func FuzzExtract(f *testing.F) {
	f.Add(makeZip(entry{name: "a.txt", body: []byte("a")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		base := t.TempDir()
		zp := filepath.Join(base, "in.zip")
		if err := os.WriteFile(zp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(base, "out")
		files, err := archive.Extract(ctx, zp, out, archive.Limits{MaxEntries: 20, MaxFileSize: 1 << 20, MaxTotalSize: 2 << 20, MaxRatio: 100})
		entries, _ := os.ReadDir(base)
		for _, e := range entries {
			if e.Name() != "in.zip" && e.Name() != "out" {
				t.Fatalf("written outside the folder: %s", e.Name())
			}
		}
		filepath.WalkDir(out, func(p string, d fs.DirEntry, werr error) error {
			if werr == nil && d.Type()&fs.ModeSymlink != 0 {
				t.Fatalf("symlink extracted: %s", p)
			}
			return nil
		})
		if err != nil {
			if len(regularFiles(t, out)) > 0 {
				t.Fatalf("files left after an error: %v", err)
			}
			if archive.AsProblems(err) == nil {
				t.Fatalf("not an archive error: %v", err)
			}
			return
		}
		for _, fl := range files {
			rel, rerr := filepath.Rel(out, fl.Path)
			if rerr != nil || strings.HasPrefix(rel, "..") {
				t.Fatalf("file outside the folder: %s", fl.Path)
			}
		}
	})
}

// FuzzCheckZip: a hand-made archive of any content is judged without
// panicking, and a refusal is a list of user-facing problems.
func FuzzCheckZip(f *testing.F) {
	f.Add(makeZip(entry{name: "req.xml", body: []byte("<EPGURequest/>")}, entry{name: "piev_epgu.xml", body: []byte("<x/>")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "user.zip")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"60010153", "10000103652"} {
			err := archive.CheckZip(code, p)
			if err != nil && archive.AsProblems(err) == nil {
				t.Fatalf("%s: not a list of problems: %v", code, err)
			}
		}
	})
}
