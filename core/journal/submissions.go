package journal

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Reason says why a submission failed, in Russian and English.
type Reason struct{ RU, EN string }

// Submission is one attempt to send an application: its state, the
// reserved orderId and the chunk session. One application has at most
// one unfinished submission; a new one is started only when the previous
// ended (Submit).
type Submission struct {
	ID      int64
	AppID   int64
	Env     string // environment (sandbox, test, prod)
	Service string
	State   State
	// OrderID is the order number once reserved or assigned by /push;
	// kept for the life of the submission (DropOrder forgets it on the
	// user's request only).
	OrderID     int64
	Route       Route
	ArchivePath string
	ArchiveSize int64
	// Chunk session (RouteChunked).
	UploadID      string    // the service's upload id, when it gives one
	ChunkSize     int64     // bytes per chunk
	Chunks        int       // total chunks
	ChunksDone    int       // chunks 0…ChunksDone-1 were accepted
	ChunkInFlight int       // chunk sent but not acknowledged, -1 when none
	SessionStart  time.Time // chunk 0 was sent (the 5-minute window)
	// OutcomeUnknown: a request (/order, /push, a chunk) was written as
	// "about to" and its answer was never recorded.
	OutcomeUnknown bool
	StepStart      time.Time // when that request began
	Reason         Reason    // StateFailed
	StatusID       int       // last order status from the service
	StatusText     string
	Created        time.Time
	Updated        time.Time
}

// NextChunk is the chunk to send next.
func (s *Submission) NextChunk() int { return s.ChunksDone }

// SessionExpired reports whether the chunk session started more than
// ChunkWindow before now.
func (s *Submission) SessionExpired(now time.Time) bool {
	return !s.SessionStart.IsZero() && now.Sub(s.SessionStart) >= ChunkWindow
}

// Next says what the workflow does to resume s at time now (the resume
// contract, README.md).
func (s *Submission) Next(now time.Time) Action {
	switch s.State {
	case StateDraft, StateChecked:
		return ActionPrepare
	case StatePacked:
		if s.Route == RouteChunked {
			if s.OrderID == 0 {
				return ActionReserve
			}
			return ActionUpload
		}
		return ActionPush
	case StateReserving:
		return ActionResolveReserve
	case StateReserved:
		if s.ArchivePath == "" {
			return ActionPack
		}
		if s.Route == RoutePush {
			return ActionPush
		}
		return ActionUpload
	case StateUploading:
		if s.Chunks > 0 && s.ChunksDone >= s.Chunks {
			return ActionResolvePush
		}
		if s.SessionExpired(now) {
			return ActionRestartUpload
		}
		return ActionUpload
	case StatePushing:
		return ActionResolvePush
	case StateSent, StateTracking:
		return ActionTrack
	}
	return ActionNone
}

// Transition is one recorded state change.
type Transition struct {
	ID      int64
	From    State // "" for the first
	To      State
	Step    string // what was done: submit, check, pack, reserve, reserved, chunk, chunk-done, restart-upload, push, sent, tracking, final, failed, reopen, drop-order
	OrderID int64
	Chunk   int // chunk index for chunk steps, -1 otherwise
	Chunks  int
	Note    string
	At      time.Time
}

// Pack describes a built archive.
type Pack struct {
	Path      string
	Size      int64
	Route     Route
	ChunkSize int64 // RouteChunked
	Chunks    int   // RouteChunked
}

// Chunk announces a chunk about to be sent.
type Chunk struct {
	UploadID string // the service's upload session id, if any
	Index    int    // 0-based; must be NextChunk()
	Total    int
	Size     int64 // bytes per chunk
}

const subColumns = `id, app_id, env, service, state, order_id, route, archive_path, archive_size, upload_id,
	chunk_size, chunks, chunks_done, chunk_inflight, session_start, step_start, unknown, reason_ru, reason_en,
	status_id, status_text, created, updated`

type scanner interface{ Scan(...any) error }

