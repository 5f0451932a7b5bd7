package pkcs8

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// FuzzParsePEM feeds PEM/DER key decoding.
func FuzzParsePEM(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.pem")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	pbe.MaxIterations = 64
	f.Fuzz(func(t *testing.T, b []byte) {
		bnd, err := ParsePEM(b, "x")
		if err != nil {
			var ke *kserr.Error
			if !errors.As(err, &ke) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, k := range bnd.Keys {
			der, err := MarshalPrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			k2, err := ParsePrivateKey(der)
			if err != nil || !k2.Equal(k) {
				t.Fatalf("re-encoding fails: %v", err)
			}
		}
	})
}
