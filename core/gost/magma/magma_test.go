package magma

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 8891 §A.1: the transformation t.
func TestT(t_ *testing.T) {
	v := []uint32{0xfdb97531, 0x2a196f34, 0xebd9f03a, 0xb039bb3d, 0x68695433}
	for i := 0; i+1 < len(v); i++ {
		if got := t(v[i]); got != v[i+1] {
			t_.Errorf("t(%08x) = %08x, want %08x", v[i], got, v[i+1])
		}
	}
}

// RFC 8891 §A.2: the transformation g.
func TestG(t *testing.T) {
	cases := [][3]uint32{
		{0x87654321, 0xfedcba98, 0xfdcbc20c},
		{0xfdcbc20c, 0x87654321, 0x7e791a4b},
		{0x7e791a4b, 0xfdcbc20c, 0xc76549ec},
		{0xc76549ec, 0x7e791a4b, 0x9791c849},
	}
	for _, c := range cases {
		if got := g(c[0], c[1]); got != c[2] {
			t.Errorf("g[%08x](%08x) = %08x, want %08x", c[0], c[1], got, c[2])
		}
	}
}

// RFC 8891 §A.3–A.5: key schedule, encryption and decryption.
func TestRFC8891(t *testing.T) {
	key := unhex(t, "ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
	b, err := NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{0xffeeddcc, 0xbbaa9988, 0x77665544, 0x33221100, 0xf0f1f2f3, 0xf4f5f6f7, 0xf8f9fafb, 0xfcfdfeff}
	rk := b.(*magma).roundKeys()
	for i := 0; i < 32; i++ {
		w := want[i%8]
		if i >= 24 {
			w = want[31-i]
		}
		if rk[i] != w {
			t.Errorf("K%d = %08x, want %08x", i+1, rk[i], w)
		}
	}
	pt := unhex(t, "fedcba9876543210")
	ct := unhex(t, "4ee901e5c2d8ca3d")
	got := make([]byte, 8)
	b.Encrypt(got, pt)
	if !bytes.Equal(got, ct) {
		t.Fatalf("encrypt = %x, want %x", got, ct)
	}
	b.Decrypt(got, ct)
	if !bytes.Equal(got, pt) {
		t.Fatalf("decrypt = %x, want %x", got, pt)
	}
	if b.BlockSize() != 8 {
		t.Fatal("BlockSize")
	}
	if _, err := NewCipher(key[:31]); err == nil {
		t.Fatal("short key accepted")
	}
}

// GOST R 34.13-2015 §A.2.1: ECB on four blocks.
func TestGOST3413ECB(t *testing.T) {
	key := unhex(t, "ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
	pt := unhex(t, "92def06b3c130a59db54c704f8189d204a98fb2e67a8024c8912409b17b57e41")
	want := unhex(t, "2b073f0494f372a0de70e715d3556e4811d8d9e9eacfbc1e7c68260996c67efb")
	b, _ := NewCipher(key)
	got := make([]byte, len(pt))
	for i := 0; i < len(pt); i += 8 {
		b.Encrypt(got[i:], pt[i:])
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ECB = %x, want %x", got, want)
	}
}
