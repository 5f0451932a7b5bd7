package sandbox

import (
	"context"
	"time"

	"github.com/gosdesk/gosdesk/core/sandbox/fakecms"
)

// VerifiedSigner describes the signer of a verified signature.
type VerifiedSigner struct {
	CertificateDER []byte
	Subject        string
	INN, OGRN      string
	SNILS          string
	SigningTime    time.Time
}

// Verifier checks signatures the sandbox receives: detached CAdES-BES of
// the API key, of client_secret (PKCS#7 variant) and of archive files, and
// raw GOST client_secret signatures (v2/v3 variant).
type Verifier interface {
	VerifyDetached(sig, content []byte) (*VerifiedSigner, error)
	// VerifyRaw checks a raw GOST R 34.10-2012 signature by certDER.
	VerifyRaw(certDER, sig, content []byte) error
	// CertificateHash is client_certificate_hash of certDER (GOST R
	// 34.11-2012 256 of the DER, upper hex).
	CertificateHash(certDER []byte) (string, error)
}

// ResultSigner signs result documents (Госключ "signed documents").
type ResultSigner interface {
	SignDetached(ctx context.Context, content []byte) ([]byte, error)
}

// FakeVerifier verifies fakecms signatures. TEST ONLY (shared HMAC key).
type FakeVerifier struct{ Key []byte }

// VerifyDetached implements Verifier.
func (v FakeVerifier) VerifyDetached(sig, content []byte) (*VerifiedSigner, error) {
	s, err := fakecms.Verify(v.Key, sig, content)
	if err != nil {
		return nil, err
	}
	return &VerifiedSigner{CertificateDER: s.Cert, Subject: s.ID.Subject, INN: s.ID.INN, OGRN: s.ID.OGRN, SNILS: s.ID.SNILS, SigningTime: s.SigningTime}, nil
}

// VerifyRaw implements Verifier.
func (v FakeVerifier) VerifyRaw(cert, sig, content []byte) error {
	return fakecms.VerifyRaw(v.Key, cert, sig, content)
}

// CertificateHash implements Verifier.
func (FakeVerifier) CertificateHash(cert []byte) (string, error) { return fakecms.CertHash(cert), nil }
