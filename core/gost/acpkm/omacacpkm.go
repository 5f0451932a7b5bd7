package acpkm

import (
	"crypto/cipher"
	"hash"
)

// KeySize is the key size of Magma and Kuznyechik, the ciphers of this package.
const KeySize = 32

// omacACPKM is OMAC-ACPKM (RFC 8645 §6.4, R 1323565.1.017-2018 §4.2).
type omacACPKM struct {
	newCipher func(key []byte) (cipher.Block, error)
	key       []byte
	section   int // N
	master    int // T*
	size      int

	km    *ctrACPKM    // ACPKM-Master key stream
	b     cipher.Block // cipher under the current section key K^i
	k1    []byte       // the current K^i_1
	state []byte
	buf   []byte
	nbuf  int
	num   int // bytes absorbed under the current section key
}

// NewOMACACPKM returns OMAC-ACPKM for the cipher newCipher with the 32-byte
// key, section size N = sectionSize bytes (a multiple of the block size) and
// the ACPKM-Master section size T* = masterSection bytes (a multiple of the
// block size), truncated to size bytes. Section i uses K^i||K^i_1, the next
// 32+n bytes of ACPKM-Master(K, T*) = CTR-ACPKM with IV 1^{n/2} over zeros;
// K^i_1 replaces the CMAC subkey K1 of the last section.
func NewOMACACPKM(newCipher func(key []byte) (cipher.Block, error), key []byte, sectionSize, masterSection, size int) (hash.Hash, error) {
	b, err := newCipher(key)
	if err != nil {
		return nil, err
	}
	n := b.BlockSize()
	if n != 8 && n != 16 || len(key) != KeySize {
		return nil, ErrBlockSize
	}
	if sectionSize <= 0 || sectionSize%n != 0 || masterSection <= 0 || masterSection%n != 0 {
		return nil, ErrSectionSize
	}
	if size < 1 || size > n {
		return nil, ErrMACSize
	}
	m := &omacACPKM{newCipher: newCipher, key: append([]byte(nil), key...), section: sectionSize,
		master: masterSection, size: size, state: make([]byte, n), buf: make([]byte, n)}
	m.Reset()
	return m, nil
}

func (m *omacACPKM) Size() int      { return m.size }
func (m *omacACPKM) BlockSize() int { return len(m.buf) }

func (m *omacACPKM) Reset() {
	n := len(m.buf)
	iv := make([]byte, n/2)
	for i := range iv {
		iv[i] = 0xff
	}
	s, err := NewCTRACPKM(m.newCipher, m.key, iv, m.master)
	if err != nil {
		panic("acpkm: " + err.Error())
	}
	m.km = s.(*ctrACPKM)
	clear(m.state)
	m.nbuf, m.num = 0, 0
	m.nextKey()
}

// nextKey takes K^i || K^i_1 from the ACPKM-Master stream.
func (m *omacACPKM) nextKey() {
	chunk := make([]byte, KeySize+len(m.buf))
	m.km.XORKeyStream(chunk, chunk)
	b, err := m.newCipher(chunk[:KeySize])
	if err != nil {
		panic("acpkm: " + err.Error())
	}
	m.b, m.k1 = b, chunk[KeySize:]
	m.num = 0
}

func (m *omacACPKM) absorb(block []byte) {
	if m.num >= m.section {
		m.nextKey()
	}
	for i := range m.state {
		m.state[i] ^= block[i]
	}
	m.b.Encrypt(m.state, m.state)
	m.num += len(m.buf)
}

func (m *omacACPKM) Write(p []byte) (int, error) {
	n := len(p)
	bs := len(m.buf)
	for len(p) > 0 {
		if m.nbuf == bs {
			m.absorb(m.buf)
			m.nbuf = 0
		}
		k := copy(m.buf[m.nbuf:], p)
		m.nbuf += k
		p = p[k:]
	}
	return n, nil
}

func (m *omacACPKM) Sum(in []byte) []byte {
	// Work on a copy: the final section change must not affect m.
	c := *m
	c.km = m.km.clone()
	c.state = append([]byte(nil), m.state...)
	if c.num >= c.section {
		c.nextKey()
	}
	bs := len(c.buf)
	rb := byte(0x1b)
	if bs == 16 {
		rb = 0x87
	}
	last := make([]byte, bs)
	copy(last, c.buf[:c.nbuf])
	k := c.k1
	if c.nbuf < bs {
		last[c.nbuf] = 0x80
		k = shift(c.k1, rb)
	}
	for i := range last {
		last[i] ^= c.state[i] ^ k[i]
	}
	c.b.Encrypt(last, last)
	return append(in, last[:c.size]...)
}

// clone returns an independent copy of the key stream state.
func (s *ctrACPKM) clone() *ctrACPKM {
	c := *s
	c.ctr = append([]byte(nil), s.ctr...)
	c.gamma = append([]byte(nil), s.gamma...)
	return &c
}
