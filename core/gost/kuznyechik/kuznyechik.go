// Package kuznyechik implements the Kuznyechik block cipher of GOST R
// 34.12-2015 (RFC 7801), 128-bit block and 256-bit key, with precomputed
// LS tables. Keys and blocks are byte strings exactly as the hexadecimal
// vectors of RFC 7801 are written (and as OpenSSL's GOST engine uses them).
package kuznyechik

import (
	"crypto/cipher"
	"encoding/binary"
	"strconv"
	"sync"
)

const (
	// BlockSize is the Kuznyechik block size in bytes.
	BlockSize = 16
	// KeySize is the Kuznyechik key size in bytes.
	KeySize = 32
)

// KeySizeError is returned for a key of the wrong length.
type KeySizeError int

func (k KeySizeError) Error() string { return "kuznyechik: invalid key size " + strconv.Itoa(int(k)) }

// lc are the coefficients of the linear map ℓ, for the block bytes 0..15
// (byte 0 is a15 in the notation of RFC 7801).
var lc = [16]byte{148, 32, 133, 16, 194, 192, 1, 251, 1, 192, 194, 16, 133, 32, 148, 1}

// gfMul multiplies in GF(2^8) modulo x^8 + x^7 + x^6 + x + 1.
func gfMul(a, b byte) byte {
	var p byte
	for b != 0 {
		if b&1 != 0 {
			p ^= a
		}
		hi := a & 0x80
		a <<= 1
		if hi != 0 {
			a ^= 0xc3
		}
		b >>= 1
	}
	return p
}

type block [BlockSize]byte

// r is the transformation R: ℓ of the block goes to byte 0, the rest shifts.
func (a *block) r() {
	var x byte
	for i, c := range lc {
		x ^= gfMul(a[i], c)
	}
	copy(a[1:], a[:15])
	a[0] = x
}

// rInv is R⁻¹.
func (a *block) rInv() {
	x := a[0]
	copy(a[:15], a[1:])
	for i := 0; i < 15; i++ {
		x ^= gfMul(a[i], lc[i])
	}
	a[15] = x
}

func (a *block) l() {
	for i := 0; i < 16; i++ {
		a.r()
	}
}

func (a *block) lInv() {
	for i := 0; i < 16; i++ {
		a.rInv()
	}
}

// word is a block as two big-endian 64-bit halves.
type word [2]uint64

func load(b []byte) word { return word{binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])} }

func (w word) store(b []byte) {
	binary.BigEndian.PutUint64(b, w[0])
	binary.BigEndian.PutUint64(b[8:], w[1])
}

var (
	tablesOnce sync.Once
	piInv      [256]byte
	encT       [16][256]word // L(π(b) at byte i)
	decT       [16][256]word // L⁻¹(π⁻¹(b) at byte i)
	linvT      [16][256]word // L⁻¹(b at byte i)
	consts     [32]word      // the key schedule constants C_i = L(Vec128(i))
)

// initTables builds the lookup tables: L is GF(2^8)-linear, so
// L(b·e_i) = b·L(e_i) coordinate-wise.
func initTables() {
	for i, v := range pi {
		piInv[v] = byte(i)
	}
	for i := range consts {
		var c block
		c[15] = byte(i + 1)
		c.l()
		consts[i] = load(c[:])
	}
	for i := 0; i < 16; i++ {
		var col, icol block
		col[i], icol[i] = 1, 1
		col.l()
		icol.lInv()
		for b := 0; b < 256; b++ {
			var e, d, li block
			for j := 0; j < 16; j++ {
				e[j] = gfMul(pi[b], col[j])
				d[j] = gfMul(piInv[b], icol[j])
				li[j] = gfMul(byte(b), icol[j])
			}
			encT[i][b], decT[i][b], linvT[i][b] = load(e[:]), load(d[:]), load(li[:])
		}
	}
}

