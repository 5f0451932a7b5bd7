// Package esia obtains ЕСИА access tokens for API ЕПГУ: the organisation
// flow that exchanges an API key for a token (Б.12 of the ЕСИА methodology,
// "ext-app"), and the citizen OAuth2 authorisation-code flows
// (/aas/oauth2/v2/ac + /v3/te with a raw GOST client_secret, and
// /aas/oauth2/ac + /te with a PKCS#7 client_secret). It also imports API
// key files and keeps the key in the OS keyring.
package esia

import "context"

// Signer makes detached CAdES-BES signatures (DER CMS SignedData without
// encapsulated content) with a GOST qualified certificate.
type Signer interface {
	SignDetached(ctx context.Context, content []byte) ([]byte, error)
	// CertificateDER is the signer's certificate.
	CertificateDER() []byte
}

// RawSigner makes raw GOST R 34.10-2012 signatures (r||s, big-endian, as
// ЕСИА expects after reversing CryptoPro's little-endian output) for the
// v2/v3 OAuth2 endpoints.
type RawSigner interface {
	SignRaw(ctx context.Context, content []byte) ([]byte, error)
	// CertificateHash is client_certificate_hash: GOST R 34.11-2012 256
	// hash of the DER certificate, hex.
	CertificateHash() (string, error)
}
