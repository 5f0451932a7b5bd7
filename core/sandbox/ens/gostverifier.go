package ens

import (
	"bytes"
	"errors"
	"io"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/pki"
)

// GostChecker checks signatures with core/cms and chains with core/pki. It
// implements SignatureChecker and ChainChecker.
type GostChecker struct {
	Roots *pki.TrustStore
	// Now is when CA certificates must be valid (default time.Now); the
	// sandbox passes its clock.
	Now func() time.Time
}

// CheckSignature implements SignatureChecker.
func (g *GostChecker) CheckSignature(sig, content []byte) error {
	var r io.Reader
	if content != nil {
		r = bytes.NewReader(content)
	}
	res, err := cms.Verify(sig, r)
	if err != nil {
		return err
	}
	if !res.Valid() {
		return res.Err()
	}
	return nil
}

// CheckChain implements ChainChecker: the certificate chains to Roots.
func (g *GostChecker) CheckChain(der []byte) error {
	if g.Roots == nil {
		return errors.New("sandbox: no trusted CA configured")
	}
	c, err := pki.ParseCertificate(der)
	if err != nil {
		return err
	}
	var now time.Time
	if g.Now != nil {
		now = g.Now()
	}
	_, err = g.Roots.Verify(c, pki.VerifyOptions{Time: now})
	return err
}

// NewGostVerifier is the production-grade Verifier of the sandbox: the
// structure parsed here, GOST signatures verified by core/cms, chains to
// roots checked by core/pki at clock's time (nil: real time).
func NewGostVerifier(roots *pki.TrustStore, clock Clock, innOIDs []string) *CMSVerifier {
	g := &GostChecker{Roots: roots}
	if clock != nil {
		g.Now = clock.Now
	}
	return &CMSVerifier{Signature: g, Chain: g, INNOIDs: innOIDs}
}
