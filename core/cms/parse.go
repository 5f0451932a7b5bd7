package cms

import (
	"bytes"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/pki"
)

// AlgorithmIdentifier is an X.509 AlgorithmIdentifier. Parameters holds the
// DER of the parameters (05 00 for NULL) and is nil when they are absent,
// which is how CryptoPro writes GOST digests.
type AlgorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters []byte
}

// Attribute is a CMS attribute with its values as DER elements.
type Attribute struct {
	Type   asn1.ObjectIdentifier
	Values [][]byte
}

// ESSCertID is one entry of a signingCertificate (v1: SHA-1) or
// signingCertificateV2 attribute (RFC 2634, RFC 5035).
type ESSCertID struct {
	HashAlgorithm asn1.ObjectIdentifier // SHA-1 for v1; SHA-256 when a v2 entry omits it
	Hash          []byte
	// IssuerName is the DER Name of the issuerSerial's directoryName, nil
	// when issuerSerial is absent.
	IssuerName []byte
	Serial     *big.Int
}

// AlgorithmProtection is the CMSAlgorithmProtection attribute (RFC 6211).
type AlgorithmProtection struct {
	DigestAlgorithm    AlgorithmIdentifier
	SignatureAlgorithm *AlgorithmIdentifier // nil when absent
}

// SignerInfo is one signer of a SignedData.
type SignerInfo struct {
	Version int
	// Signer identifier: IssuerName (DER) and Serial, or SubjectKeyID.
	IssuerName   []byte
	Serial       *big.Int
	SubjectKeyID []byte

	DigestAlgorithm    AlgorithmIdentifier
	SignedAttrs        []Attribute // nil when absent
	SignatureAlgorithm AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      []Attribute

	// RawSignedAttrs is the DER of the signed attributes with the SET OF
	// tag 0x31, the bytes the signature covers; nil when absent.
	RawSignedAttrs []byte
	// Raw is the DER of the whole SignerInfo.
	Raw []byte

	// Decoded well-known signed attributes.
	ContentType          asn1.ObjectIdentifier // nil when absent
	SigningTime          time.Time             // zero when absent
	MessageDigest        []byte                // nil when absent
	SigningCertificate   []ESSCertID           // v1 attribute
	SigningCertificateV2 []ESSCertID           // v2 attribute
	AlgorithmProtection  *AlgorithmProtection
}

// SignedData is a parsed CMS SignedData.
type SignedData struct {
	Version          int
	DigestAlgorithms []AlgorithmIdentifier
	ContentType      asn1.ObjectIdentifier
	// Content is the encapsulated content of an attached signature, nil
	// for a detached one.
	Content []byte
	// Certificates are the parsed certificates. RawCertificates holds every
	// CertificateChoices element as DER (including ones that did not parse).
	Certificates    []*pki.Certificate
	RawCertificates [][]byte
	RawCRLs         [][]byte
	Signers         []*SignerInfo
}

// Detached reports whether the signature carries no content.
func (sd *SignedData) Detached() bool { return sd.Content == nil }

// Parse decodes a ContentInfo with SignedData given as BER/DER, PEM or bare
// base64.
func Parse(data []byte) (*SignedData, error) {
	der, err := decodeInput(data)
	if err != nil {
		return nil, err
	}
	der, err = berToDER(der)
	if err != nil {
		return nil, err
	}
	return parseDER(der)
}

func decodeInput(data []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, newError(CodeTruncated, nil, "пустой файл")
	}
	if data[0] == 0x30 {
		return data, nil
	}
	if bytes.HasPrefix(trimmed, []byte("-----BEGIN")) {
		b, _ := pem.Decode(trimmed)
		if b == nil {
			return nil, newError(CodeMalformed, nil, "PEM")
		}
		return b.Bytes, nil
	}
	clean := make([]byte, 0, len(trimmed))
	for _, c := range trimmed {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			clean = append(clean, c)
		}
	}
	der, err := base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(clean, "=")))
	if err != nil || len(der) == 0 || der[0] != 0x30 {
		return nil, newError(CodeMalformed, nil, "не DER, PEM и не base64")
	}
	return der, nil
}

func malformed(what string) error { return newError(CodeMalformed, nil, "%s", what) }

