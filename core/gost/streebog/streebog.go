// Package streebog implements the GOST R 34.11-2012 hash function
// ("Streebog") with 256- and 512-bit output, as defined in RFC 6986.
//
// Digests are produced in the byte order in which `openssl dgst
// -md_gost12_256` and gost12sum print them, which is also the order used in
// CMS and X.509 structures. RFC 6986 prints its examples as big-endian
// numbers, i.e. with the bytes reversed.
//
// The hash.Hash values returned by New256 and New512 also implement
// encoding.BinaryMarshaler, encoding.BinaryAppender and
// encoding.BinaryUnmarshaler to save and restore their internal state.
package streebog

import (
	"encoding/binary"
	"hash"
	"math/bits"
)

//go:generate go run gen_lps.go
//go:generate go run gen_asm.go

const (
	// Size256 is the size of a Streebog-256 digest in bytes.
	Size256 = 32
	// Size512 is the size of a Streebog-512 digest in bytes.
	Size512 = 64
	// BlockSize is the block size of Streebog in bytes.
	BlockSize = 64
)

// digest is the state of a Streebog computation. All 512-bit values are
// stored as eight little-endian 64-bit words (word 0 is least significant),
// which matches the byte order of the input and of the output.
type digest struct {
	h     [8]uint64 // chaining value
	n     [8]uint64 // number of bits processed by whole blocks (mod 2^512)
	sigma [8]uint64 // sum of processed blocks (mod 2^512)
	buf   [BlockSize]byte
	nx    int
	size  int // Size256 or Size512
}

// New256 returns a new hash.Hash computing Streebog-256.
func New256() hash.Hash {
	d := &digest{size: Size256}
	d.Reset()
	return d
}

// New512 returns a new hash.Hash computing Streebog-512.
func New512() hash.Hash {
	d := &digest{size: Size512}
	d.Reset()
	return d
}

// Sum256 returns the Streebog-256 digest of data.
func Sum256(data []byte) [Size256]byte {
	d := digest{size: Size256}
	d.Reset()
	d.Write(data)
	h := d.checkSum()
	var out [Size256]byte
	copy(out[:], h[Size512-Size256:])
	return out
}

// Sum512 returns the Streebog-512 digest of data.
func Sum512(data []byte) [Size512]byte {
	d := digest{size: Size512}
	d.Reset()
	d.Write(data)
	return d.checkSum()
}

func (d *digest) Size() int      { return d.size }
func (d *digest) BlockSize() int { return BlockSize }

// Reset sets the state to the initialisation vector: all bytes 0x01 for
// Streebog-256, all zero for Streebog-512.
func (d *digest) Reset() {
	var iv uint64
	if d.size == Size256 {
		iv = 0x0101010101010101
	}
	for i := range d.h {
		d.h[i] = iv
	}
	d.n = [8]uint64{}
	d.sigma = [8]uint64{}
	d.nx = 0
}

func (d *digest) Write(p []byte) (int, error) {
	nn := len(p)
	if d.nx > 0 {
		n := copy(d.buf[d.nx:], p)
		d.nx += n
		p = p[n:]
		if d.nx < BlockSize {
			return nn, nil
		}
		d.blocks(d.buf[:])
		d.nx = 0
	}
	if len(p) >= BlockSize {
		n := len(p) &^ (BlockSize - 1)
		d.blocks(p[:n])
		p = p[n:]
	}
	if len(p) > 0 {
		d.nx = copy(d.buf[:], p)
	}
	return nn, nil
}

// Sum appends the current digest to in; it does not change the state.
func (d *digest) Sum(in []byte) []byte {
	d0 := *d
	h := d0.checkSum()
	return append(in, h[Size512-d.size:]...)
}

// checkSum finishes the computation (RFC 6986, section 8, stage 3) and
// returns the 512-bit result; Streebog-256 is its most significant half,
// i.e. the last 32 bytes.
func (d *digest) checkSum() [Size512]byte {
	var pad [BlockSize]byte
	copy(pad[:], d.buf[:d.nx])
	pad[d.nx] = 1
	var m [8]uint64
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(pad[8*i:])
	}
	g(&d.h, &d.n, &m)
	addWord(&d.n, uint64(d.nx)*8)
	addVec(&d.sigma, &m)
	var zero [8]uint64
	g(&d.h, &zero, &d.n)
	g(&d.h, &zero, &d.sigma)
	var out [Size512]byte
	for i, w := range d.h {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return out
}

// blocks processes whole 64-byte blocks of p (RFC 6986, section 8, stage 2).
func (d *digest) blocks(p []byte) {
	var m [8]uint64
	for len(p) >= BlockSize {
		b := p[:BlockSize:BlockSize]
		m[0] = binary.LittleEndian.Uint64(b[0:])
		m[1] = binary.LittleEndian.Uint64(b[8:])
		m[2] = binary.LittleEndian.Uint64(b[16:])
		m[3] = binary.LittleEndian.Uint64(b[24:])
		m[4] = binary.LittleEndian.Uint64(b[32:])
		m[5] = binary.LittleEndian.Uint64(b[40:])
		m[6] = binary.LittleEndian.Uint64(b[48:])
		m[7] = binary.LittleEndian.Uint64(b[56:])
		g(&d.h, &d.n, &m)
		addWord(&d.n, BlockSize*8)
		addVec(&d.sigma, &m)
		p = p[BlockSize:]
	}
}

// gGeneric sets h to the compression function
// g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m (RFC 6986, section 7).
// g is the same in assembly where there is an implementation.
func gGeneric(h, n, m *[8]uint64) {
	var k, s [8]uint64
	lpsx(&k, h, n)  // K_1
	lpsx(&s, &k, m) // round 1
	for i := range 11 {
		lpsx(&k, &k, &c[i]) // K_{i+2}
		lpsx(&s, &s, &k)    // round i+2
	}
	lpsx(&k, &k, &c[11]) // K_13
	for i := range h {
		h[i] ^= s[i] ^ k[i] ^ m[i]
	}
}

// addWord sets x = x + w mod 2^512.
func addWord(x *[8]uint64, w uint64) {
	var carry uint64
	x[0], carry = bits.Add64(x[0], w, 0)
	for i := 1; i < 8 && carry != 0; i++ {
		x[i], carry = bits.Add64(x[i], 0, carry)
	}
}

// addVec sets x = x + y mod 2^512.
func addVec(x, y *[8]uint64) {
	var carry uint64
	for i := range x {
		x[i], carry = bits.Add64(x[i], y[i], carry)
	}
}
