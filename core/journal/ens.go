package journal

import (
	"context"
	"database/sql"
	"time"
)

// Balance is a snapshot of the ENS balance (API ЕНС) of a taxpayer.
type Balance struct {
	ID      int64
	INN     string
	Date    string // the date asked for, YYYY-MM-DD
	Kopecks int64  // balance in kopecks (negative: debt)
	Raw     string // the service's JSON answer as received
	Taken   time.Time
}

// AddBalance records a snapshot (Taken is set to now when zero) and sets
// b.ID.
func (j *Journal) AddBalance(ctx context.Context, b *Balance) error {
	if b.INN == "" {
		return invalid("ИНН не указан", "no INN")
	}
	if j.closed.Load() {
		return ErrClosed
	}
	if b.Taken.IsZero() {
		b.Taken = fromMS(j.stamp())
	}
	res, err := j.db.ExecContext(ctx, `INSERT INTO ens_balances(inn, date, kopecks, raw, taken_at) VALUES (?,?,?,?,?)`,
		b.INN, b.Date, b.Kopecks, b.Raw, ms(b.Taken))
	if err != nil {
		return storageErr(err)
	}
	b.ID, err = res.LastInsertId()
	return storageErr(err)
}

// LastBalance returns the newest snapshot of inn, or of any INN when inn
// is "" (the last query, which the ENS screen shows on start).
// ErrNotFound when there is none.
func (j *Journal) LastBalance(ctx context.Context, inn string) (*Balance, error) {
	l, err := j.Balances(ctx, inn, 1)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, bilingual(CodeNotFound, nil, "снимков баланса ЕНС нет", "no ENS balance snapshot")
	}
	return &l[0], nil
}

// Balances lists up to limit snapshots of inn ("" = every INN), newest
// first.
func (j *Journal) Balances(ctx context.Context, inn string, limit int) ([]Balance, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	if limit <= 0 {
		limit = -1
	}
	var rows *sql.Rows
	var err error
	if inn == "" {
		rows, err = j.db.QueryContext(ctx, `SELECT id, inn, date, kopecks, raw, taken_at FROM ens_balances ORDER BY taken_at DESC, id DESC LIMIT ?`, limit)
	} else {
		rows, err = j.db.QueryContext(ctx, `SELECT id, inn, date, kopecks, raw, taken_at FROM ens_balances WHERE inn=? ORDER BY taken_at DESC, id DESC LIMIT ?`, inn, limit)
	}
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []Balance
	for rows.Next() {
		var b Balance
		var at int64
		if err := rows.Scan(&b.ID, &b.INN, &b.Date, &b.Kopecks, &b.Raw, &at); err != nil {
			return nil, storageErr(err)
		}
		b.Taken = fromMS(at)
		out = append(out, b)
	}
	return out, storageErr(rows.Err())
}
