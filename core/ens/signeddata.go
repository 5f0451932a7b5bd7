package ens

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/asn1"
	"errors"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

// OIDs of CMS and CAdES-BES.
var (
	OIDSignedData            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	OIDData                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	OIDAttrContentType       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	OIDAttrMessageDigest     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	OIDAttrSigningTime       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	OIDAttrSigningCert       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	OIDAttrSigningCertV2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	OIDDigestStreebog256     = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDSignGost2012_256      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	OIDPublicKeyGost2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidSHA256                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

// SignedData is the structure of a CMS SignedData (RFC 5652) as far as API
// ЕНС cares: how many signers and certificates, which algorithms, the
// content and the CAdES-BES signed attributes. It does not verify the
// signature; see SignedData.CheckBinding and core/cms.
type SignedData struct {
	DigestAlgorithms []asn1.ObjectIdentifier
	ContentType      asn1.ObjectIdentifier
	Content          []byte // eContent; nil when detached
	Attached         bool
	Certificates     [][]byte // DER of every entry of certificates
	Signers          []SignerInfo
}

// SignerInfo is one signer of a SignedData.
type SignerInfo struct {
	DigestAlgorithm    asn1.ObjectIdentifier
	SignatureAlgorithm asn1.ObjectIdentifier
	SignedAttrs        []byte // DER of the signed attributes as a SET (what is signed)
	Signature          []byte
	HasContentType     bool
	MessageDigest      []byte
	// CertHashes are the ESSCertID(v2) hashes of signingCertificate(V2),
	// with their hash algorithms; V2 reports signingCertificateV2.
	CertHashes []CertHash
	V2         bool
}

// CertHash is one ESSCertID or ESSCertIDv2 entry.
type CertHash struct {
	Algorithm asn1.ObjectIdentifier
	Hash      []byte
}

var errCMS = errors.New("подпись не является CMS SignedData в DER")

// ParseSignedData parses a DER ContentInfo holding a SignedData.
func ParseSignedData(der []byte) (*SignedData, error) {
	in := cryptobyte.String(der)
	var ci, sd cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !in.Empty() ||
		!ci.ReadASN1ObjectIdentifier(&ct) || !ct.Equal(OIDSignedData) ||
		!ci.ReadASN1(&sd, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() {
		return nil, errCMS
	}
	var body cryptobyte.String
	if !sd.ReadASN1(&body, cbasn1.SEQUENCE) || !sd.Empty() {
		return nil, errCMS
	}
	var version int64
	var algs, eci, certs, signers cryptobyte.String
	if !body.ReadASN1Integer(&version) || !body.ReadASN1(&algs, cbasn1.SET) ||
		!body.ReadASN1(&eci, cbasn1.SEQUENCE) {
		return nil, errCMS
	}
	out := &SignedData{}
	for !algs.Empty() {
		oid, ok := readAlgorithm(&algs)
		if !ok {
			return nil, errCMS
		}
		out.DigestAlgorithms = append(out.DigestAlgorithms, oid)
	}
	if !eci.ReadASN1ObjectIdentifier(&out.ContentType) {
		return nil, errCMS
	}
	if !eci.Empty() {
		var exp, oct cryptobyte.String
		if !eci.ReadASN1(&exp, cbasn1.Tag(0).Constructed().ContextSpecific()) || !eci.Empty() ||
			!exp.ReadASN1(&oct, cbasn1.OCTET_STRING) || !exp.Empty() {
			return nil, errCMS
		}
		out.Content, out.Attached = append([]byte{}, oct...), true
	}
	var hasCerts bool
	if !body.ReadOptionalASN1(&certs, &hasCerts, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, errCMS
	}
	for !certs.Empty() {
		var c cryptobyte.String
		var tag cbasn1.Tag
		if !certs.ReadAnyASN1Element(&c, &tag) {
			return nil, errCMS
		}
		out.Certificates = append(out.Certificates, append([]byte{}, c...))
	}
	var crls cryptobyte.String
	if !body.ReadOptionalASN1(&crls, nil, cbasn1.Tag(1).Constructed().ContextSpecific()) ||
		!body.ReadASN1(&signers, cbasn1.SET) || !body.Empty() {
		return nil, errCMS
	}
	for !signers.Empty() {
		var si cryptobyte.String
		if !signers.ReadASN1(&si, cbasn1.SEQUENCE) {
			return nil, errCMS
		}
		s, ok := parseSignerInfo(si)
		if !ok {
			return nil, errCMS
		}
		out.Signers = append(out.Signers, s)
	}
	return out, nil
}

func readAlgorithm(s *cryptobyte.String) (asn1.ObjectIdentifier, bool) {
	var alg cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return nil, false
	}
	return oid, true
}

func parseSignerInfo(si cryptobyte.String) (SignerInfo, bool) {
	var s SignerInfo
	var version int64
	var sid cryptobyte.String
	var tag cbasn1.Tag
	if !si.ReadASN1Integer(&version) || !si.ReadAnyASN1Element(&sid, &tag) {
		return s, false
	}
	var ok bool
	if s.DigestAlgorithm, ok = readAlgorithm(&si); !ok {
		return s, false
	}
	if si.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var attrs cryptobyte.String
		if !si.ReadASN1(&attrs, cbasn1.Tag(0).Constructed().ContextSpecific()) {
			return s, false
		}
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrs) })
		s.SignedAttrs = b.BytesOrPanic()
		if !parseAttrs(attrs, &s) {
			return s, false
		}
	}
	if s.SignatureAlgorithm, ok = readAlgorithm(&si); !ok {
		return s, false
	}
	var sig cryptobyte.String
	if !si.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return s, false
	}
	s.Signature = append([]byte{}, sig...)
	return s, true
}

