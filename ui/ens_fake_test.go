package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// fakeGUI2 is the fake backend's state for the ЕНС, Пакет and Госключ
// screens.
type fakeGUI2 struct {
	mu        sync.Mutex
	opened    []workflow.ENSOptions
	openErr   error
	loginErr  error
	acct      *fakeENS
	mchd      *MCHDInfo
	mchdErr   error
	snapshots []ENSSnapshot
	// check answers Check (nil: no problem), as the core's catalog rules
	check func(workflow.Application) []workflow.Problem
	// batches
	prepared [][]string // the header of each PrepareBatch CSV
	runs     int
	stopAt   int // RunBatch stops (as on a crash) before this row; 0 never
	sentRows map[int]bool
	// Госключ
	goskey       []workflow.GoskeyRequest
	goskeyErr    error
	goskeyOrders []GoskeyOrder // in the journal
	tracked      []int64       // TrackGoskey's orders
	trackErr     error
}

func (g *fakeGUI2) openENS(env string, cert *keystore.Entry, o workflow.ENSOptions) (ENSAccount, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.opened = append(g.opened, o)
	if g.openErr != nil {
		return nil, g.openErr
	}
	g.acct = &fakeENS{loginErr: g.loginErr}
	return g.acct, nil
}

func (g *fakeGUI2) checkMCHD(path string) (*MCHDInfo, error) {
	if g.mchdErr != nil {
		return nil, g.mchdErr
	}
	if g.mchd != nil {
		return g.mchd, nil
	}
	return nil, errors.New("no such file")
}

// fakeENS is an API ЕНС account with a debt and a quarter of operations.
type fakeENS struct {
	loginErr error
	calls    []string
	inn      string
	out      bool
}

var msk = time.FixedZone("MSK", 3*3600)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, msk) }

func (f *fakeENS) Login(ctx context.Context) (*workflow.ENSLogin, error) {
	f.calls = append(f.calls, "login")
	if f.loginErr != nil {
		return nil, f.loginErr
	}
	return &workflow.ENSLogin{INN: "7707083893"}, nil
}

func (f *fakeENS) Balance(ctx context.Context, inn string, date time.Time) (*workflow.ENSBalance, error) {
	f.calls = append(f.calls, "balance")
	f.inn = inn
	return &workflow.ENSBalance{INN: "7707083893", Date: date, Saldo: -1523456, Upcoming: 4200000}, nil
}

func fakeOps() []workflow.ENSItem {
	return []workflow.ENSItem{
		{ID: "1", Date: day(9, 28), Kind: "accrual", Name: "НДС за 2 квартал 2026", KBK: "18210301000011000110", Amount: -12000000, Document: "Декларация № 41"},
		{ID: "2", Date: day(9, 26), Kind: "payment", Name: "Единый налоговый платёж", KBK: "18201061201010000510", Amount: 15000000, Document: "П/п № 512"},
		{ID: "3", Date: day(10, 28), Kind: "accrual", Name: "Налог на прибыль, аванс", KBK: "18210101011011000110", Amount: -6500000, Document: "Уведомление № 7"},
		{ID: "4", Date: day(10, 29), Kind: "penalty", Name: "Пени", KBK: "18210101011012100110", Amount: -23456, Document: ""},
		{ID: "5", Date: day(11, 25), Kind: "payment", Name: "Единый налоговый платёж", KBK: "18201061201010000510", Amount: 5000000, Document: "П/п № 601"},
		{ID: "6", Date: day(11, 28), Kind: "accrual", Name: "НДФЛ за ноябрь 2026", KBK: "18210102010011000110", Amount: -3000000, Document: "Уведомление № 9"},
	}
}

func (f *fakeENS) Operations(ctx context.Context, inn string, from, to time.Time) (*workflow.ENSStatement, error) {
	f.calls = append(f.calls, "operations")
	// in: 0; sum: -12000000+15000000-6500000-23456+5000000-3000000 = -1523456
	return &workflow.ENSStatement{INN: "7707083893", From: from, To: to, SaldoIn: 0, SaldoOut: -1523456, Operations: fakeOps()}, nil
}

