package cms

import (
	"bytes"
	"crypto/sha1"
	"encoding/asn1"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

func attrDER(oid asn1.ObjectIdentifier, value func(b *cryptobyte.Builder)) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, value)
	})
	return b.BytesOrPanic()
}

func setOf(attrs ...[]byte) []byte {
	var b cryptobyte.Builder
	addSetOf(&b, cbasn1.SET, attrs)
	return b.BytesOrPanic()
}

// baseAttrs returns contentType, signingTime (GeneralizedTime when gen) and
// messageDigest.
func baseAttrs(digest []byte, t time.Time, gen bool) [][]byte {
	return [][]byte{
		attrDER(OIDAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(OIDData) }),
		attrDER(OIDAttrSigningTime, func(b *cryptobyte.Builder) {
			if gen {
				b.AddASN1GeneralizedTime(t.UTC())
			} else {
				b.AddASN1UTCTime(t.UTC())
			}
		}),
		attrDER(OIDAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
	}
}

func algProtection(digest, sig asn1.ObjectIdentifier) []byte {
	return attrDER(OIDAttrCMSAlgorithmProtection, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addAlgorithm(b, AlgorithmIdentifier{Algorithm: digest})
			b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(sig)
			})
		})
	})
}

func signingCertV1(hash []byte) []byte {
	return attrDER(OIDAttrSigningCertificate, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1OctetString(hash) })
			})
		})
	})
}

// TestAttributeVariants signs with attribute sets other than CAdES-BES and
// checks verification: CMSAlgorithmProtection (as CryptoPro's plain CMS
// writes it), signingCertificate v1, GeneralizedTime, no signed attributes.
func TestAttributeVariants(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26256B]
	s512 := testSigners(t)[gost3410.CurveTC26512A]
	when := time.Date(2024, 9, 13, 12, 40, 36, 0, time.UTC)
	sha := sha1.Sum(s.cert.Raw)
	cases := []struct {
		name   string
		signer *testSigner
		attrs  func(d []byte) [][]byte // nil: no signed attributes
		want   error
	}{
		{"algprot-signwithdigest", s, func(d []byte) [][]byte {
			return append(baseAttrs(d, when, false), algProtection(pki.OIDStreebog256, pki.OIDSignWithStreebog256))
		}, nil},
		{"algprot-keyoid", s, func(d []byte) [][]byte {
			return append(baseAttrs(d, when, false), algProtection(pki.OIDStreebog256, pki.OIDPublicKeyGost2012_256))
		}, nil},
		{"algprot-wrong-digest", s, func(d []byte) [][]byte {
			return append(baseAttrs(d, when, false), algProtection(pki.OIDStreebog512, pki.OIDSignWithStreebog256))
		}, ErrAlgorithmProtection},
		{"algprot-wrong-sig", s, func(d []byte) [][]byte {
			return append(baseAttrs(d, when, false), algProtection(pki.OIDStreebog256, pki.OIDSignWithStreebog512))
		}, ErrAlgorithmProtection},
		{"signingCertificate-v1", s, func(d []byte) [][]byte { return append(baseAttrs(d, when, false), signingCertV1(sha[:])) }, nil},
		{"signingCertificate-v1-wrong", s, func(d []byte) [][]byte {
			bad := sha
			bad[0] ^= 1
			return append(baseAttrs(d, when, false), signingCertV1(bad[:]))
		}, ErrSigningCertMismatch},
		{"generalized-time", s512, func(d []byte) [][]byte { return baseAttrs(d, when, true) }, nil},
		{"no-content-type", s, func(d []byte) [][]byte { return baseAttrs(d, when, false)[1:] }, ErrMalformed},
		{"no-message-digest", s, func(d []byte) [][]byte { return baseAttrs(d, when, false)[:2] }, ErrMalformed},
		{"no-signed-attributes", s, nil, nil},
		{"no-signed-attributes-512", s512, nil, nil},
	}
	for _, c := range cases {
		opts := &SignOptions{SigningTime: when, attrs: func(d []byte, _ time.Time, _ *pki.Certificate) ([]byte, error) {
			if c.attrs == nil {
				return nil, nil
			}
			return setOf(c.attrs(d)...), nil
		}}
		sig, err := Sign(strings.NewReader("content"), c.signer.key, c.signer.cert, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r, err := Verify(sig, strings.NewReader("content"))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.want == nil && !r.Valid() || c.want != nil && !errors.Is(r.Err(), c.want) {
			t.Errorf("%s: %v, want %v", c.name, r.Err(), c.want)
		}
		if c.want == nil && c.attrs != nil && !r.Signers[0].SigningTime.Equal(when) {
			t.Errorf("%s: signing time %v", c.name, r.Signers[0].SigningTime)
		}
		if c.attrs == nil {
			sd, _ := Parse(sig)
			if sd.Signers[0].SignedAttrs != nil || !bytes.Equal(sd.Signers[0].Raw, sd.Signers[0].Raw) {
				t.Errorf("%s: has signed attributes", c.name)
			}
			if r, _ := Verify(sig, strings.NewReader("Content")); r.Valid() || !errors.Is(r.Err(), ErrContentMismatch) {
				t.Errorf("%s: other content: %v", c.name, r.Err())
			}
		}
	}
}
