package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// Backend is everything the screens ask of the application layer. The real
// one wraps *workflow.Core (NewBackend); tests pass a fake. No screen talks
// to core/epgu, core/esia or core/ens: every decision is made behind this
// interface.
type Backend interface {
	// Certificates lists every certificate of every key source, with the
	// extra container folders and PFX files the user imported.
	Certificates(ctx context.Context, dirs, files []string) ([]*keystore.Entry, []error)
	// Validate checks one XML document of a service (name selects the role).
	Validate(service, name string, xml []byte) ([]workflow.Problem, error)
	// Check runs every local check of an application, nothing sent.
	Check(app workflow.Application) []workflow.Problem
	// SaveDraft keeps the application being edited in the journal;
	// LoadDraft reads it back (next start); DeleteDraft drops it once sent.
	SaveDraft(d workflow.Draft) (int64, error)
	LoadDraft(id int64) (*workflow.Draft, error)
	DeleteDraft(id int64) error
	// Submit opens a session in env with the chosen certificate and sends
	// app; progress goes to the subscribers.
	Submit(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, app workflow.Application) (*workflow.SubmitResult, error)
	// Subscribe registers f for every progress and status event.
	Subscribe(f func(workflow.Event)) (cancel func())
	// Settings returns a copy of the settings; SaveSettings writes them.
	Settings() config.Settings
	SaveSettings(s config.Settings) error
	// ImportAPIKey stores the API key of a partners-portal CSV in the OS
	// keyring for env; APIKeyInfo shows it masked.
	ImportAPIKey(env string, file []byte) (account, masked string, err error)
	APIKeyInfo(env string) (account, masked string, err error)
	// ForgetPINs removes the remembered PINs of the given certificates.
	ForgetPINs(entries []*keystore.Entry) error
	// DataDir is the data folder (journal, archives, results).
	DataDir() string
	// Close ends the work the backend runs in the background (following
	// the orders sent, TrackPending) and waits for it; the window calls it
	// when it closes, before main closes the core. Later calls start no
	// background work.
	Close()

	// --- ЕНС, Пакет, Госключ (issue 11; ui/ens*.go, batch*.go, goskey*.go) ---

	// OpenENS builds an API ЕНС session with the chosen certificate (nothing
	// is sent until Login).
	OpenENS(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, o workflow.ENSOptions) (ENSAccount, error)
	// CheckMCHD reads a МЧД file and describes it (principal,
	// representative, powers, validity) without signing in.
	CheckMCHD(path string) (*MCHDInfo, error)
	// ENSSnapshots lists the kept ENS balances of inn ("" = any), newest
	// first: the offline view and the history chart.
	ENSSnapshots(inn string, limit int) ([]ENSSnapshot, error)
	// PrepareBatch fills and checks every row of a batch; nothing is sent.
	PrepareBatch(req workflow.BatchRequest) (*workflow.Batch, error)
	// RunBatch sends a prepared batch (again: continues it) with the chosen
	// certificate; progress goes to the subscribers (StageBatch, StageWait …).
	RunBatch(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, b *workflow.Batch) (*workflow.BatchReport, error)
	// SendToGoskey sends documents to a citizen's Госключ for signing and
	// follows the order (status, final, result events with the signed
	// documents' verdicts).
	SendToGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, r workflow.GoskeyRequest) (*workflow.SubmitResult, error)
	// GoskeyOrders lists the Госключ orders of env kept in the journal,
	// newest first (the list survives a restart), with the result files
	// and signature verdicts the journal keeps for the signed ones.
	GoskeyOrders(env string) ([]GoskeyOrder, error)
	// TrackGoskey follows orders sent before this start (waiting for the
	// citizen's signature) until they are final, downloading and verifying
	// the signed documents: the same events as after SendToGoskey. It
	// returns once the session is open; the following runs on.
	TrackGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, ids []int64) error

	// --- Заявления (issue 11; ui/orders.go) ---

	// SearchOrders lists the journal's applications matching q: one page
	// and the number of matches.
	SearchOrders(q journal.Query) (*journal.Page, error)
	// ExportOrders writes the applications matching q as the journal's CSV.
	ExportOrders(w io.Writer, q journal.Query) error
	// OrderHistory is the status history of an order in env, oldest first.
	OrderHistory(env string, orderID int64) ([]journal.Status, error)
	// OrderView is everything the details of application appID show: the
	// XML and attachments sent (compared with the files on disk), the
	// status history, the result files with their verdicts and what may
	// be done now (cancel, resume, send again). Reads files: call it off
	// the UI goroutine.
	OrderView(appID int64) (*workflow.OrderView, error)
	// VerifyResults verifies the signatures of an order's result files
	// again, as they are on disk, and records the new verdicts.
	VerifyResults(env string, orderID int64) ([]journal.ResultFile, error)
	// CancelOrder cancels an order with the user's reason (the service
	// and its status decide; refusals come back in words) and reads its
	// new status.
	CancelOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, orderID int64, reason string) error
	// ResumeOrder continues an interrupted send of application appID
	// (same order number, missing chunks only) and then follows the order.
	ResumeOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, appID int64) (*workflow.SubmitResult, error)
	// TrackPending follows, in the background until ctx ends, every order
	// of env that awaits a final status (statuses, final, results arrive
	// as events); n is how many. n = 0: nothing to follow, no session is
	// opened.
	TrackPending(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt) (n int, err error)
	// MarkSeen records that the details of application appID were opened
	// (a final order's result is no longer new); UnseenResults counts the
	// final orders not looked at yet (the navigation badge).
	MarkSeen(appID int64) error
	UnseenResults() (int, error)
}

