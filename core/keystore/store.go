package keystore

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/csp"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/keystore/pfx"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/keystore/wincrypt"
	"github.com/gosdesk/gosdesk/core/pki"
)

// Store lists certificates from every configured source and opens their
// keys. The zero value lists nothing: set the sources you want, or use
// NewStore for the usual defaults.
type Store struct {
	// ContainerRoots are folders searched for CryptoPro containers (a
	// folder that is itself a container counts too).
	ContainerRoots []string
	// Files are PFX (.pfx/.p12) and PEM (.pem/.key) files the user added.
	Files []string
	// CSP, when set and installed, lists certmgr's uMy store.
	CSP *csp.Client
	// Windows includes the CryptoAPI MY store (Windows only).
	Windows bool
	// Prompt asks for PINs and passwords; nil means "no PIN" only.
	Prompt PINPrompt
	// Cache remembers PINs in the OS keyring; nil disables it.
	Cache *PINCache
	// MaxAttempts bounds the prompts per Open (3 when 0).
	MaxAttempts int
	// ListPasswords lets List ask Prompt for the password of a PFX or an
	// encrypted PEM whose certificate cannot be read without it (gosctl
	// certs list --pin-env); otherwise such entries are listed without a
	// certificate and NeedsPIN set.
	ListPasswords bool
}

// NewStore returns a Store over the default container roots
// (container.DefaultRoots), CryptoPro CSP when installed, the Windows MY
// store on Windows, and the OS keyring for remembered PINs.
func NewStore(prompt PINPrompt) *Store {
	s := &Store{
		ContainerRoots: container.DefaultRoots(),
		Windows:        wincrypt.Available(),
		Prompt:         prompt,
		Cache:          &PINCache{},
	}
	if c := csp.New(); c.Installed() {
		s.CSP = c
	}
	return s
}

// List returns every certificate found, sorted by source and location,
// and the problems met on the way (an unreadable file does not stop the
// listing). Entries from a PFX or encrypted PEM that need a password
// before their certificate can be read have a nil Certificate and an
// empty ID.
func (s *Store) List(ctx context.Context) ([]*Entry, []error) {
	var out []*Entry
	var errs []error
	for _, dir := range container.Find(s.ContainerRoots...) {
		e, err := containerEntries(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, e...)
	}
	for _, f := range s.Files {
		e, err := s.fileEntries(ctx, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, e...)
	}
	if s.CSP != nil {
		e, err := s.cspEntries(ctx)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, e...)
	}
	if s.Windows {
		e, err := windowsEntries()
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, e...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Location < out[j].Location
	})
	return out, errs
}

func containerEntries(dir string) ([]*Entry, error) {
	c, err := container.Open(dir)
	if err != nil {
		return nil, err
	}
	var out []*Entry
	add := func(kp *container.KeyParams, secondary bool) {
		e := &Entry{Source: SourceContainer, Location: c.Dir, ContainerName: c.Name, NeedsPIN: c.HasPIN(),
			HasPrivateKey: true, Secondary: secondary}
		if kp.Certificate != nil {
			if cert, err := pki.ParseCertificate(kp.Certificate); err == nil {
				e.Certificate, e.ID = cert, cert.Thumbprint()
			}
		}
		out = append(out, e)
	}
	add(&c.Header.Primary, false)
	if c.Header.Secondary != nil && c.Header.Secondary.Certificate != nil {
		add(c.Header.Secondary, true)
	}
	return out, nil
}

