package pki

import (
	"encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// PublicKeyInfo is a decoded SubjectPublicKeyInfo. For GOST keys (RFC 4491,
// RFC 9215) the algorithm parameters are SEQUENCE { curve OID [, digest OID
// [, cipher OID]] } and the key is an OCTET STRING inside the BIT STRING:
// X little-endian || Y little-endian.
type PublicKeyInfo struct {
	Algorithm asn1.ObjectIdentifier // e.g. 1.2.643.7.1.1.1.1
	CurveOID  asn1.ObjectIdentifier // as written in the parameters (may be an alias)
	DigestOID asn1.ObjectIdentifier // nil when absent
	CipherOID asn1.ObjectIdentifier // 2001 keys only; nil when absent
	// Key is the raw public key: LE X || LE Y (64 or 128 bytes) for GOST
	// keys, the BIT STRING contents for other algorithms.
	Key []byte
}

// IsGostKeyAlgorithm reports whether oid is a GOST R 34.10 key algorithm
// (2001 or 2012, signature or key agreement).
func IsGostKeyAlgorithm(oid asn1.ObjectIdentifier) bool {
	return oid.Equal(OIDPublicKeyGost2012_256) || oid.Equal(OIDPublicKeyGost2012_512) ||
		oid.Equal(OIDPublicKeyGost2001) || oid.Equal(OIDAgreementGost2012_256) ||
		oid.Equal(OIDAgreementGost2012_512) || oid.Equal(OIDAgreementGost2001)
}

// IsGost reports whether p is a GOST R 34.10 key.
func (p *PublicKeyInfo) IsGost() bool { return IsGostKeyAlgorithm(p.Algorithm) }

// Bits is the key size in bits (256 or 512) of a GOST key, 0 otherwise.
func (p *PublicKeyInfo) Bits() int {
	if !p.IsGost() {
		return 0
	}
	return len(p.Key) * 4
}

// ParsePublicKeyInfo decodes a DER SubjectPublicKeyInfo. Keys of other
// algorithms are returned with Algorithm and the raw BIT STRING filled in,
// together with an error matching ErrUnsupportedAlgorithm.
func ParsePublicKeyInfo(der []byte) (*PublicKeyInfo, error) {
	in := cryptobyte.String(der)
	var spki, alg, bits cryptobyte.String
	var p PublicKeyInfo
	if !in.ReadASN1(&spki, cbasn1.SEQUENCE) || !in.Empty() ||
		!spki.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&p.Algorithm) {
		return nil, newError(CodeMalformed, nil, "SubjectPublicKeyInfo")
	}
	var bs cbasn1BitString
	if !spki.ReadASN1(&bits, cbasn1.BIT_STRING) || !spki.Empty() || !bs.parse(bits) {
		return nil, newError(CodeMalformed, nil, "SubjectPublicKeyInfo: BIT STRING")
	}
	if !p.IsGost() {
		p.Key = bs
		return &p, newError(CodeUnsupportedAlgorithm, nil, "ключ %s", p.Algorithm)
	}
	// Parameters: SEQUENCE { curve, [digest, [cipher]] }; NULL or absent
	// parameters leave the curve unknown.
	if alg.PeekASN1Tag(cbasn1.SEQUENCE) {
		var params cryptobyte.String
		if !alg.ReadASN1(&params, cbasn1.SEQUENCE) ||
			!params.ReadASN1ObjectIdentifier(&p.CurveOID) {
			return nil, newError(CodeMalformed, nil, "параметры ключа ГОСТ")
		}
		if !params.Empty() {
			var o asn1.ObjectIdentifier
			if !params.ReadASN1ObjectIdentifier(&o) {
				return nil, newError(CodeMalformed, nil, "параметры ключа ГОСТ")
			}
			p.DigestOID = o
		}
		if !params.Empty() {
			var o asn1.ObjectIdentifier
			if !params.ReadASN1ObjectIdentifier(&o) || !params.Empty() {
				return nil, newError(CodeMalformed, nil, "параметры ключа ГОСТ")
			}
			p.CipherOID = o
		}
	} else if !alg.Empty() {
		var null cryptobyte.String
		if !alg.ReadASN1(&null, cbasn1.NULL) || !null.Empty() {
			return nil, newError(CodeMalformed, nil, "параметры ключа ГОСТ")
		}
	}
	if !alg.Empty() {
		return nil, newError(CodeMalformed, nil, "AlgorithmIdentifier")
	}
	// The BIT STRING holds a DER OCTET STRING of 2*PointSize bytes.
	key := cryptobyte.String(bs)
	var raw cryptobyte.String
	if !key.ReadASN1(&raw, cbasn1.OCTET_STRING) || !key.Empty() {
		return nil, newError(CodeMalformed, nil, "открытый ключ ГОСТ не обёрнут в OCTET STRING")
	}
	want := 64
	if p.Algorithm.Equal(OIDPublicKeyGost2012_512) || p.Algorithm.Equal(OIDAgreementGost2012_512) {
		want = 128
	}
	if len(raw) != want {
		return nil, newError(CodeBadPublicKey, nil, "длина открытого ключа %d байт вместо %d", len(raw), want)
	}
	p.Key = append([]byte(nil), raw...)
	return &p, nil
}

// cbasn1BitString is the content of a BIT STRING with no unused bits.
type cbasn1BitString []byte

func (b *cbasn1BitString) parse(s cryptobyte.String) bool {
	if len(s) == 0 || s[0] != 0 {
		return false
	}
	*b = append([]byte(nil), s[1:]...)
	return true
}
