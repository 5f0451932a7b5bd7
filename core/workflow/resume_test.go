package workflow

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

// crashAt cancels the context when stop(event) is true: the process "dies"
// before the next network call (the journal keeps what happened so far).
func crashAt(e *env, stop func(Event) bool) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	off := e.core.Subscribe(func(ev Event) {
		if stop(ev) {
			once.Do(cancel)
		}
	})
	return ctx, func() { off(); cancel() }
}

// bigGoskey is a Госключ application sent in three 5,000,000-byte chunks.
func bigGoskey(e *env) Application {
	app := e.goskeyApp(14_000_000, "big.pdf")
	app.Chunked, app.ChunkSize = true, 5_000_000
	return app
}

func uploadChunks(e *env, appID int64) []int {
	var out []int
	for _, ev := range e.eventsOf(StageUpload) {
		if ev.AppID == appID && ev.Done == int64(ev.Chunk-1)*5_000_000 {
			out = append(out, ev.Chunk)
		}
	}
	return out
}

func TestResumeContinuesFromFirstMissingChunk(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx, stop := crashAt(e, func(ev Event) bool { return ev.Stage == StageUpload && ev.Chunk == 3 && ev.Done == 10_000_000 })
	_, err := e.sess.Submit(ctx, bigGoskey(e))
	stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("submit: %v, want the simulated crash", err)
	}
	apps, _ := e.core.store.Unfinished("sandbox")
	if len(apps) != 1 || apps[0].ChunksDone != 2 || apps[0].OrderID == 0 {
		t.Fatalf("journal after the crash: %+v", apps)
	}
	id, orderID := apps[0].ID, apps[0].OrderID
	e.restart(envOptions{})
	e.events = nil
	res, err := e.sess.Resume(context.Background(), id, ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %s", i18n.Message(err))
	}
	if res.OrderID != orderID {
		t.Fatalf("resumed into order %d, want the reserved %d", res.OrderID, orderID)
	}
	if got := uploadChunks(e, id); len(got) != 1 || got[0] != 3 {
		t.Fatalf("chunks sent after resume: %v, want only chunk 3 (the first missing)", got)
	}
	if o := e.orders(); len(o) != 1 || o[0].State == "NEW" {
		t.Fatalf("sandbox orders %+v, want one uploaded order", o)
	}
}

func TestResumeReusesReservedNumber(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx, stop := crashAt(e, func(ev Event) bool { return ev.Stage == StageReserve && ev.OrderID != 0 })
	_, err := e.sess.Submit(ctx, e.hotelApp(0))
	stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("submit: %v", err)
	}
	apps, _ := e.core.store.Unfinished("sandbox")
	if len(apps) != 1 || apps[0].OrderID == 0 {
		t.Fatalf("journal: %+v", apps)
	}
	e.restart(envOptions{})
	res, err := e.sess.Resume(context.Background(), apps[0].ID, ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %s", i18n.Message(err))
	}
	o := e.orders()
	if res.OrderID != apps[0].OrderID || len(o) != 1 {
		t.Fatalf("order %d, sandbox %+v: the reserved number must be reused, no second /order", res.OrderID, o)
	}
}

func TestResumeNewOrderOnRequest(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx, stop := crashAt(e, func(ev Event) bool { return ev.Stage == StageReserve && ev.OrderID != 0 })
	e.sess.Submit(ctx, e.hotelApp(0))
	stop()
	apps, _ := e.core.store.Unfinished("sandbox")
	res, err := e.sess.Resume(context.Background(), apps[0].ID, ResumeOptions{NewOrder: true})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if res.OrderID == apps[0].OrderID || len(e.orders()) != 2 {
		t.Fatalf("a new number was asked for: got %d (old %d)", res.OrderID, apps[0].OrderID)
	}
}

