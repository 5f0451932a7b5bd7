package workflow

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

// chunkWindow is the time all chunks of one order must arrive in (API
// ЕПГУ v1.13 §2.1.3); chunkMargin is kept in hand so that a chunk is not
// started just before the window closes.
const (
	chunkWindow = 5 * time.Minute
	chunkMargin = 30 * time.Second
)

// maxStepRetries bounds the workflow's own retries of a step after the
// client's retries are spent (dropped connections, 5xx, 429).
const maxStepRetries = 6

func (s *Session) submit(ctx context.Context, app Application) (*SubmitResult, error) {
	return s.submitRecord(ctx, app, 0, 0)
}

// submitRecord is Submit of a batch row (batchID 0: not in a batch).
func (s *Session) submitRecord(ctx context.Context, app Application, batchID int64, row int) (*SubmitResult, error) {
	c := s.core
	if c.store == nil {
		return nil, ErrNoJournal
	}
	svc, err := lookupService(app.Service)
	if err != nil {
		return nil, err
	}
	s.emitStage(StageValidate, 0, app.Service, i18n.T("проверка заявления", "checking the application"))
	if probs := c.checkWith(app, s); len(probs) > 0 {
		err := &ProblemsError{Problems: probs}
		c.emit(Event{Stage: StageFailed, Service: app.Service, Err: err, Message: i18n.Message(err)})
		return nil, err
	}
	meta, err := c.meta(svc.Code, app.Target, app.Region)
	if err != nil {
		return nil, err
	}
	a := &appRecord{
		Env: s.env.Name, Service: svc.Code, Target: meta.TargetCode, Region: meta.Region,
		Title: app.Title, Applicant: applicantOf(svc, app), Documents: app.Documents,
		UserArchive: app.Archive, ForceChunked: app.Chunked, OmitMeta: app.OmitMeta, ChunkSize: app.ChunkSize,
		BatchID: batchID, Row: row,
	}
	if a.Attachments, err = attachmentsOf(svc, app); err != nil {
		return nil, err
	}
	if err := c.store.Create(a); err != nil {
		return nil, err
	}
	if app.OrderID > 0 {
		// A number the user reserved earlier: the journal knows it from
		// now on, so it is never reserved again.
		if err := c.store.AdoptOrder(a, app.OrderID); err != nil {
			return nil, err
		}
	}
	return s.run(ctx, a, false)
}

func (s *Session) resume(ctx context.Context, id int64, o ResumeOptions) (*SubmitResult, error) {
	c := s.core
	if c.store == nil {
		return nil, ErrNoJournal
	}
	a, err := c.store.Load(id)
	if err != nil {
		return nil, err
	}
	if a.Env != s.env.Name {
		return nil, inputf("заявление %d отправлялось в среду %s, а открыта %s", "application %d was sent to environment %s, not %s", id, a.Env, s.env.Name)
	}
	switch a.State {
	case stateSent, stateTracking, stateFinal:
		return &SubmitResult{AppID: a.ID, OrderID: a.OrderID, Route: a.Route, Bytes: a.ArchiveSize, Chunks: a.Chunks, Resumed: true}, nil
	}
	if o.NewOrder && a.OrderID != 0 {
		// The user asks for a new number: the old one stays as it is
		// (a reserved draft with no archive is never processed).
		s.discardArchive(a)
		if err := c.store.Reopen(a, true); err != nil {
			return nil, err
		}
	}
	if a.State == stateFailed {
		s.discardArchive(a)
		if err := c.store.Reopen(a, false); err != nil {
			return nil, err
		}
	}
	return s.run(ctx, a, true)
}

