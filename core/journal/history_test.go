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
