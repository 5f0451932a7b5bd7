package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/encoding/charmap"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

const guestsCSV = "Фамилия;Имя;guestBirthDate;Комментарий\nIvanov;Ivan;12.05.1979;x\nMüller;Hans;BAD;y\nСбой;Anna;01.01.1990;z\n"

func writeGuests(t *testing.T, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "guests.csv")
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func openBatch(t *testing.T, lang i18n.Lang) (*App, *fakeBackend, *batchScreen) {
	t.Helper()
	syncUI(t)
	a, be := newTestApp(t, lang)
	a.useCertificate(a.certs.entries[0], false)
	a.shell.show(screenBatch)
	return a, be, a.batch
}

// mapCol picks the field for a column as a person does in its Select.
func mapCol(t *testing.T, b *batchScreen, col, field string) {
	t.Helper()
	for _, o := range b.mapBox.Objects {
		row := o.(*fyne.Container)
		if row.Objects[0].(*widget.Label).Text != col {
			continue
		}
		s := row.Objects[1].(*widget.Select)
		for _, opt := range s.Options {
			if opt == field || strings.HasSuffix(opt, " — "+field) {
				s.SetSelected(opt)
				return
			}
		}
		t.Fatalf("no field %q for %q", field, col)
	}
	t.Fatalf("no column %q", col)
}

func TestBatchImportMapCheckSend(t *testing.T) {
	a, be, b := openBatch(t, i18n.RU)
	if !strings.Contains(b.summary.Text, "Выберите услугу и файл CSV") {
		t.Errorf("empty state: %q", b.summary.Text)
	}
	if b.service != "10000103652" || len(b.svcSelect.Options) < 2 {
		t.Fatalf("hotel services: %q %v", b.service, b.svcSelect.Options)
	}
	b.importPath(writeGuests(t, []byte(guestsCSV)))
	if len(b.mapBox.Objects) != 4 {
		t.Fatalf("mapping rows %d", len(b.mapBox.Objects))
	}
	// guestBirthDate is mapped by its name; the Russian headers by hand
	if b.mapping["guestBirthDate"] != "guestBirthDate" {
		t.Errorf("auto mapping %v", b.mapping)
	}
	mapCol(t, b, "Фамилия", "guestLastName")
	mapCol(t, b, "Имя", "guestFirstName")
	tapButton(t, a.win.Canvas(), "Проверить все строки")
	if got := strings.Join(be.gui2.prepared[len(be.gui2.prepared)-1], ","); got != "guestLastName,guestFirstName,guestBirthDate," {
		t.Fatalf("mapped header %q", got)
	}
	// the broken row is named with its row and column; sending is off
	txt, imp := b.verdict(3)
	if !strings.Contains(txt, "столбец «guestBirthDate»") || !strings.Contains(txt, "неверная дата") || imp != widget.DangerImportance {
		t.Errorf("row 3 verdict %q", txt)
	}
	if !b.sendBtn.Disabled() || !strings.Contains(b.summary.Text, "Найдено ошибок: 1") {
		t.Errorf("a batch with problems can be sent: %q", b.summary.Text)
	}
	if !strings.Contains(texts(a.win.Canvas()), "Строка 3") {
		t.Error("preview lacks row 3")
	}
	b.preview.Select(1)
	if !strings.Contains(b.detail.Text, "Строка 3: ✗ столбец «guestBirthDate»: «BAD» — неверная дата") {
		t.Errorf("selected row detail %q", b.detail.Text)
	}
	// the mapping is remembered for this header
	b2 := newBatchScreen(a)
	b2.header = b.header
	b2.autoMap()
	if b2.mapping["Фамилия"] != "guestLastName" {
		t.Errorf("mapping not remembered: %v", b2.mapping)
	}
	// the generated application of a row can be read
	b.preview.Select(0)
	tapButton(t, a.win.Canvas(), "Показать заявление")
	if !strings.Contains(texts(a.win.Canvas()), "Заявление из строки 2") {
		t.Error("no application view")
	}
	tapButton(t, a.win.Canvas(), "Закрыть")
	// fix the broken row in place, as a person does in its dialog
	b.preview.Select(1)
	tapButton(t, a.win.Canvas(), "Исправить строку")
	if !strings.Contains(texts(a.win.Canvas()), "Исправить строку 3") {
		t.Fatal("no fix dialog")
	}
	tapButton(t, a.win.Canvas(), "Отмена")
	b.applyFix(3, map[string]string{"guestBirthDate": "01.02.1985"})
	if b.sendBtn.Disabled() || !strings.Contains(b.summary.Text, "Все строки в порядке: заявлений 3") {
		t.Fatalf("clean batch: %q", b.summary.Text)
	}
	tapButton(t, a.win.Canvas(), "Подписать и отправить все")
	if !strings.Contains(texts(a.win.Canvas()), "Подписать и отправить заявлений: 3?") {
		t.Fatal("no confirmation")
	}
	tapButton(t, a.win.Canvas(), "Подписать и отправить")
	if be.gui2.runs != 1 || b.report == nil || b.report.Sent != 2 || b.report.Failed != 1 {
		t.Fatalf("runs %d report %+v", be.gui2.runs, b.report)
	}
	if !strings.Contains(b.summary.Text, "отправлено 2, с ошибкой 1") {
		t.Errorf("summary %q", b.summary.Text)
	}
	if txt, _ := b.verdict(4); !strings.Contains(txt, "VALIDATION_ERROR") {
		t.Errorf("failed row says %q", txt)
	}
	if txt, _ := b.verdict(2); txt != "✓ отправлено, № 5002" {
		t.Errorf("sent row says %q", txt)
	}
	if a.fa.Preferences().String(prefBatchPending) != "" {
		t.Error("a finished batch is still pending")
	}
	var buf bytes.Buffer
	if err := b.writeReport(&buf); err != nil {
		t.Fatal(err)
	}
	if b.reportBtn.Disabled() {
		t.Error("report button off")
	}
	if raw, _ := os.ReadFile(b.csvPath); !strings.Contains(string(raw), "BAD") {
		t.Error("a fix in place rewrote the guest's file")
	}
}

