package journal

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHashFileGivesSizeAndStreebog256(t *testing.T) {
	path := filepath.Join(t.TempDir(), "скан паспорта.pdf")
	// RFC 6986 §10.1 example M1 (63 bytes), Streebog-256.
	writeFile(t, path, []byte("012345678901234567890123456789012345678901234567890123456789012"))
	a, err := HashFile(path)
	require.NoError(t, err)
	assert.Equal(t, "скан паспорта.pdf", a.Name)
	assert.Equal(t, path, a.Path)
	assert.Equal(t, int64(63), a.Size)
	assert.Equal(t, "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500", a.Streebog)

	_, err = HashFile(filepath.Join(t.TempDir(), "нет.pdf"))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "нет.pdf")
}

func TestDraftRoundTripWithAttachments(t *testing.T) {
	j := open(t, nil)
	a := hotelApp("Smith John")
	a.Target, a.Region = "-1000444103652", "45000000"
	a.Attachments = []Attachment{{Name: "passport.pdf", Path: "/home/u/passport.pdf", Size: 10, Streebog: "ab"},
		{Name: "visa.jpg", StoredPath: "/data/files/visa.jpg", Size: 20, Streebog: "cd"}}
	a.Extra = `{"chunked":true}`
	require.NoError(t, j.SaveDraft(ctx, a))
	require.NotZero(t, a.ID)

	got, err := j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.True(t, got.Draft)
	assert.Equal(t, StateDraft, got.State)
	assert.Equal(t, a.Documents, got.Documents)
	assert.Equal(t, a.Attachments, got.Attachments)
	assert.Equal(t, a.Extra, got.Extra)
	assert.Equal(t, "45000000", got.Region)

	a.Documents[0].Data = []byte("<req>edited</req>")
	a.Attachments = a.Attachments[:1]
	require.NoError(t, j.SaveDraft(ctx, a))
	got, err = j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "<req>edited</req>", string(got.Documents[0].Data))
	assert.Len(t, got.Attachments, 1, "a removed attachment is gone")
}

func TestSavingAnUnchangedDraftWritesNothing(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	a := hotelApp("Иванов")
	require.NoError(t, j.SaveDraft(ctx, a))
	var before int64
	require.NoError(t, j.DB().QueryRow("SELECT updated FROM applications WHERE id=?", a.ID).Scan(&before))

	clk.Add(time.Minute)
	for range 50 { // the GUI autosaves on every keystroke
		require.NoError(t, j.SaveDraft(ctx, hotelApp("Иванов").withID(a.ID)))
	}
	var after int64
	require.NoError(t, j.DB().QueryRow("SELECT updated FROM applications WHERE id=?", a.ID).Scan(&after))
	assert.Equal(t, before, after, "unchanged content: nothing written")
	var n int
	require.NoError(t, j.DB().QueryRow("SELECT count(*) FROM applications").Scan(&n))
	assert.Equal(t, 1, n, "saving again never makes a second draft")

	b := hotelApp("Иванова") // one letter more
	b.ID = a.ID
	require.NoError(t, j.SaveDraft(ctx, b))
	got, err := j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Иванова", got.Applicant)
	assert.Equal(t, clk.Now(), got.Updated.UTC())
}

func (a *Application) withID(id int64) *Application { a.ID = id; return a }

func TestASubmittedApplicationIsNotEditedOrDeletedAsADraft(t *testing.T) {
	j := open(t, nil)
	a := hotelApp("Гость")
	require.NoError(t, j.SaveDraft(ctx, a))
	_, err := j.Submit(ctx, a.ID, "sandbox")
	require.NoError(t, err)
	a.Applicant = "Другой"
	err = j.SaveDraft(ctx, a)
	require.ErrorIs(t, err, ErrActive)
	assert.Contains(t, err.Error(), "уже отправлено")
	require.ErrorIs(t, j.DeleteDraft(ctx, a.ID), ErrActive)
	got, err := j.Application(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Гость", got.Applicant)
}

func TestDraftsListAndDelete(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	first := hotelApp("Первый")
	require.NoError(t, j.SaveDraft(ctx, first))
	clk.Add(time.Second)
	second := hotelApp("Второй")
	require.NoError(t, j.SaveDraft(ctx, second))
	require.NoError(t, j.CreateApplication(ctx, hotelApp("Не черновик")))

	l, err := j.Drafts(ctx)
	require.NoError(t, err)
	require.Len(t, l, 2)
	assert.Equal(t, "Второй", l[0].Applicant, "most recently edited first")

	require.NoError(t, j.DeleteDraft(ctx, first.ID))
	_, err = j.Application(ctx, first.ID)
	require.ErrorIs(t, err, ErrNotFound)
	var docs int
	require.NoError(t, j.DB().QueryRow("SELECT count(*) FROM documents WHERE app_id=?", first.ID).Scan(&docs))
	assert.Zero(t, docs, "its documents went with it")
	require.ErrorIs(t, j.DeleteDraft(ctx, first.ID), ErrNotFound)
}

func TestAnApplicationNeedsAService(t *testing.T) {
	j := open(t, nil)
	err := j.SaveDraft(ctx, &Application{Applicant: "x"})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "не указана услуга")
}
