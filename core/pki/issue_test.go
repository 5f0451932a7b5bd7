package pki

import (
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

var allCurves = []*gost3410.Curve{
	gost3410.CurveTC26256A, gost3410.CurveTC26256B, gost3410.CurveTC26256C, gost3410.CurveTC26256D,
	gost3410.CurveTC26512A, gost3410.CurveTC26512B, gost3410.CurveTC26512C,
}

func testPerson() Name {
	return Name{
		CommonName: "Иванов Иван Иванович", Surname: "Иванов", GivenName: "Иван Иванович",
		Title: "Генеральный директор", Organization: `ООО "Ромашка"`, OrganizationalUnit: "Бухгалтерия",
		Locality: "г. Москва", Province: "77 Москва", Street: "ул. Тверская, д. 1", Country: "RU",
		Email: "ivanov@example.ru", INN: "500100732259", INNLE: "7707083893", OGRN: "1027700132195",
		SNILS: "11223344595",
	}
}

func pemCert(c *Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// TestIssueOpenSSL issues a CA and an end-entity certificate on every curve
// (CA and leaf on different curves, crossing 256/512) and has openssl
// print and verify them.
func TestIssueOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	for i, curve := range allCurves {
		caCurve := allCurves[(i+3)%len(allCurves)]
		ca, err := NewTestCA(Template{Subject: Name{CommonName: "Тестовый УЦ gosdesk", Organization: "gosdesk", Country: "RU",
			INNLE: "7707083893", OGRN: "1027700132195"}}, caCurve, nil)
		if err != nil {
			t.Fatal(err)
		}
		leaf, key, err := ca.IssueKey(Template{Subject: testPerson(), SubjectSignTool: "gosdesk"}, curve)
		if err != nil {
			t.Fatal(err)
		}
		if !key.PublicKey().Equal(mustPub(t, leaf)) {
			t.Fatal("issued key differs")
		}
		s := leaf.Subject
		if s.INN != "500100732259" || s.SNILS != "11223344595" || s.OGRN != "1027700132195" || s.Surname != "Иванов" ||
			s.Street == "" || s.Email == "" || leaf.SubjectSignTool != "gosdesk" {
			t.Errorf("subject %+v", s)
		}
		if ws := leaf.Warnings(time.Now()); len(ws) != 0 {
			t.Errorf("warnings on a fresh certificate: %v", ws)
		}
		// Our own chain verification.
		chain, err := NewTrustStore(ca.Certificate).Verify(leaf, VerifyOptions{})
		if err != nil || len(chain) != 2 {
			t.Fatalf("%s: chain: %v", curve.Name, err)
		}
		caFile := filepath.Join(dir, "ca.pem")
		leafFile := filepath.Join(dir, "leaf.pem")
		os.WriteFile(caFile, pemCert(ca.Certificate), 0o644)
		os.WriteFile(leafFile, pemCert(leaf), 0o644)
		text, err := oracle.OpenSSL(nil, "x509", "-in", leafFile, "-noout", "-text", "-nameopt", "utf8")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"INN=500100732259", "SNILS=11223344595", "OGRN=1027700132195", "Digital Signature", "CN=Иванов Иван Иванович"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s: openssl -text lacks %q:\n%s", curve.Name, want, text)
			}
		}
		out, err := oracle.OpenSSL(nil, "verify", "-CAfile", caFile, leafFile)
		if err != nil || !strings.Contains(string(out), "OK") {
			t.Errorf("%s (CA %s): openssl verify: %v %s", curve.Name, caCurve.Name, err, out)
		}
	}
}

