package kuznyechik

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestOracleECB compares with "openssl enc -kuznyechik-ecb" on random keys
// and data, both directions.
func TestOracleECB(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	oracle.Parallel(16, func(i int) {
		r := rand.New(rand.NewPCG(uint64(i), 8))
		key := make([]byte, 32)
		data := make([]byte, 16*(1+r.IntN(200)))
		for _, b := range [][]byte{key, data} {
			for j := range b {
				b[j] = byte(r.Uint32())
			}
		}
		c, _ := NewCipher(key)
		ecb := func(f func(dst, src []byte)) func([]byte) []byte {
			return func(in []byte) []byte {
				out := make([]byte, len(in))
				for j := 0; j < len(in); j += 16 {
					f(out[j:], in[j:])
				}
				return out
			}
		}
		args := []string{"-kuznyechik-ecb", "-nopad", "-K", hex.EncodeToString(key)}
		if err := oracle.CompareEnc(args, data, ecb(c.Encrypt), ecb(c.Decrypt)); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(make([]byte, 32), []byte("0123456789abcdef"))
	f.Fuzz(func(t *testing.T, key, blk []byte) {
		if len(key) != KeySize || len(blk) < BlockSize {
			return
		}
		b, err := NewCipher(key)
		if err != nil {
			t.Fatal(err)
		}
		ct, pt := make([]byte, 16), make([]byte, 16)
		b.Encrypt(ct, blk)
		b.Decrypt(pt, ct)
		if !bytes.Equal(pt, blk[:16]) {
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

func BenchmarkDecrypt(b *testing.B) {
	c, _ := NewCipher(make([]byte, 32))
	buf := make([]byte, BlockSize)
	b.SetBytes(BlockSize)
	for b.Loop() {
		c.Decrypt(buf, buf)
	}
}

func BenchmarkKeySchedule(b *testing.B) {
	key := make([]byte, 32)
	for b.Loop() {
		NewCipher(key)
	}
}
