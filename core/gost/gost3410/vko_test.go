package gost3410

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestVKOVectors: R 50.1.113-2016 examples A.9 and A.10 (RFC 7836
// appendix B), both parties.
func TestVKOVectors(t *testing.T) {
	v := loadVectors(t).VKO
	c := curveByString(t, v.Curve)
	a, err := NewPrivateKey(c, unhex(t, v.APrivLE))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPrivateKey(c, unhex(t, v.BPrivLE))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.PublicKey().Raw(), unhex(t, v.APubLE)) || !bytes.Equal(b.PublicKey().Raw(), unhex(t, v.BPubLE)) {
		t.Fatal("public keys of the example do not match")
	}
	aPub, err := NewPublicKey(c, unhex(t, v.APubLE))
	if err != nil {
		t.Fatal(err)
	}
	bPub, err := NewPublicKey(c, unhex(t, v.BPubLE))
	if err != nil {
		t.Fatal(err)
	}
	ukm := unhex(t, v.UKM)
	for _, tc := range []struct {
		size int
		want string
	}{{32, v.KEK256}, {64, v.KEK512}} {
		kab, err := a.KEK(bPub, ukm, tc.size)
		if err != nil {
			t.Fatal(err)
		}
		kba, err := b.KEK(aPub, ukm, tc.size)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(kab, unhex(t, tc.want)) || !bytes.Equal(kba, kab) {
			t.Errorf("VKO %d: A→B %x, B→A %x, want %s", tc.size*8, kab, kba, tc.want)
		}
	}
}

func TestVKOAgreement(t *testing.T) {
	for _, c := range Curves() {
		a, _ := GenerateKey(c, rand.Reader)
		b, _ := GenerateKey(c, rand.Reader)
		ukm := make([]byte, 8)
		rand.Read(ukm)
		for _, size := range []int{32, 64} {
			k1, err1 := a.KEK(b.PublicKey(), ukm, size)
			k2, err2 := b.KEK(a.PublicKey(), ukm, size)
			if err1 != nil || err2 != nil || len(k1) != size || !bytes.Equal(k1, k2) {
				t.Errorf("%s VKO %d: %x / %x (%v, %v)", c.Name, size, k1, k2, err1, err2)
			}
		}
		k1, err1 := a.KEK2001(b.PublicKey(), ukm)
		k2, err2 := b.KEK2001(a.PublicKey(), ukm)
		if err1 != nil || err2 != nil || len(k1) != 32 || !bytes.Equal(k1, k2) {
			t.Errorf("%s VKO 2001: %x / %x (%v, %v)", c.Name, k1, k2, err1, err2)
		}
		ukm2 := append([]byte(nil), ukm...)
		ukm2[0] ^= 1
		if k3, _ := a.KEK(b.PublicKey(), ukm2, 32); bytes.Equal(k3, k1) {
			t.Errorf("%s: UKM does not change the key", c.Name)
		}
	}
}

func TestVKOErrors(t *testing.T) {
	a, _ := GenerateKey(CurveTC26256B, rand.Reader)
	b, _ := GenerateKey(CurveTC26256B, rand.Reader)
	other, _ := GenerateKey(CurveTC26256C, rand.Reader)
	ukm := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	if _, err := a.KEK(b.PublicKey(), ukm, 48); err != ErrHashSize {
		t.Errorf("hash size 48: %v", err)
	}
	if _, err := a.KEK(other.PublicKey(), ukm, 32); err != ErrCurveMismatch {
		t.Errorf("curve mismatch: %v", err)
	}
	if _, err := a.KEK(b.PublicKey(), make([]byte, 8), 32); err != ErrUKM {
		t.Errorf("zero UKM: %v", err)
	}
	if _, err := a.KEK(b.PublicKey(), nil, 32); err != ErrUKM {
		t.Errorf("empty UKM: %v", err)
	}
	bad := &PublicKey{Curve: CurveTC26256B, X: b.PublicKey().X, Y: CurveTC26256B.Y}
	if _, err := a.KEK(bad, ukm, 32); err != ErrInvalidPublicKey {
		t.Errorf("off-curve key: %v", err)
	}
}

