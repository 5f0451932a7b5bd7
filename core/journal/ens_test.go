package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
