package gost341194

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

func TestVectors(t *testing.T) {
	f, err := os.Open("testdata/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.Split(line, "|")
		sbox := gost28147.SBoxHashTest
		if parts[0] == "cryptopro" {
			sbox = gost28147.SBoxHashCryptoPro
		}
		h := New(sbox)
		h.Write([]byte(parts[1]))
		if got := hex.EncodeToString(h.Sum(nil)); got != parts[2] {
			t.Errorf("%s %q: %s, want %s", parts[0], parts[1], got, parts[2])
		}
		n++
	}
	if n != 10 {
		t.Fatalf("read %d vectors", n)
	}
	if s := SumCryptoPro([]byte("abc")); hex.EncodeToString(s[:]) != "b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c" {
		t.Errorf("SumCryptoPro(abc) = %x", s)
	}
}

func TestHashInterface(t *testing.T) {
	h := NewCryptoPro()
	if h.Size() != 32 || h.BlockSize() != 32 {
		t.Fatal("sizes")
	}
	data := make([]byte, 1000)
	for i := range data {
		data[i] = byte(i)
	}
	h.Write(data)
	want := h.Sum(nil)
	if !bytes.Equal(h.Sum(nil), want) {
		t.Fatal("Sum changed the state")
	}
	h.Reset()
	for off, n := 0, 1; off < len(data); n = n%37 + 1 {
		end := min(off+n, len(data))
		h.Write(data[off:end])
		off = end
	}
	if !bytes.Equal(h.Sum([]byte{1}), append([]byte{1}, want...)) {
		t.Fatal("chunked writes / Sum(prefix) disagree")
	}
}

// TestOracleGostsum hashes random messages of 0..1024 bytes (and around
// block boundaries) and compares with one batched `gostsum` (CryptoPro) and
// `gostsum -t` (test paramset) run.
func TestOracleGostsum(t *testing.T) {
	oracle.RequireTool(t, "gostsum", "gostsum")
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	lens := []int{0, 1, 31, 32, 33, 63, 64, 65, 1024}
	for len(lens) < 80 {
		lens = append(lens, r.IntN(1025))
	}
	var files []string
	msgs := map[string][]byte{}
	for i, n := range lens {
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		name := filepath.Join(dir, fmt.Sprintf("m%03d", i))
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
		msgs[name] = b
	}
	for _, ps := range []struct {
		flag []string
		sbox *gost28147.SBox
	}{{nil, gost28147.SBoxHashCryptoPro}, {[]string{"-t"}, gost28147.SBoxHashTest}} {
		out, err := oracle.Run(nil, "gostsum", append(ps.flag, files...)...)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(files) {
			t.Fatalf("gostsum printed %d lines for %d files", len(lines), len(files))
		}
		for _, line := range lines {
			f := strings.Fields(line)
			want, _ := hex.DecodeString(f[0])
			slices.Reverse(want) // gostsum prints the big-endian number
			h := New(ps.sbox)
			h.Write(msgs[f[1]])
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Errorf("gostsum %v %d bytes: %x, mine %x", ps.flag, len(msgs[f[1]]), want, got)
			}
		}
	}
}

// TestOracleOpenSSL compares with `openssl dgst -md_gost94` on a few sizes.
func TestOracleOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, n := range []int{0, 5, 32, 100, 4097} {
		data := bytes.Repeat([]byte{0xc3}, n)
		out, err := oracle.OpenSSL(data, "dgst", "-md_gost94", "-r")
		if err != nil {
			t.Fatal(err)
		}
		h := NewCryptoPro()
		h.Write(data)
		if got := hex.EncodeToString(h.Sum(nil)); !strings.HasPrefix(string(out), got) {
			t.Errorf("%d bytes: openssl %s, mine %s", n, out, got)
		}
	}
}

func BenchmarkHash(b *testing.B) {
	h := NewCryptoPro()
	buf := make([]byte, 8192)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		h.Write(buf)
	}
}