// GoskeyOrder is a Госключ order as the journal keeps it.
type GoskeyOrder struct {
	OrderID    int64
	Title      string
	StatusID   int
	StatusText string
	Final      bool
	Failed     string // why sending failed, in the current language
	Created    time.Time
	Results    []journal.ResultFile // downloaded files, .sig with verdicts
}

// ENSAccount is an API ЕНС session (*workflow.ENSSession).
type ENSAccount interface {
	Login(ctx context.Context) (*workflow.ENSLogin, error)
	Balance(ctx context.Context, inn string, date time.Time) (*workflow.ENSBalance, error)
	Operations(ctx context.Context, inn string, from, to time.Time) (*workflow.ENSStatement, error)
	Obligations(ctx context.Context, inn string, date time.Time) ([]workflow.ENSItem, error)
	Logout() error
	Today() time.Time
}

// MCHDInfo is what the ЕНС screen shows of a МЧД before sign-in.
type MCHDInfo struct {
	Lines      []i18n.Text // the facts, one a line, in both languages (names as written)
	Parties    []i18n.Text // the principals and the representatives (lines of Lines)
	Powers     int         // machine-readable powers
	ValidUntil time.Time
	Expired    bool
}

// ENSSnapshot is a kept ENS balance.
type ENSSnapshot struct {
	INN     string
	Date    time.Time // the date asked for
	Kopecks int64
	Taken   time.Time
}

// coreBackend is the Backend of the real application: *workflow.Core.
type coreBackend struct {
	core *workflow.Core

	// life ends on Close; the background goroutines' contexts end with it
	life context.Context
	end  context.CancelFunc
	mu   sync.Mutex // guards closed and bg.Add against Close
	// closed: Close was called, no background work starts any more
	closed bool
	bg     sync.WaitGroup // the background goroutines
}

// NewBackend wraps the application layer for the screens.
func NewBackend(c *workflow.Core) Backend {
	life, end := context.WithCancel(context.Background())
	return &coreBackend{core: c, life: life, end: end}
}

// background runs f on its own goroutine with a context that ends when
// parent does, after timeout (0: none) or when the backend closes; Close
// waits for f to return. After Close it runs nothing.
func (b *coreBackend) background(parent context.Context, timeout time.Duration, f func(ctx context.Context)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	var ctx context.Context
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(parent, timeout)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	stop := context.AfterFunc(b.life, cancel)
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		defer stop()
		defer cancel()
		f(ctx)
	}()
}

