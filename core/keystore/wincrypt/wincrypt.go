// Package wincrypt uses the Windows CryptoAPI "MY" certificate store: it
// lists the user's certificates with their key links and signs with the
// installed CSP (CryptoPro CSP, ViPNet CSP) through CryptSignMessage,
// adding the signingTime and signingCertificateV2 attributes so that the
// result is CAdES-BES as CryptoPro makes it (CryptoAPI adds contentType and
// messageDigest itself). The CSP asks for the PIN in its own dialog.
//
// The CryptoAPI part is built only on Windows (no cgo; crypt32.dll via
// syscall.LazyDLL); elsewhere List and SignMessage return
// kserr.ErrNotSupportedHere. The attribute encoders are portable.
package wincrypt

import (
	"encoding/asn1"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/pki"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Cert is a certificate of the MY store.
type Cert struct {
	DER           []byte
	HasPrivateKey bool   // CERT_KEY_PROV_INFO_PROP_ID is set
	Container     string // key container name
	Provider      string // CSP name
	ProviderType  int
	KeySpec       int
}

// Attribute OIDs.
var (
	OIDSigningTime          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	OIDSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	OIDStreebog256          = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDStreebog512          = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
)

// SigningCertificateV2 returns the DER value of the signingCertificateV2
// attribute (RFC 5035) for cert, as CryptoPro writes it: one ESSCertIDv2
// with an explicit Streebog-256 hashAlgorithm (no parameters), the hash of
// the certificate and issuerSerial { directoryName issuer, serial }.
func SigningCertificateV2(cert *pki.Certificate) ([]byte, error) {
	h := streebog.Sum256(cert.Raw)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(OIDStreebog256)
				})
				b.AddASN1OctetString(h[:])
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
						b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddBytes(cert.X509.RawIssuer)
						})
					})
					b.AddASN1BigInt(cert.SerialNumber)
				})
			})
		})
	})
	return b.Bytes()
}

// SigningTime returns the DER value of the signingTime attribute (UTCTime
// for 1950–2049, GeneralizedTime otherwise, whole seconds, UTC).
func SigningTime(t time.Time) ([]byte, error) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() >= 1950 && t.Year() < 2050 {
		return asn1.MarshalWithParams(t, "utc")
	}
	return asn1.MarshalWithParams(t, "generalized")
}

// DigestOID returns the Streebog OID matching the certificate's key size.
func DigestOID(cert *pki.Certificate) asn1.ObjectIdentifier {
	if cert.PublicKeyInfo != nil && len(cert.PublicKeyInfo.Key) == 128 {
		return OIDStreebog512
	}
	return OIDStreebog256
}