func TestBatchWindows1251AndCountdown(t *testing.T) {
	_, _, b := openBatch(t, i18n.RU)
	enc, err := charmap.Windows1251.NewEncoder().String("Фамилия;Имя\nПетров;Пётр\n")
	if err != nil {
		t.Fatal(err)
	}
	b.importPath(writeGuests(t, []byte(enc)))
	if strings.Join(b.header, ",") != "Фамилия,Имя" {
		t.Fatalf("1251 header %q", b.header)
	}
	b.running = true
	b.waitTill = b.a.now().Add(9*60e9 + 59e9)
	b.tickWait()
	if !strings.Contains(b.waitLabel.Text, "продолжим через 9:59") {
		t.Errorf("countdown %q", b.waitLabel.Text)
	}
	b.running = false
}

func TestBatchContinuesAfterRestart(t *testing.T) {
	a, be, b := openBatch(t, i18n.RU)
	p := writeGuests(t, []byte(strings.Replace(guestsCSV, "BAD", "01.02.1985", 1)))
	b.importPath(p)
	mapCol(t, b, "Фамилия", "guestLastName")
	b.prepare()
	be.gui2.stopAt = 3 // the app dies before row 3
	b.send(b.batch)
	if a.fa.Preferences().String(prefBatchPending) == "" {
		t.Fatal("an unfinished batch is not remembered")
	}
	// next start: the same preferences, a new window
	a2 := syncApp(t, a.fa, be, a.env, a.now)
	a2.useCertificate(a2.certs.entries[0], false)
	a2.shell.show(screenBatch)
	if !a2.batch.resumeBox.Visible() || !strings.Contains(texts(a2.win.Canvas()), "не был закончен") {
		t.Fatalf("no «Продолжить пакет»:\n%s", texts(a2.win.Canvas()))
	}
	tapButton(t, a2.win.Canvas(), "Продолжить пакет")
	if be.gui2.runs != 2 || a2.batch.report == nil || a2.batch.report.Sent+a2.batch.report.Failed != 3 {
		t.Fatalf("resume: runs %d report %+v", be.gui2.runs, a2.batch.report)
	}
	if a2.fa.Preferences().String(prefBatchPending) != "" || a2.batch.resumeBox.Visible() {
		t.Error("still pending after the resumed batch ended")
	}
}

func TestBatchEnglish(t *testing.T) {
	a, _, b := openBatch(t, i18n.EN)
	b.importPath(writeGuests(t, []byte(guestsCSV)))
	txt := texts(a.win.Canvas())
	for _, want := range []string{"Batch (hotels)", "Check every row", "File columns → template fields", "Sign and send all"} {
		if !strings.Contains(txt, want) {
			t.Errorf("English view lacks %q", want)
		}
	}
}

