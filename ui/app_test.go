package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// texts collects every visible text of a canvas (labels, buttons, canvas
// texts, rich texts), overlays included.
func texts(c fyne.Canvas) string {
	var b strings.Builder
	objs := []fyne.CanvasObject{c.Content()}
	for _, o := range c.Overlays().List() {
		objs = append(objs, o)
	}
	for _, root := range objs {
		for _, o := range test.LaidOutObjects(root) {
			if !o.Visible() {
				continue
			}
			switch w := o.(type) {
			case *widget.Label:
				b.WriteString(w.Text + "\n")
			case *widget.Button:
				b.WriteString(w.Text + "\n")
			case *canvas.Text:
				b.WriteString(w.Text + "\n")
			case *widget.RichText:
				b.WriteString(w.String() + "\n")
			}
		}
	}
	return b.String()
}

func TestShellSpeaksRussianByDefaultAndEnglishOnRequest(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	got := texts(a.win.Canvas())
	for _, want := range []string{"Новое заявление", "Заявления", "Пакет (гостиницы)", "Госключ", "ЕНС", "Сертификаты", "Настройки", "ПЕСОЧНИЦА"} {
		if !strings.Contains(got, want) {
			t.Errorf("Russian window lacks %q", want)
		}
	}
	// a hidden screen joins the window when first shown (shell.attach)
	a.shell.show(screenCerts)
	if got := texts(a.win.Canvas()); !strings.Contains(got, "Иванова Мария Петровна") {
		t.Error("Russian Сертификаты screen lacks the owner Иванова Мария Петровна")
	}
	a.setLanguage(i18n.EN)
	got = texts(a.win.Canvas())
	for _, want := range []string{"New application", "Certificates", "Settings", "SANDBOX"} {
		if !strings.Contains(got, want) {
			t.Errorf("English window lacks %q", want)
		}
	}
	if strings.Contains(got, "Новое заявление") {
		t.Error("English window still shows Russian navigation")
	}
}

func TestEnvironmentChipColours(t *testing.T) {
	for _, c := range []struct {
		env, text string
		bg        any
	}{{"sandbox", "ПЕСОЧНИЦА", colourSandbox}, {"test", "ТЕСТ", colourTest}, {"prod", "ПРОД", colourProd}} {
		text, bg, _ := envChip(c.env)
		if text != c.text || bg != c.bg {
			t.Errorf("%s: chip %q %v", c.env, text, bg)
		}
	}
}

func TestRememberedScreenAndWindowSize(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	a.shell.show(screenSettings)
	if got := a.fa.Preferences().Int(prefScreen); got != screenSettings {
		t.Fatalf("screen remembered = %d", got)
	}
	t.Setenv(WindowSizeVar, "1366x768")
	if s := a.windowSize(); s.Width != 1366 || s.Height != 768 {
		t.Fatalf("window size = %v", s)
	}
}

// The first start's window fits a 1024×768 display; a size the user gave
// the window is used next time.
func TestFirstWindowFitsSmallDisplay(t *testing.T) {
	t.Setenv(WindowSizeVar, "")
	a, _ := newTestApp(t, i18n.RU)
	if s := a.windowSize(); s.Width > 1024 || s.Height > 768-40 {
		t.Fatalf("first window %v does not fit a 1024×768 display", s)
	}
	a.fa.Preferences().SetFloat(prefWidth, 1300)
	a.fa.Preferences().SetFloat(prefHeight, 740)
	if s := a.windowSize(); s.Width != 1300 || s.Height != 740 {
		t.Fatalf("remembered size not used: %v", s)
	}
}

