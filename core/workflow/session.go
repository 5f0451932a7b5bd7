package workflow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
)

// PINPrompt asks the user for a PIN or password: the GUI shows a dialog,
// gosctl reads --pin-env (config.Credentials.PINEnv, then no prompt).
type PINPrompt = keystore.PINPrompt

// PINRequest says what the prompt is for.
type PINRequest = keystore.PINRequest

// Credentials say where the API key and the signing key come from
// (config.Credentials: thumbprint, container, PFX, PEM key, PIN variable,
// API key file or keyring account).
type Credentials = config.Credentials

// SessionOptions choose the environment and the credentials of a Session.
type SessionOptions struct {
	// Env: sandbox, test, test-beta, prod or a URL; "" = settings, else
	// sandbox.
	Env string
	// Creds given for this session; the settings fill what is missing.
	// With the "sandbox" environment and no credentials, the sandbox's
	// test credentials are used (read from its admin API).
	Creds Credentials
	// PIN asks for a PIN when Creds.PINEnv is empty (GUI dialog). Nil:
	// keys that need a PIN fail with a Russian hint to pass --pin-env.
	PIN PINPrompt
	// ChunkSize of chunked uploads (0: settings, else 10,000,000).
	ChunkSize int64
	// Overrides: per-run addresses and transport to API ЕПГУ (separate
	// ЕСИА / API ЕПГУ URLs, a GOST TLS tunnel with the real host, the
	// built-in GOST TLS with a trust folder); the settings apply first.
	Overrides config.Overrides
}

// Session is an opened environment: the resolved addresses, the ЕСИА
// token flow for the API key, the signing certificate and an API ЕПГУ
// client. No request is made by OpenSession; the first call that needs a
// token gets one. Safe for concurrent use.
type Session struct {
	core    *Core
	env     config.Environment
	tokens  *esia.OrgTokenSource
	signer  keystore.Signer
	client  *epgu.Client
	chunk   int64
	account string
	nsi     nsiCache
	// roots is what signatures of results must chain to (nil: none
	// configured; the verdict says the chain was not checked).
	roots *pki.TrustStore
}

// Environment is a resolved environment (name, ЕСИА and API ЕПГУ
// addresses).
type Environment = config.Environment

// ResolveEnv resolves an environment name (or URL) with the settings;
// an unknown name is an InputError.
func (c *Core) ResolveEnv(name string) (Environment, error) {
	return c.resolveWith(name, config.Overrides{})
}

func (c *Core) resolveWith(name string, o config.Overrides) (Environment, error) {
	env, err := config.ResolveWith(name, c.settings, o)
	if err != nil {
		if name != "" || o != (config.Overrides{}) {
			return env, &InputError{Text: textOf(err), Err: err}
		}
		return env, err
	}
	return env, nil
}

// keyringHint explains a keyring that does not exist here (no D-Bus
// session, no Secret Service: a headless server, CI) in words, with what
// to do (issue 13 item 12); other errors pass.
func keyringHint(err error) error {
	if err == nil || !isNoKeyring(err) {
		return err
	}
	return &KeyringError{Err: err}
}

// KeyringError: the OS keyring is not available in this session.
type KeyringError struct{ Err error }

func (e *KeyringError) Error() string { return e.Localize(i18n.EN) }
func (e *KeyringError) Unwrap() error { return e.Err }

// Localize implements i18n.Localized.
func (e *KeyringError) Localize(l i18n.Lang) string {
	return i18n.Text{
		RU: "связка ключей ОС недоступна (нет сеанса D-Bus / Secret Service — так бывает на сервере без рабочего стола): запустите сеанс связки ключей (например, dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock; …') или передайте API-ключ файлом: --api-key-file ФАЙЛ",
		EN: "the OS keyring is not available (no D-Bus / Secret Service session, as on a server without a desktop): start a keyring session (e.g. dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock; …') or pass the API key as a file: --api-key-file FILE",
	}.In(l)
}

