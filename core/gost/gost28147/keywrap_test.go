package gost28147

import (
	"bufio"
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

func readVector(t testing.TB, name string) map[string][]byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string][]byte{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		m[strings.TrimSpace(k)] = unhex(t, strings.TrimSpace(v))
	}
	return m
}

func TestKeyUnwrapCryptoProVector(t *testing.T) {
	v := readVector(t, "keywrap-cryptopro-z.txt")
	blob := append(append(bytes.Clone(v["ukm"]), v["enc"]...), v["mac"]...)
	cek, err := KeyUnwrapCryptoPro(v["kek"], blob, SBoxZ)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cek, v["cek"]) {
		t.Fatalf("cek = %x, want %x", cek, v["cek"])
	}
	w, err := KeyWrapCryptoPro(v["kek"], v["ukm"], v["cek"], SBoxZ)
	if err != nil || !bytes.Equal(w, blob) {
		t.Fatalf("wrap = %x, %v; want %x", w, err, blob)
	}
	// The plain GOST wrap under the diversified KEK is the same blob.
	dk, _ := KeyDiversifyCryptoPro(v["kek"], v["ukm"], SBoxZ)
	w2, _ := KeyWrap(dk, v["ukm"], v["cek"], SBoxZ)
	if !bytes.Equal(w2, blob) {
		t.Fatal("KeyWrap(KEK(UKM)) differs from KeyWrapCryptoPro")
	}
	if _, err := KeyUnwrap(v["kek"], blob, SBoxZ); !errors.Is(err, ErrWrapMAC) {
		t.Fatalf("plain unwrap with the undiversified KEK: %v", err)
	}
	if _, err := KeyUnwrapCryptoPro(v["kek"], blob, SBoxCryptoProA); !errors.Is(err, ErrWrapMAC) {
		t.Fatalf("unwrap with the wrong S-box: %v", err)
	}
}

func TestKeyWrapRoundTripAndTamper(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	kek, ukm, cek := randBytes(r, 32), randBytes(r, 8), randBytes(r, 32)
	for name, f := range map[string]struct {
		wrap   func(kek, ukm, cek []byte, s *SBox) ([]byte, error)
		unwrap func(kek, w []byte, s *SBox) ([]byte, error)
	}{
		"gost":      {KeyWrap, KeyUnwrap},
		"cryptopro": {KeyWrapCryptoPro, KeyUnwrapCryptoPro},
	} {
		w, err := f.wrap(kek, ukm, cek, SBoxCryptoProA)
		if err != nil || len(w) != WrappedKeySize || !bytes.Equal(w[:8], ukm) {
			t.Fatalf("%s: wrap %x %v", name, w, err)
		}
		got, err := f.unwrap(kek, w, SBoxCryptoProA)
		if err != nil || !bytes.Equal(got, cek) {
			t.Fatalf("%s: unwrap %x %v", name, got, err)
		}
		for i := range w {
			bad := bytes.Clone(w)
			bad[i] ^= 0x01
			if _, err := f.unwrap(kek, bad, SBoxCryptoProA); !errors.Is(err, ErrWrapMAC) {
				t.Fatalf("%s: flipped byte %d not detected: %v", name, i, err)
			}
		}
		if _, err := f.unwrap(kek, w[:43], SBoxCryptoProA); !errors.Is(err, ErrWrapSize) {
			t.Fatalf("%s: short blob: %v", name, err)
		}
		if _, err := f.wrap(kek, ukm[:7], cek, SBoxCryptoProA); !errors.Is(err, ErrUKMSize) {
			t.Fatalf("%s: short UKM: %v", name, err)
		}
	}
	// GOST wrap: CEK_ENC is plain ECB under the KEK.
	w, _ := KeyWrap(kek, ukm, cek, SBoxCryptoProA)
	b, _ := NewCipher(kek, SBoxCryptoProA)
	enc := make([]byte, 32)
	for i := 0; i < 32; i += 8 {
		b.Encrypt(enc[i:], cek[i:])
	}
	if !bytes.Equal(w[8:40], enc) {
		t.Fatal("CEK_ENC is not ECB(KEK, CEK)")
	}
}

// keyTransport is the GostR3410-KeyTransport of RFC 4490 as the engine emits it.
type keyTransport struct {
	Enc struct {
		EncryptedKey []byte
		MACKey       []byte
	}
	Params struct {
		ParamSet asn1.ObjectIdentifier
		Eph      asn1.RawValue `asn1:"tag:0,optional"`
		UKM      []byte
	} `asn1:"tag:0"`
}

// TestOracleKeyUnwrapCryptoPro has OpenSSL encrypt a random key to a fresh
// key pair (VKO + CryptoPro key wrap), derives the same KEK with "pkeyutl
// -derive" and unwraps the blob here: a gost2012_256 key gets S-box Z, a
// gost2001 key CryptoPro-A.
func TestOracleKeyUnwrapCryptoPro(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	for i, ps := range []struct {
		alg  string
		sbox *SBox
	}{{"gost2012_256", SBoxZ}, {"gost2001", SBoxCryptoProA}} {
		key := filepath.Join(dir, ps.alg+".pem")
		openssl(t, nil, nil, "genpkey", "-algorithm", ps.alg, "-pkeyopt", "paramset:A", "-out", key)
		pub := filepath.Join(dir, ps.alg+".pub")
		openssl(t, nil, nil, "pkey", "-in", key, "-pubout", "-out", pub)
		r := rand.New(rand.NewPCG(uint64(i), 5))
		cek := randBytes(r, 32)
		der := openssl(t, nil, cek, "pkeyutl", "-encrypt", "-pubin", "-inkey", pub)
		var kt keyTransport
		if _, err := asn1.Unmarshal(der, &kt); err != nil {
			t.Fatalf("parse key transport: %v", err)
		}
		if s, ok := SBoxByOID(kt.Params.ParamSet); !ok || s != ps.sbox {
			t.Fatalf("%s: engine used param set %v", ps.alg, kt.Params.ParamSet)
		}
		eph := filepath.Join(dir, ps.alg+".eph.der")
		spki := append([]byte{0x30}, kt.Params.Eph.FullBytes[1:]...)
		if err := os.WriteFile(eph, spki, 0o600); err != nil {
			t.Fatal(err)
		}
		kek := openssl(t, nil, nil, "pkeyutl", "-derive", "-inkey", key, "-peerkey", eph, "-peerform", "DER",
			"-pkeyopt", "ukmhex:"+hex.EncodeToString(kt.Params.UKM))
		blob := append(append(bytes.Clone(kt.Params.UKM), kt.Enc.EncryptedKey...), kt.Enc.MACKey...)
		got, err := KeyUnwrapCryptoPro(kek, blob, ps.sbox)
		if err != nil || !bytes.Equal(got, cek) {
			t.Fatalf("%s: unwrap = %x, %v; want %x", ps.alg, got, err, cek)
		}
	}
}