func TestCertificatesScreen(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	a.shell.show(screenCerts)
	c := a.certs
	if len(c.entries) != 3 {
		t.Fatalf("%d certificates listed", len(c.entries))
	}
	// the only valid certificate with the latest end is the default pick? No:
	// nothing is remembered and there is no demo container, so nothing is
	// chosen until the clerk says so.
	var expired int = -1
	for i, e := range c.entries {
		if strings.HasPrefix(certOwner(e.Certificate), "Сидоров") {
			expired = i
		}
	}
	c.list.Select(expired)
	got := texts(a.win.Canvas())
	if !strings.Contains(got, "ИНН ЮЛ") || !strings.Contains(got, "7707083893") {
		t.Errorf("details lack the ИНН: %s", got)
	}
	if !strings.Contains(got, "истёк") && !strings.Contains(got, "Истёк") && !strings.Contains(got, "истек") {
		t.Errorf("expired certificate shows no core/pki warning:\n%s", got)
	}
	if col := validityColour(c.entries[expired].Certificate.NotAfter, fixedNow); col != colourExpired {
		t.Errorf("expired colour = %v", col)
	}
	for _, e := range c.entries {
		if strings.HasPrefix(certOwner(e.Certificate), "Петров") {
			if col := validityColour(e.Certificate.NotAfter, fixedNow); col != colourSoon {
				t.Errorf("expiring colour = %v", col)
			}
		}
	}
	// use by default: remembered, shown in the status bar
	for i, e := range c.entries {
		if strings.HasPrefix(certOwner(e.Certificate), "Иванова") {
			c.list.Select(i)
		}
	}
	tapButton(t, a.win.Canvas(), "Использовать по умолчанию")
	if a.cert == nil || !strings.HasPrefix(certOwner(a.cert.Certificate), "Иванова") {
		t.Fatalf("default certificate = %v", a.cert)
	}
	if a.fa.Preferences().String(prefCert) != a.cert.ID {
		t.Error("default certificate not remembered")
	}
	if !strings.Contains(a.shell.status.cert.Text, "Иванова") {
		t.Errorf("status bar: %q", a.shell.status.cert.Text)
	}
	// forget PINs asks first, then calls the core
	tapButton(t, a.win.Canvas(), "Забыть запомненные ПИН-коды")
	tapButton(t, a.win.Canvas(), "Забыть")
	if be.forgot != 1 {
		t.Errorf("ForgetPINs called %d times", be.forgot)
	}
}

func TestCertificateImportByDrop(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	a.shell.show(screenCerts)
	dir := t.TempDir()
	pfx := filepath.Join(dir, "org.pfx")
	os.WriteFile(pfx, []byte("x"), 0o600)
	cont := filepath.Join(dir, "abcdefgh.000")
	os.Mkdir(cont, 0o700)
	a.dropped(fyne.Position{}, []fyne.URI{uriOf(pfx), uriOf(cont)})
	if l := a.prefList(prefCertFiles); len(l) != 1 || l[0] != pfx {
		t.Errorf("PFX files = %v", l)
	}
	if l := a.prefList(prefCertDirs); len(l) != 1 || l[0] != cont {
		t.Errorf("container folders = %v", l)
	}
}

// chooseHotel picks the hotel service and inserts its template.
func chooseHotel(t *testing.T, a *App) *newApplication {
	t.Helper()
	n := a.newApp
	test.Type(n.search, "10000103652")
	if len(n.filtered) != 1 {
		t.Fatalf("search by code found %d services", len(n.filtered))
	}
	n.search.OnSubmitted(n.search.Text)
	if n.service != "10000103652" {
		t.Fatalf("service = %q", n.service)
	}
	n.insertTemplate()
	n.validateNow()
	return n
}

