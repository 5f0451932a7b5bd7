package ens

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/ens/mchd"
)

// Mode says on whose behalf the client asks.
type Mode int

const (
	// ModeSelf: the certificate's own ИНН (a company's director, an ИП).
	ModeSelf Mode = iota
	// ModeOperator: an operator (оператор ВУС) asks for taxpayers who
	// gave consent with code 21001 to the operator's ИНН.
	ModeOperator
	// ModeRepresentative: a person acts for the principal of a МЧД.
	ModeRepresentative
)

// MCHD is a power of attorney attached in representative mode.
type MCHD struct {
	XML       []byte // the ON_EMCHD_….xml file
	Signature []byte // its detached CAdES-BES signature (.sig), DER
	// Validator validates XML against the official schema before use
	// (nil: not validated here; the server still checks it).
	Validator mchd.SchemaValidator
}

// Config configures a Client.
type Config struct {
	Profile *Profile // nil: DefaultProfile()
	BaseURL string   // overrides Profile.BaseURL when set
	Signer  Signer
	Mode    Mode
	MCHD    *MCHD // required in ModeRepresentative

	HTTPClient *http.Client // nil: NewHTTPClient(TLS)
	TLS        TLSOptions
	Tokens     TokenStore // nil: a MemoryTokenStore

	// Now and Sleep are the clock (tests replace them).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// RefreshBefore: a cached token is renewed this long before it
	// expires (default 60 s).
	RefreshBefore time.Duration
	// MaxRetryWait: a 429 whose Retry-After is longer is returned to the
	// caller instead of waited out (default 2 min). RateLimitRetries
	// bounds the waits per call (default 2).
	MaxRetryWait     time.Duration
	RateLimitRetries int
}

// Client talks to API ЕНС. It is safe for concurrent use.
type Client struct {
	cfg  Config
	p    *Profile
	base string
	hc   *http.Client
	id   *CertIdentity
	doc  *mchd.Document

	mu sync.Mutex // serialises sign-in (single flight)
}

// Session describes an open session.
type Session struct {
	Expires     time.Time
	INN         string        // whose data the session is for by default
	Certificate *CertIdentity // the signer
	MCHD        *mchd.Document
}

