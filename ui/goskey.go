package ui

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

const prefGoskeyService = "goskey.service"

// goskeyScreen is Госключ: documents sent to a citizen's Госключ app for
// signing (services 10000000374, 60025907, 60080470 of the catalog), the
// orders waiting for the signature, and the signed documents with the
// core's signature verdicts.
type goskeyScreen struct {
	a *App

	// model
	service string
	values  map[string]string
	docs    []string
	sent    []goskeyOrder
	busy    bool
	loaded  bool           // the journal's orders were read
	follows map[int64]bool // orders being followed (sent now, or «Проверить статусы»)

	// widgets
	svcSelect *widget.Select
	fieldsBox *fyne.Container
	docsList  *fyne.Container // one row per document: name and its check
	docsHint  *widget.Label
	sendBtn   *widget.Button
	checks    map[string][]string // document path → its problems (present: checked)
	checkSeq  int
	sentList  *fyne.Container // one row per sent order (wrapping verdicts)
	sentHint  *widget.Label
	followBtn *widget.Button
	progress  *widget.ProgressBarInfinite
}

// goskeyOrder is a sent request and what became of it.
type goskeyOrder struct {
	OrderID int64
	Docs    []string
	Status  string
	Class   string // progress, done, refused, error (as Заявления)
	Results []string
	Valid   bool   // every signature verified
	Folder  string // where the core saved the signed documents
	At      time.Time
}

func newGoskeyScreen(a *App) *goskeyScreen {
	g := &goskeyScreen{a: a, values: map[string]string{}, follows: map[int64]bool{}}
	g.service = a.fa.Preferences().StringWithFallback(prefGoskeyService, "10000000374")
	return g
}

func goskeyServices() []xsd.Service {
	var out []xsd.Service
	for _, s := range xsd.Services() {
		if s.Group == "goskey" {
			out = append(out, s)
		}
	}
	return out
}

// formFields are the template fields a person fills (the sign_config
// ones and the MIME type follow from the documents and stay default).
func (g *goskeyScreen) formFields() []xsd.Placeholder {
	s, _ := xsd.Lookup(g.service)
	var out []xsd.Placeholder
	for _, p := range s.Placeholders {
		if strings.HasPrefix(p.Description, "sign_config") || p.Name == "mimeType" || p.Name == "documentId" {
			continue
		}
		out = append(out, p)
	}
	return out
}

func (g *goskeyScreen) build() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("Госключ: документы на подпись гражданину", "Goskey: documents for a citizen to sign"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var opts []string
	sel := ""
	for _, s := range goskeyServices() {
		opts = append(opts, serviceLabel(s))
		if s.Code == g.service {
			sel = serviceLabel(s)
		}
	}
	g.svcSelect = widget.NewSelect(opts, func(v string) {
		code, _, _ := strings.Cut(v, " — ")
		if code != g.service {
			g.service = code
			g.a.fa.Preferences().SetString(prefGoskeyService, code)
			g.showFields()
			g.checkDocs() // the services' name rules differ
		}
	})
	if sel != "" {
		g.svcSelect.SetSelected(sel)
	}
	g.fieldsBox = container.NewVBox()
	g.docsHint = widget.NewLabel("")
	g.docsHint.Wrapping = fyne.TextWrapWord
	g.docsList = container.NewVBox()
	add := widget.NewButtonWithIcon(i18n.T("Добавить документы…", "Add documents…"), theme.ContentAddIcon(), g.pickDocs)
	g.sendBtn = widget.NewButtonWithIcon(i18n.T("Подписать и отправить в Госключ", "Sign and send to Goskey"), theme.MailSendIcon(), g.send)
	g.sendBtn.Importance = widget.HighImportance
	g.progress = widget.NewProgressBarInfinite()
	g.progress.Stop()
	g.progress.Hide()
	// the documents take the height the fields leave, and never less
	// than two rows (a name and a one-line verdict each)
	docs := container.NewVScroll(g.docsList)
	row := g.docRow(0, "document.pdf").MinSize().Height
	docs.SetMinSize(fyne.NewSize(0, 2*row+theme.Padding()))
	left := container.NewBorder(
		container.NewVBox(widget.NewForm(widget.NewFormItem(i18n.T("Услуга", "Service"), g.svcSelect)), g.fieldsBox,
			widget.NewLabelWithStyle(i18n.T("Документы на подпись", "Documents to sign"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), g.docsHint),
		container.NewVBox(container.NewHBox(add, g.sendBtn), g.progress), nil, nil, docs)
	g.sentHint = widget.NewLabel("")
	g.sentHint.Wrapping = fyne.TextWrapWord
	g.sentList = container.NewVBox()
	g.followBtn = widget.NewButtonWithIcon(i18n.T("Проверить статусы", "Check the statuses"), theme.ViewRefreshIcon(), g.follow)
	right := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, widget.NewLabelWithStyle(i18n.T("Отправленные", "Sent"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), g.followBtn), g.sentHint), nil, nil, nil, container.NewVScroll(g.sentList))
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	g.showFields()
	if !g.loaded {
		g.loaded = true
		g.loadJournal()
	}
	g.show()
	return container.NewBorder(title, nil, nil, nil, split)
}

