package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// fakeBackend records what the screens ask of the workflow.
type fakeBackend struct {
	mu        sync.Mutex
	entries   []*keystore.Entry
	settings  config.Settings
	validated []string // service/name of each Validate call
	submitted []workflow.Application
	submitErr error
	drafts    []workflow.Draft
	forgot    int
	imported  []byte
	subs      []func(workflow.Event)
	gui2      fakeGUI2          // ЕНС, Пакет, Госключ (ens_fake_test.go)
	journal   []journal.Summary // Заявления: what SearchOrders finds
	history   []journal.Status  // Заявления: OrderHistory of any order
	queries   []journal.Query   // Заявления: every SearchOrders query
	orders    fakeOrders        // Заявления: details and actions (orders_fake_test.go)
}

func (f *fakeBackend) Certificates(ctx context.Context, dirs, files []string) ([]*keystore.Entry, []error) {
	return f.entries, nil
}

// Validate uses the real catalog (xsd), as the workflow does.
func (f *fakeBackend) Validate(service, name string, doc []byte) ([]workflow.Problem, error) {
	f.mu.Lock()
	f.validated = append(f.validated, service+"/"+name)
	f.mu.Unlock()
	svc, _ := xsd.Lookup(service)
	file, ok := svc.FileFor(name)
	if !ok {
		return nil, errors.New("no such file")
	}
	// the core checks {orderId} as a sample number (it is filled when sent)
	res, err := file.Validate(bytesReader(bytes.ReplaceAll(doc, []byte("{orderId}"), []byte("1000000000"))))
	if err != nil {
		return []workflow.Problem{{File: name, Text: i18n.Text{RU: "документ не является корректным XML", EN: "not well-formed XML"}}}, nil
	}
	var out []workflow.Problem
	for _, e := range res.Errors {
		out = append(out, workflow.Problem{File: name, Line: e.Line, Col: e.Column, Text: i18n.Text{RU: e.MessageRU, EN: e.Message}})
	}
	return out, nil
}

func (f *fakeBackend) Check(app workflow.Application) []workflow.Problem {
	if f.gui2.check != nil {
		return f.gui2.check(app)
	}
	return nil
}

func (f *fakeBackend) SaveDraft(d workflow.Draft) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drafts = append(f.drafts, d)
	return 7, nil
}

func (f *fakeBackend) LoadDraft(id int64) (*workflow.Draft, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.drafts) == 0 {
		return nil, errors.New("no draft")
	}
	d := f.drafts[len(f.drafts)-1]
	d.ID = id
	return &d, nil
}

func (f *fakeBackend) DeleteDraft(id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drafts = nil
	return nil
}

func (f *fakeBackend) Submit(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, app workflow.Application) (*workflow.SubmitResult, error) {
	f.mu.Lock()
	f.submitted = append(f.submitted, app)
	subs := f.subs
	f.mu.Unlock()
	if f.submitErr != nil {
		return nil, f.submitErr
	}
	for _, st := range []workflow.Stage{workflow.StageValidate, workflow.StagePack, workflow.StageSign, workflow.StageUpload, workflow.StageSent} {
		for _, s := range subs {
			s(workflow.Event{Stage: st, OrderID: 4242, Done: 10, Total: 10})
		}
	}
	return &workflow.SubmitResult{OrderID: 4242, Route: workflow.RoutePush}, nil
}

func (f *fakeBackend) Subscribe(fn func(workflow.Event)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = append(f.subs, fn)
	return func() {}
}

func (f *fakeBackend) Settings() config.Settings            { return f.settings }
func (f *fakeBackend) SaveSettings(s config.Settings) error { f.settings = s; return nil }
func (f *fakeBackend) ImportAPIKey(env string, file []byte) (string, string, error) {
	f.imported = file
	return env, "1234…cdef", nil
}
func (f *fakeBackend) APIKeyInfo(env string) (string, string, error) { return "", "", nil }
func (f *fakeBackend) ForgetPINs(e []*keystore.Entry) error          { f.forgot++; return nil }
func (f *fakeBackend) DataDir() string                               { return "/tmp/gosdesk-data" }
func (f *fakeBackend) Close()                                        {} // nothing runs in the background

// testCerts issues a valid, a soon-expiring and an expired certificate.
func testCerts(t testing.TB, now time.Time) []*keystore.Entry {
	t.Helper()
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Тестовый УЦ gosdesk", Organization: "gosdesk"}, NotBefore: now.AddDate(-2, 0, 0)}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(cn, org, inn string, from, to time.Time) *keystore.Entry {
		c, _, err := ca.IssueKey(pki.Template{Subject: pki.Name{CommonName: cn, Surname: "", Organization: org, INNLE: inn, OGRN: "1027700132195", Country: "RU"},
			NotBefore: from, NotAfter: to}, gost3410.CurveTC26256A)
		if err != nil {
			t.Fatal(err)
		}
		return &keystore.Entry{ID: c.Thumbprint(), Certificate: c, Source: keystore.SourceContainer, Location: "/home/clerk/keys/" + cn[:4] + ".000", NeedsPIN: true, HasPrivateKey: true}
	}
	return []*keystore.Entry{
		issue("Иванова Мария Петровна", "ООО «Гостиница Северная»", "7707083893", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)),
		issue("Петров Пётр Петрович", "ООО «Ромашка»", "7707083893", now.AddDate(-1, 0, 0), now.AddDate(0, 0, 10)),
		issue("Сидоров Олег Иванович", "АО «Старый ключ»", "7707083893", now.AddDate(-3, 0, 0), now.AddDate(0, -1, 0)),
	}
}

