package magma

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestOracleCBC compares Magma (through CBC, which the engine offers; its
// first block is ECB of P xor IV) with "openssl enc -magma-cbc" on random
// keys, IVs and data, both directions.
func TestOracleCBC(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	var wg sync.WaitGroup
	sem := make(chan struct{}, oracle.Parallelism())
	for i := 0; i < 16; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			key, iv := make([]byte, 32), make([]byte, 8)
			data := make([]byte, 8*(1+r.IntN(300)))
			for _, b := range [][]byte{key, iv, data} {
				for j := range b {
					b[j] = byte(r.Uint32())
				}
			}
			args := []string{"-magma-cbc", "-nopad", "-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv)}
			got, err := oracle.OpenSSL(data, append([]string{"enc"}, args...)...)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := NewCipher(key)
			want := make([]byte, len(data))
			cipher.NewCBCEncrypter(b, iv).CryptBlocks(want, data)
			if !bytes.Equal(got, want) {
				t.Errorf("case %d: CBC encryption differs from openssl", i)
				return
			}
			dec, err := oracle.OpenSSL(want, append([]string{"enc", "-d"}, args...)...)
			mine := make([]byte, len(want))
			cipher.NewCBCDecrypter(b, iv).CryptBlocks(mine, want)
			if err != nil || !bytes.Equal(dec, data) || !bytes.Equal(mine, data) {
				t.Errorf("case %d: CBC decryption differs: %v", i, err)
			}
		}()
	}
	wg.Wait()
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
