package container

import (
	"encoding/asn1"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers met in container headers.
var (
	// OIDContainerAlgorithm is the containerAlgoritmIdentifier CSP writes.
	OIDContainerAlgorithm = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 37, 2, 1}

	OIDGost2001       = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	OIDGost2001DH     = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 98}
	OIDGost2012_256   = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	OIDGost2012_512   = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	OIDAgreement256   = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 1}
	OIDAgreement512   = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 2}
	OIDStreebog256    = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDStreebog512    = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	OIDGost3411_94CP  = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 1}
	OIDGost28147      = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 21}
	OIDParamSetCPA    = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 1}
	oidExtNotBefore   = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 37, 3, 9}
	oidExtNotAfterKey = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 37, 3, 10}
)

// Container attribute bits (header keyContainerContent.attributes).
const (
	AttrSoftPassword     = 0 // kccaSoftPassword: the container is protected by a PIN
	AttrReservePrimary   = 1 // kccaReservePrimary: primary2/masks2 hold a reserve copy
	AttrPrimaryKeyAbsent = 2
	AttrFKCShared        = 3
)

// Key attribute bits (privateKeyParameters.attributes).
const (
	KeyAttrExportable  = 0
	KeyAttrUserProtect = 1
	KeyAttrExchange    = 2
	KeyAttrEphemeral   = 3
	KeyAttrNonCachable = 4
	KeyAttrDhAllowed   = 5
)

// KeyParams describes one key pair of a container as the header states it.
type KeyParams struct {
	Attributes  asn1.BitString
	Algorithm   asn1.ObjectIdentifier // 1.2.643.7.1.1.6.1, 1.2.643.7.1.1.1.1, 1.2.643.2.2.98, ...
	Curve       asn1.ObjectIdentifier // as written (may be an alias such as XchA)
	Digest      asn1.ObjectIdentifier // may be nil
	Certificate []byte                // DER certificate from the header, nil when absent
	Fingerprint []byte                // 8 bytes: start of the public key X, little-endian
}

// Exportable reports whether CSP marked the key exportable.
func (p *KeyParams) Exportable() bool { return p.Attributes.At(KeyAttrExportable) == 1 }

// Is2001 reports whether the key is a GOST R 34.10-2001 one (which uses
// GOST R 34.11-94 and the CryptoPro-A S-box for the PIN key).
func (p *KeyParams) Is2001() bool {
	return p.Algorithm.Equal(OIDGost2001DH) || p.Algorithm.Equal(OIDGost2001)
}

// Header is a decoded header.key.
type Header struct {
	Name       string         // containerName, when present (usually absent; see name.key)
	Attributes asn1.BitString // kcca* bits
	Primary    KeyParams
	Secondary  *KeyParams // nil for one-key containers

	// Raw is the whole file; Content the DER of keyContainerContent;
	// HMAC the trailing hmacKeyContainerContent.
	Raw, Content, HMAC []byte
}

// HasPIN reports whether the container is protected by a PIN
// (kccaSoftPassword). A container without it opens with an empty PIN.
func (h *Header) HasPIN() bool { return h.Attributes.At(AttrSoftPassword) == 1 }

func malformed(what string) error {
	return kserr.New(kserr.CodeMalformed, nil, "header.key: %s", what)
}

// ParseHeader decodes header.key. Fields the reader does not need are
// skipped; unknown algorithms parse (PrivateKey reports them).
func ParseHeader(der []byte) (*Header, error) {
	h := &Header{Raw: der}
	in := cryptobyte.String(der)
	var outer, content cryptobyte.String
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) {
		return nil, malformed("not a SEQUENCE")
	}
	var contentElem cryptobyte.String
	if !outer.ReadASN1Element(&contentElem, cbasn1.SEQUENCE) {
		return nil, malformed("no keyContainerContent")
	}
	h.Content = contentElem
	inner := contentElem
	inner.ReadASN1(&content, cbasn1.SEQUENCE)
	var hmac cryptobyte.String
	if outer.PeekASN1Tag(cbasn1.OCTET_STRING) {
		outer.ReadASN1(&hmac, cbasn1.OCTET_STRING)
		h.HMAC = hmac
	}

	// [0] EXPLICIT containerAlgoritmIdentifier OPTIONAL
	content.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	// containerName OPTIONAL (IA5String; UTF8String in some builds)
	for _, t := range []cbasn1.Tag{cbasn1.IA5String, cbasn1.UTF8String, cbasn1.PrintableString} {
		if content.PeekASN1Tag(t) {
			var s cryptobyte.String
			content.ReadASN1(&s, t)
			h.Name = string(s)
		}
	}
	var attrs asn1.BitString
	if !readBitString(&content, &attrs) {
		return nil, malformed("attributes")
	}
	h.Attributes = attrs
	var pp cryptobyte.String
	if !content.ReadASN1(&pp, cbasn1.SEQUENCE) {
		return nil, kserr.New(kserr.CodeUnsupported, nil, "header.key: no GOST primaryPrivateKeyParameters")
	}
	if err := parseKeyParams(pp, &h.Primary); err != nil {
		return nil, err
	}
	for !content.Empty() {
		var v cryptobyte.String
		var tag cbasn1.Tag
		if !content.ReadAnyASN1(&v, &tag) {
			return nil, malformed("truncated field")
		}
		switch tag {
		case cbasn1.Tag(4).Constructed().ContextSpecific(): // secondaryPrivateKeyParameters
			h.Secondary = new(KeyParams)
			if err := parseKeyParams(v, h.Secondary); err != nil {
				return nil, err
			}
		case cbasn1.Tag(5).ContextSpecific(): // primaryCertificate
			h.Primary.Certificate = append([]byte(nil), v...)
		case cbasn1.Tag(6).ContextSpecific():
			if h.Secondary == nil {
				h.Secondary = new(KeyParams)
			}
			h.Secondary.Certificate = append([]byte(nil), v...)
		case cbasn1.Tag(10).ContextSpecific():
			h.Primary.Fingerprint = append([]byte(nil), v...)
		case cbasn1.Tag(11).ContextSpecific():
			if h.Secondary == nil {
				h.Secondary = new(KeyParams)
			}
			h.Secondary.Fingerprint = append([]byte(nil), v...)
		}
	}
	if h.Secondary != nil && h.Secondary.Algorithm == nil {
		return nil, malformed("secondary key without parameters")
	}
	return h, nil
}

