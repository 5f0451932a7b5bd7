package pki

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TrustStore is a set of trusted root certificates (e.g. a folder of CA
// certificates plus the sandbox test CA) and, optionally, known
// intermediate CA certificates.
type TrustStore struct {
	roots         []*Certificate
	intermediates []*Certificate
}

// NewTrustStore returns a store trusting roots.
func NewTrustStore(roots ...*Certificate) *TrustStore {
	return &TrustStore{roots: append([]*Certificate{}, roots...)}
}

// AddRoots trusts more certificates.
func (s *TrustStore) AddRoots(certs ...*Certificate) { s.roots = append(s.roots, certs...) }

// AddIntermediates adds CA certificates used to build chains without
// trusting them.
func (s *TrustStore) AddIntermediates(certs ...*Certificate) {
	s.intermediates = append(s.intermediates, certs...)
}

// Roots returns the trusted certificates.
func (s *TrustStore) Roots() []*Certificate { return s.roots }

// LoadDir adds every certificate file (.cer .crt .der .pem .p7b .p7c) of dir:
// self-signed certificates become roots, the others intermediates. Files
// that are not certificates are skipped and reported in the returned error
// list only when nothing could be loaded.
func (s *TrustStore) LoadDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	loaded := 0
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".cer" && ext != ".crt" && ext != ".der" && ext != ".pem" && ext != ".p7b" && ext != ".p7c") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		certs, err := ParseCertificates(data)
		if err != nil {
			errs = append(errs, newError(CodeMalformed, err, "%s", e.Name()))
			continue
		}
		for _, c := range certs {
			if c.SelfSigned() {
				s.roots = append(s.roots, c)
			} else {
				s.intermediates = append(s.intermediates, c)
			}
			loaded++
		}
	}
	if loaded == 0 && len(errs) > 0 {
		return errors.Join(errs...)
	}
	return nil
}

// VerifyOptions are the inputs of TrustStore.Verify.
type VerifyOptions struct {
	// Intermediates are extra certificates to build the chain from (e.g.
	// the ones inside a signature).
	Intermediates []*Certificate
	// Time is when CA certificates must be valid; zero means now.
	Time time.Time
}

const maxChainLen = 10

// Verify builds a chain from c to a trusted root, checking every GOST
// signature on the way and the validity period and CA status of every
// issuer. It returns the chain (c first, the root last). c's own validity
// is not checked here (see Certificate.Warnings). Errors match
// ErrUntrusted, ErrBadSignature, ErrUnsupportedAlgorithm, ErrNotCA,
// ErrExpired or ErrNotYetValid.
func (s *TrustStore) Verify(c *Certificate, opts VerifyOptions) ([]*Certificate, error) {
	now := opts.Time
	if now.IsZero() {
		now = time.Now()
	}
	pool := append(append([]*Certificate{}, s.intermediates...), opts.Intermediates...)
	var firstErr error
	chain, err := s.build([]*Certificate{c}, pool, now)
	if chain != nil {
		return chain, nil
	}
	firstErr = err
	if firstErr == nil {
		firstErr = newError(CodeUntrusted, nil, "%s", c.Issuer.CommonName)
	}
	return nil, firstErr
}

func (s *TrustStore) isRoot(c *Certificate) bool {
	for _, r := range s.roots {
		if bytes.Equal(r.Raw, c.Raw) {
			return true
		}
	}
	return false
}

// build extends chain (whose last element is not yet trusted) depth-first.
// It returns the first specific error met when no chain is found.
func (s *TrustStore) build(chain []*Certificate, pool []*Certificate, now time.Time) ([]*Certificate, error) {
	cur := chain[len(chain)-1]
	if s.isRoot(cur) {
		return chain, nil
	}
	if len(chain) > maxChainLen {
		return nil, nil
	}
	var firstErr error
	candidates := append(append([]*Certificate{}, s.roots...), pool...)
	for _, issuer := range candidates {
		if !bytes.Equal(issuer.X509.RawSubject, cur.X509.RawIssuer) || contains(chain, issuer) {
			continue
		}
		if len(cur.X509.AuthorityKeyId) > 0 && len(issuer.X509.SubjectKeyId) > 0 &&
			!bytes.Equal(cur.X509.AuthorityKeyId, issuer.X509.SubjectKeyId) {
			continue
		}
		err := cur.CheckSignatureFrom(issuer)
		if err == nil {
			err = checkCA(issuer, now)
		}
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if got, err := s.build(append(chain[:len(chain):len(chain)], issuer), pool, now); got != nil {
			return got, nil
		} else if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

func contains(list []*Certificate, c *Certificate) bool {
	for _, x := range list {
		if bytes.Equal(x.Raw, c.Raw) {
			return true
		}
	}
	return false
}

func checkCA(ca *Certificate, now time.Time) error {
	x := ca.X509
	if x.BasicConstraintsValid && !x.IsCA {
		return newError(CodeNotCA, nil, "%s", ca.Subject.CommonName)
	}
	if x.KeyUsage != 0 && x.KeyUsage&(1<<5) == 0 { // keyCertSign
		return newError(CodeNotCA, nil, "%s: нет keyCertSign", ca.Subject.CommonName)
	}
	return ca.CheckValidity(now)
}

// ChainWarning turns an error of TrustStore.Verify into a certificate
// warning.
func ChainWarning(err error) Warning {
	if errors.Is(err, ErrUntrusted) {
		return Warning{Code: WarnUntrusted, Detail: err.(*Error).Detail}
	}
	return Warning{Code: WarnBadChain, Detail: err.Error()}
}
