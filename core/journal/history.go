package journal

import (
	"context"
	"database/sql"
	"time"
)

// Status is one entry of an order's status history, as the service gave
// it (getOrdersStatus, getUpdatedAfter, order details).
type Status struct {
	ID      int    // orderStatusId
	Title   string // the service's title (Russian)
	Comment string
	// ProcState is the gu-smev processing state (DONE, VALIDATION_ERROR…)
	// when the service reports one.
	ProcState string
	Final     bool
	At        time.Time // time from the service (zero when it gave none)
	// Recorded is when the journal stored it (filled on read).
	Recorded time.Time
}

// AddStatus appends st to the history of order orderID in env. The same
// entry (status, time, title, comment, state) is stored once: added is
// false for a repeat. The order's submission, if journalled, gets st as
// its last status (its state is changed by MarkFinal, not here).
func (j *Journal) AddStatus(ctx context.Context, env string, orderID int64, st Status) (added bool, err error) {
	err = j.tx(ctx, func(tx *sql.Tx) error {
		now := j.stamp()
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO statuses(env, order_id, status_id, title, comment, proc_state, final, service_at, recorded_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, env, orderID, st.ID, st.Title, st.Comment, st.ProcState, st.Final, ms(st.At), now)
		if err != nil {
			return storageErr(err)
		}
		n, _ := res.RowsAffected()
		added = n > 0
		if !added {
			return nil
		}
		// The newest entry (by the service's time) becomes the last status.
		var lastID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM statuses WHERE env=? AND order_id=? ORDER BY service_at DESC, id DESC LIMIT 1`,
			env, orderID).Scan(&lastID); err != nil {
			return storageErr(err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return storageErr(err)
		}
		if lastID != id {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET status_id=?, status_text=?, updated=? WHERE env=? AND order_id=?`,
			st.ID, st.Title, now, env, orderID); err != nil {
			return storageErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE applications SET status_id=?, status_text=?, updated=? WHERE env=? AND order_id=?`,
			st.ID, st.Title, now, env, orderID)
		return storageErr(err)
	})
	return added, err
}

// History returns the status history of an order, oldest first (by the
// service's time, then by arrival).
func (j *Journal) History(ctx context.Context, env string, orderID int64) ([]Status, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := j.db.QueryContext(ctx, `SELECT status_id, title, comment, proc_state, final, service_at, recorded_at
		FROM statuses WHERE env=? AND order_id=? ORDER BY service_at, id`, env, orderID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []Status
	for rows.Next() {
		var s Status
		var at, rec int64
		if err := rows.Scan(&s.ID, &s.Title, &s.Comment, &s.ProcState, &s.Final, &at, &rec); err != nil {
			return nil, storageErr(err)
		}
		s.At, s.Recorded = fromMS(at), fromMS(rec)
		out = append(out, s)
	}
	return out, storageErr(rows.Err())
}