// New checks the configuration and the signing certificate and returns a
// client. It sends nothing.
func New(cfg Config) (*Client, error) {
	p := cfg.Profile
	if p == nil {
		p = DefaultProfile()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	base := cfg.BaseURL
	if base == "" {
		base = p.BaseURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, localError(CodeConfig, err, "адрес API ЕНС %q", "ENS API address %q", base)
	}
	if cfg.Signer == nil {
		return nil, localError(CodeConfig, nil, "не выбран сертификат для подписи", "no certificate chosen for signing")
	}
	if cfg.Tokens == nil {
		cfg.Tokens = &MemoryTokenStore{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.RefreshBefore == 0 {
		cfg.RefreshBefore = 60 * time.Second
	}
	if cfg.MaxRetryWait == 0 {
		cfg.MaxRetryWait = 2 * time.Minute
	}
	if cfg.RateLimitRetries == 0 {
		cfg.RateLimitRetries = 2
	}
	hc := cfg.HTTPClient
	if hc == nil {
		var err error
		if hc, err = NewHTTPClient(cfg.TLS); err != nil {
			return nil, err
		}
	}
	c := &Client{cfg: cfg, p: p, base: strings.TrimRight(base, "/"), hc: hc}
	if err := c.checkCertificate(); err != nil {
		return nil, err
	}
	if cfg.Mode == ModeRepresentative {
		if cfg.MCHD == nil {
			return nil, localError(CodeConfig, nil, "в режиме представителя нужна МЧД", "representative mode needs an MCHD")
		}
		d, err := mchd.Parse(cfg.MCHD.XML, &mchd.Options{Validator: cfg.MCHD.Validator})
		if err != nil {
			return nil, mchdError(err)
		}
		c.doc = d
	}
	return c, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Profile returns the profile in use.
func (c *Client) Profile() *Profile { return c.p }

// Certificate returns what the client knows about the signing certificate.
func (c *Client) Certificate() *CertIdentity { return c.id }

// MCHD returns the parsed power of attorney (representative mode), or nil.
func (c *Client) MCHD() *mchd.Document { return c.doc }

// DefaultINN is the ИНН data calls use when none is given: the МЧД's
// principal in representative mode, else the certificate's ИНН.
func (c *Client) DefaultINN() string {
	if c.doc != nil && len(c.doc.Principals) > 0 {
		return c.doc.Principals[0].INN
	}
	return c.id.INN
}

// checkCertificate applies the guide's requirements to the certificate
// before anything is sent: an ИНН, a GOST R 34.10-2012 256 key, in date.
func (c *Client) checkCertificate() error {
	der := c.cfg.Signer.CertificateDER()
	id, err := IdentifyCertificate(der, c.p.INNOIDs)
	if err != nil {
		return localError(CodeConfig, err, "сертификат подписанта не читается", "the signer's certificate cannot be read")
	}
	c.id = id
	if id.INN == "" {
		return localError(CodeCertNoINN, nil, "сертификат %q", "certificate %q", id.CommonName)
	}
	if !id.Gost256 {
		return localError(CodeUnsupportedAlgorithm, nil, "ключ сертификата %q не ГОСТ 2012-256", "the key of certificate %q is not GOST 2012-256", id.CommonName)
	}
	now := c.cfg.Now()
	if now.Before(id.NotBefore) || now.After(id.NotAfter) {
		return localError(CodeCertExpired, nil, "сертификат действует с %s по %s", "the certificate is valid from %s to %s",
			id.NotBefore.In(Moscow).Format("02.01.2006"), id.NotAfter.In(Moscow).Format("02.01.2006"))
	}
	return nil
}

func (c *Client) storeKey() string {
	return c.p.Name + "|" + c.base + "|" + c.id.Thumbprint + "|" + strconv.Itoa(int(c.cfg.Mode))
}

// Logout forgets the cached token.
func (c *Client) Logout() { c.cfg.Tokens.Delete(c.storeKey()) }

// Login signs in now, even if a cached token is still valid.
func (c *Client) Login(ctx context.Context) (*Session, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, err := c.signIn(ctx)
	if err != nil {
		return nil, err
	}
	return &Session{Expires: t.Expires, INN: t.INN, Certificate: c.id, MCHD: c.doc}, nil
}

// token returns a cached token that is not about to expire, or signs in.
func (c *Client) token(ctx context.Context, stale string) (Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.cfg.Tokens.Load(c.storeKey()); ok && t.Header != stale &&
		c.cfg.Now().Add(c.cfg.RefreshBefore).Before(t.Expires) {
		return t, nil
	}
	return c.signIn(ctx)
}

// signIn runs the two-step sign-in with a fresh temporary key.
func (c *Client) signIn(ctx context.Context) (Token, error) {
	if c.doc != nil {
		h := c.holder()
		if err := c.doc.Check(mchd.Request{Holder: h, Date: c.cfg.Now(), AnyOfPowers: c.p.MCHDPowers}); err != nil {
			return Token{}, mchdError(err)
		}
	}
	// Step 1: a temporary (one-time) key; never reused, even on failure.
	o, err := c.call(ctx, c.p.TempKey, "", nil, nil)
	if err != nil {
		return Token{}, err
	}
	key, err := o.need(c.p.Fields.Key)
	if err != nil {
		return Token{}, err
	}
	if s := o.str(c.p.Fields.KeyExpires); s != "" {
		exp, err := c.p.parseTime(s)
		if err != nil {
			return Token{}, localError(CodeProtocol, err, "время деактивации ключа %q", "key deactivation time %q", s)
		}
		if !c.cfg.Now().Before(exp) {
			return Token{}, localError(CodeKeyExpired, nil, "ключ деактивирован в %s", "key deactivated at %s", exp.Format(time.RFC3339))
		}
	}
	// Step 2: CAdES-BES over the key, checked before it is sent.
	content, err := c.p.SignedContent(key)
	if err != nil {
		return Token{}, err
	}
	sig, err := c.cfg.Signer.SignCAdES(ctx, content, c.p.Signature == SigAttached)
	if err != nil {
		return Token{}, localError(CodeSigner, err, "", "")
	}
	if err := c.checkSignature(sig, content); err != nil {
		return Token{}, err
	}
	body := map[string]any{}
	setPath(body, c.p.Fields.SignInKey, key)
	setPath(body, c.p.Fields.SignInSignature, base64.StdEncoding.EncodeToString(sig))
	if c.doc != nil {
		setPath(body, c.p.Fields.SignInMCHD, base64.StdEncoding.EncodeToString(c.cfg.MCHD.XML))
		if len(c.cfg.MCHD.Signature) > 0 {
			setPath(body, c.p.Fields.SignInMCHDSignature, base64.StdEncoding.EncodeToString(c.cfg.MCHD.Signature))
		}
	}
	o, err = c.call(ctx, c.p.SignIn, "", nil, body)
	if err != nil {
		return Token{}, err
	}
	raw, err := o.need(c.p.Fields.Token)
	if err != nil {
		return Token{}, err
	}
	exp, err := c.lifetime(o)
	if err != nil {
		return Token{}, err
	}
	hdr := raw
	if !c.p.TokenEncodedByServer {
		hdr = c.p.TokenEncoding().EncodeToString([]byte(raw))
	}
	t := Token{Header: c.p.TokenPrefix + hdr, Expires: exp, INN: c.DefaultINN()}
	c.cfg.Tokens.Save(c.storeKey(), t)
	return t, nil
}

func (c *Client) lifetime(o obj) (time.Time, error) {
	s, err := o.need(c.p.Fields.TokenLifetime)
	if err != nil {
		return time.Time{}, err
	}
	if c.p.TokenLifetimeKind == LifetimeSecs {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return time.Time{}, localError(CodeProtocol, err, "срок действия токена %q", "token lifetime %q", s)
		}
		return c.cfg.Now().Add(time.Duration(n) * time.Second), nil
	}
	t, err := c.p.parseTime(s)
	if err != nil {
		return time.Time{}, localError(CodeProtocol, err, "срок действия токена %q", "token lifetime %q", s)
	}
	return t, nil
}

func (c *Client) holder() mchd.Holder {
	return mchd.Holder{PersonalINN: c.id.PersonalINN, OrgINN: c.id.INNLE, SNILS: c.id.SNILS,
		Surname: c.id.Surname, GivenName: c.id.GivenName}
}

// checkSignature applies the guide's rules to the signature the Signer
// made: one signer, exactly one certificate (the selected one), GOST
// 2012-256, bound to the signed bytes.
func (c *Client) checkSignature(sig, content []byte) error {
	sd, err := ParseSignedData(sig)
	if err != nil {
		return localError(CodeSigner, err, "", "")
	}
	if len(sd.Certificates) != 1 {
		return localError(CodeMultipleCertificates, nil, "сертификатов в подписи: %d", "certificates in the signature: %d", len(sd.Certificates))
	}
	if len(sd.Signers) != 1 {
		return localError(CodeMultipleCertificates, nil, "подписантов: %d", "signers: %d", len(sd.Signers))
	}
	if !bytes.Equal(sd.Certificates[0], c.cfg.Signer.CertificateDER()) {
		return localError(CodeSigner, nil, "в подписи другой сертификат, не выбранный", "the signature carries another certificate, not the chosen one")
	}
	if !sd.IsGost256() {
		return localError(CodeUnsupportedAlgorithm, nil, "", "")
	}
	if !sd.IsCAdESBES(sd.Certificates[0]) {
		return localError(CodeNotCAdESBES, nil, "", "")
	}
	if sd.Attached != (c.p.Signature == SigAttached) || (sd.Attached && !bytes.Equal(sd.Content, content)) ||
		!sd.DigestMatches(content) {
		return localError(CodeSigner, nil, "подпись сделана не над временным ключом", "the signature is not over the temporary key")
	}
	return nil
}

func mchdError(err error) error {
	var me *mchd.Error
	if !errors.As(err, &me) {
		return localError(CodeMCHDInvalid, err, "", "")
	}
	code := CodeMCHDInvalid
	switch me.Code {
	case mchd.CodeExpired, mchd.CodeNotYetValid:
		code = CodeMCHDExpired
	case mchd.CodeRepresentativeMismatch, mchd.CodePrincipalMismatch:
		code = CodeMCHDMismatch
	case mchd.CodeNoPower:
		code = CodeMCHDNoPower
	}
	return &Error{Code: code, Local: true, Err: err}
}

// call sends one request and decodes a JSON object answer; errors come
// back as *Error. tok is the token header value ("" for auth calls).
func (c *Client) call(ctx context.Context, ep Endpoint, tok string, r *dataReq, body map[string]any) (obj, error) {
	path := ep.Path
	q := url.Values{}
	hdr := http.Header{}
	if r != nil {
		path = ep.PathFor(url.PathEscape(r.inn))
		if body == nil && ep.Method == "POST" {
			body = map[string]any{}
		}
		put := func(in, name, val string) {
			switch {
			case in == "header":
				hdr.Set(name, val)
			case in == "body" && body != nil:
				setPath(body, name, val)
			default:
				q.Set(name, val)
			}
		}
		switch c.p.TaxpayerINN.In {
		case "query", "header", "body":
			put(c.p.TaxpayerINN.In, c.p.TaxpayerINN.Name, r.inn)
		}
		if c.doc != nil && c.p.MCHDNumber.In != "" {
			put(c.p.MCHDNumber.In, c.p.MCHDNumber.Name, c.doc.Number)
		}
		for k, v := range r.params {
			if ep.Method == "POST" {
				setPath(body, k, v)
			} else {
				q.Set(k, v)
			}
		}
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, localError(CodeConfig, err, "", "")
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, ep.Method, u, rd)
	if err != nil {
		return nil, localError(CodeConfig, err, "", "")
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if tok != "" {
		req.Header.Set(c.p.TokenHeader, tok)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, localError(CodeNetwork, err, "%s", "%s", c.base)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, localError(CodeNetwork, err, "", "")
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.p.DecodeError(resp.StatusCode, resp.Header, b)
	}
	o, err := decodeObject(b)
	if err != nil {
		return nil, localError(CodeProtocol, err, "", "")
	}
	return o, nil
}

type dataReq struct {
	inn    string
	params map[string]string
}

// data runs a data call with the session token: one re-sign-in when the
// server rejects the token, waits on 429 within MaxRetryWait.
func (c *Client) data(ctx context.Context, ep Endpoint, r *dataReq) (obj, error) {
	stale := ""
	reauthed := false
	waits := 0
	for {
		t, err := c.token(ctx, stale)
		if err != nil {
			return nil, err
		}
		o, err := c.call(ctx, ep, t.Header, r, nil)
		if err == nil {
			return o, nil
		}
		var e *Error
		if !errors.As(err, &e) {
			return nil, err
		}
		switch e.Code {
		case CodeTokenExpired, CodeTokenInvalid:
			if reauthed {
				return nil, err
			}
			reauthed, stale = true, t.Header
			c.cfg.Tokens.Delete(c.storeKey())
			continue
		case CodeRateLimited:
			if waits >= c.cfg.RateLimitRetries || e.RetryAfter > c.cfg.MaxRetryWait {
				return nil, err
			}
			d := e.RetryAfter
			if d <= 0 {
				d = time.Second << waits
			}
			waits++
			if err := c.cfg.Sleep(ctx, d); err != nil {
				return nil, err
			}
			continue
		}
		return nil, err
	}
}