func (s *Session) resumeAll(ctx context.Context) ([]ResumeOutcome, error) {
	if s.core.store == nil {
		return nil, ErrNoJournal
	}
	list, err := s.core.store.Unfinished(s.env.Name)
	if err != nil {
		return nil, err
	}
	var out []ResumeOutcome
	for _, a := range list {
		r, err := s.run(ctx, a, true)
		out = append(out, ResumeOutcome{AppID: a.ID, Result: r, Err: err})
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

// run drives the state machine of a journalled application to sent or
// failed.
func (s *Session) run(ctx context.Context, a *appRecord, resumed bool) (*SubmitResult, error) {
	svc, err := lookupService(a.Service)
	if err != nil {
		return nil, err
	}
	meta := OrderMeta{Region: a.Region, ServiceCode: a.Service, TargetCode: a.Target}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var err error
		switch a.State {
		case "draft", stateChecked:
			// Reserve first when the XML needs the number or the user
			// asked for chunks; otherwise pack and let the size decide.
			if a.OrderID == 0 && (s.needsOrderID(svc, a) || a.ForceChunked) {
				err = s.stepReserve(ctx, a, meta)
			} else {
				err = s.stepPack(ctx, a)
			}
		case stateReserving:
			err = s.resolveReserve(ctx, a, meta)
		case stateReserved:
			if a.ArchivePath == "" {
				err = s.stepPack(ctx, a)
			} else {
				err = s.stepChunks(ctx, a, meta)
			}
		case statePacked:
			switch {
			case a.Route == RoutePush:
				err = s.stepPush(ctx, a, meta)
			case a.OrderID == 0:
				err = s.stepReserve(ctx, a, meta)
			default:
				err = s.stepChunks(ctx, a, meta)
			}
		case stateUploading:
			err = s.stepChunks(ctx, a, meta)
		case statePushing:
			err = s.resolvePush(ctx, a, meta)
		case stateSent, stateTracking, stateFinal:
			s.discardArchive(a)
			return &SubmitResult{AppID: a.ID, OrderID: a.OrderID, Route: a.Route, Bytes: a.ArchiveSize, Chunks: a.Chunks, Resumed: resumed}, nil
		case stateFailed:
			return nil, failure(a)
		default:
			return nil, fmt.Errorf("workflow: application %d in state %q", a.ID, a.State)
		}
		if err != nil {
			if ctx.Err() != nil {
				// Interrupted (the user cancelled, the app closes): the
				// journal keeps the state for Resume.
				return nil, ctx.Err()
			}
			s.fail(a, err)
			return nil, err
		}
	}
}

// failure is the recorded reason of a failed application as an error.
func failure(a *appRecord) error {
	return i18n.New(a.Reason, a.ReasonEN)
}

// fail records a failure with its reason (both languages).
func (s *Session) fail(a *appRecord, err error) {
	s.discardArchive(a)
	if serr := s.core.store.Failed(a, i18n.MessageIn(i18n.RU, err), i18n.MessageIn(i18n.EN, err)); serr != nil {
		s.core.log.WithError(serr).Warn("workflow: the journal did not take a failure")
	}
	s.core.emit(Event{Stage: StageFailed, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Err: err, Message: i18n.Message(err)})
}

func (s *Session) emitStage(st Stage, appID int64, service, msg string) {
	s.core.emit(Event{Stage: st, AppID: appID, Service: service, Message: msg})
}

// needsOrderID: the catalog puts the number into the XML, or a document
// still holds {orderId}. A user's ready archive never gets one written in.
func (s *Session) needsOrderID(svc xsd.Service, a *appRecord) bool {
	if a.UserArchive != "" {
		return false
	}
	return archive.NeedsOrderID(svc, inputs(a))
}

func inputs(a *appRecord) []archive.Input {
	var in []archive.Input
	for _, d := range a.Documents {
		in = append(in, archive.Input{Name: d.Name, Data: d.Data})
	}
	for _, f := range a.Attachments {
		in = append(in, archive.Input{Name: f.Name, Path: f.Path})
	}
	return in
}

// stepReserve reserves the number: "reserving" is journalled before the
// call, "reserved" after it.
func (s *Session) stepReserve(ctx context.Context, a *appRecord, meta OrderMeta) error {
	c := s.core
	if err := s.paceOrder(ctx, a); err != nil {
		return err
	}
	if err := c.store.BeginReserve(a); err != nil {
		return err
	}
	c.emit(Event{Stage: StageReserve, Row: a.Row, AppID: a.ID, Service: a.Service, Message: i18n.T("резервирование номера заявления", "reserving an order number")})
	id, err := s.createRetry(ctx, a, func() (int64, error) { return s.client.CreateOrder(ctx, meta) })
	if err != nil {
		if isUnknownOutcome(err) && ctx.Err() == nil {
			return s.resolveReserve(ctx, a, meta)
		}
		return s.explain(err)
	}
	return s.reserved(a, id)
}

func (s *Session) reserved(a *appRecord, id int64) error {
	if err := s.core.store.Reserved(a, id); err != nil {
		return err
	}
	s.core.emit(Event{Stage: StageReserve, Row: a.Row, AppID: a.ID, OrderID: id, Service: a.Service, Message: fmt.Sprintf(i18n.T("зарезервирован номер заявления %d", "reserved order number %d"), id)})
	return nil
}

// resolveReserve settles a /order whose answer was lost: the service is
// asked for orders created since the request that the journal does not
// know; one of them (a number with nothing uploaded) is ours. None:
// nothing was created, reserve again.
func (s *Session) resolveReserve(ctx context.Context, a *appRecord, meta OrderMeta) error {
	cands, err := s.orphans(ctx, a, false)
	if err != nil {
		return err
	}
	if len(cands) > 0 {
		// Numbers with nothing uploaded are interchangeable: take the
		// oldest.
		s.core.log.WithField("orderId", cands[0]).Info("workflow: the lost /order answer is found on the service")
		return s.reserved(a, cands[0])
	}
	return s.stepReserve(ctx, a, meta)
}

// orphans lists orders of a.Service created since a.StepStart (minus a
// margin for clock skew) that no application of the journal holds;
// uploaded selects orders that got an archive (a lost /push) instead of
// empty drafts (a lost /order).
func (s *Session) orphans(ctx context.Context, a *appRecord, uploaded bool) ([]int64, error) {
	since := a.StepStart.Add(-2 * time.Minute)
	ours := zipEntries(a.ArchivePath)
	var items []OrderStatus
	_, err := s.withRetry(ctx, a, func() (int64, error) {
		var err error
		items, err = s.client.AllUpdatedAfter(ctx, since, 100)
		return 0, err
	})
	if err != nil {
		return nil, s.explain(err)
	}
	var out []int64
	for _, it := range items {
		if it.OrderID == a.OrderID {
			continue
		}
		if other, err := s.core.store.ByOrder(a.Env, it.OrderID); err != nil {
			return nil, err
		} else if other != nil {
			continue
		}
		var d *OrderDetails
		_, err := s.withRetry(ctx, a, func() (int64, error) {
			var err error
			d, err = s.client.Details(ctx, it.OrderID)
			return 0, err
		})
		if err != nil {
			if errors.Is(err, epgu.ErrNotFound) {
				continue
			}
			return nil, s.explain(err)
		}
		if d.Order == nil {
			// Not on the portal yet: "NEW" is a reserved number with no
			// archive (a lost /order); any other gu-smev state is an
			// archive in processing (a lost /push). The envelope names no
			// service then; a wrong guess is caught by the chunk's meta,
			// which the service checks against the order.
			if (d.Code == "NEW") != uploaded {
				out = append(out, it.OrderID)
			}
			continue
		}
		if uploaded && (d.Order.EServiceID == "" || d.Order.EServiceID == a.Service) && sameFiles(d.Order, ours) {
			out = append(out, it.OrderID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// stepPack packs and signs the archive into the outbox (a file that
// survives a crash: resumed chunks must be the same bytes).
func (s *Session) stepPack(ctx context.Context, a *appRecord) error {
	c := s.core
	dir := filepath.Join(c.dataDir, "outbox")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fileError(dir, err)
	}
	final := filepath.Join(dir, fmt.Sprintf("%d-%s.zip", a.ID, randomSuffix()))
	var size int64
	if a.UserArchive != "" {
		st, err := os.Stat(a.UserArchive)
		if err != nil {
			return fileError(a.UserArchive, err)
		}
		if err := copyFile(a.UserArchive, final); err != nil {
			return err
		}
		size = st.Size()
	} else {
		c.emit(Event{Stage: StagePack, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Message: i18n.T("упаковка и подпись", "packing and signing")})
		spec := archive.Spec{Service: a.Service, Files: inputs(a), OrderID: a.OrderID, Signer: s.signer, TempDir: dir, SigningTime: c.now(), Dictionary: s.dictLookup, Verdicts: &c.verdicts,
			Progress: func(p archive.Progress) {
				st := StagePack
				if p.Stage == archive.StageSign {
					st = StageSign
				}
				c.emit(Event{Stage: st, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Done: p.Done, Total: p.Total})
			}}
		ar, err := archive.Pack(ctx, spec)
		if err != nil {
			return err
		}
		if err := os.Rename(ar.Path, final); err != nil {
			ar.Remove()
			return fileError(final, err)
		}
		size = ar.Size
	}
	a.ArchivePath, a.ArchiveSize = final, size
	a.Route = RoutePush
	if a.OrderID != 0 || a.ForceChunked || size > archive.MaxPushSize {
		a.Route = RouteChunked
	}
	if err := c.store.Packed(a); err != nil {
		os.Remove(final)
		return err
	}
	return nil
}

func randomSuffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fileError(src, err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return fileError(dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return fileError(dst, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fileError(dst, err)
	}
	return out.Close()
}

// discardArchive removes the outbox copy (after sent, failed or a new
// number).
func (s *Session) discardArchive(a *appRecord) {
	if a.ArchivePath != "" {
		os.Remove(a.ArchivePath)
		a.ArchivePath = ""
	}
}

// stepPush sends a small archive in one request. "pushing" is journalled
// first: if the process dies before the answer, Resume asks the service
// instead of sending again.
func (s *Session) stepPush(ctx context.Context, a *appRecord, meta OrderMeta) error {
	c := s.core
	if a.ArchivePath == "" {
		return s.repack(a)
	}
	if err := s.paceOrder(ctx, a); err != nil {
		return err
	}
	if err := c.store.BeginPush(a); err != nil {
		return err
	}
	f, err := os.Open(a.ArchivePath)
	if err != nil {
		return fileError(a.ArchivePath, err)
	}
	defer f.Close()
	c.emit(Event{Stage: StageUpload, Row: a.Row, AppID: a.ID, Service: a.Service, Chunk: 1, Chunks: 1, Done: 0, Total: a.ArchiveSize})
	id, err := s.createRetry(ctx, a, func() (int64, error) {
		return s.client.Push(ctx, meta, filepath.Base(a.ArchivePath), f, a.ArchiveSize)
	})
	if err != nil {
		if isUnknownOutcome(err) && ctx.Err() == nil {
			return s.resolvePush(ctx, a, meta)
		}
		return s.explain(err)
	}
	c.emit(Event{Stage: StageUpload, Row: a.Row, AppID: a.ID, OrderID: id, Service: a.Service, Chunk: 1, Chunks: 1, Done: a.ArchiveSize, Total: a.ArchiveSize})
	return s.sent(a, id)
}

// repack starts over from the checks when the outbox copy of the archive
// is gone and nothing of it reached the service.
func (s *Session) repack(a *appRecord) error {
	if err := s.core.store.Failed(a, "архив потерян, собирается заново", "the archive is lost, packing again"); err != nil {
		return err
	}
	return s.core.store.Reopen(a, false)
}

// resolvePush settles a /push whose answer was lost: the service is
// asked (getUpdatedAfter since the request, then order details) for an
// order of this service with an archive that the journal does not know.
// One: it is ours. None: the request never arrived, push again. Several:
// the user decides (nothing is sent twice behind their back).
func (s *Session) resolvePush(ctx context.Context, a *appRecord, meta OrderMeta) error {
	cands, err := s.orphans(ctx, a, true)
	if err != nil {
		return err
	}
	switch len(cands) {
	case 0:
		return s.stepPush(ctx, a, meta)
	case 1:
		s.core.log.WithField("orderId", cands[0]).Info("workflow: the lost /push answer is found on the service")
		return s.sent(a, cands[0])
	}
	ids := make([]string, len(cands))
	for i, id := range cands {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return i18n.New("неизвестно, дошло ли заявление: на портале есть несколько новых заявлений этой услуги ("+strings.Join(ids, ", ")+"); проверьте их (gosctl epgu order status НОМЕР) и, если ни одно не ваше, отправьте заново",
		"unknown whether the application arrived: the portal has several new orders of this service ("+strings.Join(ids, ", ")+"); check them (gosctl epgu order status ID) and, if none is yours, send again")
}

func (s *Session) sent(a *appRecord, id int64) error {
	if err := s.core.store.Sent(a, id); err != nil {
		return err
	}
	s.discardArchive(a)
	s.core.emit(Event{Stage: StageSent, Row: a.Row, AppID: a.ID, OrderID: id, Service: a.Service, Done: a.ArchiveSize, Total: a.ArchiveSize,
		Message: fmt.Sprintf(i18n.T("заявление %d отправлено", "order %d sent"), id)})
	return nil
}

// stepChunks uploads the chunks from the first one the service has not
// got. Each chunk is journalled before it is sent and after its answer; a
// chunk the service reports as already received (its answer was lost)
// counts as done; a session past its 5-minute window restarts at chunk 0.
func (s *Session) stepChunks(ctx context.Context, a *appRecord, meta OrderMeta) error {
	c := s.core
	if a.ArchivePath == "" {
		return s.repack(a)
	}
	f, err := os.Open(a.ArchivePath)
	if err != nil {
		if os.IsNotExist(err) {
			a.ArchivePath = ""
			return s.repack(a)
		}
		return fileError(a.ArchivePath, err)
	}
	defer f.Close()
	cs := a.ChunkSize
	if cs == 0 {
		cs = s.chunk
	}
	if cs == 0 {
		cs = 10_000_000
	}
	plan, err := epgu.ChunkPlan(a.ArchiveSize, cs)
	if err != nil {
		if a.ArchiveSize <= 0 {
			return inputf("архив пуст: отправлять нечего", "the archive is empty: nothing to send")
		}
		return &InputError{Text: i18n.Text{RU: "размер части: от 5 000 000 до 50 000 000 байт", EN: "chunk size: 5,000,000 to 50,000,000 bytes"}, Err: err}
	}
	n := len(plan)
	if a.State == stateUploading && a.Chunks != n {
		// A session of another plan (another chunk size): start over.
		if err := c.store.RestartUpload(a, "другой размер части"); err != nil {
			return err
		}
	}
	var mp *OrderMeta
	if !a.OmitMeta {
		mp = &meta
	}
	restarts := 0
	for {
		i := a.ChunksDone
		if a.State != stateUploading {
			i = 0
		}
		if i >= n {
			return s.sent(a, a.OrderID)
		}
		if i > 0 && !a.SessionStart.IsZero() && c.now().Sub(a.SessionStart) > chunkWindow-chunkMargin {
			// Past (or too close to) the 5-minute window: the service
			// drops the session; start again from chunk 0.
			if restarts++; restarts > 3 {
				return i18n.New("не удалось передать все части архива за 5 минут: проверьте скорость соединения или уменьшите архив", "could not upload every chunk within 5 minutes: check the connection speed or make the archive smaller")
			}
			if err := s.waitWindow(ctx, a, "истекло 5 минут"); err != nil {
				return err
			}
			continue
		}
		prevStart := a.SessionStart
		if err := c.store.BeginChunk(a, i, n, cs); err != nil {
			return err
		}
		off := int64(i) * cs
		c.emit(Event{Stage: StageUpload, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Chunk: i + 1, Chunks: n, Done: off, Total: a.ArchiveSize})
		attempts := 0
		_, err := s.withRetry(ctx, a, func() (int64, error) {
			attempts++
			return 0, s.client.PushChunk(ctx, a.OrderID, mp, filepath.Base(a.ArchivePath), f, off, plan[i], i, n, a.OmitMeta)
		})
		outcome := chunkOutcome(err)
		if outcome == chunkAlready && i == 0 && prevStart.IsZero() && attempts == 1 {
			// Chunk 0 of a fresh session that we never sent: the service
			// holds a session of an earlier archive (packed again since).
			// Mixing its chunks with ours would corrupt the archive: let
			// that session expire and start over.
			outcome = chunkRestart
		}
		switch outcome {
		case chunkOK, chunkAlready:
		case chunkOrderDone:
			return s.sent(a, a.OrderID)
		case chunkRestart, chunkExpired:
			if restarts++; restarts > 3 {
				return s.explain(err)
			}
			if i == 0 && outcome == chunkRestart {
				// The service holds a session we cannot continue (chunk
				// 0 "already received" at a restart): wait for its window
				// to pass.
				if err := s.waitWindow(ctx, a, "сеанс частей потерян"); err != nil {
					return err
				}
				continue
			}
			if err := c.store.RestartUpload(a, i18n.MessageIn(i18n.RU, err)); err != nil {
				return err
			}
			continue
		default:
			return s.explain(err)
		}
		if i == n-1 {
			c.emit(Event{Stage: StageUpload, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Chunk: n, Chunks: n, Done: a.ArchiveSize, Total: a.ArchiveSize})
			return s.sent(a, a.OrderID)
		}
		if err := c.store.ChunkDone(a, i); err != nil {
			return err
		}
		c.emit(Event{Stage: StageUpload, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Chunk: i + 1, Chunks: n, Done: off + plan[i], Total: a.ArchiveSize})
	}
}

// waitWindow waits until the current chunk session's 5-minute window has
// surely passed, then restarts the upload from chunk 0.
func (s *Session) waitWindow(ctx context.Context, a *appRecord, why string) error {
	c := s.core
	start := a.SessionStart
	if start.IsZero() {
		start = c.now()
	}
	d := start.Add(chunkWindow + 5*time.Second).Sub(c.now())
	if d > 0 {
		c.emit(Event{Stage: StageWait, Row: a.Row, AppID: a.ID, OrderID: a.OrderID, Service: a.Service, Wait: d,
			Message: i18n.T("ожидание окончания 5-минутного окна передачи частей, затем передача начнётся заново", "waiting for the 5-minute chunk window to end, then the upload starts again")})
		if err := c.opts.Sleep(ctx, d); err != nil {
			return err
		}
	}
	if a.State != stateUploading {
		return nil
	}
	return c.store.RestartUpload(a, why)
}

type chunkResult int

const (
	chunkOK        chunkResult = iota
	chunkAlready               // "Часть N уже передана": the answer was lost, the service has it
	chunkOrderDone             // "Заявление N уже отправлено": the last chunk arrived before a crash
	chunkRestart               // no session (dropped, or chunks out of order): start again from chunk 0
	chunkExpired               // the service just dropped a session past its window: chunk 0 may go at once
	chunkFailed
)

// chunkOutcome classifies the answer to a chunk. API ЕПГУ answers chunk
// order problems with 400 bad_request and a Russian message only (v1.13
// Прил. 4 has no codes for them), so the sandbox's messages, written from
// the spec's rules, are matched.
func chunkOutcome(err error) chunkResult {
	if err == nil {
		return chunkOK
	}
	var pe *epgu.Error
	if !errors.As(err, &pe) {
		if errors.Is(err, epgu.ErrChunkWindowExpired) {
			return chunkRestart
		}
		return chunkFailed
	}
	if pe.HTTPStatus != 400 {
		return chunkFailed
	}
	m := strings.ToLower(pe.Message)
	switch {
	case strings.Contains(m, "уже передана"):
		return chunkAlready
	case strings.Contains(m, "уже отправлено"):
		return chunkOrderDone
	case strings.Contains(m, "истекло время"):
		return chunkExpired
	case strings.Contains(m, "первой должна передаваться"), strings.Contains(m, "последняя часть должна передаваться последней"):
		return chunkRestart
	}
	return chunkFailed
}

// isUnknownOutcome: the request may or may not have reached the service
// (the connection dropped, a timeout): never simply repeated for
// requests that create orders.
func isUnknownOutcome(err error) bool {
	if tunnelDown(err) {
		return false // nothing left this machine
	}
	var pe *epgu.Error
	if errors.As(err, &pe) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "broken pipe")
}

// retryable: a failure worth another attempt of a step: 429, 500, 502,
// 503, 504 and dropped connections. A 401 that survived the client's own
// re-authentication is not (see retry: one more attempt at most).
func retryable(err error) bool {
	if tunnelDown(err) {
		return false
	}
	var pe *epgu.Error
	if errors.As(err, &pe) {
		return pe.Temporary() || pe.HTTPStatus == 500
	}
	return isUnknownOutcome(err)
}

func isUnauthorized(err error) bool {
	var pe *epgu.Error
	return errors.As(err, &pe) && pe.HTTPStatus == 401
}

// withRetry runs an idempotent step (a chunk, a status query) again with
// backoff and jitter after temporary failures and dropped connections
// (issue 13 item 6). Steps that create orders (/order, /push) pass their
// unknown outcomes up instead: see stepReserve and doPush.
func (s *Session) withRetry(ctx context.Context, a *appRecord, f func() (int64, error)) (int64, error) {
	return s.retry(ctx, a, false, f)
}

// createRetry is withRetry for a request that creates an order: a lost
// answer is returned at once, to be resolved by asking the service.
func (s *Session) createRetry(ctx context.Context, a *appRecord, f func() (int64, error)) (int64, error) {
	return s.retry(ctx, a, true, f)
}

func (s *Session) retry(ctx context.Context, a *appRecord, creates bool, f func() (int64, error)) (int64, error) {
	c := s.core
	for attempt := 0; ; attempt++ {
		if err := c.paceRequest(ctx); err != nil {
			return 0, err
		}
		v, err := f()
		if err != nil && attempt == 0 && isUnauthorized(err) && ctx.Err() == nil {
			continue // one more token, once; a lasting 401 is an answer
		}
		if err == nil || attempt >= maxStepRetries || !retryable(err) || ctx.Err() != nil {
			return v, err
		}
		if creates && isUnknownOutcome(err) {
			return v, err
		}
		d := backoff(attempt, retryAfter(err))
		c.emit(Event{Stage: StageRetry, AppID: appID(a), OrderID: orderID(a), Wait: d, Err: err,
			Message: fmt.Sprintf(i18n.T("временный сбой (%s), повтор через %s", "temporary failure (%s), retrying in %s"), i18n.Message(Remote(err)), d.Round(time.Millisecond))})
		if err := c.opts.Sleep(ctx, d); err != nil {
			return 0, err
		}
	}
}

func appID(a *appRecord) int64 {
	if a == nil {
		return 0
	}
	return a.ID
}

func orderID(a *appRecord) int64 {
	if a == nil {
		return 0
	}
	return a.OrderID
}

func retryAfter(err error) time.Duration {
	var pe *epgu.Error
	if errors.As(err, &pe) {
		return pe.RetryAfter
	}
	return 0
}

// backoff is exponential from 1 s with full jitter, capped at 60 s;
// Retry-After wins when the server sent one.
func backoff(attempt int, ra time.Duration) time.Duration {
	if ra > 0 {
		return ra + jitter(ra/10)
	}
	d := time.Second << attempt
	if d > time.Minute || d <= 0 {
		d = time.Minute
	}
	return d/2 + jitter(d/2)
}

// zipEntries lists the files of our packed archive with their sizes (nil
// when it is not at hand).
func zipEntries(path string) map[string]int64 {
	if path == "" {
		return nil
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil
	}
	defer zr.Close()
	m := map[string]int64{}
	for _, f := range zr.File {
		m[f.Name] = int64(f.UncompressedSize64)
	}
	return m
}

// sameFiles: the portal order holds exactly the files of our archive
// (names and sizes), so it is ours and not another order of the service
// made meanwhile (by the web portal or another program on the same key).
// Unknown (no archive at hand, or no file list): assumed to match.
func sameFiles(o *Order, ours map[string]int64) bool {
	if ours == nil || len(o.AttachmentFiles) == 0 {
		return true
	}
	// The portal may list the documents without their signatures: every
	// file it lists must be one of ours, with our size.
	for _, f := range o.AttachmentFiles {
		if sz, ok := ours[f.FileName]; !ok || (f.FileSize != 0 && sz != f.FileSize) {
			return false
		}
	}
	return true
}

// tunnelDown: the local GOST TLS tunnel is not running — final, with what
// to do (a broken link behind a running tunnel stays retryable).
func tunnelDown(err error) bool {
	var td *config.ErrTunnelDown
	return errors.As(err, &td)
}

// applicantOf is the applicant the journal lists: the caller's, else the
// one the catalog reads from the XML (the guest of a hotel notice, the
// citizen's СНИЛС for Госключ), so that an application typed in the
// editor is not a nameless row in Заявления.
func applicantOf(svc xsd.Service, app Application) string {
	if app.Applicant != "" {
		return app.Applicant
	}
	docs := make(map[string][]byte, len(app.Documents))
	for _, d := range app.Documents {
		docs[d.Name] = d.Data
	}
	return svc.ApplicantOf(docs)
}
