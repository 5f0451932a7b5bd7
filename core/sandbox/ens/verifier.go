package ens

import (
	"github.com/gosdesk/gosdesk/core/ens"
)

// SignedBy is what a Verifier found in a CMS signature.
type SignedBy struct {
	// SignedData is the parsed structure: signer and certificate counts,
	// algorithms, content, CAdES-BES attributes.
	*ens.SignedData
	// Certificate is the signer's certificate (set when the signature
	// holds exactly one), with ИНН, ОГРН, СНИЛС and validity.
	Certificate *ens.CertIdentity
	// SignatureValid: the signature over the signed attributes verifies
	// with the certificate's key and messageDigest matches the content.
	SignatureValid bool
	SignatureErr   error
	// ChainValid: the certificate chains to a trusted (sandbox) CA,
	// regardless of dates (dates are checked against the sandbox clock).
	ChainValid bool
	ChainErr   error
}

// Verifier verifies CAdES-BES signatures for the sandbox. sig is DER CMS;
// detachedContent is the signed content for a detached signature (nil for
// an attached one). An error means sig is not a CMS SignedData at all;
// every other finding is reported in SignedBy.
type Verifier interface {
	Verify(sig []byte, detachedContent []byte) (*SignedBy, error)
}

// SignatureChecker verifies the GOST signature of a CMS SignedData over
// content (core/cms provides it; tests use OpenSSL).
type SignatureChecker interface {
	CheckSignature(sig, content []byte) error
}

// ChainChecker checks that a certificate chains to the trusted CA.
type ChainChecker interface {
	CheckChain(certDER []byte) error
}

// CMSVerifier is a Verifier that parses the structure itself and delegates
// the cryptography to Signature and the chain to Chain.
type CMSVerifier struct {
	Signature SignatureChecker
	Chain     ChainChecker
	// INNOIDs pick the ИНН of the certificate (default: the default
	// profile's).
	INNOIDs []string
}

// Verify implements Verifier.
func (v *CMSVerifier) Verify(sig, detached []byte) (*SignedBy, error) {
	sd, err := ens.ParseSignedData(sig)
	if err != nil {
		return nil, err
	}
	out := &SignedBy{SignedData: sd}
	if len(sd.Certificates) == 1 {
		oids := v.INNOIDs
		if len(oids) == 0 {
			oids = ens.DefaultProfile().INNOIDs
		}
		if out.Certificate, err = ens.IdentifyCertificate(sd.Certificates[0], oids); err != nil {
			out.ChainErr = err
			out.SignatureErr = err
			return out, nil
		}
		out.ChainErr = v.Chain.CheckChain(sd.Certificates[0])
		out.ChainValid = out.ChainErr == nil
	}
	content := detached
	if sd.Attached {
		content = sd.Content
	}
	out.SignatureErr = v.Signature.CheckSignature(sig, content)
	out.SignatureValid = out.SignatureErr == nil && sd.DigestMatches(content)
	return out, nil
}
