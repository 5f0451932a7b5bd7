package ens

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
)

// Consent is a taxpayer's consent (format 5.03) to disclose tax secrecy to
// an operator through API ЕНС; the code must be "21001". From and To are
// civil dates, inclusive.
type Consent struct {
	Taxpayer, Operator, Code string
	From, To                 time.Time
}

// Window is a maintenance window [Start, End).
type Window struct{ Start, End time.Time }

// Options configure a Server. Zero values give the defaults noted.
type Options struct {
	Profile  *ens.Profile // default ens.DefaultProfile()
	Verifier Verifier     // required for sign-in
	Clock    Clock        // default: real time

	// AllowedNets is the IP allow-list (default: loopback only).
	AllowedNets []netip.Prefix
	// TrustForwardedFor takes the client IP from X-Forwarded-For.
	TrustForwardedFor bool

	KeyTTL     time.Duration // temporary key lifetime (default 5 min)
	SessionTTL time.Duration // session token lifetime (default 1 h)
	// KeepKeyOnFailure: a failed sign-in does not burn the key (default: it does).
	KeepKeyOnFailure bool

	// Revoked, when set, is asked after the chain check whether the signer's
	// certificate (DER) is revoked (the hook for CRL/OCSP; default: never).
	Revoked func(certDER []byte) bool

	// Operators are the ИНН registered for API ЕНС (operators, and
	// taxpayers using their own certificate).
	Operators []string
	Consents  []Consent
	Taxpayers []Taxpayer // default SeedTaxpayers()

	// RateLimit is the number of data calls per token per RateWindow
	// (0: unlimited; RateWindow default 1 s).
	RateLimit  int
	RateWindow time.Duration

	Maintenance []Window
	// MaintenanceRetryAfter is sent with 503 (default 600 s).
	MaintenanceRetryAfter time.Duration

	// MCHDValidator validates МЧД files against the XSD (default:
	// mchd.XSDValidator, core/xmlschema with the official schema).
	MCHDValidator mchd.SchemaValidator
	// RequireMCHDSignature: a МЧД must come with a valid detached
	// signature by the principal's head (checked with Verifier).
	RequireMCHDSignature bool

	// Logf logs one line per request (tokens and keys masked); nil: silent.
	Logf func(format string, args ...any)
}

type keyState struct {
	expires time.Time
	used    bool
}

type session struct {
	inn        string   // the certificate's ИНН
	principals []string // МЧД principals
	expires    time.Time
	window     time.Time
	count      int
}

// Server is the sandbox; it implements http.Handler.
type Server struct {
	o   Options
	p   *ens.Profile
	mux *http.ServeMux

	mu          sync.Mutex
	keys        map[string]*keyState
	sessions    map[string]*session
	taxpayers   map[string]*Taxpayer
	maintenance bool
	keysIssued  int
	patterns    []string
}

