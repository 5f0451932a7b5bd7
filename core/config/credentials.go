package config

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
)

// Credentials say where the API key and the signing key come from. Flags
// of gosctl fill it; Merge adds the settings' defaults.
type Credentials struct {
	// APIKeyFile is an API key file (CSV of the partners portal, or a
	// file with the bare UUID), read for this run only.
	APIKeyFile string
	// Account is the OS keyring account of the API key (default: the
	// environment name).
	Account string

	// Exactly one signing key source: Thumbprint (key store lookup),
	// Container (CryptoPro folder), PFX, or Key+Cert (PEM key and its
	// certificate; Cert optional when the PEM holds it).
	Thumbprint, Container, PFX, Key, Cert string
	// PINEnv names the environment variable with the PIN or password.
	PINEnv string
}

// Merge fills what c lacks from s. A signing source given in c replaces
// the settings' one as a whole.
func (c Credentials) Merge(s *Settings) Credentials {
	if s == nil {
		return c
	}
	if c.Account == "" {
		c.Account = s.Account
	}
	if !c.HasSigner() {
		c.Thumbprint, c.Container, c.PFX, c.Key, c.Cert = s.Thumbprint, s.Container, s.PFX, s.Key, s.Cert
	}
	if c.PINEnv == "" {
		c.PINEnv = s.PINEnv
	}
	return c
}

// HasSigner reports whether a signing key source is set.
func (c Credentials) HasSigner() bool {
	return c.Thumbprint != "" || c.Container != "" || c.PFX != "" || c.Key != ""
}

// Errors of credential lookup.
var (
	ErrNoSigner = i18n.New("не указан сертификат подписи: --thumbprint, --container ПАПКА, --pfx ФАЙЛ или --key ФАЙЛ --cert ФАЙЛ",
		"no signing certificate: use --thumbprint, --container DIR, --pfx FILE or --key FILE --cert FILE")
	ErrManySigners = i18n.New("указано несколько источников ключа подписи; оставьте один из --thumbprint, --container, --pfx, --key",
		"several signing key sources; keep one of --thumbprint, --container, --pfx, --key")
	ErrNoAPIKey = i18n.New("API-ключ не найден: импортируйте его (gosctl esia apikey import ФАЙЛ) или укажите --api-key-file",
		"no API key: import it (gosctl esia apikey import FILE) or pass --api-key-file")
)

// ErrPINVarEmpty means the variable named by --pin-env is not set.
type ErrPINVarEmpty struct{ Var string }

func (e *ErrPINVarEmpty) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localized.
func (e *ErrPINVarEmpty) Localize(l i18n.Lang) string {
	return i18n.Text{RU: "переменная окружения " + e.Var + " (PIN-код) не задана", EN: "environment variable " + e.Var + " (PIN) is not set"}.In(l)
}

// PIN returns the PIN or password from the PINEnv variable ("" without
// PINEnv).
func (c Credentials) PIN() (string, error) {
	if c.PINEnv == "" {
		return "", nil
	}
	v, ok := os.LookupEnv(c.PINEnv)
	if !ok {
		return "", &ErrPINVarEmpty{Var: c.PINEnv}
	}
	return v, nil
}

// AccountFor is the keyring account of the API key in env.
func (c Credentials) AccountFor(env Environment) string {
	if c.Account != "" {
		return c.Account
	}
	return env.Name
}

// APIKey finds the API key: APIKeyFile if set, else the OS keyring under
// AccountFor(env). The key is never logged or written to settings.
func (c Credentials) APIKey(env Environment) (string, error) {
	if c.APIKeyFile != "" {
		f, err := os.Open(c.APIKeyFile)
		if err != nil {
			return "", i18n.Wrap(err, c.APIKeyFile+": не удалось открыть файл API-ключа", c.APIKeyFile+": cannot open the API key file")
		}
		defer f.Close()
		recs, err := esia.ParseAPIKeyCSV(f)
		if err != nil {
			return "", i18n.Wrap(err, c.APIKeyFile+": в файле нет API-ключа", c.APIKeyFile+": no API key in the file")
		}
		return recs[0].Key, nil
	}
	k, err := esia.LoadAPIKey(c.AccountFor(env))
	if err != nil || k == "" {
		return "", &keyringError{account: c.AccountFor(env), err: err}
	}
	return k, nil
}

// keyringError is ErrNoAPIKey with the account and the keyring's reason.
type keyringError struct {
	account string
	err     error
}

func (e *keyringError) Error() string { return e.Localize(i18n.EN) }
func (e *keyringError) Unwrap() error { return ErrNoAPIKey }

func (e *keyringError) Localize(l i18n.Lang) string {
	s := ErrNoAPIKey.Text.In(l) + " (" + i18n.Text{RU: "учётная запись в связке ключей", EN: "keyring account"}.In(l) + " «" + e.account + "»"
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s + ")"
}

// Is makes errors.Is(err, ErrNoAPIKey) true.
func (e *keyringError) Is(target error) bool { return target == ErrNoAPIKey }

