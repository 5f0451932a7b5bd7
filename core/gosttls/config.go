package gosttls

import (
	"crypto"
	"crypto/rand"
	"io"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
)

// ClientSigner is a client key with its certificate; keystore.Signer
// satisfies it. Sign follows the CMS convention of core/gost/gost3410:
// digest is the raw Streebog output, the result s||r.
type ClientSigner interface {
	crypto.Signer
	Certificate() *pki.Certificate
}

// Config configures a client connection. A Config may be shared by many
// connections and must not be modified after first use.
type Config struct {
	// ServerName is checked against the server certificate and sent in
	// the server_name extension; NewTransport and Dial fill it from the
	// address when empty.
	ServerName string
	// Roots are the trusted root certificates (for API ЕПГУ: the root of
	// Минцифры России). Required: a connection without one is refused.
	Roots *pki.TrustStore
	// ClientCert, when set, is used if the server asks for a client
	// certificate (a keystore.Signer). Intermediates are sent after it.
	ClientCert    ClientSigner
	Intermediates []*pki.Certificate
	// CipherSuites to offer, in order of preference (nil: every suite of
	// CipherSuites()). Only GOST suites exist here.
	CipherSuites []CipherSuite
	// HandshakeTimeout bounds the handshake (default 30 s).
	HandshakeTimeout time.Duration
	// Time returns the current time for certificate checks (nil: time.Now).
	Time func() time.Time
	// Rand is the source of randomness (nil: crypto/rand).
	Rand io.Reader
}

func (c *Config) now() time.Time {
	if c.Time != nil {
		return c.Time()
	}
	return time.Now()
}

func (c *Config) rand() io.Reader {
	if c.Rand != nil {
		return c.Rand
	}
	return rand.Reader
}

func (c *Config) suites() []CipherSuite {
	if len(c.CipherSuites) == 0 {
		return CipherSuites()
	}
	var out []CipherSuite
	for _, s := range c.CipherSuites {
		if suiteByID(s) != nil {
			out = append(out, s)
		}
	}
	return out
}

// Clone returns a shallow copy of c.
func (c *Config) Clone() *Config {
	if c == nil {
		return &Config{}
	}
	n := *c
	return &n
}
