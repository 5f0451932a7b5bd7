package pki

import "encoding/asn1"

// CheckSignatureFrom verifies that issuer signed c (GOST R 34.10-2012 with
// Streebog-256/512, GOST R 34.10-2001 with GOST R 34.11-94). Errors match
// ErrBadSignature or ErrUnsupportedAlgorithm.
func (c *Certificate) CheckSignatureFrom(issuer *Certificate) error {
	digestOID, bits, ok := signatureDigest(c.SignatureAlgorithm)
	if !ok {
		return newError(CodeUnsupportedAlgorithm, nil, "подпись сертификата %s", c.SignatureAlgorithm)
	}
	pub, err := issuer.PublicKey()
	if err != nil {
		return newError(CodeUnsupportedAlgorithm, err, "ключ издателя %s", issuer.Subject.CommonName)
	}
	if pub.Curve.PointSize*8 != bits {
		return newError(CodeBadSignature, nil, "размер ключа издателя не соответствует алгоритму подписи")
	}
	h, _ := NewHash(digestOID)
	h.Write(c.X509.RawTBSCertificate)
	sig := c.X509.Signature
	if len(sig) != 2*pub.Curve.PointSize || !pub.Verify(h.Sum(nil), sig) {
		return newError(CodeBadSignature, nil, "%s (издатель %s)", c.Subject.CommonName, issuer.Subject.CommonName)
	}
	return nil
}

func signatureDigest(alg asn1.ObjectIdentifier) (digest asn1.ObjectIdentifier, bits int, ok bool) {
	switch {
	case alg.Equal(OIDSignWithStreebog256):
		return OIDStreebog256, 256, true
	case alg.Equal(OIDSignWithStreebog512):
		return OIDStreebog512, 512, true
	case alg.Equal(OIDSignGost2001With94):
		return OIDGostR3411_94, 256, true
	}
	return nil, 0, false
}
