package cms

import (
	"bytes"
	"crypto/subtle"
	"encoding/asn1"
	"hash"
	"io"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// VerifyOptions tunes verification. The zero value verifies the signatures
// only, with certificate warnings at the current time.
type VerifyOptions struct {
	// Content is the signed data of a detached signature. For an attached
	// signature it may be nil (the encapsulated content is used) or given
	// to check against another copy.
	Content io.Reader
	// Certificates are extra certificates to find signers and chains in,
	// for signatures that do not carry them.
	Certificates []*pki.Certificate
	// Roots, when set, is the trust store every signer certificate must
	// chain to; chain problems are reported as certificate warnings.
	Roots *pki.TrustStore
	// Time is the moment certificate validity is checked at; zero means now.
	Time time.Time
}

// Result is the outcome of Verify.
type Result struct {
	// Content is the encapsulated content of an attached signature.
	Content []byte
	Signers []*SignerResult
}

// SignerResult reports one signer. SignatureValid is about the mathematics
// and the signed attributes only; certificate problems (expired, untrusted,
// no ИНН...) are listed apart in CertificateWarnings.
type SignerResult struct {
	Info           *SignerInfo
	Certificate    *pki.Certificate // nil when not found
	SigningTime    time.Time        // zero when the signature has no signingTime
	SignatureValid bool
	// Err says why the signature is invalid (a *Error); nil when valid.
	Err                 error
	CertificateWarnings []pki.Warning
	// Chain is the certificate chain up to a trusted root when
	// VerifyOptions.Roots was given and a chain was found.
	Chain []*pki.Certificate
}

// Valid reports whether there is at least one signer and every signature is
// valid. Certificate warnings do not count.
func (r *Result) Valid() bool {
	if len(r.Signers) == 0 {
		return false
	}
	for _, s := range r.Signers {
		if !s.SignatureValid {
			return false
		}
	}
	return true
}

// Err returns the first signer's error, ErrNoSigners, or nil when Valid.
func (r *Result) Err() error {
	if len(r.Signers) == 0 {
		return ErrNoSigners
	}
	for _, s := range r.Signers {
		if s.Err != nil {
			return s.Err
		}
	}
	return nil
}

// Verify parses a signature and verifies it; content is the signed file for
// a detached signature and may be nil for an attached one.
func Verify(sig []byte, content io.Reader) (*Result, error) {
	return VerifyWithOptions(sig, VerifyOptions{Content: content})
}

// VerifyWithOptions parses a signature and verifies it.
func VerifyWithOptions(sig []byte, opts VerifyOptions) (*Result, error) {
	sd, err := Parse(sig)
	if err != nil {
		return nil, err
	}
	return sd.Verify(opts)
}

// Verify checks every signer of sd. The returned error is for problems that
// prevent checking at all (no content for a detached signature, a read
// error); per-signer failures are in the Result.
func (sd *SignedData) Verify(opts VerifyOptions) (*Result, error) {
	if len(sd.Signers) == 0 {
		return nil, ErrNoSigners
	}
	content := opts.Content
	if content == nil {
		if sd.Content == nil {
			return nil, ErrNoContent
		}
		content = bytes.NewReader(sd.Content)
	}
	// Hash the content once with every digest algorithm the signers use.
	hashes := map[string]hash.Hash{}
	var writers []io.Writer
	for _, si := range sd.Signers {
		k := si.DigestAlgorithm.Algorithm.String()
		if _, ok := hashes[k]; ok {
			continue
		}
		if h, ok := pki.NewHash(si.DigestAlgorithm.Algorithm); ok {
			hashes[k] = h
			writers = append(writers, h)
		}
	}
	if _, err := io.Copy(io.MultiWriter(writers...), content); err != nil {
		return nil, newError(CodeIO, err, "")
	}
	now := opts.Time
	if now.IsZero() {
		now = time.Now()
	}
	pool := append(append([]*pki.Certificate{}, sd.Certificates...), opts.Certificates...)
	res := &Result{Content: sd.Content}
	for _, si := range sd.Signers {
		sr := &SignerResult{Info: si, SigningTime: si.SigningTime}
		sr.Certificate = findCert(pool, si)
		var digest []byte
		if h, ok := hashes[si.DigestAlgorithm.Algorithm.String()]; ok {
			digest = h.Sum(nil)
		}
		sr.Err = sd.verifySigner(si, sr.Certificate, digest)
		sr.SignatureValid = sr.Err == nil
		if c := sr.Certificate; c != nil {
			sr.CertificateWarnings = c.Warnings(now)
			if opts.Roots != nil {
				chain, err := opts.Roots.Verify(c, pki.VerifyOptions{Intermediates: pool, Time: now})
				sr.Chain = chain
				if err != nil {
					sr.CertificateWarnings = append(sr.CertificateWarnings, pki.ChainWarning(err))
				}
			}
		}
		res.Signers = append(res.Signers, sr)
	}
	return res, nil
}

func findCert(pool []*pki.Certificate, si *SignerInfo) *pki.Certificate {
	for _, c := range pool {
		if si.Serial != nil {
			if c.SerialNumber.Cmp(si.Serial) == 0 && bytes.Equal(c.X509.RawIssuer, si.IssuerName) {
				return c
			}
		} else if si.SubjectKeyID != nil && bytes.Equal(c.X509.SubjectKeyId, si.SubjectKeyID) {
			return c
		}
	}
	return nil
}

// signatureAlgorithmOK reports whether sigAlg fits a key of keyBits with
// the digest algorithm digestAlg.
func signatureAlgorithmOK(sigAlg, digestAlg asn1.ObjectIdentifier, keyBits int) bool {
	switch keyBits {
	case 256:
		if digestAlg.Equal(pki.OIDStreebog256) {
			return sigAlg.Equal(pki.OIDPublicKeyGost2012_256) || sigAlg.Equal(pki.OIDSignWithStreebog256)
		}
		if digestAlg.Equal(pki.OIDGostR3411_94) {
			return sigAlg.Equal(pki.OIDPublicKeyGost2001) || sigAlg.Equal(pki.OIDSignGost2001With94)
		}
	case 512:
		return digestAlg.Equal(pki.OIDStreebog512) &&
			(sigAlg.Equal(pki.OIDPublicKeyGost2012_512) || sigAlg.Equal(pki.OIDSignWithStreebog512))
	}
	return false
}

func (sd *SignedData) verifySigner(si *SignerInfo, cert *pki.Certificate, contentDigest []byte) error {
	if cert == nil {
		return ErrNoSignerCertificate
	}
	if contentDigest == nil {
		return newError(CodeUnsupportedAlgorithm, nil, "хэш %s", si.DigestAlgorithm.Algorithm)
	}
	pub, err := cert.PublicKey()
	if err != nil {
		return newError(CodeUnsupportedAlgorithm, err, "ключ сертификата")
	}
	if !signatureAlgorithmOK(si.SignatureAlgorithm.Algorithm, si.DigestAlgorithm.Algorithm, pub.Curve.PointSize*8) {
		return newError(CodeUnsupportedAlgorithm, nil, "подпись %s с хэшем %s для ключа %d бит",
			si.SignatureAlgorithm.Algorithm, si.DigestAlgorithm.Algorithm, pub.Curve.PointSize*8)
	}
	digest := contentDigest
	if si.SignedAttrs != nil {
		if si.ContentType == nil || !si.ContentType.Equal(sd.ContentType) {
			return newError(CodeMalformed, nil, "атрибут contentType отсутствует или не совпадает")
		}
		if si.MessageDigest == nil {
			return newError(CodeMalformed, nil, "нет атрибута messageDigest")
		}
		if subtle.ConstantTimeCompare(si.MessageDigest, contentDigest) != 1 {
			return ErrContentMismatch
		}
		if err := checkSigningCertificate(si, cert); err != nil {
			return err
		}
		if err := checkAlgorithmProtection(si); err != nil {
			return err
		}
		h, _ := pki.NewHash(si.DigestAlgorithm.Algorithm)
		h.Write(si.RawSignedAttrs)
		digest = h.Sum(nil)
	}
	if !verifyDigest(pub, digest, si.Signature) {
		if si.SignedAttrs == nil {
			return ErrContentMismatch
		}
		return ErrBadSignature
	}
	return nil
}

func verifyDigest(pub *gost3410.PublicKey, digest, sig []byte) bool {
	return len(sig) == 2*pub.Curve.PointSize && len(digest) == pub.Curve.PointSize && pub.Verify(digest, sig)
}

func checkSigningCertificate(si *SignerInfo, cert *pki.Certificate) error {
	ids := si.SigningCertificateV2
	if ids == nil {
		ids = si.SigningCertificate
	}
	if ids == nil {
		return nil
	}
	if len(ids) == 0 {
		return ErrSigningCertMismatch
	}
	// The first ESSCertID identifies the signer's certificate (RFC 5035).
	id := ids[0]
	h, ok := pki.NewHash(id.HashAlgorithm)
	if !ok {
		return newError(CodeUnsupportedAlgorithm, nil, "хэш сертификата %s", id.HashAlgorithm)
	}
	h.Write(cert.Raw)
	if !bytes.Equal(h.Sum(nil), id.Hash) {
		return ErrSigningCertMismatch
	}
	if id.Serial != nil && (id.Serial.Cmp(cert.SerialNumber) != 0 ||
		id.IssuerName != nil && !bytes.Equal(id.IssuerName, cert.X509.RawIssuer)) {
		return newError(CodeSigningCertMismatch, nil, "issuerSerial")
	}
	return nil
}

func checkAlgorithmProtection(si *SignerInfo) error {
	ap := si.AlgorithmProtection
	if ap == nil {
		return nil
	}
	if !ap.DigestAlgorithm.Algorithm.Equal(si.DigestAlgorithm.Algorithm) {
		return ErrAlgorithmProtection
	}
	if ap.SignatureAlgorithm != nil {
		a, b := ap.SignatureAlgorithm.Algorithm, si.SignatureAlgorithm.Algorithm
		// CryptoPro writes the signature-with-digest OID in the attribute
		// and may write the key OID in SignerInfo; both name the same thing.
		if !a.Equal(b) && sigFamily(a) != sigFamily(b) {
			return ErrAlgorithmProtection
		}
	}
	return nil
}

func sigFamily(oid asn1.ObjectIdentifier) int {
	switch {
	case oid.Equal(pki.OIDPublicKeyGost2012_256), oid.Equal(pki.OIDSignWithStreebog256):
		return 256
	case oid.Equal(pki.OIDPublicKeyGost2012_512), oid.Equal(pki.OIDSignWithStreebog512):
		return 512
	case oid.Equal(pki.OIDPublicKeyGost2001), oid.Equal(pki.OIDSignGost2001With94):
		return 2001
	}
	return -1
}
