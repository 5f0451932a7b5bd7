// Package acpkm implements the GOST R 34.13-2015 modes for the 64-bit
// (Magma) and 128-bit (Kuznyechik) block ciphers that the project needs:
// CTR (gamma), CTR-ACPKM with internal re-keying (R 1323565.1.017-2018,
// RFC 8645), OMAC (the CMAC of GOST R 34.13-2015 §5.6) and OMAC-ACPKM.
//
// The ciphers are passed as a cipher.Block or as a constructor
// (magma.NewCipher, kuznyechik.NewCipher) where the mode re-keys.
package acpkm

import (
	"crypto/cipher"
	"crypto/subtle"
	"errors"
)

// Errors of the constructors.
var (
	ErrIVSize      = errors.New("acpkm: IV must be half a block")
	ErrSectionSize = errors.New("acpkm: section size must be a positive multiple of the block size")
	ErrBlockSize   = errors.New("acpkm: block size must be 8 or 16 bytes")
	ErrMACSize     = errors.New("acpkm: MAC size must be 1..block size")
)

// NewCTR returns the CTR mode of GOST R 34.13-2015 §5.2: iv is half a block
// (4 bytes for Magma, 8 for Kuznyechik), the first counter is iv||0...0 and
// the counter is incremented as a big-endian number over the whole block.
func NewCTR(b cipher.Block, iv []byte) (cipher.Stream, error) {
	n := b.BlockSize()
	if n != 8 && n != 16 {
		return nil, ErrBlockSize
	}
	if len(iv) != n/2 {
		return nil, ErrIVSize
	}
	ctr := make([]byte, n)
	copy(ctr, iv)
	return cipher.NewCTR(b, ctr), nil
}

// d is the constant D = 80 81 … 9F of the ACPKM key transformation.
var d = func() (d [32]byte) {
	for i := range d {
		d[i] = 0x80 + byte(i)
	}
	return d
}()

// NextKey returns ACPKM(K) of RFC 8645 §6.1 for the cipher b keyed with K:
// the 256-bit encryption of D = 80 81 … 9F block by block.
func NextKey(b cipher.Block) []byte {
	n := b.BlockSize()
	k := make([]byte, len(d))
	for i := 0; i < len(d); i += n {
		b.Encrypt(k[i:], d[i:])
	}
	return k
}

// ctrACPKM is CTR-ACPKM: CTR whose key is replaced by ACPKM(K) after each
// section of sectionSize bytes, the counter running on across sections.
type ctrACPKM struct {
	newCipher func(key []byte) (cipher.Block, error)
	b         cipher.Block
	ctr       []byte
	gamma     []byte
	used      int
	section   int // sectionSize
	inSection int // bytes of key stream produced with the current key
}

// NewCTRACPKM returns CTR-ACPKM (RFC 8645 §6.2.2, R 1323565.1.017-2018
// §4.1) for the cipher newCipher (magma.NewCipher or kuznyechik.NewCipher)
// with the 32-byte key, the half-block iv and a section size N in bytes
// (a multiple of the block size; e.g. 1024 for OpenSSL's magma-ctr-acpkm).
func NewCTRACPKM(newCipher func(key []byte) (cipher.Block, error), key, iv []byte, sectionSize int) (cipher.Stream, error) {
	b, err := newCipher(key)
	if err != nil {
		return nil, err
	}
	n := b.BlockSize()
	if n != 8 && n != 16 {
		return nil, ErrBlockSize
	}
	if len(iv) != n/2 {
		return nil, ErrIVSize
	}
	if sectionSize <= 0 || sectionSize%n != 0 {
		return nil, ErrSectionSize
	}
	s := &ctrACPKM{newCipher: newCipher, b: b, ctr: make([]byte, n), gamma: make([]byte, n),
		used: n, section: sectionSize}
	copy(s.ctr, iv)
	return s, nil
}

func (s *ctrACPKM) refill() {
	if s.inSection == s.section {
		b, err := s.newCipher(NextKey(s.b))
		if err != nil {
			panic("acpkm: re-keying failed: " + err.Error())
		}
		s.b, s.inSection = b, 0
	}
	s.b.Encrypt(s.gamma, s.ctr)
	for i := len(s.ctr) - 1; i >= 0; i-- {
		s.ctr[i]++
		if s.ctr[i] != 0 {
			break
		}
	}
	s.inSection += len(s.gamma)
	s.used = 0
}

func (s *ctrACPKM) XORKeyStream(dst, src []byte) {
	if len(dst) < len(src) {
		panic("acpkm: output smaller than input")
	}
	for len(src) > 0 {
		if s.used == len(s.gamma) {
			s.refill()
		}
		n := subtle.XORBytes(dst, src, s.gamma[s.used:])
		s.used += n
		dst, src = dst[n:], src[n:]
	}
}
