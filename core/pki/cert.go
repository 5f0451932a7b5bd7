package pki

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Certificate is a parsed X.509 certificate with its GOST public key and
// qualified-certificate subject fields decoded.
type Certificate struct {
	// X509 is the certificate as crypto/x509 parses it (its PublicKey is
	// nil for GOST keys).
	X509 *x509.Certificate
	Raw  []byte // DER

	Subject      Name
	Issuer       Name
	SerialNumber *big.Int
	NotBefore    time.Time
	NotAfter     time.Time
	KeyUsage     x509.KeyUsage
	ExtKeyUsage  []asn1.ObjectIdentifier
	IsCA         bool
	// Policies are the certificate policy OIDs (e.g. КС1/КС2 classes
	// 1.2.643.100.113.1/.2).
	Policies []asn1.ObjectIdentifier
	// SignatureAlgorithm is the issuer's signature algorithm OID
	// (1.2.643.7.1.1.3.2 / 3.3, 2001: 1.2.643.2.2.3).
	SignatureAlgorithm asn1.ObjectIdentifier
	// PublicKeyInfo is the decoded SubjectPublicKeyInfo.
	PublicKeyInfo *PublicKeyInfo
	// SubjectSignTool is the "Средство электронной подписи владельца"
	// extension 1.2.643.100.111, when present.
	SubjectSignTool string
}

// ParseCertificate parses one DER certificate. Certificates with non-GOST
// keys parse too (their PublicKeyInfo has only Algorithm and Key); ask
// IsGost or Warnings.
func ParseCertificate(der []byte) (*Certificate, error) {
	xc, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, newError(CodeMalformed, err, "")
	}
	c := &Certificate{
		X509:         xc,
		Raw:          xc.Raw,
		SerialNumber: xc.SerialNumber,
		NotBefore:    xc.NotBefore,
		NotAfter:     xc.NotAfter,
		KeyUsage:     xc.KeyUsage,
		IsCA:         xc.BasicConstraintsValid && xc.IsCA,
	}
	if c.Subject, err = ParseName(xc.RawSubject); err != nil {
		return nil, err
	}
	if c.Issuer, err = ParseName(xc.RawIssuer); err != nil {
		return nil, err
	}
	for _, p := range xc.PolicyIdentifiers {
		c.Policies = append(c.Policies, p)
	}
	for _, u := range xc.ExtKeyUsage {
		if oid, ok := extKeyUsageOID[u]; ok {
			c.ExtKeyUsage = append(c.ExtKeyUsage, oid)
		}
	}
	c.ExtKeyUsage = append(c.ExtKeyUsage, xc.UnknownExtKeyUsage...)

	// signatureAlgorithm of the outer Certificate SEQUENCE.
	in := cryptobyte.String(der)
	var cert, tbs, alg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!cert.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&c.SignatureAlgorithm) {
		return nil, newError(CodeMalformed, nil, "signatureAlgorithm")
	}

	pki, err := ParsePublicKeyInfo(xc.RawSubjectPublicKeyInfo)
	if pki == nil {
		return nil, err
	}
	c.PublicKeyInfo = pki

	for _, e := range xc.Extensions {
		if e.Id.Equal(OIDSubjectSignTool) {
			var s string
			if _, err := asn1.UnmarshalWithParams(e.Value, &s, "utf8"); err == nil {
				c.SubjectSignTool = s
			}
		}
	}
	return c, nil
}

var extKeyUsageOID = map[x509.ExtKeyUsage]asn1.ObjectIdentifier{
	x509.ExtKeyUsageAny:             {2, 5, 29, 37, 0},
	x509.ExtKeyUsageServerAuth:      {1, 3, 6, 1, 5, 5, 7, 3, 1},
	x509.ExtKeyUsageClientAuth:      {1, 3, 6, 1, 5, 5, 7, 3, 2},
	x509.ExtKeyUsageCodeSigning:     {1, 3, 6, 1, 5, 5, 7, 3, 3},
	x509.ExtKeyUsageEmailProtection: {1, 3, 6, 1, 5, 5, 7, 3, 4},
	x509.ExtKeyUsageTimeStamping:    {1, 3, 6, 1, 5, 5, 7, 3, 8},
	x509.ExtKeyUsageOCSPSigning:     {1, 3, 6, 1, 5, 5, 7, 3, 9},
}