// showFields lists the service's fields; an empty one takes the catalog
// default (shown as the hint).
func (g *goskeyScreen) showFields() {
	if g.fieldsBox == nil {
		return
	}
	var items []*widget.FormItem
	for _, p := range g.formFields() {
		p := p
		e := widget.NewEntry()
		e.SetPlaceHolder(p.Default)
		e.SetText(g.values[p.Name])
		e.OnChanged = func(s string) { g.values[p.Name] = strings.TrimSpace(s) }
		label := p.DescriptionIn(i18n.Current())
		if label == "" {
			label = p.Name
		}
		if r := []rune(label); len(r) > 0 {
			label = strings.ToUpper(string(r[0])) + string(r[1:])
		}
		// no hint under the field: the template's name of it («snils»,
		// «orgName») is English to a clerk and took a line each, which
		// the documents' list needs
		items = append(items, widget.NewFormItem(shortLabel(label), e))
	}
	g.fieldsBox.RemoveAll()
	g.fieldsBox.Add(widget.NewForm(items...))
}

// shortLabel keeps a form label to its first clause (the full text is in
// the catalog; «СНИЛС физического лица, которому…» → «СНИЛС физического
// лица»).
func shortLabel(s string) string {
	if i := strings.IndexAny(s, ",("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

func (g *goskeyScreen) pickDocs() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		g.addDocs([]string{r.URI().Path()})
	}, g.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".tif", ".tiff", ".xml", ".txt"}))
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

// addDocs adds documents (picked or dropped on the window).
func (g *goskeyScreen) addDocs(paths []string) {
	for _, p := range paths {
		dup := false
		for _, d := range g.docs {
			dup = dup || d == p
		}
		if !dup {
			g.docs = append(g.docs, p)
		}
	}
	g.show()
	g.checkDocs()
}

// checkDocs runs the core's checks of the service on the documents (name
// rule of the catalog, size, type) off the UI goroutine; each document
// then shows ✓ or ✗ with the rule's own words, before anything is signed.
func (g *goskeyScreen) checkDocs() {
	if len(g.docs) == 0 {
		return
	}
	g.checkSeq++
	seq, docs, svc := g.checkSeq, append([]string(nil), g.docs...), g.service
	if svc == "" {
		svc = "10000000374"
	}
	g.a.async(func() {
		probs := g.a.be.Check(workflow.Application{Service: svc, Attachments: docs})
		g.a.ui.Do(func() {
			if seq != g.checkSeq {
				return // documents or service changed meanwhile
			}
			g.checks = map[string][]string{}
			bad := 0
			for _, d := range docs {
				var texts []string
				for _, pr := range probs {
					// problems without a file (the request XML, built at
					// sending) are not the documents'
					if pr.File != "" && pr.File == filepath.Base(d) {
						texts = append(texts, pr.Text.String())
					}
				}
				g.checks[d] = texts
				if len(texts) > 0 {
					bad++
				}
			}
			g.a.trace("goskey docs checked n=%d problems=%d", len(docs), bad)
			g.show()
		})
	})
}

// docProblems are the problems found in a document; checked is false
// until its check came back.
func (g *goskeyScreen) docProblems(p string) (probs []string, checked bool) {
	probs, checked = g.checks[p]
	return probs, checked
}

// badDocs counts the documents with a problem.
func (g *goskeyScreen) badDocs() int {
	n := 0
	for _, d := range g.docs {
		if p, _ := g.docProblems(d); len(p) > 0 {
			n++
		}
	}
	return n
}