// OpenSession finds the credentials and prepares the organisation token
// flow (ЕСИА ext-app: API key signed with the certificate).
func (c *Core) OpenSession(ctx context.Context, o SessionOptions) (*Session, error) {
	env, err := c.resolveWith(o.Env, o.Overrides)
	if err != nil {
		return nil, err
	}
	creds := o.Creds.Merge(c.settings)
	if o.Creds.HasSigner() && creds.Key == "" && creds.Cert != "" {
		return nil, inputf("сертификат (--cert) указывается вместе с ключом (--key)", "a certificate (--cert) goes with a key (--key)")
	}
	var key string
	var sandboxCA string
	if env.Sandbox() && (creds.APIKeyFile == "" && creds.Account == "" || !creds.HasSigner()) {
		sc, err := config.FetchSandboxCredentials(ctx, env)
		if err != nil {
			return nil, err
		}
		creds, key = creds.ForSandbox(sc)
		sandboxCA = sc.CACertPath
	} else if env.Name == config.EnvCustom && config.CheckLoopback(hostOf(env.EPGU)) == nil && creds.APIKeyFile == "" && creds.Account == "" {
		// A sandbox on another port (gosctl sandbox --addr): its test
		// credentials, when it answers as one.
		sb := env
		sb.Name = config.EnvSandbox
		if sc, err := config.FetchSandboxCredentials(ctx, sb); err == nil {
			creds, key = creds.ForSandbox(sc)
			sandboxCA = sc.CACertPath
		}
	}
	if key == "" {
		if key, err = creds.APIKey(env); err != nil {
			return nil, keyringHint(err)
		}
	}
	signer, err := openSigner(ctx, creds, o.PIN)
	if err != nil {
		return nil, err
	}
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: env.ESIA, APIKey: key, Signer: config.ESIASigner(signer), HTTPClient: c.opts.HTTPClient})
	if err != nil {
		return nil, err
	}
	chunk := o.ChunkSize
	if chunk == 0 {
		chunk = c.settings.ChunkSize
	}
	// The workflow retries itself (withRetry: backoff with jitter,
	// Retry-After, on the Core's clock), so the client does not.
	// Only API ЕПГУ goes through the tunnel or GOST TLS; ЕСИА keeps the
	// plain client.
	hc, err := env.EPGUHTTPClient(c.opts.HTTPClient)
	if err != nil {
		return nil, err
	}
	cl, err := epgu.New(epgu.Options{BaseURL: env.EPGU, Tokens: ts, ChunkSize: chunk, HTTPClient: hc, Logger: c.log, MaxRetries: -1})
	if err != nil {
		if errors.Is(err, epgu.ErrBadChunkSize) {
			return nil, &InputError{Text: i18n.Text{RU: "размер части: от 5 000 000 до 50 000 000 байт", EN: "chunk size: 5,000,000 to 50,000,000 bytes"}, Err: err}
		}
		return nil, err
	}
	return &Session{core: c, env: env, tokens: ts, signer: signer, client: cl, chunk: chunk, account: creds.AccountFor(env),
		roots: resultRoots(env, sandboxCA)}, nil
}

// resultRoots is the trust store for the signatures of results: the
// sandbox's test CA on the sandbox, else the environment's folder of root
// certificates (trustDir, e.g. the Минцифры root). Nil when neither is
// there: signatures are then checked without a chain, and said so.
func resultRoots(env config.Environment, sandboxCA string) *pki.TrustStore {
	st := pki.NewTrustStore()
	if sandboxCA != "" {
		if data, err := os.ReadFile(sandboxCA); err == nil {
			if certs, err := pki.ParseCertificates(data); err == nil {
				st.AddRoots(certs...)
			}
		}
	}
	if env.TrustDir != "" {
		_ = st.LoadDir(env.TrustDir) // a bad folder leaves the chain unchecked, as the verdict says
	}
	if len(st.Roots()) == 0 {
		return nil
	}
	return st
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Host
	}
	return u
}

// CheckTunnel says, before a send, whether the GOST TLS tunnel to API
// ЕПГУ is up (nil for other transports): a stopped tunnel fails fast with
// what to do.
func (s *Session) CheckTunnel(ctx context.Context) error { return s.env.CheckTunnel(ctx) }

