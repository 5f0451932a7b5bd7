package journal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
