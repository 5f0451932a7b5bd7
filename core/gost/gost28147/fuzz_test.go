package gost28147

import (
	"bytes"
	"errors"
	"testing"
)

var fuzzKEK = bytes.Repeat([]byte{0xa5}, 32)

// FuzzKeyUnwrap feeds arbitrary wrapped-key blobs to both unwrap variants:
// they must not panic, must reject every size but 44, and whatever they
// accept must wrap back to the same blob.
func FuzzKeyUnwrap(f *testing.F) {
	v := readVector(f, "keywrap-cryptopro-z.txt")
	f.Add(append(append(bytes.Clone(v["ukm"]), v["enc"]...), v["mac"]...))
	f.Add([]byte{})
	f.Add(make([]byte, 44))
	f.Add(make([]byte, 43))
	f.Fuzz(func(t *testing.T, blob []byte) {
		for _, kek := range [][]byte{fuzzKEK, v["kek"]} {
			cek, err := KeyUnwrapCryptoPro(kek, blob, SBoxZ)
			check(t, kek, blob, cek, err, KeyWrapCryptoPro)
			cek, err = KeyUnwrap(kek, blob, SBoxCryptoProA)
			check(t, kek, blob, cek, err, func(k, u, c []byte, _ *SBox) ([]byte, error) {
				return KeyWrap(k, u, c, SBoxCryptoProA)
			})
		}
	})
}

func check(t *testing.T, kek, blob, cek []byte, err error, wrap func(kek, ukm, cek []byte, s *SBox) ([]byte, error)) {
	if len(blob) != WrappedKeySize {
		if !errors.Is(err, ErrWrapSize) {
			t.Fatalf("blob of %d bytes: %v", len(blob), err)
		}
		return
	}
	if err != nil {
		if !errors.Is(err, ErrWrapMAC) || cek != nil {
			t.Fatalf("unexpected error %v / key %x", err, cek)
		}
		return
	}
	w, err := wrap(kek, blob[:UKMSize], cek, SBoxZ)
	if err != nil || !bytes.Equal(w, blob) {
		t.Fatalf("accepted blob does not re-wrap: %x vs %x", w, blob)
	}
}

// FuzzCFBRoundTrip: CFB with meshing decrypts what it encrypts, whatever the
// key, IV, data and split point.
func FuzzCFBRoundTrip(f *testing.F) {
	f.Add(bytes.Repeat([]byte{1}, 40), []byte("hello, world"), uint16(3))
	f.Add(make([]byte, 40), make([]byte, 2100), uint16(1030))
	f.Fuzz(func(t *testing.T, kiv, data []byte, split uint16) {
		if len(kiv) < 40 {
			return
		}
		key, iv := kiv[:32], kiv[32:40]
		e, err := NewCFBEncrypter(key, iv, SBoxCryptoProA, true)
		if err != nil {
			t.Fatal(err)
		}
		ct := make([]byte, len(data))
		e.XORKeyStream(ct, data)
		d, _ := NewCFBDecrypter(key, iv, SBoxCryptoProA, true)
		pt := make([]byte, len(ct))
		s := min(int(split), len(ct))
		d.XORKeyStream(pt[:s], ct[:s])
		d.XORKeyStream(pt[s:], ct[s:])
		if !bytes.Equal(pt, data) {
			t.Fatal("CFB round trip failed")
		}
	})
}

// FuzzCNTRoundTrip: the counter mode is an involution.
func FuzzCNTRoundTrip(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0xff}, 40), []byte("hello, world"))
	f.Add(make([]byte, 40), make([]byte, 2100))
	f.Fuzz(func(t *testing.T, kiv, data []byte) {
		if len(kiv) < 40 {
			return
		}
		key, iv := kiv[:32], kiv[32:40]
		a, _ := NewCNT(key, iv, SBoxZ, true)
		ct := make([]byte, len(data))
		a.XORKeyStream(ct, data)
		b, _ := NewCNT(key, iv, SBoxZ, true)
		b.XORKeyStream(ct, ct)
		if !bytes.Equal(ct, data) {
			t.Fatal("CNT round trip failed")
		}
	})
}
