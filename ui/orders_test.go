package ui

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// fakeJournal is a journal of five applications, one of each kind.
func fakeJournal() []journal.Summary {
	t := fixedNow.Add(-48 * time.Hour)
	return []journal.Summary{
		{ID: 1, Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Иванов Иван Иванович", Env: "sandbox", State: journal.StateTracking,
			OrderID: 1000000101, StatusID: 17, StatusText: "Зарегистрировано на портале", Created: t, Updated: t.Add(time.Hour)},
		{ID: 2, Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Smith John", Env: "sandbox", State: journal.StateFinal,
			OrderID: 1000000102, StatusID: 3, StatusText: "Исполнено", Created: t.Add(time.Minute), Updated: t.Add(2 * time.Hour)},
		{ID: 3, Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Петрова Анна", Env: "sandbox", State: journal.StateFinal,
			OrderID: 1000000103, StatusID: 4, StatusText: "Отказ", Created: t.Add(2 * time.Minute), Updated: t.Add(3 * time.Hour)},
		{ID: 4, Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Сидоров Олег", Env: "sandbox", State: journal.StateFailed,
			Reason: journal.Reason{RU: "сеть недоступна", EN: "network unreachable"}, Created: t.Add(3 * time.Minute), Updated: t.Add(4 * time.Hour)},
		{ID: 5, Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Кузнецова Мария", Draft: true, State: journal.StateDraft,
			Created: t.Add(4 * time.Minute), Updated: t.Add(5 * time.Hour)},
	}
}

func ordersApp(t *testing.T) (*App, *fakeBackend, *orders) {
	t.Helper()
	return ordersAppIn(t, i18n.RU)
}

func ordersAppIn(t *testing.T, lang i18n.Lang) (*App, *fakeBackend, *orders) {
	t.Helper()
	a, be := newTestApp(t, lang)
	be.journal = fakeJournal()
	be.history = []journal.Status{
		{ID: 17, Title: "Зарегистрировано на портале", At: fixedNow.Add(-47 * time.Hour)},
		{ID: 2, Title: "Отправлено в ведомство", Comment: "передано в МВД", At: fixedNow.Add(-46 * time.Hour)},
	}
	be.orders.views = fakeViews(t)
	a.shell.show(screenOrders)
	o := a.orders
	o.openURL = func(u *url.URL) error { opened = append(opened, u.Path); return nil }
	opened = nil
	o.reload()
	return a, be, o
}

func TestOrdersTableFromJournal(t *testing.T) {
	_, _, o := ordersApp(t)
	if len(o.rows) != 5 {
		t.Fatalf("rows %d, want every application of the journal", len(o.rows))
	}
	want := map[int64]string{1000000101: "progress", 1000000102: "done", 1000000103: "refused"}
	for _, r := range o.rows {
		if c, ok := want[r.OrderID]; ok && r.Class != c {
			t.Errorf("order %d: class %q, want %q", r.OrderID, r.Class, c)
		}
		if r.Status == "" {
			t.Errorf("order %d: a status without words", r.OrderID)
		}
	}
	if r := o.rows[3]; r.Class != "error" || !strings.Contains(r.Status, "сеть недоступна") {
		t.Errorf("failed row: %+v", r)
	}
	if r := o.rows[4]; r.Class != "draft" || r.Status != "Черновик" {
		t.Errorf("draft row: %+v", r)
	}
	// the status cell carries the class's importance, the number its digits
	cell := o.table.CreateCell()
	o.table.UpdateCell(widget.TableCellID{Row: 1, Col: 4}, cell)
	// a result not looked at yet: marked and bold besides its colour
	if l := cell.(*widget.Label); l.Text != "● Исполнено" || l.Importance != widget.SuccessImportance || !l.TextStyle.Bold {
		t.Errorf("status cell %q importance %v bold %v", l.Text, l.Importance, l.TextStyle.Bold)
	}
	o.table.UpdateCell(widget.TableCellID{Row: 2, Col: 4}, cell)
	if l := cell.(*widget.Label); l.Importance != widget.DangerImportance {
		t.Errorf("refusal importance %v", l.Importance)
	}
	o.table.UpdateCell(widget.TableCellID{Row: 0, Col: 2}, cell)
	if l := cell.(*widget.Label); l.Text != "1000000101" {
		t.Errorf("order cell %q", l.Text)
	}
}

