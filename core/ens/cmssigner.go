package ens

import (
	"bytes"
	"context"
	"crypto"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/pki"
)

// KeySigner is a Signer over a private key held by this process (a GOST
// key from a container, or a crypto.Signer bridge to a token), signing with
// core/cms: CAdES-BES as CryptoPro writes it, with the signer's certificate
// only (no chain), as API ЕНС requires.
type KeySigner struct {
	Key  crypto.Signer // *gost3410.PrivateKey or a bridge
	Cert *pki.Certificate
}

// SignCAdES implements Signer.
func (s *KeySigner) SignCAdES(ctx context.Context, content []byte, attached bool) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return cms.Sign(bytes.NewReader(content), s.Key, s.Cert, &cms.SignOptions{Attached: attached})
}

// CertificateDER implements Signer.
func (s *KeySigner) CertificateDER() []byte { return s.Cert.Raw }
