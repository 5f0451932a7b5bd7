package journal

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSVExportOpensInExcelWithCyrillic(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	a := &Application{Service: "10000103652", Applicant: `ООО «Ромашка»; филиал "Север"`, Title: "Уведомление\nо прибытии"}
	require.NoError(t, j.CreateApplication(ctx, a))
	s, err := j.Submit(ctx, a.ID, "sandbox")
	require.NoError(t, err)
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 3500308079))
	_, err = j.AddStatus(ctx, "sandbox", 3500308079, Status{ID: 2, Title: "Принято ведомством"})
	require.NoError(t, err)
	require.NoError(t, j.SaveDraft(ctx, &Application{Service: "60010153", Applicant: "Иванов"}))

	var buf bytes.Buffer
	n, err := j.ExportCSV(ctx, &buf, Query{Sort: SortCreated, Limit: 1}) // Limit is ignored: everything selected
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	out := buf.Bytes()
	require.True(t, bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")), "UTF-8 byte-order mark for Excel")
	assert.Contains(t, string(out), "\r\n", "CRLF line ends")

	r := csv.NewReader(bytes.NewReader(out[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err, "a spreadsheet reads it back with «;»")
	require.Len(t, recs, 3)
	assert.Equal(t, csvHeader, recs[0])
	assert.Equal(t, `ООО «Ромашка»; филиал "Север"`, recs[1][2], "a separator and quotes inside a field survive")
	assert.Equal(t, "Уведомление\nо прибытии", recs[1][3])
	assert.Equal(t, "отправлено", recs[1][6])
	assert.Equal(t, "3500308079", recs[1][7])
	assert.Equal(t, "Принято ведомством", recs[1][9])
	assert.Equal(t, "да", recs[2][4], "the draft")
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, recs[1][13])

	f := &Application{Service: "10000103652", Applicant: "Отказ"}
	fs, err := j.SubmitNew(ctx, f, "sandbox")
	require.NoError(t, err)
	_, err = j.MarkFailed(ctx, fs.ID, Reason{RU: "строка 5: неверная дата рождения", EN: "row 5: bad birth date"})
	require.NoError(t, err)
	buf.Reset()
	_, err = j.ExportCSV(ctx, &buf, Query{Text: "отказ"})
	require.NoError(t, err)
	r = csv.NewReader(bytes.NewReader(buf.Bytes()[3:]))
	r.Comma = ';'
	recs, err = r.ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "строка 5: неверная дата рождения", recs[1][10], "why it failed is in the export")

	buf.Reset()
	n, err = j.ExportCSV(ctx, &buf, Query{Drafts: OnlyDrafts})
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the export follows the search")
}

// A guest's name from someone else's CSV must not become a formula in
// the clerk's spreadsheet.
func TestCSVExportDefusesFormulas(t *testing.T) {
	j := open(t, nil)
	for _, name := range []string{`=HYPERLINK("http://evil","x")`, "+7 900 000", "-1+1", "@SUM(A1)", "Обычное имя"} {
		require.NoError(t, j.SaveDraft(ctx, &Application{Service: "10000103652", Applicant: name}))
	}
	var buf bytes.Buffer
	_, err := j.ExportCSV(ctx, &buf, Query{Sort: SortCreated})
	require.NoError(t, err)
	r := csv.NewReader(bytes.NewReader(buf.Bytes()[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err)
	var got []string
	for _, rec := range recs[1:] {
		got = append(got, rec[2])
	}
	assert.Equal(t, []string{`'=HYPERLINK("http://evil","x")`, "'+7 900 000", "'-1+1", "'@SUM(A1)", "Обычное имя"}, got)
}

func TestBackupWhileTheJournalIsInUse(t *testing.T) {
	j := open(t, nil)
	for i := range 20 {
		submitted(t, j, "до копии", "sandbox")
		_ = i
	}
	// A writer keeps working while the copy is made.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			a := hotelApp("во время копии")
			if err := j.CreateApplication(ctx, a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dst := filepath.Join(t.TempDir(), "копии 100%", "journal-backup.db")
	require.NoError(t, j.Backup(ctx, dst))
	close(stop)
	wg.Wait()
	require.NoError(t, j.Backup(ctx, dst), "an existing backup is replaced")

	b, err := OpenWith(dst, Options{ReadOnly: true})
	require.NoError(t, err, "the backup is a journal on its own (no -wal beside it)")
	defer b.Close()
	require.NoError(t, b.IntegrityCheck(ctx))
	p, err := b.Search(ctx, Query{Text: "до копии"})
	require.NoError(t, err)
	assert.Equal(t, 20, p.Total)
	_, err = b.DB().Exec("DELETE FROM applications")
	require.Error(t, err, "read-only really is read-only")
	matches, _ := filepath.Glob(dst + ".tmp-*")
	assert.Empty(t, matches, "no temporary file left behind")
}

func TestBackupFailureIsReported(t *testing.T) {
	j := open(t, nil)
	require.NoError(t, j.SaveDraft(ctx, hotelApp("остаётся")))
	err := j.Backup(ctx, j.Path())
	require.ErrorIs(t, err, ErrBackup)
	assert.Contains(t, err.Error(), "копия не может заменить сам журнал")
	p, err := j.Search(ctx, Query{})
	require.NoError(t, err)
	assert.Equal(t, 1, p.Total, "the journal is intact")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "file"), []byte("x"))
	err = j.Backup(ctx, filepath.Join(dir, "file", "sub", "backup.db")) // a file where a folder should be
	require.ErrorIs(t, err, ErrBackup)
	assert.Contains(t, err.Error(), "не удалось создать резервную копию журнала")
}
