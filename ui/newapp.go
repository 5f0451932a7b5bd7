package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/core/xmldoc"
	"github.com/gosdesk/gosdesk/xsd"
)

// validateDelay is the pause after the last keystroke before the document
// is checked against its schema (off the UI goroutine). It is waiting, not
// work: make bench leaves it out of keystroke → verdict.
const validateDelay = 300 * time.Millisecond

// draftDelay is the pause after the last change before the draft is saved
// to the journal.
const draftDelay = time.Second

// newApplication is the Новое заявление screen: the service picker, the XML
// editor with live XSD validation, the attachments and «Подписать и
// отправить». Its model (service, documents, attachments) survives a
// rebuild of the widgets (language switch).
type newApplication struct {
	a *App

	// model
	service     string
	docs        map[string]string // archive name → XML text
	docNames    []string
	current     string
	attachments []string
	roles       map[string]string // attachment path → catalog role ("" = its own name)
	draftID     int64
	problems    []workflow.Problem // of the current document
	checks      []workflow.Problem // of the whole application (attachments, files)
	validated   bool               // problems are of the current text
	validErr    error              // the document could not be checked
	seq         int                // edit counter: stale validations are dropped
	checking    bool               // a validation runs off the UI goroutine
	again       bool               // … and another was asked for meanwhile
	saving      bool               // an autosave runs off the UI goroutine
	saveAgain   bool               // … and another was asked for meanwhile
	// verdictShown (tests, make bench) runs when a verdict is on screen
	verdictShown func()
	timer        *time.Timer
	draftTimer   *time.Timer
	// stopped: the window closed (or a test ended); a debounce timer that
	// fires does nothing (timers.go). UI goroutine only.
	stopped bool
	mu      sync.Mutex

	// widgets
	search    *widget.Entry
	svcList   *widget.List
	filtered  []xsd.Service
	svcInfo   *widget.RichText
	docSelect *widget.Select
	editor    *xmlEditor
	findBar   *fyne.Container
	findEntry *escEntry
	tools     []*widget.Button // the editor's toolbar after the document picker
	banner    *widget.Label
	probList  *widget.List
	attList   *widget.List
	tabs      *container.AppTabs
	certLabel *widget.Label
	sendBtn   *widget.Button
	sending   *sendProgress
}

func newNewApplication(a *App) *newApplication {
	return &newApplication{a: a, docs: map[string]string{}, roles: map[string]string{}}
}

