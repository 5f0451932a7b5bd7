package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// signAndSend: local checks → a confirmation listing exactly what is
// signed with which certificate and sent where → the progress view.
func (n *newApplication) signAndSend() {
	if n.sending != nil {
		return
	}
	if n.service == "" {
		showError(n.a.win, &userError{
			What: i18n.Text{RU: "Услуга не выбрана.", EN: "No service chosen."},
			Do:   i18n.Text{RU: "Выберите услугу в списке слева и заполните документ.", EN: "Choose a service on the left and fill in the document."}})
		return
	}
	if n.a.cert == nil {
		showError(n.a.win, &userError{
			What: i18n.Text{RU: "Не выбран сертификат для подписи.", EN: "No signing certificate chosen."},
			Do:   i18n.Text{RU: "Откройте «Сертификаты» (Alt+6), выберите сертификат и нажмите «Использовать по умолчанию».", EN: "Open Certificates (Alt+6), choose one and press Use by default."}})
		return
	}
	app := n.application()
	var probs []workflow.Problem
	for _, name := range n.docNames {
		if strings.TrimSpace(n.docs[name]) == "" {
			continue
		}
		p, err := n.a.be.Validate(n.service, name, []byte(n.docs[name]))
		if err != nil {
			showError(n.a.win, err)
			return
		}
		probs = append(probs, p...)
	}
	probs = append(probs, n.a.be.Check(app)...)
	if len(probs) > 0 {
		showError(n.a.win, &workflow.ProblemsError{Problems: dedupeProblems(probs)})
		return
	}
	n.confirm(app)
}

func dedupeProblems(in []workflow.Problem) []workflow.Problem {
	seen := map[string]bool{}
	var out []workflow.Problem
	for _, p := range in {
		k := p.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// envDescription says where the application goes, in words.
func (a *App) envDescription() string {
	name := a.shell.status.envName()
	text, _, _ := envChip(name)
	switch name {
	case "", "sandbox":
		return text + i18n.T(" — встроенная песочница на этом компьютере, в ведомство ничего не уходит", " — the embedded sandbox on this computer, nothing reaches an agency")
	case "prod":
		return text + i18n.T(" — настоящий ЕПГУ: заявление получит ведомство", " — the real EPGU: the agency receives the application")
	}
	return text + " — " + name
}

// confirm lists what will be signed and sent.
func (n *newApplication) confirm(app workflow.Application) {
	svc, _ := xsd.Lookup(n.service)
	var files []string
	for _, d := range app.Documents {
		files = append(files, "• "+d.Name+" ("+formatSize(int64(len(d.Data)))+")")
	}
	for _, f := range app.Files {
		size := ""
		if st, err := os.Stat(f.Path); err == nil {
			size = " (" + formatSize(st.Size()) + ")"
		}
		name := filepath.Base(f.Path)
		if an := n.archiveName(f.Path); an != name {
			name += " → " + an
		}
		files = append(files, "• "+name+size)
	}
	c := n.a.cert.Certificate
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("Услуга", "Service"), wrapLabel(svc.Code+" — "+serviceName(svc))),
		widget.NewFormItem(i18n.T("Файлы", "Files"), wrapLabel(strings.Join(files, "\n"))),
		widget.NewFormItem(i18n.T("Подпись", "Signature"), wrapLabel(certOwner(c)+"\n"+orgLine(c)+"\n"+i18n.T("отпечаток ", "thumbprint ")+n.a.cert.ID)),
		widget.NewFormItem(i18n.T("Куда", "Where"), wrapLabel(n.a.envDescription())),
		widget.NewFormItem(i18n.T("Маршрут", "Route"), wrapLabel(n.routeText())),
	)
	head := widget.NewLabel(i18n.T("Каждый файл будет подписан открепленной подписью ГОСТ и отправлен в ЕПГУ:", "Each file will be signed with a detached GOST signature and sent to EPGU:"))
	head.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(i18n.T("Подписать и отправить?", "Sign and send?"),
		i18n.T("Подписать и отправить", "Sign and send"), i18n.T("Отмена", "Cancel"),
		container.NewVScroll(container.NewVBox(head, form)),
		func(ok bool) {
			if ok {
				n.send(app)
			}
		}, n.a.win)
	n.a.keyed(d, d.Confirm, d.Dismiss, nil)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
	n.a.trace("confirm shown files=%d", len(files))
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// send runs the submission off the UI goroutine with the progress view.
func (n *newApplication) send(app workflow.Application) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newSendProgress(n.a, cancel)
	n.sending = p
	n.sendBtn.Disable()
	p.show()
	env := n.a.shell.status.envName()
	cert := n.a.cert
	n.a.async(func() {
		res, err := n.a.be.Submit(ctx, env, cert, n.a.pinPrompt(), app)
		n.a.ui.Do(func() {
			n.sending = nil
			n.sendBtn.Enable()
			if err != nil {
				p.failed(err)
				return
			}
			p.done(res)
			n.a.trace("sent %d route=%s", res.OrderID, res.Route)
			n.a.orders.add(app, res, n.a.now())
			n.reset()
			n.a.shell.show(screenOrders)
			n.a.orders.selectOrder(res.OrderID)
		})
	})
}

