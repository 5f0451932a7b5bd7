// Package pkcs8 reads and writes GOST R 34.10 private keys in PKCS#8
// (RFC 5208/5958) and PEM, in every wrapping variant met in the field:
//
//   - the OpenSSL GOST engine / RFC 9215 form: privateKey OCTET STRING holds
//     the raw little-endian d (32 or 64 bytes);
//   - OCTET STRING { OCTET STRING (little-endian d) } (older OpenSSL);
//   - OCTET STRING { INTEGER d } (big-endian INTEGER, kmvi/cp-extract-data);
//   - algorithm OIDs of GOST R 34.10-2012 256/512 (signature and agreement)
//     and GOST R 34.10-2001; parameters SEQUENCE { curve [, digest
//     [, cipher]] } or a bare curve OID;
//   - the masked form k || m₁ … (d = k·m₁·… mod q) of the TC26 PFX example;
//   - version 0 or 1 (OneAsymmetricKey; an included public key must match);
//   - PEM "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" (PBES2: PBKDF2 with
//     HMAC-Streebog/HMAC-SHA, GOST 28147-89 CFB or AES-CBC) and
//     "GOST PRIVATE KEY"-style legacy labels with the same DER.
package pkcs8

import (
	"bytes"
	"encoding/asn1"
	"encoding/pem"
	"io"
	"math/big"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Key algorithm OIDs.
var (
	OIDGost2012_256      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	OIDGost2012_512      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	OIDAgreement2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 1}
	OIDAgreement2012_512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 2}
	OIDGost2001          = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	OIDGost2001DH        = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 98}
	OIDStreebog256       = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
)

// IsGostAlgorithm reports whether oid is a GOST R 34.10 key algorithm.
func IsGostAlgorithm(oid asn1.ObjectIdentifier) bool {
	for _, o := range []asn1.ObjectIdentifier{OIDGost2012_256, OIDGost2012_512, OIDAgreement2012_256,
		OIDAgreement2012_512, OIDGost2001, OIDGost2001DH} {
		if oid.Equal(o) {
			return true
		}
	}
	return false
}

func malformed(d string) error { return kserr.New(kserr.CodeMalformed, nil, "PKCS#8: %s", d) }

// ParsePrivateKey parses a DER PrivateKeyInfo holding a GOST key.
// Non-GOST keys give kserr.ErrUnsupported, unknown curves
// kserr.ErrUnknownCurve.
func ParsePrivateKey(der []byte) (*gost3410.PrivateKey, error) {
	s := cryptobyte.String(der)
	var seq, alg, priv cryptobyte.String
	var version int
	var algOID asn1.ObjectIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&version) ||
		!seq.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&algOID) ||
		!seq.ReadASN1(&priv, cbasn1.OCTET_STRING) {
		return nil, malformed("not a PrivateKeyInfo")
	}
	if version != 0 && version != 1 {
		return nil, malformed("version")
	}
	if !IsGostAlgorithm(algOID) {
		return nil, kserr.New(kserr.CodeUnsupported, nil, "key algorithm %v is not GOST R 34.10", algOID)
	}
	var curveOID asn1.ObjectIdentifier
	switch {
	case alg.PeekASN1Tag(cbasn1.SEQUENCE):
		var params cryptobyte.String
		alg.ReadASN1(&params, cbasn1.SEQUENCE)
		if !params.ReadASN1ObjectIdentifier(&curveOID) {
			return nil, malformed("key parameters")
		}
	case alg.PeekASN1Tag(cbasn1.OBJECT_IDENTIFIER):
		alg.ReadASN1ObjectIdentifier(&curveOID)
	default:
		return nil, malformed("no curve in the key parameters")
	}
	curve, ok := gost3410.CurveByOID(curveOID)
	if !ok {
		return nil, kserr.New(kserr.CodeUnknownCurve, nil, "%v", curveOID)
	}
	key, err := parseScalar(curve, priv)
	if err != nil {
		return nil, err
	}
	// attributes [0] and publicKey [1] (OneAsymmetricKey).
	seq.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	if seq.PeekASN1Tag(cbasn1.Tag(1).ContextSpecific()) {
		var pub cryptobyte.String
		seq.ReadASN1(&pub, cbasn1.Tag(1).ContextSpecific())
		if len(pub) > 0 {
			bits := []byte(pub[1:])
			var inner cryptobyte.String
			bs := cryptobyte.String(bits)
			if bs.ReadASN1(&inner, cbasn1.OCTET_STRING) {
				bits = inner
			}
			if !bytes.Equal(bits, key.PublicKey().Raw()) {
				return nil, kserr.New(kserr.CodeKeyMismatch, nil, "PKCS#8 public key")
			}
		}
	}
	return key, nil
}