// build makes the screen's widgets from the model.
func (n *newApplication) build() fyne.CanvasObject {
	// service picker
	n.search = widget.NewEntry()
	n.search.SetPlaceHolder(i18n.T("Поиск услуги: название или код", "Find a service: name or code"))
	n.search.OnChanged = func(string) { n.filter() }
	n.search.OnSubmitted = func(string) {
		if len(n.filtered) > 0 {
			n.chooseService(n.filtered[0].Code)
		}
	}
	n.svcList = widget.NewList(
		func() int { return len(n.filtered) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("10000103652 · Название услуги")
			name.Truncation = fyne.TextTruncateEllipsis
			return name
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			s := n.filtered[id]
			o.(*widget.Label).SetText(s.Code + " · " + serviceName(s))
		})
	n.svcList.OnSelected = func(id widget.ListItemID) {
		if id < len(n.filtered) && n.filtered[id].Code != n.service {
			n.chooseService(n.filtered[id].Code)
		}
	}
	n.svcInfo = widget.NewRichText()
	n.svcInfo.Wrapping = fyne.TextWrapWord
	n.filter()
	picker := container.NewVSplit(
		topThen(n.search, n.svcList),
		container.NewVScroll(n.svcInfo))
	picker.Offset = 0.45

	// editor and its toolbar
	n.editor = newXMLEditor()
	n.editor.OnChanged = n.edited
	n.editor.OnKey = func(k *fyne.KeyEvent) bool {
		switch {
		case k.Name == fyne.KeyF1:
			n.a.shell.help()
			return true
		case k.Name == fyne.KeyEscape && n.findBar.Visible():
			n.findBar.Hide()
			return true
		}
		return false
	}
	n.docSelect = widget.NewSelect(nil, func(name string) { n.switchDoc(name) })
	n.docSelect.PlaceHolder = i18n.T("(документ)", "(document)")
	tool := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, f)
		b.Importance = widget.LowImportance
		return b
	}
	n.tools = []*widget.Button{
		tool(i18n.T("Вставить шаблон", "Insert template"), theme.ContentPasteIcon(), n.insertTemplate),
		tool(i18n.T("Форматировать", "Format"), theme.ViewRefreshIcon(), n.format),
		tool("", theme.ContentUndoIcon(), func() { n.editor.Undo() }),
		tool("", theme.ContentRedoIcon(), func() { n.editor.Redo() }),
		tool(i18n.T("Найти", "Find"), theme.SearchIcon(), n.showFind),
		tool(i18n.T("Сохранить", "Save"), theme.DocumentSaveIcon(), func() { n.saveDraft(true) }),
	}
	toolbar := container.NewHBox(n.docSelect)
	for _, b := range n.tools {
		toolbar.Add(b)
	}
	n.findEntry = newEscEntry(func() { n.findBar.Hide(); n.a.win.Canvas().Focus(n.editor.Focusable()) })
	n.findEntry.SetPlaceHolder(i18n.T("Найти в документе", "Find in the document"))
	n.findEntry.OnSubmitted = func(s string) { n.findNext() }
	n.findBar = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()),
		container.NewHBox(widget.NewButton(i18n.T("Далее", "Next"), n.findNext), widget.NewButtonWithIcon("", theme.CancelIcon(), func() { n.findBar.Hide() })),
		n.findEntry)
	n.findBar.Hide()

	// validation result and attachments
	n.banner = widget.NewLabel("")
	n.banner.Wrapping = fyne.TextWrapWord
	n.probList = widget.NewList(
		func() int { return len(n.problems) },
		func() fyne.CanvasObject {
			pos := widget.NewLabelWithStyle("000:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
			msg := widget.NewLabel("сообщение")
			msg.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.ErrorIcon()), pos), nil, msg)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(n.problems) {
				return
			}
			p := n.problems[id]
			b := o.(*fyne.Container)
			b.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(posText(p))
			b.Objects[0].(*widget.Label).SetText(p.Text.String())
		})
	n.probList.OnSelected = func(id widget.ListItemID) {
		if id < len(n.problems) {
			p := n.problems[id]
			n.editor.MoveTo(n.a.win.Canvas(), p.Line, p.Col)
		}
		n.probList.UnselectAll()
	}
	n.attList = widget.NewList(
		func() int { return len(n.attachments) },
		func() fyne.CanvasObject {
			icon := widget.NewIcon(theme.FileIcon())
			name := widget.NewLabelWithStyle("имя файла.pdf", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			info := widget.NewLabel("размер · проверка · маршрут")
			info.Truncation = fyne.TextTruncateEllipsis
			role := widget.NewSelect(nil, nil)
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
			del.Importance = widget.LowImportance
			roleBox := container.NewGridWrap(fyne.NewSize(250, role.MinSize().Height), role)
			return container.NewBorder(nil, nil, icon, del, container.NewVBox(container.NewBorder(nil, nil, nil, roleBox, name), info))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(n.attachments) {
				return
			}
			p := n.attachments[id]
			b := o.(*fyne.Container)
			texts := b.Objects[0].(*fyne.Container)
			icon := b.Objects[1].(*widget.Icon)
			del := b.Objects[2].(*widget.Button)
			head := texts.Objects[0].(*fyne.Container)
			label := filepath.Base(p)
			if an := n.archiveName(p); an != label {
				label += "  →  " + an
			}
			head.Objects[0].(*widget.Label).SetText(label)
			n.bindRole(head.Objects[1].(*fyne.Container).Objects[0].(*widget.Select), p)
			info, ok := n.attachmentInfo(p)
			l := texts.Objects[1].(*widget.Label)
			l.SetText(info)
			if ok {
				icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
				l.Importance = widget.MediumImportance
			} else {
				icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
				l.Importance = widget.DangerImportance
			}
			l.Refresh()
			del.OnTapped = func() { n.removeAttachment(p) }
		})
	addFiles := widget.NewButtonWithIcon(i18n.T("Добавить файлы…", "Add files…"), theme.ContentAddIcon(), n.pickAttachments)
	dropHint := widget.NewLabel(i18n.T("Сканы можно перетащить на окно из файлового менеджера.", "Scans can be dropped on the window from the file manager."))
	dropHint.Truncation = fyne.TextTruncateEllipsis
	attPane := container.NewBorder(container.NewBorder(nil, nil, addFiles, nil, dropHint), nil, nil, nil, n.attList)
	n.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("Проверка схемы", "Schema check"), theme.ErrorIcon(), container.NewBorder(n.banner, nil, nil, nil, n.probList)),
		container.NewTabItemWithIcon(i18n.T("Вложения", "Attachments"), theme.FileIcon(), attPane))

	// certificate and the send button
	n.certLabel = widget.NewLabel("")
	n.certLabel.Truncation = fyne.TextTruncateEllipsis
	n.sendBtn = widget.NewButtonWithIcon(i18n.T("Подписать и отправить", "Sign and send")+"  (Ctrl+Enter)", theme.MailSendIcon(), n.signAndSend)
	n.sendBtn.Importance = widget.HighImportance
	actions := container.NewBorder(nil, nil, nil, n.sendBtn, n.certLabel)

	editorPane := topThen(container.NewVBox(toolbar, n.findBar), n.editor)
	work := container.NewVSplit(editorPane, n.tabs)
	work.Offset = 0.62
	right := container.NewBorder(nil, actions, nil, nil, work)
	split := container.NewHSplit(picker, right)
	split.Offset = 0.3

	n.refreshDocs()
	if n.current != "" {
		n.editor.SetText(n.docs[n.current])
	}
	for i, s := range n.filtered {
		if s.Code == n.service {
			n.svcList.Select(i)
		}
	}
	n.refreshService()
	n.refreshCert()
	n.refreshResult()
	return split
}

