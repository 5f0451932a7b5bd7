// Package gost341194 implements the GOST R 34.11-94 hash function (RFC 5831)
// with a chosen GOST 28147-89 S-box: the CryptoPro parameter set of RFC 4357
// §11.2 (1.2.643.2.2.30.1) or the test parameter set of the standard's
// examples (1.2.643.2.2.30.0). Both have the zero starting vector.
//
// The empty message is hashed as one zero block followed by the length and
// control-sum steps (stage 3 of the standard), as OpenSSL's GOST engine and
// gostsum do; some other implementations skip that block.
//
// Sum returns the hash in the byte order printed by `openssl dgst
// -md_gost94` and by the examples of RFC 5831 §7.3; `gostsum` prints the
// same bytes reversed.
package gost341194

import (
	"encoding/asn1"
	"encoding/binary"
	"hash"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
)

const (
	// Size is the hash size in bytes.
	Size = 32
	// BlockSize is the hash block size in bytes.
	BlockSize = 32
)

// OIDs of the hash and of its parameter sets.
var (
	OIDGostR341194       = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	OIDTestParamSet      = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 0}
	OIDCryptoProParamSet = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 1}
)

type digest struct {
	sbox  *gost28147.SBox
	h     [Size]byte
	sigma [Size]byte // sum of the blocks modulo 2^256, little-endian
	buf   [BlockSize]byte
	nbuf  int
	len   uint64 // message length in bytes
}

// New returns a GOST R 34.11-94 hash.Hash using sbox for the underlying
// GOST 28147-89 encryptions and the zero starting vector.
func New(sbox *gost28147.SBox) hash.Hash {
	if sbox == nil {
		panic("gost341194: nil S-box")
	}
	return &digest{sbox: sbox}
}

// NewCryptoPro returns GOST R 34.11-94 with the CryptoPro parameter set
// (id-GostR3411-94-CryptoProParamSet, 1.2.643.2.2.30.1).
func NewCryptoPro() hash.Hash { return New(gost28147.SBoxHashCryptoPro) }

// SumCryptoPro returns the GOST R 34.11-94 CryptoPro hash of data.
func SumCryptoPro(data []byte) [Size]byte {
	d := digest{sbox: gost28147.SBoxHashCryptoPro}
	d.Write(data)
	var out [Size]byte
	d.checkSum(out[:0])
	return out
}

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return BlockSize }

func (d *digest) Reset() {
	s := d.sbox
	*d = digest{sbox: s}
}

func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	d.len += uint64(n)
	if d.nbuf > 0 {
		k := copy(d.buf[d.nbuf:], p)
		d.nbuf += k
		p = p[k:]
		if d.nbuf < BlockSize {
			return n, nil
		}
		d.block(d.buf[:])
		d.nbuf = 0
	}
	for len(p) >= BlockSize {
		d.block(p[:BlockSize])
		p = p[BlockSize:]
	}
	d.nbuf = copy(d.buf[:], p)
	return n, nil
}

// block hashes one full message block and adds it to the control sum.
func (d *digest) block(m []byte) {
	step(&d.h, m, d.sbox)
	var carry uint16
	for i := range d.sigma {
		carry += uint16(d.sigma[i]) + uint16(m[i])
		d.sigma[i] = byte(carry)
		carry >>= 8
	}
}

func (d *digest) Sum(b []byte) []byte {
	c := *d
	return c.checkSum(b)
}

func (d *digest) checkSum(b []byte) []byte {
	if d.nbuf > 0 || d.len == 0 {
		// The last (possibly empty) part is padded with zeros to a block.
		clear(d.buf[d.nbuf:])
		d.block(d.buf[:])
	}
	var l [BlockSize]byte
	binary.LittleEndian.PutUint64(l[:], d.len<<3)
	binary.LittleEndian.PutUint64(l[8:], d.len>>61)
	step(&d.h, l[:], d.sbox)
	step(&d.h, d.sigma[:], d.sbox)
	return append(b, d.h[:]...)
}

// c3 is the constant C3 of the key generation, as a byte mask.
var c3 = [32]byte{
	0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff,
	0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00,
	0x00, 0xff, 0xff, 0x00, 0xff, 0x00, 0x00, 0xff,
	0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0xff,
}

// a is the transformation A(y4||y3||y2||y1) = (y1 xor y2)||y4||y3||y2 on
// the little-endian byte layout (y1 is bytes 0–7).
func a(y *[32]byte) {
	var t [8]byte
	for i := range t {
		t[i] = y[i] ^ y[8+i]
	}
	copy(y[:24], y[8:])
	copy(y[24:], t[:])
}

// p is the byte permutation P: the key byte 4i+j takes the input byte 8j+i...
// that is key byte i+4j is input byte 8i+j.
func p(w *[32]byte) (k [32]byte) {
	for i := 0; i < 4; i++ {
		for j := 0; j < 8; j++ {
			k[i+4*j] = w[8*i+j]
		}
	}
	return k
}

// psi is the shift register ψ on sixteen 16-bit little-endian words.
func psi(x *[16]uint16) {
	t := x[0] ^ x[1] ^ x[2] ^ x[3] ^ x[12] ^ x[15]
	copy(x[:15], x[1:])
	x[15] = t
}

// step is the step function H = χ(M, H) of RFC 5831 §6.
func step(h *[Size]byte, m []byte, sbox *gost28147.SBox) {
	var s, w, u, v [32]byte
	var mm [32]byte
	copy(mm[:], m)

	// Key generation and encryption of the four 64-bit parts of H.
	u, v = *h, mm
	for i := 0; i < 4; i++ {
		if i > 0 {
			a(&u)
			if i == 2 {
				for j := range u {
					u[j] ^= c3[j]
				}
			}
			a(&v)
			a(&v)
		}
		for j := range w {
			w[j] = u[j] ^ v[j]
		}
		k := p(&w)
		gost28147.EncryptWithKey(s[8*i:], h[8*i:], k[:], sbox)
	}

	// Mixing: H = ψ^61(H xor ψ(M xor ψ^12(S))).
	var x [16]uint16
	for i := range x {
		x[i] = binary.LittleEndian.Uint16(s[2*i:])
	}
	for i := 0; i < 12; i++ {
		psi(&x)
	}
	for i := range x {
		x[i] ^= binary.LittleEndian.Uint16(mm[2*i:])
	}
	psi(&x)
	for i := range x {
		x[i] ^= binary.LittleEndian.Uint16(h[2*i:])
	}
	for i := 0; i < 61; i++ {
		psi(&x)
	}
	for i := range x {
		binary.LittleEndian.PutUint16(h[2*i:], x[i])
	}
}