func (s *Store) fileEntries(ctx context.Context, path string) ([]*Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, kserr.New(kserr.CodeNotFound, err, "%s", path)
	}
	kind := fileKind(path, data)
	base := &Entry{Source: kind, Location: path, HasPrivateKey: true}
	var certs [][]byte
	var keys []*gost3410.PrivateKey
	switch kind {
	case SourcePFX:
		p, err := pfx.Decode(data, "")
		if err != nil {
			if !isWrongSecret(err) {
				return nil, err
			}
			// Password needed even to see the certificate.
			if s.Cache != nil {
				if pw, ok := s.Cache.Get(base); ok {
					p, err = pfx.Decode(data, pw)
				}
			}
			if err != nil && s.ListPasswords && s.Prompt != nil {
				base.NeedsPIN = true
				p, err = withPIN(ctx, base, s.Prompt, nil, s.MaxAttempts, true, func(pw string) (*pfx.PFX, error) { return pfx.Decode(data, pw) })
				if err != nil {
					return nil, err
				}
			}
			if err != nil {
				base.NeedsPIN = true
				return []*Entry{base}, nil
			}
		}
		for _, e := range p.Entries {
			keys = append(keys, e.Key)
			certs = append(certs, e.Certificate)
		}
	case SourcePEM:
		b, err := pkcs8.ParsePEM(data, "")
		if err != nil && isWrongSecret(err) && s.ListPasswords && s.Prompt != nil {
			base.NeedsPIN = true
			b, err = withPIN(ctx, base, s.Prompt, nil, s.MaxAttempts, true, func(pw string) (*pkcs8.Bundle, error) { return pkcs8.ParsePEM(data, pw) })
			if err != nil {
				return nil, err
			}
		}
		if err != nil {
			if !isWrongSecret(err) {
				return nil, err
			}
			base.NeedsPIN = true
			blocks, _ := pki.ParseCertificates(data)
			if len(blocks) == 0 {
				return []*Entry{base}, nil
			}
			for _, c := range blocks {
				certs = append(certs, c.Raw)
			}
			keys = make([]*gost3410.PrivateKey, len(certs))
			break
		}
		for _, k := range b.Keys {
			keys = append(keys, k)
			certs = append(certs, certFor(k, b.Certificates))
		}
	}
	var out []*Entry
	for i := range keys {
		e := *base
		if certs[i] != nil {
			if cert, err := pki.ParseCertificate(certs[i]); err == nil {
				e.Certificate, e.ID = cert, cert.Thumbprint()
			}
		}
		out = append(out, &e)
	}
	return out, nil
}

func certFor(k *gost3410.PrivateKey, certs [][]byte) []byte {
	pub := k.PublicKey().Raw()
	for _, c := range certs {
		if pc, err := pki.ParseCertificate(c); err == nil && pc.PublicKeyInfo != nil && bytes.Equal(pc.PublicKeyInfo.Key, pub) {
			return c
		}
	}
	return nil
}

func fileKind(path string, data []byte) SourceKind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pfx", ".p12":
		return SourcePFX
	case ".pem", ".key":
		return SourcePEM
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		return SourcePEM
	}
	return SourcePFX
}

