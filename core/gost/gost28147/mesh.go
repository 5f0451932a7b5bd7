package gost28147

// meshingKey is the constant C of the CryptoPro key meshing (RFC 4357 §2.3).
var meshingKey = [KeySize]byte{
	0x69, 0x00, 0x72, 0x22, 0x64, 0xC9, 0x04, 0x23,
	0x8D, 0x3A, 0xDB, 0x96, 0x46, 0xE9, 0x2A, 0xC4,
	0x18, 0xFE, 0xAC, 0x94, 0x00, 0xED, 0x07, 0x12,
	0xC0, 0x86, 0xDC, 0xC2, 0xEF, 0x4C, 0xA9, 0x2B,
}

// MeshingInterval is the number of bytes processed with one key between
// two CryptoPro key meshings (RFC 4357 §2.3).
const MeshingInterval = 1024

// meshKey replaces c's key by the CryptoPro meshed key K' = D_K(C).
func (c *blockCipher) meshKey() {
	var nk [KeySize]byte
	for i := 0; i < KeySize; i += BlockSize {
		c.Decrypt(nk[i:], meshingKey[i:])
	}
	c.setKey(nk[:])
	clear(nk[:])
}

// MeshKey returns the CryptoPro meshed key D_K(C) of key (RFC 4357 §2.3).
func MeshKey(key []byte, sbox *SBox) ([]byte, error) {
	c, err := newCipher(key, sbox)
	if err != nil {
		return nil, err
	}
	c.meshKey()
	out := make([]byte, KeySize)
	for i, w := range c.k {
		out[4*i] = byte(w)
		out[4*i+1] = byte(w >> 8)
		out[4*i+2] = byte(w >> 16)
		out[4*i+3] = byte(w >> 24)
	}
	return out, nil
}
