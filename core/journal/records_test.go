package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusHistoryIsKeptOnceAndInOrder(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 100))

	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	accepted := Status{ID: 2, Title: "Принято ведомством", At: t0}
	done := Status{ID: 3, Title: "Исполнено", Comment: "Уведомление принято", Final: true, At: t0.Add(time.Hour)}
	// getUpdatedAfter and getOrdersStatus report the same entries again and again.
	for range 3 {
		for _, st := range []Status{accepted, done} {
			_, err := j.AddStatus(ctx, "sandbox", 100, st)
			require.NoError(t, err)
		}
	}
	added, err := j.AddStatus(ctx, "sandbox", 100, done)
	require.NoError(t, err)
	assert.False(t, added, "a repeat is not added")
	added, err = j.AddStatus(ctx, "prod", 100, done)
	require.NoError(t, err)
	assert.True(t, added, "another environment's order 100 is another order")

	h, err := j.History(ctx, "sandbox", 100)
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.Equal(t, "Принято ведомством", h[0].Title)
	assert.Equal(t, t0, h[0].At.UTC())
	assert.Equal(t, clk.Now(), h[0].Recorded.UTC())
	assert.True(t, h[1].Final)
	assert.Equal(t, "Уведомление принято", h[1].Comment)

	// An older entry arriving late does not become the last status.
	_, err = j.AddStatus(ctx, "sandbox", 100, Status{ID: 1, Title: "Отправлено в ведомство", At: t0.Add(-time.Hour)})
	require.NoError(t, err)
	a, err := j.Application(ctx, s.AppID)
	require.NoError(t, err)
	assert.Equal(t, 3, a.StatusID)
	assert.Equal(t, "Исполнено", a.StatusText)
	h, _ = j.History(ctx, "sandbox", 100)
	assert.Equal(t, "Отправлено в ведомство", h[0].Title, "sorted by the service's time")
}

// getOrdersStatus gives no times, getUpdatedAfter and order details do:
// the same event from both is one entry.
func TestStatusesWithAndWithoutTheServicesTime(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	add := func(st Status) bool {
		added, err := j.AddStatus(ctx, "sandbox", 7, st)
		require.NoError(t, err)
		return added
	}
	assert.True(t, add(Status{ID: 2, Title: "Принято"}))
	clk.Add(time.Minute)
	assert.False(t, add(Status{ID: 2, Title: "Принято"}), "polled again: still status 2")
	at := clk.Now().Add(-30 * time.Second)
	assert.False(t, add(Status{ID: 2, Title: "Принято", Comment: "зарегистрировано", At: at}), "the same event, now with its time")
	clk.Add(time.Minute)
	assert.True(t, add(Status{ID: 3, Title: "Исполнено", Final: true}), "a new status without a time")
	h, err := j.History(ctx, "sandbox", 7)
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.Equal(t, at, h[0].At.UTC())
	assert.Equal(t, "зарегистрировано", h[0].Comment)
	assert.Equal(t, 3, h[1].ID, "a timeless status is ordered by when it arrived")
}

func TestResultFilesWithSignatureVerdicts(t *testing.T) {
	j := open(t, nil)
	files := []ResultFile{
		{Name: "result.zip", Path: "/data/results/100/result.zip", Size: 2048, ContentType: "application/zip"},
		{Name: "ответ.pdf", Path: "/data/results/100/ответ.pdf", Size: 1000, Parent: "result.zip"},
		{Name: "ответ.pdf.sig", Path: "/data/results/100/ответ.pdf.sig", Size: 3000, Parent: "result.zip",
			IsSig: true, Signs: "ответ.pdf", Valid: true, Verdict: "подпись верна"},
	}
	for _, f := range files {
		require.NoError(t, j.AddResult(ctx, "sandbox", 100, f))
	}
	// Downloading again replaces, never duplicates; a new verdict is kept.
	again := files[2]
	again.Valid, again.Verdict = false, "подпись неверна"
	require.NoError(t, j.AddResult(ctx, "sandbox", 100, again))

	got, err := j.Results(ctx, "sandbox", 100)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, "ответ.pdf", got[2].Signs)
	assert.False(t, got[2].Valid)
	assert.Equal(t, "подпись неверна", got[2].Verdict)
	assert.Equal(t, "result.zip", got[1].Parent)
	require.ErrorIs(t, j.AddResult(ctx, "sandbox", 100, ResultFile{Name: "x"}), ErrInvalid)
}

func TestENSBalanceSnapshots(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	_, err := j.LastBalance(ctx, "")
	require.ErrorIs(t, err, ErrNotFound)

	b1 := &Balance{INN: "7707083893", Date: "2026-03-01", Kopecks: -1234567, Raw: `{"balance":-12345.67}`}
	require.NoError(t, j.AddBalance(ctx, b1))
	clk.Add(time.Hour)
	b2 := &Balance{INN: "500100732259", Date: "2026-03-02", Kopecks: 9_000_000_000_000_01, Raw: `{}`}
	require.NoError(t, j.AddBalance(ctx, b2))

	last, err := j.LastBalance(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, "500100732259", last.INN, "the last query, whatever the INN")
	assert.Equal(t, int64(9_000_000_000_000_01), last.Kopecks, "kopecks are exact int64")
	last, err = j.LastBalance(ctx, "7707083893")
	require.NoError(t, err)
	assert.Equal(t, int64(-1234567), last.Kopecks)
	assert.Equal(t, `{"balance":-12345.67}`, last.Raw)
	assert.Equal(t, "2026-03-01", last.Date)
	all, err := j.Balances(ctx, "", 0)
	require.NoError(t, err)
	assert.Len(t, all, 2)
}

