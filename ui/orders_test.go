package ui

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
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
	a, be := newTestApp(t, i18n.RU)
	be.journal = fakeJournal()
	be.history = []journal.Status{
		{ID: 17, Title: "Зарегистрировано на портале", At: fixedNow.Add(-47 * time.Hour)},
		{ID: 2, Title: "Отправлено в ведомство", Comment: "передано в МВД", At: fixedNow.Add(-46 * time.Hour)},
	}
	a.shell.show(screenOrders)
	o := a.orders
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
	if l := cell.(*widget.Label); l.Text != "Исполнено" || l.Importance != widget.SuccessImportance {
		t.Errorf("status cell %q importance %v", l.Text, l.Importance)
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
	if h := o.history.Text; !strings.Contains(h, "Отправлено в ведомство («передано в МВД»)") || !strings.Contains(h, "Зарегистрировано на портале") {
		t.Errorf("history: %q", h)
	}
	o.table.Select(widget.TableCellID{Row: 4, Col: 0})
	if !strings.Contains(o.history.Text, "не отправлено") {
		t.Errorf("draft history: %q", o.history.Text)
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
