package ens

import (
	"context"
	"sync"
	"time"
)

// Signer makes CAdES-BES signatures (GOST R 34.10-2012 256) with the
// selected qualified certificate. core/cms provides the implementation; a
// CryptoPro or HSM bridge may provide another.
type Signer interface {
	// SignCAdES signs content and returns a DER CMS ContentInfo with the
	// content inside (attached) or not (detached). The signature must hold
	// exactly one certificate, the signer's.
	SignCAdES(ctx context.Context, content []byte, attached bool) ([]byte, error)
	// CertificateDER is the signer's certificate.
	CertificateDER() []byte
}

// Token is a cached session token.
type Token struct {
	// Header is the value of the token header, already base64url-encoded
	// per the profile (and prefixed with Profile.TokenPrefix).
	Header  string    `json:"header"`
	Expires time.Time `json:"expires"`
	// INN is the ИНН the session was opened for (the certificate's, or the
	// principal's in representative mode).
	INN string `json:"inn"`
}

// TokenStore keeps session tokens between calls (and, for the CLI, between
// processes: gosctl ens login, then gosctl ens balance). Keys are opaque.
// Tokens are secrets: implementations should use the OS keyring.
type TokenStore interface {
	Load(key string) (Token, bool)
	Save(key string, t Token)
	Delete(key string)
}

// MemoryTokenStore is a TokenStore in memory, safe for concurrent use.
type MemoryTokenStore struct {
	mu sync.Mutex
	m  map[string]Token
}

// Load returns the token stored under key.
func (s *MemoryTokenStore) Load(key string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[key]
	return t, ok
}

// Save stores t under key.
func (s *MemoryTokenStore) Save(key string, t Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]Token{}
	}
	s.m[key] = t
}

// Delete removes the token under key.
func (s *MemoryTokenStore) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}
