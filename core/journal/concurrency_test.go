package journal

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeApplications stores n applications of applicant prefix p, each
// submitted and sent, with a status (the work a second process does).
func writeApplications(ctx context.Context, j *Journal, p string, n int) error {
	for i := range n {
		a := hotelApp(fmt.Sprintf("%s %d", p, i))
		if err := j.CreateApplication(ctx, a); err != nil {
			return err
		}
		s, err := j.Submit(ctx, a.ID, "sandbox")
		if err != nil {
			return err
		}
		if _, err := j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}); err != nil {
			return err
		}
		if _, err := j.BeginPush(ctx, s.ID); err != nil {
			return err
		}
		if _, err := j.MarkSent(ctx, s.ID, fakeOrder(s.ID)); err != nil {
			return err
		}
		if _, err := j.AddStatus(ctx, "sandbox", fakeOrder(s.ID), Status{ID: 2, Title: "Принято"}); err != nil {
			return err
		}
	}
	return nil
}

// The GUI and the tracker share one *Journal.
func TestOneJournalManyGoroutines(t *testing.T) {
	j := open(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- writeApplications(ctx, j, fmt.Sprintf("горутина %d", g), 25)
		}()
	}
	wg.Add(2)
	go func() { // the GUI: autosaving a draft and refreshing its list
		defer wg.Done()
		d := hotelApp("черновик")
		for i := range 50 {
			d.Title = fmt.Sprint("правка ", i)
			if err := j.SaveDraft(ctx, d); err != nil {
				errs <- err
				return
			}
			if _, err := j.Search(ctx, Query{Text: "горутина", Limit: 20}); err != nil {
				errs <- err
				return
			}
		}
	}()
	go func() { // the tracker: statuses of whatever is sent
		defer wg.Done()
		for range 30 {
			l, err := j.Tracking(ctx, "sandbox")
			if err != nil {
				errs <- err
				return
			}
			for _, s := range l {
				if _, err := j.AddStatus(ctx, "sandbox", s.OrderID, Status{ID: 2, Title: "Принято"}); err != nil {
					errs <- err
					return
				}
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	p, err := j.Search(ctx, Query{Text: "горутина", States: []State{StateSent}})
	require.NoError(t, err)
	assert.Equal(t, 100, p.Total)
	var statuses int
	require.NoError(t, j.DB().QueryRow("SELECT count(*) FROM statuses").Scan(&statuses))
	assert.Equal(t, 100, statuses, "the same status from two goroutines is stored once")
	require.NoError(t, j.IntegrityCheck(ctx))
}

// gosctl and the app write the same file at the same time.
func TestTwoProcessesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	defer j.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childVar+"=writer", "GOSDESK_JOURNAL_TEST_DB="+path, "GOSDESK_JOURNAL_TEST_N=60")
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	require.NoError(t, writeApplications(ctx, j, "процесс 1", 60))
	require.NoError(t, cmd.Wait(), "the other process finished without an error")

	for _, who := range []string{"процесс 1", "процесс 2"} {
		p, err := j.Search(ctx, Query{Text: who, States: []State{StateSent}})
		require.NoError(t, err)
		assert.Equal(t, 60, p.Total, who)
	}
	var orders, subs int
	require.NoError(t, j.DB().QueryRow("SELECT count(DISTINCT order_id), count(*) FROM submissions").Scan(&orders, &subs))
	assert.Equal(t, 120, subs)
	assert.Equal(t, 120, orders, "no two submissions share an order")
	require.NoError(t, j.IntegrityCheck(ctx))
}