func parseDER(der []byte) (*SignedData, error) {
	in := cryptobyte.String(der)
	var ci, sdBytes, sdSeq cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ct) {
		return nil, malformed("ContentInfo")
	}
	if !ct.Equal(OIDSignedData) {
		return nil, newError(CodeNotSignedData, nil, "тип содержимого %s", ct)
	}
	if !ci.ReadASN1(&sdBytes, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() ||
		!sdBytes.ReadASN1(&sdSeq, cbasn1.SEQUENCE) || !sdBytes.Empty() {
		return nil, malformed("ContentInfo.content")
	}
	sd := &SignedData{}
	var digestAlgs, encap cryptobyte.String
	if !sdSeq.ReadASN1Integer(&sd.Version) || !sdSeq.ReadASN1(&digestAlgs, cbasn1.SET) {
		return nil, malformed("SignedData: version/digestAlgorithms")
	}
	for !digestAlgs.Empty() {
		a, err := readAlgorithm(&digestAlgs)
		if err != nil {
			return nil, err
		}
		sd.DigestAlgorithms = append(sd.DigestAlgorithms, a)
	}
	if !sdSeq.ReadASN1(&encap, cbasn1.SEQUENCE) || !encap.ReadASN1ObjectIdentifier(&sd.ContentType) {
		return nil, malformed("encapContentInfo")
	}
	if !encap.Empty() {
		var exp, oct cryptobyte.String
		if !encap.ReadASN1(&exp, cbasn1.Tag(0).Constructed().ContextSpecific()) || !encap.Empty() ||
			!exp.ReadASN1(&oct, cbasn1.OCTET_STRING) || !exp.Empty() {
			return nil, malformed("eContent")
		}
		sd.Content = append([]byte{}, oct...)
	}
	if sdSeq.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var certs cryptobyte.String
		sdSeq.ReadASN1(&certs, cbasn1.Tag(0).Constructed().ContextSpecific())
		for !certs.Empty() {
			var el cryptobyte.String
			var tag cbasn1.Tag
			if !certs.ReadAnyASN1Element(&el, &tag) {
				return nil, malformed("certificates")
			}
			sd.RawCertificates = append(sd.RawCertificates, el)
			if tag == cbasn1.SEQUENCE {
				if c, err := pki.ParseCertificate(el); err == nil {
					sd.Certificates = append(sd.Certificates, c)
				}
			}
		}
	}
	if sdSeq.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()) {
		var crls cryptobyte.String
		sdSeq.ReadASN1(&crls, cbasn1.Tag(1).Constructed().ContextSpecific())
		for !crls.Empty() {
			var el cryptobyte.String
			var tag cbasn1.Tag
			if !crls.ReadAnyASN1Element(&el, &tag) {
				return nil, malformed("crls")
			}
			sd.RawCRLs = append(sd.RawCRLs, el)
		}
	}
	var signers cryptobyte.String
	if !sdSeq.ReadASN1(&signers, cbasn1.SET) || !sdSeq.Empty() {
		return nil, malformed("signerInfos")
	}
	for !signers.Empty() {
		var el cryptobyte.String
		if !signers.ReadASN1Element(&el, cbasn1.SEQUENCE) {
			return nil, malformed("SignerInfo")
		}
		si, err := parseSignerInfo(el)
		if err != nil {
			return nil, err
		}
		sd.Signers = append(sd.Signers, si)
	}
	return sd, nil
}

func readAlgorithm(s *cryptobyte.String) (AlgorithmIdentifier, error) {
	var seq cryptobyte.String
	var a AlgorithmIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.Algorithm) {
		return a, malformed("AlgorithmIdentifier")
	}
	if !seq.Empty() {
		var p cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1Element(&p, &tag) || !seq.Empty() {
			return a, malformed("AlgorithmIdentifier.parameters")
		}
		a.Parameters = append([]byte{}, p...)
	}
	return a, nil
}

