package journal

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// Document is an XML file of an application (req.xml, attach.xml …).
type Document struct {
	Name string // archive name
	Data []byte
}

// Attachment is a file put into the archive (a scan, a PDF).
type Attachment struct {
	Name string // archive name
	// Path is where the user's file is; StoredPath a copy the app keeps
	// in its data folder (either may be empty).
	Path       string
	StoredPath string
	Size       int64
	// Streebog is the Streebog-256 digest of the content, lower-case hex
	// (as gost12sum prints it): a changed file is detected before sending.
	Streebog string
}

// HashFile describes the file at path as an Attachment named after its
// base name: size and Streebog-256 (core/gost/streebog), streamed.
func HashFile(path string) (Attachment, error) {
	f, err := os.Open(path)
	if err != nil {
		return Attachment{}, newErr(CodeInvalid, path, err)
	}
	defer f.Close()
	h := streebog.New256()
	n, err := io.Copy(h, f)
	if err != nil {
		return Attachment{}, newErr(CodeInvalid, path, err)
	}
	return Attachment{Name: filepath.Base(path), Path: path, Size: n, Streebog: hex.EncodeToString(h.Sum(nil))}, nil
}

// Application is what a user prepared: a service, its XML documents and
// attachments. A draft is still being edited; once submitted it keeps its
// content and its submissions record what happened to it.
type Application struct {
	ID             int64
	Service        string // eServiceCode
	Target, Region string // overrides of the catalog's targetCode / OKATO
	// Title and Applicant are free text shown in lists and searched
	// (guest name, organisation).
	Title, Applicant string
	Documents        []Document
	Attachments      []Attachment
	Draft            bool
	// BatchID and BatchRow link a batch row's application (0 when none).
	BatchID  int64
	BatchRow int
	// Extra holds the workflow's own settings of the application (e.g.
	// JSON: a user-made archive, forced chunking); stored as given.
	Extra string

	// Read-only summary of the current submission (filled by the
	// journal; ignored on save).
	SubmissionID int64
	Env          string
	State        State // StateDraft when never submitted
	OrderID      int64
	StatusID     int    // last order status from the service
	StatusText   string // its title
	Created      time.Time
	Updated      time.Time
}

