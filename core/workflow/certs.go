package workflow

import (
	"context"

	"github.com/gosdesk/gosdesk/core/keystore"
)

// CertEntry is one certificate of the key sources (keystore.Entry: ID =
// SHA-1 thumbprint, certificate, source, location, needs a PIN).
type CertEntry = keystore.Entry

// CertQuery chooses where Certificates looks besides the defaults
// (CryptoPro container folders, CSP, Windows MY store).
type CertQuery struct {
	// Dirs: extra container roots; Files: PFX/PEM files.
	Dirs, Files []string
	// Only: look only in Dirs and Files.
	Only bool
	// PIN opens password-protected PFX files to show their certificate.
	PIN PINPrompt
}

// Certificates lists the certificates the user can sign with, and the
// problems met on the way (an unreadable file does not stop the list).
func (c *Core) Certificates(ctx context.Context, q CertQuery) ([]*CertEntry, []error) {
	st := keystore.NewStore(q.PIN)
	if q.Only {
		st = &keystore.Store{Prompt: q.PIN, Cache: &keystore.PINCache{}}
	}
	st.ContainerRoots = append(st.ContainerRoots, q.Dirs...)
	st.Files = append(st.Files, q.Files...)
	return st.List(ctx)
}