// openSigner opens the signing key; a wrong or missing PIN without a
// prompt gets a hint to pass the PIN variable.
func openSigner(ctx context.Context, creds Credentials, prompt PINPrompt) (keystore.Signer, error) {
	s, err := creds.Signer(ctx, prompt)
	if err != nil {
		if !creds.HasSigner() || errors.Is(err, config.ErrManySigners) {
			return nil, &InputError{Text: textOf(err), Err: err}
		}
		if prompt == nil && creds.PINEnv == "" && (errors.Is(err, keystore.ErrWrongPIN) || errors.Is(err, keystore.ErrWrongPassword) || errors.Is(err, keystore.ErrPINCancelled)) {
			return nil, ErrPINHint
		}
		return nil, err
	}
	return s, nil
}

// ErrPINHint: the key needs a PIN and none was given.
var ErrPINHint = i18n.New("ключ защищён PIN-кодом или паролем: передайте его в переменной окружения (--pin-env ПЕРЕМЕННАЯ или pinEnv в настройках)",
	"the key is protected by a PIN or password: pass it in an environment variable (--pin-env VARIABLE or pinEnv in the settings)")

// Env is the session's environment.
func (s *Session) Env() Environment { return s.env }

// Certificate is the signing certificate.
func (s *Session) Certificate() *pki.Certificate { return s.signer.Certificate() }

// Account is the keyring account of the API key.
func (s *Session) Account() string { return s.account }

// TokenInfo describes an ЕСИА access token without the token itself
// (unless asked for).
type TokenInfo struct {
	Env         string    `json:"env"`
	ESIA        string    `json:"esia"`
	Expires     time.Time `json:"expires"`
	Subject     string    `json:"subject,omitempty"`
	ClientID    string    `json:"clientId,omitempty"`
	Scope       string    `json:"scope,omitempty"`
	Certificate string    `json:"certificate"`
	// Token is the bearer token itself: a secret, set only when
	// Token(ctx, true) is asked for it.
	Token string `json:"token,omitempty"`
}

// Token gets (or reuses) the organisation access token and describes it.
func (s *Session) Token(ctx context.Context, withToken bool) (*TokenInfo, error) {
	tok, err := s.tokens.Token(ctx)
	if err != nil {
		return nil, Remote(err)
	}
	r := &TokenInfo{Env: s.env.Name, ESIA: s.env.ESIA, Expires: s.tokens.Expires(), Certificate: s.signer.Certificate().Subject.String()}
	if cl, err := esia.ParseClaims(tok); err == nil {
		switch v := cl.Subject.(type) {
		case nil:
		case float64:
			r.Subject = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			r.Subject = fmt.Sprint(v)
		}
		r.ClientID, r.Scope = cl.ClientID, cl.Scope
	}
	if withToken {
		r.Token = tok
	}
	return r, nil
}

// ImportAPIKey stores the API key of a partners-portal file in the OS
// keyring under account ("" = the environment name). It returns the
// account and the masked key.
func (c *Core) ImportAPIKey(envName, account string, file []byte) (acc, masked string, err error) {
	env, err := c.ResolveEnv(envName)
	if err != nil {
		return "", "", err
	}
	acc = Credentials{Account: account}.AccountFor(env)
	rec, err := esia.ImportAPIKeyFile(acc, bytesReader(file))
	if err != nil {
		if isNoKeyring(err) {
			return acc, "", keyringHint(err)
		}
		return acc, "", i18n.Wrap(err, "API-ключ не сохранён", "the API key is not stored")
	}
	return acc, esia.MaskKey(rec.Key), nil
}

// APIKeyInfo returns the account and the masked API key stored for an
// environment.
func (c *Core) APIKeyInfo(envName, account string) (acc, masked string, err error) {
	env, err := c.ResolveEnv(envName)
	if err != nil {
		return "", "", err
	}
	cr := Credentials{Account: account}
	k, err := cr.APIKey(env)
	if err != nil {
		return cr.AccountFor(env), "", keyringHint(err)
	}
	return cr.AccountFor(env), esia.MaskKey(k), nil
}

// DeleteAPIKey removes the API key of an environment from the keyring.
func (c *Core) DeleteAPIKey(envName, account string) error {
	env, err := c.ResolveEnv(envName)
	if err != nil {
		return err
	}
	if err := esia.DeleteAPIKey(Credentials{Account: account}.AccountFor(env)); err != nil {
		if isNoKeyring(err) {
			return nil // no keyring here: nothing stored, nothing to forget
		}
		return i18n.Wrap(err, "API-ключ не удалён", "the API key is not deleted")
	}
	return nil
}
