package pki

import (
	"encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

var oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}

// certsFromPKCS7 returns the certificates of a DER (definite-length)
// PKCS#7/CMS SignedData "certs-only" bundle (.p7b), or ok=false when der
// is not one.
func certsFromPKCS7(der []byte) (certs [][]byte, ok bool) {
	in := cryptobyte.String(der)
	var ci, content, sd, set, encap cryptobyte.String
	var oid asn1.ObjectIdentifier
	var version int
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&oid) || !oid.Equal(oidSignedData) ||
		!ci.ReadASN1(&content, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!content.ReadASN1(&sd, cbasn1.SEQUENCE) || !sd.ReadASN1Integer(&version) ||
		!sd.ReadASN1(&set, cbasn1.SET) || !sd.ReadASN1(&encap, cbasn1.SEQUENCE) {
		return nil, false
	}
	var cs cryptobyte.String
	if !sd.ReadASN1(&cs, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, true
	}
	for !cs.Empty() {
		var c cryptobyte.String
		var tag cbasn1.Tag
		if !cs.ReadAnyASN1Element(&c, &tag) {
			return nil, false
		}
		if tag == cbasn1.SEQUENCE {
			certs = append(certs, c)
		}
	}
	return certs, true
}