func scanSubmission(r scanner) (*Submission, error) {
	s := &Submission{}
	var sess, step, created, updated int64
	err := r.Scan(&s.ID, &s.AppID, &s.Env, &s.Service, &s.State, &s.OrderID, &s.Route, &s.ArchivePath, &s.ArchiveSize,
		&s.UploadID, &s.ChunkSize, &s.Chunks, &s.ChunksDone, &s.ChunkInFlight, &sess, &step, &s.OutcomeUnknown,
		&s.Reason.RU, &s.Reason.EN, &s.StatusID, &s.StatusText, &created, &updated)
	if err != nil {
		return nil, err
	}
	s.SessionStart, s.StepStart, s.Created, s.Updated = fromMS(sess), fromMS(step), fromMS(created), fromMS(updated)
	return s, nil
}

// SubmitNew stores a new application (as CreateApplication) and starts
// its submission to env (as Submit) in one transaction: a crash leaves
// either nothing or an application with its submission, never an
// application nobody resumes.
func (j *Journal) SubmitNew(ctx context.Context, a *Application, env string) (*Submission, error) {
	if a.Service == "" {
		return nil, invalid("не указана услуга", "no service")
	}
	a.ID, a.Draft = 0, false
	digest := a.contentDigest()
	var out *Submission
	err := j.tx(ctx, func(tx *sql.Tx) error {
		if err := j.writeApp(ctx, tx, a, digest); err != nil {
			return err
		}
		s, err := j.submit(ctx, tx, a.ID, env)
		out = s
		return err
	})
	if err != nil {
		a.ID = 0
	}
	return out, err
}

// Submit starts a submission of application appID to env in StateDraft
// and marks the application as no longer a draft. It is refused with
// ErrActive while the application has an unfinished (or sent, not yet
// final) submission: an application is never sent twice by accident.
func (j *Journal) Submit(ctx context.Context, appID int64, env string) (*Submission, error) {
	var out *Submission
	err := j.tx(ctx, func(tx *sql.Tx) (err error) {
		out, err = j.submit(ctx, tx, appID, env)
		return err
	})
	return out, err
}

func (j *Journal) submit(ctx context.Context, tx *sql.Tx, appID int64, env string) (*Submission, error) {
	var service string
	var cur sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT service, sub_id FROM applications WHERE id=?`, appID).Scan(&service, &cur); err != nil {
		return nil, notFound(err, "application", appID)
	}
	if cur.Valid {
		var st State
		var order int64
		if err := tx.QueryRowContext(ctx, `SELECT state, order_id FROM submissions WHERE id=?`, cur.Int64).Scan(&st, &order); err != nil {
			return nil, storageErr(err)
		}
		if st != StateFailed {
			d := fmt.Sprintf("заявление №%d: %s", appID, ruState(st))
			if order != 0 {
				d += fmt.Sprintf(", номер %d", order)
			}
			return nil, newErr(CodeActive, d, nil)
		}
	}
	now := j.stamp()
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions(app_id, env, service, state, created, updated) VALUES (?,?,?,?,?,?)`,
		appID, env, service, StateDraft, now, now)
	if err != nil {
		return nil, storageErr(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, storageErr(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO transitions(sub_id, from_state, to_state, step, at) VALUES (?, '', ?, 'submit', ?)`,
		id, StateDraft, now); err != nil {
		return nil, storageErr(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE applications SET draft=0, sub_id=?, env=?, state=?, order_id=0, status_id=0, status_text='', updated=? WHERE id=?`,
		id, env, StateDraft, now, appID); err != nil {
		return nil, storageErr(err)
	}
	// a batch row sent again (after a failure) is pending again
	if _, err := tx.ExecContext(ctx, `UPDATE batch_rows SET state=?, error_ru='', error_en='', updated=? WHERE app_id=?`,
		RowPending, now, appID); err != nil {
		return nil, storageErr(err)
	}
	s, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+subColumns+` FROM submissions WHERE id=?`, id))
	return s, storageErr(err)
}

