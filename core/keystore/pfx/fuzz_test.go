package pfx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// FuzzDecode feeds PFX decoding (password "1234", the one of one seed).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.pfx")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	// A PFX with 1 PBKDF2 iteration lets the fuzzer reach the deep paths
	// quickly; the real files (2000 iterations) are then rejected early.
	if b, err := os.ReadFile("testdata/signer-cpA.gost89.pfx"); err == nil {
		if p, err := Decode(b, "1234"); err == nil {
			if fast, err := Encode(p.Entries[0].Key, p.Entries[0].Certificate, "1234", EncodeOptions{Iterations: 1}); err == nil {
				f.Add(fast)
			}
		}
	}
	pbe.MaxIterations = 64
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b, "1234")
		if err != nil {
			var ke *kserr.Error
			if !errors.As(err, &ke) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(p.Entries) == 0 {
			t.Fatal("no entries without an error")
		}
	})
}

// FuzzBER feeds the BER normaliser: its output must be stable.
func FuzzBER(f *testing.F) {
	f.Add([]byte{0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0x41, 0x04, 0x01, 0x42, 0x00, 0x00, 0x00, 0x00})
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x03})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := berToDER(b)
		if err != nil {
			return
		}
		d2, err := berToDER(d)
		if err != nil || string(d2) != string(d) {
			t.Fatalf("not idempotent: %x -> %x (%v)", d, d2, err)
		}
	})
}
