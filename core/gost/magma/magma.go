// Package magma implements the Magma block cipher of GOST R 34.12-2015
// (RFC 8891): GOST 28147-89 with the S-box id-tc26-gost-28147-param-Z and
// big-endian byte order. Keys, blocks and the vectors of RFC 8891 are used as
// written: the first key byte is the most significant byte of K1.
package magma

import (
	"crypto/cipher"
	"encoding/binary"
	"math/bits"
	"strconv"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
)

const (
	// BlockSize is the Magma block size in bytes.
	BlockSize = 8
	// KeySize is the Magma key size in bytes.
	KeySize = 32
)

// KeySizeError is returned for a key of the wrong length.
type KeySizeError int

func (k KeySizeError) Error() string { return "magma: invalid key size " + strconv.Itoa(int(k)) }

// table is the S-box Z expanded to byte lookups with the <<<11 rotation.
var table = func() (t [4][256]uint32) {
	s := gost28147.SBoxZ
	for i := 0; i < 4; i++ {
		for b := 0; b < 256; b++ {
			v := uint32(s[2*i+1][b>>4])<<4 | uint32(s[2*i][b&15])
			t[i][b] = bits.RotateLeft32(v<<(8*i), 11)
		}
	}
	return t
}()

type magma struct {
	k [8]uint32
}

// NewCipher returns Magma with the 32-byte key as a cipher.Block.
func NewCipher(key []byte) (cipher.Block, error) {
	if len(key) != KeySize {
		return nil, KeySizeError(len(key))
	}
	c := new(magma)
	for i := range c.k {
		c.k[i] = binary.BigEndian.Uint32(key[4*i:])
	}
	return c, nil
}

func (c *magma) BlockSize() int { return BlockSize }

// g is the round transformation g[k](a) = (t(a ⊞ k)) <<< 11 of RFC 8891 §4.2.
func g(k, a uint32) uint32 {
	x := a + k
	return table[0][x&0xff] ^ table[1][x>>8&0xff] ^ table[2][x>>16&0xff] ^ table[3][x>>24]
}

// roundKeys returns the 32 iteration keys of RFC 8891 §4.3.
func (c *magma) roundKeys() (rk [32]uint32) {
	for i := 0; i < 24; i++ {
		rk[i] = c.k[i%8]
	}
	for i := 0; i < 8; i++ {
		rk[24+i] = c.k[7-i]
	}
	return rk
}

func (c *magma) Encrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("magma: input not full block")
	}
	a1, a0 := binary.BigEndian.Uint32(src), binary.BigEndian.Uint32(src[4:])
	k := &c.k
	for i := 0; i < 3; i++ {
		a1 ^= g(k[0], a0)
		a0 ^= g(k[1], a1)
		a1 ^= g(k[2], a0)
		a0 ^= g(k[3], a1)
		a1 ^= g(k[4], a0)
		a0 ^= g(k[5], a1)
		a1 ^= g(k[6], a0)
		a0 ^= g(k[7], a1)
	}
	a1 ^= g(k[7], a0)
	a0 ^= g(k[6], a1)
	a1 ^= g(k[5], a0)
	a0 ^= g(k[4], a1)
	a1 ^= g(k[3], a0)
	a0 ^= g(k[2], a1)
	a1 ^= g(k[1], a0)
	a0 ^= g(k[0], a1)
	binary.BigEndian.PutUint32(dst, a0)
	binary.BigEndian.PutUint32(dst[4:], a1)
}

func (c *magma) Decrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("magma: input not full block")
	}
	a1, a0 := binary.BigEndian.Uint32(src), binary.BigEndian.Uint32(src[4:])
	k := &c.k
	a1 ^= g(k[0], a0)
	a0 ^= g(k[1], a1)
	a1 ^= g(k[2], a0)
	a0 ^= g(k[3], a1)
	a1 ^= g(k[4], a0)
	a0 ^= g(k[5], a1)
	a1 ^= g(k[6], a0)
	a0 ^= g(k[7], a1)
	for i := 0; i < 3; i++ {
		a1 ^= g(k[7], a0)
		a0 ^= g(k[6], a1)
		a1 ^= g(k[5], a0)
		a0 ^= g(k[4], a1)
		a1 ^= g(k[3], a0)
		a0 ^= g(k[2], a1)
		a1 ^= g(k[1], a0)
		a0 ^= g(k[0], a1)
	}
	binary.BigEndian.PutUint32(dst, a0)
	binary.BigEndian.PutUint32(dst[4:], a1)
}

// t is the nonlinear bijection t of RFC 8891 §4.1 (for tests).
func t(a uint32) uint32 {
	s := gost28147.SBoxZ
	var r uint32
	for i := 0; i < 8; i++ {
		r |= uint32(s[i][a>>(4*i)&15]) << (4 * i)
	}
	return r
}
