package ens

import (
	"bytes"
	_ "embed"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// DemoMCHD is a synthetic МЧД (no real person): ООО "ПЕСОЧНИЦА" (ИНН
// 7799000005) authorises Бухгалтерова Ёлка Примеровна (ИНН 779900000028)
// with 2_FNS39 and 2_FNS99, valid 2025-01-01 … 2035-12-31.
//
//go:embed demo_mchd.xml
var DemoMCHD []byte

// Demo is the deterministic demo PKI of the sandbox: the same CA, keys and
// certificates in every process (derived from a fixed seed), so that
// `gosctl sandbox` and `gosctl ens login` can agree without files.
// The keys are public knowledge: demo and tests only.
type Demo struct {
	CA    *pki.CA
	Roots *pki.TrustStore
	// Operator is ООО "ПЕСОЧНИЦА" (ИНН 7799000005), a registered operator
	// with a consent 21001 from 779900000028.
	Operator *ens.KeySigner
	// Representative is the МЧД representative (ИНН 779900000028).
	Representative *ens.KeySigner
	// Director signs the МЧД for the company (ИНН 779900000109).
	Director *ens.KeySigner
	// MCHDSignature is the Director's detached signature of DemoMCHD.
	MCHDSignature []byte
}

// NewDemo derives the demo PKI.
func NewDemo() (*Demo, error) {
	rnd := rand.NewChaCha8([32]byte([]byte("gosdesk ENS sandbox demo PKI v1.")))
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2035, 12, 31, 0, 0, 0, 0, time.UTC)
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "gosdesk ENS sandbox CA", Organization: "gosdesk"},
		NotBefore: from, NotAfter: until}, gost3410.CurveTC26256A, rnd)
	if err != nil {
		return nil, err
	}
	d := &Demo{CA: ca, Roots: pki.NewTrustStore(ca.Certificate)}
	issue := func(n pki.Name) (*ens.KeySigner, error) {
		if err := pki.CheckIdentifiers(n); err != nil {
			return nil, err
		}
		c, k, err := ca.IssueKey(pki.Template{Subject: n, NotBefore: from, NotAfter: until}, gost3410.CurveTC26256A)
		if err != nil {
			return nil, err
		}
		return &ens.KeySigner{Key: k, Cert: c}, nil
	}
	if d.Operator, err = issue(pki.Name{CommonName: `ООО "ПЕСОЧНИЦА"`, Organization: `ООО "ПЕСОЧНИЦА"`,
		INN: "007799000005", INNLE: "7799000005", OGRN: "1027700000019"}); err != nil {
		return nil, err
	}
	if d.Representative, err = issue(pki.Name{CommonName: "Бухгалтерова Ёлка Примеровна", Surname: "Бухгалтерова",
		GivenName: "Ёлка Примеровна", INN: "779900000028", SNILS: "00000000100"}); err != nil {
		return nil, err
	}
	if d.Director, err = issue(pki.Name{CommonName: "Директоров Тест Тестович", Surname: "Директоров",
		GivenName: "Тест Тестович", Title: "ДИРЕКТОР", INN: "779900000109", SNILS: "11223344595"}); err != nil {
		return nil, err
	}
	if d.MCHDSignature, err = cms.Sign(bytes.NewReader(DemoMCHD), d.Director.Key, d.Director.Cert, &cms.SignOptions{SigningTime: from.AddDate(0, 0, 1)}); err != nil {
		return nil, err
	}
	return d, nil
}

// Options returns sandbox options for the demo: the given profile (nil:
// default) and clock (nil: real time), GOST verification against the demo
// CA, the demo operator registered, and consents 21001 to it from
// 779900000028 (valid through 2035) and 7799000012 (expired in 2025).
func (d *Demo) Options(p *ens.Profile, clock Clock) Options {
	if p == nil {
		p = ens.DefaultProfile()
	}
	if clock == nil {
		clock = realClock{}
	}
	return Options{
		Profile:   p,
		Clock:     clock,
		Verifier:  NewGostVerifier(d.Roots, clock, p.INNOIDs),
		Operators: []string{"7799000005"},
		Consents: []Consent{
			{Taxpayer: "779900000028", Operator: "7799000005", Code: "21001", From: ens.MakeDate(2025, 1, 1), To: ens.MakeDate(2035, 12, 31)},
			{Taxpayer: "7799000012", Operator: "7799000005", Code: "21001", From: ens.MakeDate(2025, 1, 1), To: ens.MakeDate(2025, 12, 31)},
		},
	}
}

// Mounter is what the shared ЕСИА/ЕПГУ sandbox server offers
// (core/sandbox.Server.Mount).
type Mounter interface {
	Mount(pattern string, h http.Handler)
}

// MountDemo serves the demo ENS emulator under the default profile on a
// shared sandbox server (trusting that server's test CA when it has a
// TestCA() []byte method, as core/sandbox.Server does), with that server's clock, so that `gosctl
// sandbox` and the app's embedded sandbox answer API ЕНС on the same
// address as ЕСИА and API ЕПГУ.
func MountDemo(m Mounter, clock Clock) (*Server, error) {
	d, err := NewDemo()
	if err != nil {
		return nil, err
	}
	// Trust the CA of the shared sandbox as well, so that the employee key
	// `gosctl sandbox` prints (its ИНН ЮЛ is the operator 7799000005) signs
	// in to this API ЕНС too (issue 13, item 17).
	if t, ok := m.(interface{ TestCA() []byte }); ok {
		if der := t.TestCA(); der != nil {
			ca, err := pki.ParseCertificate(der)
			if err != nil {
				return nil, err
			}
			d.Roots.AddRoots(ca)
		}
	}
	s := NewServer(d.Options(nil, clock))
	for _, p := range s.Patterns() {
		m.Mount(p, s)
	}
	return s, nil
}
