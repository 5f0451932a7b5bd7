package pki

import (
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

func readCert(t testing.TB, name string) *Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ParseCertificates(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cs[0]
}

// certFiles lists every single-certificate fixture with its expected key
// algorithm size and curve OID.
var certFiles = []struct {
	name  string
	bits  int
	curve string
}{
	{"2F0CB09BE3550EF17EC4F29C90ABD18BFCAAD63A.cer", 256, ""},
	{"TestForOCSP.cer", 256, ""},
	{"ucTestCryptoPro.der", 256, ""},
	{"subUcTestCryptoPro.der", 256, ""},
	{"rootca.cer", 256, ""},
	{"test_ca_rtk2.cer", 256, ""},
	{"ca_gost.der", 256, "1.2.643.2.2.35.1"},
	{"user_gost.der", 256, "1.2.643.2.2.35.1"},
	{"hdr-G2001256.000.primary.cer", 256, ""},
	{"hdr-G2012256.001.primary.cer", 256, ""},
	{"hdr-G2012512.000.primary.cer", 512, ""},
	{"hdr-0000rtin.001.primary.cer", 256, ""},
	{"hdr-pfx-6b72.000.primary.cer", 512, ""},
	{"root256_cert.pem", 256, ""},
	{"sender512_cert.pem", 512, ""},
	{"signer-cpA.cert.der", 256, "1.2.643.2.2.35.1"},
	{"signer-tcA.cert.pem", 256, "1.2.643.7.1.2.1.1.1"},
	{"fns-qualified-signer.der", 256, "1.2.643.2.2.36.0"},
}

func TestParseFixtures(t *testing.T) {
	for _, f := range certFiles {
		c := readCert(t, f.name)
		if !c.IsGost() {
			t.Errorf("%s: not GOST: %v", f.name, c.PublicKeyInfo.Algorithm)
			continue
		}
		if got := c.PublicKeyInfo.Bits(); got != f.bits {
			t.Errorf("%s: %d bits, want %d", f.name, got, f.bits)
		}
		if f.curve != "" && c.PublicKeyInfo.CurveOID.String() != f.curve {
			t.Errorf("%s: curve %v, want %s", f.name, c.PublicKeyInfo.CurveOID, f.curve)
		}
		pub, err := c.PublicKey()
		if err != nil {
			t.Errorf("%s: public key: %v", f.name, err)
			continue
		}
		if pub.Curve.PointSize*8 != f.bits {
			t.Errorf("%s: curve %s for a %d-bit key", f.name, pub.Curve.Name, f.bits)
		}
		spki, err := MarshalPublicKeyInfo(pub)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePublicKeyInfo(spki)
		if err != nil || string(back.Key) != string(c.PublicKeyInfo.Key) {
			t.Errorf("%s: SPKI round trip: %v", f.name, err)
		}
		if f.name == "signer-tcA.cert.pem" && string(spki) != string(c.X509.RawSubjectPublicKeyInfo) {
			t.Errorf("tc26-A SPKI differs from openssl's:\n%x\n%x", spki, c.X509.RawSubjectPublicKeyInfo)
		}
		for _, w := range c.Warnings(c.NotBefore.Add(time.Hour)) {
			if w.Code == WarnUnknownCurve || w.Code == WarnNotGost || w.Code == WarnExpired {
				t.Errorf("%s: unexpected warning %v", f.name, w)
			}
		}
	}
}

// TestAgainstOpenSSL compares thumbprint, serial, validity and public key
// bytes with what openssl (gost engine) prints for every fixture.
func TestAgainstOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, f := range certFiles {
		c := readCert(t, f.name)
		out, err := oracle.OpenSSL(c.Raw, "x509", "-inform", "DER", "-noout", "-fingerprint", "-sha1", "-serial", "-enddate")
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		fp := strings.ReplaceAll(between(s, "Fingerprint=", "\n"), ":", "")
		if fp != c.Thumbprint() {
			t.Errorf("%s: thumbprint %s, openssl %s", f.name, c.Thumbprint(), fp)
		}
		if ser := between(s, "serial=", "\n"); strings.TrimLeft(ser, "0") != strings.TrimLeft(c.SerialHex(), "0") {
			t.Errorf("%s: serial %s, openssl %s", f.name, c.SerialHex(), ser)
		}
		end, err := time.Parse("Jan _2 15:04:05 2006 MST", between(s, "notAfter=", "\n"))
		if err != nil || !end.Equal(c.NotAfter) {
			t.Errorf("%s: notAfter %v, openssl %v (%v)", f.name, c.NotAfter, end, err)
		}
		// The public key: openssl's DER SubjectPublicKeyInfo ends with our raw key.
		spki, err := oracle.OpenSSL(c.Raw, "x509", "-inform", "DER", "-noout", "-pubkey")
		if err != nil {
			t.Fatal(err)
		}
		der, err := oracle.OpenSSL(spki, "pkey", "-pubin", "-outform", "DER")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(string(der), string(c.PublicKeyInfo.Key)) {
			t.Errorf("%s: public key differs from openssl's", f.name)
		}
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		s = s[:j]
	}
	return strings.TrimSpace(s)
}

