package container

import (
	"hash"
	"math/big"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/core/gost/gost341194"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// pinKey derives the 32-byte key-encryption key from the PIN and the
// 12-byte salt of masks.key (the CryptoPro CSP password KDF; see
// specs/notes/gost.md §4.2). is2001 selects GOST R 34.11-94 (block 32)
// instead of Streebog-256 (block 64).
func pinKey(pin string, salt []byte, is2001 bool) ([]byte, error) {
	newH, l := func() hash.Hash { return streebog.New256() }, 64
	if is2001 {
		newH, l = gost341194.NewCryptoPro, 32
	}
	pin4 := make([]byte, 4*len(pin))
	for i := 0; i < len(pin); i++ {
		pin4[4*i] = pin[i]
	}
	h := newH()
	h.Write(salt)
	h.Write(pin4)
	sp := h.Sum(nil)

	cur := make([]byte, l)
	copy(cur, "DENEFH028.760246785.IUEFHWUIO.EF")
	n := 2
	if len(pin) > 0 {
		n = 2000
	}
	m36 := make([]byte, l)
	m5c := make([]byte, l)
	for i := 0; i < n; i++ {
		for j := range cur {
			m36[j] = cur[j] ^ 0x36
			m5c[j] = cur[j] ^ 0x5c
		}
		h.Reset()
		h.Write(m36)
		h.Write(sp)
		h.Write(m5c)
		h.Write(sp)
		copy(cur[:32], h.Sum(nil))
	}
	for j := 0; j < 32; j++ {
		m36[j] = cur[j] ^ 0x36
		m5c[j] = cur[j] ^ 0x5c
	}
	h.Reset()
	h.Write(m36[:32])
	h.Write(salt)
	h.Write(m5c[:32])
	h.Write(pin4)
	cur = h.Sum(nil)
	h.Reset()
	h.Write(cur[:32])
	return h.Sum(nil), nil
}

func sboxFor(is2001 bool) *gost28147.SBox {
	if is2001 {
		return gost28147.SBoxCryptoProA
	}
	return gost28147.SBoxZ
}

// ecb applies GOST 28147-89 ECB to whole 8-byte blocks.
func ecb(kek, in []byte, is2001, decrypt bool) ([]byte, error) {
	b, err := gost28147.NewCipher(kek, sboxFor(is2001))
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(in))
	for i := 0; i+8 <= len(in); i += 8 {
		if decrypt {
			b.Decrypt(out[i:i+8], in[i:i+8])
		} else {
			b.Encrypt(out[i:i+8], in[i:i+8])
		}
	}
	return out, nil
}

// leInt reads little-endian bytes as an integer.
func leInt(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(r)
}

// leBytes writes x as size little-endian bytes.
func leBytes(x *big.Int, size int) []byte {
	be := x.FillBytes(make([]byte, size))
	for i, j := 0, len(be)-1; i < j; i, j = i+1, j-1 {
		be[i], be[j] = be[j], be[i]
	}
	return be
}

// unmask returns d = km · m⁻¹ mod q as little-endian bytes, where km is the
// ECB-decrypted primary key and m the mask.
func unmask(kek, encKey, mask []byte, q *big.Int, size int, is2001 bool) ([]byte, error) {
	kmBytes, err := ecb(kek, encKey, is2001, true)
	if err != nil {
		return nil, err
	}
	km := leInt(kmBytes)
	m := leInt(mask)
	mInv := new(big.Int).ModInverse(m, q)
	if mInv == nil {
		return nil, kserr.New(kserr.CodeMalformed, nil, "masks.key: mask is not invertible")
	}
	d := km.Mul(km, mInv)
	d.Mod(d, q)
	if d.Sign() == 0 {
		return nil, kserr.ErrWrongPIN
	}
	return leBytes(d, size), nil
}
