package workflow

import (
	"context"
	"errors"
	"fmt"
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
}

// Environment is a resolved environment (name, ЕСИА and API ЕПГУ
// addresses).
type Environment = config.Environment

// ResolveEnv resolves an environment name (or URL) with the settings;
// an unknown name is an InputError.
func (c *Core) ResolveEnv(name string) (Environment, error) {
	env, err := config.Resolve(name, c.settings)
	if err != nil {
		if name != "" {
			return env, &InputError{Text: i18n.Text{RU: i18n.MessageIn(i18n.RU, err), EN: i18n.MessageIn(i18n.EN, err)}}
		}
		return env, err
	}
	return env, nil
}

// OpenSession finds the credentials and prepares the organisation token
// flow (ЕСИА ext-app: API key signed with the certificate).
func (c *Core) OpenSession(ctx context.Context, o SessionOptions) (*Session, error) {
	env, err := c.ResolveEnv(o.Env)
	if err != nil {
		return nil, err
	}
	creds := o.Creds.Merge(c.settings)
	if o.Creds.HasSigner() && creds.Key == "" && creds.Cert != "" {
		return nil, inputf("сертификат (--cert) указывается вместе с ключом (--key)", "a certificate (--cert) goes with a key (--key)")
	}
	var key string
	if env.Sandbox() && (creds.APIKeyFile == "" && creds.Account == "" || !creds.HasSigner()) {
		sc, err := config.FetchSandboxCredentials(ctx, env)
		if err != nil {
			return nil, err
		}
		creds, key = creds.ForSandbox(sc)
	}
	if key == "" {
		if key, err = creds.APIKey(env); err != nil {
			return nil, err
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
	cl, err := epgu.New(epgu.Options{BaseURL: env.EPGU, Tokens: ts, ChunkSize: chunk, HTTPClient: c.opts.HTTPClient, Logger: c.log, MaxRetries: -1})
	if err != nil {
		if errors.Is(err, epgu.ErrBadChunkSize) {
			return nil, &InputError{Text: i18n.Text{RU: "размер части: от 5 000 000 до 50 000 000 байт", EN: "chunk size: 5,000,000 to 50,000,000 bytes"}, Err: err}
		}
		return nil, err
	}
	return &Session{core: c, env: env, tokens: ts, signer: signer, client: cl, chunk: chunk, account: creds.AccountFor(env)}, nil
}

// openSigner opens the signing key; a wrong or missing PIN without a
// prompt gets a hint to pass the PIN variable.
func openSigner(ctx context.Context, creds Credentials, prompt PINPrompt) (keystore.Signer, error) {
	s, err := creds.Signer(ctx, prompt)
	if err != nil {
		if !creds.HasSigner() || errors.Is(err, config.ErrManySigners) {
			return nil, &InputError{Text: i18n.Text{RU: i18n.MessageIn(i18n.RU, err), EN: i18n.MessageIn(i18n.EN, err)}, Err: err}
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
		return cr.AccountFor(env), "", err
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
		return i18n.Wrap(err, "API-ключ не удалён", "the API key is not deleted")
	}
	return nil
}
