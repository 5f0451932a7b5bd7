package gost28147

import "testing"

func BenchmarkEncrypt(b *testing.B) {
	c, _ := NewCipher(make([]byte, 32), SBoxCryptoProA)
	buf := make([]byte, BlockSize)
	b.SetBytes(BlockSize)
	for b.Loop() {
		c.Encrypt(buf, buf)
	}
}

func BenchmarkCFBMeshing(b *testing.B) {
	s, _ := NewCFBEncrypter(make([]byte, 32), make([]byte, 8), SBoxCryptoProA, true)
	buf := make([]byte, 8192)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		s.XORKeyStream(buf, buf)
	}
}

func BenchmarkMAC(b *testing.B) {
	m, _ := NewMAC(make([]byte, 32), nil, SBoxZ, 4, true)
	buf := make([]byte, 8192)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		m.Write(buf)
	}
}
