package pki

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
)

// Template describes a certificate to issue. Only the single-valued
// fields of Subject are used (Attributes and Raw are ignored).
type Template struct {
	Subject      Name
	SerialNumber *big.Int // nil: 16 random bytes
	NotBefore    time.Time
	NotAfter     time.Time // zero: NotBefore + 1 year (CA: 10 years)
	// KeyUsage; zero means digitalSignature|nonRepudiation|keyEncipherment|
	// dataEncipherment for end entities and keyCertSign|cRLSign|
	// digitalSignature for CAs.
	KeyUsage x509.KeyUsage
	// ExtKeyUsage; nil means clientAuth + emailProtection for end entities.
	ExtKeyUsage []asn1.ObjectIdentifier
	// Policies; nil means КС1 (1.2.643.100.113.1).
	Policies []asn1.ObjectIdentifier
	IsCA     bool
	// SubjectSignTool is the 1.2.643.100.111 extension text; empty: none.
	SubjectSignTool string
}

// CA is a certificate authority able to issue GOST certificates: for the
// sandbox, tests and demo mode only.
type CA struct {
	Certificate *Certificate
	Key         *gost3410.PrivateKey
	rand        io.Reader
}

var (
	oidPolicyKC1       = asn1.ObjectIdentifier{1, 2, 643, 100, 113, 1}
	oidEKUClientAuth   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	oidEKUEmail        = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}
	oidExtKeyUsage     = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtBasic        = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidExtSKI          = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidExtAKI          = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtEKU          = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidExtPolicies     = asn1.ObjectIdentifier{2, 5, 29, 32}
	defaultCAKeyUsage  = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	defaultEEKeyUsage  = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment
	defaultEEExtUsages = []asn1.ObjectIdentifier{oidEKUClientAuth, oidEKUEmail}
)

// NewTestCA makes a self-signed GOST CA with a fresh key on curve (nil:
// tc26-256-B, the curve of most CryptoPro keys). rand nil means
// crypto/rand.
func NewTestCA(tmpl Template, curve *gost3410.Curve, rnd io.Reader) (*CA, error) {
	if curve == nil {
		curve = gost3410.CurveTC26256B
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	key, err := gost3410.GenerateKey(curve, rnd)
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	tmpl.IsCA = true
	der, err := buildCertificate(tmpl, key.PublicKey(), nil, key, nil, rnd)
	if err != nil {
		return nil, err
	}
	c, err := ParseCertificate(der)
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	return &CA{Certificate: c, Key: key, rand: rnd}, nil
}

// Issue signs a certificate for pub.
func (ca *CA) Issue(tmpl Template, pub *gost3410.PublicKey) (*Certificate, error) {
	der, err := buildCertificate(tmpl, pub, ca.Certificate, ca.Key, nil, ca.rand)
	if err != nil {
		return nil, err
	}
	c, err := ParseCertificate(der)
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	return c, nil
}

// IssueKey generates a key on curve and issues a certificate for it.
func (ca *CA) IssueKey(tmpl Template, curve *gost3410.Curve) (*Certificate, *gost3410.PrivateKey, error) {
	r := ca.rand
	if r == nil {
		r = rand.Reader
	}
	key, err := gost3410.GenerateKey(curve, r)
	if err != nil {
		return nil, nil, newError(CodeIssue, err, "")
	}
	c, err := ca.Issue(tmpl, key.PublicKey())
	return c, key, err
}

func buildCertificate(t Template, pub *gost3410.PublicKey, issuer *Certificate, key *gost3410.PrivateKey, _ []byte, rnd io.Reader) ([]byte, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	serial := t.SerialNumber
	if serial == nil {
		b := make([]byte, 16)
		if _, err := io.ReadFull(rnd, b); err != nil {
			return nil, newError(CodeIssue, err, "")
		}
		b[0] = b[0]&0x7f | 0x40
		serial = new(big.Int).SetBytes(b)
	}
	nb := t.NotBefore
	if nb.IsZero() {
		nb = time.Now().Add(-time.Minute)
	}
	na := t.NotAfter
	if na.IsZero() {
		na = nb.AddDate(1, 0, 0)
		if t.IsCA {
			na = nb.AddDate(10, 0, 0)
		}
	}
	ku := t.KeyUsage
	if ku == 0 {
		ku = defaultEEKeyUsage
		if t.IsCA {
			ku = defaultCAKeyUsage
		}
	}
	eku := t.ExtKeyUsage
	if eku == nil && !t.IsCA {
		eku = defaultEEExtUsages
	}
	policies := t.Policies
	if policies == nil {
		policies = []asn1.ObjectIdentifier{oidPolicyKC1}
	}
	spki, err := MarshalPublicKeyInfo(pub)
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	subject, err := MarshalName(t.Subject)
	if err != nil {
		return nil, err
	}
	issuerName := subject
	ski := sha1.Sum(pub.Raw())
	var aki []byte
	if issuer != nil {
		issuerName = issuer.X509.RawSubject
		aki = issuer.X509.SubjectKeyId
	} else {
		aki = ski[:]
	}
	sigAlg := OIDSignWithStreebog256
	if key.Curve.PointSize == 64 {
		sigAlg = OIDSignWithStreebog512
	}

	var tbs cryptobyte.Builder
	tbs.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
		b.AddASN1BigInt(serial)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigAlg) })
		b.AddBytes(issuerName)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addTime(b, nb)
			addTime(b, na)
		})
		b.AddBytes(subject)
		b.AddBytes(spki)
		b.AddASN1(cbasn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				addExt(b, oidExtKeyUsage, true, func(b *cryptobyte.Builder) { addKeyUsage(b, ku) })
				if t.IsCA {
					addExt(b, oidExtBasic, true, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Boolean(true) })
					})
				}
				addExt(b, oidExtSKI, false, func(b *cryptobyte.Builder) { b.AddASN1OctetString(ski[:]) })
				if len(aki) > 0 {
					addExt(b, oidExtAKI, false, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(aki) })
						})
					})
				}
				if len(eku) > 0 {
					addExt(b, oidExtEKU, false, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							for _, o := range eku {
								b.AddASN1ObjectIdentifier(o)
							}
						})
					})
				}
				if len(policies) > 0 {
					addExt(b, oidExtPolicies, false, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							for _, o := range policies {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(o) })
							}
						})
					})
				}
				if t.SubjectSignTool != "" {
					addExt(b, OIDSubjectSignTool, false, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(t.SubjectSignTool)) })
					})
				}
			})
		})
	})
	tbsDER, err := tbs.Bytes()
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	_, digestOID := KeyAlgorithmFor(key.Curve)
	h, _ := NewHash(digestOID)
	h.Write(tbsDER)
	sig, err := key.Sign(rnd, h.Sum(nil), nil)
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	var cert cryptobyte.Builder
	cert.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbsDER)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigAlg) })
		b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) {
			b.AddUint8(0)
			b.AddBytes(sig)
		})
	})
	der, err := cert.Bytes()
	if err != nil {
		return nil, newError(CodeIssue, err, "")
	}
	return der, nil
}

