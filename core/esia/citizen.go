package esia

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// Variant selects the citizen OAuth2 endpoints and client_secret scheme.
type Variant int

const (
	// V2Raw: GET /aas/oauth2/v2/ac and POST /aas/oauth2/v3/te; client_secret
	// is a raw GOST signature over client_id+scope+timestamp+state+
	// redirect_uri (+code on te), with client_certificate_hash.
	V2Raw Variant = iota
	// LegacyPKCS7: GET /aas/oauth2/ac and POST /aas/oauth2/te; client_secret
	// is a detached PKCS#7 over scope+timestamp+client_id+state.
	LegacyPKCS7
)

// ScopeAPIOrder is the API ЕПГУ scope (spec v1.13 Таблица 1).
const ScopeAPIOrder = "http://lk.gosuslugi.ru/api-order"

// TimestampLayout is the ЕСИА timestamp format ("2024.05.16 10:01:02 +0000").
const TimestampLayout = "2006.01.02 15:04:05 -0700"

// Permission is an element of the "permissions" parameter (consent).
type Permission struct {
	ResponsibleObject string    `json:"responsibleObject"`
	Sysname           string    `json:"sysname"`
	Expire            int       `json:"expire"`
	Actions           []Sysname `json:"actions"`
	Purposes          []Sysname `json:"purposes"`
	Scopes            []Sysname `json:"scopes"`
}

// Sysname is {"sysname": …}.
type Sysname struct {
	Sysname string `json:"sysname"`
}

// APIPGUPermission is the consent API ЕПГУ checks (the token's permissions
// must contain "APIPGU", spec v1.13 Appendix 4); expire is in minutes.
func APIPGUPermission(responsibleObject string, expireMinutes int) Permission {
	return Permission{ResponsibleObject: responsibleObject, Sysname: "APIPGU", Expire: expireMinutes,
		Actions: []Sysname{{"ALL_ACTIONS_TO_DATA"}}, Purposes: []Sysname{{"APIPGU"}}, Scopes: []Sysname{{ScopeAPIOrder}}}
}

// CitizenOptions configure a Citizen flow.
type CitizenOptions struct {
	BaseURL     string
	ClientID    string // IS mnemonic
	RedirectURI string
	// Scope; "openid" when Permissions are given, else ScopeAPIOrder.
	Scope       string
	Permissions []Permission
	Variant     Variant
	Raw         RawSigner // V2Raw
	Signer      Signer    // LegacyPKCS7
	HTTPClient  *http.Client
	Logger      logrus.FieldLogger
	Now         func() time.Time
}

// Citizen runs the OAuth2 authorisation-code flow of a citizen (ФЛ).
type Citizen struct{ o CitizenOptions }

