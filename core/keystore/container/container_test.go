package container

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

type expectedKey struct {
	path, key, pin, privLE string
}

// readExpected returns the "container" rows of testdata/EXPECTED_KEYS.tsv.
func readExpected(t *testing.T, kind string) []expectedKey {
	t.Helper()
	f, err := os.Open("testdata/EXPECTED_KEYS.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectedKey
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) < 8 || c[0] != kind {
			continue
		}
		out = append(out, expectedKey{path: c[1], key: c[2], pin: c[3], privLE: c[7]})
	}
	if len(out) == 0 {
		t.Fatal("no rows of kind " + kind)
	}
	return out
}

func testdataDir(p string) string {
	return filepath.Join("testdata", strings.TrimPrefix(p, "containers/"))
}

func TestRealContainers(t *testing.T) {
	rows := readExpected(t, "container")
	if len(rows) != 12 {
		t.Fatalf("expected 12 container keys in EXPECTED_KEYS.tsv, got %d", len(rows))
	}
	for _, r := range rows {
		t.Run(r.path+"/"+r.key, func(t *testing.T) {
			c, err := Open(testdataDir(r.path))
			if err != nil {
				t.Fatal(err)
			}
			if c.HasPIN() != (r.pin != "") {
				t.Errorf("HasPIN = %v, PIN %q", c.HasPIN(), r.pin)
			}
			if c.Certificate() == nil {
				t.Error("no certificate in header")
			}
			for _, reserve := range []bool{false, true} {
				var keys []*Key
				if reserve {
					keys, err = c.ReserveKeys(r.pin)
				} else {
					keys, err = c.Keys(r.pin)
				}
				if err != nil {
					t.Fatalf("reserve=%v: %v", reserve, err)
				}
				idx := 0
				if r.key == "secondary" {
					idx = 1
				}
				if len(keys) <= idx {
					t.Fatalf("got %d keys", len(keys))
				}
				if got := hex.EncodeToString(keys[idx].Private.Raw()); got != r.privLE {
					t.Errorf("reserve=%v: key %s, want %s", reserve, got, r.privLE)
				}
				if keys[idx].Secondary != (idx == 1) {
					t.Error("Secondary flag")
				}
			}
		})
	}
}

func TestSigningKeyHasCertificate(t *testing.T) {
	c, err := Open("testdata/corefx/G2012256.001")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "G2012256" || c.FQCN() != `\\.\HDIMAGE\G2012256` {
		t.Errorf("name %q fqcn %q", c.Name, c.FQCN())
	}
	k, cert, err := c.PrivateKey("")
	if err != nil {
		t.Fatal(err)
	}
	ck, err := certKey(cert)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ck, k.PublicKey().Raw()) {
		t.Error("certificate does not match the key")
	}
}

func TestWrongPIN(t *testing.T) {
	for _, tc := range []struct{ dir, pin string }{
		{"kovserg/g2012256.000", "2"},
		{"kovserg/g2012256.000", ""},
		{"kovserg/g2012512.000", "11"},
		{"kovserg/g2001.000", "0"},
		{"corefx/G2012256.001", "1"},
		{"91team/srv.000", "1234"},
	} {
		c, err := Open("testdata/" + tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := c.Keys(tc.pin)
		if !errors.Is(err, kserr.ErrWrongPIN) {
			t.Fatalf("%s PIN %q: got keys=%v err=%v, want ErrWrongPIN", tc.dir, tc.pin, keys, err)
		}
		if !strings.Contains(err.Error(), "неверный PIN-код") || !strings.Contains(err.(*kserr.Error).English(), "wrong container PIN") {
			t.Errorf("message %q", err)
		}
	}
}

func TestNonGostContainers(t *testing.T) {
	for _, d := range []string{"corefx/pfx-0829.000", "corefx/pfx-3407.000"} {
		_, err := Open("testdata/" + d)
		if !errors.Is(err, kserr.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", d, err)
		}
	}
}

func TestCorrupt(t *testing.T) {
	dir := t.TempDir()
	src := "testdata/kovserg/g2012256.000"
	for _, f := range []string{FileHeader, FileName, FileMasks, FilePrimary, FileMasks2, FilePrimary2} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Damaged primary.key: the reserve copy still opens.
	os.WriteFile(filepath.Join(dir, FilePrimary), []byte{0x30, 0x03, 0x04}, 0o600)
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Keys("1"); err != nil {
		t.Errorf("reserve copy not used: %v", err)
	}
	// Both copies damaged.
	os.WriteFile(filepath.Join(dir, FilePrimary2), []byte{1, 2, 3}, 0o600)
	if _, err := c.Keys("1"); !errors.Is(err, kserr.ErrMalformed) {
		t.Errorf("got %v, want ErrMalformed", err)
	}
	// Flipped key byte: never a wrong key.
	b, _ := os.ReadFile(filepath.Join(src, FilePrimary))
	b[10] ^= 1
	os.WriteFile(filepath.Join(dir, FilePrimary), b, 0o600)
	os.Remove(filepath.Join(dir, FilePrimary2))
	if _, err := c.Keys("1"); !errors.Is(err, kserr.ErrWrongPIN) {
		t.Errorf("flipped byte: %v", err)
	}
	// Truncated header.
	hb, _ := os.ReadFile(filepath.Join(src, FileHeader))
	os.WriteFile(filepath.Join(dir, FileHeader), hb[:100], 0o600)
	if _, err := Open(dir); !errors.Is(err, kserr.ErrMalformed) {
		t.Errorf("truncated header: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "nope")); !errors.Is(err, kserr.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
}
