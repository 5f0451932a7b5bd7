package pkcs8

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/internal/oracle"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func TestRealPEMs(t *testing.T) {
	for file, want := range map[string]string{
		// EXPECTED_KEYS.tsv (the same keys the containers yield)
		"g2001.pem":          "b52cb428dc96e1a8a8842cb221c7f1565afdd4cc41403fbc11442d28680c89b1",
		"g2012256.pem":       "3cfc260415ec96566791cfdd388245882db0f0fc41c05eb24aed208560bf586c",
		"g2012512.pem":       "5c61ceef14fe82c86ef33e07a9be66d79d542c1f44aa8a4b1d0bc1d42892c06b7e9be81460e909fe6e6cc77b4c174a1107b90359a2f8c960f866d405499624a6",
		"signer-cpA.key.pem": "01329a76e6adc23f5116a834edf1fcceeb07986c7455c797fe48e87350614e06",
		"signer-tcA.key.pem": "5bfa698b6984182ea34d190aa1043689bc7e7fa3a40cc044638959a8399b011c",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParsePEM(data, "")
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(b.Keys) != 1 || hex.EncodeToString(b.Keys[0].Raw()) != want {
			t.Errorf("%s: keys %v", file, b.Keys)
		}
		if strings.HasPrefix(file, "g20") && len(b.Certificates) != 1 {
			t.Errorf("%s: %d certificates", file, len(b.Certificates))
		}
	}
}

// rewrap replaces the privateKey OCTET STRING contents of a PKCS#8 DER.
func rewrap(t *testing.T, der []byte, inner func(b *cryptobyte.Builder)) []byte {
	s := cryptobyte.String(der)
	var seq, alg cryptobyte.String
	var v int
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&v) || !seq.ReadASN1Element(&alg, cbasn1.SEQUENCE) {
		t.Fatal("bad der")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddBytes(alg)
		b.AddASN1(cbasn1.OCTET_STRING, inner)
	})
	return b.BytesOrPanic()
}

func TestWrappingVariants(t *testing.T) {
	for _, c := range []*gost3410.Curve{gost3410.CurveTC26256B, gost3410.CurveTC26256A, gost3410.CurveTC26512A, gost3410.CurveTC26512C} {
		k, err := gost3410.GenerateKey(c, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		der, err := MarshalPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		be := make([]byte, len(k.Raw()))
		for i, x := range k.Raw() {
			be[len(be)-1-i] = x
		}
		variants := map[string][]byte{
			"raw":            der,
			"octet-in-octet": rewrap(t, der, func(b *cryptobyte.Builder) { b.AddASN1OctetString(k.Raw()) }),
			"integer-in-octet": rewrap(t, der, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) {
					if be[0]&0x80 != 0 {
						b.AddUint8(0)
					}
					b.AddBytes(bytes.TrimLeft(be, "\x00"))
				})
			}),
		}
		for name, d := range variants {
			got, err := ParsePrivateKey(d)
			if err != nil {
				t.Fatalf("%s %s: %v", c.Name, name, err)
			}
			if !got.Equal(k) {
				t.Errorf("%s %s: wrong key", c.Name, name)
			}
		}
		// Encrypted round trip.
		enc, err := EncryptPrivateKey(k, "пароль", rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecryptPrivateKey(enc, "пароль")
		if err != nil || !got.Equal(k) {
			t.Fatalf("encrypted round trip: %v", err)
		}
		if _, err := DecryptPrivateKey(enc, "парол"); !errors.Is(err, kserr.ErrWrongPassword) {
			t.Errorf("wrong password: %v", err)
		}
	}
}

func TestForeignKeys(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	rsa, err := oracle.OpenSSL(nil, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePEM(rsa, ""); !errors.Is(err, kserr.ErrUnsupported) {
		t.Errorf("RSA: %v", err)
	}
	// A GOST key with an unknown curve OID.
	data, _ := os.ReadFile("testdata/signer-cpA.key.pem")
	blk, _ := pem.Decode(data)
	der := bytes.Replace(blk.Bytes, []byte{0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x01}, []byte{0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x09}, 1)
	if _, err := ParsePrivateKey(der); !errors.Is(err, kserr.ErrUnknownCurve) {
		t.Errorf("unknown curve: %v", err)
	}
	for i := 0; i < len(blk.Bytes); i++ {
		if _, err := ParsePrivateKey(blk.Bytes[:i]); err == nil {
			t.Fatalf("truncated at %d parsed", i)
		}
	}
}

// TestOpenSSLReadsOurs checks that OpenSSL derives the same public key from
// the PEM we write, plain and encrypted.
func TestOpenSSLReadsOurs(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, c := range []*gost3410.Curve{gost3410.CurveTC26256B, gost3410.CurveTC26256A, gost3410.CurveTC26512A} {
		k, _ := gost3410.GenerateKey(c, rand.Reader)
		for _, pw := range []string{"", "secret"} {
			p, err := EncodePEM(k, pw, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			f := filepath.Join(dir, "k.pem")
			os.WriteFile(f, p, 0o600)
			spki, err := oracle.OpenSSL(nil, "pkey", "-in", f, "-passin", "pass:"+pw, "-pubout", "-outform", "DER")
			if err != nil {
				t.Fatalf("%s pw=%q: %v", c.Name, pw, err)
			}
			if !bytes.HasSuffix(spki, k.PublicKey().Raw()) {
				t.Errorf("%s: OpenSSL public key differs", c.Name)
			}
		}
	}
}

// TestWeReadOpenSSLEncrypted reads PKCS#8 keys OpenSSL encrypts with
// PBES2/gost89 and PBES2/AES-256-CBC.
func TestWeReadOpenSSLEncrypted(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	src := "testdata/signer-cpA.key.pem"
	want := "01329a76e6adc23f5116a834edf1fcceeb07986c7455c797fe48e87350614e06"
	for _, args := range [][]string{{"-v2", "gost89"}, {"-v2", "aes-256-cbc"}} {
		out, err := oracle.OpenSSL(nil, append([]string{"pkcs8", "-topk8", "-in", src, "-passout", "pass:Пароль"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParsePEM(out, "Пароль")
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if hex.EncodeToString(b.Keys[0].Raw()) != want {
			t.Errorf("%v: wrong key", args)
		}
		if _, err := ParsePEM(out, "пароль"); !errors.Is(err, kserr.ErrWrongPassword) {
			t.Errorf("%v wrong password: %v", args, err)
		}
	}
}
