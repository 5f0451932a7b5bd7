// Package keystore is where signing keys come from: CryptoPro key
// containers on disk, PFX and PEM files, CryptoPro CSP through its command
// line tools, and (on Windows) the CryptoAPI "MY" store.
//
// A Store lists the certificates of every source as Entries, each saying
// where it lives and whether a PIN is needed. Store.Open asks the PIN
// through a callback (the GUI shows a dialog, the CLI reads an environment
// variable), optionally remembers it in the OS keyring, and returns a
// Signer: a crypto.Signer with its certificate, ready for core/cms. Keys
// held by CSP or Windows cannot sign a bare digest; their Signer also
// implements MessageSigner, and SignCMS picks the right path.
//
// Errors are *kserr.Error values (Russian Error(), English English());
// compare with errors.Is(err, keystore.ErrWrongPIN) and friends.
package keystore

import (
	"context"
	"crypto"
	"io"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/pki"
)

// Error sentinels (see package kserr).
var (
	ErrMalformed        = kserr.ErrMalformed
	ErrWrongPIN         = kserr.ErrWrongPIN
	ErrWrongPassword    = kserr.ErrWrongPassword
	ErrUnsupported      = kserr.ErrUnsupported
	ErrUnknownCurve     = kserr.ErrUnknownCurve
	ErrKeyMismatch      = kserr.ErrKeyMismatch
	ErrNoPrivateKey     = kserr.ErrNoPrivateKey
	ErrNoCertificate    = kserr.ErrNoCertificate
	ErrNotFound         = kserr.ErrNotFound
	ErrPINCancelled     = kserr.ErrPINCancelled
	ErrCSPNotInstalled  = kserr.ErrCSPNotInstalled
	ErrCSPFailed        = kserr.ErrCSPFailed
	ErrNotSupportedHere = kserr.ErrNotSupportedHere
)

// Error is the error type of the key store.
type Error = kserr.Error

// SourceKind says where a key lives.
type SourceKind string

// Source kinds.
const (
	SourceContainer SourceKind = "container" // CryptoPro container folder (xxxxxxxx.000)
	SourcePFX       SourceKind = "pfx"       // PKCS#12 file
	SourcePEM       SourceKind = "pem"       // PEM/PKCS#8 key file (+ certificate)
	SourceCSP       SourceKind = "csp"       // CryptoPro CSP via certmgr/cryptcp/csptest
	SourceWindows   SourceKind = "windows"   // Windows CryptoAPI "MY" store
)

// Entry is one certificate a Store found.
type Entry struct {
	// ID is the SHA-1 thumbprint of the certificate, uppercase hex, as
	// CryptoPro shows it.
	ID          string
	Certificate *pki.Certificate
	Source      SourceKind
	// Location is the container folder, the file path, the CSP container
	// name (e.g. `\\.\HDIMAGE\name`) or the Windows store name.
	Location string
	// ContainerName is the CryptoPro container name, when there is one.
	ContainerName string
	// NeedsPIN says that opening the key asks for a PIN (container, CSP)
	// or a password (PFX, encrypted PEM).
	NeedsPIN bool
	// HasPrivateKey is false for certificates CSP lists without a key link.
	HasPrivateKey bool
	// Secondary marks the second key pair of a two-key container.
	Secondary bool
}

// Signer is an opened key with its certificate. Sign follows the CMS
// convention of core/cms: digest is the raw Streebog output, the result
// s||r (see gost3410.PrivateKey.Sign). Signers of CSP and Windows keys
// return ErrNotSupportedHere from Sign and implement MessageSigner.
type Signer interface {
	crypto.Signer
	Certificate() *pki.Certificate
	Entry() *Entry
}

// MessageSigner signs a whole message into a CAdES-BES SignedData with an
// external tool (CryptoPro CSP, CryptoAPI).
type MessageSigner interface {
	SignMessage(ctx context.Context, content io.Reader, attached bool) ([]byte, error)
}

// softSigner is a key held in memory (container, PFX, PEM).
type softSigner struct {
	key   *gost3410.PrivateKey
	cert  *pki.Certificate
	entry *Entry
}

func (s *softSigner) Public() crypto.PublicKey      { return s.key.Public() }
func (s *softSigner) Certificate() *pki.Certificate { return s.cert }
func (s *softSigner) Entry() *Entry                 { return s.entry }
func (s *softSigner) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return s.key.Sign(rand, digest, opts)
}

// PrivateKey returns the in-memory key of a Signer from a container, PFX or
// PEM source, or nil for CSP/Windows signers.
func PrivateKey(s Signer) *gost3410.PrivateKey {
	if ss, ok := s.(*softSigner); ok {
		return ss.key
	}
	return nil
}

// NewSigner wraps an in-memory key and its certificate, checking that they
// match (ErrKeyMismatch otherwise).
func NewSigner(key *gost3410.PrivateKey, cert *pki.Certificate, e *Entry) (Signer, error) {
	if key == nil {
		return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "")
	}
	if cert == nil {
		return nil, kserr.New(kserr.CodeNoCertificate, nil, "")
	}
	pub, err := cert.PublicKey()
	if err != nil {
		return nil, kserr.New(kserr.CodeUnsupported, err, "certificate")
	}
	if !pub.Equal(key.PublicKey()) {
		return nil, kserr.New(kserr.CodeKeyMismatch, nil, "")
	}
	if e == nil {
		e = &Entry{ID: cert.Thumbprint(), Certificate: cert, HasPrivateKey: true}
	}
	return &softSigner{key: key, cert: cert, entry: e}, nil
}
