package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// opened records what the screen asked the OS to open.
var opened []string

// fakeViews are the details of fakeJournal's five applications.
func fakeViews(t *testing.T) map[int64]*workflow.OrderView {
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hist := []journal.Status{
		{ID: 17, Title: "Зарегистрировано на портале", At: fixedNow.Add(-47 * time.Hour)},
		{ID: 2, Title: "Отправлено в ведомство", Comment: "передано в МВД", At: fixedNow.Add(-46 * time.Hour)},
	}
	created := fixedNow.Add(-48 * time.Hour)
	res := filepath.Join(dir, "results", "1000000102")
	return map[int64]*workflow.OrderView{
		1: {AppID: 1, OrderID: 1000000101, Env: "sandbox", Service: "10000103652", Applicant: "Иванов Иван Иванович", State: journal.StateTracking,
			StatusID: 2, StatusText: "Отправлено в ведомство", Created: created, History: hist, CanCancel: true,
			Documents: []workflow.Document{{Name: "req.xml", Data: []byte(`<req><orderId>{orderId}</orderId></req>`)}},
			Attachments: []workflow.AttachmentView{
				{Name: "паспорт.pdf", Path: file("паспорт.pdf", "%PDF"), Size: 4},
				{Name: "старый.pdf", Path: file("старый.pdf", "%PDF2"), Size: 5, Changed: true},
				{Name: "пропал.pdf", Path: filepath.Join(dir, "пропал.pdf"), Size: 9, Missing: true},
				{Name: "договор.pdf.sig", Path: file("договор.pdf.sig", "sig"), Size: 3, Signed: true, Valid: true, Verdict: "подпись верна: Иванов Иван Иванович"},
			}},
		2: {AppID: 2, OrderID: 1000000102, Env: "sandbox", Service: "10000103652", Applicant: "Smith John", State: journal.StateFinal, StatusID: 3, StatusText: "Исполнено",
			Created: created, History: append(hist, journal.Status{ID: 3, Title: "Исполнено", Final: true, Comment: "уведомление принято", At: fixedNow.Add(-45 * time.Hour)}),
			Results: []journal.ResultFile{
				{Name: "doc.pdf.sig", Path: filepath.Join(res, "doc.pdf.sig"), Size: 1833, IsSig: true, Valid: true, Verdict: "подпись верна: ФГИС «Госключ»"},
				{Name: "doc.pdf", Path: filepath.Join(res, "doc.pdf"), Size: 3000},
			}},
		3: {AppID: 3, OrderID: 1000000103, Env: "sandbox", Service: "10000103652", Applicant: "Петрова Анна", State: journal.StateFinal, StatusID: 4, StatusText: "Отказ",
			Created: created, CanResend: true, History: []journal.Status{{ID: 4, Title: "Отказ", Final: true, Comment: "не указан адрес", At: fixedNow.Add(-44 * time.Hour)}}},
		4: {AppID: 4, Env: "sandbox", Service: "10000103652", Applicant: "Сидоров Олег", State: journal.StateFailed, Created: created, CanResend: true,
			Reason: i18n.Text{RU: "сеть недоступна", EN: "network unreachable"}},
		5: {AppID: 5, Service: "10000103652", Applicant: "Кузнецова Мария", Draft: true, State: journal.StateDraft, Created: created},
	}
}

// objText is every text under obj (tab titles too).
func objText(obj fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(obj) {
		switch w := o.(type) {
		case *container.AppTabs:
			for _, it := range w.Items {
				b.WriteString(it.Text + "\n")
			}
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		}
	}
	return b.String()
}

// button finds a visible button by its text under obj.
func button(t *testing.T, obj fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(obj) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q in %q", text, objText(obj))
	return nil
}

// traceFile points the e2e trace at a temporary file; read returns it.
func traceFile(t *testing.T) func() string {
	p := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, p)
	return func() string {
		b, _ := os.ReadFile(p)
		return string(b)
	}
}

func selectApp(t *testing.T, o *orders, appID int64) {
	t.Helper()
	for i, r := range o.rows {
		if r.AppID == appID {
			o.table.Select(widget.TableCellID{Row: i, Col: 0})
			if o.view == nil || o.view.AppID != appID {
				t.Fatalf("details of %d not shown: %q", appID, objText(o.detailBox))
			}
			return
		}
	}
	t.Fatalf("application %d is not in the table", appID)
}

