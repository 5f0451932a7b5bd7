package journal

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var ctx = context.Background()

// open returns a fresh journal in a temporary folder, stamped by clk.
func open(t testing.TB, clk *clock) *Journal {
	t.Helper()
	o := Options{}
	if clk != nil {
		o.Now = clk.Now
	}
	j, err := OpenWith(filepath.Join(t.TempDir(), "data", FileName), o)
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	return j
}

// hotelApp is an application as a hotel clerk makes it.
func hotelApp(applicant string) *Application {
	return &Application{
		Service:   "10000103652",
		Title:     "Уведомление о прибытии",
		Applicant: applicant,
		Documents: []Document{{Name: "req.xml", Data: []byte("<req>" + applicant + "</req>")}},
	}
}

// submitted stores a new application and starts its submission in env.
func submitted(t testing.TB, j *Journal, applicant, env string) *Submission {
	t.Helper()
	a := hotelApp(applicant)
	require.NoError(t, j.CreateApplication(ctx, a))
	s, err := j.Submit(ctx, a.ID, env)
	require.NoError(t, err)
	return s
}

// stepper returns do: do(j.MarkChecked(ctx, id)) fails the test when a
// journal step fails and returns the submission.
func stepper(t testing.TB) func(*Submission, error) *Submission {
	return func(s *Submission, err error) *Submission {
		t.Helper()
		require.NoError(t, err)
		return s
	}
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, data, 0o600))
}
