package acpkm

import (
	"crypto/cipher"
	"hash"
)

// omac is OMAC1/CMAC as specified for the MAC mode of GOST R 34.13-2015 §5.6.
type omac struct {
	b      cipher.Block
	size   int
	k1, k2 []byte
	state  []byte
	buf    []byte
	nbuf   int
}

// NewOMAC returns the GOST R 34.13-2015 MAC ("OMAC", CMAC) of the block
// cipher b truncated to size bytes (1..BlockSize; 8 for Kuznyechik and 4 for
// Magma are the sizes of the standard's examples, the full block is what
// OpenSSL's magma-mac / kuznyechik-mac print by default).
func NewOMAC(b cipher.Block, size int) (hash.Hash, error) {
	n := b.BlockSize()
	var rb byte
	switch n {
	case 8:
		rb = 0x1b
	case 16:
		rb = 0x87
	default:
		return nil, ErrBlockSize
	}
	if size < 1 || size > n {
		return nil, ErrMACSize
	}
	m := &omac{b: b, size: size, state: make([]byte, n), buf: make([]byte, n)}
	r := make([]byte, n)
	b.Encrypt(r, r)
	m.k1 = shift(r, rb)
	m.k2 = shift(m.k1, rb)
	return m, nil
}

// shift returns x<<1 in GF(2^n), reducing by rb.
func shift(x []byte, rb byte) []byte {
	out := make([]byte, len(x))
	var carry byte
	for i := len(x) - 1; i >= 0; i-- {
		out[i] = x[i]<<1 | carry
		carry = x[i] >> 7
	}
	if carry != 0 {
		out[len(out)-1] ^= rb
	}
	return out
}

func (m *omac) Size() int      { return m.size }
func (m *omac) BlockSize() int { return m.b.BlockSize() }

func (m *omac) Reset() {
	clear(m.state)
	m.nbuf = 0
}

func (m *omac) Write(p []byte) (int, error) {
	n := len(p)
	bs := len(m.buf)
	for len(p) > 0 {
		if m.nbuf == bs {
			// The buffered block is not the last one: absorb it.
			for i := range m.state {
				m.state[i] ^= m.buf[i]
			}
			m.b.Encrypt(m.state, m.state)
			m.nbuf = 0
		}
		k := copy(m.buf[m.nbuf:], p)
		m.nbuf += k
		p = p[k:]
	}
	return n, nil
}

func (m *omac) Sum(b []byte) []byte {
	bs := len(m.buf)
	last := make([]byte, bs)
	copy(last, m.buf[:m.nbuf])
	k := m.k1
	if m.nbuf < bs {
		last[m.nbuf] = 0x80
		k = m.k2
	}
	for i := range last {
		last[i] ^= m.state[i] ^ k[i]
	}
	m.b.Encrypt(last, last)
	return append(b, last[:m.size]...)
}
