package gost28147

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
)

// Sizes of the key wrap blobs of RFC 4357 §6.
const (
	UKMSize        = 8
	WrapMACSize    = 4
	WrappedKeySize = UKMSize + KeySize + WrapMACSize // UKM || CEK_ENC || CEK_MAC
)

// Errors of key unwrapping. ErrWrapMAC means the integrity check failed:
// a wrong KEK, S-box or UKM, or a damaged blob.
var (
	ErrWrapMAC  = errors.New("gost28147: key wrap MAC mismatch (неверная имитовставка ключа)")
	ErrWrapSize = errors.New("gost28147: wrapped key must be 44 bytes: UKM(8) || CEK_ENC(32) || CEK_MAC(4)")
	ErrUKMSize  = errors.New("gost28147: UKM must be 8 bytes")
)

// KeyWrap wraps the 32-byte content-encryption key cek with kek by the
// GOST 28147-89 key wrap of RFC 4357 §6.1 and returns the 44-byte blob
// UKM || CEK_ENC || CEK_MAC (the layout OpenSSL's GOST engine uses), where
// CEK_ENC is ECB encryption under kek and CEK_MAC the 4-byte MAC of cek
// under kek with the UKM as IV.
func KeyWrap(kek, ukm, cek []byte, sbox *SBox) ([]byte, error) {
	if len(ukm) != UKMSize {
		return nil, ErrUKMSize
	}
	return wrap(kek, ukm, cek, sbox)
}

// KeyUnwrap reverses KeyWrap; it returns ErrWrapMAC when the MAC does not
// verify.
func KeyUnwrap(kek, wrapped []byte, sbox *SBox) ([]byte, error) {
	if len(wrapped) != WrappedKeySize {
		return nil, ErrWrapSize
	}
	return unwrap(kek, wrapped, sbox)
}

// KeyWrapCryptoPro wraps cek by the CryptoPro key wrap of RFC 4357 §6.3:
// the GOST key wrap under KEK(UKM) = KeyDiversifyCryptoPro(kek, ukm).
func KeyWrapCryptoPro(kek, ukm, cek []byte, sbox *SBox) ([]byte, error) {
	dk, err := KeyDiversifyCryptoPro(kek, ukm, sbox)
	if err != nil {
		return nil, err
	}
	defer clear(dk)
	return wrap(dk, ukm, cek, sbox)
}

// KeyUnwrapCryptoPro reverses KeyWrapCryptoPro (RFC 4357 §6.4); it returns
// ErrWrapMAC when the MAC does not verify.
func KeyUnwrapCryptoPro(kek, wrapped []byte, sbox *SBox) ([]byte, error) {
	if len(wrapped) != WrappedKeySize {
		return nil, ErrWrapSize
	}
	dk, err := KeyDiversifyCryptoPro(kek, wrapped[:UKMSize], sbox)
	if err != nil {
		return nil, err
	}
	defer clear(dk)
	return unwrap(dk, wrapped, sbox)
}

func wrap(kek, ukm, cek []byte, sbox *SBox) ([]byte, error) {
	if len(cek) != KeySize {
		return nil, KeySizeError(len(cek))
	}
	c, err := newCipher(kek, sbox)
	if err != nil {
		return nil, err
	}
	out := make([]byte, WrappedKeySize)
	copy(out, ukm)
	for i := 0; i < KeySize; i += BlockSize {
		c.Encrypt(out[UKMSize+i:], cek[i:])
	}
	m, err := NewMAC(kek, ukm, sbox, WrapMACSize, false)
	if err != nil {
		return nil, err
	}
	m.Write(cek)
	m.Sum(out[:UKMSize+KeySize])
	return out, nil
}

func unwrap(kek, wrapped []byte, sbox *SBox) ([]byte, error) {
	c, err := newCipher(kek, sbox)
	if err != nil {
		return nil, err
	}
	cek := make([]byte, KeySize)
	for i := 0; i < KeySize; i += BlockSize {
		c.Decrypt(cek[i:], wrapped[UKMSize+i:])
	}
	m, err := NewMAC(kek, wrapped[:UKMSize], sbox, WrapMACSize, false)
	if err != nil {
		return nil, err
	}
	m.Write(cek)
	if subtle.ConstantTimeCompare(m.Sum(nil), wrapped[UKMSize+KeySize:]) != 1 {
		clear(cek)
		return nil, ErrWrapMAC
	}
	return cek, nil
}

// KeyDiversifyCryptoPro derives KEK(UKM) from a 32-byte kek and an 8-byte
// ukm by the CryptoPro KEK diversification of RFC 4357 §6.5: eight steps,
// step i sums the key words selected by the bits of ukm[i] into the IV and
// CFB-encrypts the key with itself.
func KeyDiversifyCryptoPro(kek, ukm []byte, sbox *SBox) ([]byte, error) {
	if len(kek) != KeySize {
		return nil, KeySizeError(len(kek))
	}
	if len(ukm) != UKMSize {
		return nil, ErrUKMSize
	}
	if sbox == nil {
		return nil, errNilSBox
	}
	k := make([]byte, KeySize)
	copy(k, kek)
	var s [BlockSize]byte
	for i := 0; i < 8; i++ {
		var s1, s2 uint32
		for j := 0; j < 8; j++ {
			w := binary.LittleEndian.Uint32(k[4*j:])
			if ukm[i]>>j&1 == 1 {
				s1 += w
			} else {
				s2 += w
			}
		}
		binary.LittleEndian.PutUint32(s[:], s1)
		binary.LittleEndian.PutUint32(s[4:], s2)
		st, err := newCFB(k, s[:], sbox, false, false)
		if err != nil {
			return nil, err
		}
		st.XORKeyStream(k, k)
	}
	return k, nil
}