func (f *fakeENS) Obligations(ctx context.Context, inn string, date time.Time) ([]workflow.ENSItem, error) {
	f.calls = append(f.calls, "obligations")
	return []workflow.ENSItem{
		{ID: "o1", DueDate: day(12, 29), Name: "НДС за 3 квартал 2026 (1/3)", KBK: "18210301000011000110", OKTMO: "45382000", Amount: -4000000},
		{ID: "o2", DueDate: day(12, 29), Name: "НДФЛ за декабрь 2026", KBK: "18210102010011000110", OKTMO: "45382000", Amount: -200000},
	}, nil
}

func (f *fakeENS) Logout() error    { f.out = true; return nil }
func (f *fakeENS) Today() time.Time { return fixedNow }

// ensFailure is an API ЕНС refusal as the workflow returns it (bilingual).
var ensFailure = i18n.New("ФНС отклонила вход: сертификат не подходит для ЕНС (код CERT_NO_INN)", "the FTS refused the sign-in: the certificate is not usable for ENS (code CERT_NO_INN)")

// prepareBatch reads the (mapped) CSV: a cell «BAD» is a broken date in
// that column; a row per guest.
func (g *fakeGUI2) prepareBatch(req workflow.BatchRequest) (*workflow.Batch, error) {
	raw, _ := io.ReadAll(req.Rows)
	recs, _, err := readCSV(raw)
	if err != nil {
		return nil, err
	}
	g.prepared = append(g.prepared, recs[0])
	b := &workflow.Batch{Service: req.Service, Estimate: 10 * time.Minute}
	for i, rec := range recs[1:] {
		row := i + 2
		vals := map[string]string{}
		for j, v := range rec {
			if recs[0][j] == "" {
				continue
			}
			if v == "BAD" {
				b.Problems = append(b.Problems, workflow.Problem{File: req.RowsName, Row: row, Column: recs[0][j],
					Text: i18n.Text{RU: "«BAD» — неверная дата: нужен формат ДД.ММ.ГГГГ", EN: "“BAD” is not a valid date: use DD.MM.YYYY"}})
			}
			vals[recs[0][j]] = v
		}
		b.Rows = append(b.Rows, workflow.BatchRow{Row: row, Values: vals,
			Application: workflow.Application{Service: req.Service, Applicant: strings.TrimSpace(vals["guestLastName"] + " " + vals["guestFirstName"]),
				Documents: []workflow.Document{{Name: "req.xml", Data: []byte("<guest><lastName>" + vals["guestLastName"] + "</lastName></guest>")}}}})
	}
	return b, nil
}

// runBatch "sends" each row with events; rows sent before are not sent
// again (as the journal does).
func (g *fakeGUI2) runBatch(ctx context.Context, b *workflow.Batch, subs []func(workflow.Event)) (*workflow.BatchReport, error) {
	g.runs++
	if g.sentRows == nil {
		g.sentRows = map[int]bool{}
	}
	emit := func(e workflow.Event) {
		for _, s := range subs {
			s(e)
		}
	}
	rep := &workflow.BatchReport{}
	for i, r := range b.Rows {
		if g.stopAt != 0 && r.Row == g.stopAt {
			g.stopAt = 0
			return rep, context.Canceled
		}
		emit(workflow.Event{Stage: workflow.StageBatch, Row: r.Row, Rows: len(b.Rows), Done: int64(i + 1), Total: int64(len(b.Rows))})
		if i == 1 {
			emit(workflow.Event{Stage: workflow.StageWait, Row: r.Row, Wait: 9*time.Minute + 59*time.Second})
		}
		if !g.sentRows[r.Row] {
			g.sentRows[r.Row] = true
			emit(workflow.Event{Stage: workflow.StageUpload, Row: r.Row})
		}
		if strings.HasPrefix(r.Application.Applicant, "Сбой") {
			rep.Failed++
			rep.Outcomes = append(rep.Outcomes, workflow.BatchOutcome{Row: r.Row, Reason: "ЕПГУ: VALIDATION_ERROR — дата въезда позже даты выезда"})
			continue
		}
		rep.Sent++
		rep.Outcomes = append(rep.Outcomes, workflow.BatchOutcome{Row: r.Row, Sent: true, OrderID: int64(5000 + r.Row)})
	}
	return rep, nil
}

func (g *fakeGUI2) sendToGoskey(r workflow.GoskeyRequest) (*workflow.SubmitResult, error) {
	g.goskey = append(g.goskey, r)
	if g.goskeyErr != nil {
		return nil, g.goskeyErr
	}
	return &workflow.SubmitResult{OrderID: int64(7700 + len(g.goskey)), Route: workflow.RoutePush}, nil
}
