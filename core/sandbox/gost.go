package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/esia"
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

// Identifiers of the sandbox's organisations; every one passes its
// checksum (core/pki.CheckIdentifiers). ООО «Песочница» is the ЕНС
// emulator's taxpayer and operator ООО "ПЕСОЧНИЦА" (core/sandbox/ens), so
// the employee's key the sandbox prints signs in to its API ЕНС too.
const (
	TestOrgINN   = "7799000005"
	TestOrgKPP   = "779901001"
	TestOrgOGRN  = "1027700000019"
	OtherOrgINN  = "7700000023"
	OtherOrgOGRN = "1027700000020"
)

// Test identities of the sandbox PKI.
const (
	idEmployee = "employee"
	idOther    = "other"
	idPersonal = "personal"
	idSystem   = "system"
	idAgency   = "agency"
)

func testSubjects() map[string]pki.Name {
	return map[string]pki.Name{
		idEmployee: {CommonName: "Иванов Иван Иванович", Surname: "Иванов", GivenName: "Иван Иванович", Organization: "ООО «Песочница»", INNLE: TestOrgINN, OGRN: TestOrgOGRN, SNILS: "11223344595", Country: "RU"},
		idOther:    {CommonName: "Петров Пётр Петрович", Surname: "Петров", GivenName: "Пётр Петрович", Organization: "ООО «Другая система»", INNLE: OtherOrgINN, OGRN: OtherOrgOGRN, SNILS: "12345678964", Country: "RU"},
		idPersonal: {CommonName: "Смирнова Анна Сергеевна", Surname: "Смирнова", GivenName: "Анна Сергеевна", SNILS: "00072972938", Country: "RU"},
		idSystem:   {CommonName: TestSystem, Organization: "ООО «Песочница»", INNLE: TestOrgINN, OGRN: TestOrgOGRN, Country: "RU"},
		idAgency:   {CommonName: "Госключ (песочница)", Organization: "Минцифры России (песочница)", INNLE: "7710474375", OGRN: "1047702026701", Country: "RU"},
	}
}

func fakeSigners(key []byte) map[string]TestSigner {
	m := map[string]TestSigner{}
	for id, n := range testSubjects() {
		inn := n.INNLE
		m[id] = fakecms.NewSigner(key, fakecms.Identity{Subject: n.CommonName + ", " + n.Organization, INN: inn, OGRN: n.OGRN, SNILS: n.SNILS})
	}
	return m
}