func mustPub(t *testing.T, c *Certificate) *gost3410.PublicKey {
	t.Helper()
	p, err := c.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestChainErrors(t *testing.T) {
	ca, _ := NewTestCA(Template{Subject: Name{CommonName: "CA 1"}}, nil, nil)
	other, _ := NewTestCA(Template{Subject: Name{CommonName: "CA 1"}}, nil, nil) // same name, other key
	leaf, _, err := ca.IssueKey(Template{Subject: testPerson()}, gost3410.CurveTC26256A)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewTrustStore().Verify(leaf, VerifyOptions{}); !errors.Is(err, ErrUntrusted) {
		t.Errorf("empty store: %v", err)
	}
	if _, err := NewTrustStore(other.Certificate).Verify(leaf, VerifyOptions{}); err == nil {
		t.Error("verified with a foreign CA of the same name")
	}
	// Intermediate CA given apart.
	sub, subKey, _ := ca.IssueKey(Template{Subject: Name{CommonName: "Sub CA"}, IsCA: true}, gost3410.CurveTC26512A)
	subCA := &CA{Certificate: sub, Key: subKey}
	leaf2, _, _ := subCA.IssueKey(Template{Subject: testPerson()}, gost3410.CurveTC26256B)
	if _, err := NewTrustStore(ca.Certificate).Verify(leaf2, VerifyOptions{}); !errors.Is(err, ErrUntrusted) {
		t.Errorf("without intermediate: %v", err)
	}
	chain, err := NewTrustStore(ca.Certificate).Verify(leaf2, VerifyOptions{Intermediates: []*Certificate{sub}})
	if err != nil || len(chain) != 3 {
		t.Errorf("with intermediate: %v", err)
	}
	// A leaf cannot act as a CA.
	leafCA, leafKey, _ := ca.IssueKey(Template{Subject: Name{CommonName: "Not a CA"}}, gost3410.CurveTC26256B)
	leaf4, _, _ := (&CA{Certificate: leafCA, Key: leafKey}).IssueKey(Template{Subject: testPerson()}, gost3410.CurveTC26256B)
	if _, err := NewTrustStore(ca.Certificate).Verify(leaf4, VerifyOptions{Intermediates: []*Certificate{leafCA}}); !errors.Is(err, ErrNotCA) {
		t.Errorf("leaf as CA: %v", err)
	}
	// Tampered signature.
	bad := *leaf2
	x := *leaf2.X509
	x.Signature = append([]byte{}, x.Signature...)
	x.Signature[5] ^= 1
	bad.X509 = &x
	if err := bad.CheckSignatureFrom(sub); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered: %v", err)
	}
	// Expired intermediate CA.
	oldSub, oldKey, _ := ca.IssueKey(Template{Subject: Name{CommonName: "Old sub CA"}, IsCA: true,
		NotBefore: time.Now().AddDate(-5, 0, 0), NotAfter: time.Now().AddDate(-1, 0, 0)}, gost3410.CurveTC26256B)
	leaf3, _, _ := (&CA{Certificate: oldSub, Key: oldKey}).IssueKey(Template{Subject: testPerson()}, gost3410.CurveTC26256B)
	_, err = NewTrustStore(ca.Certificate).Verify(leaf3, VerifyOptions{Intermediates: []*Certificate{oldSub}})
	if !errors.Is(err, ErrExpired) || !strings.Contains(err.Error(), "сертификат истёк") {
		t.Errorf("expired intermediate: %v", err)
	}
	if w := ChainWarning(err); w.Code != WarnBadChain {
		t.Errorf("warning %v", w)
	}
}

// TestRealChains verifies real CA chains: CryptoPro test УЦ 2.0 (2012-256),
// GOST 2001 roots of Минкомсвязь (GOST R 34.11-94 signatures) and TC26.
func TestRealChains(t *testing.T) {
	for _, tc := range []struct{ leaf, inter, root string }{
		{"subUcTestCryptoPro.der", "", "ucTestCryptoPro.der"},
		{"TestForOCSP.cer", "subUcTestCryptoPro.der", "ucTestCryptoPro.der"},
		{"user_gost.der", "", "ca_gost.der"},
		{"sender512_cert.pem", "", "root256_cert.pem"},
		{"fns-qualified-signer.der", "", ""},
	} {
		leaf := readCert(t, tc.leaf)
		if tc.root == "" {
			continue
		}
		store := NewTrustStore(readCert(t, tc.root))
		var inter []*Certificate
		if tc.inter != "" {
			inter = append(inter, readCert(t, tc.inter))
		}
		if _, err := store.Verify(leaf, VerifyOptions{Intermediates: inter, Time: leaf.NotBefore.Add(time.Hour)}); err != nil {
			t.Errorf("%s: %v", tc.leaf, err)
		}
	}
	// Self-signatures of real roots.
	for _, name := range []string{"2F0CB09BE3550EF17EC4F29C90ABD18BFCAAD63A.cer", "rootca.cer", "ucTestCryptoPro.der", "ca_gost.der", "hdr-G2012512.000.primary.cer"} {
		c := readCert(t, name)
		if err := c.CheckSignatureFrom(c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"ucTestCryptoPro.der", "subUcTestCryptoPro.der"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		os.WriteFile(filepath.Join(dir, strings.TrimSuffix(n, ".der")+".cer"), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "junk.cer"), []byte("junk"), 0o644)
	s := NewTrustStore()
	if err := s.LoadDir(dir); err != nil {
		t.Fatal(err)
	}
	leaf := readCert(t, "TestForOCSP.cer")
	if chain, err := s.Verify(leaf, VerifyOptions{Time: leaf.NotBefore}); err != nil || len(chain) != 3 {
		t.Fatalf("%v %d", err, len(chain))
	}
	if len(s.Roots()) != 1 {
		t.Errorf("%d roots", len(s.Roots()))
	}
}