// TestBatchScreens renders the Пакет screen to $GOSDESK_SCREENS.
func TestBatchScreens(t *testing.T) {
	dir := os.Getenv(ScreensVar)
	for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
		for _, st := range []string{"30-batch-empty", "31-batch-problems", "32-batch-report"} {
			a, _, b := openBatch(t, lang)
			if st != "30-batch-empty" {
				b.importPath(writeGuests(t, []byte(guestsCSV)))
				mapCol(t, b, "Фамилия", "guestLastName")
				mapCol(t, b, "Имя", "guestFirstName")
				b.prepare()
				b.preview.Select(1)
			}
			if st == "32-batch-report" {
				_ = os.WriteFile(b.csvPath, []byte(strings.Replace(guestsCSV, "BAD", "01.02.1985", 1)), 0o600)
				b.prepare()
				b.send(b.batch)
			}
			relayout(a)
			if dir != "" {
				writePNG(t, filepath.Join(dir, string(lang)+"-"+st+".png"), a)
			}
		}
	}
}

// menuItem finds a main-menu item by its label.
func menuItem(t *testing.T, a *App, label string) *fyne.MenuItem {
	t.Helper()
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

// TestMainMenuShortcutsUnique: every key of the main menu does one thing.
func TestMainMenuShortcutsUnique(t *testing.T) {
	a, _, _ := openBatch(t, i18n.RU)
	seen := map[string]string{}
	for _, m := range a.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut == nil {
				continue
			}
			k := it.Shortcut.ShortcutName()
			if prev, dup := seen[k]; dup {
				t.Errorf("%s is both %q and %q", k, prev, it.Label)
			}
			seen[k] = it.Label
		}
	}
}

// TestBatchByKeyboardAndWords: the «Действия» menu reaches the batch's
// actions (next broken row, fix with Enter in a field, send), the problem
// names the file's column, the hint after a fix is not red, a refused row
// keeps its guest's name, the estimate reads as Russian, and the e2e
// trace lines come out.
func TestBatchByKeyboardAndWords(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, tr)
	a, be, b := openBatch(t, i18n.RU)
	b.importPath(writeGuests(t, []byte("Фамилия;Имя;Дата рождения\nIvanov;Ivan;12.05.1979\nMüller;Hans;BAD\nПетрова;Анна;01.01.1990\n")))
	mapCol(t, b, "Фамилия", "guestLastName")
	mapCol(t, b, "Имя", "guestFirstName")
	mapCol(t, b, "Дата рождения", "guestBirthDate")
	for _, o := range b.mapBox.Objects {
		s := o.(*fyne.Container).Objects[1].(*widget.Select)
		if s.Selected != "— не использовать —" && strings.HasPrefix(s.Selected, "guest") {
			t.Errorf("the field's words do not come first: %q", s.Selected)
		}
	}
	menuItem(t, a, "Пакет: проверить все строки").Action()
	if len(be.gui2.prepared) == 0 {
		t.Fatal("the menu did not check the rows")
	}
	if txt, _ := b.verdict(3); !strings.Contains(txt, "столбец «Дата рождения» (guestBirthDate): «BAD»") {
		t.Errorf("the problem does not name the file's column: %q", txt)
	}
	// a row refused whole (no application) still shows its guest
	var kept []workflow.BatchRow
	for _, r := range b.batch.Rows {
		if r.Row != 3 {
			kept = append(kept, r)
		}
	}
	b.batch.Rows = kept
	if n := b.rowName(3); n != "Müller Hans" {
		t.Errorf("refused row's name %q", n)
	}
	menuItem(t, a, "Пакет: следующая строка с ошибкой").Action()
	if b.selected != 3 || b.detail.Importance != widget.DangerImportance {
		t.Fatalf("next problem selects row %d", b.selected)
	}
	menuItem(t, a, "Пакет: исправить строку…").Action()
	if b.fixDialog == nil || !strings.Contains(texts(a.win.Canvas()), "Исправить строку 3") {
		t.Fatal("no fix dialog from the menu")
	}
	// the problem's field has the focus; type the date, press Enter
	ent, ok := a.win.Canvas().Focused().(*widget.Entry)
	if !ok || ent.Text != "BAD" {
		t.Fatalf("focus on %T %v", a.win.Canvas().Focused(), a.win.Canvas().Focused())
	}
	ent.SetText("01.02.1985")
	ent.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(b.batch.Problems) != 0 || b.fixes[3]["Дата рождения"] != "01.02.1985" {
		t.Fatalf("Enter did not save the fix: %+v %v", b.batch.Problems, b.fixes)
	}
	if b.detail.Importance == widget.DangerImportance {
		t.Error("the hint after the fix stays red")
	}
	if !strings.Contains(b.summary.Text, "Отправка займёт около 10 мин") {
		t.Errorf("summary %q", b.summary.Text)
	}
	b.batch.Estimate = 20 * time.Second
	b.show()
	if !strings.Contains(b.summary.Text, "займёт меньше минуты") || strings.Contains(b.summary.Text, "около меньше") {
		t.Errorf("short estimate %q", b.summary.Text)
	}
	menuItem(t, a, "Пакет: подписать и отправить все").Action()
	tapButton(t, a.win.Canvas(), "Подписать и отправить")
	if b.report == nil {
		t.Fatal("not sent")
	}
	raw, _ := os.ReadFile(tr)
	for _, want := range []string{"batch csv columns=3 rows=3", "batch imported rows=3 broken=1", "batch fix shown row=3", "batch row 3 fixed",
		"batch imported rows=3 broken=0", "batch confirm shown rows=3", "batch progress done=1 total=3 row=2", "batch done sent="} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("trace lacks %q:\n%s", want, raw)
		}
	}
}