func TestBatchResumesFromItsRows(t *testing.T) {
	j := open(t, nil)
	b := &Batch{Env: "sandbox", Service: "10000103652", Template: "arrival.xml", SourceName: "guests.csv", Digest: "d1", Total: 3}
	require.NoError(t, j.NewBatch(ctx, b))
	a := hotelApp("Guest One")
	a.BatchID, a.BatchRow = b.ID, 2
	require.NoError(t, j.CreateApplication(ctx, a))
	require.NoError(t, j.SetRow(ctx, BatchRow{BatchID: b.ID, Row: 2, Applicant: "Guest One", AppID: a.ID, State: RowSent}))
	require.NoError(t, j.SetRow(ctx, BatchRow{BatchID: b.ID, Row: 3, Applicant: "Guest Two", State: RowFailed,
		Error: Reason{RU: "строка 3, столбец «дата рождения»: неверная дата", EN: "row 3, column birth date: bad date"}}))
	require.NoError(t, j.SetRow(ctx, BatchRow{BatchID: b.ID, Row: 4, Applicant: "Guest Three"}))

	// After a crash the same file finds the same batch.
	found, err := j.FindBatch(ctx, "sandbox", "10000103652", "guests.csv", "d1")
	require.NoError(t, err)
	assert.Equal(t, b.ID, found.ID)
	_, err = j.FindBatch(ctx, "sandbox", "10000103652", "guests.csv", "changed file")
	require.ErrorIs(t, err, ErrNotFound)

	rows, err := j.Rows(ctx, b.ID)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, RowSent, rows[0].State)
	assert.Equal(t, a.ID, rows[0].AppID)
	assert.Equal(t, "row 3, column birth date: bad date", rows[1].Error.EN)
	assert.Equal(t, RowPending, rows[2].State, "not sent yet: the resumed batch sends it")

	require.NoError(t, j.SetRow(ctx, BatchRow{BatchID: b.ID, Row: 4, Applicant: "Guest Three", State: RowSent}))
	rows, _ = j.Rows(ctx, b.ID)
	assert.Len(t, rows, 3, "updating a row never adds one")
	assert.Equal(t, RowSent, rows[2].State)
	require.ErrorIs(t, j.SetRow(ctx, BatchRow{BatchID: b.ID, Row: 5, State: "maybe"}), ErrInvalid)

	p, err := j.Search(ctx, Query{BatchID: b.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, p.Total)
	list, err := j.Batches(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, "guests.csv", list[0].SourceName)
}

// A batch row follows its application in the same transaction as each
// step, so a batch resumed after a crash never sends a sent row again.
func TestBatchRowsFollowTheirSubmissions(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	b := &Batch{Env: "sandbox", Service: "10000103652", SourceName: "guests.csv", Total: 2}
	require.NoError(t, j.NewBatch(ctx, b))

	a := hotelApp("Guest One")
	a.BatchID, a.BatchRow = b.ID, 2
	s, err := j.SubmitNew(ctx, a, "sandbox")
	require.NoError(t, err)
	rows, err := j.Rows(ctx, b.ID)
	require.NoError(t, err)
	require.Len(t, rows, 1, "the row knows its application from the start")
	assert.Equal(t, a.ID, rows[0].AppID)
	assert.Equal(t, RowPending, rows[0].State)

	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkFailed(ctx, s.ID, Reason{RU: "сервис недоступен", EN: "service unavailable"}))
	rows, _ = j.Rows(ctx, b.ID)
	assert.Equal(t, RowFailed, rows[0].State)
	assert.Equal(t, "сервис недоступен", rows[0].Error.RU)

	s, err = j.Submit(ctx, a.ID, "sandbox") // the user sends the row again
	require.NoError(t, err)
	rows, _ = j.Rows(ctx, b.ID)
	assert.Equal(t, RowPending, rows[0].State)
	assert.Empty(t, rows[0].Error.RU)
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 77))
	rows, _ = j.Rows(ctx, b.ID)
	assert.Equal(t, RowSent, rows[0].State)
}

func TestSubmitNewStoresAllOrNothing(t *testing.T) {
	j := open(t, nil)
	a := hotelApp("Никто")
	a.BatchID, a.BatchRow = 999, 2 // no such batch: the row cannot be linked
	_, err := j.SubmitNew(ctx, a, "sandbox")
	require.Error(t, err)
	assert.Zero(t, a.ID)
	p, err := j.Search(ctx, Query{})
	require.NoError(t, err)
	assert.Zero(t, p.Total, "no application without its submission")

	a.BatchID = 0
	s, err := j.SubmitNew(ctx, a, "sandbox")
	require.NoError(t, err)
	assert.Equal(t, StateDraft, s.State)
	assert.Equal(t, a.ID, s.AppID)
	l, err := j.Interrupted(ctx, "sandbox")
	require.NoError(t, err)
	assert.Len(t, l, 1, "a crash right after it: the submission is there to resume")
}

func TestCursorKeepsTheLastPosition(t *testing.T) {
	j := open(t, nil)
	c, err := j.Cursor(ctx, "updated-after/sandbox")
	require.NoError(t, err)
	assert.True(t, c.IsZero())
	at := time.Date(2026, 3, 2, 12, 30, 15, 123e6, time.UTC)
	require.NoError(t, j.SetCursor(ctx, "updated-after/sandbox", at))
	require.NoError(t, j.SetCursor(ctx, "updated-after/sandbox", at.Add(time.Second)))
	c, err = j.Cursor(ctx, "updated-after/sandbox")
	require.NoError(t, err)
	assert.Equal(t, at.Add(time.Second), c.UTC())
}
