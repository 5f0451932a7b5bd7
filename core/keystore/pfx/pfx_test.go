package pfx

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

func TestCryptoProPFX(t *testing.T) {
	f, err := os.Open("testdata/EXPECTED_KEYS.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 || c[0] != "cryptopro-pfx" {
			continue
		}
		n++
		file := strings.TrimPrefix(c[1], "pfx/")
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Decode(data, c[3])
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Entries) != 1 || p.Format != "cryptopro" {
				t.Fatalf("%d entries, format %q", len(p.Entries), p.Format)
			}
			if got := hex.EncodeToString(p.Entries[0].Key.Raw()); got != c[7] {
				t.Errorf("key %s, want %s", got, c[7])
			}
			if p.Entries[0].Certificate == nil {
				t.Error("no certificate matches the key")
			}
		})
	}
	if n != 8 {
		t.Fatalf("%d CryptoPro PFX rows", n)
	}
}