// reset starts a new, empty application of the same service.
func (n *newApplication) reset() {
	if n.draftID != 0 {
		_ = n.a.be.DeleteDraft(n.draftID) // sent: the journal has the application now
	}
	n.a.fa.Preferences().SetInt(prefDraft, 0)
	n.attachments = nil
	n.roles = map[string]string{}
	n.draftID = 0
	for k := range n.docs {
		n.docs[k] = ""
	}
	n.problems, n.checks, n.validated = nil, nil, false
	n.editor.SetText("")
	n.attList.Refresh()
	n.refreshResult()
}

// sendProgress is the progress view of one submission.
type sendProgress struct {
	a       *App
	cancel  context.CancelFunc
	d       dialog.Dialog
	steps   []*widget.Label
	icons   []*widget.Icon
	bar     *widget.ProgressBar
	detail  *widget.Label
	stop    *widget.Button
	stage   int
	started bool // the upload began: too late to cancel
}

// sendStages in the order of a reserve + chunked send; a push skips the
// reservation (its row stays empty until the end).
var sendStages = []workflow.Stage{workflow.StageValidate, workflow.StageReserve, workflow.StagePack, workflow.StageSign, workflow.StageUpload, workflow.StageSent}

func stageTitle(s workflow.Stage) string {
	switch s {
	case workflow.StageValidate:
		return i18n.T("Проверка документов и вложений", "Checking documents and attachments")
	case workflow.StagePack:
		return i18n.T("Сборка архива", "Packing the archive")
	case workflow.StageSign:
		return i18n.T("Подпись файлов", "Signing the files")
	case workflow.StageReserve:
		return i18n.T("Резерв номера заявления", "Reserving the order number")
	case workflow.StageUpload:
		return i18n.T("Передача в ЕПГУ", "Uploading to EPGU")
	case workflow.StageSent:
		return i18n.T("Заявление принято порталом", "Accepted by the portal")
	}
	return string(s)
}

