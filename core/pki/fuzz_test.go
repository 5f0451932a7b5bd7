package pki

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseCertificates(f *testing.F) {
	for _, name := range []string{"fns-qualified-signer.der", "hdr-G2012512.000.primary.cer", "ca_gost.der", "test_ca_rtk2.cer"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := ParseCertificates(data)
		if err != nil {
			return
		}
		for _, c := range cs {
			_ = c.Thumbprint()
			_ = c.SerialHex()
			_ = c.Subject.String()
			_ = c.Warnings(c.NotBefore)
		}
	})
}

func FuzzParsePublicKeyInfo(f *testing.F) {
	c := readCert(f, "fns-qualified-signer.der")
	f.Add(c.X509.RawSubjectPublicKeyInfo)
	f.Add(readCert(f, "sender512_cert.pem").X509.RawSubjectPublicKeyInfo)
	f.Add(readCert(f, "ca_gost.der").X509.RawSubjectPublicKeyInfo)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePublicKeyInfo(data)
		if err == nil && p.IsGost() && len(p.Key) != 64 && len(p.Key) != 128 {
			t.Fatalf("GOST key of %d bytes accepted", len(p.Key))
		}
	})
}