func ruState(s State) string { ru, _ := s.Title(); return ru }

// change is one validated, recorded step.
type change struct {
	step  string
	to    State
	chunk int
	note  string
	apply func(s *Submission) error // checks preconditions and sets fields
	// check, when set, looks at other records in the same transaction.
	check func(tx *sql.Tx, s *Submission) error
}

// advance loads the submission, applies c, validates the transition,
// stores the submission, its transition and the application's summary
// in one transaction.
func (j *Journal) advance(ctx context.Context, id int64, c change) (*Submission, error) {
	var out *Submission
	err := j.tx(ctx, func(tx *sql.Tx) error {
		s, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+subColumns+` FROM submissions WHERE id=?`, id))
		if err != nil {
			return notFound(err, "submission", id)
		}
		from := s.State
		if !CanMove(from, c.to) {
			return illegal(s, c.to)
		}
		now := j.now()
		if c.check != nil {
			if err := c.check(tx, s); err != nil {
				return err
			}
		}
		if c.apply != nil {
			if err := c.apply(s); err != nil {
				return err
			}
		}
		s.State = c.to
		s.Updated = fromMS(ms(now))
		_, err = tx.ExecContext(ctx, `UPDATE submissions SET state=?, order_id=?, route=?, archive_path=?, archive_size=?,
			upload_id=?, chunk_size=?, chunks=?, chunks_done=?, chunk_inflight=?, session_start=?, step_start=?, unknown=?,
			reason_ru=?, reason_en=?, status_id=?, status_text=?, updated=? WHERE id=?`,
			s.State, s.OrderID, s.Route, s.ArchivePath, s.ArchiveSize, s.UploadID, s.ChunkSize, s.Chunks, s.ChunksDone,
			s.ChunkInFlight, ms(s.SessionStart), ms(s.StepStart), s.OutcomeUnknown, s.Reason.RU, s.Reason.EN,
			s.StatusID, s.StatusText, ms(now), id)
		if err != nil {
			return storageErr(err)
		}
		chunk := -1
		if c.step == "chunk" || c.step == "chunk-done" {
			chunk = c.chunk
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO transitions(sub_id, from_state, to_state, step, order_id, chunk, chunks, note, at)
			VALUES (?,?,?,?,?,?,?,?,?)`, id, from, s.State, c.step, s.OrderID, chunk, s.Chunks, c.note, ms(now)); err != nil {
			return storageErr(err)
		}
		if err := j.syncSummary(ctx, tx, s); err != nil {
			return err
		}
		out = s
		return nil
	})
	return out, err
}

// syncSummary copies the submission's state to its application when it
// is the application's current submission.
func (j *Journal) syncSummary(ctx context.Context, tx *sql.Tx, s *Submission) error {
	var title, applicant, service string
	var batch sql.NullInt64
	var row int
	err := tx.QueryRowContext(ctx, `SELECT title, applicant, service, batch_id, batch_row FROM applications WHERE id=? AND sub_id=?`, s.AppID, s.ID).
		Scan(&title, &applicant, &service, &batch, &row)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return storageErr(err)
	}
	a := Application{Title: title, Applicant: applicant, Service: service}
	// reaching the final state makes the result "not seen" (the badge)
	_, err = tx.ExecContext(ctx, `UPDATE applications SET state=?, order_id=?, status_id=?, status_text=?, search=?, updated=?,
		seen=CASE WHEN ?='final' AND state!='final' THEN 0 ELSE seen END WHERE id=?`,
		s.State, s.OrderID, s.StatusID, s.StatusText, searchText(&a, s.OrderID), ms(s.Updated), s.State, s.AppID)
	if err != nil || !batch.Valid {
		return storageErr(err)
	}
	// A batch row follows its application in the same transaction: a
	// resumed batch never sends a row again that was sent.
	state, reason := RowPending, Reason{}
	switch s.State {
	case StateSent, StateTracking, StateFinal:
		state = RowSent
	case StateFailed:
		state, reason = RowFailed, s.Reason
	}
	_, err = tx.ExecContext(ctx, `UPDATE batch_rows SET state=?, error_ru=?, error_en=?, updated=? WHERE batch_id=? AND row=? AND app_id=?`,
		state, reason.RU, reason.EN, ms(s.Updated), batch.Int64, row, s.AppID)
	return storageErr(err)
}

func illegal(s *Submission, to State) error {
	fr, fe := s.State.Title()
	tr, te := to.Title()
	return &Error{Code: CodeIllegalTransition, Err: i18n.New(fmt.Sprintf("отправка №%d: «%s» → «%s»", s.ID, fr, tr),
		fmt.Sprintf("submission %d: %s → %s", s.ID, fe, te))}
}

func invalid(ru, en string, a ...any) error { return bilingual(CodeInvalid, nil, ru, en, a...) }

// MarkChecked records that the local checks passed.
func (j *Journal) MarkChecked(ctx context.Context, id int64) (*Submission, error) {
	return j.advance(ctx, id, change{step: "check", to: StateChecked})
}

// MarkPacked records the built archive. From reserved it keeps the
// orderId (the archive was packed with it).
func (j *Journal) MarkPacked(ctx context.Context, id int64, p Pack) (*Submission, error) {
	return j.advance(ctx, id, change{step: "pack", to: StatePacked, note: p.Path, apply: func(s *Submission) error {
		if p.Path == "" || p.Size < 0 || (p.Route != RoutePush && p.Route != RouteChunked) {
			return invalid("архив: путь, размер и способ отправки", "archive path, size and route")
		}
		s.ArchivePath, s.ArchiveSize, s.Route, s.ChunkSize, s.Chunks = p.Path, p.Size, p.Route, p.ChunkSize, p.Chunks
		s.ChunksDone, s.ChunkInFlight, s.UploadID, s.SessionStart = 0, -1, "", time.Time{}
		return nil
	}})
}

// BeginReserve is written before POST /order. It is refused with
// ErrOrderKnown when the submission already has an orderId: a reserved
// number is reused, never replaced silently (DropOrder on the user's
// request first).
func (j *Journal) BeginReserve(ctx context.Context, id int64) (*Submission, error) {
	now := j.now()
	return j.advance(ctx, id, change{step: "reserve", to: StateReserving, apply: func(s *Submission) error {
		if s.OrderID != 0 {
			return newErr(CodeOrderKnown, fmt.Sprintf("№%d", s.OrderID), nil)
		}
		s.OutcomeUnknown, s.StepStart = true, now
		return nil
	}})
}

// MarkReserved is written when POST /order answered with orderID.
func (j *Journal) MarkReserved(ctx context.Context, id, orderID int64) (*Submission, error) {
	return j.advance(ctx, id, change{step: "reserved", to: StateReserved, apply: func(s *Submission) error {
		if orderID <= 0 {
			return invalid("номер заявления %d", "order number %d", orderID)
		}
		s.OrderID, s.OutcomeUnknown = orderID, false
		return nil
	}})
}

// AdoptOrder gives the submission an order number reserved earlier (by
// the user, e.g. gosctl epgu order create): it becomes reserved without a
// POST /order, so OrderRequests does not count it. Refused with
// ErrOrderKnown when the submission already has another number.
func (j *Journal) AdoptOrder(ctx context.Context, id, orderID int64) (*Submission, error) {
	return j.advance(ctx, id, change{step: "adopt", to: StateReserved, apply: func(s *Submission) error {
		if orderID <= 0 {
			return invalid("номер заявления %d", "order number %d", orderID)
		}
		if s.OrderID != 0 && s.OrderID != orderID {
			return newErr(CodeOrderKnown, fmt.Sprintf("№%d", s.OrderID), nil)
		}
		s.OrderID, s.OutcomeUnknown = orderID, false
		return nil
	}})
}

// BeginChunk is written before a chunk is sent. c.Index must be
// NextChunk() (or 0, which starts a new chunk session and its 5-minute
// window); the submission must have an orderId.
func (j *Journal) BeginChunk(ctx context.Context, id int64, c Chunk) (*Submission, error) {
	now := j.now()
	return j.advance(ctx, id, change{step: "chunk", to: StateUploading, chunk: c.Index,
		note: fmt.Sprintf("%d/%d", c.Index+1, c.Total), apply: func(s *Submission) error {
			if s.OrderID == 0 {
				return invalid("часть %d: номер заявления не получен", "chunk %d: no order number yet", c.Index+1)
			}
			if s.ArchivePath == "" {
				return invalid("часть %d: архив не собран", "chunk %d: no archive", c.Index+1)
			}
			if c.Total <= 0 || c.Index < 0 || c.Index >= c.Total {
				return invalid("часть %d из %d", "chunk %d of %d", c.Index+1, c.Total)
			}
			if c.Index == 0 {
				s.ChunksDone, s.SessionStart = 0, now
			} else if s.State != StateUploading || c.Index != s.ChunksDone || c.Total != s.Chunks {
				return invalid("часть %d из %d, а следующая — %d из %d", "chunk %d of %d, next is %d of %d", c.Index+1, c.Total, s.ChunksDone+1, s.Chunks)
			}
			s.UploadID, s.Chunks, s.ChunkInFlight = c.UploadID, c.Total, c.Index
			if c.Size > 0 {
				s.ChunkSize = c.Size
			}
			s.OutcomeUnknown, s.StepStart = true, now
			return nil
		}})
}

// ChunkDone is written when the service acknowledged chunk index.
func (j *Journal) ChunkDone(ctx context.Context, id int64, index int) (*Submission, error) {
	return j.advance(ctx, id, change{step: "chunk-done", to: StateUploading, chunk: index, apply: func(s *Submission) error {
		if s.State != StateUploading || s.ChunkInFlight != index {
			return invalid("часть %d не отправлялась", "chunk %d was not being sent", index+1)
		}
		s.ChunksDone, s.ChunkInFlight, s.OutcomeUnknown = index+1, -1, false
		return nil
	}})
}

// RestartUpload forgets the chunk session (its window passed, or the
// service lost it); the next chunk is 0, the orderId stays.
func (j *Journal) RestartUpload(ctx context.Context, id int64, why string) (*Submission, error) {
	return j.advance(ctx, id, change{step: "restart-upload", to: StateUploading, note: why, apply: func(s *Submission) error {
		if s.State != StateUploading {
			return illegal(s, StateUploading)
		}
		s.ChunksDone, s.ChunkInFlight, s.UploadID, s.SessionStart, s.OutcomeUnknown = 0, -1, "", time.Time{}, false
		return nil
	}})
}

// BeginPush is written before POST /push. After a crash the submission
// stays in StatePushing with OutcomeUnknown: the workflow asks the service
// before sending again.
func (j *Journal) BeginPush(ctx context.Context, id int64) (*Submission, error) {
	now := j.now()
	return j.advance(ctx, id, change{step: "push", to: StatePushing, apply: func(s *Submission) error {
		if s.ArchivePath == "" {
			return invalid("архив не собран", "no archive")
		}
		s.OutcomeUnknown, s.StepStart = true, now
		return nil
	}})
}

// MarkSent is written when the service accepted the archive (the /push
// answer, or the last chunk's). orderID must match a reserved one.
func (j *Journal) MarkSent(ctx context.Context, id, orderID int64) (*Submission, error) {
	return j.advance(ctx, id, change{step: "sent", to: StateSent, apply: func(s *Submission) error {
		if orderID <= 0 {
			return invalid("номер заявления %d", "order number %d", orderID)
		}
		if s.OrderID != 0 && s.OrderID != orderID {
			return invalid("номер %d, а зарезервирован %d", "order number %d, but %d is reserved", orderID, s.OrderID)
		}
		if s.State == StateUploading {
			done := s.ChunksDone
			if s.ChunkInFlight >= 0 {
				done = s.ChunkInFlight + 1 // the last chunk's answer says "sent"
			}
			if done < s.Chunks {
				return invalid("переданы не все части: %d из %d", "not every chunk sent: %d of %d", done, s.Chunks)
			}
			s.ChunksDone = done
		}
		s.OrderID, s.OutcomeUnknown, s.ChunkInFlight = orderID, false, -1
		return nil
	}})
}

// MarkTracking records that the order's status is being polled.
func (j *Journal) MarkTracking(ctx context.Context, id int64) (*Submission, error) {
	return j.advance(ctx, id, change{step: "tracking", to: StateTracking})
}

// MarkFinal records the final status of the order.
func (j *Journal) MarkFinal(ctx context.Context, id int64, statusID int, title string) (*Submission, error) {
	return j.advance(ctx, id, change{step: "final", to: StateFinal, note: title, apply: func(s *Submission) error {
		s.StatusID, s.StatusText = statusID, title
		return nil
	}})
}

// MarkFailed stops the submission with a reason (Russian and English).
func (j *Journal) MarkFailed(ctx context.Context, id int64, r Reason) (*Submission, error) {
	return j.advance(ctx, id, change{step: "failed", to: StateFailed, note: r.RU, apply: func(s *Submission) error {
		s.Reason, s.OutcomeUnknown, s.ChunkInFlight = r, false, -1
		return nil
	}})
}

// Reopen lets a failed submission that never reached the service be
// tried again: it goes back to checked and keeps its orderId, so no
// second number is reserved.
func (j *Journal) Reopen(ctx context.Context, id int64) (*Submission, error) {
	return j.reopen(ctx, id, "reopen", "", false)
}

// DropOrder forgets the orderId on the user's explicit request (a new
// number will be reserved); the submission goes back to checked. Refused
// once the archive was sent.
func (j *Journal) DropOrder(ctx context.Context, id int64, why string) (*Submission, error) {
	return j.reopen(ctx, id, "drop-order", why, true)
}

func (j *Journal) reopen(ctx context.Context, id int64, step, why string, drop bool) (*Submission, error) {
	return j.advance(ctx, id, change{step: step, to: StateChecked, note: why, check: func(tx *sql.Tx, s *Submission) error {
		var sent int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transitions WHERE sub_id=? AND to_state IN ('sent','tracking','final')`, id).Scan(&sent); err != nil {
			return storageErr(err)
		}
		if sent > 0 || (drop && s.State == StateChecked && s.OrderID == 0) {
			return illegal(s, StateChecked)
		}
		return nil
	}, apply: func(s *Submission) error {
		if drop {
			s.OrderID = 0
		}
		s.ArchivePath, s.ArchiveSize, s.Route = "", 0, ""
		s.ChunksDone, s.ChunkInFlight, s.UploadID, s.SessionStart, s.OutcomeUnknown = 0, -1, "", time.Time{}, false
		s.Reason = Reason{}
		return nil
	}})
}

