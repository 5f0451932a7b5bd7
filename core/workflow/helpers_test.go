package workflow

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

// env is an in-process sandbox on a manual clock and a Core whose clock
// and sleeps are that clock: waits (pacing, backoff, chunk windows) move
// the sandbox's time instead of the test's.
type env struct {
	t     *testing.T
	srv   *sandbox.Server
	clock *sandbox.ManualClock
	core  *Core
	sess  *Session
	dir   string

	mu     sync.Mutex
	events []Event
}

type envOptions struct {
	ordersPer10Min int
	requestsPerMin int
	httpClient     *http.Client
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	t.Setenv(config.DirVar, t.TempDir())
	t.Setenv(config.SandboxAddrVar, "")
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })
	clock := sandbox.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Clock: clock, Timing: sandbox.TimingInstant, OrdersPer10Min: o.ordersPer10Min, RequestsPerMinute: o.requestsPerMin})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	e := &env{t: t, srv: srv, clock: clock, dir: t.TempDir()}
	e.open(o)
	return e
}

// open opens (or, after close, reopens: a restarted process) the Core on
// the same data folder.
func (e *env) open(o envOptions) {
	e.t.Helper()
	c, err := Open(Options{
		DataDir:           filepath.Join(e.dir, "data"),
		Settings:          &config.Settings{SandboxAddr: e.srv.Addr()},
		Now:               e.clock.Now,
		Sleep:             func(ctx context.Context, d time.Duration) error { e.clock.Advance(d); return ctx.Err() },
		HTTPClient:        o.httpClient,
		OrdersPer10Min:    o.ordersPer10Min,
		RequestsPerMinute: o.requestsPerMin,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	e.core = c
	c.Subscribe(func(ev Event) {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
	})
	s, err := c.OpenSession(context.Background(), SessionOptions{Env: "sandbox"})
	if err != nil {
		e.t.Fatal(err)
	}
	e.sess = s
}

// restart closes the Core and opens a new one on the same journal, as a
// new process after a crash would.
func (e *env) restart(o envOptions) {
	e.core.Close()
	e.open(o)
}

// sbOrder is an order as the sandbox's admin API lists it.
type sbOrder struct {
	OrderID  int64  `json:"orderId"`
	Service  string `json:"service"`
	State    string `json:"state"`
	StatusID int    `json:"statusId"`
}

// orders asks the sandbox (GET /admin/orders), not the journal.
func (e *env) orders() []sbOrder {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL() + "/admin/orders")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []sbOrder
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) faults(f []sandbox.Fault) { e.srv.SetFaults(f) }

func (e *env) stages() []Stage {
	e.mu.Lock()
	defer e.mu.Unlock()
	var s []Stage
	for _, ev := range e.events {
		s = append(s, ev.Stage)
	}
	return s
}

func (e *env) eventsOf(st Stage) []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Event
	for _, ev := range e.events {
		if ev.Stage == st {
			out = append(out, ev)
		}
	}
	return out
}

// file writes a file of n pseudo-random bytes with the given magic prefix.
func (e *env) file(name string, n int, magic string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	copy(b, magic)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// zipFile writes a ZIP with the given entries.
func (e *env) zipFile(name string, entries map[string][]byte) string {
	e.t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, d := range entries {
		w, _ := zw.Create(n)
		w.Write(d)
	}
	zw.Close()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// hotelApp is an arrival notice (10000103652) from the catalog's
// templates, with a scan of n bytes (0: none).
func (e *env) hotelApp(scanBytes int) Application {
	e.t.Helper()
	svc, err := lookupService("10000103652")
	if err != nil {
		e.t.Fatal(err)
	}
	set := map[string]string{"orderId": "{orderId}"}
	req, err := svc.FillTemplate("req", e.clock.Now(), set)
	if err != nil {
		e.t.Fatal(err)
	}
	att, err := svc.FillTemplate("attach", e.clock.Now(), set)
	if err != nil {
		e.t.Fatal(err)
	}
	app := Application{Service: svc.Code, Documents: []Document{{"req.xml", req}, {"attach.xml", att}}}
	if scanBytes > 0 {
		app.Attachments = []string{e.file("form.FormStep10.Panel1.caseAttachment1.0", scanBytes, "%PDF-1.4\n")}
	}
	return app
}

// goskeyApp is a Госключ request (10000000374) with a PDF of n bytes.
func (e *env) goskeyApp(n int, name string) Application {
	e.t.Helper()
	svc, _ := lookupService("10000000374")
	req, err := svc.FillTemplate("req", e.clock.Now(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return Application{Service: svc.Code, Documents: []Document{{"req.xml", req}}, Attachments: []string{e.file(name, n, "%PDF-1.4\n")}}
}

// admin posts to the sandbox's admin API.
func (e *env) admin(path, body string) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL()+path, "application/json", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		e.t.Fatalf("admin %s: HTTP %d", path, resp.StatusCode)
	}
}
