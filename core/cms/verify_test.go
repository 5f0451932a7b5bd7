package cms

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/pki"
)

// TestVerifyCryptoPro verifies the real CryptoPro CAdES-BES (BER,
// attached) both attached and with the content given separately.
func TestVerifyCryptoPro(t *testing.T) {
	sig := readFile(t, "gost_test.txt.p7s")
	content := readFile(t, "gost_test.txt")
	for _, c := range [][]byte{nil, content} {
		var r *Result
		var err error
		if c == nil {
			r, err = Verify(sig, nil)
		} else {
			r, err = Verify(sig, bytes.NewReader(c))
		}
		if err != nil {
			t.Fatal(err)
		}
		if !r.Valid() || r.Err() != nil {
			t.Fatalf("not valid: %v", r.Err())
		}
		s := r.Signers[0]
		if s.Certificate == nil || s.Certificate.Subject.OGRN != "1245000085846" ||
			!s.SigningTime.Equal(time.Date(2025, 6, 23, 16, 32, 8, 0, time.UTC)) {
			t.Errorf("signer %+v", s)
		}
		if !bytes.Equal(r.Content, content) {
			t.Errorf("content %q", r.Content)
		}
	}
	r, err := Verify(sig, bytes.NewReader([]byte("Тест ГОСТ!")))
	if err != nil || r.Valid() || !errors.Is(r.Err(), ErrContentMismatch) ||
		r.Err().Error() != "подпись не соответствует документу" {
		t.Fatalf("other content: %v %v", err, r.Err())
	}
}

func TestVerifyTC26(t *testing.T) {
	for _, name := range []string{"signed_a111.pem", "signed_a121.pem"} {
		r, err := Verify(readFile(t, name), nil)
		if err != nil || !r.Valid() {
			t.Errorf("%s: %v %v", name, err, r.Err())
			continue
		}
		if bytes.HasPrefix(r.Content, []byte{0xca, 0xee, 0xed}) == false { // "Кон" in CP1251
			t.Errorf("%s: content %x", name, r.Content[:8])
		}
		// Chain to the TC26 root.
		root := mustCert(t, "root256_cert.pem")
		r, err = VerifyWithOptions(readFile(t, name), VerifyOptions{Roots: pki.NewTrustStore(root), Time: root.NotBefore.Add(time.Hour)})
		if err != nil || !r.Valid() || len(r.Signers[0].Chain) != 2 {
			t.Errorf("%s with root: %v %v %v", name, err, r.Err(), r.Signers[0].CertificateWarnings)
		}
		for _, w := range r.Signers[0].CertificateWarnings {
			if w.Code == pki.WarnUntrusted || w.Code == pki.WarnBadChain {
				t.Errorf("%s: %v", name, w)
			}
		}
	}
}

// TestVerifyTK26NoAttrs checks the TK26CMS example: no certificate, no
// signed attributes, known public key.
func TestVerifyTK26NoAttrs(t *testing.T) {
	sd, err := Parse(readFile(t, "tk26cms-signed-256.der"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString("BADFD0C35314ABD28FAA47470B6C401772BB4EE8077E8F67E76E43DACE66159743E69C1FF74FE2E2F1749859ABF677D1C0C60FE28D0F83598E9F9465697358AD")
	cert := &pki.Certificate{PublicKeyInfo: &pki.PublicKeyInfo{
		Algorithm: pki.OIDPublicKeyGost2012_256, CurveOID: []int{1, 2, 643, 2, 2, 36, 0}, Key: raw}}
	d := streebog.Sum256(sd.Content)
	if string(sd.Content) != "Test message" {
		t.Fatalf("content %q", sd.Content)
	}
	if err := sd.verifySigner(sd.Signers[0], cert, d[:]); err != nil {
		t.Fatal(err)
	}
	d2 := streebog.Sum256([]byte("Test messagE"))
	if err := sd.verifySigner(sd.Signers[0], cert, d2[:]); !errors.Is(err, ErrContentMismatch) {
		t.Fatalf("other content: %v", err)
	}
	// Without the key: no signer certificate.
	r, err := sd.Verify(VerifyOptions{})
	if err != nil || r.Valid() || !errors.Is(r.Err(), ErrNoSignerCertificate) {
		t.Fatalf("%v %v", err, r.Err())
	}
}

func TestVerifyOpenSSLMade(t *testing.T) {
	data := readFile(t, "openssl-made/data.txt")
	for _, name := range []string{"data.txt.detached.p7s", "data.txt.attached.p7s", "data.txt.cades-bes.detached.p7s",
		"data.txt.cades-bes.attached.p7s", "data.txt.cades-bes.tcA.detached.p7s"} {
		sig := readFile(t, "openssl-made/"+name)
		r, err := Verify(sig, bytes.NewReader(data))
		if err != nil || !r.Valid() {
			t.Errorf("%s: %v %v", name, err, r.Err())
		}
		sd, _ := Parse(sig)
		if sd.Detached() {
			if _, err := Verify(sig, nil); !errors.Is(err, ErrNoContent) {
				t.Errorf("%s without content: %v", name, err)
			}
		}
		if bytes.Contains([]byte(name), []byte("cades")) && sd.Signers[0].SigningCertificateV2 == nil {
			t.Errorf("%s: no signingCertificateV2", name)
		}
	}
}

func mustCert(t testing.TB, name string) *pki.Certificate {
	t.Helper()
	cs, err := pki.ParseCertificates(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return cs[0]
}