// Signer opens the signing key. prompt, if not nil, is asked for a PIN
// when PINEnv is not set and the key needs one (the GUI's dialog), for
// every source: a thumbprint, a container, a PFX or a PEM key; a PIN the
// user asks to remember is kept in the OS keyring (keystore.PINCache) and
// not asked again.
func (c Credentials) Signer(ctx context.Context, prompt keystore.PINPrompt) (keystore.Signer, error) {
	n := 0
	for _, s := range []string{c.Thumbprint, c.Container, c.PFX, c.Key} {
		if s != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return nil, ErrNoSigner
	case n > 1:
		return nil, ErrManySigners
	}
	pin, err := c.PIN()
	if err != nil {
		return nil, err
	}
	if c.PINEnv == "" && prompt != nil && c.Thumbprint == "" && !(c.Key != "" && c.Cert != "") {
		// A container, PFX or PEM key file chosen directly: open it through
		// a key store over that one file, so that the PIN is asked with the
		// prompt (the GUI's dialog, repeated after a wrong PIN) and can be
		// remembered in the OS keyring.
		loc := c.Container
		st := &keystore.Store{Prompt: prompt, Cache: &keystore.PINCache{}}
		if loc != "" {
			st.ContainerRoots = []string{loc}
		} else {
			loc = c.PFX
			if loc == "" {
				loc = c.Key
			}
			st.Files = []string{loc}
		}
		if abs, err := filepath.Abs(loc); err == nil {
			loc = abs
		}
		if e, err := st.Lookup(ctx, loc); err == nil {
			return st.Open(ctx, e)
		}
	}
	switch {
	case c.Thumbprint != "":
		if c.PINEnv != "" || prompt == nil {
			prompt = keystore.StaticPIN(pin)
		}
		st := keystore.NewStore(prompt)
		e, err := st.Lookup(ctx, c.Thumbprint)
		if err != nil {
			return nil, err
		}
		return st.Open(ctx, e)
	case c.Key != "" && c.Cert != "" && c.PINEnv == "" && prompt != nil:
		// A PEM key with its certificate apart: ask for the password only
		// if the key is encrypted.
		var last error
		for attempt := 0; attempt <= 3; attempt++ {
			if attempt > 0 {
				p, _, err := prompt(ctx, keystore.PINRequest{Entry: &keystore.Entry{Location: c.Key, Source: keystore.SourcePEM, NeedsPIN: true},
					Password: true, Attempt: attempt, LastError: last})
				if err != nil {
					return nil, err
				}
				pin = p
			}
			s, err := keystore.OpenFile(c.Key, pin, c.Cert)
			if err == nil || !(errors.Is(err, keystore.ErrWrongPassword) || errors.Is(err, keystore.ErrWrongPIN)) {
				return s, err
			}
			last = err
		}
		return nil, last
	case c.Container != "":
		return keystore.OpenContainer(c.Container, pin)
	case c.PFX != "":
		return keystore.OpenFile(c.PFX, pin, c.Cert)
	}
	return keystore.OpenFile(c.Key, pin, c.Cert)
}

// ESIASigner adapts a key store signer to esia.Signer: detached CAdES-BES
// through keystore.SignCMS (in process, or through CSP for keys that never
// leave it).
func ESIASigner(s keystore.Signer) esia.Signer { return esiaSigner{s} }

type esiaSigner struct{ s keystore.Signer }

func (e esiaSigner) SignDetached(ctx context.Context, content []byte) ([]byte, error) {
	return keystore.SignCMS(ctx, e.s, bytes.NewReader(content), nil)
}

func (e esiaSigner) CertificateDER() []byte { return e.s.Certificate().Raw }

// SandboxCredentials are the test credentials a sandbox publishes on its
// admin API (GET /admin/credentials); the fields gosdesk uses.
type SandboxCredentials struct {
	System   string `json:"system"`
	APIKey   string `json:"apiKey"`
	CertPath string `json:"certPath"`
	KeyPath  string `json:"keyPath"`
	PIN      string `json:"pin"`
	// CACertPath is the sandbox's test CA: results it signs chain to it.
	CACertPath string `json:"caCertPath"`
}

// FetchSandboxCredentials asks the sandbox of env for its test
// credentials. Only for the "sandbox" environment (loopback).
func FetchSandboxCredentials(ctx context.Context, env Environment) (*SandboxCredentials, error) {
	if !env.Sandbox() {
		return nil, fmt.Errorf("config: %s is not a sandbox", env.Name)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, env.EPGU+"/admin/credentials", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, i18n.Wrap(err, "песочница "+env.EPGU+" не отвечает (запустите gosctl sandbox)",
			"the sandbox at "+env.EPGU+" does not answer (start gosctl sandbox)")
	}
	defer resp.Body.Close()
	var c SandboxCredentials
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&c) != nil || c.APIKey == "" {
		return nil, i18n.New("песочница "+env.EPGU+" не выдала тестовые учётные данные", "the sandbox at "+env.EPGU+" gave no test credentials")
	}
	return &c, nil
}

// ForSandbox completes c with the sandbox's test credentials where c has
// none (no API key file, no signing source): the "sandbox" environment
// works without any setup. The keyring is not consulted then.
func (c Credentials) ForSandbox(sc *SandboxCredentials) (Credentials, string) {
	key := ""
	if c.APIKeyFile == "" && c.Account == "" {
		key = sc.APIKey
	}
	if !c.HasSigner() {
		c.Key, c.Cert = sc.KeyPath, sc.CertPath
	}
	return c, key
}