func parseKeyParams(s cryptobyte.String, p *KeyParams) error {
	if !readBitString(&s, &p.Attributes) {
		return malformed("key attributes")
	}
	var alg, params cryptobyte.String
	if !s.ReadASN1(&alg, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!alg.ReadASN1ObjectIdentifier(&p.Algorithm) {
		return malformed("privateKeyAlgorithm")
	}
	if alg.ReadASN1(&params, cbasn1.SEQUENCE) {
		if !params.ReadASN1ObjectIdentifier(&p.Curve) {
			return malformed("key parameters")
		}
		if params.PeekASN1Tag(cbasn1.OBJECT_IDENTIFIER) {
			params.ReadASN1ObjectIdentifier(&p.Digest)
		}
	}
	return nil
}

func readBitString(s *cryptobyte.String, out *asn1.BitString) bool {
	var b cryptobyte.String
	if !s.ReadASN1(&b, cbasn1.BIT_STRING) || len(b) == 0 || b[0] > 7 || (len(b) == 1 && b[0] != 0) {
		return false
	}
	out.BitLength = (len(b)-1)*8 - int(b[0])
	out.Bytes = append([]byte(nil), b[1:]...)
	return true
}

// Masks is a decoded masks.key / masks2.key.
type Masks struct {
	Mask []byte // 32 or 64 bytes, little-endian
	Salt []byte // 12 bytes
	HMAC []byte
}

// ParseMasks decodes masks.key.
func ParseMasks(der []byte) (*Masks, error) {
	in := cryptobyte.String(der)
	var seq, mask, salt, hmac cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&mask, cbasn1.OCTET_STRING) ||
		!seq.ReadASN1(&salt, cbasn1.OCTET_STRING) {
		return nil, kserr.New(kserr.CodeMalformed, nil, "masks.key")
	}
	seq.ReadASN1(&hmac, cbasn1.OCTET_STRING)
	if (len(mask) != 32 && len(mask) != 64) || len(salt) != 12 {
		return nil, kserr.New(kserr.CodeMalformed, nil, "masks.key: mask %d bytes, salt %d bytes", len(mask), len(salt))
	}
	return &Masks{Mask: mask, Salt: salt, HMAC: hmac}, nil
}

// Primary is a decoded primary.key / primary2.key: the encrypted masked
// primary key and, in two-key containers, the secondary one ([0]).
type Primary struct {
	Key       []byte
	Secondary []byte
}

// ParsePrimary decodes primary.key.
func ParsePrimary(der []byte) (*Primary, error) {
	in := cryptobyte.String(der)
	var seq, k cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&k, cbasn1.OCTET_STRING) {
		return nil, kserr.New(kserr.CodeMalformed, nil, "primary.key")
	}
	p := &Primary{Key: k}
	var k2 cryptobyte.String
	if seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) {
		seq.ReadASN1(&k2, cbasn1.Tag(0).ContextSpecific())
		p.Secondary = k2
	} else if seq.PeekASN1Tag(cbasn1.OCTET_STRING) {
		seq.ReadASN1(&k2, cbasn1.OCTET_STRING)
		p.Secondary = k2
	}
	if (len(p.Key) != 32 && len(p.Key) != 64) || (p.Secondary != nil && len(p.Secondary) != 32 && len(p.Secondary) != 64) {
		return nil, kserr.New(kserr.CodeMalformed, nil, "primary.key: key of %d bytes", len(p.Key))
	}
	return p, nil
}

// ParseName decodes name.key: SEQUENCE { IA5String } (UTF8String accepted).
func ParseName(der []byte) (string, error) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return "", kserr.New(kserr.CodeMalformed, nil, "name.key")
	}
	for _, t := range []cbasn1.Tag{cbasn1.IA5String, cbasn1.UTF8String, cbasn1.PrintableString} {
		var s cryptobyte.String
		if seq.ReadASN1(&s, t) {
			return string(s), nil
		}
	}
	return "", kserr.New(kserr.CodeMalformed, nil, "name.key")
}
