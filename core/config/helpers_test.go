package config

import (
	"encoding/pem"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
)

// pemOf writes key the way core/sandbox writes its test keys.
func pemOf(k *gost3410.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: SandboxKeyPEMType, Headers: map[string]string{"Curve": k.Curve.Name}, Bytes: k.Raw()})
}