// Submission returns a submission.
func (j *Journal) Submission(ctx context.Context, id int64) (*Submission, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	s, err := scanSubmission(j.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM submissions WHERE id=?`, id))
	if err != nil {
		return nil, notFound(err, "submission", id)
	}
	return s, nil
}

// Current returns the latest submission of an application (ErrNotFound
// when it was never submitted).
func (j *Journal) Current(ctx context.Context, appID int64) (*Submission, error) {
	var sub sql.NullInt64
	if err := j.db.QueryRowContext(ctx, `SELECT sub_id FROM applications WHERE id=?`, appID).Scan(&sub); err != nil {
		return nil, notFound(err, "application", appID)
	}
	if !sub.Valid {
		return nil, bilingual(CodeNotFound, nil, "заявление №%d не отправлялось", "application %d was never submitted", appID)
	}
	return j.Submission(ctx, sub.Int64)
}

// Submissions lists every submission of an application, oldest first.
func (j *Journal) Submissions(ctx context.Context, appID int64) ([]*Submission, error) {
	return j.listSubs(ctx, `WHERE app_id=? ORDER BY id`, appID)
}

// ByOrder finds the submission of an order in env (ErrNotFound when none).
func (j *Journal) ByOrder(ctx context.Context, env string, orderID int64) (*Submission, error) {
	l, err := j.listSubs(ctx, `WHERE env=? AND order_id=? ORDER BY id DESC LIMIT 1`, env, orderID)
	if err != nil {
		return nil, err
	}
	if len(l) == 0 {
		return nil, newErr(CodeNotFound, "заявление с номером "+strconv.FormatInt(orderID, 10), nil)
	}
	return l[0], nil
}

// Interrupted lists the submissions of env ("" = every environment) that
// stopped before the service accepted the archive (State.Unfinished),
// oldest first: what Resume continues after a crash.
func (j *Journal) Interrupted(ctx context.Context, env string) ([]*Submission, error) {
	return j.byStates(ctx, env, StateDraft, StateChecked, StatePacked, StateReserving, StateReserved, StateUploading, StatePushing)
}

// Tracking lists the submissions of env that were sent and await a final
// status, oldest first.
func (j *Journal) Tracking(ctx context.Context, env string) ([]*Submission, error) {
	return j.byStates(ctx, env, StateSent, StateTracking)
}

// Pending lists every submission of env that is not final or failed:
// Interrupted and Tracking together, oldest first.
func (j *Journal) Pending(ctx context.Context, env string) ([]*Submission, error) {
	return j.byStates(ctx, env, StateDraft, StateChecked, StatePacked, StateReserving, StateReserved, StateUploading,
		StatePushing, StateSent, StateTracking)
}

func (j *Journal) byStates(ctx context.Context, env string, states ...State) ([]*Submission, error) {
	q := `WHERE state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(states)), ",") + `)`
	args := make([]any, 0, len(states)+1)
	for _, s := range states {
		args = append(args, s)
	}
	if env != "" {
		q += ` AND env=?`
		args = append(args, env)
	}
	return j.listSubs(ctx, q+` ORDER BY id`, args...)
}

