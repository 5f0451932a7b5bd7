package journal

import (
	"context"
	"database/sql"
	"time"
)

// Cursor returns a named position (e.g. the getUpdatedAfter time of an
// environment: name "updated-after/sandbox"); the zero time when unset.
func (j *Journal) Cursor(ctx context.Context, name string) (time.Time, error) {
	var v int64
	err := j.db.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM kv WHERE key=?`, "cursor/"+name).Scan(&v)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, storageErr(err)
	}
	return time.UnixMilli(v), nil
}

// SetCursor stores a named position.
func (j *Journal) SetCursor(ctx context.Context, name string, t time.Time) error {
	_, err := j.db.ExecContext(ctx, `INSERT INTO kv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
		"cursor/"+name, t.UnixMilli())
	return storageErr(err)
}
