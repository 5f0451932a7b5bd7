package cms

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
)

// TestSignToAttached checks that the two-pass attached signature of a file
// is byte-identical to the in-memory one and verifies.
func TestSignToAttached(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26512B]
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, size := range []int{0, 1, 127, 128, 300, 70000, 1 << 20} {
		content := make([]byte, size)
		for i := range content {
			content[i] = byte(i * 13)
		}
		path := filepath.Join(t.TempDir(), "f")
		os.WriteFile(path, content, 0o600)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		fixed := func() *SignOptions {
			return &SignOptions{Attached: true, SigningTime: when, Rand: bytes.NewReader(bytes.Repeat([]byte{7}, 1024))}
		}
		err = SignTo(&out, f, s.key, s.cert, fixed())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		mem, err := Sign(bytes.NewReader(content), s.key, s.cert, fixed())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), mem) {
			t.Fatalf("size %d: streamed attached signature differs from in-memory one", size)
		}
		r, err := Verify(out.Bytes(), nil)
		if err != nil || !r.Valid() || !bytes.Equal(r.Content, content) {
			t.Fatalf("size %d: %v %v", size, err, r.Err())
		}
	}
}
