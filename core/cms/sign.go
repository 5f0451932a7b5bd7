package cms

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"encoding/asn1"
	"hash"
	"io"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// SignOptions tunes Sign and AddSigner. The zero value makes a detached
// CAdES-BES signature with the current time.
type SignOptions struct {
	// Attached puts the content inside the signature. The content is then
	// held in memory; detached signing streams it.
	Attached bool
	// SigningTime is the signingTime attribute; zero means now. It is
	// written in UTC with whole seconds.
	SigningTime time.Time
	// Chain are extra certificates to include (e.g. the issuing CA).
	Chain []*pki.Certificate
	// Rand is the randomness source for the signature; nil means
	// crypto/rand.
	Rand io.Reader
	// AllowInvalidCertificate signs even when the certificate is expired,
	// not yet valid or not for signing (tests of verifiers only).
	AllowInvalidCertificate bool

	// attrs, when set (tests), replaces the CAdES-BES attribute set: it
	// returns the DER SET OF attributes, or nil for a signature without
	// signed attributes.
	attrs func(digest []byte, t time.Time, cert *pki.Certificate) ([]byte, error)
}

// DigestOpts is passed to crypto.Signer.Sign. The digest is the raw
// Streebog output (GOST signers read it as a little-endian integer);
// HashFunc is 0 because Streebog is not a crypto.Hash.
type DigestOpts struct {
	Algorithm asn1.ObjectIdentifier // Streebog-256 or -512
}

// HashFunc implements crypto.SignerOpts.
func (DigestOpts) HashFunc() crypto.Hash { return 0 }

// Sign makes a CAdES-BES SignedData over content, exactly as CryptoPro
// does (see the package comment), DER-encoded. signer is the private key
// (a *gost3410.PrivateKey or any crypto.Signer that signs a Streebog
// digest GOST-style) and cert its certificate.
func Sign(content io.Reader, signer crypto.Signer, cert *pki.Certificate, opts *SignOptions) ([]byte, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	sd := &SignedData{Version: 1, ContentType: OIDData}
	if err := sd.AddSigner(content, signer, cert, opts); err != nil {
		return nil, err
	}
	return sd.Marshal()
}