func TestNewApplicationValidatesAsYouType(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	n := chooseHotel(t, a)
	if len(n.docNames) != 2 || n.current != "req.xml" {
		t.Fatalf("documents = %v, current %q", n.docNames, n.current)
	}
	if !strings.Contains(n.editor.Text(), "hotelRequest") {
		t.Fatalf("template not inserted: %q", n.editor.Text())
	}
	if len(n.problems) != 0 || !strings.Contains(n.banner.Text, "Документ соответствует схеме") {
		t.Fatalf("template: problems %v, banner %q", n.problems, n.banner.Text)
	}
	// the guest notice: an invalid date gives an error with line:column
	n.docSelect.SetSelected("attach.xml")
	text := n.editor.Text()
	if !n.editor.Find(a.win.Canvas(), "1979-05-12") {
		t.Fatal("find did not find the birth date")
	}
	if sel := n.editor.SelectedText(); sel != "1979-05-12" {
		t.Fatalf("find selected %q", sel)
	}
	test.Type(n.editor.Focusable(), "12.05.1979")
	if n.editor.Text() == text || !strings.Contains(n.editor.Text(), "12.05.1979") {
		t.Fatal("typing did not replace the selection")
	}
	n.validateNow()
	if len(n.problems) == 0 {
		t.Fatalf("invalid date not reported; banner %q", n.banner.Text)
	}
	p := n.problems[0]
	if p.Line == 0 || !strings.Contains(n.banner.Text, "Ошибок в документе: ") {
		t.Fatalf("problem %+v, banner %q", p, n.banner.Text)
	}
	if !strings.Contains(p.Text.String(), "ГГГГ-ММ-ДД") {
		t.Errorf("the Russian message does not name the expected form: %q", p.Text.String())
	}
	// clicking the error moves the cursor there
	n.probList.Select(0)
	if row, _ := n.editor.Cursor(); row != p.Line-1 {
		t.Errorf("cursor row %d, error line %d", row, p.Line)
	}
	// fix it: the error clears
	n.editor.Find(a.win.Canvas(), "12.05.1979")
	test.Type(n.editor.Focusable(), "1979-05-12")
	n.validateNow()
	if len(n.problems) != 0 || !strings.Contains(n.banner.Text, "соответствует схеме") {
		t.Fatalf("after the fix: %v %q", n.problems, n.banner.Text)
	}
	if len(be.validated) == 0 || !strings.HasPrefix(be.validated[len(be.validated)-1], "10000103652/attach.xml") {
		t.Errorf("validation calls: %v", be.validated)
	}
	// undo brings the typed text back
	n.editor.Undo()
	if !strings.Contains(n.editor.Text(), "12.05.1979") && !strings.Contains(n.editor.Text(), "1979-05-12") {
		t.Error("undo broke the document")
	}
}

func TestNewApplicationSignAndSend(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	a.useCertificate(be.entries[0], true)
	n := chooseHotel(t, a)
	dir := t.TempDir()
	var files []fyne.URI
	for _, name := range []string{"form.FormStep10.Panel1.caseAttachment3", "паспорт гостя.pdf"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("%PDF-1.4\n%test\n"), 0o600)
		files = append(files, uriOf(p))
	}
	a.shell.show(screenCerts)
	a.shell.show(screenNewApp)
	a.dropped(fyne.NewPos(500, 300), files)
	if len(n.attachments) != 2 {
		t.Fatalf("attachments = %v", n.attachments)
	}
	if info, ok := n.attachmentInfo(n.attachments[0]); !ok || !strings.Contains(info, "проверен") || !strings.Contains(info, "резерв номера и отправка частями") {
		t.Errorf("attachment line: %q", info)
	}
	n.signAndSend()
	got := texts(a.win.Canvas())
	for _, want := range []string{"Подписать и отправить?", "req.xml", "attach.xml", "паспорт гостя.pdf → form.FormStep10.Panel1.caseAttachment1.0", "Иванова Мария Петровна", "ПЕСОЧНИЦА"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	if len(be.submitted) != 0 {
		t.Fatal("sent before the confirmation")
	}
	tapButton(t, a.win.Canvas(), "Подписать и отправить")
	if len(be.submitted) != 1 {
		t.Fatalf("submitted %d", len(be.submitted))
	}
	app := be.submitted[0]
	if app.Service != "10000103652" || len(app.Documents) != 2 || len(app.Files) != 2 {
		t.Errorf("application = %+v", app)
	}
	if app.Files[0].Role != "" || app.Files[1].Role != "scan" {
		t.Errorf("roles: a catalog name keeps its name, another file becomes a scan: %+v", app.Files)
	}
	// shown at once in Заявления; the badge counts results, and there is none yet
	if a.shell.current != screenOrders || a.orders.count() != 0 || a.orders.rows[0].OrderID != 4242 {
		t.Errorf("after sending: screen %d, badge %d, orders %+v", a.shell.current, a.orders.count(), a.orders.rows)
	}
	cell := a.orders.table.CreateCell()
	a.orders.table.UpdateCell(widget.TableCellID{Row: 0, Col: 2}, cell)
	if cell.(*widget.Label).Text != "4242" {
		t.Error("the new order is not in Заявления")
	}
}

