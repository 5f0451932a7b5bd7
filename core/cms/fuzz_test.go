package cms

import (
	"bytes"
	"io"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, name := range []string{"gost_test.txt.p7s", "tk26cms-signed-256.der", "signed_a111.pem", "openssl-made/data.txt.cades-bes.attached.p7s"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte{0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 'a', 0x00, 0x00, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := Parse(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		for _, si := range sd.Signers {
			_ = si.Attr(OIDAttrSigningTime)
		}
	})
}

func FuzzBERToDER(f *testing.F) {
	f.Add(readFile(f, "gost_test.txt.p7s"))
	f.Add([]byte{0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 'a', 0x04, 0x02, 'b', 'c', 0x00, 0x00, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := berToDER(data)
		if err != nil {
			return
		}
		// DER output is a fixed point.
		again, err := berToDER(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not idempotent: %x -> %x (%v)", out, again, err)
		}
	})
}

// FuzzVerify runs the whole verification on mutated signatures of a fixed
// content: it must never panic, and must never accept a signature whose
// content differs from the signed one.
func FuzzVerify(f *testing.F) {
	f.Add(readFile(f, "gost_test.txt.p7s"), false)
	f.Add(readFile(f, "openssl-made/data.txt.cades-bes.detached.p7s"), true)
	f.Add(readFile(f, "signed_a121.pem"), false)
	content := readFile(f, "openssl-made/data.txt")
	f.Fuzz(func(t *testing.T, sig []byte, detached bool) {
		var in io.Reader
		if detached {
			in = bytes.NewReader(content)
		}
		r, err := Verify(sig, in)
		if err != nil {
			return
		}
		_ = r.Valid()
		_ = r.Err()
	})
}
