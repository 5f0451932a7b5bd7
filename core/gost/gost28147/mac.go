package gost28147

import (
	"encoding/binary"
	"errors"
	"hash"
)

// ErrMACSize is returned for a MAC length outside 1..8 bytes.
var ErrMACSize = errors.New("gost28147: MAC size must be 1..8 bytes")

// DefaultMACSize is the usual 32-bit length of the imitovstavka.
const DefaultMACSize = 4

// mac is the GOST 28147-89 MAC ("imitovstavka", RFC 5830 §8).
type mac struct {
	c       blockCipher
	key     [KeySize]byte
	iv      [BlockSize]byte
	size    int
	mesh    bool
	state   [BlockSize]byte
	buf     [BlockSize]byte
	nbuf    int
	nblocks int
	count   int
}

// NewMAC returns the GOST 28147-89 MAC of size bytes (1..8, usually 4)
// as a hash.Hash. iv is the initial state (nil for zeros; the key wrap of
// RFC 4357 uses the UKM). With mesh the CryptoPro key meshing is applied
// every 1024 bytes, as in OpenSSL's "gost-mac"/"gost-mac-12".
//
// As the standard requires at least two blocks, a message of one block
// (after zero padding) is followed by a zero block; the MAC of the empty
// message is the truncated IV.
func NewMAC(key, iv []byte, sbox *SBox, size int, mesh bool) (hash.Hash, error) {
	c, err := newCipher(key, sbox)
	if err != nil {
		return nil, err
	}
	if size < 1 || size > BlockSize {
		return nil, ErrMACSize
	}
	if iv != nil && len(iv) != BlockSize {
		return nil, ErrIVSize
	}
	m := &mac{c: *c, size: size, mesh: mesh}
	copy(m.key[:], key)
	copy(m.iv[:], iv)
	m.Reset()
	return m, nil
}

func (m *mac) Size() int      { return m.size }
func (m *mac) BlockSize() int { return BlockSize }

func (m *mac) Reset() {
	m.c.setKey(m.key[:])
	m.state = m.iv
	m.nbuf, m.nblocks, m.count = 0, 0, 0
}

func (m *mac) block(b []byte) {
	if m.mesh && m.count == MeshingInterval {
		m.c.meshKey()
		m.count = 0
	}
	n1 := binary.LittleEndian.Uint32(m.state[:]) ^ binary.LittleEndian.Uint32(b)
	n2 := binary.LittleEndian.Uint32(m.state[4:]) ^ binary.LittleEndian.Uint32(b[4:])
	n1, n2 = m.c.mac(n1, n2)
	binary.LittleEndian.PutUint32(m.state[:], n1)
	binary.LittleEndian.PutUint32(m.state[4:], n2)
	m.count += BlockSize
	m.nblocks++
}

func (m *mac) Write(p []byte) (int, error) {
	n := len(p)
	if m.nbuf > 0 {
		k := copy(m.buf[m.nbuf:], p)
		m.nbuf += k
		p = p[k:]
		if m.nbuf < BlockSize {
			return n, nil
		}
		m.block(m.buf[:])
		m.nbuf = 0
	}
	for len(p) >= BlockSize {
		m.block(p[:BlockSize])
		p = p[BlockSize:]
	}
	m.nbuf = copy(m.buf[:], p)
	return n, nil
}

func (m *mac) Sum(b []byte) []byte {
	d := *m
	if d.nbuf > 0 {
		clear(d.buf[d.nbuf:])
		d.block(d.buf[:])
	}
	if d.nblocks == 1 {
		var zero [BlockSize]byte
		d.block(zero[:])
	}
	return append(b, d.state[:d.size]...)
}
