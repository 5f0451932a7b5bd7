package kuznyechik

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestOracleECB compares with "openssl enc -kuznyechik-ecb" on random keys
// and data, both directions.
func TestOracleECB(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	var wg sync.WaitGroup
	sem := make(chan struct{}, oracle.Parallelism())
	for i := 0; i < 16; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := rand.New(rand.NewPCG(uint64(i), 8))
			key := make([]byte, 32)
			data := make([]byte, 16*(1+r.IntN(200)))
			for _, b := range [][]byte{key, data} {
				for j := range b {
					b[j] = byte(r.Uint32())
				}
			}
			args := []string{"-kuznyechik-ecb", "-nopad", "-K", hex.EncodeToString(key)}
			got, err := oracle.OpenSSL(data, append([]string{"enc"}, args...)...)
			if err != nil {
				t.Error(err)
				return
			}
			c, _ := NewCipher(key)
			want := make([]byte, len(data))
			for j := 0; j < len(data); j += 16 {
				c.Encrypt(want[j:], data[j:])
			}
			if !bytes.Equal(got, want) {
				t.Errorf("case %d: ECB encryption differs from openssl", i)
				return
			}
			dec, err := oracle.OpenSSL(want, append([]string{"enc", "-d"}, args...)...)
			mine := make([]byte, len(want))
			for j := 0; j < len(data); j += 16 {
				c.Decrypt(mine[j:], want[j:])
			}
			if err != nil || !bytes.Equal(dec, data) || !bytes.Equal(mine, data) {
				t.Errorf("case %d: ECB decryption differs: %v", i, err)
			}
		}()
	}
	wg.Wait()
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