// topThen is a border layout with top above content that keeps them in
// this order for Tab (container.NewBorder puts the content first).
func topThen(top, content fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewBorderLayout(top, nil, nil, nil), top, content)
}

// filter applies the search text to the catalog (name in either language,
// code, agency).
func (n *newApplication) filter() {
	q := strings.ToLower(strings.TrimSpace(n.search.Text))
	n.filtered = n.filtered[:0]
	for _, s := range xsd.Services() {
		hay := strings.ToLower(s.Code + " " + s.Name + " " + s.NameEN + " " + s.Agency + " " + s.AgencyEN + " " + s.Group)
		if q == "" || strings.Contains(hay, q) {
			n.filtered = append(n.filtered, s)
		}
	}
	n.svcList.Refresh()
}

func serviceName(s xsd.Service) string {
	if i18n.Current() == i18n.EN && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

func (n *newApplication) focusSearch() {
	n.a.win.Canvas().Focus(n.search)
}

// chooseService selects a service: its documents appear in the selector,
// empty until the template is inserted or text typed.
func (n *newApplication) chooseService(code string) {
	if code == n.service || !n.chooseServiceModel(code) {
		return
	}
	n.a.trace("service %s", code)
	n.refreshDocs()
	n.editor.SetText("")
	n.refreshService()
	for i, s := range n.filtered {
		if s.Code == code {
			n.svcList.Select(i)
		}
	}
	n.refreshResult()
}

// chooseServiceModel sets the service and its empty documents (no widgets).
func (n *newApplication) chooseServiceModel(code string) bool {
	svc, ok := xsd.Lookup(code)
	if !ok {
		return false
	}
	n.service = code
	n.docs = map[string]string{}
	n.docNames = nil
	for _, f := range svc.Files {
		if f.Kind != xsd.KindTransport && f.Kind != xsd.KindBusiness {
			continue
		}
		name := f.Name
		if strings.ContainsAny(name, "*?[") {
			name = strings.Replace(name, "*", xsd.NewGUID(), 1)
		}
		n.docNames = append(n.docNames, name)
		n.docs[name] = ""
	}
	n.current = ""
	if len(n.docNames) > 0 {
		n.current = n.docNames[0]
	}
	n.problems, n.validated, n.validErr = nil, false, nil
	return true
}

// refreshService shows the chosen service's description: who may apply,
// the files it needs, signatures, the route, the notes.
func (n *newApplication) refreshService() {
	svc, ok := xsd.Lookup(n.service)
	if !ok {
		n.svcInfo.ParseMarkdown(i18n.T("Выберите услугу в списке выше — здесь появится её описание и то, что для неё нужно.",
			"Choose a service in the list above — its description and what it needs appear here."))
		return
	}
	var b strings.Builder
	b.WriteString("**" + serviceName(svc) + "**\n\n")
	b.WriteString(i18n.T("Код услуги: ", "Service code: ") + svc.Code + " · " + i18n.T("ведомство: ", "agency: ") + svc.AgencyIn(i18n.Current()) + "\n\n")
	b.WriteString(i18n.T("Кто подаёт: ", "Who applies: ") + strings.Join(svc.ApplicantsIn(i18n.Current()), ", ") + "\n\n")
	b.WriteString(i18n.T("**Что нужно:**", "**What it needs:**") + "\n\n")
	for _, f := range svc.Files {
		if f.Kind == xsd.KindSignConfig || f.Role == xsd.RoleSignature {
			continue
		}
		req := i18n.T("по желанию", "optional")
		if f.Required {
			req = i18n.T("обязательно", "required")
		}
		desc := f.DescriptionIn(i18n.Current())
		if desc == "" {
			desc = f.Name
		}
		b.WriteString("- " + desc + " (" + req + ")\n")
	}
	b.WriteString("\n")
	if svc.Signed {
		b.WriteString(i18n.T("Все файлы подписываются вашим сертификатом (открепленная подпись ГОСТ).", "Every file is signed with your certificate (detached GOST signature).") + "\n\n")
	}
	if svc.ReserveOrder {
		b.WriteString(i18n.T("Номер заявления резервируется заранее и вписывается в документ при отправке.", "The order number is reserved first and written into the document when sending.") + "\n\n")
	}
	for _, note := range svc.NotesIn(i18n.Current()) {
		b.WriteString("- " + note + "\n")
	}
	n.svcInfo.ParseMarkdown(b.String())
}

func (n *newApplication) refreshDocs() {
	if n.docSelect == nil {
		return
	}
	cb := n.docSelect.OnChanged
	n.docSelect.OnChanged = nil
	n.docSelect.Options = append([]string(nil), n.docNames...)
	n.docSelect.SetSelected(n.current)
	n.docSelect.OnChanged = cb
	n.docSelect.Refresh()
}

// switchDoc shows another XML document of the application.
func (n *newApplication) switchDoc(name string) {
	if name == "" || name == n.current {
		return
	}
	n.current = name
	n.problems, n.validated, n.validErr = nil, false, nil
	n.editor.SetText(n.docs[name])
	n.refreshResult()
}

// escEntry is a one-line field that closes its bar on Esc.
type escEntry struct {
	widget.Entry
	onEsc func()
}

func newEscEntry(onEsc func()) *escEntry {
	e := &escEntry{onEsc: onEsc}
	e.ExtendBaseWidget(e)
	return e
}

func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(k)
}

