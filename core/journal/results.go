package journal

import (
	"context"
	"time"
)

// ResultFile is a file the service returned for an order (or one taken
// out of its result ZIP), saved on disk.
type ResultFile struct {
	Name        string
	Path        string // local path; one record per (env, order, path)
	Size        int64
	ContentType string
	Parent      string // the ZIP it was extracted from, "" for a download
	// Signature verdict, for a .sig file: Signs names the file it signs.
	IsSig    bool
	Signs    string
	Valid    bool
	Verdict  string // the verdict text («подпись верна», …)
	Recorded time.Time
}

// AddResult records a result file of order orderID in env; recording the
// same path again replaces the record (a new download, a new verdict).
func (j *Journal) AddResult(ctx context.Context, env string, orderID int64, f ResultFile) error {
	if f.Path == "" {
		return invalid("путь файла результата не указан", "no result path")
	}
	if j.closed.Load() {
		return ErrClosed
	}
	_, err := j.db.ExecContext(ctx, `INSERT INTO results(env, order_id, name, path, size, content_type, parent, is_sig, signs, valid, verdict, recorded_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(env, order_id, path) DO UPDATE SET name=excluded.name, size=excluded.size, content_type=excluded.content_type,
		parent=excluded.parent, is_sig=excluded.is_sig, signs=excluded.signs, valid=excluded.valid, verdict=excluded.verdict,
		recorded_at=excluded.recorded_at`,
		env, orderID, f.Name, f.Path, f.Size, f.ContentType, f.Parent, f.IsSig, f.Signs, f.Valid, f.Verdict, j.stamp())
	return storageErr(err)
}

// Results lists the result files of an order in the order recorded.
func (j *Journal) Results(ctx context.Context, env string, orderID int64) ([]ResultFile, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := j.db.QueryContext(ctx, `SELECT name, path, size, content_type, parent, is_sig, signs, valid, verdict, recorded_at
		FROM results WHERE env=? AND order_id=? ORDER BY id`, env, orderID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []ResultFile
	for rows.Next() {
		var f ResultFile
		var rec int64
		if err := rows.Scan(&f.Name, &f.Path, &f.Size, &f.ContentType, &f.Parent, &f.IsSig, &f.Signs, &f.Valid, &f.Verdict, &rec); err != nil {
			return nil, storageErr(err)
		}
		f.Recorded = fromMS(rec)
		out = append(out, f)
	}
	return out, storageErr(rows.Err())
}