// Token is the token answer of /te.
type Token struct {
	AccessToken  string `json:"access_token"`
	IDToken      string `json:"id_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	State        string `json:"state"`
	ExpiresIn    int64  `json:"expires_in"`
	// Expires is computed from exp of the token or expires_in.
	Expires time.Time `json:"-"`
}

// NewCitizen checks o and returns the flow.
func NewCitizen(o CitizenOptions) (*Citizen, error) {
	if o.BaseURL == "" || o.ClientID == "" || o.RedirectURI == "" {
		return nil, fmt.Errorf("esia: BaseURL, ClientID and RedirectURI are required")
	}
	if o.Variant == V2Raw && o.Raw == nil || o.Variant == LegacyPKCS7 && o.Signer == nil {
		return nil, fmt.Errorf("esia: no signer for the chosen variant")
	}
	if o.Scope == "" {
		o.Scope = ScopeAPIOrder
		if len(o.Permissions) > 0 {
			o.Scope = "openid"
		}
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.Logger == nil {
		o.Logger = logrus.StandardLogger()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Citizen{o: o}, nil
}

// NewState returns a random UUIDv4 state.
func NewState() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func (c *Citizen) paths() (ac, te string) {
	if c.o.Variant == V2Raw {
		return "/aas/oauth2/v2/ac", "/aas/oauth2/v3/te"
	}
	return "/aas/oauth2/ac", "/aas/oauth2/te"
}

// secret computes client_secret. For V2Raw the signed string is
// client_id+scope+timestamp+state+redirect_uri+code; for LegacyPKCS7
// scope+timestamp+client_id+state. Encoding: base64url with padding.
func (c *Citizen) secret(ctx context.Context, scope, ts, state, code string) (string, error) {
	var sig []byte
	var err error
	if c.o.Variant == V2Raw {
		sig, err = c.o.Raw.SignRaw(ctx, []byte(c.o.ClientID+scope+ts+state+c.o.RedirectURI+code))
	} else {
		sig, err = c.o.Signer.SignDetached(ctx, []byte(scope+ts+c.o.ClientID+state))
	}
	if err != nil {
		return "", fmt.Errorf("esia: signing client_secret: %w", err)
	}
	return base64.URLEncoding.EncodeToString(sig), nil
}

// AuthURL builds the authorisation URL the user opens in a browser and
// returns it with the state to check on the callback.
func (c *Citizen) AuthURL(ctx context.Context) (string, string, error) {
	state := NewState()
	ts := c.o.Now().UTC().Format(TimestampLayout)
	sec, err := c.secret(ctx, c.o.Scope, ts, state, "")
	if err != nil {
		return "", "", err
	}
	q := url.Values{}
	q.Set("client_id", c.o.ClientID)
	q.Set("client_secret", sec)
	q.Set("scope", c.o.Scope)
	q.Set("timestamp", ts)
	q.Set("state", state)
	q.Set("redirect_uri", c.o.RedirectURI)
	q.Set("response_type", "code")
	q.Set("access_type", "online")
	if c.o.Variant == V2Raw {
		h, err := c.o.Raw.CertificateHash()
		if err != nil {
			return "", "", err
		}
		q.Set("client_certificate_hash", h)
	}
	if len(c.o.Permissions) > 0 {
		pj, _ := json.Marshal(c.o.Permissions)
		q.Set("permissions", base64.RawURLEncoding.EncodeToString(pj))
	}
	ac, _ := c.paths()
	return strings.TrimRight(c.o.BaseURL, "/") + ac + "?" + q.Encode(), state, nil
}

// ParseCallback reads the redirect_uri query: the code on success, or the
// ЕСИА error. The state must equal expectedState.
func ParseCallback(query url.Values, expectedState string) (string, error) {
	if query.Get("state") != expectedState {
		return "", ErrStateMismatch
	}
	if e := query.Get("error"); e != "" {
		d := query.Get("error_description")
		return "", &Error{Code: ParseCode(d), OAuthError: e, Description: d, State: query.Get("state")}
	}
	code := query.Get("code")
	if code == "" {
		return "", &Error{Code: "ESIA-007014", Description: "no code in the callback"}
	}
	return code, nil
}

// Exchange trades the authorisation code for a token (POST te).
func (c *Citizen) Exchange(ctx context.Context, code string) (*Token, error) {
	state := NewState()
	ts := c.o.Now().UTC().Format(TimestampLayout)
	sec, err := c.secret(ctx, c.o.Scope, ts, state, code)
	if err != nil {
		return nil, err
	}
	f := url.Values{}
	f.Set("client_id", c.o.ClientID)
	f.Set("client_secret", sec)
	f.Set("scope", c.o.Scope)
	f.Set("timestamp", ts)
	f.Set("state", state)
	f.Set("redirect_uri", c.o.RedirectURI)
	f.Set("code", code)
	f.Set("grant_type", "authorization_code")
	f.Set("token_type", "Bearer")
	if c.o.Variant == V2Raw {
		h, err := c.o.Raw.CertificateHash()
		if err != nil {
			return nil, err
		}
		f.Set("client_certificate_hash", h)
	}
	_, te := c.paths()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.o.BaseURL, "/")+te, strings.NewReader(f.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.o.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("esia: token exchange failed: %w", redactURL(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		e := &Error{HTTPStatus: resp.StatusCode}
		fillError(e, body)
		return nil, e
	}
	var t Token
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" {
		return nil, ErrNoAccessToken
	}
	if t.State != "" && t.State != state {
		return nil, ErrStateMismatch
	}
	t.Expires = Expiry(t.AccessToken)
	if t.Expires.IsZero() && t.ExpiresIn > 0 {
		t.Expires = c.o.Now().Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	c.o.Logger.Info("esia: citizen token received")
	return &t, nil
}