func newSendProgress(a *App, cancel context.CancelFunc) *sendProgress {
	p := &sendProgress{a: a, cancel: cancel, stage: -1}
	var rows []fyne.CanvasObject
	for _, s := range sendStages {
		icon := widget.NewIcon(theme.RadioButtonIcon())
		l := widget.NewLabel(stageTitle(s))
		p.icons = append(p.icons, icon)
		p.steps = append(p.steps, l)
		rows = append(rows, container.NewHBox(icon, l))
	}
	p.bar = widget.NewProgressBar()
	p.detail = widget.NewLabel("")
	p.detail.Wrapping = fyne.TextWrapWord
	p.stop = widget.NewButtonWithIcon(i18n.T("Отменить отправку", "Cancel sending"), theme.CancelIcon(), func() {
		if !p.started {
			p.cancel()
			p.detail.SetText(i18n.T("Отмена… Номер заявления, если он уже зарезервирован, сохранён в журнале.", "Cancelling… A reserved order number is kept in the journal."))
		}
	})
	body := container.NewVBox(append(rows, p.bar, p.detail, container.NewHBox(p.stop))...)
	p.d = dialog.NewCustomWithoutButtons(i18n.T("Подписание и отправка", "Signing and sending"), body, a.win)
	a.keyed(p.d, nil, func() { p.stop.OnTapped() }, nil)
	p.d.Resize(fyne.NewSize(560, 420))
	return p
}

func (p *sendProgress) show() { p.d.Show() }

// event moves the view along the stages.
func (p *sendProgress) event(e workflow.Event) {
	p.a.trace("stage %s chunk=%d/%d", e.Stage, e.Chunk, e.Chunks)
	for i, s := range sendStages {
		if s == e.Stage {
			p.reach(i)
		}
	}
	switch e.Stage {
	case workflow.StageUpload:
		if !p.started {
			p.started = true
			// the portal may already hold the archive: say why there is no cancel
			p.stop.SetText(i18n.T("Отменить нельзя: передача в ЕПГУ началась", "Cannot cancel: the upload to EPGU has begun"))
			p.stop.Disable()
		}
		if e.Chunks > 0 {
			p.steps[stageIndex(workflow.StageUpload)].SetText(stageTitle(workflow.StageUpload) + ": " + i18n.T("часть ", "chunk ") + itoa(e.Chunk) + i18n.T(" из ", " of ") + itoa(e.Chunks))
		}
		if e.Total > 0 {
			p.bar.SetValue(float64(e.Done) / float64(e.Total))
			p.detail.SetText(formatSize(e.Done) + i18n.T(" из ", " of ") + formatSize(e.Total))
		}
	case workflow.StageWait, workflow.StageRetry:
		if e.Message != "" {
			p.detail.SetText(e.Message)
		}
	case workflow.StageSent:
		p.bar.SetValue(1)
	}
}

func stageIndex(s workflow.Stage) int {
	for i, x := range sendStages {
		if x == s {
			return i
		}
	}
	return -1
}

// reach makes stage i the current one; the previous current stage is done.
func (p *sendProgress) reach(i int) {
	if i == p.stage {
		return
	}
	if p.stage >= 0 {
		p.icons[p.stage].SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		p.steps[p.stage].TextStyle.Bold = false
		p.steps[p.stage].Refresh()
	}
	p.icons[i].SetResource(theme.NewPrimaryThemedResource(theme.MediaPlayIcon()))
	p.steps[i].TextStyle.Bold = true
	p.steps[i].Refresh()
	p.stage = i
}

func (p *sendProgress) done(res *workflow.SubmitResult) {
	for i := range sendStages {
		p.icons[i].SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	}
	p.bar.SetValue(1)
	p.detail.SetText(i18n.T("Номер заявления: ", "Order number: ") + int64s(res.OrderID))
	p.d.Hide()
}

func (p *sendProgress) failed(err error) {
	p.d.Hide()
	if errors.Is(err, context.Canceled) {
		dialog.ShowInformation(i18n.T("Отправка отменена", "Sending cancelled"),
			i18n.T("Заявление не отправлено. Черновик сохранён — его можно отправить позже.", "The application was not sent. The draft is kept — send it later."), p.a.win)
		return
	}
	showError(p.a.win, err)
}

func int64s(v int64) string {
	if v == 0 {
		return "—"
	}
	s := ""
	neg := v < 0
	if neg {
		v = -v
	}
	for v > 0 {
		s = string(rune('0'+v%10)) + s
		v /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}
