// Package gost28147 implements the GOST 28147-89 block cipher (RFC 5830)
// with its modes (ECB through cipher.Block, CFB, counter mode "gamma",
// MAC "imitovstavka"), the CryptoPro key meshing, key wrap and key
// diversification of RFC 4357.
//
// Byte order is that of RFC 5830 as used by OpenSSL's GOST engine and
// CryptoPro: the 256-bit key is eight little-endian 32-bit words and a
// 64-bit block is two little-endian words N1 (bytes 0–3) and N2 (bytes 4–7).
// Magma (GOST R 34.12-2015) is the same cipher with the S-box Z and
// big-endian byte order; see package magma.
package gost28147

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"strconv"
)

const (
	// BlockSize is the GOST 28147-89 block size in bytes.
	BlockSize = 8
	// KeySize is the GOST 28147-89 key size in bytes.
	KeySize = 32
)

// KeySizeError is returned for a key of the wrong length.
type KeySizeError int

func (k KeySizeError) Error() string {
	return "gost28147: invalid key size " + strconv.Itoa(int(k))
}

// ErrIVSize is returned for an IV that is not BlockSize bytes long.
var ErrIVSize = errors.New("gost28147: IV must be 8 bytes")

// errNilSBox is returned when no S-box is given.
var errNilSBox = errors.New("gost28147: nil S-box")

// blockCipher is a keyed GOST 28147-89 instance.
type blockCipher struct {
	k [8]uint32
	t *tables
}

// NewCipher returns GOST 28147-89 with the 32-byte key and the S-box, as a
// cipher.Block in RFC 5830 byte order (ECB on one block).
func NewCipher(key []byte, sbox *SBox) (cipher.Block, error) {
	return newCipher(key, sbox)
}

func newCipher(key []byte, sbox *SBox) (*blockCipher, error) {
	if len(key) != KeySize {
		return nil, KeySizeError(len(key))
	}
	if sbox == nil {
		return nil, errNilSBox
	}
	c := &blockCipher{t: lookup(sbox)}
	c.setKey(key)
	return c, nil
}

func (c *blockCipher) setKey(key []byte) {
	for i := range c.k {
		c.k[i] = binary.LittleEndian.Uint32(key[4*i:])
	}
}

func (c *blockCipher) BlockSize() int { return BlockSize }

// f is the round function: S-box substitution and rotation by 11 bits.
func f(t *tables, x uint32) uint32 {
	return t[0][x&0xff] ^ t[1][x>>8&0xff] ^ t[2][x>>16&0xff] ^ t[3][x>>24]
}

// encrypt runs the 32 rounds of the encryption cycle 32-З on (n1, n2) and
// returns the output words in block order.
func (c *blockCipher) encrypt(n1, n2 uint32) (uint32, uint32) {
	k, t := c.k, c.t
	for i := 0; i < 3; i++ {
		n2 ^= f(t, n1+k[0])
		n1 ^= f(t, n2+k[1])
		n2 ^= f(t, n1+k[2])
		n1 ^= f(t, n2+k[3])
		n2 ^= f(t, n1+k[4])
		n1 ^= f(t, n2+k[5])
		n2 ^= f(t, n1+k[6])
		n1 ^= f(t, n2+k[7])
	}
	n2 ^= f(t, n1+k[7])
	n1 ^= f(t, n2+k[6])
	n2 ^= f(t, n1+k[5])
	n1 ^= f(t, n2+k[4])
	n2 ^= f(t, n1+k[3])
	n1 ^= f(t, n2+k[2])
	n2 ^= f(t, n1+k[1])
	n1 ^= f(t, n2+k[0])
	return n2, n1
}

// decrypt runs the decryption cycle 32-Р.
func (c *blockCipher) decrypt(n1, n2 uint32) (uint32, uint32) {
	k, t := c.k, c.t
	n2 ^= f(t, n1+k[0])
	n1 ^= f(t, n2+k[1])
	n2 ^= f(t, n1+k[2])
	n1 ^= f(t, n2+k[3])
	n2 ^= f(t, n1+k[4])
	n1 ^= f(t, n2+k[5])
	n2 ^= f(t, n1+k[6])
	n1 ^= f(t, n2+k[7])
	for i := 0; i < 3; i++ {
		n2 ^= f(t, n1+k[7])
		n1 ^= f(t, n2+k[6])
		n2 ^= f(t, n1+k[5])
		n1 ^= f(t, n2+k[4])
		n2 ^= f(t, n1+k[3])
		n1 ^= f(t, n2+k[2])
		n2 ^= f(t, n1+k[1])
		n1 ^= f(t, n2+k[0])
	}
	return n2, n1
}

// mac runs the 16 rounds of the MAC cycle 16-З.
func (c *blockCipher) mac(n1, n2 uint32) (uint32, uint32) {
	k, t := c.k, c.t
	for i := 0; i < 2; i++ {
		n2 ^= f(t, n1+k[0])
		n1 ^= f(t, n2+k[1])
		n2 ^= f(t, n1+k[2])
		n1 ^= f(t, n2+k[3])
		n2 ^= f(t, n1+k[4])
		n1 ^= f(t, n2+k[5])
		n2 ^= f(t, n1+k[6])
		n1 ^= f(t, n2+k[7])
	}
	return n1, n2
}

func (c *blockCipher) Encrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("gost28147: input not full block")
	}
	a, b := c.encrypt(binary.LittleEndian.Uint32(src), binary.LittleEndian.Uint32(src[4:]))
	binary.LittleEndian.PutUint32(dst, a)
	binary.LittleEndian.PutUint32(dst[4:], b)
}

func (c *blockCipher) Decrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("gost28147: input not full block")
	}
	a, b := c.decrypt(binary.LittleEndian.Uint32(src), binary.LittleEndian.Uint32(src[4:]))
	binary.LittleEndian.PutUint32(dst, a)
	binary.LittleEndian.PutUint32(dst[4:], b)
}

// EncryptWithKey encrypts one block with a one-off key and no allocation
// of a cipher value; it is the step function of GOST R 34.11-94.
func EncryptWithKey(dst, src, key []byte, sbox *SBox) {
	var c blockCipher
	c.t = lookup(sbox)
	c.setKey(key[:KeySize])
	c.Encrypt(dst, src)
}