func TestSendErrorIsARussianSentenceWithDetails(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	a.useCertificate(be.entries[0], false)
	be.submitErr = errors.New("dial tcp 127.0.0.1:8089: connect: connection refused")
	chooseHotel(t, a)
	a.newApp.send(a.newApp.application())
	got := texts(a.win.Canvas())
	if !strings.Contains(got, "Повторите действие") || !strings.Contains(got, "Подробнее") {
		t.Errorf("error dialog: %s", got)
	}
}

func TestSignAndSendWithoutCertificateSaysWhatToDo(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	a.cert = nil
	chooseHotel(t, a)
	a.newApp.signAndSend()
	if got := texts(a.win.Canvas()); !strings.Contains(got, "Не выбран сертификат") || !strings.Contains(got, "Сертификаты") {
		t.Errorf("no-certificate error: %s", got)
	}
}

func TestDraftSavedToTheJournal(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	n := chooseHotel(t, a)
	n.saveDraft(true)
	if len(be.drafts) == 0 || be.drafts[len(be.drafts)-1].Service != "10000103652" || len(be.drafts[len(be.drafts)-1].Documents) != 2 {
		t.Fatalf("drafts = %+v", be.drafts)
	}
	if n.draftID != 7 {
		t.Errorf("draft id = %d", n.draftID)
	}
	// the next start brings the draft back
	b := syncApp(t, a.fa, be, a.env, a.now)
	if b.newApp.service != "10000103652" || !strings.Contains(b.newApp.docs["attach.xml"], "umms:") || b.newApp.draftID != 7 {
		t.Errorf("restored draft: service %q, id %d", b.newApp.service, b.newApp.draftID)
	}
}

func TestSettingsScreen(t *testing.T) {
	a, be := newTestApp(t, i18n.RU)
	a.shell.show(screenSettings)
	s := a.settings
	s.env.SetSelected(envLabel("test"))
	s.system.SetText("GOSDESK01")
	tapButton(t, a.win.Canvas(), "Сохранить настройки")
	if be.settings.Env != "test" || be.settings.System != "GOSDESK01" {
		t.Fatalf("settings saved = %+v", be.settings)
	}
	if a.shell.status.chipText.Text != "ТЕСТ" {
		t.Errorf("chip = %q", a.shell.status.chipText.Text)
	}
	// the GOST TLS route (issue 14) is chosen in the window too
	if be.settings.Transport != "" || be.settings.EPGUURL != "" {
		t.Errorf("default route saved as %q %q, want direct", be.settings.Transport, be.settings.EPGUURL)
	}
	s.transport.SetSelected(transportLabel("tunnel"))
	s.tunnelURL.SetText("http://127.0.0.1:1443")
	s.trustDir.SetText("/etc/gosdesk/roots")
	tapButton(t, a.win.Canvas(), "Сохранить настройки")
	if be.settings.Transport != "tunnel" || be.settings.EPGUURL != "http://127.0.0.1:1443" || be.settings.TrustDir != "/etc/gosdesk/roots" {
		t.Fatalf("route saved = %q %q %q", be.settings.Transport, be.settings.EPGUURL, be.settings.TrustDir)
	}
	s.transport.SetSelected(transportLabel("gosttls"))
	tapButton(t, a.win.Canvas(), "Сохранить настройки")
	if be.settings.Transport != "gosttls" || be.settings.EPGUURL != "" {
		t.Fatalf("gosttls saved = %q, tunnel address %q kept", be.settings.Transport, be.settings.EPGUURL)
	}
	s.env.SetSelected(envLabel("custom"))
	s.url.SetText("")
	s.save()
	if !strings.Contains(texts(a.win.Canvas()), "Не указан адрес") {
		t.Error("empty custom address accepted silently")
	}
}