// lookup applies a table-driven transformation: the XOR of the table rows
// selected by the 16 bytes of x.
func lookup(t *[16][256]word, x word) word {
	e0 := &t[0][byte(x[0]>>56)]
	e1 := &t[1][byte(x[0]>>48)]
	e2 := &t[2][byte(x[0]>>40)]
	e3 := &t[3][byte(x[0]>>32)]
	e4 := &t[4][byte(x[0]>>24)]
	e5 := &t[5][byte(x[0]>>16)]
	e6 := &t[6][byte(x[0]>>8)]
	e7 := &t[7][byte(x[0]>>0)]
	e8 := &t[8][byte(x[1]>>56)]
	e9 := &t[9][byte(x[1]>>48)]
	e10 := &t[10][byte(x[1]>>40)]
	e11 := &t[11][byte(x[1]>>32)]
	e12 := &t[12][byte(x[1]>>24)]
	e13 := &t[13][byte(x[1]>>16)]
	e14 := &t[14][byte(x[1]>>8)]
	e15 := &t[15][byte(x[1]>>0)]
	return word{e0[0] ^ e1[0] ^ e2[0] ^ e3[0] ^ e4[0] ^ e5[0] ^ e6[0] ^ e7[0] ^ e8[0] ^ e9[0] ^ e10[0] ^ e11[0] ^ e12[0] ^ e13[0] ^ e14[0] ^ e15[0],
		e0[1] ^ e1[1] ^ e2[1] ^ e3[1] ^ e4[1] ^ e5[1] ^ e6[1] ^ e7[1] ^ e8[1] ^ e9[1] ^ e10[1] ^ e11[1] ^ e12[1] ^ e13[1] ^ e14[1] ^ e15[1]}
}

type kuznyechik struct {
	ek [10]word // K1..K10
	dk [10]word // L⁻¹(K_i) for the table-driven decryption (index 1..8 used)
}

// NewCipher returns Kuznyechik with the 32-byte key as a cipher.Block.
func NewCipher(key []byte) (cipher.Block, error) {
	if len(key) != KeySize {
		return nil, KeySizeError(len(key))
	}
	tablesOnce.Do(initTables)
	c := new(kuznyechik)
	k1, k2 := load(key), load(key[16:])
	c.ek[0], c.ek[1] = k1, k2
	for j := 0; j < 4; j++ {
		for i := 1; i <= 8; i++ {
			ci := consts[8*j+i-1]
			t := lookup(&encT, word{k1[0] ^ ci[0], k1[1] ^ ci[1]})
			k1, k2 = word{t[0] ^ k2[0], t[1] ^ k2[1]}, k1
		}
		c.ek[2*j+2], c.ek[2*j+3] = k1, k2
	}
	for i := 1; i < 9; i++ {
		var b block
		c.ek[i].store(b[:])
		b.lInv()
		c.dk[i] = load(b[:])
	}
	return c, nil
}

func (c *kuznyechik) BlockSize() int { return BlockSize }

func (c *kuznyechik) Encrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("kuznyechik: input not full block")
	}
	x := load(src)
	for i := 0; i < 9; i++ {
		x[0] ^= c.ek[i][0]
		x[1] ^= c.ek[i][1]
		x = lookup(&encT, x)
	}
	x[0] ^= c.ek[9][0]
	x[1] ^= c.ek[9][1]
	x.store(dst)
}

func (c *kuznyechik) Decrypt(dst, src []byte) {
	if len(src) < BlockSize || len(dst) < BlockSize {
		panic("kuznyechik: input not full block")
	}
	x := load(src)
	x[0] ^= c.ek[9][0]
	x[1] ^= c.ek[9][1]
	x = lookup(&linvT, x)
	for i := 8; i >= 1; i-- {
		x = lookup(&decT, x)
		x[0] ^= c.dk[i][0]
		x[1] ^= c.dk[i][1]
	}
	var b block
	x.store(b[:])
	for i := range b {
		b[i] = piInv[b[i]]
	}
	x = load(b[:])
	x[0] ^= c.ek[0][0]
	x[1] ^= c.ek[0][1]
	x.store(dst)
}