// TestQualifiedSubject checks the qualified attributes of a real FNS-issued
// certificate (NumericString ИНН/СНИЛС/ОГРН, UTF8String names).
func TestQualifiedSubject(t *testing.T) {
	c := readCert(t, "fns-qualified-signer.der")
	s := c.Subject
	want := map[string]string{
		"INN": s.INN, "INNLE": s.INNLE, "OGRN": s.OGRN, "SNILS": s.SNILS,
		"C": s.Country, "T": s.Title, "SN": s.Surname,
	}
	exp := map[string]string{
		"INN": "615509077872", "INNLE": "5024245440", "OGRN": "1245000085846", "SNILS": "14338996498",
		"C": "RU", "T": "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", "SN": "БЕЛИКОВ",
	}
	for k, v := range exp {
		if want[k] != v {
			t.Errorf("%s = %q, want %q", k, want[k], v)
		}
	}
	if s.CommonName != `ООО "НАЙС СОФТ"` || s.Organization != s.CommonName {
		t.Errorf("CN/O = %q / %q", s.CommonName, s.Organization)
	}
	if !strings.HasPrefix(s.Province, "50 ") || s.Locality == "" || s.Street == "" || s.GivenName == "" {
		t.Errorf("address/name fields missing: %+v", s)
	}
	if c.Issuer.OGRN != "1047707030513" || c.Issuer.Email != "uc@tax.gov.ru" || c.Issuer.INNLE != "7707329152" {
		t.Errorf("issuer: %+v", c.Issuer)
	}
	if s.OrganizationINN() != "5024245440" {
		t.Errorf("OrganizationINN = %q", s.OrganizationINN())
	}
	if !strings.Contains(s.String(), "SNILS=14338996498") || !strings.Contains(s.String(), "CN=ООО") {
		t.Errorf("String() = %q", s.String())
	}
	if c.SerialHex() != "02F4A7C700BFB1BBB24004196617A31FC1" {
		t.Errorf("serial %s", c.SerialHex())
	}
	if !c.CanSign() || c.KeyUsage&x509.KeyUsageKeyEncipherment == 0 {
		t.Errorf("key usage %v", c.KeyUsage)
	}
	if len(c.Policies) != 3 || c.Policies[0].String() != "1.2.643.100.113.1" {
		t.Errorf("policies %v", c.Policies)
	}
	if c.SubjectSignTool == "" {
		t.Errorf("no SubjectSignTool")
	}
	if c.SignatureAlgorithm.String() != "1.2.643.7.1.1.3.2" {
		t.Errorf("signature algorithm %v", c.SignatureAlgorithm)
	}
	// During validity: no warnings at all.
	if ws := c.Warnings(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); len(ws) != 0 {
		t.Errorf("warnings %v", ws)
	}
	ws := c.Warnings(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(ws) != 1 || ws[0].Code != WarnExpired || !strings.Contains(ws[0].Russian(), "сертификат истёк: 01.11.2025") ||
		!strings.Contains(ws[0].English(), "expired") {
		t.Errorf("warnings %v", ws)
	}
	err := c.CheckValidity(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !errors.Is(err, ErrExpired) || !strings.Contains(err.Error(), "сертификат истёк") {
		t.Errorf("CheckValidity = %v", err)
	}
	if err := c.CheckValidity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrNotYetValid) {
		t.Errorf("CheckValidity(2020) = %v", err)
	}
}

func TestWarnings(t *testing.T) {
	// A self-signed container certificate: no ИНН, key exchange only or not.
	c := readCert(t, "hdr-0000rtin.001.primary.cer")
	codes := map[WarningCode]bool{}
	for _, w := range c.Warnings(c.NotBefore.Add(time.Hour)) {
		codes[w.Code] = true
	}
	if !codes[WarnNoINN] {
		t.Errorf("no WarnNoINN: %v", codes)
	}
	// Key usage without digitalSignature.
	c2 := *c
	c2.KeyUsage = x509.KeyUsageKeyEncipherment
	if !hasWarning(c2.Warnings(c.NotBefore.Add(time.Hour)), WarnNotForSigning) {
		t.Error("no WarnNotForSigning")
	}
	// Foreign curve.
	c3 := *c
	pk := *c.PublicKeyInfo
	pk.CurveOID = []int{1, 2, 3}
	c3.PublicKeyInfo = &pk
	if !hasWarning(c3.Warnings(c.NotBefore.Add(time.Hour)), WarnUnknownCurve) {
		t.Error("no WarnUnknownCurve")
	}
	// Bad checksums.
	c4 := *c
	c4.Subject.INN, c4.Subject.SNILS, c4.Subject.OGRN, c4.Subject.OGRNIP = "615509077873", "14338996499", "1245000085847", "304500116000158"
	ws := c4.Warnings(c.NotBefore.Add(time.Hour))
	for _, code := range []WarningCode{WarnBadINN, WarnBadSNILS, WarnBadOGRN, WarnBadOGRNIP} {
		if !hasWarning(ws, code) {
			t.Errorf("no warning %d in %v", code, ws)
		}
	}
	if hasWarning(ws, WarnNoINN) {
		t.Error("WarnNoINN with an INN present")
	}
	if hasWarning(c.Warnings(c.NotBefore.Add(-time.Hour)), WarnNotYetValid) == false {
		t.Error("no WarnNotYetValid")
	}
}

func hasWarning(ws []Warning, code WarningCode) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestParseCertificatesForms(t *testing.T) {
	der, _ := os.ReadFile("testdata/ucTestCryptoPro.der")
	pemData, _ := os.ReadFile("testdata/test_ca_rtk2.cer")
	two := append(append([]byte{}, der...), der...)
	cs, err := ParseCertificates(two)
	if err != nil || len(cs) != 2 {
		t.Fatalf("concatenated DER: %v %d", err, len(cs))
	}
	if cs, err := ParseCertificates(pemData); err != nil || len(cs) != 1 {
		t.Fatalf("PEM: %v", err)
	}
	b64 := []byte(" " + base64Lines(der) + "\n")
	cs, err = ParseCertificates(b64)
	if err != nil || cs[0].Thumbprint() != readCert(t, "ucTestCryptoPro.der").Thumbprint() {
		t.Fatalf("base64: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("-----BEGIN X-----\n-----END X-----\n"), der[:100], {0x30, 0x03, 1, 2, 3}} {
		if _, err := ParseCertificates(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("%x...: err %v", bad[:min(len(bad), 8)], err)
		}
	}
}

func TestNonGostKey(t *testing.T) {
	// An RSA SPKI (a 512-bit key is enough for the parser).
	spki := []byte{0x30, 0x5c, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x4b, 0x00}
	spki = append(spki, make([]byte, 0x4a)...)
	p, err := ParsePublicKeyInfo(spki)
	if !errors.Is(err, ErrUnsupportedAlgorithm) || p == nil || p.IsGost() || p.Bits() != 0 {
		t.Fatalf("RSA: %v %+v", err, p)
	}
}

func TestParseP7B(t *testing.T) {
	data, _ := os.ReadFile("testdata/cacerts.p7b")
	cs, err := ParseCertificates(data)
	if err != nil || len(cs) < 2 {
		t.Fatalf("%v %d", err, len(cs))
	}
	oracle.RequireOpenSSLGost(t)
	out, err := oracle.OpenSSL(data, "pkcs7", "-inform", "DER", "-print_certs", "-noout")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "subject="); n != len(cs) {
		t.Errorf("openssl sees %d certificates, we %d", n, len(cs))
	}
	// Every certificate of the bundle chains within the bundle or is a root.
	store := NewTrustStore()
	for _, c := range cs {
		if c.SelfSigned() {
			store.AddRoots(c)
		}
	}
	for _, c := range cs {
		if _, err := store.Verify(c, VerifyOptions{Intermediates: cs, Time: c.NotBefore.Add(time.Hour)}); err != nil {
			t.Errorf("%s: %v", c.Subject.CommonName, err)
		}
	}
}

func TestKeyString(t *testing.T) {
	if s := readCert(t, "fns-qualified-signer.der").PublicKeyInfo.String(); s != "ГОСТ Р 34.10-2012 256 бит (id-tc26-gost-3410-12-256-paramSetB)" {
		t.Error(s)
	}
	if s := readCert(t, "sender512_cert.pem").PublicKeyInfo.String(); !strings.HasPrefix(s, "ГОСТ Р 34.10-2012 512 бит (id-tc26-gost-3410-12-512-paramSet") {
		t.Error(s)
	}
	if s := readCert(t, "ca_gost.der").PublicKeyInfo.String(); !strings.HasPrefix(s, "ГОСТ Р 34.10-2001 (") {
		t.Error(s)
	}
}