func TestFirstRunDialog(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	a.maybeFirstRun()
	got := texts(a.win.Canvas())
	if !strings.Contains(got, "песочнице") || !strings.Contains(got, "12345678") || !strings.Contains(got, "Настройки") {
		t.Errorf("first-run text: %s", got)
	}
}

func TestColouringKeepsTheText(t *testing.T) {
	for _, s := range []string{"", "<a x=\"1\">{name} & text</a>", "<!-- c --><?xml version='1.0'?><b/>", "<broken attr=\"x", "{ not } {ok}",
		"<a b='x\ny'>\n<!-- one\ntwo -->\n<![CDATA[<x>\n]]></a>"} {
		// every line's runs cover it in order, each state carried over
		var b strings.Builder
		st := lexText
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			at := 0
			st = lexLine(line, st, func(from, to int, c fyne.ThemeColorName) {
				if from != at || to < from {
					t.Errorf("%q: run %d..%d after %d", line, from, to, at)
				}
				b.WriteString(line[from:to])
				at = to
			})
		}
		if b.String() != s {
			t.Errorf("the runs of %q join to %q", s, b.String())
		}
	}
}

func TestProblemsErrorExplained(t *testing.T) {
	what, do, _ := explain(&workflow.ProblemsError{Problems: []workflow.Problem{{File: "req.xml", Text: i18n.Text{RU: "плохо", EN: "bad"}}}})
	if what == "" || !strings.Contains(do, "Номер заявления не израсходован") {
		t.Errorf("what %q do %q", what, do)
	}
}

// tapButton taps the visible button with the given text (overlays first).
func tapButton(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	var roots []fyne.CanvasObject
	ov := c.Overlays().List()
	for i := len(ov) - 1; i >= 0; i-- {
		roots = append(roots, ov[i])
	}
	roots = append(roots, c.Content())
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if b, ok := o.(*widget.Button); ok && b.Visible() && strings.HasPrefix(b.Text, text) && !b.Disabled() {
				test.Tap(b)
				return
			}
		}
	}
	t.Fatalf("no button %q", text)
}

func uriOf(p string) fyne.URI { return storageURI(p) }

// The window starts with the current screen only (the cold start lays out
// one screen, not seven); the others join when shown or after the first
// frames, and each is in the window once.
func TestHiddenScreensJoinLater(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	cur := a.shell.current
	if n := len(a.shell.stack.Objects); n != 1 || a.shell.stack.Objects[0] != a.shell.screens[cur] {
		t.Fatalf("at start the window holds %d screens, want only the current one", n)
	}
	next := (cur + 1) % screenCount
	a.shell.show(next)
	if n := len(a.shell.stack.Objects); n != 2 || !a.shell.screens[next].Visible() || a.shell.screens[cur].Visible() {
		t.Fatalf("after showing screen %d: %d screens in the window, shown=%v, previous shown=%v", next, n, a.shell.screens[next].Visible(), a.shell.screens[cur].Visible())
	}
	a.shell.attachRest(0, 0)
	if n := len(a.shell.stack.Objects); n != screenCount {
		t.Fatalf("after the first frames %d screens in the window, want %d", n, screenCount)
	}
	for i, o := range a.shell.screens {
		if o.Visible() != (i == next) {
			t.Errorf("screen %d visible=%v, want only screen %d visible", i, o.Visible(), next)
		}
	}
	a.shell.show(cur) // a screen already in the window is not added twice
	if n := len(a.shell.stack.Objects); n != screenCount {
		t.Errorf("%d screens in the window after switching back, want %d", n, screenCount)
	}
}