func TestOrdersDetailsDocumentsAttachments(t *testing.T) {
	trace := traceFile(t)
	a, _, o := ordersApp(t)
	selectApp(t, o, 1)
	head := objText(o.detailBox)
	for _, want := range []string{"Заявление № 1000000101", "Иванов Иван Иванович", "Отменить…", "История", "Документы (1)", "Вложения (4)"} {
		if !strings.Contains(head, want) {
			t.Errorf("details lack %q: %q", want, head)
		}
	}
	if strings.Contains(head, "Продолжить отправку") || strings.Contains(head, "Отправить заново") {
		t.Errorf("an order in progress offers resume or resend: %q", head)
	}
	if !strings.Contains(trace(), "details 1 order=1000000101 state=tracking status=2 cancel=true") {
		t.Errorf("trace: %q", trace())
	}

	// the XML as it went: the reserved number in place of {orderId}
	o.detailTabs.SelectIndex(tabDocuments)
	test.Tap(button(t, o.detailBox, "Показать XML"))
	if got := texts(a.win.Canvas()); !strings.Contains(got, "req.xml") {
		t.Errorf("XML dialog: %q", got)
	}
	grid := findGrid(a.win.Canvas())
	if grid == nil || !strings.Contains(grid.Text(), "<orderId>1000000101</orderId>") {
		t.Fatalf("XML shown: %v", grid)
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	// attachments as they are now, each opened with the OS
	o.detailTabs.SelectIndex(tabAttachments)
	at := objText(o.detailBox)
	for _, want := range []string{"✓ не изменён с отправки", "⚠ файл изменён после отправки", "✗ файла нет на прежнем месте", "✓ подпись верна: Иванов Иван Иванович"} {
		if !strings.Contains(at, want) {
			t.Errorf("attachments lack %q: %q", want, at)
		}
	}
	test.Tap(button(t, o.detailBox, "Открыть"))
	if len(opened) != 1 || !strings.HasSuffix(opened[0], "паспорт.pdf") {
		t.Errorf("opened %v", opened)
	}
}

func findGrid(c fyne.Canvas) *widget.TextGrid {
	for _, ov := range c.Overlays().List() {
		for _, o := range test.LaidOutObjects(ov) {
			if g, ok := o.(*widget.TextGrid); ok {
				return g
			}
		}
	}
	return nil
}

func TestOrdersResultVerdictAndBadge(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	if o.count() != 2 || !strings.Contains(a.shell.navLabel(screenOrders), "Заявления (2)") {
		t.Fatalf("badge %d %q: two final orders not looked at", o.count(), a.shell.navLabel(screenOrders))
	}
	selectApp(t, o, 2)
	if o.count() != 1 || len(be.orders.seen) != 1 || be.orders.seen[0] != 2 {
		t.Errorf("opening the details: badge %d, seen %v", o.count(), be.orders.seen)
	}
	o.detailTabs.SelectIndex(tabResults)
	res := objText(o.detailBox)
	// the document and its signature are one line: the document opens, the verdict is the signature's
	for _, want := range []string{"Результат (1)", "✓ Подписи результата верны (1).", "doc.pdf\n", "подпись doc.pdf.sig", "✓ подпись верна: ФГИС «Госключ»", "Открыть папку", "Проверить подпись ещё раз"} {
		if !strings.Contains(res, want) {
			t.Errorf("results lack %q: %q", want, res)
		}
	}
	test.Tap(button(t, o.detailBox, "Открыть папку"))
	if len(opened) != 1 || !strings.HasSuffix(opened[0], "results/1000000102") {
		t.Errorf("folder opened: %v", opened)
	}
	test.Tap(button(t, o.detailBox, "Открыть"))
	if len(opened) != 2 || !strings.HasSuffix(opened[1], "/doc.pdf") {
		t.Errorf("«Открыть» of the signed document: %v", opened)
	}
	// verified again: the file was spoiled on disk since
	be.orders.verified = []journal.ResultFile{
		{Name: "doc.pdf.sig", Path: "/r/doc.pdf.sig", IsSig: true, Verdict: "подпись не соответствует файлу"},
		{Name: "doc.pdf", Path: "/r/doc.pdf"},
	}
	test.Tap(button(t, o.detailBox, "Проверить подпись ещё раз"))
	if o.detailTabs.SelectedIndex() != tabResults {
		t.Errorf("the results tab is not kept after verifying")
	}
	res = objText(o.detailBox)
	if !strings.Contains(res, "✗ Подпись результата не прошла проверку (1 из 1)") || !strings.Contains(res, "✗ подпись не соответствует файлу") {
		t.Errorf("after verifying again: %q", res)
	}
	tr := trace()
	for _, want := range []string{"badge 1", "details 2 order=1000000102 state=final status=3 cancel=false", "result verdict 1000000102 shown valid=1 invalid=0 files=2", "result verdict 1000000102 verified valid=0 invalid=1 files=2"} {
		if !strings.Contains(tr, want) {
			t.Errorf("trace lacks %q: %q", want, tr)
		}
	}
	// a result not looked at shows in the table; after opening it does not
	cell := o.table.CreateCell()
	for i, r := range o.rows {
		o.table.UpdateCell(widget.TableCellID{Row: i, Col: 4}, cell)
		l := cell.(*widget.Label)
		if r.AppID == 2 && strings.HasPrefix(l.Text, "●") {
			t.Errorf("opened order still marked new: %q", l.Text)
		}
		if r.AppID == 3 && !strings.HasPrefix(l.Text, "●") {
			t.Errorf("unopened result not marked: %q", l.Text)
		}
	}
}

func TestOrdersCancelWithReason(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	selectApp(t, o, 1)
	test.Tap(button(t, o.detailBox, "Отменить…"))
	got := texts(a.win.Canvas())
	if !strings.Contains(got, "будет отменено в ведомстве") || !strings.Contains(got, "Не отменять") {
		t.Fatalf("cancel dialog: %q", got)
	}
	// Enter does not cancel an order (destructive, never the default)
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(be.orders.cancelled) != 0 {
		t.Fatal("Enter cancelled the order")
	}
	test.Tap(o.cancelOK)
	if len(be.orders.cancelled) != 0 || !strings.Contains(texts(a.win.Canvas()), "Укажите причину отмены") {
		t.Fatalf("an empty reason: %v %q", be.orders.cancelled, texts(a.win.Canvas()))
	}
	test.Type(o.cancelReason, "Подано ошибочно")
	test.Tap(o.cancelOK)
	if len(be.orders.cancelled) != 1 || be.orders.cancelled[0] != "1000000101:Подано ошибочно" {
		t.Fatalf("cancelled %v", be.orders.cancelled)
	}
	if !strings.Contains(texts(a.win.Canvas()), "Ведомство получило отмену заявления № 1000000101") || !strings.Contains(trace(), "cancel done 1000000101") {
		t.Errorf("after cancelling: %q / %q", texts(a.win.Canvas()), trace())
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	// the service refuses: its words, and what to do
	be.orders.cancelErr = &workflow.RemoteError{Err: i18n.Wrap(errors.New("409 cancel_not_allowed"), "заявление 1000000101 в статусе 3 «Исполнено» отменить нельзя", "order 1000000101 cannot be cancelled in status 3")}
	test.Tap(button(t, o.detailBox, "Отменить…"))
	test.Type(o.cancelReason, "ещё раз")
	test.Tap(o.cancelOK)
	got = texts(a.win.Canvas())
	if !strings.Contains(got, "Заявление 1000000101 в статусе 3 «Исполнено» отменить нельзя") || !strings.Contains(got, "Проверьте подключение") {
		t.Errorf("refusal shown: %q", got)
	}
}

func TestOrdersResumeAndResendAsNew(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	v := be.orders.views[4]
	v.State, v.CanResend, v.CanResume, v.OrderID = journal.StateUploading, false, true, 1000000199
	selectApp(t, o, 4)
	if got := objText(o.detailBox); !strings.Contains(got, "с тем же номером заявления") {
		t.Errorf("resume explained: %q", got)
	}
	test.Tap(button(t, o.detailBox, "Продолжить отправку"))
	if len(be.orders.resumed) != 1 || be.orders.resumed[0] != 4 {
		t.Fatalf("resumed %v", be.orders.resumed)
	}
	if !strings.Contains(texts(a.win.Canvas()), "Отправка завершена: заявление № 1000000199") || !strings.Contains(trace(), "resume done 4 order=1000000199") {
		t.Errorf("after resuming: %q", texts(a.win.Canvas()))
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	be.orders.resumeErr = i18n.New("ключ не найден", "key not found")
	test.Tap(button(t, o.detailBox, "Продолжить отправку"))
	if got := texts(a.win.Canvas()); !strings.Contains(got, "Ключ не найден.") || !strings.Contains(got, "Повторите действие") {
		t.Errorf("resume error: %q", got)
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	// a refused order opens in Новое заявление as a new draft
	be.drafts = []workflow.Draft{{Service: "10000103652", Title: "Уведомление о прибытии",
		Documents: []workflow.Document{{Name: "req.xml", Data: []byte("<req>исправленное</req>")}}}}
	selectApp(t, o, 3)
	if got := objText(o.detailBox); !strings.Contains(got, "«не указан адрес»") {
		t.Errorf("refusal comment: %q", got)
	}
	test.Tap(button(t, o.detailBox, "Отправить заново как новое"))
	n := a.newApp
	if a.shell.current != screenNewApp || n.service != "10000103652" || n.docs["req.xml"] != "<req>исправленное</req>" || n.draftID != 7 {
		t.Fatalf("new application: screen %d service %q docs %v draft %d", a.shell.current, n.service, n.docs, n.draftID)
	}
	if n.editor.Text() != "<req>исправленное</req>" && n.current == "req.xml" {
		t.Errorf("editor shows %q", n.editor.Text())
	}
	if !strings.Contains(trace(), "resend 3 as new") {
		t.Errorf("trace %q", trace())
	}
}

func TestOrdersNotificationOnFinal(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	clock := &fakeTime{now: fixedNow} // orders_notify_test.go
	a.now, o.after = clock.Now, clock.after
	be.mu.Lock()
	be.journal[0].State, be.journal[0].StatusID, be.journal[0].StatusText = journal.StateFinal, 3, "Исполнено"
	be.mu.Unlock()
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Заявление № 1000000101: Исполнено",
		Content: orderServiceName("10000103652") + ". Результат — в разделе «Заявления»."}, func() {
		a.event(workflow.Event{Stage: workflow.StageStatus, OrderID: 1000000101, Service: "10000103652", Status: &workflow.StatusInfo{ID: 3, Title: "Исполнено", Final: true}})
		a.event(workflow.Event{Stage: workflow.StageFinal, OrderID: 1000000101, Service: "10000103652", Status: &workflow.StatusInfo{ID: 3, Title: "Исполнено", Final: true}})
		clock.advance(notifyWindow) // told once no other final status came meanwhile
	})
	if o.count() != 3 || !strings.Contains(trace(), "notify 1000000101 3") || !strings.Contains(trace(), "badge 3") {
		t.Errorf("badge %d trace %q", o.count(), trace())
	}
	// a status that is not final sends nothing
	test.AssertNotificationSent(t, nil, func() {
		a.event(workflow.Event{Stage: workflow.StageStatus, OrderID: 1000000101, Status: &workflow.StatusInfo{ID: 2, Title: "Отправлено в ведомство"}})
		clock.advance(notifyWindow)
	})
	// an archive refused in processing: the words of its state
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Заявление № 1000000103: архив не принят: ошибки проверки XML",
		Content: orderServiceName("10000103652") + ". Подробности — в разделе «Заявления»."}, func() {
		a.event(workflow.Event{Stage: workflow.StageFinal, OrderID: 1000000103, Service: "10000103652", Status: &workflow.StatusInfo{State: "VALIDATION_ERROR", Final: true}})
		clock.advance(notifyWindow)
	})
}

