package workflow

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/xsd"
)

// journalAdapter is the journalStore over core/journal. The few
// submission options the journal has no column for (a user's ready
// archive, forced chunks, chunk size, meta left out) live in the table
// workflow_apps of the same file (journal.DB: packages may keep their
// own tables there).
type journalAdapter struct {
	j   *journal.Journal
	ctx context.Context
}

func openJournalFile(dir string, now func() time.Time) (journalStore, error) {
	j, err := journal.OpenWith(filepath.Join(dir, journal.FileName), journal.Options{Now: now})
	if err != nil {
		return nil, err
	}
	if _, err := j.DB().Exec(`CREATE TABLE IF NOT EXISTS workflow_apps (
		app_id        INTEGER PRIMARY KEY,
		user_archive  TEXT    NOT NULL DEFAULT '',
		force_chunked INTEGER NOT NULL DEFAULT 0,
		omit_meta     INTEGER NOT NULL DEFAULT 0,
		chunk_size    INTEGER NOT NULL DEFAULT 0
	)`); err != nil {
		j.Close()
		return nil, err
	}
	return &journalAdapter{j: j, ctx: context.Background()}, nil
}

func (x *journalAdapter) Close() error          { return x.j.Close() }
func (x *journalAdapter) IntegrityCheck() error { return x.j.IntegrityCheck(x.ctx) }

// Create stores the application, its options and (for a batch row) the
// row link, then starts the submission and marks it checked.
func (x *journalAdapter) Create(a *appRecord) error {
	ja := &journal.Application{Service: a.Service, Target: a.Target, Region: a.Region, Title: a.Title, Applicant: a.Applicant,
		BatchID: a.BatchID, BatchRow: a.Row}
	for _, d := range a.Documents {
		ja.Documents = append(ja.Documents, journal.Document{Name: d.Name, Data: d.Data})
	}
	for _, f := range a.Attachments {
		at, err := journal.HashFile(f.Path)
		if err != nil {
			return err
		}
		at.Name = f.Name
		ja.Attachments = append(ja.Attachments, at)
	}
	// The application and its submission in one transaction (the journal
	// links a batch row to it in the same one): a crash leaves both or
	// neither.
	sub, err := x.j.SubmitNew(x.ctx, ja, a.Env)
	if err != nil {
		return err
	}
	a.ID, a.SubID = ja.ID, sub.ID
	if _, err := x.j.DB().Exec(`INSERT INTO workflow_apps(app_id, user_archive, force_chunked, omit_meta, chunk_size) VALUES (?,?,?,?,?)`,
		a.ID, a.UserArchive, a.ForceChunked, a.OmitMeta, a.ChunkSize); err != nil {
		return err
	}
	return x.step(a)(x.j.MarkChecked(x.ctx, sub.ID))
}

// start begins the application's submission, checked.
func (x *journalAdapter) start(a *appRecord) error {
	s, err := x.j.Submit(x.ctx, a.ID, a.Env)
	if err != nil {
		return err
	}
	a.SubID = s.ID
	return x.step(a)(x.j.MarkChecked(x.ctx, s.ID))
}

// step copies the journal's answer into the record.
func (x *journalAdapter) step(a *appRecord) func(*journal.Submission, error) error {
	return func(s *journal.Submission, err error) error {
		if err != nil {
			return err
		}
		fill(a, s)
		return nil
	}
}

func fill(a *appRecord, s *journal.Submission) {
	a.SubID, a.Env, a.State, a.OrderID, a.Route = s.ID, s.Env, appState(s.State), s.OrderID, Route(s.Route)
	a.ArchivePath, a.ArchiveSize, a.Chunks, a.ChunksDone = s.ArchivePath, s.ArchiveSize, s.Chunks, s.ChunksDone
	if s.ChunkSize != 0 {
		a.ChunkSize = s.ChunkSize
	}
	a.SessionStart, a.StepStart = s.SessionStart, s.StepStart
	a.Reason, a.ReasonEN = s.Reason.RU, s.Reason.EN
	a.LastStatus, a.LastStatusTitle = s.StatusID, s.StatusText
}

func (x *journalAdapter) Load(id int64) (*appRecord, error) {
	ja, err := x.j.Application(x.ctx, id)
	if err != nil {
		if errors.Is(err, journal.ErrNotFound) {
			return nil, errNotFound
		}
		return nil, err
	}
	a := &appRecord{ID: ja.ID, Service: ja.Service, Target: ja.Target, Region: ja.Region, Title: ja.Title, Applicant: ja.Applicant,
		BatchID: ja.BatchID, Row: ja.BatchRow, Created: ja.Created}
	for _, d := range ja.Documents {
		a.Documents = append(a.Documents, Document{Name: d.Name, Data: d.Data})
	}
	for _, at := range ja.Attachments {
		p := at.Path
		if p == "" {
			p = at.StoredPath
		}
		a.Attachments = append(a.Attachments, Attachment{Path: p, Name: at.Name})
	}
	err = x.j.DB().QueryRow(`SELECT user_archive, force_chunked, omit_meta, chunk_size FROM workflow_apps WHERE app_id=?`, id).
		Scan(&a.UserArchive, &a.ForceChunked, &a.OmitMeta, &a.ChunkSize)
	if err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	s, err := x.j.Current(x.ctx, id)
	if err != nil && !errors.Is(err, journal.ErrNotFound) {
		return nil, err
	}
	if s != nil {
		fill(a, s)
	}
	return a, nil
}

