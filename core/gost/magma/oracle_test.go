package magma

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestOracleCBC compares Magma (through CBC, which the engine offers; its
// first block is ECB of P xor IV) with "openssl enc -magma-cbc" on random
// keys, IVs and data, both directions.
func TestOracleCBC(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	oracle.Parallel(16, func(i int) {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		key, iv := make([]byte, 32), make([]byte, 8)
		data := make([]byte, 8*(1+r.IntN(300)))
		for _, b := range [][]byte{key, iv, data} {
			for j := range b {
				b[j] = byte(r.Uint32())
			}
		}
		b, _ := NewCipher(key)
		cbc := func(m func(cipher.Block, []byte) cipher.BlockMode) func([]byte) []byte {
			return func(in []byte) []byte {
				out := make([]byte, len(in))
				m(b, iv).CryptBlocks(out, in)
				return out
			}
		}
		args := []string{"-magma-cbc", "-nopad", "-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv)}
		if err := oracle.CompareEnc(args, data, cbc(cipher.NewCBCEncrypter), cbc(cipher.NewCBCDecrypter)); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(make([]byte, 32), []byte("12345678"))
	f.Fuzz(func(t *testing.T, key, block []byte) {
		if len(key) != KeySize || len(block) < BlockSize {
			return
		}
		b, err := NewCipher(key)
		if err != nil {
			t.Fatal(err)
		}
		ct, pt := make([]byte, 8), make([]byte, 8)
		b.Encrypt(ct, block)
		b.Decrypt(pt, ct)
		if !bytes.Equal(pt, block[:8]) {
			t.Fatal("decrypt(encrypt(x)) != x")
		}
	})
}

func BenchmarkEncrypt(b *testing.B) {
	c, _ := NewCipher(make([]byte, 32))
	buf := make([]byte, BlockSize)
	b.SetBytes(BlockSize)
	for b.Loop() {
		c.Encrypt(buf, buf)
	}
}
