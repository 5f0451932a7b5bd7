package pki

import (
	"encoding/asn1"
	"fmt"
	"strings"

	"crypto/x509/pkix"
)

// Name is a distinguished name with the attributes of Russian qualified
// certificates decoded. Single-valued fields hold the first occurrence;
// Attributes keeps everything in encoding order.
type Name struct {
	CommonName         string // CN 2.5.4.3
	Surname            string // SN 2.5.4.4
	GivenName          string // G 2.5.4.42 (имя и отчество)
	Title              string // T 2.5.4.12
	Organization       string // O 2.5.4.10
	OrganizationalUnit string // OU 2.5.4.11
	Locality           string // L 2.5.4.7
	Province           string // ST 2.5.4.8
	Street             string // STREET 2.5.4.9
	Country            string // C 2.5.4.6
	Email              string // E 1.2.840.113549.1.9.1

	INN    string // ИНН 1.2.643.3.131.1.1 (12 digits; legal entities: "00" + 10)
	INNLE  string // ИНН ЮЛ 1.2.643.100.4
	OGRN   string // ОГРН 1.2.643.100.1
	OGRNIP string // ОГРНИП 1.2.643.100.5
	SNILS  string // СНИЛС 1.2.643.100.3

	Attributes []NameAttribute
	Raw        []byte // DER of the Name
}

// NameAttribute is one attribute of a Name with its value as text.
type NameAttribute struct {
	Type  asn1.ObjectIdentifier
	Value string
}

var attrLabels = []struct {
	oid   asn1.ObjectIdentifier
	label string
}{
	{OIDCommonName, "CN"}, {OIDSurname, "SN"}, {OIDGivenName, "G"}, {OIDTitle, "T"},
	{OIDOrganization, "O"}, {OIDOrganizationalUnit, "OU"}, {OIDLocality, "L"},
	{OIDProvince, "S"}, {OIDStreet, "STREET"}, {OIDCountry, "C"}, {OIDEmail, "E"},
	{OIDINN, "INN"}, {OIDINNLE, "INNLE"}, {OIDOGRN, "OGRN"}, {OIDOGRNIP, "OGRNIP"},
	{OIDSNILS, "SNILS"}, {OIDSerialNumber, "SERIALNUMBER"},
}

// AttributeLabel returns the short label CryptoPro tools print for an
// attribute type (CN, SN, G, INN, SNILS, ...) or the dotted OID.
func AttributeLabel(oid asn1.ObjectIdentifier) string {
	for _, l := range attrLabels {
		if l.oid.Equal(oid) {
			return l.label
		}
	}
	return oid.String()
}

// ParseName decodes a DER Name (RDNSequence).
func ParseName(der []byte) (Name, error) {
	var rdns pkix.RDNSequence
	rest, err := asn1.Unmarshal(der, &rdns)
	if err != nil || len(rest) != 0 {
		return Name{}, newError(CodeMalformed, err, "имя (Name)")
	}
	n := Name{Raw: append([]byte(nil), der...)}
	for _, rdn := range rdns {
		for _, atv := range rdn {
			v, ok := atv.Value.(string)
			if !ok {
				v = fmt.Sprint(atv.Value)
			}
			n.Attributes = append(n.Attributes, NameAttribute{Type: atv.Type, Value: v})
			if f := n.field(atv.Type); f != nil && *f == "" {
				*f = v
			}
		}
	}
	return n, nil
}

func (n *Name) field(oid asn1.ObjectIdentifier) *string {
	switch {
	case oid.Equal(OIDCommonName):
		return &n.CommonName
	case oid.Equal(OIDSurname):
		return &n.Surname
	case oid.Equal(OIDGivenName):
		return &n.GivenName
	case oid.Equal(OIDTitle):
		return &n.Title
	case oid.Equal(OIDOrganization):
		return &n.Organization
	case oid.Equal(OIDOrganizationalUnit):
		return &n.OrganizationalUnit
	case oid.Equal(OIDLocality):
		return &n.Locality
	case oid.Equal(OIDProvince):
		return &n.Province
	case oid.Equal(OIDStreet):
		return &n.Street
	case oid.Equal(OIDCountry):
		return &n.Country
	case oid.Equal(OIDEmail):
		return &n.Email
	case oid.Equal(OIDINN):
		return &n.INN
	case oid.Equal(OIDINNLE):
		return &n.INNLE
	case oid.Equal(OIDOGRN):
		return &n.OGRN
	case oid.Equal(OIDOGRNIP):
		return &n.OGRNIP
	case oid.Equal(OIDSNILS):
		return &n.SNILS
	}
	return nil
}

// String returns the name as "LABEL=value, ..." in encoding order, the way
// certmgr prints it.
func (n Name) String() string {
	parts := make([]string, len(n.Attributes))
	for i, a := range n.Attributes {
		parts[i] = AttributeLabel(a.Type) + "=" + a.Value
	}
	return strings.Join(parts, ", ")
}

// PersonName returns "Surname GivenName" when both are present, else the CN.
func (n Name) PersonName() string {
	if n.Surname != "" && n.GivenName != "" {
		return n.Surname + " " + n.GivenName
	}
	return n.CommonName
}

// OrganizationINN returns the organisation's ИНН: ИНН ЮЛ when present, else
// a 12-digit ИНН with the "00" padding legal entities use, stripped.
func (n Name) OrganizationINN() string {
	if n.INNLE != "" {
		return n.INNLE
	}
	if len(n.INN) == 12 && strings.HasPrefix(n.INN, "00") {
		return n.INN[2:]
	}
	return ""
}
