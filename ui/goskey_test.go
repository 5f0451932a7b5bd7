package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
)

func openGoskey(t *testing.T, lang i18n.Lang) (*App, *fakeBackend, *goskeyScreen) {
	t.Helper()
	syncUI(t)
	a, be := newTestApp(t, lang)
	a.useCertificate(a.certs.entries[0], false)
	a.shell.show(screenGoskey)
	return a, be, a.goskey
}

func contract(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dogovor_07_01.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGoskeySendWaitSigned(t *testing.T) {
	a, be, g := openGoskey(t, i18n.RU)
	if len(g.svcSelect.Options) != 3 || g.service != "10000000374" {
		t.Fatalf("Госключ services %v", g.svcSelect.Options)
	}
	if !g.sendBtn.Disabled() || !strings.Contains(g.docsHint.Text, "Документов нет") || !strings.Contains(g.sentHint.Text, "Отправленных пока нет") {
		t.Error("empty state without a hint or with sending on")
	}
	// the СНИЛС field is there, with the catalog default as its hint
	var snils *widget.Entry
	form := g.fieldsBox.Objects[0].(*widget.Form)
	for _, it := range form.Items {
		if it.Text == "СНИЛС физического лица" {
			snils = it.Widget.(*widget.Entry)
		}
	}
	if snils == nil {
		t.Fatalf("no СНИЛС field")
	}
	snils.SetText("112-233-445 95")
	g.addDocs([]string{contract(t)})
	tapButton(t, a.win.Canvas(), "Подписать и отправить в Госключ")
	if len(be.gui2.goskey) != 1 {
		t.Fatal("SendToGoskey not called")
	}
	r := be.gui2.goskey[0]
	if r.Service != "10000000374" || r.Values["snils"] != "112-233-445 95" || len(r.Documents) != 1 {
		t.Errorf("request %+v", r)
	}
	if len(g.sent) != 1 || !strings.Contains(g.sent[0].Status, "Ожидает подписи") || !strings.Contains(g.sentHint.Text, "Ожидают подписи: 1 из 1") {
		t.Fatalf("waiting: %+v / %q", g.sent, g.sentHint.Text)
	}
	// the first status event is 0 («Черновик заявления»): the order still
	// waits for the citizen; 17 is a real status
	id := g.sent[0].OrderID
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageStatus, OrderID: id, Status: &workflow.StatusInfo{ID: 0, Title: "Черновик заявления"}})
	}
	if !strings.Contains(g.sent[0].Status, "Ожидает подписи в Госключе") || strings.Contains(texts(a.win.Canvas()), "Черновик заявления") {
		t.Errorf("status 0 replaced the waiting words: %q", g.sent[0].Status)
	}
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageStatus, OrderID: id, Status: &workflow.StatusInfo{ID: 17, Title: "Зарегистрировано на портале"}})
	}
	if g.sent[0].Status != "Зарегистрировано на портале" {
		t.Errorf("status 17 not shown: %q", g.sent[0].Status)
	}
	// the citizen signs: the final status and the verified documents
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageFinal, OrderID: id, Status: &workflow.StatusInfo{ID: 3, Title: "Документы подписаны", Final: true}})
		s(workflow.Event{Stage: workflow.StageResult, OrderID: id, Files: []workflow.ResultFile{
			{Name: "dogovor_07_01.pdf", Path: "/tmp/gosdesk-data/results/7701/dogovor_07_01.pdf"}, {Name: "dogovor_07_01.pdf.sig", Signed: true, Valid: true, Verdict: "подпись верна: Петров Пётр Петрович"}}})
	}
	if g.sent[0].Class != "done" || !strings.Contains(g.sent[0].Results[0], "✓ dogovor_07_01.pdf — подпись верна") {
		t.Errorf("signed: %+v", g.sent[0])
	}
	if g.sent[0].Folder != "/tmp/gosdesk-data/results/7701" {
		t.Errorf("result folder %q", g.sent[0].Folder)
	}
	txt := texts(a.win.Canvas())
	if !strings.Contains(txt, "Открыть папку") {
		t.Error("no «Открыть папку» for the signed documents")
	}
	if !strings.Contains(txt, "Документы подписаны") || !strings.Contains(txt, "подпись верна: Петров") {
		t.Errorf("the signed order is not shown:\n%s", txt)
	}
	// a broken signature says so
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageResult, OrderID: id, Files: []workflow.ResultFile{{Name: "x.sig", Signed: true, Valid: false, Verdict: "подпись не соответствует файлу"}}})
	}
	if g.sent[0].Valid || !strings.HasPrefix(g.sent[0].Results[0], "✗ ") {
		t.Errorf("bad signature: %+v", g.sent[0])
	}
}