func parseSignerInfo(raw []byte) (*SignerInfo, error) {
	si := &SignerInfo{Raw: append([]byte{}, raw...)}
	in := cryptobyte.String(raw)
	var seq cryptobyte.String
	in.ReadASN1(&seq, cbasn1.SEQUENCE)
	if !seq.ReadASN1Integer(&si.Version) {
		return nil, malformed("SignerInfo.version")
	}
	switch {
	case seq.PeekASN1Tag(cbasn1.SEQUENCE):
		var ias, name cryptobyte.String
		si.Serial = new(big.Int)
		if !seq.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&name, cbasn1.SEQUENCE) ||
			!ias.ReadASN1Integer(si.Serial) || !ias.Empty() {
			return nil, malformed("SignerInfo.sid")
		}
		si.IssuerName = append([]byte{}, name...)
	case seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()):
		var ski cryptobyte.String
		seq.ReadASN1(&ski, cbasn1.Tag(0).ContextSpecific())
		si.SubjectKeyID = append([]byte{}, ski...)
	default:
		return nil, malformed("SignerInfo.sid")
	}
	var err error
	if si.DigestAlgorithm, err = readAlgorithm(&seq); err != nil {
		return nil, err
	}
	if seq.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var el cryptobyte.String
		seq.ReadASN1Element(&el, cbasn1.Tag(0).Constructed().ContextSpecific())
		// The signature covers the attributes with the SET OF tag.
		si.RawSignedAttrs = append([]byte{0x31}, el[1:]...)
		if si.SignedAttrs, err = parseAttributes(si.RawSignedAttrs); err != nil {
			return nil, err
		}
		if si.SignedAttrs == nil {
			si.SignedAttrs = []Attribute{}
		}
		if err := si.decodeAttrs(); err != nil {
			return nil, err
		}
	}
	if si.SignatureAlgorithm, err = readAlgorithm(&seq); err != nil {
		return nil, err
	}
	var sig cryptobyte.String
	if !seq.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return nil, malformed("SignerInfo.signature")
	}
	si.Signature = append([]byte{}, sig...)
	if seq.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()) {
		var el cryptobyte.String
		seq.ReadASN1Element(&el, cbasn1.Tag(1).Constructed().ContextSpecific())
		if si.UnsignedAttrs, err = parseAttributes(append([]byte{0x31}, el[1:]...)); err != nil {
			return nil, err
		}
	}
	if !seq.Empty() {
		return nil, malformed("SignerInfo: лишние поля")
	}
	return si, nil
}

func parseAttributes(der []byte) ([]Attribute, error) {
	in := cryptobyte.String(der)
	var set cryptobyte.String
	if !in.ReadASN1(&set, cbasn1.SET) {
		return nil, malformed("атрибуты")
	}
	var attrs []Attribute
	for !set.Empty() {
		var a Attribute
		var seq, vals cryptobyte.String
		if !set.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.Type) ||
			!seq.ReadASN1(&vals, cbasn1.SET) || !seq.Empty() {
			return nil, malformed("атрибут")
		}
		for !vals.Empty() {
			var v cryptobyte.String
			var tag cbasn1.Tag
			if !vals.ReadAnyASN1Element(&v, &tag) {
				return nil, malformed("значение атрибута")
			}
			a.Values = append(a.Values, append([]byte{}, v...))
		}
		attrs = append(attrs, a)
	}
	return attrs, nil
}

// Attr returns the first attribute of the given type, or nil.
func (si *SignerInfo) Attr(oid asn1.ObjectIdentifier) *Attribute {
	for i := range si.SignedAttrs {
		if si.SignedAttrs[i].Type.Equal(oid) {
			return &si.SignedAttrs[i]
		}
	}
	return nil
}