func TestOrdersTrackingAtStart(t *testing.T) {
	trace := traceFile(t)
	_, be, o := ordersApp(t)
	be.orders.pending = 3
	be.orders.trackErr = errors.New("a PIN is needed")
	o.startTracking(false)
	if !o.trackInfo.Visible() || !strings.Contains(o.trackInfo.Text, "Статусы 3 заявлений сейчас не обновляются: ПИН-код ключа не сохранён") || !o.trackBtn.Visible() {
		t.Fatalf("no PIN kept: %q", o.trackInfo.Text)
	}
	if be.orders.trackEnv != "sandbox" || !strings.Contains(trace(), "tracking not resumed 3") {
		t.Errorf("env %q trace %q", be.orders.trackEnv, trace())
	}
	be.orders.trackErr = nil // the PIN was given in the dialog
	test.Tap(o.trackBtn)
	if o.trackInfo.Visible() || !strings.Contains(trace(), "tracking resumed 3") {
		t.Errorf("after «Обновить статусы»: %q %q", o.trackInfo.Text, trace())
	}
	o.startTracking(false)
	if strings.Count(trace(), "tracking resumed") != 1 {
		t.Error("tracking started twice")
	}
}

func TestOrdersDetailsEnglishAndErrors(t *testing.T) {
	a, be, o := ordersAppIn(t, i18n.EN)
	selectApp(t, o, 1)
	got := objText(o.detailBox)
	for _, want := range []string{"Application No. 1000000101", "Cancel…", "History", "Documents (1)", "Attachments (4)", "Result"} {
		if !strings.Contains(got, want) {
			t.Errorf("English details lack %q: %q", want, got)
		}
	}
	o.detailTabs.SelectIndex(tabAttachments)
	if got := objText(o.detailBox); !strings.Contains(got, "✓ unchanged since it was sent") {
		t.Errorf("English attachments: %q", got)
	}
	selectApp(t, o, 4)
	if got := objText(o.detailBox); !strings.Contains(got, "Not sent: network unreachable") || !strings.Contains(got, "Send again as new") {
		t.Errorf("English failure: %q", got)
	}
	_ = a

	// the journal cannot be read: a Russian sentence and what to do
	i18n.Set(i18n.RU)
	be.orders.viewErr = errors.New("database is locked")
	o.showDetails(0)
	if got := objText(o.detailBox); !strings.Contains(got, "Подробности заявления не прочитаны из журнала.") || !strings.Contains(got, "Выберите заявление ещё раз") {
		t.Errorf("error shown: %q", got)
	}
}