func parseAttrs(attrs cryptobyte.String, s *SignerInfo) bool {
	for !attrs.Empty() {
		var a, vals cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !attrs.ReadASN1(&a, cbasn1.SEQUENCE) || !a.ReadASN1ObjectIdentifier(&oid) ||
			!a.ReadASN1(&vals, cbasn1.SET) {
			return false
		}
		switch {
		case oid.Equal(OIDAttrContentType):
			s.HasContentType = true
		case oid.Equal(OIDAttrMessageDigest):
			var md cryptobyte.String
			if !vals.ReadASN1(&md, cbasn1.OCTET_STRING) {
				return false
			}
			s.MessageDigest = append([]byte{}, md...)
		case oid.Equal(OIDAttrSigningCertV2), oid.Equal(OIDAttrSigningCert):
			v2 := oid.Equal(OIDAttrSigningCertV2)
			s.V2 = s.V2 || v2
			var sc, ids cryptobyte.String
			if !vals.ReadASN1(&sc, cbasn1.SEQUENCE) || !sc.ReadASN1(&ids, cbasn1.SEQUENCE) {
				return false
			}
			for !ids.Empty() {
				var id cryptobyte.String
				if !ids.ReadASN1(&id, cbasn1.SEQUENCE) {
					return false
				}
				h := CertHash{Algorithm: asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}} // SHA-1 for v1
				if v2 {
					h.Algorithm = oidSHA256 // default of ESSCertIDv2
					if id.PeekASN1Tag(cbasn1.SEQUENCE) {
						var ok bool
						if h.Algorithm, ok = readAlgorithm(&id); !ok {
							return false
						}
					}
				}
				var hash cryptobyte.String
				if !id.ReadASN1(&hash, cbasn1.OCTET_STRING) {
					return false
				}
				h.Hash = append([]byte{}, hash...)
				s.CertHashes = append(s.CertHashes, h)
			}
		}
	}
	return true
}

// IsGost256 reports whether every algorithm of the signature is GOST R
// 34.10-2012 256 with GOST R 34.11-2012 256.
func (sd *SignedData) IsGost256() bool {
	if len(sd.Signers) == 0 {
		return false
	}
	for _, a := range sd.DigestAlgorithms {
		if !a.Equal(OIDDigestStreebog256) {
			return false
		}
	}
	for _, s := range sd.Signers {
		if !s.DigestAlgorithm.Equal(OIDDigestStreebog256) ||
			!(s.SignatureAlgorithm.Equal(OIDSignGost2012_256) || s.SignatureAlgorithm.Equal(OIDPublicKeyGost2012_256)) {
			return false
		}
	}
	return true
}

// IsCAdESBES reports whether the first signer has the attributes CAdES-BES
// requires (contentType, messageDigest, signingCertificate(V2)) and the
// certificate hash matches cert (DER).
func (sd *SignedData) IsCAdESBES(cert []byte) bool {
	if len(sd.Signers) == 0 {
		return false
	}
	s := sd.Signers[0]
	if !s.HasContentType || s.MessageDigest == nil || len(s.CertHashes) == 0 {
		return false
	}
	for _, h := range s.CertHashes {
		if sum := hashWith(h.Algorithm, cert); sum != nil && bytes.Equal(sum, h.Hash) {
			return true
		}
	}
	return false
}

// DigestMatches reports whether the first signer's messageDigest equals the
// GOST R 34.11-2012 256 hash of content: the signature is bound to content.
func (sd *SignedData) DigestMatches(content []byte) bool {
	if len(sd.Signers) == 0 || sd.Signers[0].MessageDigest == nil {
		return false
	}
	h := hashWith(sd.Signers[0].DigestAlgorithm, content)
	return h != nil && bytes.Equal(h, sd.Signers[0].MessageDigest)
}

func hashWith(alg asn1.ObjectIdentifier, data []byte) []byte {
	switch {
	case alg.Equal(OIDDigestStreebog256):
		h := streebog.Sum256(data)
		return h[:]
	case alg.Equal(oidSHA256):
		h := sha256.Sum256(data)
		return h[:]
	case alg.Equal(asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}):
		h := sha1.Sum(data)
		return h[:]
	}
	return nil
}
