package acpkm

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/kuznyechik"
	"github.com/gosdesk/gosdesk/core/gost/magma"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Inputs of GOST R 34.13-2015 Appendix A (A.1: Kuznyechik, A.2: Magma).
const (
	kKey = "8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef"
	kP   = "1122334455667700ffeeddccbbaa998800112233445566778899aabbcceeff0a" +
		"112233445566778899aabbcceeff0a002233445566778899aabbcceeff0a0011"
	mKey = "ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
	mP   = "92def06b3c130a59db54c704f8189d204a98fb2e67a8024c8912409b17b57e41"
)

func stream(t *testing.T, s cipher.Stream, err error, in []byte) []byte {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, len(in))
	s.XORKeyStream(out, in)
	return out
}

// GOST R 34.13-2015 A.1.2 and A.2.2: CTR.
func TestCTRVectors(t *testing.T) {
	kb, _ := kuznyechik.NewCipher(unhex(t, kKey))
	s, err := NewCTR(kb, unhex(t, "1234567890abcef0"))
	if got := stream(t, s, err, unhex(t, kP)); hex.EncodeToString(got) !=
		"f195d8bec10ed1dbd57b5fa240bda1b885eee733f6a13e5df33ce4b33c45dee4"+
			"a5eae88be6356ed3d5e877f13564a3a5cb91fab1f20cbab6d1c6d15820bdba73" {
		t.Errorf("Kuznyechik CTR = %x", got)
	}
	mb, _ := magma.NewCipher(unhex(t, mKey))
	s, err = NewCTR(mb, unhex(t, "12345678"))
	if got := stream(t, s, err, unhex(t, mP)); hex.EncodeToString(got) !=
		"4e98110c97b7b93c3e250d93d6e85d69136d868807b2dbef568eb680ab52a12d" {
		t.Errorf("Magma CTR = %x", got)
	}
	if _, err := NewCTR(mb, make([]byte, 8)); err != ErrIVSize {
		t.Error("full-block IV accepted for Magma CTR")
	}
}

// R 1323565.1.017-2018 A.1 (also RFC 8645 Appendix A): CTR-ACPKM with
// Kuznyechik, section N = 256 bits.
func TestCTRACPKMKuznyechikVector(t *testing.T) {
	p := unhex(t, kP+"33445566778899aabbcceeff0a001122"+"445566778899aabbcceeff0a00112233"+"5566778899aabbcceeff0a0011223344")
	want := "f195d8bec10ed1dbd57b5fa240bda1b885eee733f6a13e5df33ce4b33c45dee4" +
		"4bceeb8f646f4c55001706275e85e800587c4df568d094393e4834afd0805046" +
		"cf30f57686aeece11cfc6c316b8a896edffd07ec813636460c4f3b743423163e" +
		"6409a9c282fac8d469d221e7fbd6de5d"
	s, err := NewCTRACPKM(kuznyechik.NewCipher, unhex(t, kKey), unhex(t, "1234567890abcef0"), 32)
	got := stream(t, s, err, p)
	if hex.EncodeToString(got) != want {
		t.Fatalf("CTR-ACPKM = %x", got)
	}
	// Byte-by-byte calls give the same stream.
	s, _ = NewCTRACPKM(kuznyechik.NewCipher, unhex(t, kKey), unhex(t, "1234567890abcef0"), 32)
	one := make([]byte, len(p))
	for i := range p {
		s.XORKeyStream(one[i:i+1], p[i:i+1])
	}
	if !bytes.Equal(one, got) {
		t.Fatal("byte-wise CTR-ACPKM differs")
	}
}

// The first section of CTR-ACPKM is plain CTR; ACPKM(K) is E_K(D).
func TestCTRACPKMProperties(t *testing.T) {
	key := unhex(t, mKey)
	data := make([]byte, 64)
	a, err := NewCTRACPKM(magma.NewCipher, key, []byte{1, 2, 3, 4}, 64)
	x := stream(t, a, err, data)
	b, _ := magma.NewCipher(key)
	c, err := NewCTR(b, []byte{1, 2, 3, 4})
	if y := stream(t, c, err, data); !bytes.Equal(x, y) {
		t.Fatal("first section differs from CTR")
	}
	k := NextKey(b)
	want := make([]byte, 32)
	for i := 0; i < 32; i += 8 {
		b.Encrypt(want[i:], []byte{0x80 + byte(i), 0x81 + byte(i), 0x82 + byte(i), 0x83 + byte(i),
			0x84 + byte(i), 0x85 + byte(i), 0x86 + byte(i), 0x87 + byte(i)})
	}
	if !bytes.Equal(k, want) {
		t.Fatal("NextKey is not E_K(D)")
	}
	for _, n := range []int{0, 12, -8} {
		if _, err := NewCTRACPKM(magma.NewCipher, key, []byte{1, 2, 3, 4}, n); err != ErrSectionSize {
			t.Errorf("section size %d accepted", n)
		}
	}
	if _, err := NewCTRACPKM(kuznyechik.NewCipher, key, []byte{1, 2, 3, 4}, 32); err != ErrIVSize {
		t.Error("short IV accepted")
	}
}

// GOST R 34.13-2015 A.1.6 and A.2.6: MAC.
func TestOMACVectors(t *testing.T) {
	kb, _ := kuznyechik.NewCipher(unhex(t, kKey))
	h, err := NewOMAC(kb, 8)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(unhex(t, kP))
	if got := hex.EncodeToString(h.Sum(nil)); got != "336f4d296059fbe3" {
		t.Errorf("Kuznyechik MAC = %s", got)
	}
	mb, _ := magma.NewCipher(unhex(t, mKey))
	h, _ = NewOMAC(mb, 4)
	p := unhex(t, mP)
	for i := range p {
		h.Write(p[i : i+1])
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != "154e7210" {
		t.Errorf("Magma MAC = %s", got)
	}
	// Sum does not change the state; Reset restarts.
	if got := hex.EncodeToString(h.Sum(nil)); got != "154e7210" {
		t.Errorf("second Sum = %s", got)
	}
	h.Reset()
	h.Write(p)
	if got := hex.EncodeToString(h.Sum(nil)); got != "154e7210" || h.Size() != 4 || h.BlockSize() != 8 {
		t.Errorf("after Reset = %s", got)
	}
	if _, err := NewOMAC(mb, 9); err != ErrMACSize {
		t.Error("MAC size 9 accepted for Magma")
	}
}
