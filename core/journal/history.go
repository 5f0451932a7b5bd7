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

// statusOrder orders a history: by the service's time, or by the time it
// was recorded when the service gave none.
const statusOrder = `CASE service_at WHEN 0 THEN recorded_at ELSE service_at END`

// AddStatus appends st to the history of order orderID in env. The same
// entry (status, time, title, comment, state) is stored once: added is
// false for a repeat. A status without the service's time (At zero) is a
// repeat when the latest entry has the same status; a timed status
// completes an earlier timeless entry of the same status instead of
// adding a second one. The order's submission, if journalled, gets st as
// its last status (its state is changed by MarkFinal, not here).
func (j *Journal) AddStatus(ctx context.Context, env string, orderID int64, st Status) (added bool, err error) {
	err = j.tx(ctx, func(tx *sql.Tx) error {
		now := j.stamp()
		if st.At.IsZero() {
			// Without the service's time (getOrdersStatus) a status
			// repeats the latest entry when it has the same status.
			var last sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT status_id FROM statuses WHERE env=? AND order_id=? ORDER BY `+statusOrder+` DESC, id DESC LIMIT 1`,
				env, orderID).Scan(&last)
			if err != nil && err != sql.ErrNoRows {
				return storageErr(err)
			}
			if last.Valid && int(last.Int64) == st.ID {
				return nil
			}
		} else {
			// The same status stored earlier without a time gets it now:
			// one event, not two.
			res, err := tx.ExecContext(ctx, `UPDATE OR IGNORE statuses SET service_at=?,
				comment=CASE comment WHEN '' THEN ? ELSE comment END, final=max(final, ?)
				WHERE id=(SELECT id FROM statuses WHERE env=? AND order_id=? AND status_id=? AND service_at=0 ORDER BY id DESC LIMIT 1)`,
				ms(st.At), st.Comment, st.Final, env, orderID, st.ID)
			if err != nil {
				return storageErr(err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				return nil
			}
		}
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
		if err := tx.QueryRowContext(ctx, `SELECT id FROM statuses WHERE env=? AND order_id=? ORDER BY `+statusOrder+` DESC, id DESC LIMIT 1`,
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
// service's time, or the time recorded when it gave none).
func (j *Journal) History(ctx context.Context, env string, orderID int64) ([]Status, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := j.db.QueryContext(ctx, `SELECT status_id, title, comment, proc_state, final, service_at, recorded_at
		FROM statuses WHERE env=? AND order_id=? ORDER BY `+statusOrder+`, id`, env, orderID)
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
