package ui

import (
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// The details of the selected application, below the table: a header
// (number, service, applicant, the status in words and colour), the
// actions the core allows now (cancel with a reason, resume, send again
// as new, open a draft), and four tabs — the status history as a
// timeline, the XML documents sent, the attachments (as they are on disk
// now, with the verdicts of signed files), the result files (open, open
// the folder, the signature verdicts, verify again).

// detailTabs are the tabs' order (remembered across selections).
const (
	tabHistory = iota
	tabDocuments
	tabAttachments
	tabResults
)

// showDetails reads and shows the details of row i (off the UI goroutine:
// the attachments are hashed on disk).
func (o *orders) showDetails(i int) {
	o.selected = i
	if i < 0 || i >= len(o.rows) || o.detailBox == nil {
		return
	}
	r := o.row(i)
	o.detailSeq++
	seq := o.detailSeq
	if r.AppID == 0 {
		o.view = nil
		o.setDetails(hintLabel(i18n.T("Заявление ещё записывается в журнал — подробности появятся через мгновение.",
			"The application is still being written to the journal — the details appear in a moment.")))
		return
	}
	o.a.async(func() {
		v, err := o.a.be.OrderView(r.AppID)
		o.a.ui.Do(func() {
			if seq != o.detailSeq {
				return // another row was selected meanwhile
			}
			o.fillDetails(r, v, err)
		})
	})
}

func hintLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (o *orders) setDetails(obj fyne.CanvasObject) {
	o.detailBox.Objects = []fyne.CanvasObject{obj}
	o.detailBox.Refresh()
}

// fillDetails builds the pane of one application.
func (o *orders) fillDetails(r orderRow, v *workflow.OrderView, err error) {
	if err != nil {
		o.view = nil
		o.setDetails(container.NewVScroll(errorView(&userError{
			What: i18n.Text{RU: "Подробности заявления не прочитаны из журнала.", EN: "The application's details were not read from the journal."},
			Do:   i18n.Text{RU: "Выберите заявление ещё раз; если не поможет — перезапустите программу.", EN: "Select the application again; if that does not help, restart the app."},
			Err:  err})))
		return
	}
	o.view = v
	o.a.trace("details %d order=%d state=%s status=%d cancel=%v", v.AppID, v.OrderID, v.State, v.StatusID, v.CanCancel)
	// a result is looked at only when the screen is in front (a hidden
	// Заявления keeps its selection while the clerk works elsewhere)
	if v.State == journal.StateFinal && !v.Seen && o.a.shell != nil && o.a.shell.current == screenOrders {
		o.markSeen(v)
	}

	// header
	title := widget.NewLabelWithStyle(detailTitle(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	chip := widget.NewLabel(r.Status)
	chip.Importance = statusImportance(r.Class)
	chip.TextStyle.Bold = true
	who := []string{}
	if v.Applicant != "" {
		who = append(who, v.Applicant)
	}
	who = append(who, i18n.T("создано ", "created ")+fmtTime(v.Created))
	if v.Env != "" {
		who = append(who, i18n.T("среда: ", "environment: ")+envWords(v.Env))
	}
	sub := widget.NewLabel(strings.Join(who, " · "))
	sub.Truncation = fyne.TextTruncateEllipsis

	// actions
	var acts []fyne.CanvasObject
	if v.CanCancel {
		b := widget.NewButtonWithIcon(i18n.T("Отменить…", "Cancel…"), theme.CancelIcon(), func() { o.askCancel(v) })
		b.Importance = widget.DangerImportance
		acts = append(acts, b)
	}
	if v.CanResume {
		b := widget.NewButtonWithIcon(i18n.T("Продолжить отправку", "Resume sending"), theme.MediaPlayIcon(), func() { o.resume(v) })
		b.Importance = widget.HighImportance
		if o.busy[v.AppID] {
			b.Disable()
		}
		acts = append(acts, b)
	}
	if v.CanResend {
		acts = append(acts, widget.NewButtonWithIcon(i18n.T("Отправить заново как новое", "Send again as new"), theme.ContentCopyIcon(), func() { o.resendAsNew(v) }))
	}
	if v.Draft {
		acts = append(acts, widget.NewButtonWithIcon(i18n.T("Открыть в редакторе", "Open in the editor"), theme.DocumentCreateIcon(), func() { o.openDraft(v) }))
	}
	var notes []fyne.CanvasObject
	if note := o.detailNote(v); note != "" {
		l := hintLabel(note)
		if v.State == journal.StateFailed {
			l.Importance = widget.DangerImportance
		}
		notes = append(notes, l)
	}

	head := container.NewBorder(nil, nil, nil, chip, title)
	top := []fyne.CanvasObject{head, container.NewBorder(nil, nil, nil, container.NewHBox(acts...), sub)}
	top = append(top, notes...)
	tabs := [...]struct {
		name i18n.Text
		icon fyne.Resource
		body fyne.CanvasObject
	}{
		tabHistory:     {i18n.Text{RU: "История", EN: "History"}, theme.HistoryIcon(), o.timeline(v)},
		tabDocuments:   {i18n.Text{RU: "Документы" + counted(len(v.Documents)), EN: "Documents" + counted(len(v.Documents))}, theme.FileTextIcon(), o.documentsView(v)},
		tabAttachments: {i18n.Text{RU: "Вложения" + counted(len(v.Attachments)), EN: "Attachments" + counted(len(v.Attachments))}, theme.FileIcon(), o.attachmentsView(v)},
		tabResults:     {i18n.Text{RU: "Результат" + counted(resultCount(v)), EN: "Result" + counted(resultCount(v))}, theme.DownloadIcon(), o.resultsView(v)},
	}

	// The same application again (a status arrived, a verify, a cancel):
	// the pane is updated in place — the tab, and the scroll position in
	// each tab, stay where the clerk left them.
	if p := o.pane; p != nil && p.appID == v.AppID && len(o.detailBox.Objects) == 1 && o.detailBox.Objects[0] == p.root {
		p.top.Objects = top
		p.top.Refresh()
		for i, t := range tabs {
			p.tabs.Items[i].Text = i18n.T(t.name.RU, t.name.EN)
			p.setTab(i, t.body)
		}
		p.tabs.Refresh()
		o.a.trace("details %d updated in place tab=%d", v.AppID, p.tabs.SelectedIndex())
	} else {
		p := &detailPane{appID: v.AppID, top: container.NewVBox(top...)}
		items := make([]*container.TabItem, len(tabs))
		for i, t := range tabs {
			p.scrolls[i] = container.NewVScroll(t.body)
			items[i] = container.NewTabItemWithIcon(i18n.T(t.name.RU, t.name.EN), t.icon, p.scrolls[i])
		}
		p.tabs = container.NewAppTabs(items...)
		if o.detailTab >= 0 && o.detailTab < len(p.tabs.Items) {
			p.tabs.SelectIndex(o.detailTab)
		}
		p.tabs.OnSelected = func(*container.TabItem) { o.detailTab = p.tabs.SelectedIndex() }
		p.root = container.NewBorder(p.top, nil, nil, nil, p.tabs)
		o.pane, o.detailTabs = p, p.tabs
		o.setDetails(p.root)
	}
	if len(v.Results) > 0 {
		o.traceVerdicts("shown", v)
	}
}

// detailPane is the details of one application as shown: kept while the
// same application stays selected, so that a refresh (every status event
// of the selected order) changes the words and not the clerk's place.
type detailPane struct {
	appID   int64
	root    fyne.CanvasObject
	top     *fyne.Container // header, actions, note
	tabs    *container.AppTabs
	scrolls [tabResults + 1]*container.Scroll
}

// setTab puts new contents into tab i, keeping its scroll offset (as far
// as the new contents reach).
func (p *detailPane) setTab(i int, body fyne.CanvasObject) {
	sc := p.scrolls[i]
	off := sc.Offset
	sc.Content = body
	// laid out before the offset is checked against it (a zero-sized
	// new content would send the offset back to the top)
	body.Resize(body.MinSize().Max(sc.Size()))
	sc.Offset = off
	sc.Refresh()
}

// envWords names an environment as the Настройки screen does.
func envWords(env string) string {
	switch env {
	case "sandbox":
		return i18n.T("песочница", "sandbox")
	case "test", "test-beta":
		return i18n.T("тестовый контур", "test")
	case "prod":
		return i18n.T("продуктивный ЕПГУ", "production")
	}
	return env
}

func counted(n int) string {
	if n == 0 {
		return ""
	}
	return " (" + itoa(n) + ")"
}

// resultCount counts the files a user opens (those downloaded and those
// taken out of a result ZIP; the ZIP itself once).
func resultCount(v *workflow.OrderView) int { return len(resultRows(v.Results)) }

// resultRow is a line of «Результат»: a file and the verdict of its
// signature (a document and its .sig are one line: the clerk opens the
// document, the verdict is the signature's).
type resultRow struct {
	file journal.ResultFile
	sig  *journal.ResultFile
}

// resultRows orders the result files for the clerk: documents first, each
// with its signature; a signature without its document, and an unsigned
// file, on a line of its own; a ZIP whose files are listed is left out.
func resultRows(files []journal.ResultFile) []resultRow {
	sigOf := map[string]int{}
	for i, f := range files {
		ext := strings.ToLower(filepath.Ext(f.Name))
		if ext == ".sig" || ext == ".p7s" {
			sigOf[f.Parent+"\x00"+f.Name[:len(f.Name)-len(ext)]] = i
		}
	}
	var docs, rest []resultRow
	paired := map[int]bool{}
	for _, f := range files {
		if isZipName(f.Name) && f.Parent == "" && hasChildren(files, f.Path) {
			continue
		}
		ext := strings.ToLower(filepath.Ext(f.Name))
		if ext == ".sig" || ext == ".p7s" {
			continue
		}
		r := resultRow{file: f}
		if i, ok := sigOf[f.Parent+"\x00"+f.Name]; ok {
			sig := files[i]
			r.sig, paired[i] = &sig, true
		}
		docs = append(docs, r)
	}
	for i, f := range files {
		ext := strings.ToLower(filepath.Ext(f.Name))
		if (ext == ".sig" || ext == ".p7s") && !paired[i] {
			rest = append(rest, resultRow{file: f, sig: &files[i]})
		}
	}
	return append(docs, rest...)
}

func detailTitle(v *workflow.OrderView) string {
	svc := orderServiceName(v.Service)
	if v.OrderID != 0 {
		return i18n.T("Заявление № ", "Application No. ") + int64s(v.OrderID) + " — " + svc
	}
	if v.Draft {
		return i18n.T("Черновик — ", "Draft — ") + svc
	}
	return i18n.T("Заявление без номера — ", "Application without a number — ") + svc
}

// detailNote is the sentence under the header: why it failed, what
// resuming does, why it cannot be cancelled.
func (o *orders) detailNote(v *workflow.OrderView) string {
	switch {
	case o.busy[v.AppID]:
		return i18n.T("Отправка продолжается — ход отправки виден в строке состояния.", "Sending continues — its progress is in the status bar.")
	case v.State == journal.StateFailed:
		r := i18n.T(v.Reason.RU, v.Reason.EN)
		if r == "" {
			r = i18n.T("причина не записана", "no reason recorded")
		}
		return i18n.T("Не отправлено: ", "Not sent: ") + r + ". " +
			i18n.T("Исправьте причину и нажмите «Отправить заново как новое» — заявление откроется в разделе «Новое заявление».",
				"Fix the cause and press Send again as new — the application opens under New application.")
	case v.CanResume:
		return i18n.T("Отправка прервалась до того, как ведомство получило архив. «Продолжить отправку» дошлёт его с тем же номером заявления (переданные части повторно не отправляются).",
			"Sending stopped before the agency had the archive. Resume sending finishes it with the same order number (parts already sent are not sent again).")
	case v.Draft:
		return i18n.T("Черновик ещё не отправлялся.", "The draft has not been sent yet.")
	}
	return i18n.T(v.CancelNote.RU, v.CancelNote.EN)
}

// timeline is the status history, oldest first, as a vertical line of
// entries: time, status in its class colour, the service's comment.
func (o *orders) timeline(v *workflow.OrderView) fyne.CanvasObject {
	if v.OrderID == 0 {
		return hintLabel(i18n.T("Заявление ещё не отправлено: номера и статусов нет.", "Not sent yet: no number and no statuses."))
	}
	if len(v.History) == 0 {
		return hintLabel(i18n.T("№ ", "No. ") + int64s(v.OrderID) + i18n.T(": статусов от ведомства пока нет. Они появятся здесь сами.", ": no statuses from the agency yet. They appear here by themselves."))
	}
	box := container.NewVBox()
	for i, s := range v.History {
		at := s.At
		if at.IsZero() {
			at = s.Recorded
		}
		cls := statusClass(s.ID, s.Final)
		title := s.Title
		if s.ProcState != "" {
			cls = "progress"
			if s.Final {
				cls = "error"
			}
			if t := workflow.SmevStateText(s.ProcState); t != "" {
				title = t
			}
			if title == "" {
				title = s.ProcState
			}
		}
		if title == "" {
			title = i18n.T("статус ", "status ") + itoa(s.ID)
		}
		mark := widget.NewLabel("●")
		if i == len(v.History)-1 {
			mark.SetText("◉")
		}
		mark.Importance = statusImportance(cls)
		when := widget.NewLabel(fmtTime(at))
		st := widget.NewLabel(title)
		st.Importance = statusImportance(cls)
		st.TextStyle.Bold = i == len(v.History)-1
		st.Wrapping = fyne.TextWrapWord
		entry := container.NewVBox(st)
		if s.Comment != "" {
			c := widget.NewLabel("«" + s.Comment + "»")
			c.TextStyle.Italic = true
			c.Wrapping = fyne.TextWrapWord
			entry.Add(c)
		}
		box.Add(container.NewBorder(nil, nil, container.NewHBox(mark, when), nil, entry))
	}
	return box
}

// documentsView lists the XML files sent, each shown on request.
func (o *orders) documentsView(v *workflow.OrderView) fyne.CanvasObject {
	if len(v.Documents) == 0 {
		return hintLabel(i18n.T("XML-документов в журнале нет (заявление отправлено готовым архивом).", "No XML documents in the journal (sent as a ready archive)."))
	}
	box := container.NewVBox()
	for _, d := range v.Documents {
		d := d
		name := widget.NewLabelWithStyle(d.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		size := widget.NewLabel(formatSize(int64(len(d.Data))))
		show := widget.NewButtonWithIcon(i18n.T("Показать XML", "Show XML"), theme.VisibilityIcon(), func() { o.showXML(v, d) })
		box.Add(container.NewBorder(nil, nil, nil, show, container.NewHBox(name, size)))
	}
	return box
}

// sentXML is a document as it went to the service: the reserved number
// in place of {orderId}.
func sentXML(v *workflow.OrderView, d workflow.Document) string {
	s := string(d.Data)
	if v.OrderID != 0 {
		s = strings.ReplaceAll(s, "{orderId}", int64s(v.OrderID))
	}
	return s
}

// showXML shows a document read-only (a text grid: cheap for any size).
func (o *orders) showXML(v *workflow.OrderView, d workflow.Document) {
	grid := widget.NewTextGridFromString(sentXML(v, d))
	grid.ShowLineNumbers = true
	d2 := dialog.NewCustom(d.Name, i18n.T("Закрыть", "Close"), container.NewScroll(grid), o.a.win)
	o.a.keyed(d2, d2.Hide, d2.Hide, nil)
	d2.Resize(fyne.NewSize(960, 600))
	d2.Show()
	o.a.trace("xml shown %s", d.Name)
}

// attachmentsView lists the attachments sent, as they are on disk now.
func (o *orders) attachmentsView(v *workflow.OrderView) fyne.CanvasObject {
	if len(v.Attachments) == 0 {
		return hintLabel(i18n.T("Вложений нет.", "No attachments."))
	}
	box := container.NewVBox()
	for _, at := range v.Attachments {
		at := at
		name := widget.NewLabelWithStyle(at.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		state := widget.NewLabel("")
		state.Wrapping = fyne.TextWrapWord
		switch {
		case at.Missing:
			state.SetText(i18n.T("✗ файла нет на прежнем месте", "✗ the file is no longer where it was") + pathSuffix(at.Path))
			state.Importance = widget.WarningImportance
		case at.Changed:
			state.SetText(i18n.T("⚠ файл изменён после отправки: в ведомстве прежняя версия", "⚠ changed since it was sent: the agency has the earlier version"))
			state.Importance = widget.WarningImportance
		case v.Draft:
			state.SetText(formatSize(at.Size))
		default:
			state.SetText(formatSize(at.Size) + " · " + i18n.T("✓ не изменён с отправки", "✓ unchanged since it was sent"))
		}
		lines := container.NewVBox(name, state)
		if at.Signed {
			vl := widget.NewLabel(verdictMark(at.Valid) + at.Verdict)
			vl.Wrapping = fyne.TextWrapWord
			vl.Importance = verdictImportance(at.Valid)
			lines.Add(vl)
		}
		open := widget.NewButtonWithIcon(i18n.T("Открыть", "Open"), theme.FileIcon(), func() { o.openPath(at.Path) })
		if at.Missing {
			open.Disable()
		}
		box.Add(container.NewBorder(nil, widget.NewSeparator(), nil, open, lines))
	}
	return box
}

func pathSuffix(p string) string {
	if p == "" {
		return ""
	}
	return ": " + p
}

func verdictMark(valid bool) string {
	if valid {
		return "✓ "
	}
	return "✗ "
}

func verdictImportance(valid bool) widget.Importance {
	if valid {
		return widget.SuccessImportance
	}
	return widget.DangerImportance
}

// resultsView lists the result files with their verdicts; «Открыть
// папку» and «Проверить подпись ещё раз» above them.
func (o *orders) resultsView(v *workflow.OrderView) fyne.CanvasObject {
	if len(v.Results) == 0 {
		switch v.State {
		case journal.StateFinal:
			return hintLabel(i18n.T("Ведомство не прислало файлов результата — итог виден в истории статусов.", "The agency sent no result files — the outcome is in the status history."))
		case journal.StateSent, journal.StateTracking:
			return hintLabel(i18n.T("Результата пока нет: он будет скачан и проверен сам, когда придёт итоговый статус.", "No result yet: it is downloaded and checked by itself when the final status comes."))
		}
		return hintLabel(i18n.T("Результата нет.", "No result."))
	}
	sum := widget.NewLabel(verdictSummary(v.Results))
	sum.Wrapping = fyne.TextWrapWord
	sum.Importance = summaryImportance(v.Results)
	folder := widget.NewButtonWithIcon(i18n.T("Открыть папку", "Open folder"), theme.FolderOpenIcon(), func() { o.openPath(resultFolder(v.Results)) })
	verify := widget.NewButtonWithIcon(i18n.T("Проверить подпись ещё раз", "Verify the signature again"), theme.ConfirmIcon(), func() { o.verifyAgain(v) })
	if !hasSignature(v.Results) {
		verify.Disable()
	}
	box := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(verify, folder), sum), widget.NewSeparator())
	for _, r := range resultRows(v.Results) {
		f := r.file
		name := widget.NewLabelWithStyle(f.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		lines := container.NewVBox(name)
		info := formatSize(f.Size)
		if r.sig != nil && r.sig.Name != f.Name {
			info += " · " + i18n.T("подпись ", "signature ") + r.sig.Name
		}
		if f.Parent != "" {
			info += " · " + i18n.T("из архива ", "from the archive ") + filepath.Base(f.Parent)
		}
		lines.Add(widget.NewLabel(info))
		if s := r.sig; s != nil && s.IsSig {
			vl := widget.NewLabel(verdictMark(s.Valid) + s.Verdict)
			vl.Wrapping = fyne.TextWrapWord
			vl.Importance = verdictImportance(s.Valid)
			lines.Add(vl)
		}
		open := widget.NewButtonWithIcon(i18n.T("Открыть", "Open"), theme.FileIcon(), func() { o.openPath(f.Path) })
		box.Add(container.NewBorder(nil, widget.NewSeparator(), nil, open, lines))
	}
	return box
}

func isZipName(n string) bool { return strings.EqualFold(filepath.Ext(n), ".zip") }

func hasChildren(files []journal.ResultFile, parent string) bool {
	for _, f := range files {
		if f.Parent == parent {
			return true
		}
	}
	return false
}

func hasSignature(files []journal.ResultFile) bool {
	for _, f := range files {
		if f.IsSig {
			return true
		}
	}
	return false
}

// verdictCounts counts signature verdicts: valid, not valid.
func verdictCounts(files []journal.ResultFile) (ok, bad int) {
	for _, f := range files {
		if !f.IsSig || isSigPartner(files, f) {
			continue
		}
		if f.Valid {
			ok++
		} else {
			bad++
		}
	}
	return ok, bad
}

// isSigPartner: f is the signed document of a signature in files (its
// verdict is the signature's, counted once).
func isSigPartner(files []journal.ResultFile, f journal.ResultFile) bool {
	ext := strings.ToLower(filepath.Ext(f.Name))
	if ext == ".sig" || ext == ".p7s" {
		return false
	}
	for _, g := range files {
		if g.Parent == f.Parent && (g.Name == f.Name+".sig" || g.Name == f.Name+".p7s") {
			return true
		}
	}
	return false
}

func verdictSummary(files []journal.ResultFile) string {
	ok, bad := verdictCounts(files)
	switch {
	case bad > 0:
		return i18n.T("✗ Подпись результата не прошла проверку (", "✗ A signature of the result does not verify (") + itoa(bad) + i18n.T(" из ", " of ") + itoa(ok+bad) +
			i18n.T("). Не полагайтесь на эти файлы: запросите результат в ведомстве.", "). Do not rely on these files: ask the agency for the result.")
	case ok > 0:
		return i18n.T("✓ Подписи результата верны (", "✓ The result's signatures are valid (") + itoa(ok) + ")."
	}
	return i18n.T("Файлы результата без электронной подписи.", "The result files carry no electronic signature.")
}

func summaryImportance(files []journal.ResultFile) widget.Importance {
	ok, bad := verdictCounts(files)
	switch {
	case bad > 0:
		return widget.DangerImportance
	case ok > 0:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// resultFolder is the folder of the downloaded result files.
func resultFolder(files []journal.ResultFile) string {
	for _, f := range files {
		if f.Parent == "" && f.Path != "" {
			return filepath.Dir(f.Path)
		}
	}
	if len(files) > 0 {
		return filepath.Dir(files[0].Path)
	}
	return ""
}

// traceVerdicts writes the verdicts shown for the e2e run.
func (o *orders) traceVerdicts(why string, v *workflow.OrderView) {
	ok, bad := verdictCounts(v.Results)
	o.a.trace("result verdict %d %s valid=%d invalid=%d files=%d", v.OrderID, why, ok, bad, len(v.Results))
}

// openPath opens a file or folder with the OS (the default program, the
// file manager).
func (o *orders) openPath(p string) {
	if p == "" {
		return
	}
	o.a.trace("open %s", p)
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(p)}
	open := o.openURL
	if open == nil {
		open = o.a.fa.OpenURL
	}
	if err := open(u); err != nil {
		showError(o.a.win, &userError{What: i18n.Text{RU: "Файл не открылся: " + p + ".", EN: "The file did not open: " + p + "."},
			Do:  i18n.Text{RU: "Откройте его в файловом менеджере вручную или проверьте, что для такого файла в системе есть программа.", EN: "Open it in the file manager by hand, or check that the system has a program for this kind of file."},
			Err: err})
	}
}