func addTime(b *cryptobyte.Builder, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() >= 1950 && t.Year() < 2050 {
		b.AddASN1UTCTime(t)
	} else {
		b.AddASN1GeneralizedTime(t)
	}
}

func addExt(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, critical bool, value func(*cryptobyte.Builder)) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if critical {
			b.AddASN1Boolean(true)
		}
		b.AddASN1(cbasn1.OCTET_STRING, value)
	})
}

// addKeyUsage writes the keyUsage BIT STRING (bit 0 = digitalSignature is
// the most significant bit of the first byte), DER: no trailing zero bits.
func addKeyUsage(b *cryptobyte.Builder, ku x509.KeyUsage) {
	var bits [2]byte
	last := -1
	for i := 0; i < 9; i++ {
		if ku&(1<<i) != 0 {
			bits[i/8] |= 0x80 >> (i % 8)
			last = i
		}
	}
	n := last/8 + 1
	unused := 7 - last%8
	b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) {
		b.AddUint8(uint8(unused))
		b.AddBytes(bits[:n])
	})
}

// MarshalName encodes the single-valued fields of n as a DER Name, one
// attribute per RDN, in the order and with the string types of qualified
// certificates (Приказ ФСБ № 795): ИНН/ОГРН/СНИЛС as NumericString, C as
// PrintableString, E as IA5String, the rest as UTF8String.
func MarshalName(n Name) ([]byte, error) {
	type av struct {
		oid asn1.ObjectIdentifier
		tag cbasn1.Tag
		v   string
	}
	const numeric, printable, ia5 = cbasn1.Tag(18), cbasn1.PrintableString, cbasn1.IA5String
	list := []av{
		{OIDINNLE, numeric, n.INNLE}, {OIDSNILS, numeric, n.SNILS}, {OIDOGRN, numeric, n.OGRN},
		{OIDOGRNIP, numeric, n.OGRNIP}, {OIDINN, numeric, n.INN}, {OIDEmail, ia5, n.Email},
		{OIDCountry, printable, n.Country}, {OIDProvince, cbasn1.UTF8String, n.Province},
		{OIDLocality, cbasn1.UTF8String, n.Locality}, {OIDStreet, cbasn1.UTF8String, n.Street},
		{OIDOrganization, cbasn1.UTF8String, n.Organization}, {OIDOrganizationalUnit, cbasn1.UTF8String, n.OrganizationalUnit},
		{OIDCommonName, cbasn1.UTF8String, n.CommonName}, {OIDTitle, cbasn1.UTF8String, n.Title},
		{OIDSurname, cbasn1.UTF8String, n.Surname}, {OIDGivenName, cbasn1.UTF8String, n.GivenName},
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, a := range list {
			if a.v == "" {
				continue
			}
			if a.tag == numeric && !allDigits(a.v) {
				b.SetError(newError(CodeIssue, nil, "%s: только цифры: %q", AttributeLabel(a.oid), a.v))
				return
			}
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(a.oid)
					b.AddASN1(a.tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(a.v)) })
				})
			})
		}
	})
	out, err := b.Bytes()
	if err != nil {
		if e, ok := err.(*Error); ok {
			return nil, e
		}
		return nil, newError(CodeIssue, err, "имя")
	}
	return out, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
