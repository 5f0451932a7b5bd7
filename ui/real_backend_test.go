package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"github.com/sirupsen/logrus"
	"github.com/zalando/go-keyring"
	"golang.org/x/text/encoding/charmap"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// realBackend is the real Backend on an in-process sandbox (ЕСИА, API
// ЕПГУ, API ЕНС) with an instant clock.
func realBackend(t testing.TB) Backend {
	t.Helper()
	t.Setenv(config.DirVar, t.TempDir())
	t.Setenv(config.SandboxAddrVar, "")
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })
	clock := sandbox.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Clock: clock, Timing: sandbox.TimingInstant})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if _, err := sandboxens.MountDemo(srv, clock); err != nil {
		t.Fatal(err)
	}
	keyring.MockInit() // the ENS session token goes to the OS keyring
	c, err := workflow.Open(workflow.Options{
		DataDir:  filepath.Join(t.TempDir(), "data"),
		Settings: &config.Settings{SandboxAddr: srv.Addr()},
		Now:      clock.Now,
		Sleep:    func(ctx context.Context, d time.Duration) error { clock.Advance(d); return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	be := NewBackend(c)
	// the orders it follows stop before the core and the sandbox close
	t.Cleanup(be.Close)
	return be
}

// TestRealENS signs in to the sandbox's API ЕНС through the real backend
// (demo certificate), reads the balance, operations and obligations, and
// finds the balance kept as a snapshot for the offline view.
func TestRealENS(t *testing.T) {
	be := realBackend(t)
	ctx := context.Background()
	acct, err := be.OpenENS(ctx, "sandbox", nil, nil, workflow.ENSOptions{Mode: workflow.ENSSelf})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if _, err := acct.Login(ctx); err != nil {
		t.Fatal(i18n.Message(err))
	}
	today := acct.Today()
	r := fetchENS(ctx, acct, "", today, today.AddDate(0, -3, 0), today)
	if r.err != nil {
		t.Fatal(i18n.Message(r.err))
	}
	if r.bal == nil || r.stmt == nil {
		t.Fatalf("balance %v statement %v", r.bal, r.stmt)
	}
	snaps, err := be.ENSSnapshots("", 5)
	if err != nil || len(snaps) == 0 || snaps[0].Kopecks != int64(r.bal.Saldo) {
		t.Fatalf("snapshots %+v err %v", snaps, err)
	}
	if pts := statementSeries(r.stmt); len(pts) < 2 || pts[len(pts)-1].Kopecks != int64(r.stmt.SaldoOut) {
		t.Errorf("chart series %+v (closing %d)", pts, r.stmt.SaldoOut)
	}
	_ = acct.Logout()
}

// TestRealBatchPrepare maps a CSV's Russian headers to the hotel
// template's fields and lets the real workflow check every row: the
// broken date is named with its row and column.
func TestRealBatchPrepare(t *testing.T) {
	be := realBackend(t)
	a := &App{be: be}
	b := &batchScreen{a: a, service: "10000103652", mapping: map[string]string{}}
	p := filepath.Join(t.TempDir(), "guests.csv")
	if err := os.WriteFile(p, []byte("Фамилия;Дата рождения\nИВАНОВ;12.05.1979\nМЮЛЛЕР;31.02.1985\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.csvPath = p
	b.header = []string{"Фамилия", "Дата рождения"}
	var last, birth string
	for _, f := range b.fields() {
		if strings.EqualFold(f.Name, "guestLastName") || (last == "" && strings.Contains(strings.ToLower(f.Name), "lastname")) {
			last = f.Name
		}
		if strings.EqualFold(f.Name, "guestBirthDate") || (birth == "" && strings.Contains(strings.ToLower(f.Name), "birth")) {
			birth = f.Name
		}
	}
	if last == "" || birth == "" {
		t.Fatalf("hotel template fields: %v", b.fields())
	}
	b.mapping = map[string]string{"Фамилия": last, "Дата рождения": birth}
	req, err := b.request()
	if err != nil {
		t.Fatal(err)
	}
	bt, err := be.PrepareBatch(req)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if len(bt.Rows) == 0 {
		t.Fatal("no rows")
	}
	found := false
	for _, pr := range bt.Problems {
		if pr.Row == 3 && pr.Column == birth {
			found = true
		}
	}
	if !found {
		t.Errorf("the broken date of row 3 is not named: %+v", bt.Problems)
	}
}

// TestRealBatchRun sends a mapped two-guest batch to the sandbox through
// the real backend and writes the core's report.
func TestRealBatchRun(t *testing.T) {
	be := realBackend(t)
	b := &batchScreen{a: &App{be: be}, service: "10000103652"}
	p := filepath.Join(t.TempDir(), "guests.csv")
	if err := os.WriteFile(p, []byte("Фамилия;Комментарий\nИВАНОВ;a\nПЕТРОВ;b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.csvPath = p
	b.mapping = map[string]string{"Фамилия": "guestLastName"}
	req, err := b.request()
	if err != nil {
		t.Fatal(err)
	}
	bt, err := be.PrepareBatch(req)
	if err != nil || len(bt.Problems) > 0 {
		t.Fatalf("prepare: %v %+v", err, bt.Problems)
	}
	rep, err := be.RunBatch(context.Background(), "sandbox", nil, nil, bt)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if rep.Sent != 2 || rep.Failed != 0 {
		t.Fatalf("report %+v", rep)
	}
	var sb strings.Builder
	if err := rep.WriteCSV(&sb); err != nil || !strings.Contains(sb.String(), ";") {
		t.Errorf("report CSV %q %v", sb.String(), err)
	}
}

// TestRealGoskeySignedAndVerified sends a document to Госключ on the
// sandbox through the real backend and the screen: the order waits for the
// citizen's signature, the sandbox signs it, and the screen shows the
// signed document with the core's verdict (the signer chains to the
// sandbox CA) — the whole path of the Госключ screen without a fake.
func TestRealGoskeySignedAndVerified(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, tr)
	be := realBackend(t)
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	fa := test.NewTempApp(t)
	a := syncApp(t, fa, be, Environment{Name: "sandbox", Sandbox: true}, time.Now)
	a.shell.show(screenGoskey)
	g := a.goskey
	g.addDocs([]string{contract(t)})
	g.send()
	if len(g.sent) == 0 || g.sent[0].OrderID == 0 {
		raw, _ := os.ReadFile(tr)
		t.Fatalf("nothing sent:\n%s", raw)
	}
	// the core follows the order on a goroutine of its own; its events
	// reach the screen on the UI goroutine (the test's): run them until
	// the signed document is shown
	waitUI(t, a, 2*time.Minute, func() bool { return len(g.sent[0].Results) > 0 })
	o := g.sent[0]
	deadline := time.Now().Add(2 * time.Minute)
	if len(o.Results) == 0 || !o.Valid || o.Class != "done" {
		t.Fatalf("the signed documents did not come back verified: %+v", o)
	}
	if !strings.HasPrefix(o.Results[0], "✓ ") || o.Folder == "" {
		t.Errorf("result %+v", o)
	}
	raw, _ := os.ReadFile(tr)
	for _, want := range []string{"goskey sent ", "goskey status ", "goskey signed "} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("trace lacks %q:\n%s", want, raw)
		}
	}
	if !strings.Contains(string(raw), "valid=true") {
		t.Errorf("not verified:\n%s", raw)
	}
	// next start: the journal gives the order back with its verdicts
	var l []GoskeyOrder
	for time.Now().Before(deadline) { // the results are journalled right after the event
		if l, _ = be.GoskeyOrders("sandbox"); len(l) == 1 && len(l[0].Results) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(l) != 1 || l[0].OrderID != o.OrderID || !l[0].Final {
		t.Fatalf("journal orders %+v", l)
	}
	g2 := &goskeyScreen{a: a, follows: map[int64]bool{}}
	g2.loadJournal()
	if len(g2.sent) != 1 || !g2.sent[0].Valid || len(g2.sent[0].Results) == 0 || !strings.HasPrefix(g2.sent[0].Results[0], "✓ ") {
		t.Errorf("after a restart: %+v (journal %+v)", g2.sent, l[0].Results)
	}
}

// TestRealBatchScreen runs the Пакет screen on the real backend and the
// in-process sandbox: a Windows-1251 CSV with Russian headers mapped by
// hand, a broken date found and fixed in place, both guests sent with the
// per-row progress and the report, and the trace lines the e2e waits on.
func TestRealBatchScreen(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, tr)
	be := realBackend(t)
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	fa := test.NewTempApp(t)
	a := syncApp(t, fa, be, Environment{Name: "sandbox", Sandbox: true}, time.Now)
	a.shell.show(screenBatch)
	b := a.batch
	csv, err := charmap.Windows1251.NewEncoder().String("Фамилия;Имя;Дата рождения\nИВАНОВ;ИВАН;12.05.1979\nМЮЛЛЕР;ГАНС;31.02.1985\n")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "гости.csv")
	if err := os.WriteFile(p, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	a.dropped(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(p)})
	if b.csvPath != p {
		t.Fatal("the dropped CSV was not taken")
	}
	mapCol(t, b, "Фамилия", "guestLastName")
	mapCol(t, b, "Имя", "guestFirstName")
	mapCol(t, b, "Дата рождения", "guestBirthDate")
	b.prepare()
	if b.batch == nil || b.brokenRows() != 1 {
		t.Fatalf("prepare: %+v", b.batch)
	}
	if txt, _ := b.verdict(3); !strings.Contains(txt, "«Дата рождения» (guestBirthDate)") || !strings.Contains(txt, "31.02.1985") {
		t.Errorf("row 3: %q", txt)
	}
	if n := b.rowName(3); n != "МЮЛЛЕР ГАНС" {
		t.Errorf("the refused row's guest %q", n)
	}
	b.applyFix(3, map[string]string{"Дата рождения": "28.02.1985"})
	if len(b.batch.Problems) != 0 || len(b.batch.Rows) != 2 {
		t.Fatalf("after the fix: %+v", b.batch.Problems)
	}
	b.send(b.batch)
	waitUI(t, a, 2*time.Minute, func() bool { return b.report != nil || !b.running })
	rep, states := b.report, b.rowState
	if rep == nil || rep.Sent != 2 || rep.Failed != 0 {
		raw, _ := os.ReadFile(tr)
		t.Fatalf("report %+v\n%s", rep, raw)
	}
	if states[2] == "" || states[3] == "" {
		t.Errorf("no per-row progress: %v", states)
	}
	if txt, _ := b.verdict(2); !strings.HasPrefix(txt, "✓ отправлено, № ") {
		t.Errorf("row 2 after sending: %q", txt)
	}
	raw, _ := os.ReadFile(tr)
	for _, want := range []string{"batch imported rows=2 broken=1", "batch row 3 fixed", "batch imported rows=2 broken=0",
		"batch progress done=1 total=2 row=2", "batch progress done=2 total=2 row=3", "batch row 2 sent", "batch row 3 sent", "batch done sent=2 failed=0"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("trace lacks %q:\n%s", want, raw)
		}
	}
	if a.fa.Preferences().String(prefBatchPending) != "" {
		t.Error("a finished batch stays pending")
	}
}

// TestRealGoskeyDocumentsChecked: the real core's catalog rule of
// 10000000374 reaches the document's line when it is added (a hyphen and
// Cyrillic are refused; «dogovor_arendy.pdf» fits).
func TestRealGoskeyDocumentsChecked(t *testing.T) {
	be := realBackend(t)
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	a := syncApp(t, test.NewTempApp(t), be, Environment{Name: "sandbox", Sandbox: true}, time.Now)
	a.shell.show(screenGoskey)
	g := a.goskey
	d := t.TempDir()
	var ps []string
	for _, n := range []string{"dogovor_arendy.pdf", "dogovor-arendy.pdf", "договор аренды.pdf"} {
		p := filepath.Join(d, n)
		if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	g.addDocs(ps)
	for i, p := range ps {
		probs, checked := g.docProblems(p)
		if !checked || (i == 0) != (len(probs) == 0) {
			t.Errorf("%s: checked=%v problems %v", filepath.Base(p), checked, probs)
		}
		if i > 0 && (len(probs) == 0 || !strings.Contains(probs[0], "латиница, цифры, подчёркивание, пробел")) {
			t.Errorf("%s: not the catalog's rule: %v", filepath.Base(p), probs)
		}
	}
	if !g.sendBtn.Disabled() {
		t.Error("sending allowed with refused names")
	}
}