// TestBatchAsksBeforeClosing: closing the window while a batch sends asks;
// «Продолжить отправку» (the default) keeps the window, the other button
// stops the batch (it stays pending) and closes.
func TestBatchAsksBeforeClosing(t *testing.T) {
	a, _, b := openBatch(t, i18n.RU)
	b.importPath(writeGuests(t, []byte(strings.Replace(guestsCSV, "BAD", "01.02.1985", 1))))
	b.prepare()
	b.running = true
	stopped := false
	b.cancel = func() { stopped = true }
	a.closing()
	if !strings.Contains(texts(a.win.Canvas()), "Закрыть программу во время отправки?") {
		t.Fatalf("no question:\n%s", texts(a.win.Canvas()))
	}
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter keeps sending
	if stopped || a.fa.Preferences().Float(prefWidth) != 0 {
		t.Fatal("Enter closed the window")
	}
	a.closing()
	tapButton(t, a.win.Canvas(), "Закрыть и продолжить позже")
	if !stopped || a.fa.Preferences().Float(prefWidth) == 0 {
		t.Error("confirmed close did not stop the batch and close")
	}
	b.running = false
	if b.askClose(func() { t.Error("asked while idle") }) {
		t.Error("an idle batch asks before closing")
	}
}

// TestIssue11English: the words added for issue 11 read in English — the
// «Действия» menu, the close question, a problem's column, the chart's
// hover read-out, Госключ's «Проверить статусы» — with no Russian word.
func TestIssue11English(t *testing.T) {
	a, be, b := openBatch(t, i18n.EN)
	var labels []string
	for _, m := range a.win.MainMenu().Items {
		if m.Label == "Actions" {
			for _, it := range m.Items {
				labels = append(labels, it.Label)
			}
		}
	}
	if len(labels) == 0 {
		t.Fatal("no Actions menu")
	}
	b.importPath(writeGuests(t, []byte("Фамилия;Date of birth\nIvanov;BAD\n")))
	mapCol(t, b, "Date of birth", "guestBirthDate")
	b.prepare()
	verdict, _ := b.verdict(2)
	b.running = true
	b.askClose(func() {})
	txt := texts(a.win.Canvas())
	b.running = false
	c, _ := showChartIn(t, chartSeries())
	c.setHover(2)
	tip := hoverText(c.points[2])
	be.gui2.goskeyOrders = []GoskeyOrder{{OrderID: 901, Title: "lease", StatusID: 17}}
	a.goskey = newGoskeyScreen(a)
	a.win.SetContent(a.shell.build())
	a.shell.show(screenGoskey)
	all := strings.Join(labels, "\n") + "\n" + verdict + "\n" + txt + "\n" + tip + "\n" + texts(a.win.Canvas())
	for _, want := range []string{"Batch: next row with a problem", "ENS: balance chart", "column “Date of birth” (guestBirthDate)",
		"Close the app while sending?", "Keep sending", "28.10.2026 · −15,234.56\u202f₽", "Check the statuses", "Sent before this start (1)"} {
		if !strings.Contains(all, want) {
			t.Errorf("English lacks %q:\n%s", want, all)
		}
	}
	for _, ru := range []string{"Пакет:", "Закрыть", "столбец", "Проверить", "Ожидает", "Отправленные"} {
		if strings.Contains(all, ru) {
			t.Errorf("Russian %q in the English view", ru)
		}
	}
}

// showChartIn is a chart on its own window in the current language.
func showChartIn(t *testing.T, pts []chartPoint) (*lineChart, fyne.Window) {
	t.Helper()
	c := newLineChart("")
	w := test.NewWindow(c)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(600, 300))
	c.SetPoints(pts)
	return c, w
}
