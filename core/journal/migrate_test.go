package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func TestFreshJournalIsAtTheCodesSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	for range 2 { // opening again applies nothing twice
		j, err := Open(path)
		require.NoError(t, err)
		v, err := j.Version(ctx)
		require.NoError(t, err)
		assert.Equal(t, SchemaVersion(), v)
		var rows int
		require.NoError(t, j.DB().QueryRow("SELECT count(*) FROM schema_version").Scan(&rows))
		assert.Equal(t, SchemaVersion(), rows, "one row per applied migration")
		require.NoError(t, j.Close())
	}
}

func TestJournalFromANewerProgramIsRefusedAndLeftUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, j.SaveDraft(ctx, hotelApp("Сидоров")))
	_, err = j.DB().Exec("INSERT INTO schema_version(version, applied) VALUES (?, 0)", SchemaVersion()+5)
	require.NoError(t, err)
	require.NoError(t, j.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	_, err = Open(path)
	require.ErrorIs(t, err, ErrTooNew)
	assert.Contains(t, err.Error(), "журнал создан более новой версией gosdesk — обновите программу")
	assert.Contains(t, err.Error(), "версия журнала")
	assert.Contains(t, i18n.MessageIn(i18n.EN, err), "newer gosdesk")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(before, after), "the newer journal is not modified")

	_, err = OpenWith(path, Options{ReadOnly: true})
	require.ErrorIs(t, err, ErrTooNew)
}

func TestAFailingMigrationLeavesThePreviousVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	a := hotelApp("Кузнецов")
	require.NoError(t, j.SaveDraft(ctx, a))
	require.NoError(t, j.Close())

	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(append([]string{}, saved...),
		"ALTER TABLE applications ADD COLUMN note TEXT NOT NULL DEFAULT '';\nTHIS IS NOT SQL")
	_, err = Open(path)
	require.ErrorIs(t, err, ErrMigrate)
	assert.Contains(t, err.Error(), "не удалось обновить структуру журнала")

	migrations = saved
	j, err = Open(path)
	require.NoError(t, err, "the journal still opens with the old program")
	defer j.Close()
	v, err := j.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(saved), v)
	_, err = j.DB().Exec("SELECT note FROM applications")
	require.Error(t, err, "the half-applied migration was rolled back")
	got, err := j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Кузнецов", got.Applicant)
}

func TestANewMigrationIsAppliedOnceToAnExistingJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, j.Close())

	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(append([]string{}, saved...), "CREATE TABLE test_added (x INTEGER);\nINSERT INTO test_added VALUES (7)")
	for range 2 {
		j, err = Open(path)
		require.NoError(t, err)
		var n int
		require.NoError(t, j.DB().QueryRow("SELECT count(*) FROM test_added").Scan(&n))
		assert.Equal(t, 1, n)
		require.NoError(t, j.Close())
	}
}