func TestOrdersFiltersAndSort(t *testing.T) {
	_, be, o := ordersApp(t)
	o.class = "done"
	o.reload()
	if len(o.rows) != 1 || o.rows[0].OrderID != 1000000102 {
		t.Errorf("class done: %+v", o.rows)
	}
	o.class = ""
	o.text = "петрова"
	o.reload()
	if len(o.rows) != 1 || o.rows[0].OrderID != 1000000103 {
		t.Errorf("text: %+v", o.rows)
	}
	if q := be.queries[len(be.queries)-1]; q.Text != "петрова" {
		t.Errorf("the search text is not asked of the journal: %+v", q)
	}
	o.text = ""
	// the period: created in the last day (the journal's From)
	be.journal[4].Created = fixedNow.Add(-time.Hour)
	o.period = 1
	o.reload()
	if len(o.rows) != 1 || o.rows[0].AppID != 5 || !be.queries[len(be.queries)-1].From.Equal(fixedNow.AddDate(0, 0, -1)) {
		t.Errorf("period: %+v", o.rows)
	}
	o.period = 0
	o.reload()

	// a click on the «Заявитель» header sorts by applicant, a second one flips it
	h := o.table.CreateHeader()
	o.table.UpdateHeader(widget.TableCellID{Row: -1, Col: 1}, h)
	b := h.(*widget.Button)
	if b.Text != "Заявитель" {
		t.Fatalf("header %q", b.Text)
	}
	test.Tap(b)
	q := be.queries[len(be.queries)-1]
	if q.Sort != journal.SortApplicant || q.Desc {
		t.Errorf("after a click: %+v", q)
	}
	o.table.UpdateHeader(widget.TableCellID{Row: -1, Col: 1}, h)
	test.Tap(h.(*widget.Button))
	if q := be.queries[len(be.queries)-1]; q.Sort != journal.SortApplicant || !q.Desc {
		t.Errorf("after a second click: %+v", q)
	}
}

func TestOrdersLiveUpdate(t *testing.T) {
	a, be, o := ordersApp(t)
	// the core moved order 101 to its final status: the event alone updates the table
	be.mu.Lock()
	be.journal[0].State, be.journal[0].StatusID, be.journal[0].StatusText = journal.StateFinal, 3, "Исполнено"
	be.mu.Unlock()
	n := len(be.queries)
	a.event(workflow.Event{Stage: workflow.StageFinal, OrderID: 1000000101, Status: &workflow.StatusInfo{ID: 3, Title: "Исполнено", Final: true}, Time: fixedNow})
	if len(be.queries) == n {
		t.Fatal("a final status did not reload the table")
	}
	if o.rows[0].Class != "done" || o.rows[0].Status != "Исполнено" {
		t.Errorf("after the event: %+v", o.rows[0])
	}
	// upload progress does not hit the journal
	n = len(be.queries)
	a.event(workflow.Event{Stage: workflow.StageUpload, Done: 10, Total: 100})
	if len(be.queries) != n {
		t.Error("an upload progress event re-read the journal")
	}
}

func TestOrdersHistoryAndExport(t *testing.T) {
	_, _, o := ordersApp(t)
	o.table.Select(widget.TableCellID{Row: 0, Col: 0})
	o.detailTabs.SelectIndex(tabHistory)
	if h := objText(o.detailBox); !strings.Contains(h, "«передано в МВД»") || !strings.Contains(h, "Отправлено в ведомство") || !strings.Contains(h, "Зарегистрировано на портале") {
		t.Errorf("history: %q", h)
	}
	o.table.Select(widget.TableCellID{Row: 4, Col: 0})
	o.detailTabs.SelectIndex(tabHistory)
	if h := objText(o.detailBox); !strings.Contains(h, "не отправлено") {
		t.Errorf("draft history: %q", h)
	}
	o.class = "refused"
	o.reload()
	var buf bytes.Buffer
	if err := o.writeCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "10000103652;Петрова Анна;1000000103\r\n" {
		t.Errorf("export follows the filters: %q", got)
	}
}

