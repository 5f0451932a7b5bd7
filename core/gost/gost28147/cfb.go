package gost28147

import "crypto/cipher"

// cfb is the GOST 28147-89 cipher feedback mode (gamma with feedback,
// RFC 5830 §6), optionally with CryptoPro key meshing.
type cfb struct {
	c       *blockCipher
	iv      [BlockSize]byte // feedback register
	gamma   [BlockSize]byte
	used    int // bytes of gamma already used
	count   int // bytes processed with the current key, for meshing
	mesh    bool
	decrypt bool
}

// NewCFBEncrypter returns a stream that encrypts in GOST 28147-89 CFB mode.
// With mesh the CryptoPro key meshing (RFC 4357 §2.3) is applied every
// 1024 bytes, as OpenSSL's "gost89" cipher and CryptoPro CSP do.
func NewCFBEncrypter(key, iv []byte, sbox *SBox, mesh bool) (cipher.Stream, error) {
	return newCFB(key, iv, sbox, mesh, false)
}

// NewCFBDecrypter returns a stream that decrypts in GOST 28147-89 CFB mode;
// see NewCFBEncrypter.
func NewCFBDecrypter(key, iv []byte, sbox *SBox, mesh bool) (cipher.Stream, error) {
	return newCFB(key, iv, sbox, mesh, true)
}

func newCFB(key, iv []byte, sbox *SBox, mesh, decrypt bool) (*cfb, error) {
	c, err := newCipher(key, sbox)
	if err != nil {
		return nil, err
	}
	if len(iv) != BlockSize {
		return nil, ErrIVSize
	}
	s := &cfb{c: c, mesh: mesh, decrypt: decrypt, used: BlockSize}
	copy(s.iv[:], iv)
	return s, nil
}

func (s *cfb) XORKeyStream(dst, src []byte) {
	if len(dst) < len(src) {
		panic("gost28147: output smaller than input")
	}
	for i := range src {
		if s.used == BlockSize {
			if s.mesh && s.count == MeshingInterval {
				s.c.meshKey()
				s.c.Encrypt(s.iv[:], s.iv[:])
				s.count = 0
			}
			s.c.Encrypt(s.gamma[:], s.iv[:])
			s.count += BlockSize
			s.used = 0
		}
		b := src[i]
		o := b ^ s.gamma[s.used]
		if s.decrypt {
			s.iv[s.used] = b
		} else {
			s.iv[s.used] = o
		}
		dst[i] = o
		s.used++
	}
}
