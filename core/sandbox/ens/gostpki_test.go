package ens_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// gostPKI is the scenarios' PKI, issued with core/pki: a sandbox CA, an
// untrusted CA and end-entity certificates; signatures come from core/cms.
type gostPKI struct {
	ca, other *pki.CA
	roots     *pki.TrustStore
	signers   map[string]*ens.KeySigner
	ossl      *testPKI // for the RSA certificate
}

var (
	gpOnce sync.Once
	gpVal  *gostPKI
	gpErr  error
)

func getPKI(t testing.TB) *gostPKI {
	t.Helper()
	ossl := getOpenSSLPKI(t)
	gpOnce.Do(func() { gpVal, gpErr = buildGostPKI(ossl) })
	if gpErr != nil {
		t.Fatal(gpErr)
	}
	return gpVal
}

func buildGostPKI(ossl *testPKI) (*gostPKI, error) {
	now := time.Now().Add(-time.Hour)
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "ENS Sandbox CA", Organization: "gosdesk"}, NotBefore: now}, nil, nil)
	if err != nil {
		return nil, err
	}
	other, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Other CA"}, NotBefore: now}, nil, nil)
	if err != nil {
		return nil, err
	}
	p := &gostPKI{ca: ca, other: other, roots: pki.NewTrustStore(ca.Certificate), signers: map[string]*ens.KeySigner{}, ossl: ossl}
	leaves := []struct {
		name string
		ca   *pki.CA
		subj pki.Name
	}{
		{"operator", ca, pki.Name{CommonName: "ООО ПЕСОЧНИЦА", Organization: "ООО ПЕСОЧНИЦА", INN: "007799000005", INNLE: "7799000005", OGRN: "1027700000019"}},
		{"unregistered", ca, pki.Name{CommonName: "АО ТЕСТОВЫЙ КОНТУР", Organization: "АО ТЕСТОВЫЙ КОНТУР", INN: "007799000012", INNLE: "7799000012"}},
		{"representative", ca, pki.Name{CommonName: "Бухгалтерова Ёлка Примеровна", Surname: "Бухгалтерова", GivenName: "Ёлка Примеровна", INN: "779900000028", SNILS: "00000000100"}},
		{"director", ca, pki.Name{CommonName: "Директоров Тест Тестович", Surname: "Директоров", GivenName: "Тест Тестович", INN: "779900000109", SNILS: "11223344595"}},
		{"stranger", ca, pki.Name{CommonName: "Посторонний Иван", Surname: "Посторонний", GivenName: "Иван Иванович", INN: "779900000109"}},
		{"noinn", ca, pki.Name{CommonName: "Без ИНН", Organization: "ООО ПЕСОЧНИЦА"}},
		{"untrusted", other, pki.Name{CommonName: "ООО ПЕСОЧНИЦА", INN: "007799000005", INNLE: "7799000005"}},
	}
	for _, l := range leaves {
		c, k, err := l.ca.IssueKey(pki.Template{Subject: l.subj, NotBefore: now}, gost3410.CurveTC26256A)
		if err != nil {
			return nil, err
		}
		p.signers[l.name] = &ens.KeySigner{Key: k, Cert: c}
	}
	return p, nil
}

// signer returns a test identity's signer; "rsa" comes from OpenSSL.
func (p *gostPKI) signer(name string) ens.Signer {
	if name == "rsa" {
		return p.ossl.cert("rsa")
	}
	return p.signers[name]
}

// withCA signs like name but also puts the CA certificate in the signature.
func (p *gostPKI) withCA(name string) ens.Signer {
	s := p.signers[name]
	return signerFunc{s, func(_ context.Context, c []byte, a bool) ([]byte, error) {
		return cms.Sign(bytes.NewReader(c), s.Key, s.Cert, &cms.SignOptions{Attached: a, Chain: []*pki.Certificate{p.ca.Certificate}})
	}}
}