// TestOrdersScreenshot renders the screen at 1366x768; with
// GOSDESK_ORDERS_PNG set it is written there to be looked at.
func TestOrdersScreenshot(t *testing.T) {
	a, _, o := ordersApp(t)
	a.win.Resize(fyne.NewSize(1366, 768))
	o.table.Select(widget.TableCellID{Row: 0, Col: 0})
	img := a.win.Canvas().Capture()
	if img.Bounds().Dx() < 1366 {
		t.Fatalf("capture %v", img.Bounds())
	}
	if p := os.Getenv("GOSDESK_ORDERS_PNG"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOrdersRealBackend reads a journalled application through the real
// Backend (Core.Journal): search by text and the journal's CSV.
func TestOrdersRealBackend(t *testing.T) {
	be := realBackend(t)
	j := be.(*coreBackend).core.Journal()
	if j == nil {
		t.Fatal("no journal")
	}
	app := &journal.Application{Service: "10000103652", Title: "Уведомление о прибытии", Applicant: "Иванов Иван Иванович",
		Documents: []journal.Document{{Name: "req.xml", Data: []byte("<a/>")}}}
	if err := j.SaveDraft(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	p, err := be.SearchOrders(journal.Query{Text: "иванов"})
	if err != nil || p.Total != 1 || p.Items[0].Applicant != "Иванов Иван Иванович" {
		t.Fatalf("search: %+v %v", p, err)
	}
	if r := summaryRow(p.Items[0]); r.Class != "draft" || r.Status != "Черновик" {
		t.Errorf("row %+v", r)
	}
	var buf bytes.Buffer
	if err := be.ExportOrders(&buf, journal.Query{Text: "иванов", Limit: -1}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "услуга") || !strings.Contains(out, "Иванов Иван Иванович") {
		t.Errorf("csv: %q", out)
	}
	h, err := be.OrderHistory("sandbox", 1)
	if err != nil || len(h) != 0 {
		t.Errorf("history of an unknown order: %v %v", h, err)
	}
}

// TestOrdersDetailsRealBackend sends a Госключ order to the in-process
// sandbox through the real Backend, lets the core follow it to its final
// status (the signed document downloaded and verified), then opens it in
// Заявления: the timeline, the verdict, «Проверить подпись ещё раз», the
// badge cleared by opening, a refused cancel in Russian.
func TestOrdersDetailsRealBackend(t *testing.T) {
	be := realBackend(t)
	svc, ok := xsd.Lookup("10000000374")
	if !ok {
		t.Fatal("no Госключ service")
	}
	req, err := svc.FillTemplate("req", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(t.TempDir(), "dogovor.pdf")
	if err := os.WriteFile(doc, append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 3000)...), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := be.Submit(ctx, "sandbox", nil, nil, workflow.Application{Service: svc.Code, Title: "Договор", Applicant: "Иванов Иван Иванович",
		Documents: []workflow.Document{{Name: "req.xml", Data: req}}, Attachments: []string{doc}})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	// the core follows the order by itself (Submit started it); its
	// clock is the sandbox's, so this wait is for the goroutine only
	deadline := time.Now().Add(time.Minute)
	for {
		p, err := be.SearchOrders(journal.Query{OrderID: res.OrderID})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) == 1 && p.Items[0].State == journal.StateFinal {
			if v, _ := be.OrderView(res.AppID); v != nil && len(v.Results) > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %d not final with a result: %+v", res.OrderID, p.Items)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n, err := be.UnseenResults(); n != 1 || err != nil {
		t.Fatalf("unseen %d %v", n, err)
	}
	if n, err := be.TrackPending(ctx, "sandbox", nil, nil); n != 0 || err != nil {
		t.Errorf("pending after the final status: %d %v", n, err)
	}

	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	trace := traceFile(t)
	fa := test.NewTempApp(t)
	a := syncApp(t, fa, be, Environment{Name: "sandbox", Sandbox: true, URL: "http://sandbox"}, time.Now)
	a.win.Resize(fyne.NewSize(1366, 768))
	a.shell.show(screenOrders)
	o := a.orders
	o.reload()
	if o.count() != 1 || !strings.Contains(a.shell.navLabel(screenOrders), "(1)") {
		t.Errorf("badge %d", o.count())
	}
	selectApp(t, o, res.AppID)
	if o.count() != 0 {
		t.Errorf("badge after opening: %d", o.count())
	}
	if n, _ := be.UnseenResults(); n != 0 {
		t.Errorf("seen is not in the journal: %d", n)
	}
	o.detailTabs.SelectIndex(tabHistory)
	if got := objText(o.detailBox); !strings.Contains(got, "Заявление № "+int64s(res.OrderID)) {
		t.Errorf("details: %q", got)
	}
	o.detailTabs.SelectIndex(tabAttachments)
	if got := objText(o.detailBox); !strings.Contains(got, "dogovor.pdf") || !strings.Contains(got, "✓ не изменён с отправки") {
		t.Errorf("attachments: %q", got)
	}
	o.detailTabs.SelectIndex(tabResults)
	got := objText(o.detailBox)
	if !strings.Contains(got, "✓ Подписи результата верны") || !strings.Contains(got, "✓ подпись верна") {
		t.Fatalf("result: %q", got)
	}
	test.Tap(button(t, o.detailBox, "Проверить подпись ещё раз"))
	if got := objText(o.detailBox); !strings.Contains(got, "✓ Подписи результата верны") {
		t.Errorf("verified again: %q", got)
	}
	if tr := trace(); !strings.Contains(tr, "result verdict "+int64s(res.OrderID)+" verified valid=") || strings.Contains(tr, "verified valid=0") {
		t.Errorf("trace: %q", tr)
	}
	// Госключ orders cannot be cancelled: no button, and the core says why
	if strings.Contains(objText(o.detailBox), "Отменить…") {
		t.Error("a cancel button for a service without cancelling")
	}
	err = be.CancelOrder(ctx, "sandbox", nil, nil, res.OrderID, "ошибка")
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "не предусматривает отмену") {
		t.Errorf("cancel: %v", err)
	}
}

// TestRealBatchOrdersFollowed: the orders a batch sent are followed to
// their final status by themselves (as a single order is), so their
// notifications and results come.
func TestRealBatchOrdersFollowed(t *testing.T) {
	be := realBackend(t)
	b := &batchScreen{a: &App{be: be}, service: "10000103652"}
	p := filepath.Join(t.TempDir(), "guests.csv")
	if err := os.WriteFile(p, []byte("Фамилия\nИВАНОВ\nПЕТРОВ\n"), 0o600); err != nil {
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
	if err != nil || rep.Sent != 2 {
		t.Fatalf("run: %v %+v", err, rep)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		p, err := be.SearchOrders(journal.Query{States: []journal.State{journal.StateFinal}})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the batch's orders are not followed: %d final", p.Total)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n, _ := be.UnseenResults(); n != 2 {
		t.Errorf("badge %d, want both results new", n)
	}
}

// TestOrdersResumeRealBackend: a send interrupted (the app closed while
// packing) is offered «Продолжить отправку» by the core and finished
// through the real Backend with its order number.
func TestOrdersResumeRealBackend(t *testing.T) {
	be := realBackend(t)
	svc, _ := xsd.Lookup("10000000374")
	req, err := svc.FillTemplate("req", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(doc, append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("y"), 2000)...), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stop := be.Subscribe(func(e workflow.Event) {
		if e.Stage == workflow.StageSign {
			cancel() // the window closes mid-send
		}
	})
	_, err = be.Submit(ctx, "sandbox", nil, nil, workflow.Application{Service: svc.Code, Documents: []workflow.Document{{Name: "req.xml", Data: req}}, Attachments: []string{doc}})
	stop()
	if err == nil {
		t.Fatal("the send was not interrupted")
	}
	p, err := be.SearchOrders(journal.Query{})
	if err != nil || p.Total != 1 {
		t.Fatalf("journal: %+v %v", p, err)
	}
	v, err := be.OrderView(p.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !v.CanResume || v.CanResend || v.CanCancel {
		t.Fatalf("interrupted in state %s: resume %v resend %v cancel %v", v.State, v.CanResume, v.CanResend, v.CanCancel)
	}
	if r := summaryRow(p.Items[0]); (r.Class != "action" && r.Class != "draft") || r.Status != "Отправка прервана — продолжите её" {
		t.Errorf("row %q class %q", r.Status, r.Class)
	}
	res, err := be.ResumeOrder(context.Background(), "sandbox", nil, nil, v.AppID)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if res.OrderID == 0 || !res.Resumed {
		t.Fatalf("resumed %+v", res)
	}
	// let the order's tracker finish before the sandbox closes
	deadline := time.Now().Add(time.Minute)
	for {
		v, _ = be.OrderView(v.AppID)
		if v != nil && v.State == journal.StateFinal {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not followed after resuming: %+v", v)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if v.OrderID != res.OrderID || v.CanResume {
		t.Errorf("after resuming: %+v", v)
	}
}