// TestVKOOracleOpenSSL derives with `openssl pkeyutl -derive` and an 8-byte
// UKM and compares with KEK: for GOST R 34.10-2012 keys the engine uses
// VKO_GOSTR3410_2012_256, for GOST R 34.10-2001 keys the 2001 VKO.
func TestVKOOracleOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	type job struct {
		params []paramOID
		v2001  bool
	}
	var cases []struct {
		p     paramOID
		v2001 bool
	}
	for _, j := range []job{{opensslParams256, false}, {opensslParams512, false}, {opensslParams256[:4], true}} {
		for _, p := range j.params {
			for r := 0; r < 3; r++ {
				cases = append(cases, struct {
					p     paramOID
					v2001 bool
				}{p, j.v2001})
			}
		}
	}
	errs := make([]error, len(cases))
	oracle.Parallel(len(cases), func(i int) {
		tc := cases[i]
		c, _ := CurveByOID(tc.p.oid)
		a, _ := GenerateKey(c, rand.Reader)
		b, _ := GenerateKey(c, rand.Reader)
		ukm := make([]byte, 8)
		rand.Read(ukm)
		aKey := filepath.Join(dir, fmt.Sprintf("%d.a.pem", i))
		bPub := filepath.Join(dir, fmt.Sprintf("%d.b.pub", i))
		if tc.v2001 {
			writeFile(t, aKey, pkcs8PEM2001(t, a, tc.p.oid))
			writeFile(t, bPub, spkiPEM2001(t, b.PublicKey(), tc.p.oid))
		} else {
			writeFile(t, aKey, pkcs8PEM(t, a, tc.p.oid))
			writeFile(t, bPub, spkiPEM(t, b.PublicKey(), tc.p.oid))
		}
		got, err := oracle.OpenSSL(nil, "pkeyutl", "-derive", "-inkey", aKey, "-peerkey", bPub,
			"-pkeyopt", fmt.Sprintf("ukmhex:%x", ukm))
		if err != nil {
			errs[i] = err
			return
		}
		var want []byte
		if tc.v2001 {
			want, err = b.KEK2001(a.PublicKey(), ukm)
		} else {
			want, err = b.KEK(a.PublicKey(), ukm, 32)
		}
		if err != nil || !bytes.Equal(got, want) {
			errs[i] = fmt.Errorf("%s (2001=%v): openssl %x, ours %x (%v)", tc.p.name, tc.v2001, got, want, err)
		}
	})
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// GOST R 34.10-2001 keys (1.2.643.2.2.19 with GOST R 34.11-94 CryptoPro
// parameters) for the 2001 VKO cross-check.
func pkcs8PEM2001(t testing.TB, k *PrivateKey, p []int) []byte {
	return pkcs8Raw(t, alg2001(p), k.Raw())
}

func spkiPEM2001(t testing.TB, pub *PublicKey, p []int) []byte {
	return spkiRaw(t, alg2001(p), pub.Raw())
}

func alg2001(p []int) algID {
	return algID{[]int{1, 2, 643, 2, 2, 19}, keyParams{p, []int{1, 2, 643, 2, 2, 30, 1}}}
}

func TestKeyEncodersMatchOpenSSL(t *testing.T) {
	// Sanity check of the test encoders: OpenSSL must print the same
	// private scalar we encoded.
	oracle.RequireOpenSSLGost(t)
	k, _ := GenerateKey(CurveTC26256B, rand.Reader)
	path := filepath.Join(t.TempDir(), "k.pem")
	writeFile(t, path, pkcs8PEM(t, k, opensslParams256[1].oid))
	out, err := oracle.OpenSSL(nil, "pkey", "-in", path, "-text", "-noout")
	if err != nil {
		t.Fatal(err)
	}
	// OpenSSL prints the scalar as a hex number without leading zeros
	// (63 digits one time in sixteen): compare numbers, not strings.
	var printed *big.Int
	for _, line := range strings.Split(string(out), "\n") {
		if hex, ok := strings.CutPrefix(strings.TrimSpace(line), "Private key:"); ok {
			printed, _ = new(big.Int).SetString(strings.TrimSpace(hex), 16)
		}
	}
	if printed == nil || printed.Cmp(new(big.Int).SetBytes(reverse(k.Raw()))) != 0 {
		t.Fatalf("openssl printed %s", out)
	}
	_ = os.Remove(path)
}
