package gost28147

import (
	"bytes"
	"crypto/cipher"
	"encoding/asn1"
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

// TestECBVectorZ checks the GOST R 34.12-2015 / RFC 8891 §A Magma example
// converted to RFC 5830 byte order (shared/specs/notes/gost.md §2.6).
func TestECBVectorZ(t *testing.T) {
	key := unhex(t, "ccddeeff8899aabb4455667700112233f3f2f1f0f7f6f5f4fbfaf9f8fffefdfc")
	pt := unhex(t, "1032547698badcfe")
	want := unhex(t, "3dcad8c2e501e94e")
	c, err := NewCipher(key, SBoxZ)
	if err != nil {
		t.Fatal(err)
	}
	if c.BlockSize() != 8 {
		t.Fatalf("BlockSize = %d", c.BlockSize())
	}
	got := make([]byte, 8)
	c.Encrypt(got, pt)
	if !bytes.Equal(got, want) {
		t.Fatalf("encrypt = %x, want %x", got, want)
	}
	c.Decrypt(got, got)
	if !bytes.Equal(got, pt) {
		t.Fatalf("decrypt = %x, want %x", got, pt)
	}
}

func TestSBoxByOID(t *testing.T) {
	cases := []struct {
		oid  asn1.ObjectIdentifier
		want *SBox
	}{
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 0}, SBoxTest},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 1}, SBoxCryptoProA},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 2}, SBoxCryptoProB},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 3}, SBoxCryptoProC},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 4}, SBoxCryptoProD},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 5, 1, 1}, SBoxZ},
	}
	for _, c := range cases {
		got, ok := SBoxByOID(c.oid)
		if !ok || got != c.want {
			t.Errorf("SBoxByOID(%v) = %p, %v", c.oid, got, ok)
		}
	}
	if _, ok := SBoxByOID(asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 5}); ok {
		t.Error("unknown OID accepted")
	}
	// Every named S-box row must be a permutation of 0..15.
	for _, s := range []*SBox{SBoxTest, SBoxCryptoProA, SBoxCryptoProB, SBoxCryptoProC,
		SBoxCryptoProD, SBoxZ, SBoxHashTest, SBoxHashCryptoPro} {
		for i, row := range s {
			var seen [16]bool
			for _, v := range row {
				if v > 15 || seen[v] {
					t.Fatalf("S-box %p row %d is not a permutation", s, i)
				}
				seen[v] = true
			}
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := NewCipher(make([]byte, 31), SBoxZ); err == nil {
		t.Error("short key accepted")
	}
	if _, err := NewCipher(make([]byte, 32), nil); err == nil {
		t.Error("nil S-box accepted")
	}
	if _, err := NewCFBEncrypter(make([]byte, 32), make([]byte, 7), SBoxZ, true); err != ErrIVSize {
		t.Error("short IV accepted")
	}
	if _, err := NewCNT(make([]byte, 32), make([]byte, 9), SBoxZ, true); err != ErrIVSize {
		t.Error("long IV accepted")
	}
	for _, n := range []int{0, 9} {
		if _, err := NewMAC(make([]byte, 32), nil, SBoxZ, n, false); err != ErrMACSize {
			t.Errorf("MAC size %d accepted", n)
		}
	}
}

// A user-built S-box equal to a named one gives the same cipher.
func TestCustomSBox(t *testing.T) {
	s := *SBoxCryptoProA
	key := bytes.Repeat([]byte{7}, 32)
	a, _ := NewCipher(key, &s)
	b, _ := NewCipher(key, SBoxCryptoProA)
	x, y := make([]byte, 8), make([]byte, 8)
	a.Encrypt(x, []byte("abcdefgh"))
	b.Encrypt(y, []byte("abcdefgh"))
	if !bytes.Equal(x, y) {
		t.Fatal("custom S-box copy differs")
	}
	s[0][0], s[0][1] = s[0][1], s[0][0]
	c, _ := NewCipher(key, &s)
	c.Encrypt(x, []byte("abcdefgh"))
	if bytes.Equal(x, y) {
		t.Fatal("changed S-box gives the same output")
	}
}

func TestMeshKey(t *testing.T) {
	key := unhex(t, "ccddeeff8899aabb4455667700112233f3f2f1f0f7f6f5f4fbfaf9f8fffefdfc")
	got, err := MeshKey(key, SBoxCryptoProA)
	if err != nil {
		t.Fatal(err)
	}
	// K' = D_K(C) on four blocks.
	c, _ := NewCipher(key, SBoxCryptoProA)
	want := make([]byte, 32)
	for i := 0; i < 32; i += 8 {
		c.Decrypt(want[i:], meshingKey[i:])
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("MeshKey = %x, want %x", got, want)
	}
}

// Streams must give the same output however the input is split.
func TestStreamChunking(t *testing.T) {
	key := bytes.Repeat([]byte{0x5a}, 32)
	iv := []byte("12345678")
	data := make([]byte, 3000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	mk := map[string]func() cipher.Stream{
		"cfb":  func() cipher.Stream { s, _ := NewCFBEncrypter(key, iv, SBoxZ, true); return s },
		"cnt":  func() cipher.Stream { s, _ := NewCNT(key, iv, SBoxZ, true); return s },
		"cfb0": func() cipher.Stream { s, _ := NewCFBEncrypter(key, iv, SBoxZ, false); return s },
	}
	for name, f := range mk {
		whole := make([]byte, len(data))
		f().XORKeyStream(whole, data)
		parts := make([]byte, len(data))
		s := f()
		for off, n := 0, 1; off < len(data); n = n%13 + 1 {
			end := min(off+n, len(data))
			s.XORKeyStream(parts[off:end], data[off:end])
			off = end
		}
		if !bytes.Equal(whole, parts) {
			t.Errorf("%s: chunked output differs", name)
		}
	}
	// CFB decryption inverts encryption, across meshing boundaries.
	ct := make([]byte, len(data))
	e, _ := NewCFBEncrypter(key, iv, SBoxCryptoProA, true)
	e.XORKeyStream(ct, data)
	d, _ := NewCFBDecrypter(key, iv, SBoxCryptoProA, true)
	pt := make([]byte, len(data))
	d.XORKeyStream(pt[:1500], ct[:1500])
	d.XORKeyStream(pt[1500:], ct[1500:])
	if !bytes.Equal(pt, data) {
		t.Error("CFB decrypt(encrypt(x)) != x")
	}
}

// Without meshing, CFB equals the standard library's full-block CFB.
func TestCFBMatchesStdlib(t *testing.T) {
	key := bytes.Repeat([]byte{1, 2, 3}, 11)[:32]
	iv := []byte("ivivivi!")
	data := bytes.Repeat([]byte("0123456789"), 300)
	b, _ := NewCipher(key, SBoxCryptoProB)
	want := make([]byte, len(data))
	cipher.NewCFBEncrypter(b, iv).XORKeyStream(want, data) //nolint:staticcheck // reference only
	s, _ := NewCFBEncrypter(key, iv, SBoxCryptoProB, false)
	got := make([]byte, len(data))
	s.XORKeyStream(got, data)
	if !bytes.Equal(got, want) {
		t.Fatal("CFB without meshing differs from crypto/cipher CFB")
	}
}

func TestMACProperties(t *testing.T) {
	key := bytes.Repeat([]byte{0x33}, 32)
	data := []byte("The quick brown fox jumps over the lazy dog, twice over")
	full, _ := NewMAC(key, nil, SBoxZ, 8, false)
	full.Write(data)
	m8 := full.Sum(nil)
	// Sum does not change the state; chunked writes agree.
	full.Write(nil)
	if !bytes.Equal(full.Sum(nil), m8) {
		t.Fatal("Sum changed the state")
	}
	for size := 1; size <= 8; size++ {
		m, _ := NewMAC(key, nil, SBoxZ, size, false)
		for _, b := range data {
			m.Write([]byte{b})
		}
		if got := m.Sum(nil); !bytes.Equal(got, m8[:size]) || m.Size() != size {
			t.Fatalf("size %d: %x, want prefix of %x", size, got, m8)
		}
	}
	// The IV is the initial state: MAC(iv, M) == MAC(0, M xor (iv||0...)).
	iv := []byte("initvect")
	withIV, _ := NewMAC(key, iv, SBoxZ, 8, false)
	withIV.Write(data)
	x := bytes.Clone(data)
	for i := range iv {
		x[i] ^= iv[i]
	}
	noIV, _ := NewMAC(key, nil, SBoxZ, 8, false)
	noIV.Write(x)
	if !bytes.Equal(withIV.Sum(nil), noIV.Sum(nil)) {
		t.Fatal("MAC IV is not the initial state")
	}
	// Empty message: MAC is the IV; Reset restores the start.
	withIV.Reset()
	if got := withIV.Sum(nil); !bytes.Equal(got, iv) {
		t.Fatalf("MAC of empty message = %x, want IV", got)
	}
}