// nextDoc shows the next XML document of the application (Ctrl+PageDown).
func (n *newApplication) nextDoc() {
	for i, name := range n.docNames {
		if name == n.current {
			n.docSelect.SetSelected(n.docNames[(i+1)%len(n.docNames)])
			n.a.trace("document %s", n.current)
			return
		}
	}
}

// edited runs on every change of the editor's text.
func (n *newApplication) edited(text string) {
	if n.current == "" {
		return
	}
	n.docs[n.current] = text
	n.scheduleValidation()
	n.scheduleDraft()
}

// scheduleValidation restarts the debounce timer.
func (n *newApplication) scheduleValidation() {
	n.mu.Lock()
	n.seq++
	if n.timer != nil {
		n.timer.Stop()
	}
	n.timer = time.AfterFunc(validateDelay, n.unlessStopped(n.validateNow))
	n.mu.Unlock()
	n.validated = false
	n.refreshResult()
}

// validateNow checks the current document off the UI goroutine. Only one
// check runs at a time: asked again meanwhile, it checks the text as it is
// when the running one ends (never a queue of stale texts), and a result
// older than the last keystroke is dropped.
func (n *newApplication) validateNow() {
	if n.service == "" || n.current == "" {
		return
	}
	n.mu.Lock()
	if n.checking {
		n.again = true
		n.mu.Unlock()
		return
	}
	n.checking = true
	seq := n.seq
	n.mu.Unlock()
	service, name, text := n.service, n.current, n.docs[n.current]
	app := n.application()
	n.a.async(func() {
		// the schema verdict first: it is what the clerk waits for
		var probs []workflow.Problem
		var err error
		if strings.TrimSpace(text) != "" {
			probs, err = n.a.be.Validate(service, name, []byte(text))
		}
		n.a.ui.Do(func() {
			n.mu.Lock()
			stale := seq != n.seq || name != n.current
			n.mu.Unlock()
			if stale {
				return
			}
			n.problems, n.validErr, n.validated = probs, err, true
			n.refreshResult()
			n.a.trace("validation %s errors=%d", name, len(probs))
			if n.verdictShown != nil {
				n.verdictShown()
			}
		})
		// then the whole application (attachments, required files)
		checks := n.a.be.Check(app)
		n.a.ui.Do(func() {
			n.mu.Lock()
			again := n.again
			n.checking, n.again = false, false
			n.mu.Unlock()
			n.checks = checks
			n.attList.Refresh()
			if again {
				n.validateNow()
			}
		})
	})
}