func (b *coreBackend) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.end()
	b.bg.Wait()
}

func (b *coreBackend) Certificates(ctx context.Context, dirs, files []string) ([]*keystore.Entry, []error) {
	return b.core.Certificates(ctx, workflow.CertQuery{Dirs: dirs, Files: files})
}

func (b *coreBackend) Validate(service, name string, xml []byte) ([]workflow.Problem, error) {
	return b.core.Validate(service, name, xml)
}

func (b *coreBackend) Check(app workflow.Application) []workflow.Problem { return b.core.Check(app) }

func (b *coreBackend) SaveDraft(d workflow.Draft) (int64, error) { return b.core.SaveDraft(d) }

func (b *coreBackend) LoadDraft(id int64) (*workflow.Draft, error) { return b.core.LoadDraft(id) }

func (b *coreBackend) DeleteDraft(id int64) error { return b.core.DeleteDraft(id) }

func (b *coreBackend) Submit(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, app workflow.Application) (*workflow.SubmitResult, error) {
	creds := config.Credentials{}
	if cert != nil {
		switch cert.Source {
		case keystore.SourceContainer:
			creds.Container = cert.Location
		case keystore.SourcePFX:
			creds.PFX = cert.Location
		case keystore.SourcePEM:
			creds.Key = cert.Location
		default:
			creds.Thumbprint = cert.ID
		}
	}
	// the core asks pin for any key source, again after a wrong PIN, and
	// keeps it in the OS keyring when the dialog says "remember"
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: creds, PIN: pin})
	if err != nil {
		return nil, err
	}
	res, err := s.Submit(ctx, app)
	if err == nil && res != nil && res.OrderID != 0 {
		// follow the new order until a final status (status events reach
		// Заявления); results are downloaded and checked by the core
		b.background(context.Background(), 24*time.Hour, func(ctx context.Context) {
			_ = s.Track(ctx, workflow.TrackOptions{OrderIDs: []int64{res.OrderID}, Interval: 10 * time.Second, Download: true})
		})
	}
	return res, err
}

func (b *coreBackend) Subscribe(f func(workflow.Event)) func() { return b.core.Subscribe(f) }

func (b *coreBackend) Settings() config.Settings {
	if s := b.core.Settings(); s != nil {
		return *s
	}
	return config.Settings{}
}

func (b *coreBackend) SaveSettings(s config.Settings) error {
	if cur := b.core.Settings(); cur != nil {
		*cur = s
	}
	return s.Save()
}

func (b *coreBackend) ImportAPIKey(env string, file []byte) (string, string, error) {
	return b.core.ImportAPIKey(env, "", file)
}

func (b *coreBackend) APIKeyInfo(env string) (string, string, error) {
	return b.core.APIKeyInfo(env, "")
}

