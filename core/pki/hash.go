package pki

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/asn1"
	"hash"

	"github.com/gosdesk/gosdesk/core/gost/gost341194"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

var (
	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

// NewHash returns the hash function for a digest algorithm OID: Streebog-256
// and -512, GOST R 34.11-94 with the CryptoPro parameters, SHA-1, SHA-256.
func NewHash(oid asn1.ObjectIdentifier) (hash.Hash, bool) {
	switch {
	case oid.Equal(OIDStreebog256):
		return streebog.New256(), true
	case oid.Equal(OIDStreebog512):
		return streebog.New512(), true
	case oid.Equal(OIDGostR3411_94):
		return gost341194.NewCryptoPro(), true
	case oid.Equal(oidSHA1):
		return sha1.New(), true
	case oid.Equal(oidSHA256):
		return sha256.New(), true
	}
	return nil, false
}

// Streebog256 returns the Streebog-256 hash of data (used for certificate
// hashes in signingCertificateV2).
func Streebog256(data []byte) [32]byte { return streebog.Sum256(data) }
