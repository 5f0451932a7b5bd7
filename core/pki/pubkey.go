package pki

import (
	"encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
)

// Curve returns the GOST curve of the key, or an error matching
// ErrUnknownCurve (also for a curve whose size does not fit the key).
func (p *PublicKeyInfo) Curve() (*gost3410.Curve, error) {
	if !p.IsGost() {
		return nil, newError(CodeUnsupportedAlgorithm, nil, "ключ %s", p.Algorithm)
	}
	c, ok := gost3410.CurveByOID(p.CurveOID)
	if !ok || 2*c.PointSize != len(p.Key) {
		return nil, newError(CodeUnknownCurve, nil, "%s", p.CurveOID)
	}
	return c, nil
}

// PublicKey returns the GOST public key. It fails for non-GOST keys, unknown
// curves and points that are not valid curve points.
func (p *PublicKeyInfo) PublicKey() (*gost3410.PublicKey, error) {
	c, err := p.Curve()
	if err != nil {
		return nil, err
	}
	pub, err := gost3410.NewPublicKey(c, p.Key)
	if err != nil {
		return nil, newError(CodeBadPublicKey, err, "")
	}
	return pub, nil
}

func knownCurve(p *PublicKeyInfo) bool {
	_, err := p.Curve()
	return err == nil
}

// PublicKey returns the certificate's GOST public key.
func (c *Certificate) PublicKey() (*gost3410.PublicKey, error) {
	return c.PublicKeyInfo.PublicKey()
}

// KeyAlgorithmFor returns the GOST R 34.10-2012 public-key algorithm OID and
// the Streebog digest OID that go with a curve (256- or 512-bit).
func KeyAlgorithmFor(c *gost3410.Curve) (keyAlg, digest asn1.ObjectIdentifier) {
	if c.PointSize == 64 {
		return OIDPublicKeyGost2012_512, OIDStreebog512
	}
	return OIDPublicKeyGost2012_256, OIDStreebog256
}

// MarshalPublicKeyInfo encodes a GOST R 34.10-2012 public key as a DER
// SubjectPublicKeyInfo the way RFC 9215 and CryptoPro do: parameters
// SEQUENCE { curve OID, digest OID } for 256-bit curves other than tc26 A,
// SEQUENCE { curve OID } for tc26-256-A and 512-bit curves.
func MarshalPublicKeyInfo(pub *gost3410.PublicKey) ([]byte, error) {
	keyAlg, digest := KeyAlgorithmFor(pub.Curve)
	withDigest := pub.Curve.PointSize == 32 && !pub.Curve.OID.Equal(gost3410.CurveTC26256A.OID)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(keyAlg)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(pub.Curve.EncodingOID())
				if withDigest {
					b.AddASN1ObjectIdentifier(digest)
				}
			})
		})
		b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) {
			b.AddUint8(0)
			b.AddASN1OctetString(pub.Raw())
		})
	})
	return b.Bytes()
}

// String describes the key the way CryptoPro does, e.g.
// "ГОСТ Р 34.10-2012 256 бит (id-tc26-gost-3410-12-256-paramSetB)".
func (p *PublicKeyInfo) String() string {
	var s string
	switch {
	case p.Algorithm.Equal(OIDPublicKeyGost2012_256), p.Algorithm.Equal(OIDAgreementGost2012_256):
		s = "ГОСТ Р 34.10-2012 256 бит"
	case p.Algorithm.Equal(OIDPublicKeyGost2012_512), p.Algorithm.Equal(OIDAgreementGost2012_512):
		s = "ГОСТ Р 34.10-2012 512 бит"
	case p.Algorithm.Equal(OIDPublicKeyGost2001), p.Algorithm.Equal(OIDAgreementGost2001):
		s = "ГОСТ Р 34.10-2001"
	default:
		return p.Algorithm.String()
	}
	if c, err := p.Curve(); err == nil {
		return s + " (" + c.Name + ")"
	}
	return s + " (" + p.CurveOID.String() + ")"
}
