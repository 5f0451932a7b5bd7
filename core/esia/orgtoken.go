package esia

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
)

// Well-known ЕСИА base URLs.
const (
	BaseURLProd = "https://esia.gosuslugi.ru"
	BaseURLTest = "https://esia-portal1.test.gosuslugi.ru"
)

// OrgTokenOptions configure an OrgTokenSource.
type OrgTokenOptions struct {
	// BaseURL of ЕСИА.
	BaseURL string
	// APIKey is the API key (UUID) from «Мои системы».
	APIKey string
	// Signer signs the API key (an employee's or the organisation's
	// certificate; not one without organisation data).
	Signer Signer
	// HTTPClient; http.DefaultClient if nil.
	HTTPClient *http.Client
	// Leeway: a token expiring within Leeway is refreshed (default 30 s).
	Leeway time.Duration
	// DefaultTTL is assumed when the JWT has no exp (default 5 min).
	DefaultTTL time.Duration
	// Logger; logrus.StandardLogger() if nil. The key, the signature and
	// the token are never logged.
	Logger logrus.FieldLogger
	// Now, for tests; time.Now if nil.
	Now func() time.Time
}

// OrgTokenSource exchanges an API key for an access token:
// GET {esia}/esia-rs/api/public/v1/orgs/ext-app/{apiKey}/tkn?signature=…
// where signature is base64url without padding of a detached CAdES-BES
// over the key's UTF-8 bytes (apikey-consumer-guide v3.3 §5, urlSafeBase64
// since v2.2). The token is cached until exp−Leeway; concurrent callers
// share one refresh. It implements epgu.TokenSource.
type OrgTokenSource struct {
	o OrgTokenOptions

	mu      sync.Mutex
	token   string
	expires time.Time
	flight  *flight
}

type flight struct {
	done  chan struct{}
	token string
	err   error
}

// NewOrgTokenSource returns a token source for o.
func NewOrgTokenSource(o OrgTokenOptions) (*OrgTokenSource, error) {
	if o.BaseURL == "" || o.APIKey == "" || o.Signer == nil {
		return nil, fmt.Errorf("esia: BaseURL, APIKey and Signer are required")
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.Leeway == 0 {
		o.Leeway = 30 * time.Second
	}
	if o.DefaultTTL == 0 {
		o.DefaultTTL = 5 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = logrus.StandardLogger()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &OrgTokenSource{o: o}, nil
}

// Token returns a cached token or fetches a new one (single-flight).
func (s *OrgTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.token != "" && s.o.Now().Add(s.o.Leeway).Before(s.expires) {
		t := s.token
		s.mu.Unlock()
		return t, nil
	}
	f := s.flight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		s.flight = f
		go s.refresh(f)
	}
	s.mu.Unlock()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-f.done:
		return f.token, f.err
	}
}

func (s *OrgTokenSource) refresh(f *flight) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tok, exp, err := s.fetch(ctx)
	s.mu.Lock()
	if err == nil {
		s.token, s.expires = tok, exp
	}
	s.flight = nil
	s.mu.Unlock()
	f.token, f.err = tok, err
	close(f.done)
}

// Invalidate drops token if it is the cached one (after a 401).
func (s *OrgTokenSource) Invalidate(token string) {
	s.mu.Lock()
	if s.token == token {
		s.token, s.expires = "", time.Time{}
	}
	s.mu.Unlock()
}

// Expires returns the expiry of the cached token (zero if none).
func (s *OrgTokenSource) Expires() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expires
}

// SignAPIKey returns the signature parameter for apiKey.
func SignAPIKey(ctx context.Context, signer Signer, apiKey string) (string, error) {
	sig, err := signer.SignDetached(ctx, []byte(apiKey))
	if err != nil {
		return "", fmt.Errorf("esia: signing the API key: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(sig), nil
}

func (s *OrgTokenSource) fetch(ctx context.Context) (string, time.Time, error) {
	sig, err := SignAPIKey(ctx, s.o.Signer, s.o.APIKey)
	if err != nil {
		return "", time.Time{}, err
	}
	u := strings.TrimRight(s.o.BaseURL, "/") + "/esia-rs/api/public/v1/orgs/ext-app/" + url.PathEscape(s.o.APIKey) + "/tkn?signature=" + url.QueryEscape(sig)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", time.Time{}, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.o.HTTPClient.Do(req)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("esia: token request failed: %w", redactURL(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		e := &Error{HTTPStatus: resp.StatusCode}
		fillError(e, body)
		s.o.Logger.WithField("status", resp.StatusCode).Warn("esia: ext-app token refused")
		return "", time.Time{}, e
	}
	var a struct {
		AccessTkn string `json:"accessTkn"`
		ExpiresIn int64  `json:"expiresIn"`
	}
	if err := json.Unmarshal(body, &a); err != nil || a.AccessTkn == "" {
		return "", time.Time{}, ErrNoAccessToken
	}
	exp := Expiry(a.AccessTkn)
	if exp.IsZero() {
		ttl := s.o.DefaultTTL
		if a.ExpiresIn > 0 {
			ttl = time.Duration(a.ExpiresIn) * time.Second
		}
		exp = s.o.Now().Add(ttl)
	}
	s.o.Logger.WithField("expires", exp.Format(time.RFC3339)).Info("esia: ext-app token received")
	return a.AccessTkn, exp, nil
}

// fillError reads an OAuth2/ЕСИА error body into e.
func fillError(e *Error, body []byte) {
	var b struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		State       string `json:"state"`
		Code        string `json:"code"`
		Message     string `json:"message"`
	}
	if json.Unmarshal(body, &b) != nil {
		return
	}
	e.OAuthError, e.Description, e.State = b.Error, b.Description, b.State
	if e.Description == "" {
		e.Description = b.Message
	}
	e.Code = ParseCode(e.Description)
	if e.Code == "" {
		e.Code = ParseCode(b.Code)
	}
}

// redactURL strips the URL (holding the key and signature) from a
// transport error.
func redactURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
