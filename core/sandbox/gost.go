package sandbox

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox/fakecms"
)

// GostVerifier verifies real GOST CAdES-BES signatures (core/cms) whose
// signer certificate chains to Roots.
type GostVerifier struct {
	Roots *pki.TrustStore
	// Now for certificate validity (nil: time.Now).
	Now func() time.Time
}

// Errors of GostVerifier.
var (
	ErrSignatureInvalid = errors.New("sandbox: signature does not verify")
	ErrUntrusted        = errors.New("sandbox: signer certificate does not chain to the sandbox test CA")
)

// VerifyDetached implements Verifier.
func (v GostVerifier) VerifyDetached(sig, content []byte) (*VerifiedSigner, error) {
	now := time.Now()
	if v.Now != nil {
		now = v.Now()
	}
	res, err := cms.VerifyWithOptions(sig, cms.VerifyOptions{Content: bytes.NewReader(content), Roots: v.Roots, Time: now})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSignatureInvalid, err)
	}
	if !res.Valid() || len(res.Signers) != 1 {
		return nil, ErrSignatureInvalid
	}
	sr := res.Signers[0]
	if !sr.SignatureValid || sr.Certificate == nil {
		return nil, ErrSignatureInvalid
	}
	if v.Roots != nil && len(sr.Chain) == 0 {
		return nil, ErrUntrusted
	}
	c := sr.Certificate
	inn := c.Subject.INNLE
	if inn == "" {
		inn = c.Subject.OrganizationINN()
	}
	ogrn := c.Subject.OGRN
	if ogrn == "" {
		ogrn = c.Subject.OGRNIP
	}
	return &VerifiedSigner{CertificateDER: c.Raw, Subject: c.Subject.String(), INN: inn, OGRN: ogrn, SNILS: c.Subject.SNILS, SigningTime: sr.SigningTime}, nil
}

// VerifyRaw implements Verifier (signature over Streebog-256 of content,
// the counterpart of esia.GostSigner.SignRaw).
func (GostVerifier) VerifyRaw(certDER, sig, content []byte) error {
	c, err := pki.ParseCertificate(certDER)
	if err != nil {
		return err
	}
	pub, err := c.PublicKey()
	if err != nil {
		return err
	}
	d := pki.Streebog256(content)
	if !pub.Verify(d[:], sig) {
		return ErrSignatureInvalid
	}
	return nil
}

// CertificateHash implements Verifier.
func (GostVerifier) CertificateHash(certDER []byte) (string, error) {
	return esia.CertificateHash(certDER), nil
}

// TestSigner is a signer of a sandbox test identity: esia.Signer and
// esia.RawSigner.
type TestSigner interface {
	SignDetached(ctx context.Context, content []byte) ([]byte, error)
	CertificateDER() []byte
	SignRaw(ctx context.Context, content []byte) ([]byte, error)
	CertificateHash() (string, error)
}

// Test identities of the sandbox PKI.
const (
	idEmployee = "employee"
	idOther    = "other"
	idPersonal = "personal"
	idSystem   = "system"
	idAgency   = "agency"
)

type testPKI struct {
	ca      *pki.CA
	signers map[string]TestSigner
}

func testSubjects() map[string]pki.Name {
	return map[string]pki.Name{
		idEmployee: {CommonName: "Иванов Иван Иванович", Surname: "Иванов", GivenName: "Иван Иванович", Organization: "ООО «Песочница»", INNLE: "7700000018", OGRN: "1027700000019", SNILS: "11223344595", Country: "RU"},
		idOther:    {CommonName: "Петров Пётр Петрович", Surname: "Петров", GivenName: "Пётр Петрович", Organization: "ООО «Другая система»", INNLE: "7700000026", OGRN: "1027700000020", SNILS: "12345678964", Country: "RU"},
		idPersonal: {CommonName: "Смирнова Анна Сергеевна", Surname: "Смирнова", GivenName: "Анна Сергеевна", SNILS: "00072972938", Country: "RU"},
		idSystem:   {CommonName: TestSystem, Organization: "ООО «Песочница»", INNLE: "7700000018", OGRN: "1027700000019", Country: "RU"},
		idAgency:   {CommonName: "Госключ (песочница)", Organization: "Минцифры России (песочница)", INNLE: "7710474375", OGRN: "1047702026701", Country: "RU"},
	}
}

// newTestPKI issues the sandbox test CA and the identities' certificates.
func newTestPKI(now time.Time) (*testPKI, error) {
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Тестовый УЦ песочницы gosdesk", Organization: "gosdesk sandbox", Country: "RU"},
		IsCA: true, NotBefore: now.Add(-24 * time.Hour)}, gost3410.CurveTC26256B, nil)
	if err != nil {
		return nil, err
	}
	p := &testPKI{ca: ca, signers: map[string]TestSigner{}}
	for id, subj := range testSubjects() {
		cert, key, err := ca.IssueKey(pki.Template{Subject: subj, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour)}, gost3410.CurveTC26256B)
		if err != nil {
			return nil, fmt.Errorf("sandbox: issuing %s: %w", id, err)
		}
		p.signers[id] = &esia.GostSigner{Key: key, Cert: cert, Chain: []*pki.Certificate{ca.Certificate}}
	}
	return p, nil
}

func fakeSigners(key []byte) map[string]TestSigner {
	m := map[string]TestSigner{}
	for id, n := range testSubjects() {
		inn := n.INNLE
		m[id] = fakecms.NewSigner(key, fakecms.Identity{Subject: n.CommonName + ", " + n.Organization, INN: inn, OGRN: n.OGRN, SNILS: n.SNILS})
	}
	return m
}

// writeTestPKI writes certificates (PEM) and keys (test-only raw format)
// for the CLI to print.
func (s *Server) writeCredentialFiles(dir string) {
	c := &s.st.Creds
	c.CertPath = filepath.Join(dir, "employee.cer")
	c.KeyPath = filepath.Join(dir, "employee.key")
	c.SystemCertPath = filepath.Join(dir, "system.cer")
	c.CACertPath = ""
	writePEM := func(path string, der []byte) {
		os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	}
	writePEM(c.CertPath, s.signers[idEmployee].CertificateDER())
	writePEM(c.SystemCertPath, s.signers[idSystem].CertificateDER())
	if gs, ok := s.signers[idEmployee].(*esia.GostSigner); ok {
		c.CACertPath = filepath.Join(dir, "sandbox-ca.cer")
		writePEM(c.CACertPath, s.pki.ca.Certificate.Raw)
		os.WriteFile(c.KeyPath, pem.EncodeToMemory(&pem.Block{Type: "GOST R 34.10-2012 TEST PRIVATE KEY",
			Headers: map[string]string{"Curve": gs.Key.Curve.Name, "Note": "sandbox test key, not a CryptoPro container"}, Bytes: gs.Key.Raw()}), 0o600)
	} else {
		os.WriteFile(c.KeyPath, []byte("FAKECMS TEST KEY (sandbox only, not a GOST key)\n"), 0o600)
	}
}
