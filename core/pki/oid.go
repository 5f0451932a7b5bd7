package pki

import "encoding/asn1"

// Object identifiers used by GOST certificates.
var (
	// Public-key algorithms.
	OIDPublicKeyGost2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	OIDPublicKeyGost2012_512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	OIDPublicKeyGost2001     = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	OIDAgreementGost2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 1}
	OIDAgreementGost2012_512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 6, 2}
	OIDAgreementGost2001     = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 98}

	// Digests.
	OIDStreebog256  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDStreebog512  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	OIDGostR3411_94 = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	// OIDGostR3411_94CryptoProParams is the CryptoPro parameter set of
	// GOST R 34.11-94, the "digest" parameter of 2001 keys.
	OIDGostR3411_94CryptoProParams = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 1}

	// Certificate signature algorithms.
	OIDSignWithStreebog256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	OIDSignWithStreebog512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}
	OIDSignGost2001With94  = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 3}

	// Qualified-certificate subject attributes.
	OIDINN    = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}
	OIDINNLE  = asn1.ObjectIdentifier{1, 2, 643, 100, 4}
	OIDOGRN   = asn1.ObjectIdentifier{1, 2, 643, 100, 1}
	OIDOGRNIP = asn1.ObjectIdentifier{1, 2, 643, 100, 5}
	OIDSNILS  = asn1.ObjectIdentifier{1, 2, 643, 100, 3}

	// X.520 / PKCS#9 attributes.
	OIDCommonName         = asn1.ObjectIdentifier{2, 5, 4, 3}
	OIDSurname            = asn1.ObjectIdentifier{2, 5, 4, 4}
	OIDSerialNumber       = asn1.ObjectIdentifier{2, 5, 4, 5}
	OIDCountry            = asn1.ObjectIdentifier{2, 5, 4, 6}
	OIDLocality           = asn1.ObjectIdentifier{2, 5, 4, 7}
	OIDProvince           = asn1.ObjectIdentifier{2, 5, 4, 8}
	OIDStreet             = asn1.ObjectIdentifier{2, 5, 4, 9}
	OIDOrganization       = asn1.ObjectIdentifier{2, 5, 4, 10}
	OIDOrganizationalUnit = asn1.ObjectIdentifier{2, 5, 4, 11}
	OIDTitle              = asn1.ObjectIdentifier{2, 5, 4, 12}
	OIDGivenName          = asn1.ObjectIdentifier{2, 5, 4, 42}
	OIDEmail              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

	// Extensions specific to Russian qualified certificates.
	OIDSubjectSignTool = asn1.ObjectIdentifier{1, 2, 643, 100, 111}
	OIDIssuerSignTool  = asn1.ObjectIdentifier{1, 2, 643, 100, 112}
)