func (b *coreBackend) ForgetPINs(entries []*keystore.Entry) error {
	c := &keystore.PINCache{}
	var errs []error
	for _, e := range entries {
		if e.NeedsPIN {
			if err := c.Delete(e); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func (b *coreBackend) DataDir() string { return b.core.DataDir() }

// LogDir is where gosdesk writes its log (next to the data folder).
func LogDir(dataDir string) string {
	if dataDir == "" {
		return os.TempDir()
	}
	return filepath.Join(dataDir, "logs")
}

// userError is an error a person reads: what happened and what to do, and
// the technical detail for the «Подробнее» expander.
type userError struct {
	What, Do i18n.Text
	Err      error
}

func (e *userError) Error() string { return e.What.RU + " " + e.Do.RU }
func (e *userError) Unwrap() error { return e.Err }

// --- ЕНС, Пакет, Госключ (issue 11) ---

// certCreds names the key of a certificate entry for the core.
func certCreds(cert *keystore.Entry) config.Credentials {
	creds := config.Credentials{}
	if cert != nil {
		switch cert.Source {
		case keystore.SourceContainer:
			creds.Container = cert.Location
		case keystore.SourcePFX:
			creds.PFX = cert.Location
		case keystore.SourcePEM:
			creds.Key = cert.Location
		default:
			creds.Thumbprint = cert.ID
		}
	}
	return creds
}

func (b *coreBackend) OpenENS(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, o workflow.ENSOptions) (ENSAccount, error) {
	o.Env, o.Creds, o.PIN = env, certCreds(cert), pin
	s, err := b.core.OpenENS(ctx, o)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (b *coreBackend) CheckMCHD(path string) (*MCHDInfo, error) {
	m, err := workflow.ReadMCHD(path, "")
	if err != nil {
		return nil, err
	}
	// TODO(workflow): a workflow.DescribeMCHD would keep core/ens/mchd out
	// of ui (requested in notes/requests.md).
	d, err := mchd.Parse(m.XML, &mchd.Options{Validator: mchd.XSDValidator{}})
	if err != nil {
		return nil, err
	}
	info := &MCHDInfo{Powers: len(d.Powers), ValidUntil: d.ValidUntil, Expired: time.Now().After(d.ValidUntil.AddDate(0, 0, 1))}
	for _, l := range d.Lines() {
		info.Lines = append(info.Lines, l.Text)
		if l.Kind == mchd.LinePrincipal || l.Kind == mchd.LineRepresentative {
			info.Parties = append(info.Parties, l.Text)
		}
	}
	return info, nil
}

func (b *coreBackend) ENSSnapshots(inn string, limit int) ([]ENSSnapshot, error) {
	j := b.core.Journal()
	if j == nil {
		return nil, nil
	}
	l, err := j.Balances(context.Background(), inn, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ENSSnapshot, 0, len(l))
	for _, x := range l {
		d, _ := time.ParseInLocation("2006-01-02", x.Date, time.Local)
		out = append(out, ENSSnapshot{INN: x.INN, Date: d, Kopecks: x.Kopecks, Taken: x.Taken})
	}
	return out, nil
}

func (b *coreBackend) PrepareBatch(req workflow.BatchRequest) (*workflow.Batch, error) {
	return b.core.PrepareBatch(req)
}

func (b *coreBackend) RunBatch(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, bt *workflow.Batch) (*workflow.BatchReport, error) {
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return nil, err
	}
	rep, err := s.RunBatch(ctx, bt)
	if rep != nil && rep.Sent > 0 {
		// the batch's orders are followed like a single one: statuses,
		// the final one (a notification in Заявления), the results
		b.background(context.Background(), 24*time.Hour, func(ctx context.Context) {
			_ = s.Track(ctx, workflow.TrackOptions{Interval: 10 * time.Second, Download: true})
		})
	}
	return rep, err
}

func (b *coreBackend) SendToGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, r workflow.GoskeyRequest) (*workflow.SubmitResult, error) {
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return nil, err
	}
	res, err := s.SendToGoskey(ctx, r)
	if err == nil && res != nil && res.OrderID != 0 {
		// follow it until the citizen signs or refuses; the signed
		// documents are downloaded and verified by the core (StageResult)
		b.background(context.Background(), 72*time.Hour, func(ctx context.Context) {
			_ = s.Track(ctx, workflow.TrackOptions{OrderIDs: []int64{res.OrderID}, Interval: 30 * time.Second, Download: true})
		})
	}
	return res, err
}

func (b *coreBackend) TrackGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return err
	}
	b.background(context.Background(), 72*time.Hour, func(ctx context.Context) {
		_ = s.Track(ctx, workflow.TrackOptions{OrderIDs: ids, Interval: 30 * time.Second, Download: true})
	})
	return nil
}