// fixedNow is the clock of the screenshots and the tests.
var fixedNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// newTestApp builds the window on Fyne's test driver with a fake backend;
// long work runs synchronously.
func newTestApp(t testing.TB, lang i18n.Lang) (*App, *fakeBackend) {
	t.Helper()
	return newTestAppEnv(t, lang, Environment{Name: "sandbox", Sandbox: true, URL: "http://127.0.0.1:8089", DemoPIN: "12345678", FirstRun: true})
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func storageURI(p string) fyne.URI { return storage.NewFileURI(p) }

// --- ЕНС, Пакет, Госключ (issue 11; state and behaviour in ens_fake_test.go) ---

func (f *fakeBackend) OpenENS(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, o workflow.ENSOptions) (ENSAccount, error) {
	return f.gui2.openENS(env, cert, o)
}
func (f *fakeBackend) CheckMCHD(path string) (*MCHDInfo, error) { return f.gui2.checkMCHD(path) }
func (f *fakeBackend) ENSSnapshots(inn string, limit int) ([]ENSSnapshot, error) {
	return f.gui2.snapshots, nil
}
func (f *fakeBackend) PrepareBatch(req workflow.BatchRequest) (*workflow.Batch, error) {
	return f.gui2.prepareBatch(req)
}
func (f *fakeBackend) RunBatch(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, b *workflow.Batch) (*workflow.BatchReport, error) {
	f.mu.Lock()
	subs := f.subs
	f.mu.Unlock()
	return f.gui2.runBatch(ctx, b, subs)
}
func (f *fakeBackend) SendToGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, r workflow.GoskeyRequest) (*workflow.SubmitResult, error) {
	return f.gui2.sendToGoskey(r)
}
func (f *fakeBackend) GoskeyOrders(env string) ([]GoskeyOrder, error) {
	return f.gui2.goskeyOrders, nil
}
func (f *fakeBackend) TrackGoskey(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, ids []int64) error {
	f.gui2.tracked = append(f.gui2.tracked, ids...)
	return f.gui2.trackErr
}

// --- Заявления (issue 11; ui/orders.go) ---

// SearchOrders filters the fake journal by service, states and text (the
// journal's own search is tested in core/journal); order is the journal's.
func (f *fakeBackend) SearchOrders(q journal.Query) (*journal.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	p := &journal.Page{}
	for _, s := range f.journal {
		if q.Service != "" && s.Service != q.Service {
			continue
		}
		if !q.From.IsZero() && s.Created.Before(q.From) {
			continue
		}
		if q.StatusID != 0 && s.StatusID != q.StatusID {
			continue
		}
		if len(q.States) > 0 {
			ok := false
			for _, st := range q.States {
				ok = ok || st == s.State
			}
			if !ok {
				continue
			}
		}
		if q.Text != "" && !strings.Contains(strings.ToLower(s.Applicant+" "+s.Title+" "+s.Service+" "+int64s(s.OrderID)), strings.ToLower(q.Text)) {
			continue
		}
		except := false
		for _, id := range q.ExceptFinal {
			except = except || (s.State == journal.StateFinal && s.StatusID == id)
		}
		if except {
			continue
		}
		p.Items = append(p.Items, s)
	}
	p.Total = len(p.Items)
	// one page, as the journal gives it
	if q.Offset > 0 {
		p.Items = p.Items[min(q.Offset, len(p.Items)):]
	}
	if q.Limit > 0 && len(p.Items) > q.Limit {
		p.Items = p.Items[:q.Limit]
	}
	return p, nil
}

func (f *fakeBackend) ExportOrders(w io.Writer, q journal.Query) error {
	p, _ := f.SearchOrders(q)
	for _, s := range p.Items {
		if _, err := io.WriteString(w, s.Service+";"+s.Applicant+";"+int64s(s.OrderID)+"\r\n"); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeBackend) OrderHistory(env string, orderID int64) ([]journal.Status, error) {
	return f.history, nil
}

func (f *fakeBackend) OrderView(appID int64) (*workflow.OrderView, error) {
	return f.orders.view(appID)
}
func (f *fakeBackend) VerifyResults(env string, orderID int64) ([]journal.ResultFile, error) {
	return f.orders.verify(env, orderID)
}
func (f *fakeBackend) CancelOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, orderID int64, reason string) error {
	return f.orders.cancel(env, orderID, reason)
}
func (f *fakeBackend) ResumeOrder(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt, appID int64) (*workflow.SubmitResult, error) {
	return f.orders.resume(appID)
}
func (f *fakeBackend) TrackPending(ctx context.Context, env string, cert *keystore.Entry, pin keystore.PINPrompt) (int, error) {
	return f.orders.trackPending(ctx, env, pin)
}
func (f *fakeBackend) MarkSeen(appID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.journal {
		if f.journal[i].ID == appID && f.journal[i].State == journal.StateFinal {
			f.journal[i].Seen = true
		}
	}
	f.orders.seen = append(f.orders.seen, appID)
	return nil
}
func (f *fakeBackend) UnseenResults() (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.journal {
		if s.State == journal.StateFinal && !s.Seen {
			n++
		}
	}
	return n, nil
}