// contentDigest is a SHA-256 of everything SaveDraft stores, so an
// unchanged autosave writes nothing. It only detects change (no security
// role), so the fastest hash at hand is used, not Streebog.
func (a *Application) contentDigest() string {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	put(a.Service)
	put(a.Target)
	put(a.Region)
	put(a.Title)
	put(a.Applicant)
	put(strconv.FormatInt(a.BatchID, 10) + "/" + strconv.Itoa(a.BatchRow))
	put(a.Extra)
	put(strconv.Itoa(len(a.Documents)))
	for _, d := range a.Documents {
		put(d.Name)
		put(string(d.Data))
	}
	put(strconv.Itoa(len(a.Attachments)))
	for _, at := range a.Attachments {
		put(at.Name)
		put(at.Path)
		put(at.StoredPath)
		put(strconv.FormatInt(at.Size, 10))
		put(at.Streebog)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func searchText(a *Application, orderID int64) string {
	s := strings.ToLower(a.Applicant + "\x1f" + a.Title + "\x1f" + a.Service)
	if orderID != 0 {
		s += "\x1f" + strconv.FormatInt(orderID, 10)
	}
	return s
}

// SaveDraft stores a (a new draft when a.ID is 0, setting a.ID) and marks
// it a draft. It is cheap and idempotent: saving unchanged content writes
// nothing and keeps Updated, so the GUI may call it on every keystroke.
// Saving over a submitted application is refused with ErrActive.
func (j *Journal) SaveDraft(ctx context.Context, a *Application) error {
	if a.Service == "" {
		return invalid("не указана услуга", "no service")
	}
	digest := a.contentDigest()
	if a.ID != 0 {
		var old string
		var draft bool
		err := j.db.QueryRowContext(ctx, `SELECT content, draft FROM applications WHERE id=?`, a.ID).Scan(&old, &draft)
		if err != nil {
			return notFound(err, "application", a.ID)
		}
		if !draft {
			return bilingual(CodeActive, nil, "заявление №%d уже отправлено", "application %d was already submitted", a.ID)
		}
		if old == digest {
			a.Draft = true
			return nil
		}
	}
	a.Draft = true
	return j.tx(ctx, func(tx *sql.Tx) error { return j.writeApp(ctx, tx, a, digest) })
}

// CreateApplication stores a new application that is not a draft (a
// batch row, a gosctl submit) and sets a.ID. With a.BatchID the batch
// row (a.BatchRow) is linked to it in the same transaction. Use Submit
// to start its submission, or SubmitNew to do both at once.
func (j *Journal) CreateApplication(ctx context.Context, a *Application) error {
	if a.Service == "" {
		return invalid("не указана услуга", "no service")
	}
	a.ID = 0
	a.Draft = false
	digest := a.contentDigest()
	return j.tx(ctx, func(tx *sql.Tx) error { return j.writeApp(ctx, tx, a, digest) })
}

// writeApp inserts or replaces the content of a.
func (j *Journal) writeApp(ctx context.Context, tx *sql.Tx, a *Application, digest string) error {
	now := j.stamp()
	var batch any
	if a.BatchID != 0 {
		batch = a.BatchID
	}
	if a.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO applications
			(service, target, region, title, applicant, draft, extra, content, batch_id, batch_row, search, created, updated)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			a.Service, a.Target, a.Region, a.Title, a.Applicant, a.Draft, a.Extra, digest, batch, a.BatchRow,
			searchText(a, 0), now, now)
		if err != nil {
			return storageErr(err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return storageErr(err)
		}
		a.Created = fromMS(now)
		a.State = StateDraft
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE applications SET service=?, target=?, region=?, title=?, applicant=?,
			draft=?, extra=?, content=?, batch_id=?, batch_row=?, search=?, updated=? WHERE id=? AND draft=1`,
			a.Service, a.Target, a.Region, a.Title, a.Applicant, a.Draft, a.Extra, digest, batch, a.BatchRow,
			searchText(a, 0), now, a.ID)
		if err != nil {
			return storageErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return newErr(CodeActive, "заявление №"+strconv.FormatInt(a.ID, 10), nil)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE app_id=?`, a.ID); err != nil {
			return storageErr(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE app_id=?`, a.ID); err != nil {
			return storageErr(err)
		}
	}
	a.Updated = fromMS(now)
	if a.BatchID != 0 && !a.Draft {
		// the row learns its application in the same transaction
		if _, err := tx.ExecContext(ctx, `INSERT INTO batch_rows(batch_id, row, applicant, app_id, state, updated) VALUES (?,?,?,?,?,?)
			ON CONFLICT(batch_id, row) DO UPDATE SET applicant=excluded.applicant, app_id=excluded.app_id, updated=excluded.updated`,
			a.BatchID, a.BatchRow, a.Applicant, a.ID, RowPending, now); err != nil {
			return storageErr(err)
		}
	}
	for i, d := range a.Documents {
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents(app_id,pos,name,data) VALUES (?,?,?,?)`,
			a.ID, i, d.Name, nonNil(d.Data)); err != nil {
			return storageErr(err)
		}
	}
	for i, at := range a.Attachments {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments(app_id,pos,name,path,stored_path,size,streebog) VALUES (?,?,?,?,?,?,?)`,
			a.ID, i, at.Name, at.Path, at.StoredPath, at.Size, at.Streebog); err != nil {
			return storageErr(err)
		}
	}
	return nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// Application returns the application with its documents, attachments
// and the summary of its current submission.
func (j *Journal) Application(ctx context.Context, id int64) (*Application, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	a := &Application{}
	var batch, sub sql.NullInt64
	var created, updated int64
	err := j.db.QueryRowContext(ctx, `SELECT id, service, target, region, title, applicant, draft, extra, batch_id, batch_row,
		sub_id, env, state, order_id, status_id, status_text, created, updated FROM applications WHERE id=?`, id).
		Scan(&a.ID, &a.Service, &a.Target, &a.Region, &a.Title, &a.Applicant, &a.Draft, &a.Extra, &batch, &a.BatchRow,
			&sub, &a.Env, &a.State, &a.OrderID, &a.StatusID, &a.StatusText, &created, &updated)
	if err != nil {
		return nil, notFound(err, "application", id)
	}
	a.BatchID, a.SubmissionID = batch.Int64, sub.Int64
	a.Created, a.Updated = fromMS(created), fromMS(updated)
	rows, err := j.db.QueryContext(ctx, `SELECT name, data FROM documents WHERE app_id=? ORDER BY pos`, id)
	if err != nil {
		return nil, storageErr(err)
	}
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.Name, &d.Data); err != nil {
			rows.Close()
			return nil, storageErr(err)
		}
		a.Documents = append(a.Documents, d)
	}
	rows.Close()
	rows, err = j.db.QueryContext(ctx, `SELECT name, path, stored_path, size, streebog FROM attachments WHERE app_id=? ORDER BY pos`, id)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var at Attachment
		if err := rows.Scan(&at.Name, &at.Path, &at.StoredPath, &at.Size, &at.Streebog); err != nil {
			return nil, storageErr(err)
		}
		a.Attachments = append(a.Attachments, at)
	}
	return a, storageErr(rows.Err())
}

// Drafts lists the drafts (without documents), most recently edited first.
func (j *Journal) Drafts(ctx context.Context) ([]Summary, error) {
	p, err := j.Search(ctx, Query{Drafts: OnlyDrafts, Sort: SortUpdated, Desc: true, Limit: -1})
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// DeleteDraft removes a draft and everything stored with it. A submitted
// application is never deleted (ErrActive).
func (j *Journal) DeleteDraft(ctx context.Context, id int64) error {
	return j.tx(ctx, func(tx *sql.Tx) error {
		var draft bool
		if err := tx.QueryRowContext(ctx, `SELECT draft FROM applications WHERE id=?`, id).Scan(&draft); err != nil {
			return notFound(err, "application", id)
		}
		if !draft {
			return bilingual(CodeActive, nil, "заявление №%d уже отправлено", "application %d was already submitted", id)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM applications WHERE id=?`, id)
		return storageErr(err)
	})
}

// notFound turns sql.ErrNoRows into ErrNotFound naming the record.
func notFound(err error, what string, id int64) error {
	if err == sql.ErrNoRows {
		ru := map[string]string{"application": "заявление", "submission": "отправка", "batch": "пакет"}[what]
		if id == 0 {
			return &Error{Code: CodeNotFound, Err: i18n.New(ru, what)}
		}
		n := strconv.FormatInt(id, 10)
		return &Error{Code: CodeNotFound, Err: i18n.New(ru+" №"+n, what+" "+n)}
	}
	return storageErr(err)
}
