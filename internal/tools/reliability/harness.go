package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

// Config of a run.
type Config struct {
	Apps      int     // applications in the batch
	Big       int     // of them with an attachment above 50,000,000 bytes
	Kills     int     // SIGKILLs of the sender, at least
	FaultRate float64 // share of API ЕПГУ requests with an injected fault
	Seed      int64
	Dir       string // work folder ("" = temporary, removed)
	// Sender makes the command of the sending process with its flags.
	Sender func(args ...string) *exec.Cmd
	Out    io.Writer
	// MinKill and MaxKill bound the random time a sender runs before it
	// is killed (default 500 ms … 5 s).
	MinKill, MaxKill time.Duration
}

// Figures are the outcome.
type Figures struct {
	Apps, Sent, Failed int
	Kills              int
	Faults, Requests   int64
	Duplicates         int
	Lost               int
	IntegrityFailures  int
	Problems           []string
}

// OK: nothing duplicated, nothing lost, the journal intact after every
// kill, and the kills really happened.
func (f *Figures) OK() bool {
	return f.Duplicates == 0 && f.Lost == 0 && f.IntegrityFailures == 0 && len(f.Problems) == 0
}

// faultCounter serves the sandbox and counts the faults clients meet:
// 401/429/5xx answers, dropped connections and slow answers on /api/.
type faultCounter struct {
	h        http.Handler
	faults   atomic.Int64
	requests atomic.Int64
}

type recorder struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
	r.ResponseWriter.WriteHeader(s)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.hijacked = true
	return r.ResponseWriter.(http.Hijacker).Hijack()
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (f *faultCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			return
		}
		f.requests.Add(1)
		v := recover()
		// A slow answer counts as the latency fault only for small
		// requests: a 10 MB chunk may take that long by itself.
		slow := time.Since(start) >= latencyFault && r.ContentLength < 1<<20
		if v != nil || rec.hijacked || rec.status == 401 || rec.status == 429 || rec.status >= 500 || slow {
			f.faults.Add(1)
		}
		if v != nil {
			panic(v)
		}
	}()
	f.h.ServeHTTP(rec, r)
}

// latencyFault is the delay of the injected latency faults.
const latencyFault = 400 * time.Millisecond

// faultList splits rate between the five kinds of faults (each applied
// to the requests the earlier ones let through).
func faultList(rate float64) []sandbox.Fault {
	each := 1 - pow(1-rate, 0.2)
	return []sandbox.Fault{
		{Status: 401, Rate: each, PathPrefix: "/api/"},
		{Status: 429, Rate: each, RetryAfter: 1, PathPrefix: "/api/"},
		{Status: 503, Rate: each, PathPrefix: "/api/"},
		{Drop: true, Rate: each, PathPrefix: "/api/"},
		{LatencyMS: int(latencyFault / time.Millisecond), Rate: each, PathPrefix: "/api/"},
	}
}

func pow(x, y float64) float64 { return math.Pow(x, y) }

