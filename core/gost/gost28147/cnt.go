package gost28147

import (
	"crypto/cipher"
	"encoding/binary"
)

// The counter constants of RFC 5830 §5.
const (
	c2 = 0x01010101 // added to N3 modulo 2^32
	c1 = 0x01010104 // added to N4 modulo 2^32-1
)

// cnt is the GOST 28147-89 counter mode ("gamma", RFC 5830 §5),
// optionally with CryptoPro key meshing.
type cnt struct {
	c       *blockCipher
	n       [BlockSize]byte // counter register N3||N4
	gamma   [BlockSize]byte
	used    int
	count   int
	started bool
	mesh    bool
}

// NewCNT returns a stream in the GOST 28147-89 counter mode ("gamma" of RFC
// 5830 §5: the IV is encrypted once, then the halves are stepped by the
// constants C2 and C1). The same stream encrypts and decrypts. With mesh the
// CryptoPro key meshing is applied every 1024 bytes (OpenSSL "gost89-cnt").
func NewCNT(key, iv []byte, sbox *SBox, mesh bool) (cipher.Stream, error) {
	c, err := newCipher(key, sbox)
	if err != nil {
		return nil, err
	}
	if len(iv) != BlockSize {
		return nil, ErrIVSize
	}
	s := &cnt{c: c, mesh: mesh, used: BlockSize}
	copy(s.n[:], iv)
	return s, nil
}

func (s *cnt) next() {
	if s.mesh && s.count == MeshingInterval {
		s.c.meshKey()
		s.c.Encrypt(s.n[:], s.n[:])
		s.count = 0
	}
	if !s.started {
		s.c.Encrypt(s.n[:], s.n[:])
		s.started = true
	}
	n3 := binary.LittleEndian.Uint32(s.n[:]) + c2
	n4 := binary.LittleEndian.Uint32(s.n[4:])
	n4, carry := n4+c1, n4+c1 < n4
	if carry {
		n4++
	}
	binary.LittleEndian.PutUint32(s.n[:], n3)
	binary.LittleEndian.PutUint32(s.n[4:], n4)
	s.c.Encrypt(s.gamma[:], s.n[:])
	s.count += BlockSize
	s.used = 0
}

func (s *cnt) XORKeyStream(dst, src []byte) {
	if len(dst) < len(src) {
		panic("gost28147: output smaller than input")
	}
	for i := range src {
		if s.used == BlockSize {
			s.next()
		}
		dst[i] = src[i] ^ s.gamma[s.used]
		s.used++
	}
}