func TestGoskeyErrorShown(t *testing.T) {
	a, be, g := openGoskey(t, i18n.RU)
	be.gui2.goskeyErr = i18n.New("СНИЛС 112-233-445 00: неверная контрольная сумма", "СНИЛС 112-233-445 00: wrong checksum")
	g.addDocs([]string{contract(t)})
	tapButton(t, a.win.Canvas(), "Подписать и отправить в Госключ")
	txt := texts(a.win.Canvas())
	if !strings.Contains(txt, "неверная контрольная сумма") || !strings.Contains(txt, "Подробнее") {
		t.Errorf("error not shown:\n%s", txt)
	}
	if len(g.sent) != 0 || len(g.docs) != 1 {
		t.Error("a failed send lost the documents or listed an order")
	}
}

func TestGoskeyEnglish(t *testing.T) {
	a, _, _ := openGoskey(t, i18n.EN)
	txt := texts(a.win.Canvas())
	for _, want := range []string{"Goskey: documents for a citizen to sign", "Add documents…", "Nothing sent yet"} {
		if !strings.Contains(txt, want) {
			t.Errorf("English view lacks %q", want)
		}
	}
}

// TestGoskeyScreens renders the Госключ screen to $GOSDESK_SCREENS.
func TestGoskeyScreens(t *testing.T) {
	dir := os.Getenv(ScreensVar)
	for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
		a, be, g := openGoskey(t, lang)
		// direct calls, not taps: Fyne's test driver runs a tap's handler off
		// its main goroutine and the lists' refreshes then never reach Capture
		g.addDocs([]string{contract(t)})
		g.send()
		g.addDocs([]string{contract(t)})
		g.send()
		for _, s := range be.subs {
			s(workflow.Event{Stage: workflow.StageFinal, OrderID: g.sent[1].OrderID, Status: &workflow.StatusInfo{ID: 3, Title: "Документы подписаны", Final: true}})
			s(workflow.Event{Stage: workflow.StageResult, OrderID: g.sent[1].OrderID, Files: []workflow.ResultFile{{Name: "dogovor_07_01.pdf.sig", Path: "/tmp/r/dogovor_07_01.pdf.sig", Signed: true, Valid: true, Verdict: "подпись верна: Госключ (персональная электронная подпись), Петров Пётр Петрович, СНИЛС 112-233-445 95, подписано 05.12.2026 08:30"}}})
		}
		be.gui2.check = func(app workflow.Application) []workflow.Problem {
			var out []workflow.Problem
			for _, p := range app.Attachments {
				if strings.Contains(filepath.Base(p), "-") {
					out = append(out, workflow.Problem{File: filepath.Base(p), Text: i18n.Text{
						RU: "в имени допустимы только такие символы: латиница, цифры, подчёркивание, пробел (и точка перед расширением) — переименуйте файл",
						EN: "only these characters are allowed in the name: latin letters, digits, underscore, space (and the dot before the extension) — rename the file"}})
				}
			}
			return out
		}
		bad := filepath.Join(t.TempDir(), "dogovor-arendy.pdf")
		_ = os.WriteFile(bad, []byte("%PDF-1.4\n"), 0o600)
		g.addDocs([]string{contract(t), bad})
		a.win.Resize(fyne.NewSize(1366, 738))
		relayout(a)
		if dir != "" {
			writePNG(t, filepath.Join(dir, string(lang)+"-40-goskey.png"), a)
		}
	}
}

