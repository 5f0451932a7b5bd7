package streebog

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"hash"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// oracleTool is one external implementation and the way it prints a digest.
type oracleTool struct {
	name  string
	size  int
	run   func(files []string) ([]byte, error)
	strip string // what separates the hex digest from the file name
}

func oracleTools(t *testing.T) []oracleTool {
	oracle.RequireOpenSSLGost(t)
	oracle.RequireTool(t, "gost12sum", "gostsum")
	openssl := func(md string) func([]string) ([]byte, error) {
		return func(files []string) ([]byte, error) {
			return oracle.OpenSSL(nil, append([]string{"dgst", md, "-r"}, files...)...)
		}
	}
	gost12sum := func(flags ...string) func([]string) ([]byte, error) {
		return func(files []string) ([]byte, error) {
			return oracle.Run(nil, "gost12sum", append(flags, files...)...)
		}
	}
	return []oracleTool{
		// openssl dgst -r prints "HEX *FILE".
		{"openssl dgst -md_gost12_256", Size256, openssl("-md_gost12_256"), " *"},
		{"openssl dgst -md_gost12_512", Size512, openssl("-md_gost12_512"), " *"},
		// gost12sum prints "HEX FILE" with one space.
		{"gost12sum", Size256, gost12sum(), " "},
		{"gost12sum -l", Size512, gost12sum("-l"), " "},
	}
}

// parseSums maps file name to digest from the output of one tool.
func parseSums(t *testing.T, tool oracleTool, out []byte) map[string]string {
	t.Helper()
	sums := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		sum, file, ok := strings.Cut(sc.Text(), tool.strip)
		if !ok || len(sum) != 2*tool.size {
			t.Fatalf("%s: unexpected line %q", tool.name, sc.Text())
		}
		sums[file] = strings.ToLower(sum)
	}
	return sums
}

func goSum(size int, data []byte) string {
	if size == Size256 {
		s := Sum256(data)
		return hex.EncodeToString(s[:])
	}
	s := Sum512(data)
	return hex.EncodeToString(s[:])
}

// TestOracleEveryLength hashes random inputs of every length 0…4096 with
// both OpenSSL's GOST engine and gost12sum, for both digest sizes.
func TestOracleEveryLength(t *testing.T) {
	tools := oracleTools(t)
	const maxLen = 4096
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(2012, 6986))
	inputs := make([][]byte, maxLen+1)
	files := make([]string, maxLen+1)
	for n := range inputs {
		inputs[n] = randomBytes(rng, n)
		files[n] = filepath.Join(dir, fmt.Sprintf("m%d", n))
		if err := os.WriteFile(files[n], inputs[n], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Every tool gets all files in a few invocations, run concurrently.
	const batches = 2
	type result struct {
		tool oracleTool
		out  []byte
		err  error
	}
	var wg sync.WaitGroup
	results := make(chan result, len(tools)*batches)
	sem := make(chan struct{}, oracle.Parallelism())
	for _, tool := range tools {
		for b := range batches {
			lo, hi := b*len(files)/batches, (b+1)*len(files)/batches
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				out, err := tool.run(files[lo:hi])
				results <- result{tool, out, err}
			})
		}
	}
	wg.Wait()
	close(results)
	got := make(map[string]map[string]string)
	for r := range results {
		if r.err != nil {
			t.Fatalf("%s: %v", r.tool.name, r.err)
		}
		if got[r.tool.name] == nil {
			got[r.tool.name] = make(map[string]string)
		}
		for f, s := range parseSums(t, r.tool, r.out) {
			got[r.tool.name][f] = s
		}
	}
	for _, tool := range tools {
		sums := got[tool.name]
		if len(sums) != len(files) {
			t.Fatalf("%s printed %d digests, want %d", tool.name, len(sums), len(files))
		}
		failures := 0
		for n, f := range files {
			if want := goSum(tool.size, inputs[n]); sums[f] != want {
				t.Errorf("length %d: %s = %s, Go = %s", n, tool.name, sums[f], want)
				if failures++; failures > 5 {
					t.FailNow()
				}
			}
		}
	}
}

// TestOracleLongStream writes a 64 MiB deterministic stream to a file while
// hashing it with random-sized Writes, then compares with the oracles.
func TestOracleLongStream(t *testing.T) {
	tools := oracleTools(t)
	const total = 64 << 20
	file := filepath.Join(t.TempDir(), "stream")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	hashes := []hash.Hash{New256(), New512()}
	src := rand.NewChaCha8([32]byte{'s', 't', 'r', 'e', 'e', 'b', 'o', 'g'})
	rng := rand.New(rand.NewPCG(1, 1))
	buf := make([]byte, 200_000)
	for written := 0; written < total; {
		n := min(total-written, rng.IntN(len(buf))+1)
		chunk := buf[:n]
		src.Read(chunk)
		for _, h := range hashes {
			h.Write(chunk)
		}
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
		written += n
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		Size256: hex.EncodeToString(hashes[0].Sum(nil)),
		Size512: hex.EncodeToString(hashes[1].Sum(nil)),
	}
	outs := make([][]byte, len(tools))
	errs := make([]error, len(tools))
	var wg sync.WaitGroup
	for i, tool := range tools {
		wg.Go(func() { outs[i], errs[i] = tool.run([]string{file}) })
	}
	wg.Wait()
	for i, tool := range tools {
		if errs[i] != nil {
			t.Fatalf("%s: %v", tool.name, errs[i])
		}
		if got := parseSums(t, tool, outs[i])[file]; got != want[tool.size] {
			t.Errorf("64 MiB stream: %s = %s, Go = %s", tool.name, got, want[tool.size])
		}
	}
}
