package ens_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// Test ИНН (checksum-valid, ens.md §2.3).
const (
	innOperator    = "7799000005"   // registered operator, principal of the МЧД
	innExpired     = "7799000012"   // consent expired yesterday
	innConsented   = "779900000028" // consent to the operator, valid
	innNoConsent   = "779900000109" // known, no consent
	innBadChecksum = "7799000006"
)

// innUnknown is checksum-valid, has a consent, but is not in the seed.
var innUnknown = func() string {
	for i := 19; ; i++ {
		s := "77990000" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if ens.ValidINN(s) {
			return s
		}
	}
}()

type env struct {
	t     *testing.T
	pki   *gostPKI
	prof  *ens.Profile
	clock *sandbox.ManualClock
	srv   *sandbox.Server
	ts    *httptest.Server

	mu     sync.Mutex
	sleeps []time.Duration
}

func loadProfiles(t *testing.T) []*ens.Profile {
	alt, err := ens.LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	def := ens.DefaultProfile()
	def.PageSize = 5 // several pages in the tests
	return []*ens.Profile{def, alt}
}

func newEnv(t *testing.T, prof *ens.Profile, mutate func(*sandbox.Options)) *env {
	t.Helper()
	e := &env{t: t, pki: getPKI(t), prof: prof, clock: sandbox.NewManualClock(time.Now().Truncate(time.Second))}
	today := ens.Date(e.clock.Now())
	o := sandbox.Options{
		Profile:   prof,
		Verifier:  sandbox.NewGostVerifier(e.pki.roots, e.clock, prof.INNOIDs),
		Clock:     e.clock,
		Operators: []string{innOperator},
		Consents: []sandbox.Consent{
			{Taxpayer: innConsented, Operator: innOperator, Code: "21001", From: today.AddDate(0, -1, 0), To: today.AddDate(1, 0, 0)},
			{Taxpayer: innExpired, Operator: innOperator, Code: "21001", From: today.AddDate(0, -6, 0), To: today.AddDate(0, 0, -1)},
			{Taxpayer: innUnknown, Operator: innOperator, Code: "21001", From: today, To: today},
			{Taxpayer: innNoConsent, Operator: innOperator, Code: "21002", From: today, To: today}, // wrong code
		},
	}
	if mutate != nil {
		mutate(&o)
	}
	e.srv = sandbox.NewServer(o)
	e.ts = httptest.NewServer(e.srv)
	t.Cleanup(e.ts.Close)
	return e
}

// client builds a client of the sandbox; its Sleep advances the sandbox clock.
func (e *env) client(s ens.Signer, mode ens.Mode, mutate func(*ens.Config)) (*ens.Client, error) {
	cfg := ens.Config{
		Profile: e.prof, BaseURL: e.ts.URL, Signer: s, Mode: mode,
		HTTPClient: e.ts.Client(),
		Sleep: func(_ context.Context, d time.Duration) error {
			e.mu.Lock()
			e.sleeps = append(e.sleeps, d)
			e.mu.Unlock()
			e.clock.Advance(d)
			return nil
		},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	return ens.New(cfg)
}

func (e *env) mustClient(s ens.Signer, mode ens.Mode, mutate func(*ens.Config)) *ens.Client {
	e.t.Helper()
	c, err := e.client(s, mode, mutate)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// raw sends one request shaped by the profile and returns the status and
// the decoded error (nil on 200) and the JSON body.
func (e *env) raw(ep ens.Endpoint, inn, token string, params map[string]string, body map[string]any) (map[string]any, error) {
	e.t.Helper()
	p := e.prof
	q := url.Values{}
	hdr := http.Header{}
	if ep.Method == "POST" && body == nil {
		body = map[string]any{}
	}
	if inn != "" {
		switch p.TaxpayerINN.In {
		case "query":
			q.Set(p.TaxpayerINN.Name, inn)
		case "header":
			hdr.Set(p.TaxpayerINN.Name, inn)
		case "body":
			body[p.TaxpayerINN.Name] = inn
		}
	}
	for k, v := range params {
		if ep.Method == "POST" {
			body[k] = v
		} else {
			q.Set(k, v)
		}
	}
	u := e.ts.URL + ep.PathFor(inn)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(nestDots(body))
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(ep.Method, u, rd)
	req.Header = hdr
	if token != "" {
		req.Header.Set(p.TokenHeader, token)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, p.DecodeError(resp.StatusCode, resp.Header, b)
	}
	m, err := ens.DecodeObject(b)
	if err != nil {
		e.t.Fatalf("answer: %v: %s", err, b)
	}
	return m, nil
}

// nestDots turns {"a.b": v} into {"a": {"b": v}} as profiles address fields.
func nestDots(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		cur := out
		parts := strings.Split(k, ".")
		for _, p := range parts[:len(parts)-1] {
			n, ok := cur[p].(map[string]any)
			if !ok {
				n = map[string]any{}
				cur[p] = n
			}
			cur = n
		}
		cur[parts[len(parts)-1]] = v
	}
	return out
}

func get(m map[string]any, path string) any {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}

// rawKey gets a temporary key.
func (e *env) rawKey() string {
	e.t.Helper()
	m, err := e.raw(e.prof.TempKey, "", "", nil, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	k, _ := get(m, e.prof.Fields.Key).(string)
	if k == "" {
		e.t.Fatalf("no key in %v", m)
	}
	return k
}

// sign signs what the profile says to sign for key.
func (e *env) sign(s ens.Signer, key string) []byte {
	e.t.Helper()
	c, err := e.prof.SignedContent(key)
	if err != nil {
		e.t.Fatal(err)
	}
	sig, err := s.SignCAdES(context.Background(), c, e.prof.Signature == ens.SigAttached)
	if err != nil {
		e.t.Fatal(err)
	}
	return sig
}

// rawSignIn posts a key and a signature; it returns the token header value.
func (e *env) rawSignIn(key string, sig []byte) (string, error) {
	e.t.Helper()
	f := e.prof.Fields
	m, err := e.raw(e.prof.SignIn, "", "", nil, map[string]any{
		f.SignInKey: key, f.SignInSignature: base64.StdEncoding.EncodeToString(sig)})
	if err != nil {
		return "", err
	}
	tok, _ := get(m, f.Token).(string)
	if !e.prof.TokenEncodedByServer {
		tok = e.prof.TokenEncoding().EncodeToString([]byte(tok))
	}
	return e.prof.TokenPrefix + tok, nil
}

func readFile(t *testing.T, name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
