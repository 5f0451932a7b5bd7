package streebog

import (
	"encoding/binary"
	"errors"
	"hash"
)

// The marshaled state is
//
//	magic (4) || h (64) || N (64) || Σ (64) || buffer (64, zero past nx) || nx (1)
//
// with the 512-bit values as eight big-endian 64-bit words, least
// significant word first. The encoding is canonical: UnmarshalBinary accepts
// only what MarshalBinary can produce.
const (
	magic256      = "stb\x20"
	magic512      = "stb\x40"
	marshaledSize = len(magic256) + 4*64 + 1
)

// Errors returned by UnmarshalBinary.
var (
	ErrStateIdentifier = errors.New("streebog: invalid hash state identifier")
	ErrStateSize       = errors.New("streebog: invalid hash state size")
	ErrStateValue      = errors.New("streebog: invalid hash state")
)

func (d *digest) MarshalBinary() ([]byte, error) {
	return d.AppendBinary(make([]byte, 0, marshaledSize))
}

func (d *digest) AppendBinary(b []byte) ([]byte, error) {
	if d.size == Size256 {
		b = append(b, magic256...)
	} else {
		b = append(b, magic512...)
	}
	for _, v := range [...]*[8]uint64{&d.h, &d.n, &d.sigma} {
		for _, w := range v {
			b = binary.BigEndian.AppendUint64(b, w)
		}
	}
	b = append(b, d.buf[:d.nx]...)
	b = append(b, make([]byte, BlockSize-d.nx)...)
	b = append(b, byte(d.nx))
	return b, nil
}

func (d *digest) UnmarshalBinary(b []byte) error {
	if len(b) < len(magic256) ||
		(d.size == Size256 && string(b[:len(magic256)]) != magic256) ||
		(d.size == Size512 && string(b[:len(magic512)]) != magic512) {
		return ErrStateIdentifier
	}
	if len(b) != marshaledSize {
		return ErrStateSize
	}
	p := b[len(magic256):]
	var h, n, sigma [8]uint64
	for _, v := range [...]*[8]uint64{&h, &n, &sigma} {
		for i := range v {
			v[i] = binary.BigEndian.Uint64(p)
			p = p[8:]
		}
	}
	buf, nx := p[:BlockSize], int(p[BlockSize])
	// N counts the bits of whole blocks, so it is a multiple of 512; the
	// buffer holds fewer than BlockSize bytes and zeros after them.
	if n[0]%(BlockSize*8) != 0 || nx >= BlockSize {
		return ErrStateValue
	}
	for _, c := range buf[nx:] {
		if c != 0 {
			return ErrStateValue
		}
	}
	d.h, d.n, d.sigma = h, n, sigma
	d.buf = [BlockSize]byte{}
	d.nx = copy(d.buf[:], buf[:nx])
	return nil
}

// Clone returns an independent copy of the hash state (hash.Cloner).
func (d *digest) Clone() (hash.Cloner, error) {
	r := *d
	return &r, nil
}