// AddSigner adds a CAdES-BES signer to sd (co-signing). For a detached sd
// content must be the signed file; for an attached one it may be nil. When
// sd already has signers, the content must match their messageDigest.
// opts.Attached is ignored when sd has signers (the form is kept).
func (sd *SignedData) AddSigner(content io.Reader, signer crypto.Signer, cert *pki.Certificate, opts *SignOptions) error {
	if opts == nil {
		opts = &SignOptions{}
	}
	if sd.ContentType == nil {
		sd.ContentType = OIDData
	}
	pub, err := cert.PublicKey()
	if err != nil {
		return newError(CodeSign, err, "сертификат подписанта")
	}
	if alg := cert.PublicKeyInfo.Algorithm; alg.Equal(pki.OIDPublicKeyGost2001) || alg.Equal(pki.OIDAgreementGost2001) {
		return newError(CodeUnsupportedAlgorithm, nil, "подпись ключом ГОСТ Р 34.10-2001 не поддерживается (запрещена с 2019 года)")
	}
	if sp, ok := signer.Public().(*gost3410.PublicKey); ok && !sp.Equal(pub) {
		return newError(CodeSign, nil, "закрытый ключ не соответствует сертификату")
	}
	keyAlg, digestAlg := pki.KeyAlgorithmFor(pub.Curve)
	t := opts.SigningTime
	if t.IsZero() {
		t = time.Now()
	}
	if !opts.AllowInvalidCertificate {
		if err := cert.CheckValidity(t); err != nil {
			return err
		}
		if !cert.CanSign() {
			return newError(CodeSign, nil, "сертификат не предназначен для подписи (нет digitalSignature в keyUsage)")
		}
	}

	first := len(sd.Signers) == 0
	attached := opts.Attached
	if !first {
		attached = sd.Content != nil
	}
	if content == nil {
		if sd.Content == nil {
			return ErrNoContent
		}
		content = bytes.NewReader(sd.Content)
	}
	h, _ := pki.NewHash(digestAlg)
	// Also hash with the existing signers' algorithms to check we co-sign
	// the same content.
	checks := map[string][]byte{}
	others := map[string]hashWriter{}
	writers := []io.Writer{h}
	for _, si := range sd.Signers {
		k := si.DigestAlgorithm.Algorithm.String()
		if si.MessageDigest == nil || checks[k] != nil {
			continue
		}
		checks[k] = si.MessageDigest
		if oh, ok := pki.NewHash(si.DigestAlgorithm.Algorithm); ok {
			others[k] = oh
			writers = append(writers, oh)
		}
	}
	var buf *bytes.Buffer
	if attached && sd.Content == nil {
		buf = new(bytes.Buffer)
		writers = append(writers, buf)
	}
	if _, err := io.Copy(io.MultiWriter(writers...), content); err != nil {
		return newError(CodeIO, err, "")
	}
	for k, want := range checks {
		if oh, ok := others[k]; ok && !bytes.Equal(oh.Sum(nil), want) {
			return ErrContentMismatch
		}
	}
	digest := h.Sum(nil)

	makeAttrs := signedAttributes
	if opts.attrs != nil {
		makeAttrs = opts.attrs
	}
	attrs, err := makeAttrs(digest, t, cert)
	if err != nil {
		return err
	}
	ah, _ := pki.NewHash(digestAlg)
	if attrs != nil {
		ah.Write(attrs)
	} else {
		ah = fixedHash{ah, digest} // no attributes: sign the content digest
	}
	r := opts.Rand
	if r == nil {
		r = rand.Reader
	}
	sig, err := signer.Sign(r, ah.Sum(nil), DigestOpts{Algorithm: digestAlg})
	if err != nil {
		return newError(CodeSign, err, "")
	}
	if !pub.Verify(ah.Sum(nil), sig) {
		return newError(CodeSign, nil, "ключ подписал неверно (проверка собственной подписи не прошла)")
	}

	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(cert.X509.RawIssuer)
			b.AddASN1BigInt(cert.SerialNumber)
		})
		addAlgorithm(b, AlgorithmIdentifier{Algorithm: digestAlg})
		if attrs != nil {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddBytes(attrs[lenHeader(attrs):])
			})
		}
		addAlgorithm(b, AlgorithmIdentifier{Algorithm: keyAlg})
		b.AddASN1OctetString(sig)
	})
	raw, err := b.Bytes()
	if err != nil {
		return newError(CodeSign, err, "кодирование")
	}
	si, err := parseSignerInfo(raw)
	if err != nil {
		return newError(CodeSign, err, "")
	}

	if buf != nil {
		sd.Content = buf.Bytes()
		if sd.Content == nil {
			sd.Content = []byte{}
		}
	}
	if sd.Version == 0 {
		sd.Version = 1
	}
	haveDigest := false
	for _, a := range sd.DigestAlgorithms {
		haveDigest = haveDigest || a.Algorithm.Equal(digestAlg)
	}
	if !haveDigest {
		sd.DigestAlgorithms = append(sd.DigestAlgorithms, AlgorithmIdentifier{Algorithm: digestAlg})
	}
	sd.Signers = append(sd.Signers, si)
	for _, c := range append([]*pki.Certificate{cert}, opts.Chain...) {
		if !containsRaw(sd.RawCertificates, c.Raw) {
			sd.RawCertificates = append(sd.RawCertificates, c.Raw)
			sd.Certificates = append(sd.Certificates, c)
		}
	}
	return nil
}

// fixedHash is a hash.Hash whose Sum is a given digest.
type fixedHash struct {
	hash.Hash
	sum []byte
}

func (f fixedHash) Sum(b []byte) []byte { return append(b, f.sum...) }

type hashWriter interface {
	io.Writer
	Sum([]byte) []byte
}

func containsRaw(list [][]byte, b []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, b) {
			return true
		}
	}
	return false
}

// lenHeader returns the length of the tag and length octets of a DER
// element.
func lenHeader(der []byte) int {
	if der[1] < 0x80 {
		return 2
	}
	return 2 + int(der[1]&0x7f)
}

// signedAttributes returns the DER SET OF the four CAdES-BES attributes:
// contentType, signingTime, messageDigest, signingCertificateV2 (with an
// explicit Streebog-256 hash and issuerSerial), DER-sorted.
func signedAttributes(digest []byte, t time.Time, cert *pki.Certificate) ([]byte, error) {
	attr := func(oid asn1.ObjectIdentifier, value func(b *cryptobyte.Builder)) []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
		return b.BytesOrPanic()
	}
	t = t.UTC().Truncate(time.Second)
	certHash := pki.Streebog256(cert.Raw)
	attrs := [][]byte{
		attr(OIDAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(OIDData) }),
		attr(OIDAttrSigningTime, func(b *cryptobyte.Builder) {
			if t.Year() >= 1950 && t.Year() < 2050 {
				b.AddASN1UTCTime(t)
			} else {
				b.AddASN1GeneralizedTime(t)
			}
		}),
		attr(OIDAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
		attr(OIDAttrSigningCertificateV2, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2
						addAlgorithm(b, AlgorithmIdentifier{Algorithm: pki.OIDStreebog256})
						b.AddASN1OctetString(certHash[:])
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
		}),
	}
	var b cryptobyte.Builder
	addSetOf(&b, cbasn1.SET, attrs)
	out, err := b.Bytes()
	if err != nil {
		return nil, newError(CodeSign, err, "атрибуты")
	}
	return out, nil
}
