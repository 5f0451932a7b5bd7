package esia

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// GostSigner signs with a GOST private key and its certificate through
// core/cms. It implements Signer and RawSigner.
type GostSigner struct {
	Key   *gost3410.PrivateKey
	Cert  *pki.Certificate
	Chain []*pki.Certificate // extra certificates to embed (issuing CA)
}

// SignDetached makes a detached CAdES-BES (DER) over content.
func (s *GostSigner) SignDetached(_ context.Context, content []byte) ([]byte, error) {
	return cms.Sign(bytes.NewReader(content), s.Key, s.Cert, &cms.SignOptions{Chain: s.Chain})
}

// CertificateDER returns the certificate.
func (s *GostSigner) CertificateDER() []byte { return s.Cert.Raw }

// SignRaw signs the Streebog-256 digest of content and returns the bare
// GOST R 34.10-2012 signature as core/gost/gost3410 produces it (the form
// it has inside CMS). Whether ЕСИА expects this byte order for the v2/v3
// client_secret is not verified against the live service.
func (s *GostSigner) SignRaw(_ context.Context, content []byte) ([]byte, error) {
	d := pki.Streebog256(content)
	return s.Key.Sign(rand.Reader, d[:], nil)
}

// CertificateHash is client_certificate_hash: Streebog-256 of the DER
// certificate, upper-case hex (as cpverify -mk prints it).
func (s *GostSigner) CertificateHash() (string, error) { return CertificateHash(s.Cert.Raw), nil }

// CertificateHash hashes a DER certificate for client_certificate_hash.
func CertificateHash(der []byte) string {
	h := pki.Streebog256(der)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}