func (j *Journal) listSubs(ctx context.Context, where string, args ...any) ([]*Submission, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := j.db.QueryContext(ctx, `SELECT `+subColumns+` FROM submissions `+where, args...)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []*Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, storageErr(err)
		}
		out = append(out, s)
	}
	return out, storageErr(rows.Err())
}

// Transitions returns the recorded state changes of a submission, oldest
// first.
func (j *Journal) Transitions(ctx context.Context, subID int64) ([]Transition, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT id, from_state, to_state, step, order_id, chunk, chunks, note, at
		FROM transitions WHERE sub_id=? ORDER BY id`, subID)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var at int64
		if err := rows.Scan(&t.ID, &t.From, &t.To, &t.Step, &t.OrderID, &t.Chunk, &t.Chunks, &t.Note, &at); err != nil {
			return nil, storageErr(err)
		}
		t.At = fromMS(at)
		out = append(out, t)
	}
	return out, storageErr(rows.Err())
}

// OrderRequests returns the times at which submissions of service in env
// asked the service for a new order (POST /order, or POST /push without
// a reserved number) at or after since: the workflow paces batches
// within API ЕПГУ's limit of orders per service per user per 10 minutes.
func (j *Journal) OrderRequests(ctx context.Context, env, service string, since time.Time) ([]time.Time, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT t.at FROM transitions t JOIN submissions s ON s.id=t.sub_id
		WHERE t.at>=? AND s.env=? AND s.service=? AND (t.step='reserve' OR (t.step='push' AND t.order_id=0))
		ORDER BY t.at`, ms(since), env, service)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, fromMS(at))
	}
	return out, storageErr(rows.Err())
}
