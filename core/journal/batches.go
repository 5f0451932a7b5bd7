package journal

import (
	"context"
	"database/sql"
	"time"
)

// Batch is many applications of one service made from a template and a
// file of rows (hotel guests).
type Batch struct {
	ID         int64
	Env        string
	Service    string
	Template   string // template name or path
	SourceName string // the rows file's name (guests.csv)
	// Digest identifies the rows file's content (e.g. Streebog-256 hex),
	// so that sending the same file again resumes its batch (FindBatch).
	Digest  string
	Total   int
	Created time.Time
}

// Row states of a batch.
const (
	RowPending = "pending" // not sent yet
	RowSent    = "sent"
	RowFailed  = "failed"
	RowSkipped = "skipped"
)

// BatchRow is one row of a batch.
type BatchRow struct {
	BatchID   int64
	Row       int // row number in the file (header is row 1)
	Applicant string
	AppID     int64  // application made from the row, 0 before
	State     string // RowPending, RowSent, RowFailed, RowSkipped
	Error     Reason // why it failed
	Updated   time.Time
}

// NewBatch stores b and sets b.ID and b.Created.
func (j *Journal) NewBatch(ctx context.Context, b *Batch) error {
	if b.Service == "" {
		return invalid("не указана услуга", "no service")
	}
	if j.closed.Load() {
		return ErrClosed
	}
	now := j.stamp()
	res, err := j.db.ExecContext(ctx, `INSERT INTO batches(env, service, template, source_name, digest, total, created) VALUES (?,?,?,?,?,?,?)`,
		b.Env, b.Service, b.Template, b.SourceName, b.Digest, b.Total, now)
	if err != nil {
		return storageErr(err)
	}
	b.ID, err = res.LastInsertId()
	b.Created = fromMS(now)
	return storageErr(err)
}

// FindBatch returns the newest batch of env and service made from the
// same rows file (name and digest): after a crash, running the same batch
// again continues it instead of sending every row twice. ErrNotFound when
// there is none.
func (j *Journal) FindBatch(ctx context.Context, env, service, sourceName, digest string) (*Batch, error) {
	row := j.db.QueryRowContext(ctx, `SELECT id, env, service, template, source_name, digest, total, created FROM batches
		WHERE service=? AND source_name=? AND digest=? AND env=? ORDER BY id DESC LIMIT 1`, service, sourceName, digest, env)
	return scanBatch(row, 0)
}

// GetBatch returns a batch.
func (j *Journal) GetBatch(ctx context.Context, id int64) (*Batch, error) {
	row := j.db.QueryRowContext(ctx, `SELECT id, env, service, template, source_name, digest, total, created FROM batches WHERE id=?`, id)
	return scanBatch(row, id)
}

func scanBatch(r scanner, id int64) (*Batch, error) {
	b := &Batch{}
	var created int64
	if err := r.Scan(&b.ID, &b.Env, &b.Service, &b.Template, &b.SourceName, &b.Digest, &b.Total, &created); err != nil {
		return nil, notFound(err, "batch", id)
	}
	b.Created = fromMS(created)
	return b, nil
}

// Batches lists up to limit batches, newest first (limit ≤ 0: all).
func (j *Journal) Batches(ctx context.Context, limit int) ([]Batch, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := j.db.QueryContext(ctx, `SELECT id, env, service, template, source_name, digest, total, created FROM batches ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		b, err := scanBatch(rows, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, storageErr(rows.Err())
}

// SetRow creates or updates a row of a batch (one transaction).
func (j *Journal) SetRow(ctx context.Context, r BatchRow) error {
	if r.State == "" {
		r.State = RowPending
	}
	switch r.State {
	case RowPending, RowSent, RowFailed, RowSkipped:
	default:
		return invalid("состояние строки %q", "row state %q", r.State)
	}
	if j.closed.Load() {
		return ErrClosed
	}
	var app any
	if r.AppID != 0 {
		app = r.AppID
	}
	_, err := j.db.ExecContext(ctx, `INSERT INTO batch_rows(batch_id, row, applicant, app_id, state, error_ru, error_en, updated)
		VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT(batch_id, row) DO UPDATE SET applicant=excluded.applicant, app_id=excluded.app_id, state=excluded.state,
		error_ru=excluded.error_ru, error_en=excluded.error_en, updated=excluded.updated`,
		r.BatchID, r.Row, r.Applicant, app, r.State, r.Error.RU, r.Error.EN, j.stamp())
	if err != nil {
		return storageErr(err)
	}
	return nil
}

// Rows lists the rows of a batch by row number.
func (j *Journal) Rows(ctx context.Context, batchID int64) ([]BatchRow, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT batch_id, row, applicant, app_id, state, error_ru, error_en, updated
		FROM batch_rows WHERE batch_id=? ORDER BY row`, batchID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []BatchRow
	for rows.Next() {
		var r BatchRow
		var app sql.NullInt64
		var upd int64
		if err := rows.Scan(&r.BatchID, &r.Row, &r.Applicant, &app, &r.State, &r.Error.RU, &r.Error.EN, &upd); err != nil {
			return nil, storageErr(err)
		}
		r.AppID, r.Updated = app.Int64, fromMS(upd)
		out = append(out, r)
	}
	return out, storageErr(rows.Err())
}
