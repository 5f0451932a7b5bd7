package journal

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	j, err := Open(filepath.Join(t.TempDir(), "j.db"))
	require.NoError(t, err)
	defer j.Close()
	ctx := context.Background()
	a := &Application{Service: "1", Applicant: "Иванов"}
	require.NoError(t, j.SaveDraft(ctx, a))
	s, err := j.Submit(ctx, a.ID, "sandbox")
	require.NoError(t, err)
	_, err = j.BeginReserve(ctx, s.ID)
	require.NoError(t, err)
	_, err = j.MarkReserved(ctx, s.ID, 5)
	require.NoError(t, err)
	p, err := j.Search(ctx, Query{Text: "иван"})
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	require.NoError(t, j.IntegrityCheck(ctx))
}