// refreshResult shows the validation verdict: the green line, the error
// count, or «checking…».
func (n *newApplication) refreshResult() {
	if n.banner == nil {
		return
	}
	text := n.docs[n.current]
	switch {
	case n.service == "":
		n.banner.SetText(i18n.T("Выберите услугу слева, затем вставьте шаблон (Ctrl+T) или введите XML.", "Choose a service on the left, then insert the template (Ctrl+T) or type the XML."))
		n.banner.Importance = widget.MediumImportance
	case strings.TrimSpace(text) == "":
		n.banner.SetText(i18n.T("Документ пуст: нажмите «Вставить шаблон» (Ctrl+T).", "The document is empty: press Insert template (Ctrl+T)."))
		n.banner.Importance = widget.MediumImportance
	case !n.validated:
		n.banner.SetText(i18n.T("Проверка по схеме…", "Checking against the schema…"))
		n.banner.Importance = widget.MediumImportance
	case n.validErr != nil:
		n.banner.SetText(i18n.T("Документ не удалось проверить: ", "The document could not be checked: ") + i18n.Message(n.validErr))
		n.banner.Importance = widget.DangerImportance
	case len(n.problems) > 0:
		n.banner.SetText(i18n.T("Ошибок в документе: ", "Errors in the document: ") + itoa(len(n.problems)) +
			i18n.T(". Щёлкните ошибку — курсор перейдёт к месту.", ". Click an error to move the cursor there."))
		n.banner.Importance = widget.DangerImportance
	default:
		msg := i18n.T("✔ Документ соответствует схеме", "✔ The document conforms to the schema")
		if ph := openPlaceholders(text); len(ph) > 0 {
			msg += i18n.T(". Не заполнено: ", ". Not filled in: ") + strings.Join(ph, ", ")
		}
		n.banner.SetText(msg)
		n.banner.Importance = widget.SuccessImportance
	}
	n.banner.Refresh()
	if n.tabs != nil && len(n.tabs.Items) == 2 {
		t := i18n.T("Проверка схемы", "Schema check")
		if len(n.problems) > 0 {
			t += " (" + itoa(len(n.problems)) + ")"
		}
		n.tabs.Items[0].Text = t
		n.tabs.Items[1].Text = i18n.T("Вложения", "Attachments") + " (" + itoa(len(n.attachments)) + ")"
		n.tabs.Refresh()
	}
	n.probList.Refresh()
}

// openPlaceholders lists the {placeholders} still in the text, except
// {orderId}, which the send fills in.
func openPlaceholders(text string) []string {
	var out []string
	for _, p := range xmldoc.Placeholders([]byte(text)) {
		if p != "orderId" {
			out = append(out, "{"+p+"}")
		}
	}
	return out
}

func posText(p workflow.Problem) string {
	if p.Line == 0 {
		return ""
	}
	return itoa(p.Line) + ":" + itoa(p.Col)
}

// insertTemplate fills every document of the service from its template
// (asking before replacing typed text).
func (n *newApplication) insertTemplate() {
	svc, ok := xsd.Lookup(n.service)
	if !ok {
		showError(n.a.win, &userError{
			What: i18n.Text{RU: "Услуга не выбрана.", EN: "No service chosen."},
			Do:   i18n.Text{RU: "Найдите услугу в списке слева (Ctrl+L) и выберите её.", EN: "Find the service in the list on the left (Ctrl+L) and choose it."}})
		return
	}
	do := func() {
		for _, name := range n.docNames {
			f, ok := svc.FileFor(name)
			if !ok || f.Template == "" {
				continue
			}
			b, err := svc.FillTemplate(f.Role, n.a.now(), map[string]string{"orderId": "{orderId}"})
			if err != nil {
				showError(n.a.win, err)
				return
			}
			n.docs[name] = string(b)
		}
		n.editor.SetText(n.docs[n.current])
		n.scheduleValidation()
		n.scheduleDraft()
		n.a.win.Canvas().Focus(n.editor.Focusable())
		n.a.trace("template inserted %s", n.service)
	}
	for _, name := range n.docNames {
		if strings.TrimSpace(n.docs[name]) != "" {
			d := dialog.NewCustomConfirm(i18n.T("Заменить документы шаблоном?", "Replace the documents with the template?"),
				i18n.T("Заменить", "Replace"), i18n.T("Отмена", "Cancel"),
				widget.NewLabel(i18n.T("Введённый текст документов будет заменён шаблоном услуги.",
					"The typed text of the documents will be replaced by the service template.")),
				func(ok bool) {
					if ok {
						do()
					}
				}, n.a.win)
			n.a.keyed(d, d.Confirm, d.Dismiss, nil)
			d.Show()
			return
		}
	}
	do()
}