// TestOrdersTableReadsPages: a long journal is read a page at a time, the
// pages the table shows; a class filter is exact in the query, so pages
// stay whole.
func TestOrdersTableReadsPages(t *testing.T) {
	_, be, o := ordersApp(t)
	be.mu.Lock()
	be.journal = nil
	for i := range 250 {
		be.journal = append(be.journal, journal.Summary{ID: int64(i + 1), Service: "10000103652", Applicant: "Гость " + itoa(i), Env: "sandbox",
			State: journal.StateTracking, OrderID: int64(2_000_000 + i), StatusID: 17, StatusText: "Зарегистрировано на портале", Created: fixedNow, Updated: fixedNow})
	}
	be.mu.Unlock()
	n := len(be.queries)
	o.reload()
	if len(o.rows) != 250 || len(be.queries) != n+1 || be.queries[n].Limit != orderPage {
		t.Fatalf("rows %d, queries %+v", len(o.rows), be.queries[n:])
	}
	if o.rows[180].OrderID != 0 {
		t.Error("a page not shown yet is already read")
	}
	if r := o.row(180); r.Applicant != "Гость 180" || len(be.queries) != n+2 || be.queries[n+1].Offset != 100 {
		t.Errorf("row 180 %+v, queries %+v", r, be.queries[n+1:])
	}
	o.row(150)
	if len(be.queries) != n+2 {
		t.Error("a page read twice")
	}
	if !strings.Contains(o.info.Text, "Заявлений: 250") {
		t.Errorf("info %q", o.info.Text)
	}
	// the error class: failed, or final but neither 3 nor 4
	be.mu.Lock()
	be.journal = fakeJournal()
	be.journal[1].StatusID = 24
	be.mu.Unlock()
	o.class = "error"
	o.reload()
	if len(o.rows) != 2 || o.rows[0].AppID != 2 || o.rows[1].AppID != 4 {
		t.Errorf("error class: %+v", o.rows)
	}
}