// parseScalar decodes the privateKey OCTET STRING contents in any of the
// known wrappings.
func parseScalar(c *gost3410.Curve, b []byte) (*gost3410.PrivateKey, error) {
	if len(b) == c.PointSize {
		return newKey(c, b, false)
	}
	if len(b) > c.PointSize && len(b)%c.PointSize == 0 && len(b) <= 8*c.PointSize {
		return unmaskKey(c, b)
	}
	s := cryptobyte.String(b)
	switch {
	case s.PeekASN1Tag(cbasn1.OCTET_STRING):
		var raw cryptobyte.String
		if s.ReadASN1(&raw, cbasn1.OCTET_STRING) && s.Empty() && len(raw) == c.PointSize {
			return newKey(c, raw, false)
		}
	case s.PeekASN1Tag(cbasn1.INTEGER):
		d := new(big.Int)
		if s.ReadASN1Integer(d) && s.Empty() && d.Sign() > 0 && d.BitLen() <= 8*c.PointSize {
			return newKey(c, d.FillBytes(make([]byte, c.PointSize)), true)
		}
	}
	return nil, malformed("private key value of " + itoa(len(b)) + " bytes")
}

// unmaskKey handles the "masked" private key of the TC26 PFX example and
// the OpenSSL GOST engine: the value is k || m₁ || … || mₙ (each
// little-endian, PointSize bytes) and d = k·m₁·…·mₙ mod q.
func unmaskKey(c *gost3410.Curve, b []byte) (*gost3410.PrivateKey, error) {
	n := c.PointSize
	d := leInt(b[:n])
	for i := n; i < len(b); i += n {
		d.Mul(d, leInt(b[i:i+n]))
		d.Mod(d, c.Q)
	}
	if d.Sign() == 0 {
		return nil, malformed("masked private key is zero")
	}
	return newKey(c, d.FillBytes(make([]byte, n)), true)
}

func leInt(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(r)
}

func newKey(c *gost3410.Curve, raw []byte, be bool) (*gost3410.PrivateKey, error) {
	var k *gost3410.PrivateKey
	var err error
	if be {
		k, err = gost3410.NewPrivateKeyBE(c, raw)
	} else {
		k, err = gost3410.NewPrivateKey(c, raw)
	}
	if err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "PKCS#8: private key out of range")
	}
	return k, nil
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// MarshalPrivateKey encodes the key as PKCS#8 in the OpenSSL GOST engine
// form: algorithm 1.2.643.7.1.1.1.1 (or …1.2 for 512-bit curves),
// parameters SEQUENCE { curve [, Streebog-256 for the 256-bit CryptoPro
// curves] }, privateKey = raw little-endian d.
func MarshalPrivateKey(k *gost3410.PrivateKey) ([]byte, error) {
	if k == nil || k.Curve == nil {
		return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "")
	}
	alg := OIDGost2012_256
	withDigest := k.Curve != gost3410.CurveTC26256A
	if k.Curve.PointSize == 64 {
		alg, withDigest = OIDGost2012_512, false
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(alg)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(k.Curve.EncodingOID())
				if withDigest {
					b.AddASN1ObjectIdentifier(OIDStreebog256)
				}
			})
		})
		b.AddASN1OctetString(k.Raw())
	})
	return b.Bytes()
}

// EncryptPrivateKey returns an EncryptedPrivateKeyInfo (DER) with the key
// encrypted by PBES2 / PBKDF2-HMAC-Streebog-512 / GOST 28147-89 (S-box Z).
func EncryptPrivateKey(k *gost3410.PrivateKey, password string, rand io.Reader) ([]byte, error) {
	der, err := MarshalPrivateKey(k)
	if err != nil {
		return nil, err
	}
	alg, ct, err := pbe.EncryptGost(password, der, 2048, rand)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(alg)
		b.AddASN1OctetString(ct)
	})
	return b.Bytes()
}