// format pretty-prints the current document (core/xmldoc keeps every
// character of content and the comments).
func (n *newApplication) format() {
	text := n.editor.Text()
	if strings.TrimSpace(text) == "" {
		return
	}
	b, err := xmldoc.Pretty([]byte(text), 1, nil)
	if err != nil {
		showError(n.a.win, &userError{
			What: i18n.Text{RU: "Документ нельзя отформатировать: он не является корректным XML.", EN: "The document cannot be formatted: it is not well-formed XML."},
			Do:   i18n.Text{RU: "Исправьте ошибки из списка «Проверка схемы» и повторите.", EN: "Fix the errors of the Schema check list and try again."},
			Err:  err})
		return
	}
	n.editor.ReplaceAll(string(b))
}

func (n *newApplication) showFind() {
	n.findBar.Show()
	if sel := n.editor.SelectedText(); sel != "" && !strings.Contains(sel, "\n") {
		n.findEntry.SetText(sel)
	}
	n.a.win.Canvas().Focus(n.findEntry)
}

func (n *newApplication) findNext() {
	if !n.editor.Find(n.a.win.Canvas(), n.findEntry.Text) {
		n.banner.SetText(i18n.T("Не найдено: ", "Not found: ") + n.findEntry.Text)
	}
}

// addAttachments adds files (dropped or picked); folders are refused.
func (n *newApplication) addAttachments(paths []string) {
	var bad []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || st.IsDir() {
			bad = append(bad, filepath.Base(p))
			continue
		}
		dup := false
		for _, q := range n.attachments {
			if q == p {
				dup = true
			}
		}
		if !dup {
			n.attachments = append(n.attachments, p)
			n.roles[p] = n.defaultRole(p)
		}
	}
	if n.tabs != nil {
		n.tabs.SelectIndex(1)
	}
	n.a.trace("attachments %d", len(n.attachments))
	n.refreshResult()
	n.attList.Refresh()
	n.validateNow()
	n.scheduleDraft()
	if len(bad) > 0 {
		showError(n.a.win, &userError{
			What: i18n.Text{RU: "Не добавлено: " + strings.Join(bad, ", ") + " — это папка или файл недоступен.", EN: "Not added: " + strings.Join(bad, ", ") + " — a folder or an unreadable file."},
			Do:   i18n.Text{RU: "Перетащите сами файлы (сканы PDF, JPEG, PNG, TIFF), а не папку.", EN: "Drop the files themselves (PDF, JPEG, PNG, TIFF scans), not a folder."}})
	}
}

func (n *newApplication) removeAttachment(p string) {
	for i, q := range n.attachments {
		if q == p {
			n.attachments = append(n.attachments[:i], n.attachments[i+1:]...)
			break
		}
	}
	n.refreshResult()
	n.attList.Refresh()
	n.validateNow()
	n.scheduleDraft()
}

func (n *newApplication) pickAttachments() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close()
		n.addAttachments([]string{r.URI().Path()})
	}, n.a.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// attachmentInfo is the line under an attachment: size, the check result
// of the core and the route of the whole application.
func (n *newApplication) attachmentInfo(p string) (string, bool) {
	var parts []string
	if st, err := os.Stat(p); err == nil {
		parts = append(parts, formatSize(st.Size()))
	} else {
		return i18n.T("файл недоступен: ", "file unreadable: ") + i18n.Message(err), false
	}
	base := n.archiveName(p)
	var probs []string
	for _, pr := range n.checks {
		if pr.File == base || pr.File == filepath.Base(p) {
			probs = append(probs, pr.Text.String())
		}
	}
	ok := len(probs) == 0
	if ok {
		parts = append(parts, i18n.T("проверен: имя, размер и тип подходят", "checked: name, size and type fit"))
	} else {
		parts = append(parts, strings.Join(probs, "; "))
	}
	parts = append(parts, n.routeText())
	return strings.Join(parts, " · "), ok
}

// attachmentRoles are the service's files a clerk attaches (scans,
// documents), in catalog order.
func attachmentRoles(svc xsd.Service) []xsd.File {
	var out []xsd.File
	for _, f := range svc.Files {
		if f.Kind == xsd.KindAttachment {
			out = append(out, f)
		}
	}
	return out
}

