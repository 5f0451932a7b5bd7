package keystore

import (
	"context"
	"crypto"
	"io"
	"os"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/keystore/csp"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/keystore/wincrypt"
	"github.com/gosdesk/gosdesk/core/pki"
)

// SignCMS makes a CAdES-BES signature of content with s: in process with
// core/cms for in-memory keys, through the external tool for CSP and
// Windows keys (opts.Attached is honoured by both; the other options only
// by core/cms).
func SignCMS(ctx context.Context, s Signer, content io.Reader, opts *cms.SignOptions) ([]byte, error) {
	if opts == nil {
		opts = &cms.SignOptions{}
	}
	if ms, ok := s.(MessageSigner); ok {
		return ms.SignMessage(ctx, content, opts.Attached)
	}
	if s.Certificate() == nil {
		return nil, kserr.New(kserr.CodeNoCertificate, nil, "")
	}
	return cms.Sign(content, s, s.Certificate(), opts)
}

// externalSigner is the part shared by CSP and Windows signers.
type externalSigner struct{ entry *Entry }

func (x *externalSigner) Entry() *Entry                 { return x.entry }
func (x *externalSigner) Certificate() *pki.Certificate { return x.entry.Certificate }
func (x *externalSigner) Public() crypto.PublicKey {
	if x.entry.Certificate == nil {
		return nil
	}
	pub, err := x.entry.Certificate.PublicKey()
	if err != nil {
		return nil
	}
	return pub
}

// Sign is not available: the key never leaves the CSP.
func (x *externalSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, kserr.New(kserr.CodeNotSupportedHere, nil, "подпись хэша ключом %s: используйте SignCMS", x.entry.Source)
}

// cspSigner signs with CryptoPro CSP's cryptcp/csptest.
type cspSigner struct {
	externalSigner
	store *Store
}

func newCSPSigner(s *Store, e *Entry) *cspSigner {
	return &cspSigner{externalSigner{e}, s}
}

// SignMessage implements MessageSigner. The PIN is first left to CSP (no
// PIN, or a remembered one), then asked through the Store's prompt when
// CSP reports a wrong or missing PIN.
func (c *cspSigner) SignMessage(ctx context.Context, content io.Reader, attached bool) ([]byte, error) {
	f, err := os.CreateTemp("", "gosdesk-sign-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, content); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return withPIN(ctx, c.entry, c.store.Prompt, c.store.Cache, c.store.MaxAttempts, false, func(pin string) ([]byte, error) {
		return c.store.CSP.Sign(ctx, c.entry.ID, f.Name(), csp.SignOptions{Attached: attached, PIN: pin})
	})
}

// windowsSigner signs with CryptoAPI's CryptSignMessage.
type windowsSigner struct{ externalSigner }

// SignMessage implements MessageSigner (the content is read into memory,
// as CryptSignMessage needs it).
func (w *windowsSigner) SignMessage(ctx context.Context, content io.Reader, attached bool) ([]byte, error) {
	if w.entry.Certificate == nil {
		return nil, kserr.New(kserr.CodeNoCertificate, nil, "")
	}
	data, err := io.ReadAll(content)
	if err != nil {
		return nil, err
	}
	return wincrypt.SignMessage(w.entry.Certificate.Raw, data, !attached, time.Now())
}
