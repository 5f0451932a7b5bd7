package kdf

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// oracleJob is one openssl invocation and the bytes it must print.
type oracleJob struct {
	name  string
	stdin []byte
	args  []string
	want  []byte
}

// runOracle runs the jobs concurrently and compares their output, which is
// hex, possibly with colons ("AB:CD:…"), with the expected bytes.
func runOracle(t *testing.T, jobs []oracleJob) {
	t.Helper()
	oracle.RequireOpenSSLGost(t)
	outs := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, oracle.Parallelism())
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			outs[i], errs[i] = oracle.OpenSSL(j.stdin, j.args...)
		})
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			t.Fatalf("%s: %v", j.name, errs[i])
		}
		s := strings.ReplaceAll(strings.TrimSpace(string(outs[i])), ":", "")
		got, err := hex.DecodeString(s)
		if err != nil {
			t.Fatalf("%s: openssl printed %q", j.name, outs[i])
		}
		if !bytes.Equal(got, j.want) {
			t.Errorf("%s: openssl %x, Go %x", j.name, got, j.want)
		}
	}
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestOracleHMAC compares HMAC-Streebog with `openssl mac … HMAC` for random
// keys (shorter, equal to and longer than the 64-byte block) and messages.
func TestOracleHMAC(t *testing.T) {
	rng := rand.New(rand.NewPCG(7836, 1))
	keyLens := []int{0, 1, 31, 32, 63, 64, 65, 100, 200}
	var jobs []oracleJob
	for i := range 24 {
		keyLen := rng.IntN(150)
		if i < len(keyLens) {
			keyLen = keyLens[i]
		}
		key, data := randBytes(rng, keyLen), randBytes(rng, rng.IntN(300))
		for _, tc := range []struct {
			md  string
			mac func([]byte) []byte
		}{
			{"md_gost12_256", func(k []byte) []byte { m := NewHMAC256(k); m.Write(data); return m.Sum(nil) }},
			{"md_gost12_512", func(k []byte) []byte { m := NewHMAC512(k); m.Write(data); return m.Sum(nil) }},
		} {
			jobs = append(jobs, oracleJob{
				name:  fmt.Sprintf("HMAC %s key %d bytes, data %d bytes", tc.md, len(key), len(data)),
				stdin: data,
				args:  []string{"mac", "-digest", tc.md, "-macopt", "hexkey:" + hex.EncodeToString(key), "HMAC"},
				want:  tc.mac(key),
			})
		}
	}
	runOracle(t, jobs)
}

func pbkdf2Job(name string, pass, salt []byte, iter, keyLen int) oracleJob {
	return oracleJob{
		name: name,
		args: []string{"kdf", "-keylen", fmt.Sprint(keyLen),
			"-kdfopt", "digest:md_gost12_512",
			"-kdfopt", "hexpass:" + hex.EncodeToString(pass),
			"-kdfopt", "hexsalt:" + hex.EncodeToString(salt),
			"-kdfopt", fmt.Sprintf("iter:%d", iter), "PBKDF2"},
		want: PBKDF2(pass, salt, iter, keyLen),
	}
}

// TestOraclePBKDF2 compares PBKDF2 with `openssl kdf … PBKDF2` on RFC 9337's
// other inputs and on random ones.
func TestOraclePBKDF2(t *testing.T) {
	jobs := []oracleJob{
		pbkdf2Job("RFC 9337 long password", []byte("passwordPASSWORDpassword"),
			[]byte("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 100),
		pbkdf2Job("RFC 9337 embedded NUL", []byte("pass\x00word"), []byte("sa\x00lt"), 4096, 64),
	}
	rng := rand.New(rand.NewPCG(9337, 2))
	for i := range 16 {
		pass, salt := randBytes(rng, rng.IntN(40)), randBytes(rng, rng.IntN(40))
		iter, keyLen := 1+rng.IntN(50), 1+rng.IntN(200)
		jobs = append(jobs, pbkdf2Job(fmt.Sprintf("random %d: pass %d, salt %d, iter %d, keyLen %d",
			i, len(pass), len(salt), iter, keyLen), pass, salt, iter, keyLen))
	}
	runOracle(t, jobs)
}

// TestOracleKDFTree checks KDF_TREE with R = 4 against OpenSSL's KBKDF
// (SP 800-108 counter mode with a 32-bit counter; [L] is passed in the
// context because KDF_TREE encodes it without leading zeros), and with
// R = 1…3 block by block against `openssl mac … HMAC`.
func TestOracleKDFTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7836, 45))
	var jobs []oracleJob
	lenBytes := func(length int) []byte {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(length)*8)
		s := b[:]
		for len(s) > 1 && s[0] == 0 {
			s = s[1:]
		}
		return s
	}
	for i := range 8 {
		key, label, seed := randBytes(rng, 1+rng.IntN(64)), randBytes(rng, rng.IntN(20)), randBytes(rng, rng.IntN(40))
		length := 1 + rng.IntN(200)
		if i == 0 {
			length = 64
		}
		jobs = append(jobs, oracleJob{
			name: fmt.Sprintf("KBKDF R=4 length %d", length),
			args: []string{"kdf", "-keylen", fmt.Sprint(length),
				"-kdfopt", "mac:HMAC", "-kdfopt", "digest:md_gost12_256",
				"-kdfopt", "hexkey:" + hex.EncodeToString(key),
				"-kdfopt", "hexsalt:" + hex.EncodeToString(label),
				"-kdfopt", "hexinfo:" + hex.EncodeToString(append(bytes.Clone(seed), lenBytes(length)...)),
				"-kdfopt", "use-l:0", "KBKDF"},
			want: KDFTree256(key, label, seed, 4, length),
		})
	}
	for r := 1; r <= 3; r++ {
		key, label, seed := randBytes(rng, rng.IntN(80)), randBytes(rng, rng.IntN(20)), randBytes(rng, rng.IntN(40))
		length := 32 * (2 + rng.IntN(2)) // whole blocks: openssl mac prints 32 bytes
		out := KDFTree256(key, label, seed, r, length)
		for blk := 0; blk*32 < length; blk++ {
			var in []byte
			for k := r - 1; k >= 0; k-- {
				in = append(in, byte((blk+1)>>(8*k)))
			}
			in = append(in, label...)
			in = append(in, 0)
			in = append(in, seed...)
			in = append(in, lenBytes(length)...)
			want := out[blk*32 : blk*32+32]
			jobs = append(jobs, oracleJob{
				name:  fmt.Sprintf("KDF_TREE R=%d length %d block %d", r, length, blk+1),
				stdin: in,
				args:  []string{"mac", "-digest", "md_gost12_256", "-macopt", "hexkey:" + hex.EncodeToString(key), "HMAC"},
				want:  want,
			})
		}
	}
	runOracle(t, jobs)
}