// roleLabel is the short name of a role: its description up to the first
// colon or bracket.
func roleLabel(f xsd.File) string {
	d := f.DescriptionIn(i18n.Current())
	if i := strings.IndexAny(d, ":(;"); i > 0 {
		d = d[:i]
	}
	if d = strings.TrimSpace(d); d == "" {
		d = f.Role
	}
	return d
}

// defaultRole: a file already named as the service wants keeps its name;
// anything else becomes the service's first kind of attachment (the clerk
// can change it in the list).
func (n *newApplication) defaultRole(p string) string {
	svc, ok := xsd.Lookup(n.service)
	if !ok {
		return ""
	}
	if f, ok := svc.FileFor(filepath.Base(p)); ok && f.Kind == xsd.KindAttachment {
		return ""
	}
	if roles := attachmentRoles(svc); len(roles) > 0 {
		return roles[0].Role
	}
	return ""
}

// archiveName is the name the file gets in the archive (the core names it
// by its role the same way: xsd.File.ArchiveName).
func (n *newApplication) archiveName(p string) string {
	base := filepath.Base(p)
	svc, ok := xsd.Lookup(n.service)
	role := n.roles[p]
	if !ok || role == "" {
		return base
	}
	f, ok := svc.File(role)
	if !ok {
		return base
	}
	idx := 0
	for _, q := range n.attachments {
		if q == p {
			break
		}
		if n.roles[q] == role {
			idx++
		}
	}
	return f.ArchiveName(idx, base)
}

// bindRole fills a row's role picker.
func (n *newApplication) bindRole(sel *widget.Select, p string) {
	svc, _ := xsd.Lookup(n.service)
	roles := attachmentRoles(svc)
	sel.OnChanged = nil
	own := i18n.T("своё имя", "own name")
	opts := []string{own}
	cur := own
	for _, f := range roles {
		opts = append(opts, roleLabel(f))
		if f.Role == n.roles[p] {
			cur = roleLabel(f)
		}
	}
	sel.Options = opts
	sel.SetSelected(cur)
	sel.OnChanged = func(label string) {
		n.roles[p] = ""
		for _, f := range roles {
			if roleLabel(f) == label {
				n.roles[p] = f.Role
			}
		}
		n.attList.Refresh()
		n.validateNow()
		n.scheduleDraft()
	}
}

// routeText says how the application will travel (core/archive decides).
func (n *newApplication) routeText() string {
	svc, ok := xsd.Lookup(n.service)
	if !ok {
		return ""
	}
	var total int64
	var in []archive.Input
	for _, name := range n.docNames {
		total += int64(len(n.docs[name]))
		in = append(in, archive.Input{Name: name, Data: []byte(n.docs[name])})
	}
	for _, p := range n.attachments {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
		in = append(in, archive.Input{Name: n.archiveName(p), Path: p})
	}
	if archive.ChooseRoute(total, archive.NeedsOrderID(svc, in)) == archive.RoutePush {
		return i18n.T("отправка одним запросом", "sent in one request")
	}
	return i18n.T("резерв номера и отправка частями", "order number reserved, sent in chunks")
}

func formatSize(n int64) string {
	if i18n.Current() == i18n.EN {
		return xsd.FormatSizeEN(n)
	}
	return xsd.FormatSize(n)
}

// application is what would be sent now.
func (n *newApplication) application() workflow.Application {
	app := workflow.Application{Service: n.service, DraftID: n.draftID}
	for _, p := range n.attachments {
		app.Files = append(app.Files, workflow.Attachment{Path: p, Role: n.roles[p]})
	}
	for _, name := range n.docNames {
		if strings.TrimSpace(n.docs[name]) != "" {
			app.Documents = append(app.Documents, workflow.Document{Name: name, Data: []byte(n.docs[name])})
		}
	}
	if svc, ok := xsd.Lookup(n.service); ok {
		app.Title = serviceName(svc)
	}
	return app
}

func (n *newApplication) scheduleDraft() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.draftTimer != nil {
		n.draftTimer.Stop()
	}
	n.draftTimer = time.AfterFunc(draftDelay, n.unlessStopped(n.autosave))
}

