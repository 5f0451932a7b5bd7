// Package sandbox is a strict local emulator of ЕСИА (ext-app and OAuth2
// token endpoints) and API ЕПГУ v1.13 (orders, uploads, statuses, cancel,
// downloads, НСИ), with a controllable clock, fault injection and an admin
// API. It serves on loopback only, in-process (tests, demo mode) or from
// `gosctl sandbox`.
//
// Extra emulators (e.g. ЕНС) mount on the same server with Mount and
// authenticate callers with Authenticate.
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/sirupsen/logrus"
)

// Timing scales the status scripts.
type Timing struct {
	// Step is the unit of the scripts' delays (0: every step is due at
	// once, "instant").
	Step time.Duration
}

// Presets of Timing.
var (
	TimingInstant = Timing{}
	TimingDemo    = Timing{Step: time.Second}
)

// Options configure a Server.
type Options struct {
	// Addr to listen on; must be a loopback address (default
	// "127.0.0.1:0").
	Addr string
	// DataDir keeps state (identities, orders, archives, the test CA with
	// the keys and certificates it issued) across restarts; empty: in
	// memory (files in a temporary directory removed by Close).
	DataDir string
	// Clock; a real clock (movable by the admin API) if nil.
	Clock Clock
	// Timing of status scripts (default TimingInstant).
	Timing Timing
	// Verifier of signatures; nil: a GostVerifier trusting the sandbox
	// test CA (or a FakeVerifier with FakeSignatures).
	Verifier Verifier
	// FakeSignatures uses fakecms test-only signatures instead of a GOST
	// test CA (faster; no real cryptography).
	FakeSignatures bool
	// ResultSigner signs result documents; the sandbox fake signer if nil.
	ResultSigner ResultSigner
	// TokenTTL of issued tokens (default 1 h).
	TokenTTL time.Duration
	// RequestsPerMinute per system (default 2,000, spec v1.13 Appendix 3).
	RequestsPerMinute int
	// OrdersPer10Min per service per user (default 20, Appendix 3).
	OrdersPer10Min int
	// RequireCancelReason: cancel without "reason" is 400 bad_request, as
	// the live server answered in 2023 (default true; see NoCancelReason).
	NoCancelReason bool
	// Lenient accepts what the spec examples do but the normative text
	// forbids: 1-based chunk numbers and chunks without chunk/chunks after
	// the first one (§5.2 example).
	Lenient bool
	// Logger; a discarding logger if nil.
	Logger logrus.FieldLogger
}

// Server is a running or startable sandbox.
type Server struct {
	opts     Options
	clock    Clock
	verifier Verifier
	resSign  ResultSigner
	log      logrus.FieldLogger
	secret   []byte
	fakeKey  []byte
	blobDir  string
	tempDir  bool

	mu     sync.Mutex
	st     *state
	faults *faults
	rate   map[string]*window

	mux     *http.ServeMux
	hs      *http.Server
	ln      net.Listener
	signers map[string]TestSigner
	pki     *testPKI
}

// New creates a sandbox with seeded identities (see Credentials). It does
// not listen yet: call Start, or use Handler with httptest.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = time.Hour
	}
	if opts.RequestsPerMinute == 0 {
		opts.RequestsPerMinute = 2000
	}
	if opts.OrdersPer10Min == 0 {
		opts.OrdersPer10Min = 20
	}
	s := &Server{opts: opts, clock: opts.Clock, log: opts.Logger, faults: &faults{}, rate: map[string]*window{}}
	if s.clock == nil {
		s.clock = &offsetClock{}
	}
	if s.log == nil {
		l := logrus.New()
		l.SetOutput(discard{})
		s.log = l
	}
	if opts.DataDir != "" {
		if err := os.MkdirAll(filepath.Join(opts.DataDir, "blobs"), 0o700); err != nil {
			return nil, err
		}
		s.blobDir = filepath.Join(opts.DataDir, "blobs")
	} else {
		d, err := os.MkdirTemp("", "gosdesk-sandbox-")
		if err != nil {
			return nil, err
		}
		s.blobDir, s.tempDir = d, true
	}
	if err := s.loadOrSeed(); err != nil {
		return nil, err
	}
	if opts.FakeSignatures {
		s.signers = fakeSigners(s.fakeKey)
	} else {
		var p *testPKI
		var err error
		if opts.DataDir != "" {
			p, _, err = openTestPKI(opts.DataDir, s.clock.Now())
		} else {
			p, err = newTestPKI(s.clock.Now(), nil)
		}
		if err != nil {
			return nil, err
		}
		s.pki, s.signers = p, p.signers
	}
	s.verifier = opts.Verifier
	if s.verifier == nil {
		if opts.FakeSignatures {
			s.verifier = FakeVerifier{Key: s.fakeKey}
		} else {
			s.verifier = GostVerifier{Roots: pki.NewTrustStore(s.pki.ca.Certificate), Now: s.clock.Now}
		}
	}
	s.resSign = opts.ResultSigner
	if s.resSign == nil {
		s.resSign = s.signers[idAgency]
	}
	s.mu.Lock()
	s.st.IDs.Systems[TestSystem].CertificateDER = s.signers[idSystem].CertificateDER()
	dir := opts.DataDir
	if dir == "" {
		dir = s.blobDir
	}
	err := s.writeCredentialFiles(dir)
	if err == nil {
		err = s.saveLocked()
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Handler is the whole sandbox as an http.Handler.
func (s *Server) Handler() http.Handler { return s.middleware(s.mux) }

// Mount adds handler for pattern (http.ServeMux syntax, e.g.
// "/api/ens/v1/"), so other emulators share the server, clock and faults.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Now is the sandbox clock's time.
func (s *Server) Now() time.Time { return s.clock.Now() }

// Clock returns the sandbox clock.
func (s *Server) Clock() Clock { return s.clock }

// Start listens on Options.Addr (loopback only) and serves in the
// background.
func (s *Server) Start() error {
	host, _, err := net.SplitHostPort(s.opts.Addr)
	if err != nil {
		return err
	}
	if !isLoopbackHost(host) {
		return fmt.Errorf("sandbox: %q is not a loopback address", s.opts.Addr)
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 30 * time.Second}
	go s.hs.Serve(ln)
	s.log.WithField("addr", ln.Addr().String()).Info("sandbox: listening")
	return nil
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// Addr is the listening address ("127.0.0.1:8089"), empty before Start.
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL is "http://" + Addr.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Close stops serving, saves state (with DataDir) and removes temporary
// files.
func (s *Server) Close() error {
	var err error
	if s.hs != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = s.hs.Shutdown(ctx)
		cancel()
		if err != nil {
			s.hs.Close()
		}
	}
	s.mu.Lock()
	serr := s.saveLocked()
	s.mu.Unlock()
	if s.tempDir {
		os.RemoveAll(s.blobDir)
	}
	return errors.Join(err, serr)
}

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && !isLoopbackHost(host) {
			http.Error(w, "sandbox serves loopback only", http.StatusForbidden)
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/admin/") && s.faults.inject(w, r) {
			return
		}
		// SMEV4 prefix alias (spec v1.13 §1.3, HOT1.3 examples)
		if p, ok := strings.CutPrefix(r.URL.Path, "/gu-smev-api"); ok && strings.HasPrefix(p, "/api/") {
			r.URL.Path = p
		}
		next.ServeHTTP(w, r)
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