// A result counts as looked at only when Заявления is in front; the
// keys of the «Заявления» menu reach rows, tabs, the result and cancel.
func TestOrdersSeenOnScreenAndKeys(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	a.shell.show(screenENS)
	o.showDetails(1) // order 2 (final, new) selected while ЕНС is in front
	if o.count() != 2 || len(be.orders.seen) != 0 {
		t.Fatalf("marked seen behind the user's back: badge %d seen %v", o.count(), be.orders.seen)
	}
	a.shell.show(screenOrders)
	if o.count() != 1 || len(be.orders.seen) != 1 {
		t.Errorf("back on Заявления: badge %d seen %v", o.count(), be.orders.seen)
	}
	menu := func(label string) *fyne.MenuItem {
		for _, m := range a.win.MainMenu().Items {
			for _, it := range m.Items {
				if it.Label == label {
					return it
				}
			}
		}
		t.Fatalf("no menu item %q", label)
		return nil
	}
	a.shell.show(screenENS)
	menu("Предыдущее заявление").Action()
	if a.shell.current != screenOrders || o.view == nil || o.view.AppID != 1 {
		t.Fatalf("Ctrl+Shift+Up: screen %d view %+v", a.shell.current, o.view)
	}
	menu("Следующее заявление").Action()
	menu("Результат").Action()
	if o.view.AppID != 2 || o.detailTabs.SelectedIndex() != tabResults {
		t.Errorf("next + result tab: %d %d", o.view.AppID, o.detailTabs.SelectedIndex())
	}
	menu("Открыть первый файл результата").Action()
	if len(opened) != 1 || !strings.HasSuffix(opened[0], "/doc.pdf") {
		t.Errorf("Ctrl+Shift+R opens the document, not its .sig: %v", opened)
	}
	menu("Отменить заявление…").Action()
	if !strings.Contains(trace(), "cancel unavailable") {
		t.Error("cancel of a final order")
	}
	menu("Предыдущее заявление").Action()
	menu("Отменить заявление…").Action()
	if o.cancelDialog == nil || !strings.Contains(texts(a.win.Canvas()), "будет отменено в ведомстве") {
		t.Fatal("Ctrl+Shift+X did not open the cancel dialog")
	}
	// the order went final while the dialog was open: pressing says so
	o.view.CanCancel, o.view.StatusText = false, "Исполнено"
	test.Type(o.cancelReason, "поздно")
	test.Tap(o.cancelOK)
	if len(be.orders.cancelled) != 0 || !strings.Contains(texts(a.win.Canvas()), "уже в статусе «Исполнено»: отменить его нельзя") {
		t.Errorf("a late cancel: %v %q", be.orders.cancelled, trace())
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	menu("Найти заявление").Action()
	if a.win.Canvas().Focused() != o.search {
		t.Error("Ctrl+Shift+J does not focus the search")
	}
}

// A new order is shown even when a search was left in the field.
func TestOrdersNewOrderClearsFilters(t *testing.T) {
	_, _, o := ordersApp(t)
	o.search.SetText("петрова")
	if len(o.rows) != 1 {
		t.Fatalf("filtered rows %d", len(o.rows))
	}
	o.add(workflow.Application{Service: "10000103652"}, &workflow.SubmitResult{OrderID: 4243}, fixedNow)
	if o.search.Text != "" || o.text != "" || len(o.rows) != 6 || o.rows[0].OrderID != 4243 {
		t.Errorf("after a send: search %q rows %d first %+v", o.search.Text, len(o.rows), o.rows[0])
	}
}

func TestResultRows(t *testing.T) {
	files := []journal.ResultFile{
		{Name: "result.zip", Path: "/r/result.zip"},
		{Name: "a.sig", Path: "/r/result.files/a.sig", Parent: "/r/result.zip", IsSig: true, Valid: true, Verdict: "подпись верна"},
		{Name: "a", Path: "/r/result.files/a", Parent: "/r/result.zip", IsSig: true, Valid: true},
		{Name: "orphan.pdf.sig", Path: "/r/orphan.pdf.sig", IsSig: true, Verdict: "подписанного файла нет"},
		{Name: "response.xml", Path: "/r/response.xml"},
	}
	rows := resultRows(files)
	var got []string
	for _, r := range rows {
		s := r.file.Name
		if r.sig != nil {
			s += "+" + r.sig.Name
		}
		got = append(got, s)
	}
	if strings.Join(got, " ") != "a+a.sig response.xml orphan.pdf.sig+orphan.pdf.sig" {
		t.Errorf("rows %v", got)
	}
}

// Tab walks from the reason to «Не отменять» and «Отменить заявление»
// (a one-line reason does not keep Tab).
func TestOrdersCancelDialogTab(t *testing.T) {
	a, _, o := ordersApp(t)
	selectApp(t, o, 1)
	test.Tap(button(t, o.detailBox, "Отменить…"))
	c := a.win.Canvas()
	if c.Focused() != o.cancelReason {
		t.Fatalf("focus %T", c.Focused())
	}
	c.FocusNext()
	c.FocusNext()
	if c.Focused() != o.cancelOK {
		t.Errorf("two Tabs reach %T, not «Отменить заявление»", c.Focused())
	}
}

// A status of the selected order updates its details in place: the clerk
// reading the history (or any tab) stays where they were, on the same tab.
func TestOrdersDetailsKeepPlaceOnStatus(t *testing.T) {
	trace := traceFile(t)
	a, be, o := ordersApp(t)
	v := be.orders.views[1]
	for i := range 30 {
		v.History = append(v.History, journal.Status{ID: 2, Title: "Промежуточный статус " + itoa(i), Comment: "комментарий ведомства", At: fixedNow.Add(time.Duration(i-40) * time.Hour)})
	}
	selectApp(t, o, 1)
	scroll := func(tab int) *container.Scroll {
		t.Helper()
		sc, ok := o.detailTabs.Items[tab].Content.(*container.Scroll)
		if !ok {
			t.Fatalf("tab %d is a %T", tab, o.detailTabs.Items[tab].Content)
		}
		return sc
	}
	o.detailTabs.SelectIndex(tabHistory)
	sc := scroll(tabHistory)
	if sc.Size().Height <= 0 || sc.Content.MinSize().Height <= sc.Size().Height {
		t.Fatalf("the history does not scroll: %v in %v", sc.Content.MinSize(), sc.Size())
	}
	sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -400}})
	at := sc.Offset
	if at.Y <= 0 {
		t.Fatalf("not scrolled: %v", at)
	}

	// a new status of this order arrives
	v.History = append(v.History, journal.Status{ID: 6, Title: "Требуется явка в ведомство", At: fixedNow})
	a.event(workflow.Event{Stage: workflow.StageStatus, AppID: 1, OrderID: 1000000101, Status: &workflow.StatusInfo{ID: 6, Title: "Требуется явка в ведомство"}})
	if o.detailTabs.SelectedIndex() != tabHistory {
		t.Errorf("tab %d after a status, want the history", o.detailTabs.SelectedIndex())
	}
	if got := scroll(tabHistory).Offset; got != at {
		t.Errorf("the history scrolled to %v on a status, was at %v", got, at)
	}
	if got := objText(o.detailBox); !strings.Contains(got, "Требуется явка в ведомство") {
		t.Errorf("the new status is not in the history: %q", got)
	}
	if dir := os.Getenv(ScreensVar); dir != "" {
		writePNG(t, filepath.Join(dir, "ru-51-orders-status-kept-place.png"), a)
	}
	if !strings.Contains(trace(), "details 1 updated in place tab=0") {
		t.Errorf("trace %q", trace())
	}

	// the attachments tab likewise; another order's status leaves it too
	o.detailTabs.SelectIndex(tabAttachments)
	sc = scroll(tabAttachments)
	sc.Resize(fyne.NewSize(sc.Size().Width, 60)) // a short pane: the four attachments scroll
	sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -100}})
	at = sc.Offset
	if at.Y <= 0 {
		t.Fatalf("attachments not scrolled: %v", at)
	}
	a.event(workflow.Event{Stage: workflow.StageStatus, OrderID: 1000000102, Status: &workflow.StatusInfo{ID: 2, Title: "Отправлено в ведомство"}})
	if o.detailTabs.SelectedIndex() != tabAttachments || scroll(tabAttachments).Offset != at {
		t.Errorf("after another order's status: tab %d offset %v, want %d %v", o.detailTabs.SelectedIndex(), scroll(tabAttachments).Offset, tabAttachments, at)
	}

	// another application selected: its own details, from the top
	selectApp(t, o, 2)
	if got := scroll(tabAttachments).Offset; got.Y != 0 {
		t.Errorf("another application's details start at %v", got)
	}
}
