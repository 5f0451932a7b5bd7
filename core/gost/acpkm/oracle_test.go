package acpkm

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/kuznyechik"
	"github.com/gosdesk/gosdesk/core/gost/magma"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

type blockCipher struct {
	name string
	new  func([]byte) (cipher.Block, error)
	bs   int
}

var ciphers = []blockCipher{{"magma", magma.NewCipher, 8}, {"kuznyechik", kuznyechik.NewCipher, 16}}

// TestOracleCTR checks CTR and CTR-ACPKM against "openssl enc
// -{magma,kuznyechik}-ctr[-acpkm]" on random keys, IVs and lengths that cross
// the engine's section sizes (1024 bytes for Magma, 4096 for Kuznyechik).
func TestOracleCTR(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	type tc struct {
		c       blockCipher
		acpkm   bool
		section int
	}
	var cases []tc
	for _, c := range ciphers {
		cases = append(cases, tc{c, false, 0})
		cases = append(cases, tc{c, true, map[int]int{8: 1024, 16: 4096}[c.bs]})
	}
	lens := []int{0, 1, 15, 16, 17, 1000, 1024, 1025, 4096, 4100, 9000}
	oracle.Parallel(len(cases)*len(lens), func(i int) {
		c := cases[i/len(lens)]
		n := lens[i%len(lens)]
		r := rand.New(rand.NewPCG(uint64(i), 11))
		key, iv, data := randBytes(r, 32), randBytes(r, c.c.bs/2), randBytes(r, n)
		name := "-" + c.c.name + "-ctr"
		if c.acpkm {
			name += "-acpkm"
		}
		got, err := oracle.OpenSSL(data, "enc", name, "-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv))
		if err != nil {
			t.Error(err)
			return
		}
		var s cipher.Stream
		if c.acpkm {
			s, err = NewCTRACPKM(c.c.new, key, iv, c.section)
		} else {
			b, _ := c.c.new(key)
			s, err = NewCTR(b, iv)
		}
		if err != nil {
			t.Error(err)
			return
		}
		want := make([]byte, n)
		s.XORKeyStream(want, data)
		if !bytes.Equal(got, want) {
			t.Errorf("%s len %d: differs from openssl", name, n)
		}
	})
}

// TestOracleOMAC checks OMAC against "openssl dgst -mac magma-mac /
// kuznyechik-mac" with sizes 1..8 and the full block.
func TestOracleOMAC(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	lens := []int{0, 1, 7, 8, 9, 16, 17, 100, 1024, 3000}
	oracle.Parallel(2*len(lens), func(i int) {
		c := ciphers[i/len(lens)]
		n := lens[i%len(lens)]
		r := rand.New(rand.NewPCG(uint64(i), 12))
		key, data := randBytes(r, 32), randBytes(r, n)
		// The engine accepts size:1..8; without it the MAC is a full block.
		size := c.bs
		args := []string{"dgst", "-mac", c.name + "-mac", "-macopt", "hexkey:" + hex.EncodeToString(key)}
		if i%3 != 0 {
			size = 1 + i%8
			args = append(args, "-macopt", fmt.Sprintf("size:%d", size))
		}
		out, err := oracle.OpenSSL(data, args...)
		if err != nil {
			t.Error(err)
			return
		}
		f := strings.Fields(string(out))
		b, _ := c.new(key)
		h, _ := NewOMAC(b, size)
		h.Write(data)
		if got := hex.EncodeToString(h.Sum(nil)); got != f[len(f)-1] {
			t.Errorf("%s-mac len %d size %d: openssl %s, mine %s", c.name, n, size, f[len(f)-1], got)
		}
	})
}

// FuzzCTRACPKMRoundTrip: CTR-ACPKM is an involution and does not depend on
// how the input is split.
func FuzzCTRACPKMRoundTrip(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef01234567"), []byte("hello"), uint16(3), uint8(1))
	f.Fuzz(func(t *testing.T, kiv, data []byte, split uint16, sec uint8) {
		if len(kiv) < 40 {
			return
		}
		for _, c := range ciphers {
			section := c.bs * (1 + int(sec)%8)
			key, iv := kiv[:32], kiv[32:32+c.bs/2]
			a, err := NewCTRACPKM(c.new, key, iv, section)
			if err != nil {
				t.Fatal(err)
			}
			ct := make([]byte, len(data))
			k := min(int(split), len(data))
			a.XORKeyStream(ct[:k], data[:k])
			a.XORKeyStream(ct[k:], data[k:])
			b, _ := NewCTRACPKM(c.new, key, iv, section)
			b.XORKeyStream(ct, ct)
			if !bytes.Equal(ct, data) {
				t.Fatalf("%s: round trip failed", c.name)
			}
		}
	})
}

func BenchmarkCTRACPKMKuznyechik(b *testing.B) {
	s, _ := NewCTRACPKM(kuznyechik.NewCipher, make([]byte, 32), make([]byte, 8), 4096)
	buf := make([]byte, 8192)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		s.XORKeyStream(buf, buf)
	}
}

func BenchmarkOMACKuznyechik(b *testing.B) {
	c, _ := kuznyechik.NewCipher(make([]byte, 32))
	h, _ := NewOMAC(c, 16)
	buf := make([]byte, 8192)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		h.Write(buf)
	}
}