func TestGoskeyDropAddsDocuments(t *testing.T) {
	a, _, g := openGoskey(t, i18n.RU)
	p := contract(t)
	a.dropped(fyne.NewPos(10, 10), []fyne.URI{uriOf(p)})
	if len(g.docs) != 1 || g.docs[0] != p || a.shell.current != screenGoskey {
		t.Errorf("drop on Госключ: docs %v, screen %d", g.docs, a.shell.current)
	}
}

func TestGoskeyListsJournalOrders(t *testing.T) {
	syncUI(t)
	a, be := newTestApp(t, i18n.RU)
	be.gui2.goskeyOrders = []GoskeyOrder{
		{OrderID: 901, Title: "договор аренды", StatusID: 17, StatusText: "Зарегистрировано на портале"},
		{OrderID: 900, Title: "акт", StatusID: 3, StatusText: "Документы подписаны", Final: true},
	}
	a.goskey = newGoskeyScreen(a)
	a.win.SetContent(a.shell.build())
	a.shell.show(screenGoskey)
	g := a.goskey
	if len(g.sent) != 2 || g.sent[0].Class != "progress" || g.sent[1].Class != "done" {
		t.Fatalf("journal orders: %+v", g.sent)
	}
	if !strings.Contains(g.sentHint.Text, "Ожидают подписи: 1 из 2") {
		t.Errorf("hint %q", g.sentHint.Text)
	}
}

// TestGoskeyAfterRestart: a signed order of the journal shows its
// signatures' verdicts and folder; a waiting one is followed after
// «Проверить статусы» and its signed documents arrive as for a new one.
func TestGoskeyAfterRestart(t *testing.T) {
	syncUI(t)
	a, be := newTestApp(t, i18n.RU)
	be.gui2.goskeyOrders = []GoskeyOrder{
		{OrderID: 901, Title: "договор аренды", StatusID: 17, StatusText: "Зарегистрировано на портале"},
		{OrderID: 900, Title: "акт", StatusID: 3, StatusText: "Документы подписаны", Final: true, Results: []journal.ResultFile{
			{Name: "akt.pdf", Path: "/data/results/900/akt.pdf"},
			{Name: "akt.pdf.sig", Path: "/data/results/900/akt.pdf.sig", IsSig: true, Signs: "akt.pdf", Valid: true, Verdict: "подпись верна: Петров Пётр Петрович"}}},
	}
	a.goskey = newGoskeyScreen(a)
	a.win.SetContent(a.shell.build())
	a.useCertificate(a.certs.entries[0], false)
	a.shell.show(screenGoskey)
	g := a.goskey
	if s := g.sent[1]; !s.Valid || len(s.Results) != 1 || s.Results[0] != "✓ akt.pdf — подпись верна: Петров Пётр Петрович" || s.Folder != "/data/results/900" {
		t.Errorf("signed order from the journal: %+v", s)
	}
	if !g.followBtn.Visible() || !strings.Contains(g.sentHint.Text, "Отправленные до запуска программы (1)") {
		t.Fatalf("no «Проверить статусы» for the waiting order: %q", g.sentHint.Text)
	}
	tapButton(t, a.win.Canvas(), "Проверить статусы")
	if len(be.gui2.tracked) != 1 || be.gui2.tracked[0] != 901 {
		t.Fatalf("followed %v", be.gui2.tracked)
	}
	if g.followBtn.Visible() {
		t.Error("the button stays after the orders are followed")
	}
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageFinal, OrderID: 901, Status: &workflow.StatusInfo{ID: 3, Title: "Документы подписаны", Final: true}})
		s(workflow.Event{Stage: workflow.StageResult, OrderID: 901, Files: []workflow.ResultFile{{Name: "dogovor.pdf.sig", Path: "/data/results/901/dogovor.pdf.sig", Signed: true, Valid: true, Verdict: "подпись верна"}}})
	}
	if g.sent[0].Class != "done" || !g.sent[0].Valid || !strings.Contains(texts(a.win.Canvas()), "✓ dogovor.pdf — подпись верна") {
		t.Errorf("followed order: %+v", g.sent[0])
	}
	// a failure to open the session is a sentence, and the button stays
	be.gui2.goskeyOrders[0].OrderID = 902
	g.sent = nil
	g.loadJournal()
	be.gui2.trackErr = i18n.New("ПИН-код не введён", "no PIN")
	g.show()
	tapButton(t, a.win.Canvas(), "Проверить статусы")
	if !strings.Contains(texts(a.win.Canvas()), "ПИН-код не введён") || !g.followBtn.Visible() {
		t.Error("a failed follow is not shown")
	}
}

