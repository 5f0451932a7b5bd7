package container

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

func addContainerFiles(f *testing.F, name string) {
	dirs, _ := filepath.Glob("testdata/*/*.00?")
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, name)); err == nil {
			f.Add(b)
		}
	}
}

// FuzzParseHeader feeds header.key decoding; errors must be typed.
func FuzzParseHeader(f *testing.F) {
	addContainerFiles(f, FileHeader)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			var ke *kserr.Error
			if !errors.As(err, &ke) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		_ = h.HasPIN()
	})
}

// FuzzDecryptKeys feeds masks.key and primary.key with a fixed real header
// and the empty PIN: never a panic, never a key that fails the checks.
func FuzzDecryptKeys(f *testing.F) {
	hb, err := os.ReadFile("testdata/corefx/G2012256.001/header.key")
	if err != nil {
		f.Fatal(err)
	}
	h, err := ParseHeader(hb)
	if err != nil {
		f.Fatal(err)
	}
	m, _ := os.ReadFile("testdata/corefx/G2012256.001/masks.key")
	p, _ := os.ReadFile("testdata/corefx/G2012256.001/primary.key")
	f.Add(m, p)
	m2, _ := os.ReadFile("testdata/corefx/G2012512.000/masks.key")
	p2, _ := os.ReadFile("testdata/corefx/G2012512.000/primary.key")
	f.Add(m2, p2)
	f.Fuzz(func(t *testing.T, mb, pb []byte) {
		m, err := ParseMasks(mb)
		if err != nil {
			return
		}
		p, err := ParsePrimary(pb)
		if err != nil {
			return
		}
		keys, err := DecryptKeys(h, m, p, "")
		if err != nil {
			var ke *kserr.Error
			if !errors.As(err, &ke) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, k := range keys {
			pub := k.Private.PublicKey().Raw()
			if string(pub[:8]) != string(k.Params.Fingerprint) {
				t.Fatal("key does not match the fingerprint")
			}
		}
	})
}

// FuzzParseName feeds name.key.
func FuzzParseName(f *testing.F) {
	addContainerFiles(f, FileName)
	f.Fuzz(func(t *testing.T, b []byte) { ParseName(b) })
}
