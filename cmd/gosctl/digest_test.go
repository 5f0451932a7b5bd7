package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestDigestMatchesGostsum: `gosctl digest` prints exactly what gost12sum
// (Streebog) and gostsum (GOST R 34.11-94, CryptoPro and test parameters)
// print for the same files.
func TestDigestMatchesGostsum(t *testing.T) {
	oracle.RequireTool(t, "gost12sum", "gostsum")
	oracle.RequireTool(t, "gostsum", "gostsum")
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	var files []string
	for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 1000, 70000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		f := filepath.Join(dir, "f"+strings.Repeat("x", n%7)+string(rune('a'+len(files)))+".bin")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, c := range []struct {
		alg  string
		tool string
		args []string
	}{
		{"streebog256", "gost12sum", nil},
		{"streebog512", "gost12sum", []string{"-l"}},
		{"gost94", "gostsum", nil},
		{"gost94-test", "gostsum", []string{"-t"}},
	} {
		want, err := oracle.Run(nil, c.tool, append(c.args, files...)...)
		if err != nil {
			t.Fatal(err)
		}
		code, got, errs := gosctl(t, "", append([]string{"digest", "-a", c.alg}, files...)...)
		if code != exitOK || got != string(want) {
			t.Errorf("%s: code %d, stderr %q\n got: %s\nwant: %s", c.alg, code, errs, got, want)
		}
	}
}

func TestDigestStdinAndErrors(t *testing.T) {
	code, out, _ := gosctl(t, "abc", "digest")
	if code != exitOK || out != "4e2919cf137ed41ec4fb6270c61826cc4fffb660341e0af3688cd0626d23b481 -\n" {
		t.Errorf("stdin: %d %q", code, out)
	}
	code, out, _ = gosctl(t, "abc", "digest", "-a", "streebog512", "-")
	if code != exitOK || !strings.HasSuffix(out, " -\n") || len(out) != 128+3 {
		t.Errorf("stdin 512: %d %q", code, out)
	}
	f := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(f, []byte("abc"), 0o644)
	code, out, errs := gosctl(t, "", "digest", f, "/nonexistent/file", f)
	if code != exitFailed || strings.Count(out, "4e2919cf") != 2 || !strings.Contains(errs, "/nonexistent/file: файл не найден") {
		t.Errorf("missing file: %d %q %q", code, out, errs)
	}
	code, _, errs = gosctl(t, "", "digest", "-a", "md5", f)
	if code != exitUsage || !strings.Contains(errs, "неизвестный алгоритм") {
		t.Errorf("bad alg: %d %q", code, errs)
	}
}