// Run performs the whole harness and prints the figures as its last lines.
func Run(cfg Config) (*Figures, error) {
	if cfg.MinKill == 0 {
		cfg.MinKill = 500 * time.Millisecond
	}
	if cfg.MaxKill == 0 {
		cfg.MaxKill = 5 * time.Second
	}
	if cfg.Seed == 0 {
		cfg.Seed = time.Now().UnixNano()
	}
	out := cfg.Out
	rnd := rand.New(rand.NewPCG(uint64(cfg.Seed), 7))
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "gosdesk-reliability-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	fmt.Fprintf(out, "reliability: seed %d, folder %s\n", cfg.Seed, dir)
	os.Setenv("GOSDESK_CONFIG_DIR", filepath.Join(dir, "config"))
	os.Setenv("GOSDESK_SANDBOX_ADDR", "")

	// The sandbox: in this process, so it outlives every kill of the
	// sender; the per-service order limit raised to finish in minutes.
	logrus.SetOutput(io.Discard)
	srv, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", DataDir: filepath.Join(dir, "sandbox"), OrdersPer10Min: 1_000_000})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	fc := &faultCounter{h: srv.Handler()}
	hs := &http.Server{Handler: fc, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	addr := ln.Addr().String()
	srv.SetFaults(faultList(cfg.FaultRate))

	rows, attach, err := writeRows(dir, cfg, rnd)
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	args := []string{"-sandbox", addr, "-data", data, "-rows", rows, "-attach", attach, "-orders-limit", "1000000"}
	f := &Figures{Apps: cfg.Apps}
	logf, err := os.Create(filepath.Join(dir, "sender.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()

	// Kill the sender at random points, then let it finish.
	for round := 0; ; round++ {
		cmd := cfg.Sender(args...)
		cmd.Stdout, cmd.Stderr = logf, logf
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(cmd.Env, "GOSDESK_CONFIG_DIR="+filepath.Join(dir, "config"), "GOSDESK_SANDBOX_ADDR=")
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if f.Kills < cfg.Kills {
			d := cfg.MinKill + time.Duration(rnd.Int64N(int64(cfg.MaxKill-cfg.MinKill)))
			select {
			case <-done:
				// It finished before its kill: start it again (a re-run
				// must find nothing to send twice) and keep killing.
				fmt.Fprintf(out, "reliability: run %d finished before its kill\n", round+1)
			case <-time.After(d):
				cmd.Process.Kill() // SIGKILL
				<-done
				f.Kills++
				ok, where := integrity(data)
				if !ok {
					f.IntegrityFailures++
				}
				fmt.Fprintf(out, "reliability: kill %d after %s, integrity_check %s%s\n", f.Kills, d.Round(time.Millisecond), map[bool]string{true: "ok", false: "FAILED"}[ok], where)
			}
			continue
		}
		select {
		case err := <-done:
			if err != nil {
				f.Problems = append(f.Problems, fmt.Sprintf("the last run of the sender failed: %v (see sender.log)", err))
			}
		case <-time.After(30 * time.Minute):
			cmd.Process.Kill()
			<-done
			f.Problems = append(f.Problems, "the last run of the sender did not finish in 30 minutes")
		}
		break
	}
	srv.SetFaults(nil)
	f.Faults, f.Requests = fc.faults.Load(), fc.requests.Load()
	if err := verify(f, addr, data); err != nil {
		return nil, err
	}
	for _, p := range f.Problems {
		fmt.Fprintln(out, "reliability: problem:", p)
	}
	fmt.Fprintf(out, "applications: %d (sent %d, failed with a reason %d)\n", f.Apps, f.Sent, f.Failed)
	fmt.Fprintf(out, "kills: %d (integrity_check failures: %d)\n", f.Kills, f.IntegrityFailures)
	fmt.Fprintf(out, "faults seen: %d (of %d API ЕПГУ requests)\n", f.Faults, f.Requests)
	fmt.Fprintf(out, "duplicates: %d\n", f.Duplicates)
	fmt.Fprintf(out, "lost: %d\n", f.Lost)
	return f, nil
}

// writeRows writes the batch: a Госключ request per row with one PDF,
// sizes from 1 KB to 2 MB, and cfg.Big of them 52–60 MB.
func writeRows(dir string, cfg Config, rnd *rand.Rand) (string, string, error) {
	attach := filepath.Join(dir, "attach")
	if err := os.MkdirAll(attach, 0o755); err != nil {
		return "", "", err
	}
	big := map[int]bool{}
	for len(big) < cfg.Big && len(big) < cfg.Apps {
		big[rnd.IntN(cfg.Apps)] = true
	}
	var b strings.Builder
	b.WriteString("description;documentId;file\n")
	for i := 0; i < cfg.Apps; i++ {
		size := 1000 + rnd.IntN(2_000_000)
		if big[i] {
			size = 52_000_000 + rnd.IntN(8_000_000)
		}
		name := fmt.Sprintf("doc%03d.pdf", i+1)
		if err := writeFile(filepath.Join(attach, name), size, uint32(i+1)); err != nil {
			return "", "", err
		}
		fmt.Fprintf(&b, "Документ %d на подпись;%d;%s\n", i+1, 1896644961+i, name)
	}
	rows := filepath.Join(dir, "rows.csv")
	return rows, attach, os.WriteFile(rows, []byte(b.String()), 0o644)
}

// writeFile writes size pseudo-random bytes starting with a PDF header.
func writeFile(path string, size int, seed uint32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("%PDF-1.4\n")
	x := seed*2654435761 + 1
	for n := 9; n < size; n++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		w.WriteByte(byte(x))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// integrity opens the journal the killed sender left, runs PRAGMA
// integrity_check and says where the kill interrupted a submission.
func integrity(data string) (bool, string) {
	p := filepath.Join(data, journal.FileName)
	if _, err := os.Stat(p); err != nil {
		return true, "; killed before the journal existed"
	}
	j, err := journal.Open(p)
	if err != nil {
		return false, ": " + err.Error()
	}
	defer j.Close()
	ctx := context.Background()
	if err := j.IntegrityCheck(ctx); err != nil {
		return false, ": " + err.Error()
	}
	subs, _ := j.Interrupted(ctx, "sandbox")
	var where []string
	for _, s := range subs {
		w := fmt.Sprintf("application %d %s", s.AppID, s.State)
		if s.State == journal.StateUploading {
			w += fmt.Sprintf(" (chunk %d of %d)", s.ChunksDone+1, s.Chunks)
		}
		if s.OutcomeUnknown {
			w += ", answer unknown"
		}
		where = append(where, w)
	}
	if len(where) == 0 {
		return true, "; nothing in flight"
	}
	return true, "; interrupted: " + strings.Join(where, ", ")
}

type sbOrder struct {
	OrderID int64  `json:"orderId"`
	Service string `json:"service"`
	State   string `json:"state"`
}

// verify compares the journal with the sandbox's own list of orders.
func verify(f *Figures, addr, data string) error {
	resp, err := http.Get("http://" + addr + "/admin/orders")
	if err != nil {
		return err
	}
	var orders []sbOrder
	err = json.NewDecoder(resp.Body).Decode(&orders)
	resp.Body.Close()
	if err != nil {
		return err
	}
	j, err := journal.Open(filepath.Join(data, journal.FileName))
	if err != nil {
		return err
	}
	defer j.Close()
	ctx := context.Background()
	batches, err := j.Batches(ctx, 0)
	if err != nil {
		return err
	}
	if len(batches) != 1 {
		f.Problems = append(f.Problems, fmt.Sprintf("%d batches in the journal, want 1 (a re-run must resume its batch)", len(batches)))
	}
	sbByID := map[int64]sbOrder{}
	for _, o := range orders {
		sbByID[o.OrderID] = o
	}
	owner := map[int64]int{} // orderId → row
	seenRows := map[int]bool{}
	for _, b := range batches {
		rows, err := j.Rows(ctx, b.ID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.AppID == 0 {
				continue
			}
			if seenRows[r.Row] {
				f.Duplicates++
				f.Problems = append(f.Problems, fmt.Sprintf("row %d has two applications", r.Row))
			}
			seenRows[r.Row] = true
			s, err := j.Current(ctx, r.AppID)
			if err != nil {
				f.Lost++
				f.Problems = append(f.Problems, fmt.Sprintf("row %d: no submission (%v)", r.Row, err))
				continue
			}
			switch s.State {
			case journal.StateSent, journal.StateTracking, journal.StateFinal:
				o, ok := sbByID[s.OrderID]
				switch {
				case !ok:
					f.Lost++
					f.Problems = append(f.Problems, fmt.Sprintf("row %d: order %d is not on the sandbox", r.Row, s.OrderID))
				case o.State == sandbox.StateNew:
					f.Lost++
					f.Problems = append(f.Problems, fmt.Sprintf("row %d: order %d has no archive on the sandbox", r.Row, s.OrderID))
				default:
					f.Sent++
				}
				if prev, dup := owner[s.OrderID]; dup {
					f.Duplicates++
					f.Problems = append(f.Problems, fmt.Sprintf("order %d belongs to rows %d and %d", s.OrderID, prev, r.Row))
				}
				owner[s.OrderID] = r.Row
			case journal.StateFailed:
				if s.Reason.RU == "" {
					f.Lost++
					f.Problems = append(f.Problems, fmt.Sprintf("row %d failed without a reason", r.Row))
				} else {
					f.Failed++
				}
				if s.OrderID != 0 {
					owner[s.OrderID] = r.Row // its reserved number is not a duplicate
				}
			default:
				f.Lost++
				f.Problems = append(f.Problems, fmt.Sprintf("row %d stopped in state %s", r.Row, s.State))
			}
		}
	}
	for row := 2; row < 2+f.Apps; row++ {
		if !seenRows[row] {
			f.Lost++
			f.Problems = append(f.Problems, fmt.Sprintf("row %d has no application", row))
		}
	}
	// Every order the sandbox holds belongs to exactly one row: anything
	// else is a second /order or /push for an application.
	var extra []string
	for _, o := range orders {
		if _, ok := owner[o.OrderID]; !ok {
			f.Duplicates++
			extra = append(extra, fmt.Sprintf("%d (%s)", o.OrderID, o.State))
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		f.Problems = append(f.Problems, "orders on the sandbox that no application holds: "+strings.Join(extra, ", "))
	}
	return nil
}
