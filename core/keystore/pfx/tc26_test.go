package pfx

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// TestTC26PFX opens the TC26-format files and checks the key against the
// one OpenSSL extracts from the same file.
func TestTC26PFX(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, tc := range []struct{ file, password, want string }{
		{"signer-cpA.gost89.pfx", "1234", "01329a76e6adc23f5116a834edf1fcceeb07986c7455c797fe48e87350614e06"},
		{"tc26-r50.1.112-2016-example.pfx", "Пароль для PFX", ""},
	} {
		path := "testdata/" + tc.file
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Decode(data, tc.password)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if len(p.Entries) != 1 || p.Format != "tc26" || p.Entries[0].Certificate == nil {
			t.Fatalf("%s: %+v", tc.file, p)
		}
		got := hex.EncodeToString(p.Entries[0].Key.Raw())
		if tc.want != "" && got != tc.want {
			t.Errorf("%s: key %s, want %s", tc.file, got, tc.want)
		}
		out, err := oracle.OpenSSL(nil, "pkcs12", "-in", path, "-passin", "pass:"+tc.password, "-nocerts", "-nodes")
		if err != nil {
			t.Fatal(err)
		}
		b, err := pkcs8.ParsePEM(out, "")
		if err != nil {
			t.Fatal(err)
		}
		if !b.Keys[0].Equal(p.Entries[0].Key) {
			t.Errorf("%s: OpenSSL extracts a different key", tc.file)
		}
		if _, err := Decode(data, tc.password+"1"); !errors.Is(err, kserr.ErrWrongPassword) {
			t.Errorf("%s wrong password: %v", tc.file, err)
		}
	}
}

func selfSigned(t *testing.T, dir string, k *gost3410.PrivateKey, cn string) []byte {
	t.Helper()
	p, err := pkcs8.EncodePEM(k, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	kf := filepath.Join(dir, cn+".key.pem")
	os.WriteFile(kf, p, 0o600)
	md := "-md_gost12_256"
	if k.Curve.PointSize == 64 {
		md = "-md_gost12_512"
	}
	der, err := oracle.OpenSSL(nil, "req", "-new", "-x509", "-key", kf, md, "-days", "30",
		"-subj", "/CN="+cn+"/O=gosdesk test", "-outform", "DER")
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestEncodeOpenSSL writes PFX files and opens them with openssl pkcs12;
// the extra CA certificates make the certificate bag larger than 1 KiB so
// that CryptoPro key meshing is exercised.
func TestEncodeOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	for _, c := range []*gost3410.Curve{gost3410.CurveTC26256B, gost3410.CurveTC26512A} {
		k, _ := gost3410.GenerateKey(c, rand.Reader)
		cert := selfSigned(t, dir, k, "signer")
		var cas [][]byte
		for i := 0; i < 3; i++ {
			ck, _ := gost3410.GenerateKey(gost3410.CurveTC26256A, rand.Reader)
			cas = append(cas, selfSigned(t, dir, ck, "ca"))
		}
		const pw = "Пароль 1"
		data, err := Encode(k, cert, pw, EncodeOptions{FriendlyName: "Тест", CACerts: cas})
		if err != nil {
			t.Fatal(err)
		}
		p, err := Decode(data, pw)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Entries) != 1 || !p.Entries[0].Key.Equal(k) || !bytes.Equal(p.Entries[0].Certificate, cert) ||
			p.Entries[0].FriendlyName != "Тест" || len(p.Certificates) != 4 {
			t.Fatalf("round trip: %+v", p)
		}
		f := filepath.Join(dir, "out.pfx")
		os.WriteFile(f, data, 0o600)
		out, err := oracle.OpenSSL(nil, "pkcs12", "-in", f, "-passin", "pass:"+pw, "-nodes")
		if err != nil {
			t.Fatalf("%s: openssl pkcs12: %v", c.Name, err)
		}
		b, err := pkcs8.ParsePEM(out, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Keys) != 1 || !b.Keys[0].Equal(k) || len(b.Certificates) != 4 || !bytes.Equal(b.Certificates[0], cert) {
			t.Errorf("%s: OpenSSL reads %d keys, %d certs", c.Name, len(b.Keys), len(b.Certificates))
		}
		if _, err := oracle.OpenSSL(nil, "pkcs12", "-in", f, "-passin", "pass:x", "-nodes"); err == nil {
			t.Error("OpenSSL accepted a wrong password")
		}
	}
}

func TestBadPFX(t *testing.T) {
	data, _ := os.ReadFile("testdata/pfx1.pfx")
	if _, err := Decode(data, "1234"); !errors.Is(err, kserr.ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}
	for i := 0; i < len(data); i += 7 {
		if _, err := Decode(data[:i], "12345"); err == nil {
			t.Fatalf("truncated at %d decoded", i)
		} else if !errors.Is(err, kserr.ErrMalformed) {
			t.Fatalf("truncated at %d: %v", i, err)
		}
	}
	rsa, _ := os.ReadFile("testdata/RsaTestCert_RSA.pfx")
	if _, err := Decode(rsa, ""); !errors.Is(err, kserr.ErrUnsupported) {
		t.Errorf("RSA PFX: %v", err)
	}
}