// TestGoskeyVerdictWraps: the verdict of a signature names the document
// and wraps in a 1366-px window (who signed is the point), no «…».
func TestGoskeyVerdictWraps(t *testing.T) {
	a, be, g := openGoskey(t, i18n.RU)
	g.addDocs([]string{contract(t)})
	g.send()
	id := g.sent[0].OrderID
	verdict := "подпись верна: Госключ (персональная электронная подпись гражданина), Петров Пётр Петрович, СНИЛС 112-233-445 95, подписано 05.12.2026 08:30"
	for _, s := range be.subs {
		s(workflow.Event{Stage: workflow.StageFinal, OrderID: id, Status: &workflow.StatusInfo{ID: 3, Title: "Документы подписаны", Final: true}})
		s(workflow.Event{Stage: workflow.StageResult, OrderID: id, Files: []workflow.ResultFile{
			{Name: "dogovor_07_01.pdf", Path: "/tmp/r/dogovor_07_01.pdf"},
			{Name: "dogovor_07_01.pdf.sig", Path: "/tmp/r/dogovor_07_01.pdf.sig", Signed: true, Valid: true, Verdict: verdict}}})
	}
	a.win.Resize(fyne.NewSize(1366, 738))
	relayout(a)
	want := "✓ dogovor_07_01.pdf — " + verdict
	var found *widget.Label
	for _, o := range test.LaidOutObjects(a.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Text == want {
			found = l
		}
	}
	if found == nil {
		t.Fatalf("no verdict line %q:\n%s", want, texts(a.win.Canvas()))
	}
	if found.Truncation != fyne.TextTruncateOff || found.Wrapping != fyne.TextWrapWord {
		t.Error("the verdict is cut, not wrapped")
	}
	if found.Size().Height < 1.5*widget.NewLabel("x").MinSize().Height {
		t.Errorf("the long verdict takes one line (%.0f px high) in a 1366-px window", found.Size().Height)
	}
}