// docRow is a document: its name, the check's verdict, a delete button.
func (g *goskeyScreen) docRow(i int, p string) fyne.CanvasObject {
	name := widget.NewLabel(filepath.Base(p))
	name.Truncation = fyne.TextTruncateEllipsis
	verdict := widget.NewLabel(i18n.T("проверяется…", "checking…"))
	verdict.Wrapping = fyne.TextWrapWord
	if probs, ok := g.docProblems(p); ok && len(probs) == 0 {
		verdict.SetText(i18n.T("✓ проверен: имя, размер и тип подходят", "✓ checked: name, size and type fit"))
		verdict.Importance = widget.SuccessImportance
	} else if ok {
		verdict.SetText("✗ " + strings.Join(probs, "; "))
		verdict.Importance = widget.DangerImportance
	}
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { g.removeDoc(i) })
	return container.NewBorder(nil, nil, container.NewVBox(container.NewCenter(widget.NewIcon(theme.FileIcon()))), container.NewVBox(del), container.NewVBox(name, verdict))
}

func (g *goskeyScreen) removeDoc(i int) {
	if i < len(g.docs) {
		delete(g.checks, g.docs[i])
		g.docs = append(g.docs[:i], g.docs[i+1:]...)
	}
	g.show()
}

// send signs and sends the request; the order then waits for the
// citizen's signature in Госключ.
func (g *goskeyScreen) send() {
	if g.busy || len(g.docs) == 0 {
		return
	}
	vals := map[string]string{}
	for k, v := range g.values {
		if v != "" {
			vals[k] = v
		}
	}
	req := workflow.GoskeyRequest{Service: g.service, Values: vals, Documents: append([]string(nil), g.docs...)}
	env := g.a.shell.status.envName()
	cert := g.a.cert
	g.busy = true
	g.progress.Show()
	g.progress.Start()
	g.sendBtn.Disable()
	g.a.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		res, err := g.a.be.SendToGoskey(ctx, env, cert, g.a.pinPrompt(), req)
		g.a.ui.Do(func() {
			g.busy = false
			g.progress.Stop()
			g.progress.Hide()
			if err != nil {
				g.show()
				showError(g.a.win, err)
				return
			}
			var names []string
			for _, d := range req.Documents {
				names = append(names, filepath.Base(d))
			}
			// a status that arrived while sending wins over «ожидает подписи»
			found := false
			for _, o := range g.sent {
				found = found || o.OrderID == res.OrderID
			}
			if !found {
				g.sent = append([]goskeyOrder{{OrderID: res.OrderID, Docs: names, Status: i18n.T("Ожидает подписи в Госключе", "Waiting for the signature in Goskey"),
					Class: "progress", At: g.a.now()}}, g.sent...)
			}
			g.docs, g.checks = nil, nil
			g.follows[res.OrderID] = true // the backend follows it
			g.a.trace("goskey sent %d", res.OrderID)
			g.show()
		})
	})
}

// event follows the sent orders: status, final status, signed documents.
func (g *goskeyScreen) event(e workflow.Event) {
	if e.OrderID == 0 || g.sentList == nil {
		return
	}
	i := -1
	for j := range g.sent {
		if g.sent[j].OrderID == e.OrderID {
			i = j
		}
	}
	if i < 0 {
		return
	}
	o := &g.sent[i]
	switch e.Stage {
	case workflow.StageStatus, workflow.StageFinal:
		if e.Status == nil {
			return
		}
		o.At = e.Time
		if e.Status.ID != 0 || e.Status.Final {
			// status 0 («Черновик заявления») comes first: the order keeps
			// «Ожидает подписи в Госключе» until a real status
			o.Status = e.Status.Title
		}
		g.a.trace("goskey status %d %d", e.OrderID, e.Status.ID)
		switch {
		case e.Status.Final && e.Status.ID == 3:
			o.Class = "done"
		case e.Status.Final && e.Status.ID == 4:
			o.Class = "refused"
		case e.Status.Final:
			o.Class = "error"
		default:
			o.Class = "progress"
		}
	case workflow.StageResult:
		var sigs []sigVerdict
		var walk func(fs []workflow.ResultFile)
		walk = func(fs []workflow.ResultFile) {
			for _, f := range fs {
				sigs = append(sigs, sigVerdict{f.Name, f.Path, f.Signed, f.Valid, f.Verdict})
				walk(f.Extracted)
			}
		}
		walk(e.Files)
		o.setResults(sigs)
		g.a.trace("goskey signed %d valid=%v files=%d", e.OrderID, o.Valid, len(o.Results))
	default:
		return
	}
	g.show()
}