// decodeAttrs fills the decoded well-known attribute fields. Each of them
// must have exactly one value and appear at most once (RFC 5652 §11).
func (si *SignerInfo) decodeAttrs() error {
	seen := map[string]bool{}
	for _, a := range si.SignedAttrs {
		known := a.Type.Equal(OIDAttrContentType) || a.Type.Equal(OIDAttrSigningTime) ||
			a.Type.Equal(OIDAttrMessageDigest) || a.Type.Equal(OIDAttrSigningCertificate) ||
			a.Type.Equal(OIDAttrSigningCertificateV2) || a.Type.Equal(OIDAttrCMSAlgorithmProtection)
		if !known {
			continue
		}
		if seen[a.Type.String()] || len(a.Values) != 1 {
			return malformed("атрибут " + a.Type.String() + " повторяется")
		}
		seen[a.Type.String()] = true
		v := cryptobyte.String(a.Values[0])
		var ok bool
		switch {
		case a.Type.Equal(OIDAttrContentType):
			ok = v.ReadASN1ObjectIdentifier(&si.ContentType) && v.Empty()
		case a.Type.Equal(OIDAttrSigningTime):
			switch {
			case v.PeekASN1Tag(cbasn1.UTCTime):
				ok = v.ReadASN1UTCTime(&si.SigningTime)
			case v.PeekASN1Tag(cbasn1.GeneralizedTime):
				ok = v.ReadASN1GeneralizedTime(&si.SigningTime)
			}
			ok = ok && v.Empty()
		case a.Type.Equal(OIDAttrMessageDigest):
			var d cryptobyte.String
			ok = v.ReadASN1(&d, cbasn1.OCTET_STRING) && v.Empty()
			si.MessageDigest = append([]byte{}, d...)
		case a.Type.Equal(OIDAttrSigningCertificate):
			si.SigningCertificate, ok = parseSigningCertificate(v, false)
		case a.Type.Equal(OIDAttrSigningCertificateV2):
			si.SigningCertificateV2, ok = parseSigningCertificate(v, true)
		case a.Type.Equal(OIDAttrCMSAlgorithmProtection):
			si.AlgorithmProtection, ok = parseAlgorithmProtection(v)
		}
		if !ok {
			return malformed("атрибут " + a.Type.String())
		}
	}
	return nil
}

func parseSigningCertificate(v cryptobyte.String, v2 bool) ([]ESSCertID, bool) {
	var seq, certs cryptobyte.String
	if !v.ReadASN1(&seq, cbasn1.SEQUENCE) || !v.Empty() || !seq.ReadASN1(&certs, cbasn1.SEQUENCE) {
		return nil, false
	}
	// policies (optional) are ignored.
	var ids []ESSCertID
	for !certs.Empty() {
		var c cryptobyte.String
		if !certs.ReadASN1(&c, cbasn1.SEQUENCE) {
			return nil, false
		}
		id := ESSCertID{HashAlgorithm: OIDSHA1}
		if v2 {
			id.HashAlgorithm = OIDSHA256
			if c.PeekASN1Tag(cbasn1.SEQUENCE) {
				a, err := readAlgorithm(&c)
				if err != nil {
					return nil, false
				}
				id.HashAlgorithm = a.Algorithm
			}
		}
		var h cryptobyte.String
		if !c.ReadASN1(&h, cbasn1.OCTET_STRING) {
			return nil, false
		}
		id.Hash = append([]byte{}, h...)
		if !c.Empty() {
			var is, names, gn cryptobyte.String
			id.Serial = new(big.Int)
			if !c.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1(&names, cbasn1.SEQUENCE) ||
				!is.ReadASN1Integer(id.Serial) {
				return nil, false
			}
			// GeneralNames: take the first directoryName [4] EXPLICIT Name.
			for !names.Empty() {
				var tag cbasn1.Tag
				if !names.ReadAnyASN1(&gn, &tag) {
					return nil, false
				}
				if tag == cbasn1.Tag(4).Constructed().ContextSpecific() && id.IssuerName == nil {
					var name cryptobyte.String
					if !gn.ReadASN1Element(&name, cbasn1.SEQUENCE) {
						return nil, false
					}
					id.IssuerName = append([]byte{}, name...)
				}
			}
		}
		ids = append(ids, id)
	}
	return ids, true
}

func parseAlgorithmProtection(v cryptobyte.String) (*AlgorithmProtection, bool) {
	var seq cryptobyte.String
	if !v.ReadASN1(&seq, cbasn1.SEQUENCE) || !v.Empty() {
		return nil, false
	}
	ap := &AlgorithmProtection{}
	var err error
	if ap.DigestAlgorithm, err = readAlgorithm(&seq); err != nil {
		return nil, false
	}
	for !seq.Empty() {
		var el cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1(&el, &tag) {
			return nil, false
		}
		if tag == cbasn1.Tag(1).Constructed().ContextSpecific() {
			a := &AlgorithmIdentifier{}
			if !el.ReadASN1ObjectIdentifier(&a.Algorithm) {
				return nil, false
			}
			if !el.Empty() {
				var p cryptobyte.String
				var pt cbasn1.Tag
				if !el.ReadAnyASN1Element(&p, &pt) || !el.Empty() {
					return nil, false
				}
				a.Parameters = append([]byte{}, p...)
			}
			ap.SignatureAlgorithm = a
		}
	}
	return ap, true
}
