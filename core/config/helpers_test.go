package config

import (
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
)

// pemOf writes key as a PKCS#8 PEM, the way core/sandbox writes its test keys.
func pemOf(k *gost3410.PrivateKey) []byte {
	b, err := pkcs8.EncodePEM(k, "", nil)
	if err != nil {
		panic(err)
	}
	return b
}
