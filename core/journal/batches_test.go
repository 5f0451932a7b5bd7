package journal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