// ParseCertificates parses one or more certificates: DER, concatenated DER,
// PEM (any number of CERTIFICATE blocks), a PKCS#7 certs-only bundle (.p7b,
// DER or PEM) or bare base64 of any of them, as .cer/.p7b files come.
func ParseCertificates(data []byte) ([]*Certificate, error) {
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("-----BEGIN")) {
		var out []*Certificate
		rest := trimmed
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type == "PKCS7" || b.Type == "CMS" {
				cs, err := ParseCertificates(b.Bytes)
				if err != nil {
					return nil, err
				}
				out = append(out, cs...)
				continue
			}
			if !strings.Contains(b.Type, "CERTIFICATE") {
				continue
			}
			c, err := ParseCertificate(b.Bytes)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		if len(out) == 0 {
			return nil, newError(CodeMalformed, nil, "в PEM нет сертификатов")
		}
		return out, nil
	}
	if len(trimmed) > 0 && trimmed[0] != 0x30 {
		if der, err := decodeBase64(trimmed); err == nil {
			data = der
		}
	}
	var out []*Certificate
	if ders, ok := certsFromPKCS7(data); ok {
		for _, der := range ders {
			c, err := ParseCertificate(der)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		if len(out) == 0 {
			return nil, newError(CodeMalformed, nil, "в PKCS#7 нет сертификатов")
		}
		return out, nil
	}
	for len(data) > 0 {
		s := cryptobyte.String(data)
		var one cryptobyte.String
		if !s.ReadASN1Element(&one, cbasn1.SEQUENCE) {
			return nil, newError(CodeMalformed, nil, "")
		}
		c, err := ParseCertificate(one)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		data = s
	}
	if len(out) == 0 {
		return nil, newError(CodeMalformed, nil, "пустой файл")
	}
	return out, nil
}

// Thumbprint returns the SHA-1 hash of the DER certificate as uppercase hex,
// the form CryptoPro's certmgr prints ("SHA1 Hash") and searches for.
func (c *Certificate) Thumbprint() string {
	h := sha1.Sum(c.Raw)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}

// SerialHex returns the serial number as uppercase hex with an even number
// of digits, the way CryptoPro shows it (without the 0x).
func (c *Certificate) SerialHex() string {
	b := c.SerialNumber.Bytes()
	if len(b) == 0 {
		b = []byte{0}
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

// IsGost reports whether the certificate carries a GOST R 34.10 key.
func (c *Certificate) IsGost() bool { return c.PublicKeyInfo.IsGost() }

// CanSign reports whether the key usage allows digital signatures (an
// absent keyUsage extension allows everything).
func (c *Certificate) CanSign() bool {
	return c.KeyUsage == 0 || c.KeyUsage&x509.KeyUsageDigitalSignature != 0
}

// SelfSigned reports whether subject and issuer are the same name.
func (c *Certificate) SelfSigned() bool {
	return bytes.Equal(c.X509.RawSubject, c.X509.RawIssuer)
}

// CheckValidity returns ErrExpired or ErrNotYetValid (with the date in the
// message) when now is outside the validity period.
func (c *Certificate) CheckValidity(now time.Time) error {
	if now.After(c.NotAfter) {
		return newError(CodeExpired, nil, "%s (действителен до %s)", c.Subject.CommonName, formatDate(c.NotAfter))
	}
	if now.Before(c.NotBefore) {
		return newError(CodeNotYetValid, nil, "%s (действителен с %s)", c.Subject.CommonName, formatDate(c.NotBefore))
	}
	return nil
}

func formatDate(t time.Time) string { return t.UTC().Format("02.01.2006 15:04:05 UTC") }
