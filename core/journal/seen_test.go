package journal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Заявления badge: a final order is new until its details are
// opened; the mark survives reopening the journal and an order that is
// not final is never marked.
func TestSeenCountsNewResults(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	final := func(applicant string, order int64, status int) *Submission {
		s := submitted(t, j, applicant, "sandbox")
		do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
		do(j.BeginPush(ctx, s.ID))
		do(j.MarkSent(ctx, s.ID, order))
		do(j.MarkTracking(ctx, s.ID))
		if status != 0 {
			do(j.MarkFinal(ctx, s.ID, status, "Исполнено"))
		}
		return s
	}
	a := final("Иванов", 1001, 3)
	b := final("Петров", 1002, 4)
	c := final("Сидоров", 1003, 0) // still in progress

	n, err := j.Unseen(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, 2, n, "two final orders, none looked at")

	changed, err := j.MarkSeen(ctx, c.AppID)
	require.NoError(t, err)
	assert.False(t, changed, "an order in progress is not marked: its result will be new")

	changed, err = j.MarkSeen(ctx, a.AppID)
	require.NoError(t, err)
	assert.True(t, changed)
	changed, _ = j.MarkSeen(ctx, a.AppID)
	assert.False(t, changed, "marking twice changes nothing")

	n, _ = j.Unseen(ctx, "sandbox")
	assert.Equal(t, 1, n)
	n, _ = j.Unseen(ctx, "prod")
	assert.Equal(t, 0, n)

	p, err := j.Search(ctx, Query{Unseen: true})
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	assert.Equal(t, b.AppID, p.Items[0].ID)
	p, _ = j.Search(ctx, Query{OrderID: 1001})
	assert.True(t, p.Items[0].Seen)
	// "error" = final but neither done nor refused, or failed: exact in SQL
	p, err = j.Search(ctx, Query{States: []State{StateFinal, StateTracking}, ExceptFinal: []int{3, 4}})
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	assert.Equal(t, c.AppID, p.Items[0].ID, "the order in progress stays, the final 3 and 4 are left out")

	// c becomes final now: new, although its details were opened earlier
	do(j.MarkFinal(ctx, c.ID, 3, "Исполнено"))
	n, _ = j.Unseen(ctx, "")
	assert.Equal(t, 2, n)

	// the marks are in the file
	path := j.Path()
	require.NoError(t, j.Close())
	j2, err := OpenWith(path, Options{Now: clk.Now})
	require.NoError(t, err)
	defer j2.Close()
	n, _ = j2.Unseen(ctx, "")
	assert.Equal(t, 2, n)
}

// A journal of version 1 (before the badge) opens with its final orders
// counted as seen: the badge starts at zero, not at the whole history.
func TestSeenMigrationKeepsOldResultsQuiet(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	s := submitted(t, j, "Старый", "sandbox")
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 77))
	do(j.MarkFinal(ctx, s.ID, 3, "Исполнено"))
	// back to version 1: no seen column
	for _, q := range []string{`DROP INDEX applications_unseen`, `ALTER TABLE applications DROP COLUMN seen`, `DELETE FROM schema_version WHERE version=2`} {
		_, err := j.DB().Exec(q)
		require.NoError(t, err, q)
	}
	path := j.Path()
	require.NoError(t, j.Close())

	j2, err := OpenWith(path, Options{Now: clk.Now})
	require.NoError(t, err)
	defer j2.Close()
	n, err := j2.Unseen(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	p, err := j2.Search(ctx, Query{OrderID: 77})
	require.NoError(t, err)
	assert.True(t, p.Items[0].Seen)
}
