package journal

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func TestDefaultPathFollowsTheUserDataFolder(t *testing.T) {
	t.Setenv(DataDirVar, "")
	if runtime.GOOS == "linux" {
		xdg := t.TempDir()
		t.Setenv("XDG_DATA_HOME", xdg)
		p, err := DefaultPath()
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(xdg, "gosdesk", "journal.db"), p)

		t.Setenv("XDG_DATA_HOME", "")
		home := t.TempDir()
		t.Setenv("HOME", home)
		p, err = DefaultPath()
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(home, ".local", "share", "gosdesk", "journal.db"), p)
	}
	dir := t.TempDir()
	t.Setenv(DataDirVar, dir)
	p, err := DefaultPath()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "journal.db"), p, "GOSDESK_DATA_DIR overrides the folder")
}

func TestOpenCreatesTheFolderAndKeepsDataAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "новая папка", "journal.db")
	j, err := Open(path)
	require.NoError(t, err)
	a := hotelApp("Петров Пётр")
	require.NoError(t, j.SaveDraft(ctx, a))
	require.NoError(t, j.Close())
	st, err := os.Stat(filepath.Dir(path))
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o700), st.Mode().Perm(), "personal data: the folder is the user's only")
	}

	j, err = Open(path)
	require.NoError(t, err)
	defer j.Close()
	got, err := j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Петров Пётр", got.Applicant)
	assert.Equal(t, a.Documents, got.Documents)
}

func TestOpenUsesWALAndForeignKeys(t *testing.T) {
	j := open(t, nil)
	var mode string
	require.NoError(t, j.DB().QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
	var fk, sync, busy int
	require.NoError(t, j.DB().QueryRow("PRAGMA foreign_keys").Scan(&fk))
	require.NoError(t, j.DB().QueryRow("PRAGMA synchronous").Scan(&sync))
	require.NoError(t, j.DB().QueryRow("PRAGMA busy_timeout").Scan(&busy))
	assert.Equal(t, 1, fk)
	assert.Equal(t, 2, sync, "synchronous=FULL")
	assert.Equal(t, int(BusyTimeout.Milliseconds()), busy)
}

func TestClosedJournalSaysSo(t *testing.T) {
	j := open(t, nil)
	require.NoError(t, j.Close())
	_, err := j.Application(ctx, 1)
	require.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, "журнал закрыт", err.Error())
	_, err = j.Transitions(ctx, 1)
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, j.SetCursor(ctx, "x", time.Now()), ErrClosed)
	require.NoError(t, j.Close(), "closing twice is harmless")
}

func TestOpenRefusesWhatIsNotAJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeFile(t, path, []byte("это не база данных, а текстовый файл, который пользователь положил сюда по ошибке"))
	_, err := Open(path)
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), "файл журнала повреждён — восстановите его из резервной копии")
	assert.Contains(t, err.Error(), path, "names the file")

	_, err = Open(filepath.Join(t.TempDir(), "a?b.db"))
	require.ErrorIs(t, err, ErrOpen)
}

// gosctl holds the write lock longer than the app waits: a clear
// message, not SQLite's "database is locked".
func TestABusyJournalSaysWhatToDo(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	holder, err := Open(path)
	require.NoError(t, err)
	defer holder.Close()
	conn, err := holder.DB().Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	require.NoError(t, err)
	defer tx.Rollback()

	j, err := OpenWith(path, Options{BusyTimeout: 100 * time.Millisecond})
	require.NoError(t, err, "reading is never blocked by a writer (WAL)")
	defer j.Close()
	_, err = j.Search(ctx, Query{})
	require.NoError(t, err)
	err = j.SaveDraft(ctx, hotelApp("ждёт"))
	require.ErrorIs(t, err, ErrBusy)
	assert.Contains(t, err.Error(), "журнал занят другой программой (gosdesk или gosctl) — повторите через минуту")
	require.NoError(t, tx.Rollback())
	require.NoError(t, j.SaveDraft(ctx, hotelApp("дождался")), "works once the other program lets go")
}

func TestAReadOnlyJournalRefusesWritesClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, j.Close())
	ro, err := OpenWith(path, Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	err = ro.SaveDraft(ctx, hotelApp("x"))
	require.ErrorIs(t, err, ErrReadOnly)
	assert.Contains(t, err.Error(), "нет прав на запись в журнал")
}

func TestErrorsAreRussianByDefaultAndEnglishOnRequest(t *testing.T) {
	j := open(t, nil)
	_, err := j.Submission(ctx, 42)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "запись не найдена в журнале: отправка №42", err.Error())
	assert.Equal(t, "no such record in the journal: submission 42", i18n.MessageIn(i18n.EN, err))
}

func TestIntegrityCheckPassesOnAHealthyJournal(t *testing.T) {
	j := open(t, nil)
	s := submitted(t, j, "Иванов", "sandbox")
	stepper(t)(j.MarkChecked(ctx, s.ID))
	require.NoError(t, j.IntegrityCheck(ctx))
}

// README: with the app closed, copying journal.db is a complete backup.
func TestAClosedJournalIsOneFileToCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	j, err := Open(path)
	require.NoError(t, err)
	s := submitted(t, j, "Копируемый", "sandbox")
	stepper(t)(j.BeginReserve(ctx, s.ID))
	stepper(t)(j.MarkReserved(ctx, s.ID, 123))
	require.NoError(t, j.Close())
	_, err = os.Stat(path + "-wal")
	assert.True(t, os.IsNotExist(err), "a clean close leaves no -wal file")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cp := filepath.Join(t.TempDir(), FileName)
	writeFile(t, cp, data)
	c, err := Open(cp)
	require.NoError(t, err)
	defer c.Close()
	got, err := c.ByOrder(ctx, "sandbox", 123)
	require.NoError(t, err)
	assert.Equal(t, s.ID, got.ID)
}

// IntegrityCheck really finds damage (the reliability harness relies on
// its "ok" meaning something).
func TestIntegrityCheckFindsADamagedPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path)
	require.NoError(t, err)
	for i := range 200 {
		_, err := j.SubmitNew(ctx, hotelApp(fmt.Sprintf("Гость %03d с длинной фамилией для заполнения страниц", i)), "sandbox")
		require.NoError(t, err)
	}
	require.NoError(t, j.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page := 4096
	require.Greater(t, len(data), 10*page)
	last := len(data) - page // a data page, not the schema (page 1)
	for i := last + 100; i < last+page-100; i++ {
		data[i] = 0x5a
	}
	writeFile(t, path, data)

	j, err = Open(path)
	if err == nil {
		defer j.Close()
		err = j.IntegrityCheck(ctx)
	}
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), "файл журнала повреждён — восстановите его из резервной копии")
}