// TestGoskeyDocumentsChecked: added documents are checked at once with
// the core's rules; a name the catalog refuses shows ✗ with the rule's
// words and keeps «Подписать и отправить» off until it is removed.
func TestGoskeyDocumentsChecked(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, tr)
	a, be, g := openGoskey(t, i18n.RU)
	rule := "в имени допустимы только такие символы: латиница, цифры, подчёркивание, пробел (и точка перед расширением) — переименуйте файл"
	var asked []workflow.Application
	be.gui2.check = func(app workflow.Application) []workflow.Problem {
		asked = append(asked, app)
		var out []workflow.Problem
		for _, p := range app.Attachments {
			if strings.Contains(filepath.Base(p), "-") {
				out = append(out, workflow.Problem{File: filepath.Base(p), Text: i18n.Text{RU: rule, EN: "only latin letters…"}})
			}
		}
		// the request XML is built when sending: its absence is not shown
		return append(out, workflow.Problem{Text: i18n.Text{RU: "нет обязательного файла req.xml", EN: "no req.xml"}})
	}
	good := contract(t)
	bad := filepath.Join(t.TempDir(), "dogovor-arendy.pdf")
	if err := os.WriteFile(bad, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g.addDocs([]string{good, bad})
	if len(asked) != 1 || asked[0].Service != "10000000374" || len(asked[0].Attachments) != 2 {
		t.Fatalf("Check asked %+v", asked)
	}
	txt := texts(a.win.Canvas())
	if !strings.Contains(txt, "✓ проверен: имя, размер и тип подходят") || !strings.Contains(txt, "✗ "+rule) {
		t.Errorf("no verdict per document:\n%s", txt)
	}
	if strings.Contains(txt, "req.xml") {
		t.Error("the request XML's absence is shown as a document problem")
	}
	if !g.sendBtn.Disabled() || !strings.Contains(g.docsHint.Text, "не подходят: 1") {
		t.Errorf("sending allowed with a refused name: %q", g.docsHint.Text)
	}
	g.removeDoc(1)
	if g.sendBtn.Disabled() || strings.Contains(texts(a.win.Canvas()), "✗ ") {
		t.Error("sending stays off after the refused document was removed")
	}
	raw, _ := os.ReadFile(tr)
	if !strings.Contains(string(raw), "goskey docs checked n=2 problems=1") {
		t.Errorf("trace:\n%s", raw)
	}
}

// TestGoskeyDocumentsListRoom: on a 1366×768 laptop two documents (one
// refused, its verdict on two lines) are seen whole without scrolling; at
// 1024×768 at least the first two rows' names and verdicts begin; the
// fields carry no technical names («snils», «orgName») under them.
func TestGoskeyDocumentsListRoom(t *testing.T) {
	a, be, g := openGoskey(t, i18n.RU)
	be.gui2.check = func(app workflow.Application) []workflow.Problem {
		var out []workflow.Problem
		for _, p := range app.Attachments {
			if strings.Contains(filepath.Base(p), "-") {
				out = append(out, workflow.Problem{File: filepath.Base(p), Text: i18n.Text{
					RU: "в имени допустимы только такие символы: латиница, цифры, подчёркивание, пробел (и точка перед расширением) — переименуйте файл"}})
			}
		}
		return out
	}
	bad := filepath.Join(t.TempDir(), "dogovor-arendy.pdf")
	_ = os.WriteFile(bad, []byte("%PDF-1.4\n"), 0o600)
	g.addDocs([]string{contract(t), bad})
	scroll := func() *container.Scroll {
		t.Helper()
		for _, o := range test.LaidOutObjects(a.win.Content()) {
			if s, ok := o.(*container.Scroll); ok && s.Content == g.docsList {
				return s
			}
		}
		t.Fatal("the documents list is not in a scroll")
		return nil
	}
	for _, size := range []fyne.Size{fyne.NewSize(1366, 738), fyne.NewSize(1024, 728)} {
		a.win.Resize(size)
		relayout(a)
		s := scroll()
		if dir := os.Getenv(ScreensVar); dir != "" {
			writePNG(t, filepath.Join(dir, "ru-41-goskey-two-docs-"+itoa(int(size.Width))+".png"), a)
		}
		rows := g.docsList.Objects
		if len(rows) != 2 {
			t.Fatalf("%d rows", len(rows))
		}
		whole := g.docsList.MinSize().Height
		// the second row's name and the first line of its verdict
		twoRows := rows[1].Position().Y + 2*widget.NewLabel("x").MinSize().Height
		switch {
		case size.Width == 1366 && s.Size().Height < whole:
			t.Errorf("at %v the list shows %.0f of its %.0f px", size, s.Size().Height, whole)
		case s.Size().Height < twoRows:
			t.Errorf("at %v the list shows %.0f px, the second row needs %.0f", size, s.Size().Height, twoRows)
		}
	}
	for _, it := range g.fieldsBox.Objects[0].(*widget.Form).Items {
		if it.HintText != "" {
			t.Errorf("field %q has the hint %q", it.Text, it.HintText)
		}
	}
}
