package keystore

import (
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/pki"
)

// WriteContainer stores key and cert as a new CryptoPro container named
// name in a free "xxxxxxxx.NNN" folder under root (e.g. the user's
// /var/opt/cprocsp/keys/<user>, or a demo folder), protected by pin ("" for
// none), and returns its Entry. Demo mode and tests use it.
func WriteContainer(root, name string, key *gost3410.PrivateKey, cert *pki.Certificate, pin string) (*Entry, error) {
	if _, err := NewSigner(key, cert, nil); err != nil {
		return nil, err
	}
	dir, err := container.NewDir(root, name)
	if err != nil {
		return nil, err
	}
	c, err := container.Write(dir, key, container.WriteOptions{Name: name, PIN: pin, Certificate: cert.Raw})
	if err != nil {
		return nil, err
	}
	entries, err := containerEntries(c.Dir)
	if err != nil {
		return nil, err
	}
	return entries[0], nil
}