// A lone CSV dropped outside Пакет (гостиницы) is asked about: Enter
// opens it in the batch, «Приложить к заявлению» attaches it, Esc drops
// nothing; several files with a CSV among them are attachments at once.
func TestDropCSVAsks(t *testing.T) {
	trace := traceFile(t)
	syncUI(t)
	a, _ := newTestApp(t, i18n.RU)
	p := writeGuests(t, []byte(guestsCSV))
	n := a.newApp
	ask := func(screen int) {
		t.Helper()
		a.shell.show(screen)
		a.dropped(fyne.NewPos(500, 300), []fyne.URI{uriOf(p)})
		got := overlayText(a)
		for _, want := range []string{"Файл guests.csv похож на список гостей. Открыть его в «Пакет (гостиницы)» или приложить к заявлению?",
			"Открыть в пакете", "Приложить к заявлению", "Отмена"} {
			if !strings.Contains(got, want) {
				t.Fatalf("the question lacks %q: %q", want, got)
			}
		}
		if len(n.attachments) != 0 || a.batch.csvPath != "" {
			t.Fatalf("acted before the answer: attachments %v, batch %q", n.attachments, a.batch.csvPath)
		}
	}

	ask(screenOrders)
	dropPNG(t, a, "ru-30-drop-csv.png")
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(a.dkeys) != 0 || len(n.attachments) != 0 || a.batch.csvPath != "" || a.shell.current != screenOrders {
		t.Fatalf("Esc: dialogs %d, attachments %v, batch %q, screen %d", len(a.dkeys), n.attachments, a.batch.csvPath, a.shell.current)
	}

	ask(screenNewApp)
	tapButton(t, a.win.Canvas(), "Приложить к заявлению")
	if len(n.attachments) != 1 || n.attachments[0] != p || a.shell.current != screenNewApp || a.batch.csvPath != "" || len(a.dkeys) != 0 {
		t.Fatalf("attached: %v, screen %d, batch %q", n.attachments, a.shell.current, a.batch.csvPath)
	}
	n.attachments = nil

	ask(screenENS)
	a.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.shell.current != screenBatch || a.batch.csvPath != p || len(n.attachments) != 0 || len(a.dkeys) != 0 {
		t.Fatalf("Enter: screen %d, batch %q, attachments %v", a.shell.current, a.batch.csvPath, n.attachments)
	}
	for _, want := range []string{"csv drop asked guests.csv", "csv drop cancelled guests.csv", "csv drop attach guests.csv", "csv drop batch guests.csv", "batch csv columns=4 rows=3"} {
		if !strings.Contains(trace(), want) {
			t.Errorf("trace lacks %q", want)
		}
	}

	// a CSV among other files: attachments, no question
	pdf := filepath.Join(t.TempDir(), "паспорт.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600)
	a.shell.show(screenOrders)
	a.dropped(fyne.NewPos(500, 300), []fyne.URI{uriOf(p), uriOf(pdf)})
	if len(a.dkeys) != 0 || len(n.attachments) != 2 || a.shell.current != screenNewApp {
		t.Errorf("two files: dialogs %d, attachments %v, screen %d", len(a.dkeys), n.attachments, a.shell.current)
	}
}

// The question in English.
func TestDropCSVAsksEnglish(t *testing.T) {
	a, _ := newTestApp(t, i18n.EN)
	p := writeGuests(t, []byte(guestsCSV))
	a.dropped(fyne.NewPos(500, 300), []fyne.URI{uriOf(p)})
	got := overlayText(a)
	dropPNG(t, a, "en-30-drop-csv.png")
	for _, want := range []string{"guests.csv looks like a list of guests. Open it in «Batch (hotels)» or attach it to the application?", "Open in the batch", "Attach to the application", "Cancel"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "Приложить") {
		t.Errorf("Russian in the English question: %q", got)
	}
}

// overlayText is the text of the open dialogs.
func overlayText(a *App) string {
	var b strings.Builder
	for _, o := range a.win.Canvas().Overlays().List() {
		b.WriteString(objText(o))
	}
	return b.String()
}

// dropPNG writes the window at 1366×768 to $GOSDESK_SCREENS, if set.
func dropPNG(t *testing.T, a *App, name string) {
	t.Helper()
	if dir := os.Getenv(ScreensVar); dir != "" {
		a.win.Resize(fyne.NewSize(1366, 738))
		writePNG(t, filepath.Join(dir, name), a)
	}
}
