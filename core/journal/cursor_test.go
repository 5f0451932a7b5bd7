package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
