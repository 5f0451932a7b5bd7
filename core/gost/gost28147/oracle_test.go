package gost28147

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// openssl runs openssl with the GOST engine and extra environment (such as
// CRYPT_PARAMS, which selects the engine's default 28147 S-box).
func openssl(t testing.TB, env []string, stdin []byte, args ...string) []byte {
	t.Helper()
	conf, err := oracle.ConfPath()
	if err != nil {
		t.Fatal(err)
	}
	argv := append([]string{"OPENSSL_CONF=" + conf}, env...)
	argv = append(argv, "openssl")
	argv = append(argv, args...)
	out, err := oracle.Run(stdin, "env", argv...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

var paramSets = []struct {
	name string
	sbox *SBox
}{
	{"id-Gost28147-89-TestParamSet", SBoxTest},
	{"id-Gost28147-89-CryptoPro-A-ParamSet", SBoxCryptoProA},
	{"id-Gost28147-89-CryptoPro-B-ParamSet", SBoxCryptoProB},
	{"id-Gost28147-89-CryptoPro-C-ParamSet", SBoxCryptoProC},
	{"id-Gost28147-89-CryptoPro-D-ParamSet", SBoxCryptoProD},
	{"id-tc26-gost-28147-param-Z", SBoxZ},
}

// lengths are data sizes that cross the 1024-byte meshing boundaries.
var lengths = []int{0, 1, 7, 8, 9, 100, 1023, 1024, 1025, 1031, 2048, 2056, 3001}

// TestOracleCBCAllSBoxes checks the block cipher with every S-box against
// "openssl enc -gost89-cbc" (no key meshing in CBC), selecting the S-box
// with the engine's CRYPT_PARAMS.
func TestOracleCBCAllSBoxes(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	const per = 3
	oracle.Parallel(len(paramSets)*per, func(i int) {
		ps := paramSets[i/per]
		r := rand.New(rand.NewPCG(uint64(i), 1))
		key, iv := randBytes(r, 32), randBytes(r, 8)
		data := randBytes(r, 8*(1+r.IntN(200)))
		got := openssl(t, []string{"CRYPT_PARAMS=" + ps.name}, data, "enc", "-gost89-cbc", "-nopad",
			"-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv))
		b, _ := NewCipher(key, ps.sbox)
		want := make([]byte, len(data))
		cipher.NewCBCEncrypter(b, iv).CryptBlocks(want, data)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: CBC differs from openssl (len %d)", ps.name, len(data))
		}
		dec := openssl(t, []string{"CRYPT_PARAMS=" + ps.name}, want, "enc", "-d", "-gost89-cbc", "-nopad",
			"-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv))
		mine := make([]byte, len(want))
		cipher.NewCBCDecrypter(b, iv).CryptBlocks(mine, want)
		if !bytes.Equal(dec, data) || !bytes.Equal(mine, data) {
			t.Errorf("%s: CBC decryption differs", ps.name)
		}
	})
}

// TestOracleCFBMeshing checks CFB with CryptoPro key meshing against
// "openssl enc -gost89", with S-boxes CryptoPro-A and Z.
func TestOracleCFBMeshing(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	sets := []int{1, 5, 2} // A, Z, B
	oracle.Parallel(len(sets)*len(lengths), func(i int) {
		ps := paramSets[sets[i/len(lengths)]]
		n := lengths[i%len(lengths)]
		r := rand.New(rand.NewPCG(uint64(i), 2))
		key, iv, data := randBytes(r, 32), randBytes(r, 8), randBytes(r, n)
		env := []string{"CRYPT_PARAMS=" + ps.name}
		got := openssl(t, env, data, "enc", "-gost89", "-nopad",
			"-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv))
		s, _ := NewCFBEncrypter(key, iv, ps.sbox, true)
		want := make([]byte, n)
		s.XORKeyStream(want, data)
		if !bytes.Equal(got, want) {
			t.Errorf("%s len %d: CFB+meshing differs from openssl gost89", ps.name, n)
			return
		}
		d, _ := NewCFBDecrypter(key, iv, ps.sbox, true)
		pt := make([]byte, n)
		d.XORKeyStream(pt, got)
		if !bytes.Equal(pt, data) {
			t.Errorf("%s len %d: CFB decryption failed", ps.name, n)
		}
	})
}

// TestOracleCNT checks the counter mode with meshing against "gost89-cnt"
// (CryptoPro-A) and "gost89-cnt-12" (S-box Z).
func TestOracleCNT(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	ciphers := []struct {
		name string
		sbox *SBox
	}{{"-gost89-cnt", SBoxCryptoProA}, {"-gost89-cnt-12", SBoxZ}}
	oracle.Parallel(len(ciphers)*len(lengths), func(i int) {
		c := ciphers[i/len(lengths)]
		n := lengths[i%len(lengths)]
		r := rand.New(rand.NewPCG(uint64(i), 3))
		key, iv, data := randBytes(r, 32), randBytes(r, 8), randBytes(r, n)
		if i%5 == 0 {
			// Counter halves near overflow exercise the mod 2^32-1 step.
			copy(iv, []byte{0xff, 0xff, 0xff, 0xff, 0xfb, 0xff, 0xff, 0xff})
		}
		got := openssl(t, nil, data, "enc", c.name, "-nopad",
			"-K", hex.EncodeToString(key), "-iv", hex.EncodeToString(iv))
		s, _ := NewCNT(key, iv, c.sbox, true)
		want := make([]byte, n)
		s.XORKeyStream(want, data)
		if !bytes.Equal(got, want) {
			t.Errorf("%s len %d: CNT differs from openssl", c.name, n)
		}
	})
}

// TestOracleMAC checks the MAC with key meshing against "openssl dgst -mac
// gost-mac" (CryptoPro-A) and "gost-mac-12" (Z), sizes 1..8.
func TestOracleMAC(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	macs := []struct {
		name string
		sbox *SBox
	}{{"gost-mac", SBoxCryptoProA}, {"gost-mac-12", SBoxZ}}
	oracle.Parallel(len(macs)*len(lengths), func(i int) {
		m := macs[i/len(lengths)]
		n := lengths[i%len(lengths)]
		r := rand.New(rand.NewPCG(uint64(i), 4))
		key, data := randBytes(r, 32), randBytes(r, n)
		size := 1 + i%8
		out := openssl(t, nil, data, "dgst", "-mac", m.name, "-macopt", "hexkey:"+hex.EncodeToString(key),
			"-macopt", fmt.Sprintf("size:%d", size))
		f := strings.Fields(string(out))
		got := f[len(f)-1]
		h, _ := NewMAC(key, nil, m.sbox, size, true)
		h.Write(data)
		if want := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s len %d size %d: openssl %s, mine %s", m.name, n, size, got, want)
		}
	})
}