// sigVerdict is a result file as the screen needs it (an event's
// workflow.ResultFile or the journal's journal.ResultFile).
type sigVerdict struct {
	name, path string
	signed     bool
	valid      bool
	verdict    string
}

// setResults puts the returned files on the order: one line per
// signature with the core's verdict, the folder they are saved in.
func (o *goskeyOrder) setResults(fs []sigVerdict) {
	o.Results, o.Valid = nil, true
	for _, f := range fs {
		if o.Folder == "" && f.path != "" {
			o.Folder = filepath.Dir(f.path)
		}
		if !f.signed {
			continue
		}
		mark := "✓ "
		if !f.valid {
			mark, o.Valid = "✗ ", false
		}
		v := f.verdict
		if v == "" {
			v = i18n.T("подпись проверена", "signature checked")
		}
		// the clerk thinks of the document, not of its detached signature
		o.Results = append(o.Results, mark+strings.TrimSuffix(f.name, ".sig")+" — "+v)
	}
	if len(o.Results) == 0 {
		o.Results = []string{i18n.T("Файлы получены, подписей в них нет", "Files received, no signature in them")}
		o.Valid = false
	}
}

// waiting are the orders not final and not followed yet (sent before this
// start).
func (g *goskeyScreen) waiting() []int64 {
	var ids []int64
	for _, o := range g.sent {
		if o.Class == "progress" && o.OrderID != 0 && !g.follows[o.OrderID] {
			ids = append(ids, o.OrderID)
		}
	}
	return ids
}

// follow asks the backend to follow the orders still waiting since before
// this start: their statuses and the signed documents then arrive as
// events, as for an order sent now.
func (g *goskeyScreen) follow() {
	ids := g.waiting()
	if len(ids) == 0 || g.busy {
		return
	}
	env := g.a.shell.status.envName()
	cert := g.a.cert
	g.busy = true
	g.progress.Show()
	g.progress.Start()
	g.show()
	g.a.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		err := g.a.be.TrackGoskey(ctx, env, cert, g.a.pinPrompt(), ids)
		g.a.ui.Do(func() {
			g.busy = false
			g.progress.Stop()
			g.progress.Hide()
			if err != nil {
				g.show()
				showError(g.a.win, err)
				return
			}
			for _, id := range ids {
				g.follows[id] = true
			}
			g.a.trace("goskey follow n=%d", len(ids))
			g.show()
		})
	})
}

