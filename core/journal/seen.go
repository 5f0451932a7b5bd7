package journal

import "context"

// MarkSeen records that the user opened the details of application id
// after its order reached its final status (the Заявления badge counts
// the final orders not seen). An application that is not final is left
// as it is: its result, when it comes, is new. changed is false when
// nothing was to be marked.
func (j *Journal) MarkSeen(ctx context.Context, id int64) (changed bool, err error) {
	if j.closed.Load() {
		return false, ErrClosed
	}
	res, err := j.db.ExecContext(ctx, `UPDATE applications SET seen=1 WHERE id=? AND state='final' AND seen=0`, id)
	if err != nil {
		return false, storageErr(err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Unseen counts the final orders whose details were not opened since
// they became final, in env ("" every environment).
func (j *Journal) Unseen(ctx context.Context, env string) (int, error) {
	if j.closed.Load() {
		return 0, ErrClosed
	}
	q := `SELECT count(*) FROM applications WHERE state='final' AND seen=0`
	args := []any{}
	if env != "" {
		q += ` AND env=?`
		args = append(args, env)
	}
	var n int
	if err := j.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, storageErr(err)
	}
	return n, nil
}
