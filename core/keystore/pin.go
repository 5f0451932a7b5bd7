package keystore

import (
	"context"
	"errors"

	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// PINRequest describes what a PIN prompt is for.
type PINRequest struct {
	Entry *Entry
	// Password is true for a PFX/PEM password, false for a container or
	// token PIN (the dialog wording differs).
	Password bool
	// Attempt counts prompts for this Open, from 1.
	Attempt int
	// LastError is the reason for a repeated prompt (ErrWrongPIN or
	// ErrWrongPassword), nil on the first one.
	LastError error
}

// PINPrompt asks the user for a PIN. remember asks the Store to keep the
// PIN in the OS keyring (when the Store has a PINCache). Returning an error
// (e.g. ErrPINCancelled) aborts Open with that error.
type PINPrompt func(ctx context.Context, req PINRequest) (pin string, remember bool, err error)

// StaticPIN returns a prompt that answers pin once and then fails with the
// wrong-PIN error (for the CLI's --pin-env).
func StaticPIN(pin string) PINPrompt {
	return func(ctx context.Context, req PINRequest) (string, bool, error) {
		if req.Attempt > 1 {
			return "", false, req.LastError
		}
		return pin, false, nil
	}
}

// DefaultKeyringService is the keyring service name PINs are stored under.
const DefaultKeyringService = "gosdesk"

// PINCache remembers PINs in the OS keyring through go-keyring (Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows).
// Tests call keyring.MockInit().
type PINCache struct {
	Service string // DefaultKeyringService when empty
}

func (c *PINCache) service() string {
	if c.Service == "" {
		return DefaultKeyringService
	}
	return c.Service
}

// KeyringUser returns the keyring account name an entry's PIN is stored
// under: "<source>:<location>" plus "#<thumbprint>" when known.
func KeyringUser(e *Entry) string {
	u := string(e.Source) + ":" + e.Location
	if e.ID != "" && e.Source != SourceContainer && e.Source != SourcePFX && e.Source != SourcePEM {
		u += "#" + e.ID
	}
	return u
}

// Get returns the remembered PIN of the entry.
func (c *PINCache) Get(e *Entry) (string, bool) {
	pin, err := keyring.Get(c.service(), KeyringUser(e))
	if err != nil {
		return "", false
	}
	return pin, true
}

// Set remembers the PIN of the entry.
func (c *PINCache) Set(e *Entry, pin string) error {
	return keyring.Set(c.service(), KeyringUser(e), pin)
}

// Delete forgets the PIN of the entry; forgetting an unknown PIN is not an
// error.
func (c *PINCache) Delete(e *Entry) error {
	err := keyring.Delete(c.service(), KeyringUser(e))
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

func isWrongSecret(err error) bool {
	return errors.Is(err, kserr.ErrWrongPIN) || errors.Is(err, kserr.ErrWrongPassword)
}

// withPIN runs open with PINs from, in order: the empty PIN (when the
// entry needs none), the keyring, the prompt (up to maxAttempts times).
func withPIN[T any](ctx context.Context, e *Entry, prompt PINPrompt, cache *PINCache, maxAttempts int,
	password bool, open func(pin string) (T, error)) (T, error) {
	var zero T
	if !e.NeedsPIN {
		v, err := open("")
		if err == nil || !isWrongSecret(err) {
			return v, err
		}
	}
	if cache != nil {
		if pin, ok := cache.Get(e); ok {
			v, err := open(pin)
			if err == nil || !isWrongSecret(err) {
				return v, err
			}
			cache.Delete(e) // stale
		}
	}
	if prompt == nil {
		if password {
			return zero, kserr.New(kserr.CodeWrongPassword, nil, "пароль не задан")
		}
		return zero, kserr.New(kserr.CodeWrongPIN, nil, "PIN-код не задан")
	}
	if maxAttempts <= 0 {
		maxAttempts = 3
	}
	var last error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		pin, remember, err := prompt(ctx, PINRequest{Entry: e, Password: password, Attempt: attempt, LastError: last})
		if err != nil {
			return zero, err
		}
		v, err := open(pin)
		if err == nil {
			if remember && cache != nil {
				cache.Set(e, pin)
			}
			return v, nil
		}
		if !isWrongSecret(err) {
			return zero, err
		}
		last = err
	}
	return zero, last
}