// sentRow is one sent order: number and documents, status, one wrapping
// line per signature verdict (who signed is the point), «Открыть папку».
func (g *goskeyScreen) sentRow(o goskeyOrder) fyne.CanvasObject {
	num := widget.NewLabelWithStyle(i18n.T("№ ", "No. ")+int64s(o.OrderID), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	docs := widget.NewLabel(strings.Join(o.Docs, ", "))
	docs.Truncation = fyne.TextTruncateEllipsis
	st := widget.NewLabel(o.Status)
	st.Wrapping = fyne.TextWrapWord
	st.Importance = statusImportance(o.Class)
	row := container.NewVBox(container.NewBorder(nil, nil, num, nil, docs), st)
	imp := widget.MediumImportance
	switch {
	case len(o.Results) > 0 && o.Valid:
		imp = widget.SuccessImportance
	case len(o.Results) > 0:
		imp = widget.DangerImportance
	}
	lines := o.Results
	if len(lines) == 0 {
		lines = []string{i18n.T("Подписанные документы появятся здесь, когда гражданин подпишет их в приложении Госключ.", "The signed documents appear here once the citizen signs them in the Goskey app.")}
	}
	for _, l := range lines {
		res := widget.NewLabel(l)
		res.Wrapping = fyne.TextWrapWord
		res.Importance = imp
		row.Add(res)
	}
	if o.Folder != "" {
		dir := o.Folder
		row.Add(container.NewHBox(widget.NewButtonWithIcon(i18n.T("Открыть папку", "Open folder"), theme.FolderOpenIcon(), func() { g.openFolder(dir) })))
	}
	row.Add(widget.NewSeparator())
	return row
}

func (g *goskeyScreen) show() {
	if g.sendBtn == nil {
		return
	}
	if len(g.docs) == 0 {
		g.docsHint.SetText(i18n.T("Документов нет — добавьте PDF, TIFF, XML или TXT (до 15 файлов) кнопкой или перетащите их на окно.",
			"No documents — add PDF, TIFF, XML or TXT files (up to 15) with the button or drop them on the window."))
	} else {
		h := i18n.T("Документов: ", "Documents: ") + itoa(len(g.docs)) + i18n.T(". Пустые поля берут значение из каталога (серый текст).", ". Empty fields take the catalog value (grey text).")
		if n := g.badDocs(); n > 0 {
			h = i18n.T("Документов: ", "Documents: ") + itoa(len(g.docs)) + i18n.T(", не подходят: ", ", not accepted: ") + itoa(n) +
				i18n.T(" (✗) — переименуйте или уберите их, затем добавьте снова.", " (✗) — rename or remove them, then add them again.")
		}
		g.docsHint.SetText(h)
	}
	setEnabled(g.sendBtn, len(g.docs) > 0 && !g.busy && g.badDocs() == 0)
	if len(g.waiting()) > 0 {
		g.followBtn.Show()
		setEnabled(g.followBtn, !g.busy)
	} else {
		g.followBtn.Hide()
	}
	if len(g.sent) == 0 {
		g.sentHint.SetText(i18n.T("Отправленных пока нет: выберите документы и нажмите «Подписать и отправить в Госключ». Статус и подписанные документы появятся здесь сами.",
			"Nothing sent yet: choose the documents and press Sign and send to Goskey. The status and the signed documents appear here by themselves."))
	} else {
		waiting := 0
		for _, o := range g.sent {
			if o.Class == "progress" {
				waiting++
			}
		}
		h := i18n.T("Ожидают подписи: ", "Waiting for a signature: ") + itoa(waiting) + i18n.T(" из ", " of ") + itoa(len(g.sent))
		if n := len(g.waiting()); n > 0 {
			h += i18n.T(". Отправленные до запуска программы (", ". Sent before this start (") + itoa(n) +
				i18n.T(") проверяются после «Проверить статусы».", ") are checked after Check the statuses.")
		}
		g.sentHint.SetText(h)
	}
	docRows := make([]fyne.CanvasObject, 0, len(g.docs))
	for i, d := range g.docs {
		docRows = append(docRows, g.docRow(i, d))
	}
	g.docsList.Objects = docRows
	g.docsList.Refresh()
	rows := make([]fyne.CanvasObject, 0, len(g.sent))
	for _, o := range g.sent {
		rows = append(rows, g.sentRow(o))
	}
	g.sentList.Objects = rows
	g.sentList.Refresh()
}

// openFolder shows the signed documents in the file manager.
func (g *goskeyScreen) openFolder(dir string) {
	g.a.trace("goskey open %s", dir)
	if err := g.a.fa.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}); err != nil {
		showError(g.a.win, &userError{What: i18n.Text{RU: "Папка не открылась: " + dir + ".", EN: "The folder did not open: " + dir + "."},
			Do: i18n.Text{RU: "Откройте её в файловом менеджере вручную.", EN: "Open it in the file manager by hand."}, Err: err})
	}
}

// loadJournal lists the Госключ orders the journal keeps (sent before this
// start: still waiting, signed or refused).
func (g *goskeyScreen) loadJournal() {
	l, err := g.a.be.GoskeyOrders(g.a.shell.status.envName())
	if err != nil {
		g.a.trace("goskey journal: %v", err)
		return
	}
	for _, o := range l {
		x := goskeyOrder{OrderID: o.OrderID, Docs: []string{o.Title}, Status: o.StatusText, Class: "progress", At: o.Created}
		switch {
		case o.Failed != "":
			x.Class, x.Status = "error", i18n.T("Не отправлено: ", "Not sent: ")+o.Failed
		case o.Final && o.StatusID == 3:
			x.Class = "done"
		case o.Final && o.StatusID == 4:
			x.Class = "refused"
		case o.Final:
			x.Class = "error"
		}
		if x.Status == "" || (o.StatusID == 0 && !o.Final && o.Failed == "") {
			x.Status = i18n.T("Ожидает подписи в Госключе", "Waiting for the signature in Goskey")
		}
		if len(o.Results) > 0 {
			var sigs []sigVerdict
			for _, f := range o.Results {
				sigs = append(sigs, sigVerdict{f.Name, f.Path, f.IsSig, f.Valid, f.Verdict})
			}
			x.setResults(sigs)
		}
		g.sent = append(g.sent, x)
	}
}