func (x *journalAdapter) loadSubs(list []*journal.Submission, err error) ([]*appRecord, error) {
	if err != nil {
		return nil, err
	}
	var out []*appRecord
	for _, s := range list {
		a, err := x.Load(s.AppID)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (x *journalAdapter) ByOrder(env string, orderID int64) (*appRecord, error) {
	s, err := x.j.ByOrder(x.ctx, env, orderID)
	if err != nil {
		if errors.Is(err, journal.ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	if s == nil {
		return nil, nil
	}
	return x.Load(s.AppID)
}

func (x *journalAdapter) Unfinished(env string) ([]*appRecord, error) {
	return x.loadSubs(x.j.Interrupted(x.ctx, env))
}

func (x *journalAdapter) Tracking(env string) ([]*appRecord, error) {
	return x.loadSubs(x.j.Tracking(x.ctx, env))
}

func (x *journalAdapter) Packed(a *appRecord) error {
	p := journal.Pack{Path: a.ArchivePath, Size: a.ArchiveSize, Route: journal.Route(a.Route)}
	if a.Route == RouteChunked {
		p.ChunkSize = a.ChunkSize
	}
	return x.step(a)(x.j.MarkPacked(x.ctx, a.SubID, p))
}

func (x *journalAdapter) BeginReserve(a *appRecord) error {
	return x.step(a)(x.j.BeginReserve(x.ctx, a.SubID))
}

func (x *journalAdapter) Reserved(a *appRecord, id int64) error {
	return x.step(a)(x.j.MarkReserved(x.ctx, a.SubID, id))
}

// AdoptOrder: a number the user reserved earlier (not counted as an
// order request by the pacing).
func (x *journalAdapter) AdoptOrder(a *appRecord, id int64) error {
	return x.step(a)(x.j.AdoptOrder(x.ctx, a.SubID, id))
}

func (x *journalAdapter) BeginChunk(a *appRecord, i, n int, size int64) error {
	return x.step(a)(x.j.BeginChunk(x.ctx, a.SubID, journal.Chunk{Index: i, Total: n, Size: size}))
}

func (x *journalAdapter) ChunkDone(a *appRecord, i int) error {
	return x.step(a)(x.j.ChunkDone(x.ctx, a.SubID, i))
}

func (x *journalAdapter) RestartUpload(a *appRecord, why string) error {
	return x.step(a)(x.j.RestartUpload(x.ctx, a.SubID, why))
}

func (x *journalAdapter) BeginPush(a *appRecord) error {
	return x.step(a)(x.j.BeginPush(x.ctx, a.SubID))
}

func (x *journalAdapter) Sent(a *appRecord, id int64) error {
	if err := x.step(a)(x.j.MarkSent(x.ctx, a.SubID, id)); err != nil {
		return err
	}
	return x.row(a, journal.RowSent, journal.Reason{})
}

func (x *journalAdapter) row(a *appRecord, state string, r journal.Reason) error {
	if a.BatchID == 0 {
		return nil
	}
	return x.j.SetRow(x.ctx, journal.BatchRow{BatchID: a.BatchID, Row: a.Row, Applicant: a.Applicant, AppID: a.ID, State: state, Error: r})
}

func (x *journalAdapter) Failed(a *appRecord, ru, en string) error {
	r := journal.Reason{RU: ru, EN: en}
	if err := x.step(a)(x.j.MarkFailed(x.ctx, a.SubID, r)); err != nil {
		return err
	}
	return x.row(a, journal.RowFailed, r)
}

func (x *journalAdapter) Reopen(a *appRecord, drop bool) error {
	switch a.State {
	case stateReserving, stateUploading, statePushing:
		// Not movable back directly: stopped first, with the reason.
		if err := x.Failed(a, "отправка начата заново по просьбе пользователя", "sending restarted on the user's request"); err != nil {
			return err
		}
	}
	if drop {
		if a.OrderID == 0 {
			return x.step(a)(x.j.Reopen(x.ctx, a.SubID))
		}
		return x.step(a)(x.j.DropOrder(x.ctx, a.SubID, "новый номер по просьбе пользователя"))
	}
	if a.State != stateFailed {
		return nil
	}
	return x.step(a)(x.j.Reopen(x.ctx, a.SubID))
}

func (x *journalAdapter) Tracked(a *appRecord) error {
	return x.step(a)(x.j.MarkTracking(x.ctx, a.SubID))
}

func (x *journalAdapter) Final(a *appRecord, id int, title string) error {
	return x.step(a)(x.j.MarkFinal(x.ctx, a.SubID, id, title))
}

func (x *journalAdapter) RecentOrders(env, service string, since time.Time) ([]time.Time, error) {
	return x.j.OrderRequests(x.ctx, env, service, since)
}

func (x *journalAdapter) AddStatus(env string, orderID int64, st StatusInfo) (bool, error) {
	return x.j.AddStatus(x.ctx, env, orderID, journal.Status{ID: st.ID, Title: st.Title, Comment: st.Comment, ProcState: st.State, Final: st.Final, At: st.At})
}

func noResultKey(env string, orderID int64) string {
	return "no-result/" + env + "/" + strconv.FormatInt(orderID, 10)
}

func (x *journalAdapter) AddResult(env string, orderID int64, f ResultFile) error {
	if f.Path == "" {
		return x.j.SetCursor(x.ctx, noResultKey(env, orderID), time.Now())
	}
	// a loose signature (the Госключ result: "<doc>.sig" beside "<doc>")
	// keeps its verdict too
	if err := x.j.AddResult(x.ctx, env, orderID, journal.ResultFile{Name: f.Name, Path: f.Path, Size: f.Bytes, ContentType: f.ContentType,
		IsSig: f.Signed, Valid: f.Valid, Verdict: f.Verdict}); err != nil {
		return err
	}
	for _, e := range f.Extracted {
		if err := x.j.AddResult(x.ctx, env, orderID, journal.ResultFile{Name: e.Name, Path: e.Path, Size: e.Bytes, Parent: f.Path,
			IsSig: e.Signed, Valid: e.Valid, Verdict: e.Verdict}); err != nil {
			return err
		}
	}
	return nil
}

func (x *journalAdapter) HasResults(env string, orderID int64) (bool, error) {
	r, err := x.j.Results(x.ctx, env, orderID)
	if err != nil {
		return false, err
	}
	if len(r) > 0 {
		return true, nil
	}
	t, err := x.j.Cursor(x.ctx, noResultKey(env, orderID))
	return !t.IsZero(), err
}

func (x *journalAdapter) Cursor(env string) (time.Time, error) {
	return x.j.Cursor(x.ctx, "updated-after/"+env)
}

func (x *journalAdapter) SetCursor(env string, t time.Time) error {
	return x.j.SetCursor(x.ctx, "updated-after/"+env, t)
}

func (x *journalAdapter) SaveDraft(d *Draft) error {
	ja := &journal.Application{ID: d.ID, Service: d.Service, Title: d.Title}
	if svc, ok := xsd.Lookup(d.Service); ok {
		ja.Applicant = applicantOf(svc, Application{Documents: d.Documents})
	}
	for _, doc := range d.Documents {
		ja.Documents = append(ja.Documents, journal.Document{Name: doc.Name, Data: doc.Data})
	}
	for _, p := range d.Attachments {
		ja.Attachments = append(ja.Attachments, journal.Attachment{Name: filepath.Base(p), Path: p})
	}
	if err := x.j.SaveDraft(x.ctx, ja); err != nil {
		return err
	}
	d.ID = ja.ID
	return nil
}

func (x *journalAdapter) Draft(id int64) (*Draft, error) {
	ja, err := x.j.Application(x.ctx, id)
	if err != nil {
		return nil, err
	}
	d := &Draft{ID: ja.ID, Service: ja.Service, Title: ja.Title, Updated: ja.Updated}
	for _, doc := range ja.Documents {
		d.Documents = append(d.Documents, Document{Name: doc.Name, Data: doc.Data})
	}
	for _, at := range ja.Attachments {
		d.Attachments = append(d.Attachments, at.Path)
	}
	return d, nil
}

func (x *journalAdapter) DeleteDraft(id int64) error { return x.j.DeleteDraft(x.ctx, id) }

func (x *journalAdapter) FindBatch(env, service, rowsName, digest string) (int64, error) {
	b, err := x.j.FindBatch(x.ctx, env, service, rowsName, digest)
	if err != nil {
		if errors.Is(err, journal.ErrNotFound) {
			return 0, nil
		}
		return 0, err
	}
	return b.ID, nil
}

func (x *journalAdapter) NewBatch(env, service, rowsName, digest string, total int) (int64, error) {
	b := &journal.Batch{Env: env, Service: service, SourceName: rowsName, Digest: digest, Total: total}
	if err := x.j.NewBatch(x.ctx, b); err != nil {
		return 0, err
	}
	return b.ID, nil
}

// BatchApps lists the applications made from a batch's rows. A row whose
// application was stored but whose submission never started (a crash in
// between) gets it started now, so that it is resumed, not made again.
func (x *journalAdapter) BatchApps(id int64) ([]*appRecord, error) {
	rows, err := x.j.Rows(x.ctx, id)
	if err != nil {
		return nil, err
	}
	var out []*appRecord
	for _, r := range rows {
		if r.AppID == 0 {
			continue
		}
		a, err := x.Load(r.AppID)
		if err != nil {
			return nil, err
		}
		if a.SubID == 0 {
			b, err := x.j.GetBatch(x.ctx, id)
			if err != nil {
				return nil, err
			}
			a.Env = b.Env
			if err := x.start(a); err != nil {
				return nil, err
			}
		}
		out = append(out, a)
	}
	return out, nil
}
