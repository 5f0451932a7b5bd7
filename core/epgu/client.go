// Package epgu is a client of API ЕПГУ ("gusmev", Спецификация API ЕПГУ
// v1.13, 18.07.2024): order reservation, upload (single request and
// chunked), details, status lists, cancel, downloads and НСИ dictionaries.
//
// Every call takes a context, retries 429/502/503/504 with exponential
// backoff and jitter (Retry-After honoured), and repeats a request once with
// a fresh token after 401. All identifiers are int64.
package epgu

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// TokenSource gives the bearer access token (маркер доступа ЕСИА).
type TokenSource interface {
	// Token returns a valid token, fetching a new one if needed.
	Token(ctx context.Context) (string, error)
	// Invalidate drops token from the cache after the server answered 401.
	Invalidate(token string)
}

// StaticToken is a TokenSource with a fixed token (tests, one-off calls).
type StaticToken string

// Token returns the token.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// Invalidate does nothing.
func (StaticToken) Invalidate(string) {}

// Well-known base URLs (spec v1.13 §1.2, Таблица 2).
const (
	BaseURLProd     = "https://www.gosuslugi.ru"
	BaseURLTest     = "https://svcdev-gostapi.test.gosuslugi.ru"
	BaseURLTestBeta = "https://svcdev-beta.test.gosuslugi.ru"
)

// Options configure a Client.
type Options struct {
	// BaseURL of API ЕПГУ, e.g. BaseURLTest or the sandbox address.
	BaseURL string
	// Tokens supplies access tokens; required for every method except Dict.
	Tokens TokenSource
	// HTTPClient; http.DefaultClient if nil.
	HTTPClient *http.Client
	// Logger; logrus.StandardLogger() if nil. Tokens, keys and file
	// contents are never logged.
	Logger logrus.FieldLogger
	// MaxRetries of 429/502/503/504 answers (default 4; negative: none).
	MaxRetries int
	// RetryBase is the first backoff delay (default 500 ms), doubled per
	// attempt with full jitter, capped at RetryMax (default 30 s).
	RetryBase, RetryMax time.Duration
	// ChunkSize for PushChunked (default 10,000,000 bytes; allowed range
	// 5,000,000…50,000,000).
	ChunkSize int64
	// Mnemonic of the calling system, sent as "mnemonic" on downloads when
	// the link does not give one.
	Mnemonic string
	// UserAgent, if set, replaces Go's default.
	UserAgent string
}

// Client calls API ЕПГУ. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	opts    Options
	hc      *http.Client
	log     logrus.FieldLogger
	sleep   func(context.Context, time.Duration) error
	now     func() time.Time
	randDur func(time.Duration) time.Duration
}

// New returns a client for opts.BaseURL.
func New(opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(opts.BaseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("epgu: bad base URL %q", opts.BaseURL)
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 4
	}
	if opts.RetryBase <= 0 {
		opts.RetryBase = 500 * time.Millisecond
	}
	if opts.RetryMax <= 0 {
		opts.RetryMax = 30 * time.Second
	}
	if opts.ChunkSize == 0 {
		opts.ChunkSize = 10_000_000
	}
	if opts.ChunkSize < MinChunkSize || opts.ChunkSize > MaxChunkSize {
		return nil, ErrBadChunkSize
	}
	c := &Client{base: u, opts: opts, hc: opts.HTTPClient, log: opts.Logger}
	if c.hc == nil {
		c.hc = http.DefaultClient
	}
	if c.log == nil {
		c.log = logrus.StandardLogger()
	}
	c.sleep = sleepCtx
	c.now = time.Now
	c.randDur = func(d time.Duration) time.Duration {
		if d <= 0 {
			return 0
		}
		return time.Duration(rand.Int64N(int64(d) + 1))
	}
	return c, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// request describes one API call; body is rebuilt for every attempt.
type request struct {
	method string
	path   string // already escaped
	query  url.Values
	auth   bool
	// body returns a fresh body and its content type; nil means no body.
	body func() (io.ReadCloser, string, int64, error)
	// accept lists acceptable 2xx statuses (default: 200).
	accept []int
	// noRetry disables retries of temporary errors (e.g. inside the
	// chunk window the caller retries itself).
	noRetry bool
}

// do performs r and returns the response with an accepted status; the
// caller closes the body. Errors are *Error for API answers.
func (c *Client) do(ctx context.Context, r request) (*http.Response, error) {
	reauthed := false
	for attempt := 0; ; attempt++ {
		resp, token, err := c.once(ctx, r)
		if err != nil {
			return nil, err
		}
		if isAccepted(resp.StatusCode, r.accept) {
			return resp, nil
		}
		apiErr := readError(resp)
		if apiErr.HTTPStatus == http.StatusUnauthorized && r.auth && !reauthed {
			reauthed = true
			c.opts.Tokens.Invalidate(token)
			c.log.WithField("path", r.path).Info("epgu: 401, getting a new token and repeating once")
			attempt--
			continue
		}
		if apiErr.Temporary() && !r.noRetry && attempt < c.opts.MaxRetries {
			d := c.backoff(attempt, apiErr.RetryAfter)
			c.log.WithFields(logrus.Fields{"path": r.path, "status": apiErr.HTTPStatus, "delay": d}).Warn("epgu: temporary error, retrying")
			if err := c.sleep(ctx, d); err != nil {
				return nil, err
			}
			continue
		}
		return nil, apiErr
	}
}

func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter + c.randDur(retryAfter/10)
	}
	d := c.opts.RetryBase << attempt
	if d > c.opts.RetryMax || d <= 0 {
		d = c.opts.RetryMax
	}
	return c.randDur(d)
}