// DecryptPrivateKey decrypts an EncryptedPrivateKeyInfo. A wrong password
// gives kserr.ErrWrongPassword.
func DecryptPrivateKey(der []byte, password string) (*gost3410.PrivateKey, error) {
	s := cryptobyte.String(der)
	var seq, alg, ct cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&alg, cbasn1.SEQUENCE) ||
		!seq.ReadASN1(&ct, cbasn1.OCTET_STRING) {
		return nil, malformed("not an EncryptedPrivateKeyInfo")
	}
	plain, err := pbe.Decrypt(alg, password, ct)
	if err != nil {
		return nil, pbeError(err)
	}
	k, err := ParsePrivateKey(plain)
	if err != nil {
		if kerr, ok := err.(*kserr.Error); ok && kerr.Code == kserr.CodeMalformed {
			// Stream ciphers decrypt to garbage under a wrong password.
			return nil, kserr.ErrWrongPassword
		}
		return nil, err
	}
	return k, nil
}

func pbeError(err error) error {
	switch err {
	case pbe.ErrDecrypt:
		return kserr.ErrWrongPassword
	case pbe.ErrUnsupported:
		return kserr.New(kserr.CodeUnsupported, err, "")
	}
	return kserr.New(kserr.CodeMalformed, err, "")
}

// PEM block types.
const (
	PEMPrivateKey          = "PRIVATE KEY"
	PEMEncryptedPrivateKey = "ENCRYPTED PRIVATE KEY"
	PEMCertificate         = "CERTIFICATE"
)

// Bundle is the content of a PEM file: keys and certificates.
type Bundle struct {
	Keys         []*gost3410.PrivateKey
	Certificates [][]byte // DER
}

// ParsePEM reads every PRIVATE KEY, ENCRYPTED PRIVATE KEY (with password)
// and CERTIFICATE block of a PEM file (e.g. get-cpcert output, openssl
// genpkey output). Bare DER PrivateKeyInfo is accepted too. Errors:
// kserr.ErrMalformed when nothing usable is found, kserr.ErrWrongPassword,
// kserr.ErrUnsupported for non-GOST keys.
func ParsePEM(data []byte, password string) (*Bundle, error) {
	bnd := &Bundle{}
	rest := data
	var firstErr error
	for {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		switch blk.Type {
		case PEMCertificate, "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
			bnd.Certificates = append(bnd.Certificates, blk.Bytes)
		case PEMEncryptedPrivateKey:
			k, err := DecryptPrivateKey(blk.Bytes, password)
			if err != nil {
				return nil, err
			}
			bnd.Keys = append(bnd.Keys, k)
		default:
			if len(blk.Type) >= 11 && blk.Type[len(blk.Type)-11:] == "PRIVATE KEY" {
				k, err := ParsePrivateKey(blk.Bytes)
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				bnd.Keys = append(bnd.Keys, k)
			}
		}
	}
	if len(bnd.Keys) == 0 && len(bnd.Certificates) == 0 {
		if k, err := ParsePrivateKey(data); err == nil {
			bnd.Keys = append(bnd.Keys, k)
			return bnd, nil
		}
		if k, err := DecryptPrivateKey(data, password); err == nil {
			bnd.Keys = append(bnd.Keys, k)
			return bnd, nil
		}
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, malformed("no PEM key or certificate")
	}
	if len(bnd.Keys) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return bnd, nil
}

// EncodePEM returns the key as a PEM "PRIVATE KEY" block, or as
// "ENCRYPTED PRIVATE KEY" when password is not empty.
func EncodePEM(k *gost3410.PrivateKey, password string, rand io.Reader) ([]byte, error) {
	if password != "" {
		der, err := EncryptPrivateKey(k, password, rand)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: PEMEncryptedPrivateKey, Bytes: der}), nil
	}
	der, err := MarshalPrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: PEMPrivateKey, Bytes: der}), nil
}
