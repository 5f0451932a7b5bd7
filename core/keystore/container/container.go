// Package container reads and writes CryptoPro CSP key containers: the
// folders "xxxxxxxx.000" with header.key, name.key, masks.key, primary.key
// (and the reserve copies masks2.key, primary2.key) that CSP keeps in
// /var/opt/cprocsp/keys/<user>/ or at the root of removable media.
//
// The certificate is read from header.key without a PIN. With the PIN the
// key-encryption key is derived (CSP's PIN KDF: Streebog-256 for 2012
// containers, GOST R 34.11-94 for 2001 ones), the masked key is decrypted
// (GOST 28147-89 ECB, S-box Z or CryptoPro-A) and unmasked (d = k·m⁻¹ mod q),
// and the result is checked against the header's public key fingerprint
// and the certificate. A wrong PIN gives kserr.ErrWrongPIN, never a wrong
// key.
package container

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/pki"
)

// File names inside a container folder.
const (
	FileHeader   = "header.key"
	FileName     = "name.key"
	FileMasks    = "masks.key"
	FilePrimary  = "primary.key"
	FileMasks2   = "masks2.key"
	FilePrimary2 = "primary2.key"
)

// Container is an opened container folder. Opening reads only header.key
// and name.key; keys are decrypted by Keys / PrivateKey.
type Container struct {
	Dir    string  // folder path
	Name   string  // container name from name.key (the folder name when absent)
	Header *Header // decoded header.key
}

// Key is one decrypted key pair of a container.
type Key struct {
	Params    *KeyParams
	Secondary bool // the second key pair of a two-key container
	Private   *gost3410.PrivateKey
}

// Certificate returns the DER certificate of the key from the header, or nil.
func (k *Key) Certificate() []byte { return k.Params.Certificate }

// Open reads the header and name of the container in dir. It does not
// need the PIN.
func Open(dir string) (*Container, error) {
	hdr, err := os.ReadFile(filepath.Join(dir, FileHeader))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, kserr.New(kserr.CodeNotFound, err, "%s", dir)
		}
		return nil, kserr.New(kserr.CodeMalformed, err, "%s", dir)
	}
	h, err := ParseHeader(hdr)
	if err != nil {
		return nil, withDir(err, dir)
	}
	c := &Container{Dir: dir, Header: h, Name: h.Name}
	if nb, err := os.ReadFile(filepath.Join(dir, FileName)); err == nil {
		if n, err := ParseName(nb); err == nil {
			c.Name = n
		}
	}
	if c.Name == "" {
		c.Name = filepath.Base(dir)
	}
	return c, nil
}

func withDir(err error, dir string) error {
	var ke *kserr.Error
	if errors.As(err, &ke) {
		e := *ke
		if e.Detail == "" {
			e.Detail = dir
		} else {
			e.Detail = dir + ": " + e.Detail
		}
		return &e
	}
	return err
}

// HasPIN reports whether the container is protected by a PIN.
func (c *Container) HasPIN() bool { return c.Header.HasPIN() }