func (s *Store) cspEntries(ctx context.Context) ([]*Entry, error) {
	certs, err := s.CSP.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Entry
	for _, c := range certs {
		e := &Entry{ID: c.SHA1, Source: SourceCSP, Location: c.Container, ContainerName: c.Container,
			HasPrivateKey: c.HasPrivateKey}
		if der, err := s.CSP.Export(ctx, c.SHA1); err == nil {
			if cert, err := pki.ParseCertificate(der); err == nil {
				e.Certificate = cert
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func windowsEntries() ([]*Entry, error) {
	certs, err := wincrypt.List()
	if err != nil {
		return nil, err
	}
	var out []*Entry
	for _, c := range certs {
		cert, err := pki.ParseCertificate(c.DER)
		if err != nil || !cert.IsGost() {
			continue
		}
		out = append(out, &Entry{ID: cert.Thumbprint(), Certificate: cert, Source: SourceWindows,
			Location: "MY", ContainerName: c.Container, HasPrivateKey: c.HasPrivateKey})
	}
	return out, nil
}

// Lookup finds an entry by thumbprint (full or a unique prefix, any case,
// spaces ignored), container name, or path of a container/file.
func (s *Store) Lookup(ctx context.Context, id string) (*Entry, error) {
	entries, _ := s.List(ctx)
	norm := strings.ToUpper(strings.ReplaceAll(id, " ", ""))
	var hits []*Entry
	for _, e := range entries {
		if e.ID != "" && norm != "" && strings.HasPrefix(e.ID, norm) {
			hits = append(hits, e)
		}
	}
	if len(hits) == 0 {
		abs, _ := filepath.Abs(id)
		for _, e := range entries {
			if e.ContainerName == id || e.Location == id || (abs != "" && e.Location == abs) {
				hits = append(hits, e)
			}
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	if len(hits) > 1 {
		// A two-key container: prefer the primary key.
		if hits[0].Location == hits[len(hits)-1].Location && !hits[0].Secondary {
			return hits[0], nil
		}
		return nil, kserr.New(kserr.CodeNotFound, nil, "%q matches %d certificates", id, len(hits))
	}
	return nil, kserr.New(kserr.CodeNotFound, nil, "%q", id)
}

// Open opens the key of an entry, asking for the PIN when needed, and
// returns a Signer.
func (s *Store) Open(ctx context.Context, e *Entry) (Signer, error) {
	switch e.Source {
	case SourceContainer:
		return withPIN(ctx, e, s.Prompt, s.Cache, s.MaxAttempts, false, func(pin string) (Signer, error) {
			return openContainer(e, pin)
		})
	case SourcePFX, SourcePEM:
		data, err := os.ReadFile(e.Location)
		if err != nil {
			return nil, kserr.New(kserr.CodeNotFound, err, "%s", e.Location)
		}
		return withPIN(ctx, e, s.Prompt, s.Cache, s.MaxAttempts, true, func(pw string) (Signer, error) {
			return openFile(e, data, pw)
		})
	case SourceCSP:
		if s.CSP == nil {
			return nil, kserr.New(kserr.CodeCSPNotInstalled, nil, "")
		}
		if !e.HasPrivateKey {
			return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "%s", e.ID)
		}
		return newCSPSigner(s, e), nil
	case SourceWindows:
		if !e.HasPrivateKey {
			return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "%s", e.ID)
		}
		return &windowsSigner{externalSigner{e}}, nil
	}
	return nil, kserr.New(kserr.CodeUnsupported, nil, "source %q", e.Source)
}

func openContainer(e *Entry, pin string) (Signer, error) {
	c, err := container.Open(e.Location)
	if err != nil {
		return nil, err
	}
	keys, err := c.Keys(pin)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if k.Secondary != e.Secondary {
			continue
		}
		if k.Params.Certificate == nil {
			return nil, kserr.New(kserr.CodeNoCertificate, nil, "%s", e.Location)
		}
		cert, err := pki.ParseCertificate(k.Params.Certificate)
		if err != nil {
			return nil, kserr.New(kserr.CodeMalformed, err, "%s", e.Location)
		}
		fill(e, cert)
		return NewSigner(k.Private, cert, e)
	}
	return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "%s", e.Location)
}

func fill(e *Entry, cert *pki.Certificate) {
	if e.Certificate == nil {
		e.Certificate, e.ID = cert, cert.Thumbprint()
	}
}

func openFile(e *Entry, data []byte, password string) (Signer, error) {
	type kc struct {
		key  *gost3410.PrivateKey
		cert []byte
	}
	var cands []kc
	if e.Source == SourcePFX {
		p, err := pfx.Decode(data, password)
		if err != nil {
			return nil, err
		}
		for _, en := range p.Entries {
			cands = append(cands, kc{en.Key, en.Certificate})
		}
	} else {
		b, err := pkcs8.ParsePEM(data, password)
		if err != nil {
			return nil, err
		}
		for _, k := range b.Keys {
			cands = append(cands, kc{k, certFor(k, b.Certificates)})
		}
	}
	for _, c := range cands {
		if c.cert == nil {
			continue
		}
		cert, err := pki.ParseCertificate(c.cert)
		if err != nil {
			continue
		}
		if e.ID != "" && cert.Thumbprint() != e.ID {
			continue
		}
		fill(e, cert)
		return NewSigner(c.key, cert, e)
	}
	if len(cands) > 0 {
		return nil, kserr.New(kserr.CodeNoCertificate, nil, "%s", e.Location)
	}
	return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "%s", e.Location)
}

// OpenContainer opens the CryptoPro container folder dir with the PIN.
func OpenContainer(dir, pin string) (Signer, error) {
	entries, err := containerEntries(dir)
	if err != nil {
		return nil, err
	}
	return openContainer(entries[0], pin)
}

// OpenFile opens a PFX or PEM file with the password ("" for none). For a
// PEM key without a certificate inside, pass the certificate file in
// certFile (PEM or DER), else "".
func OpenFile(path, password, certFile string) (Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, kserr.New(kserr.CodeNotFound, err, "%s", path)
	}
	if certFile != "" {
		cd, err := os.ReadFile(certFile)
		if err != nil {
			return nil, kserr.New(kserr.CodeNotFound, err, "%s", certFile)
		}
		certs, err := pki.ParseCertificates(cd)
		if err != nil || len(certs) == 0 {
			return nil, kserr.New(kserr.CodeNoCertificate, err, "%s", certFile)
		}
		e := &Entry{Source: fileKind(path, data), Location: path, HasPrivateKey: true}
		var key *gost3410.PrivateKey
		if e.Source == SourcePFX {
			p, err := pfx.Decode(data, password)
			if err != nil {
				return nil, err
			}
			key = p.Entries[0].Key
		} else {
			b, err := pkcs8.ParsePEM(data, password)
			if err != nil {
				return nil, err
			}
			if len(b.Keys) == 0 {
				return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "%s", path)
			}
			key = b.Keys[0]
		}
		fill(e, certs[0])
		return NewSigner(key, certs[0], e)
	}
	e := &Entry{Source: fileKind(path, data), Location: path, HasPrivateKey: true}
	return openFile(e, data, password)
}