// autosave keeps the draft after a pause in typing. The journal write runs
// off the UI goroutine (for a 1 MB document it takes tens of milliseconds,
// which would stall the next keystroke), one at a time: asked again
// meanwhile, it saves the latest text when the running one ends.
func (n *newApplication) autosave() {
	if n.service == "" {
		return
	}
	if n.saving {
		n.saveAgain = true
		return
	}
	n.saving = true
	app := n.application()
	d := workflow.Draft{ID: n.draftID, Service: app.Service, Title: app.Title, Documents: app.Documents, Attachments: append([]string(nil), n.attachments...)}
	n.a.async(func() {
		id, err := n.a.be.SaveDraft(d)
		n.a.ui.Do(func() {
			n.saving = false
			if err == nil && n.service == d.Service && n.draftID == d.ID {
				n.draftID = id
				n.a.fa.Preferences().SetInt(prefDraft, int(id))
				n.a.trace("draft saved %d", id)
			}
			if n.saveAgain {
				n.saveAgain = false
				n.autosave()
			}
		})
	})
}

// saveDraft keeps the application in the journal; loud says so (Ctrl+S).
func (n *newApplication) saveDraft(loud bool) {
	if n.service == "" {
		if loud {
			showError(n.a.win, &userError{
				What: i18n.Text{RU: "Сохранять пока нечего: услуга не выбрана.", EN: "Nothing to save yet: no service chosen."},
				Do:   i18n.Text{RU: "Выберите услугу и начните заполнять заявление — черновик сохраняется сам.", EN: "Choose a service and start filling in the application — the draft saves itself."}})
		}
		return
	}
	app := n.application()
	d := workflow.Draft{ID: n.draftID, Service: app.Service, Title: app.Title, Documents: app.Documents, Attachments: append([]string(nil), n.attachments...)}
	id, err := n.a.be.SaveDraft(d)
	if err != nil {
		if loud {
			showError(n.a.win, &userError{
				What: i18n.Text{RU: "Черновик не сохранён: " + i18n.MessageIn(i18n.RU, err) + ".", EN: "The draft was not saved: " + i18n.MessageIn(i18n.EN, err) + "."},
				Do:   i18n.Text{RU: "Не закрывайте программу и повторите сохранение (Ctrl+S) через минуту.", EN: "Keep the program open and save again (Ctrl+S) in a minute."},
				Err:  err})
		}
		return
	}
	n.draftID = id
	n.a.fa.Preferences().SetInt(prefDraft, int(id))
	n.a.trace("draft saved %d", id)
	if loud {
		n.banner.SetText(i18n.T("Черновик сохранён в ", "Draft saved at ") + n.a.now().Format("15:04:05"))
	}
}

// restoreDraft brings back the application being edited when the app
// closed or crashed (the journal keeps it; the preference says which one).
func (n *newApplication) restoreDraft() {
	id := int64(n.a.fa.Preferences().Int(prefDraft))
	if id == 0 {
		return
	}
	d, err := n.a.be.LoadDraft(id)
	if err != nil || d == nil {
		return
	}
	if _, ok := xsd.Lookup(d.Service); !ok {
		return
	}
	n.service = ""
	n.chooseServiceModel(d.Service)
	for _, doc := range d.Documents {
		if _, ok := n.docs[doc.Name]; !ok {
			n.docNames = append(n.docNames, doc.Name)
		}
		n.docs[doc.Name] = string(doc.Data)
	}
	n.attachments = append([]string(nil), d.Attachments...)
	for _, p := range n.attachments {
		n.roles[p] = n.defaultRole(p)
	}
	n.draftID = d.ID
	n.a.trace("draft restored %d", d.ID)
}

// refreshCert shows which certificate will sign.
func (n *newApplication) refreshCert() {
	if n.certLabel == nil {
		return
	}
	if c := n.a.cert; c != nil && c.Certificate != nil {
		n.certLabel.SetText(i18n.T("Подпись: ", "Signature: ") + certOwner(c.Certificate) + ", " + i18n.T("до ", "until ") + c.Certificate.NotAfter.Format("02.01.2006"))
	} else {
		n.certLabel.SetText(i18n.T("Сертификат не выбран (раздел «Сертификаты»)", "No certificate chosen (Certificates)"))
	}
}

// sortedProblems orders problems by position.
func sortedProblems(p []workflow.Problem) []workflow.Problem {
	sort.SliceStable(p, func(i, j int) bool {
		if p[i].Line != p[j].Line {
			return p[i].Line < p[j].Line
		}
		return p[i].Col < p[j].Col
	})
	return p
}

// event passes workflow events to the progress view.
func (n *newApplication) event(e workflow.Event) {
	if n.sending != nil {
		n.sending.event(e)
	}
}