func (b *coreBackend) GoskeyOrders(env string) ([]GoskeyOrder, error) {
	j := b.core.Journal()
	if j == nil {
		return nil, nil
	}
	var out []GoskeyOrder
	for _, svc := range xsd.Services() {
		if svc.Group != "goskey" {
			continue
		}
		p, err := j.Search(context.Background(), journal.Query{Env: env, Service: svc.Code, Sort: journal.SortCreated, Desc: true, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, it := range p.Items {
			if it.Draft || it.OrderID == 0 {
				continue
			}
			o := GoskeyOrder{OrderID: it.OrderID, Title: it.Title, StatusID: it.StatusID, StatusText: it.StatusText, Final: it.State == journal.StateFinal, Created: it.Created}
			if it.State == journal.StateFailed {
				o.Failed = i18n.T(it.Reason.RU, it.Reason.EN)
			}
			if o.Final {
				if o.Results, err = j.Results(context.Background(), env, it.OrderID); err != nil {
					return nil, err
				}
			}
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Created.After(out[k].Created) })
	return out, nil
}

// --- Заявления (issue 11; ui/orders.go) ---

// errNoJournal: the app runs without a journal (it could not be opened).
var errNoJournal = &userError{What: i18n.Text{RU: "Журнал заявлений не открыт.", EN: "The applications journal is not open."},
	Do: i18n.Text{RU: "Перезапустите программу; если не поможет — восстановите журнал из резервной копии.", EN: "Restart the app; if that does not help, restore the journal from a backup."}}

func (b *coreBackend) SearchOrders(q journal.Query) (*journal.Page, error) {
	j := b.core.Journal()
	if j == nil {
		return &journal.Page{}, nil
	}
	return j.Search(context.Background(), q)
}

func (b *coreBackend) ExportOrders(w io.Writer, q journal.Query) error {
	j := b.core.Journal()
	if j == nil {
		return errNoJournal
	}
	_, err := j.ExportCSV(context.Background(), w, q)
	return err
}

func (b *coreBackend) OrderHistory(env string, orderID int64) ([]journal.Status, error) {
	j := b.core.Journal()
	if j == nil {
		return nil, nil
	}
	return j.History(context.Background(), env, orderID)
}

func (b *coreBackend) OrderView(appID int64) (*workflow.OrderView, error) {
	if b.core.Journal() == nil {
		return nil, errNoJournal
	}
	return b.core.OrderView(context.Background(), appID)
}

func (b *coreBackend) VerifyResults(env string, orderID int64) ([]journal.ResultFile, error) {
	if b.core.Journal() == nil {
		return nil, errNoJournal
	}
	return b.core.VerifyResults(context.Background(), env, orderID)
}

func (b *coreBackend) CancelOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, orderID int64, reason string) error {
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return err
	}
	if err := s.Cancel(ctx, orderID, reason); err != nil {
		return err
	}
	// the new status («Отменено» when the service has applied it) goes
	// to the journal and the screens; tracking brings it otherwise
	_, _ = s.Details(ctx, orderID)
	return nil
}

func (b *coreBackend) ResumeOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, appID int64) (*workflow.SubmitResult, error) {
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return nil, err
	}
	res, err := s.Resume(ctx, appID, workflow.ResumeOptions{})
	if err == nil && res != nil && res.OrderID != 0 {
		b.background(context.Background(), 24*time.Hour, func(ctx context.Context) {
			_ = s.Track(ctx, workflow.TrackOptions{OrderIDs: []int64{res.OrderID}, Interval: 10 * time.Second, Download: true})
		})
	}
	return res, err
}

func (b *coreBackend) TrackPending(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt) (int, error) {
	n, err := b.core.Pending(env)
	if err != nil || n == 0 {
		return 0, err
	}
	s, err := b.core.OpenSession(ctx, workflow.SessionOptions{Env: env, Creds: certCreds(cert), PIN: pin})
	if err != nil {
		return n, err
	}
	b.background(ctx, 0, func(ctx context.Context) {
		// getUpdatedAfter from the journalled cursor until every one is
		// final; results are downloaded and verified by the core
		_ = s.Track(ctx, workflow.TrackOptions{Interval: 30 * time.Second, Download: true})
	})
	return n, nil
}

func (b *coreBackend) MarkSeen(appID int64) error {
	_, err := b.core.MarkSeen(context.Background(), appID)
	return err
}

func (b *coreBackend) UnseenResults() (int, error) {
	return b.core.Unseen(context.Background(), "")
}
