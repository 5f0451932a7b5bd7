package kdf

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"hash"
	"os"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	*h = v
	return err
}

type vectors struct {
	HMAC []struct {
		Name                        string
		Key, Data, HMAC256, HMAC512 hexBytes
	}
	KDF256 []struct {
		Name                  string
		Key, Label, Seed, Out hexBytes
	}
	KDFTree256 []struct {
		Name                  string
		Key, Label, Seed, Out hexBytes
		R, Length             int
	}
	PBKDF2 []struct {
		Name                string
		Password, Salt, Out hexBytes
		Iter                int
	}
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	raw, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.HMAC) == 0 || len(v.KDF256) == 0 || len(v.KDFTree256) == 0 || len(v.PBKDF2) < 3 {
		t.Fatal("testdata/vectors.json is incomplete")
	}
	return v
}

func TestHMACVectors(t *testing.T) {
	for _, v := range loadVectors(t).HMAC {
		m := NewHMAC256(v.Key)
		m.Write(v.Data)
		if got := m.Sum(nil); !bytes.Equal(got, v.HMAC256) {
			t.Errorf("%s: HMAC256 = %x, want %x", v.Name, got, v.HMAC256)
		}
		m = NewHMAC512(v.Key)
		m.Write(v.Data)
		if got := m.Sum(nil); !bytes.Equal(got, v.HMAC512) {
			t.Errorf("%s: HMAC512 = %x, want %x", v.Name, got, v.HMAC512)
		}
	}
}

func TestKDFVectors(t *testing.T) {
	vs := loadVectors(t)
	for _, v := range vs.KDF256 {
		if got := KDF256(v.Key, v.Label, v.Seed); !bytes.Equal(got, v.Out) {
			t.Errorf("%s: KDF256 = %x, want %x", v.Name, got, v.Out)
		}
	}
	for _, v := range vs.KDFTree256 {
		if got := KDFTree256(v.Key, v.Label, v.Seed, v.R, v.Length); !bytes.Equal(got, v.Out) {
			t.Errorf("%s: KDFTree256 = %x, want %x", v.Name, got, v.Out)
		}
	}
}

func TestPBKDF2Vectors(t *testing.T) {
	for _, v := range loadVectors(t).PBKDF2 {
		if got := PBKDF2(v.Password, v.Salt, v.Iter, len(v.Out)); !bytes.Equal(got, v.Out) {
			t.Errorf("%s: PBKDF2 = %x, want %x", v.Name, got, v.Out)
		}
		// A shorter key is a prefix (dkLen only truncates T_1 || T_2 …).
		if got := PBKDF2(v.Password, v.Salt, v.Iter, 10); !bytes.Equal(got, v.Out[:10]) {
			t.Errorf("%s: 10-byte PBKDF2 = %x", v.Name, got)
		}
	}
}

// TestKDF256Definition checks KDF256 against its definition in RFC 7836 4.4.
func TestKDF256Definition(t *testing.T) {
	key, label, seed := []byte("k"), []byte("some label"), []byte("seed bytes")
	m := NewHMAC256(key)
	m.Write([]byte{1})
	m.Write(label)
	m.Write([]byte{0})
	m.Write(seed)
	m.Write([]byte{1, 0})
	if got, want := KDF256(key, label, seed), m.Sum(nil); !bytes.Equal(got, want) {
		t.Fatalf("KDF256 = %x, want %x", got, want)
	}
}

func TestKDFTreeParameters(t *testing.T) {
	key, label, seed := bytes.Repeat([]byte{7}, 32), []byte("label"), []byte("seed")
	a := KDFTree256(key, label, seed, 1, 64)
	b := KDFTree256(key, label, seed, 2, 64)
	c := KDFTree256(key, label, seed, 1, 96)
	if bytes.Equal(a, b) {
		t.Error("counter size r does not change the output")
	}
	if bytes.Equal(a, c[:64]) {
		t.Error("the output length L is not part of the input")
	}
	if n := len(KDFTree256(key, label, seed, 3, 33)); n != 33 {
		t.Errorf("length 33 gave %d bytes", n)
	}
	// [L] has no leading zeros: L = 8 bits (1 byte) encodes as 0x08.
	m := NewHMAC256(key)
	m.Write([]byte{0, 1})
	m.Write(label)
	m.Write([]byte{0})
	m.Write(seed)
	m.Write([]byte{8})
	if got, want := KDFTree256(key, label, seed, 2, 1), m.Sum(nil)[:1]; !bytes.Equal(got, want) {
		t.Errorf("1-byte KDF_TREE = %x, want %x", got, want)
	}
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", name)
		}
	}()
	f()
}

func TestInvalidParametersPanic(t *testing.T) {
	k := []byte("key")
	mustPanic(t, "r=0", func() { KDFTree256(k, nil, nil, 0, 32) })
	mustPanic(t, "r=5", func() { KDFTree256(k, nil, nil, 5, 32) })
	mustPanic(t, "length=0", func() { KDFTree256(k, nil, nil, 1, 0) })
	mustPanic(t, "256 blocks with r=1", func() { KDFTree256(k, nil, nil, 1, 255*32+1) })
	if n := len(KDFTree256(k, nil, nil, 1, 255*32)); n != 255*32 {
		t.Errorf("255 blocks with r=1 gave %d bytes", n)
	}
	mustPanic(t, "iter=0", func() { PBKDF2(k, k, 0, 32) })
	mustPanic(t, "keyLen=0", func() { PBKDF2(k, k, 1, 0) })
}

// TestHMACReuse checks Reset and repeated Sum, which crypto/hmac implements
// by saving the keyed Streebog state with MarshalBinary.
func TestHMACReuse(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int
		mac  func([]byte) hash.Hash
	}{{"256", streebog.Size256, NewHMAC256}, {"512", streebog.Size512, NewHMAC512}} {
		key := bytes.Repeat([]byte{0x5c}, 100) // longer than the block: hashed first
		fresh := func(data string) []byte {
			m := tc.mac(key)
			m.Write([]byte(data))
			return m.Sum(nil)
		}
		m := tc.mac(key)
		m.Write([]byte("first"))
		first := m.Sum(nil)
		if !bytes.Equal(first, m.Sum(nil)) || len(first) != tc.size {
			t.Fatalf("%s: Sum is not repeatable", tc.name)
		}
		m.Reset()
		m.Write([]byte("second"))
		if !bytes.Equal(m.Sum(nil), fresh("second")) {
			t.Fatalf("%s: HMAC after Reset differs", tc.name)
		}
		if bytes.Equal(first, fresh("second")) {
			t.Fatalf("%s: HMAC ignores the data", tc.name)
		}
	}
}