func TestResumeAfterChunkWindowRestartsCleanly(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx, stop := crashAt(e, func(ev Event) bool { return ev.Stage == StageUpload && ev.Chunk == 2 && ev.Done == 5_000_000 })
	e.sess.Submit(ctx, bigGoskey(e))
	stop()
	apps, _ := e.core.store.Unfinished("sandbox")
	if len(apps) != 1 || apps[0].ChunksDone != 1 {
		t.Fatalf("journal: %+v", apps)
	}
	e.clock.Advance(6 * time.Minute) // the 5-minute window passes while the app is down
	e.restart(envOptions{})
	e.events = nil
	res, err := e.sess.Resume(context.Background(), apps[0].ID, ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %s", i18n.Message(err))
	}
	// The service drops the stale session at the first request after its
	// window (one refused chunk 1), then a fresh session runs 1, 2, 3.
	if got := uploadChunks(e, apps[0].ID); len(got) < 3 || got[0] != 1 || got[len(got)-3] != 1 || got[len(got)-2] != 2 || got[len(got)-1] != 3 {
		t.Fatalf("chunks after the window: %v, want a fresh session 1, 2, 3", got)
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID || o[0].State == "NEW" {
		t.Fatalf("sandbox orders %+v", o)
	}
}

// Issue 13 item 6: dropped connections during chunks are retried with
// backoff, and the upload goes on from the chunk that failed.
func TestDroppedChunkConnectionsRetried(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.faults([]sandbox.Fault{{Drop: true, Count: 2, PathPrefix: "/api/gusmev/push/chunked"}})
	res, err := e.sess.Submit(context.Background(), bigGoskey(e))
	if err != nil {
		t.Fatalf("submit with dropped connections: %s", i18n.Message(err))
	}
	if len(e.eventsOf(StageRetry)) < 2 {
		t.Errorf("retries: %d events, want 2", len(e.eventsOf(StageRetry)))
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID || o[0].State == "NEW" {
		t.Fatalf("sandbox orders %+v", o)
	}
}

// lossyTransport delivers the first request matching path and then
// reports a dropped connection: the service did the work, the client
// never heard the answer.
type lossyTransport struct {
	path  string
	mu    sync.Mutex
	n     int
	after func() // called after the lost answer (a crash)
	inner http.RoundTripper
}

func (l *lossyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.inner.RoundTrip(r)
	l.mu.Lock()
	hit := err == nil && r.Method == http.MethodPost && r.URL.Path == l.path && l.n == 0
	if hit {
		l.n++
	}
	l.mu.Unlock()
	if hit {
		resp.Body.Close()
		if l.after != nil {
			l.after()
		}
		return nil, errors.New("read tcp: connection reset by peer")
	}
	return resp, err
}

func TestLostPushAnswerResolvedByAskingTheService(t *testing.T) {
	lt := &lossyTransport{path: "/api/gusmev/push", inner: http.DefaultTransport}
	e := newEnv(t, envOptions{httpClient: &http.Client{Transport: lt}})
	res, err := e.sess.Submit(context.Background(), e.goskeyApp(3000, "doc.pdf"))
	if err != nil {
		t.Fatalf("submit: %s", i18n.Message(err))
	}
	o := e.orders()
	if len(o) != 1 || o[0].OrderID != res.OrderID {
		t.Fatalf("sandbox orders %+v, result %d: the lost answer must be found, not the archive sent again", o, res.OrderID)
	}
}

func TestCrashDuringPushResolvedOnResume(t *testing.T) {
	lt := &lossyTransport{path: "/api/gusmev/push", inner: http.DefaultTransport}
	e := newEnv(t, envOptions{httpClient: &http.Client{Transport: lt}})
	ctx, cancel := context.WithCancel(context.Background())
	lt.after = cancel
	_, err := e.sess.Submit(ctx, e.goskeyApp(3000, "doc.pdf"))
	if err == nil {
		t.Fatal("the simulated crash did not stop the submission")
	}
	apps, _ := e.core.store.Unfinished("sandbox")
	if len(apps) != 1 || apps[0].State != statePushing {
		t.Fatalf("journal: %+v, want one application in state pushing", apps)
	}
	e.restart(envOptions{})
	res, err := e.sess.Resume(context.Background(), apps[0].ID, ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %s", i18n.Message(err))
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID {
		t.Fatalf("sandbox orders %+v: sent twice", o)
	}
}

func TestLostReserveAnswerResolved(t *testing.T) {
	lt := &lossyTransport{path: "/api/gusmev/order", inner: http.DefaultTransport}
	e := newEnv(t, envOptions{httpClient: &http.Client{Transport: lt}})
	res, err := e.sess.Submit(context.Background(), e.hotelApp(0))
	if err != nil {
		t.Fatalf("submit: %s", i18n.Message(err))
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID {
		t.Fatalf("sandbox orders %+v: a second /order for one application", o)
	}
}

// The outbox copy of a half-uploaded archive is lost: the archive is
// packed again (new signing time, other bytes), and the chunks the
// service kept from the old one are never mixed with the new ones.
func TestLostOutboxNeverMixesArchives(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx, stop := crashAt(e, func(ev Event) bool { return ev.Stage == StageUpload && ev.Chunk == 2 && ev.Done == 5_000_000 })
	e.sess.Submit(ctx, bigGoskey(e))
	stop()
	apps, _ := e.core.store.Unfinished("sandbox")
	if len(apps) != 1 || apps[0].ArchivePath == "" {
		t.Fatalf("journal: %+v", apps)
	}
	os.Remove(apps[0].ArchivePath)
	e.clock.Advance(time.Second) // a new signing time: new bytes
	e.restart(envOptions{})
	res, err := e.sess.Resume(context.Background(), apps[0].ID, ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %s", i18n.Message(err))
	}
	e.clock.Advance(time.Minute)
	o := e.orders()
	if len(o) != 1 || o[0].OrderID != res.OrderID || o[0].State != "DONE" {
		t.Fatalf("sandbox orders %+v: the archive must arrive whole", o)
	}
}
