package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// realBackend is the real Backend on an in-process sandbox (ЕСИА, API
// ЕПГУ, API ЕНС) with an instant clock.
func realBackend(t *testing.T) Backend {
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
	return NewBackend(c)
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
