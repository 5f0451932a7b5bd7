package ens

import (
	"encoding/asn1"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
)

// Subject attribute OIDs of Russian qualified certificates.
var (
	OIDINN   = pki.OIDINN   // ИНН, 12 digits ("00" + 10 for organisations)
	OIDINNLE = pki.OIDINNLE // ИНН ЮЛ, 10 digits
)

// CertIdentity is what API ЕНС needs to know about a signing certificate.
type CertIdentity struct {
	// INN is the ИНН chosen by the profile's INNOIDs (10 or 12 digits;
	// the "00" prefix of an organisation's ИНН in the INN attribute is
	// removed). Empty when the certificate carries none.
	INN string
	// INNLE and PersonalINN are the organisation's and the person's ИНН as
	// written (PersonalINN only when it is a 12-digit personal one).
	INNLE, PersonalINN  string
	OGRN, OGRNIP, SNILS string
	Surname, GivenName  string // ФИО parts (GivenName = имя и отчество)
	CommonName, Org     string
	NotBefore, NotAfter time.Time
	// Gost256 reports a GOST R 34.10-2012 256-bit public key.
	Gost256    bool
	Thumbprint string // SHA-1 hex, as Windows shows it
	Cert       *pki.Certificate
}

// IdentifyCertificate parses a DER certificate and picks its ИНН by the
// given attribute OIDs (dotted), in order.
func IdentifyCertificate(der []byte, innOIDs []string) (*CertIdentity, error) {
	c, err := pki.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	s := c.Subject
	id := &CertIdentity{
		INNLE: s.INNLE, OGRN: s.OGRN, OGRNIP: s.OGRNIP, SNILS: s.SNILS,
		Surname: s.Surname, GivenName: s.GivenName, CommonName: s.CommonName, Org: s.Organization,
		NotBefore: c.NotBefore, NotAfter: c.NotAfter,
		Gost256:    c.PublicKeyInfo != nil && c.PublicKeyInfo.Algorithm.Equal(pki.OIDPublicKeyGost2012_256),
		Thumbprint: c.Thumbprint(),
		Cert:       c,
	}
	if len(s.INN) == 12 && !strings.HasPrefix(s.INN, "00") {
		id.PersonalINN = s.INN
	}
	for _, o := range innOIDs {
		for _, a := range s.Attributes {
			if a.Type.String() != o || a.Value == "" {
				continue
			}
			v := strings.TrimSpace(a.Value)
			if len(v) == 12 && strings.HasPrefix(v, "00") {
				v = v[2:]
			}
			id.INN = v
			return id, nil
		}
	}
	return id, nil
}

// Ensure the OIDs are the expected type for callers.
var _ asn1.ObjectIdentifier = OIDINN
