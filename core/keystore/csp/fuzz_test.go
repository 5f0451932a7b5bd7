package csp

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseList feeds certmgr output parsing.
func FuzzParseList(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		certs, _ := ParseList(b)
		for _, c := range certs {
			if c.Fields == nil {
				t.Fatal("nil fields")
			}
		}
	})
}