// FQCN returns the fully qualified name CSP uses for an HDIMAGE container.
func (c *Container) FQCN() string { return `\\.\HDIMAGE\` + c.Name }

// Certificate returns the DER certificate of the primary key from the
// header, or of the secondary key when the primary has none; nil if the
// header has no certificate.
func (c *Container) Certificate() []byte {
	if c.Header.Primary.Certificate != nil {
		return c.Header.Primary.Certificate
	}
	if c.Header.Secondary != nil {
		return c.Header.Secondary.Certificate
	}
	return nil
}

// Keys decrypts every key pair of the container with the PIN ("" for a
// container without one). The primary key comes first. If primary.key or
// masks.key is damaged the reserve copy (primary2/masks2) is used.
func (c *Container) Keys(pin string) ([]*Key, error) {
	keys, err := c.keysFrom(FileMasks, FilePrimary, pin)
	if err != nil && errors.Is(err, kserr.ErrMalformed) {
		if k2, err2 := c.keysFrom(FileMasks2, FilePrimary2, pin); err2 == nil {
			return k2, nil
		}
	}
	return keys, err
}

// ReserveKeys is Keys from the reserve copy (masks2.key, primary2.key).
func (c *Container) ReserveKeys(pin string) ([]*Key, error) {
	return c.keysFrom(FileMasks2, FilePrimary2, pin)
}

func (c *Container) keysFrom(masksFile, primaryFile, pin string) ([]*Key, error) {
	mb, err := os.ReadFile(filepath.Join(c.Dir, masksFile))
	if err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "%s", c.Dir)
	}
	pb, err := os.ReadFile(filepath.Join(c.Dir, primaryFile))
	if err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "%s", c.Dir)
	}
	m, err := ParseMasks(mb)
	if err != nil {
		return nil, withDir(err, c.Dir)
	}
	p, err := ParsePrimary(pb)
	if err != nil {
		return nil, withDir(err, c.Dir)
	}
	keys, err := DecryptKeys(c.Header, m, p, pin)
	if err != nil {
		return nil, withDir(err, c.Dir)
	}
	return keys, nil
}

// PrivateKey returns the key to sign with: the primary key, or the
// secondary one when only it has a certificate. cert is the DER
// certificate from the header (nil when the header has none).
func (c *Container) PrivateKey(pin string) (key *gost3410.PrivateKey, cert []byte, err error) {
	keys, err := c.Keys(pin)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range keys {
		if k.Params.Certificate != nil {
			return k.Private, k.Params.Certificate, nil
		}
	}
	return keys[0].Private, nil, nil
}

// DecryptKeys derives the PIN key, unmasks every key in p and checks each
// against the header (fingerprint, certificate public key).
func DecryptKeys(h *Header, m *Masks, p *Primary, pin string) ([]*Key, error) {
	kek, err := pinKey(pin, m.Salt, h.Primary.Is2001())
	if err != nil {
		return nil, err
	}
	k, err := decryptOne(kek, &h.Primary, p.Key, m.Mask)
	if err != nil {
		return nil, err
	}
	keys := []*Key{{Params: &h.Primary, Private: k}}
	if h.Secondary != nil && p.Secondary != nil {
		kek2 := kek
		if h.Secondary.Is2001() != h.Primary.Is2001() {
			if kek2, err = pinKey(pin, m.Salt, h.Secondary.Is2001()); err != nil {
				return nil, err
			}
		}
		k2, err := decryptOne(kek2, h.Secondary, p.Secondary, m.Mask)
		if err != nil {
			return nil, err
		}
		keys = append(keys, &Key{Params: h.Secondary, Secondary: true, Private: k2})
	}
	return keys, nil
}

func decryptOne(kek []byte, kp *KeyParams, enc, mask []byte) (*gost3410.PrivateKey, error) {
	curve, ok := gost3410.CurveByOID(kp.Curve)
	if !ok {
		return nil, kserr.New(kserr.CodeUnknownCurve, nil, "%v", kp.Curve)
	}
	if len(enc) != curve.PointSize || len(mask) != curve.PointSize {
		return nil, kserr.New(kserr.CodeMalformed, nil, "key of %d bytes for a %d-byte curve", len(enc), curve.PointSize)
	}
	raw, err := unmask(kek, enc, mask, curve.Q, curve.PointSize, kp.Is2001())
	if err != nil {
		return nil, err
	}
	priv, err := gost3410.NewPrivateKey(curve, raw)
	if err != nil {
		return nil, kserr.ErrWrongPIN
	}
	pub := priv.PublicKey().Raw()
	if len(kp.Fingerprint) > 0 {
		if len(kp.Fingerprint) > len(pub) || !bytes.Equal(pub[:len(kp.Fingerprint)], kp.Fingerprint) {
			return nil, kserr.ErrWrongPIN
		}
	}
	if kp.Certificate != nil {
		spki, err := certKey(kp.Certificate)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(spki, pub) {
			if len(kp.Fingerprint) == 0 {
				return nil, kserr.ErrWrongPIN
			}
			return nil, kserr.New(kserr.CodeKeyMismatch, nil, "header certificate")
		}
	} else if len(kp.Fingerprint) == 0 {
		return nil, kserr.New(kserr.CodeMalformed, nil, "header.key has neither fingerprint nor certificate")
	}
	return priv, nil
}

// certKey returns the raw GOST public key (LE X || LE Y) of a DER certificate.
func certKey(der []byte) ([]byte, error) {
	c, err := pki.ParseCertificate(der)
	if err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "header certificate")
	}
	if c.PublicKeyInfo == nil || !c.PublicKeyInfo.IsGost() {
		return nil, kserr.New(kserr.CodeUnsupported, nil, "header certificate is not GOST")
	}
	return c.PublicKeyInfo.Key, nil
}