func isAccepted(status int, accept []int) bool {
	if len(accept) == 0 {
		return status == http.StatusOK
	}
	for _, a := range accept {
		if a == status {
			return true
		}
	}
	return false
}

func (c *Client) once(ctx context.Context, r request) (*http.Response, string, error) {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + r.path
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	} else {
		u.Path, u.RawPath = u.RawPath, ""
	}
	if r.query != nil {
		u.RawQuery = r.query.Encode()
	}
	var body io.ReadCloser
	var ctype string
	size := int64(-1)
	if r.body != nil {
		var err error
		body, ctype, size, err = r.body()
		if err != nil {
			return nil, "", err
		}
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		if body != nil {
			body.Close()
		}
		return nil, "", err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if size >= 0 {
		req.ContentLength = size
	}
	req.Header.Set("Accept", "application/json")
	if c.opts.UserAgent != "" {
		req.Header.Set("User-Agent", c.opts.UserAgent)
	}
	var token string
	if r.auth {
		if c.opts.Tokens == nil {
			return nil, "", errors.New("epgu: no TokenSource configured")
		}
		token, err = c.opts.Tokens.Token(ctx)
		if err != nil {
			return nil, "", fmt.Errorf("epgu: access token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	fields := logrus.Fields{"method": r.method, "path": r.path, "query": RedactQuery(r.query)}
	if err != nil {
		c.log.WithFields(fields).WithError(RedactError(err)).Warn("epgu: request failed")
		return nil, "", err
	}
	fields["status"] = resp.StatusCode
	fields["elapsed"] = time.Since(start).Round(time.Millisecond)
	c.log.WithFields(fields).Debug("epgu: request")
	return resp, token, nil
}

// readError turns a non-accepted answer into *Error and closes the body.
func readError(resp *http.Response) *Error {
	defer resp.Body.Close()
	e := &Error{HTTPStatus: resp.StatusCode}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && s >= 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(ra); err == nil {
			e.RetryAfter = max(time.Until(t), 0)
		}
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if len(data) > 0 {
		e.Code, e.Message = parseErrorBody(data)
	}
	return e
}

// parseErrorBody reads the Appendix 4 body {"code","message"}; it also
// tolerates {"error":{"code","message"}} seen from some gateways.
func parseErrorBody(data []byte) (code, message string) {
	var flat struct {
		Code    json.RawMessage `json:"code"`
		Message *string         `json:"message"`
		Error   *struct {
			Code    json.RawMessage `json:"code"`
			Message *string         `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &flat) != nil {
		return "", ""
	}
	str := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return strings.Trim(string(raw), `"`)
	}
	if len(flat.Code) > 0 {
		code = str(flat.Code)
	}
	if flat.Message != nil {
		message = *flat.Message
	}
	if code == "" && flat.Error != nil {
		code = str(flat.Error.Code)
		if flat.Error.Message != nil {
			message = *flat.Error.Message
		}
	}
	return code, message
}

// decodeJSON reads a JSON answer into v and closes the body.
func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrUnexpectedAnswer, err)
	}
	return nil
}

func jsonBody(v any) func() (io.ReadCloser, string, int64, error) {
	data, err := json.Marshal(v)
	return func() (io.ReadCloser, string, int64, error) {
		if err != nil {
			return nil, "", 0, err
		}
		return io.NopCloser(bytes.NewReader(data)), "application/json", int64(len(data)), nil
	}
}
