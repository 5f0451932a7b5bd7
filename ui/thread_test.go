package ui

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// testUI is the UI goroutine of a test's window: the test's own goroutine,
// as Fyne's test driver has no event loop. What is handed over on that
// goroutine — the work of a.async, synchronous in tests, and the events
// the test's own calls make the core emit — runs at once, as it always
// did. What another goroutine hands over — a debounce timer that fired,
// the core following a sent order — waits in a queue until the test runs
// it (flush, waitUI), the way Fyne's event loop runs what fyne.Do queued:
// never beside the test, touching the same widgets. When the test ends
// the queue is dropped and later hand-overs are ignored (the window is
// gone; a DoAndWait returns at once).
type testUI struct {
	owner uint64 // the test's goroutine
	mu    sync.Mutex
	queue []func()
	wake  chan struct{} // something was queued
	gone  chan struct{} // closed when the test ends
}

func newTestUI(tb testing.TB) *testUI {
	u := &testUI{owner: goid(), wake: make(chan struct{}, 1), gone: make(chan struct{})}
	tb.Cleanup(u.close)
	return u
}

func (u *testUI) Do(f func()) {
	if goid() == u.owner {
		f()
		return
	}
	u.post(f)
}

func (u *testUI) DoAndWait(f func()) {
	if goid() == u.owner {
		f()
		return
	}
	ran := make(chan struct{})
	if !u.post(func() { defer close(ran); f() }) {
		return
	}
	select {
	case <-ran:
	case <-u.gone:
	}
}

// post queues f for the test's goroutine; false: the test has ended.
func (u *testUI) post(f func()) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	select {
	case <-u.gone:
		return false
	default:
	}
	u.queue = append(u.queue, f)
	select {
	case u.wake <- struct{}{}:
	default:
	}
	return true
}

// flush runs, on the test's goroutine, what other goroutines handed over
// until now (and what that hands over in turn).
func (u *testUI) flush() {
	for {
		u.mu.Lock()
		q := u.queue
		u.queue = nil
		u.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

func (u *testUI) close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	close(u.gone)
	u.queue = nil
}

// waitUI runs what other goroutines hand over to a's UI goroutine until
// done says the window shows what the test waits for; it fails the test
// after timeout. done runs on the UI goroutine (the test's).
func waitUI(t testing.TB, a *App, timeout time.Duration, done func() bool) {
	t.Helper()
	u := a.ui.(*testUI)
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		u.flush()
		if done() {
			return
		}
		select {
		case <-u.wake:
		case <-deadline.C:
			t.Fatalf("not on screen after %s", timeout)
		}
	}
}

// syncApp builds the window for a test: long work runs synchronously on
// the test's goroutine, which is the UI goroutine too (testUI), and when
// the test ends nothing reaches the window any more (no debounce timer,
// no event of the core).
func syncApp(tb testing.TB, fa fyne.App, be Backend, env Environment, now func() time.Time) *App {
	a := newApp(fa, be, env, func(f func()) { f() }, newTestUI(tb), now)
	tb.Cleanup(a.detach)
	return a
}

// goid is the number of the calling goroutine (as Fyne's internal/async
// finds its main goroutine).
func goid() uint64 {
	var buf [32]byte
	s := buf[:runtime.Stack(buf[:], false)]
	s = bytes.TrimPrefix(s, []byte("goroutine "))
	if i := bytes.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	id, err := strconv.ParseUint(string(s), 10, 64)
	if err != nil {
		panic("goroutine id: " + err.Error())
	}
	return id
}