// NewServer builds a sandbox for the options.
func NewServer(o Options) *Server {
	if o.Profile == nil {
		o.Profile = ens.DefaultProfile()
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.AllowedNets == nil {
		o.AllowedNets = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	if o.KeyTTL == 0 {
		o.KeyTTL = 5 * time.Minute
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = time.Hour
	}
	if o.RateWindow == 0 {
		o.RateWindow = time.Second
	}
	if o.MaintenanceRetryAfter == 0 {
		o.MaintenanceRetryAfter = 10 * time.Minute
	}
	if o.MCHDValidator == nil {
		o.MCHDValidator = mchd.XSDValidator{}
	}
	if o.Taxpayers == nil {
		o.Taxpayers = SeedTaxpayers()
	}
	s := &Server{o: o, p: o.Profile, mux: http.NewServeMux(),
		keys: map[string]*keyState{}, sessions: map[string]*session{}, taxpayers: map[string]*Taxpayer{}}
	for i := range o.Taxpayers {
		s.taxpayers[o.Taxpayers[i].INN] = &o.Taxpayers[i]
	}
	route := func(e ens.Endpoint, h http.HandlerFunc) {
		s.mux.HandleFunc(e.Method+" "+e.Path, h)
		s.patterns = append(s.patterns, e.Method+" "+e.Path)
	}
	route(s.p.TempKey, s.tempKey)
	route(s.p.SignIn, s.signIn)
	route(s.p.Balance, s.balance)
	route(s.p.Operations, s.operations)
	route(s.p.Obligations, s.obligations)
	s.mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}`))
	})
	return s
}

// Patterns are the http.ServeMux patterns of the profile's endpoints
// ("POST /api/ens/v1/auth/temp-key", …): mount the Server under each of
// them to share another server (core/sandbox's Server.Mount).
func (s *Server) Patterns() []string { return append([]string{}, s.patterns...) }

// Profile returns the profile the sandbox serves.
func (s *Server) Profile() *ens.Profile { return s.p }

// SetMaintenance switches the maintenance mode (503 on every call) on or off.
func (s *Server) SetMaintenance(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maintenance = on
}

// KeysIssued counts the temporary keys issued so far.
func (s *Server) KeysIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keysIssued
}

// Taxpayer returns the sandbox's data for inn.
func (s *Server) Taxpayer(inn string) (*Taxpayer, bool) {
	t, ok := s.taxpayers[inn]
	return t, ok
}

// ServeHTTP implements http.Handler: the IP allow-list and the maintenance
// window come before everything else.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/health" {
		s.mux.ServeHTTP(w, r)
		return
	}
	ip := s.clientIP(r)
	if !s.allowed(ip) {
		s.logf("%s %s from %s: IP_FORBIDDEN", r.Method, r.URL.Path, ip)
		s.fail(w, http.StatusForbidden, ens.CodeIPForbidden, "Доступ к сервису для переданного IP, запрещен", 0)
		return
	}
	if s.inMaintenance() {
		s.fail(w, http.StatusServiceUnavailable, ens.CodeMaintenance, "Сервис на техническом обслуживании", s.o.MaintenanceRetryAfter)
		return
	}
	s.logf("%s %s from %s", r.Method, r.URL.Path, ip)
	s.mux.ServeHTTP(w, r)
}

func (s *Server) logf(f string, a ...any) {
	if s.o.Logf != nil {
		s.o.Logf(f, a...)
	}
}

func (s *Server) clientIP(r *http.Request) netip.Addr {
	if s.o.TrustForwardedFor {
		if xf := r.Header.Get("X-Forwarded-For"); xf != "" {
			first, _, _ := strings.Cut(xf, ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(first)); err == nil {
				return a.Unmap()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func (s *Server) allowed(ip netip.Addr) bool {
	for _, p := range s.o.AllowedNets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func (s *Server) inMaintenance() bool {
	s.mu.Lock()
	on := s.maintenance
	s.mu.Unlock()
	if on {
		return true
	}
	now := s.o.Clock.Now()
	for _, w := range s.o.Maintenance {
		if !now.Before(w.Start) && now.Before(w.End) {
			return true
		}
	}
	return false
}

// fail writes an error in the profile's style. In SOAP style every fault is
// HTTP 500 (like the FNS Open API) except 429 and 503.
func (s *Server) fail(w http.ResponseWriter, status int, code ens.Code, msg string, retry time.Duration) {
	if retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	}
	wire := s.p.WireCode(code)
	if s.p.ErrorStyle == ens.ErrorsSOAP {
		if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
			status = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(status)
		var b strings.Builder
		b.WriteString(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>`)
		xml.EscapeText(&b, []byte(msg))
		b.WriteString(`</faultstring><detail><` + s.p.Fields.ErrorCode + `>`)
		xml.EscapeText(&b, []byte(wire))
		b.WriteString(`</` + s.p.Fields.ErrorCode + `></detail></soap:Fault></soap:Body></soap:Envelope>`)
		w.Write([]byte(b.String()))
		return
	}
	m := map[string]any{}
	set(m, s.p.Fields.ErrorCode, wire)
	set(m, s.p.Fields.ErrorMessage, msg)
	m["requestId"] = randHex(8)
	m["timestamp"] = s.p.FormatTime(s.o.Clock.Now())
	s.writeJSON(w, status, m)
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, m map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(m)
}

// set puts v at a dotted path, creating nested objects.
func set(m map[string]any, path string, v any) {
	if path == "" {
		return
	}
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func randKey() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func mask(s string) string {
	if len(s) <= 6 {
		return "***"
	}
	return s[:3] + "…" + fmt.Sprint(len(s))
}
