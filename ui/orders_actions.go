package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// What the Заявления details do: cancel with a reason, resume an
// interrupted send, send a failed one again as new (it opens in Новое
// заявление), verify a result's signatures again; the navigation badge
// of results not looked at, and following the unfinished orders from the
// start. The desktop notifications of final statuses: orders_notify.go.

// askCancel asks for the reason (required) and says what cancelling does;
// the destructive button is never the default (Enter does nothing, Esc
// closes).
func (o *orders) askCancel(v *workflow.OrderView) {
	// one line: Tab then moves on to the buttons (a multi-line entry keeps
	// Tab), and Enter in it does nothing (never the default)
	reason := widget.NewEntry()
	reason.SetPlaceHolder(i18n.T("Например: заявление подано ошибочно", "E.g.: the application was filed by mistake"))
	warn := hintLabel(i18n.T("Заявление № ", "Application No. ") + int64s(v.OrderID) +
		i18n.T(" будет отменено в ведомстве; вернуть его нельзя — понадобится новое заявление. Причину увидит ведомство.",
			" will be cancelled at the agency; this cannot be undone — a new application would be needed. The agency sees the reason."))
	errl := widget.NewLabel("")
	errl.Importance = widget.DangerImportance
	errl.Hide()
	var d dialog.Dialog
	ok := widget.NewButtonWithIcon(i18n.T("Отменить заявление", "Cancel the application"), theme.CancelIcon(), func() {
		r := strings.TrimSpace(reason.Text)
		if cur := o.view; cur != nil && cur.AppID == v.AppID && !cur.CanCancel {
			// the order moved on while the dialog was open
			d.Hide()
			o.a.trace("cancel failed %d", v.OrderID)
			showError(o.a.win, &userError{
				What: i18n.Text{RU: "Заявление № " + int64s(v.OrderID) + " уже в статусе «" + cur.StatusText + "»: отменить его нельзя.",
					EN: "Application No. " + int64s(v.OrderID) + " is already in status «" + cur.StatusText + "»: it cannot be cancelled."},
				Do: i18n.Text{RU: "Посмотрите историю статусов; если заявление нужно отозвать, обратитесь в ведомство.",
					EN: "See the status history; to withdraw the application, contact the agency."}})
			return
		}
		if r == "" {
			errl.SetText(i18n.T("Укажите причину отмены — без неё ведомство отмену не примет.", "Give the reason — the agency does not take a cancellation without one."))
			errl.Show()
			return
		}
		d.Hide()
		o.cancelOrder(v, r)
	})
	ok.Importance = widget.DangerImportance
	keep := widget.NewButton(i18n.T("Не отменять", "Keep it"), func() { d.Hide() })
	note := widget.NewLabel(i18n.T("Кратко, одной строкой: её прочитает сотрудник ведомства.", "Briefly, in one line: an officer of the agency reads it."))
	note.Importance = widget.LowImportance
	body := container.NewVBox(warn, widget.NewLabel(i18n.T("Причина отмены", "Reason for cancelling")), reason, note, errl,
		container.NewHBox(layoutSpacer(), keep, ok))
	d = dialog.NewCustomWithoutButtons(i18n.T("Отмена заявления", "Cancel the application"), body, o.a.win)
	o.a.keyed(d, nil, d.Hide, nil)
	d.Resize(fyne.NewSize(560, 320))
	o.a.trace("cancel asked %d", v.OrderID)
	d.Show()
	o.a.win.Canvas().Focus(reason)
	o.cancelDialog = d
	o.cancelReason, o.cancelOK = reason, ok
}

// layoutSpacer pushes the buttons to the trailing side.
func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// cancelOrder sends the cancellation (off the UI goroutine).
func (o *orders) cancelOrder(v *workflow.OrderView, reason string) {
	cert := o.a.cert
	o.a.async(func() {
		err := o.a.be.CancelOrder(context.Background(), v.Env, cert, o.a.pinPrompt(), v.OrderID, reason)
		o.a.ui.Do(func() {
			if err != nil {
				o.a.trace("cancel failed %d", v.OrderID)
				showError(o.a.win, err)
				return
			}
			o.a.trace("cancel done %d", v.OrderID)
			info := dialog.NewInformation(i18n.T("Заявление отменено", "Application cancelled"),
				i18n.T("Ведомство получило отмену заявления № ", "The agency has the cancellation of application No. ")+int64s(v.OrderID)+
					i18n.T(". Статус «Отменено» появится в истории, когда ведомство его пришлёт.", ". The status «Cancelled» appears in the history once the agency sends it."), o.a.win)
			o.a.keyed(info, info.Hide, info.Hide, nil)
			info.Show()
			o.reload()
			o.showDetails(o.selected)
		})
	})
}

// resume continues an interrupted send with the signing certificate.
func (o *orders) resume(v *workflow.OrderView) {
	if o.busy[v.AppID] {
		return
	}
	o.busy[v.AppID] = true
	o.showDetails(o.selected)
	cert := o.a.cert
	o.a.trace("resume started %d", v.AppID)
	o.a.async(func() {
		res, err := o.a.be.ResumeOrder(context.Background(), v.Env, cert, o.a.pinPrompt(), v.AppID)
		o.a.ui.Do(func() {
			delete(o.busy, v.AppID)
			o.reload()
			o.showDetails(o.selected)
			if err != nil {
				o.a.trace("resume failed %d", v.AppID)
				showError(o.a.win, err)
				return
			}
			o.a.trace("resume done %d order=%d", v.AppID, res.OrderID)
			info := dialog.NewInformation(i18n.T("Заявление отправлено", "Application sent"),
				i18n.T("Отправка завершена: заявление № ", "Sending finished: application No. ")+int64s(res.OrderID)+
					i18n.T(" у ведомства. Статусы будут приходить сами.", " is with the agency. Statuses arrive by themselves."), o.a.win)
			o.a.keyed(info, info.Hide, info.Hide, nil)
			info.Show()
		})
	})
}

// resendAsNew opens a failed application in Новое заявление as a new
// draft: a failed send usually needs a fix first (the reason says what),
// so the clerk sees it, corrects it and presses «Подписать и отправить»;
// nothing is sent behind their back.
func (o *orders) resendAsNew(v *workflow.OrderView) {
	d, err := o.a.be.LoadDraft(v.AppID)
	if err != nil || d == nil {
		showError(o.a.win, &userError{What: i18n.Text{RU: "Заявление не прочитано из журнала.", EN: "The application was not read from the journal."},
			Do: i18n.Text{RU: "Повторите; если не поможет — создайте заявление заново в разделе «Новое заявление».", EN: "Try again; if that does not help, create the application again under New application."}, Err: err})
		return
	}
	d.ID = 0 // a new application; the failed one stays in the journal as it is
	if !o.a.newApp.openAsNew(*d) {
		showError(o.a.win, &userError{What: i18n.Text{RU: "Услуги " + d.Service + " нет в каталоге этой версии программы.", EN: "Service " + d.Service + " is not in this version's catalog."},
			Do: i18n.Text{RU: "Обновите программу или выберите услугу заново в разделе «Новое заявление».", EN: "Update the app or choose the service again under New application."}})
		return
	}
	o.a.trace("resend %d as new", v.AppID)
}

// openDraft continues editing a draft from the journal.
func (o *orders) openDraft(v *workflow.OrderView) {
	d, err := o.a.be.LoadDraft(v.AppID)
	if err != nil || d == nil {
		showError(o.a.win, &userError{What: i18n.Text{RU: "Черновик не прочитан из журнала.", EN: "The draft was not read from the journal."},
			Do: i18n.Text{RU: "Повторите через минуту.", EN: "Try again in a minute."}, Err: err})
		return
	}
	d.ID = v.AppID
	if o.a.newApp.openAsNew(*d) {
		o.a.trace("draft opened %d", v.AppID)
	}
}

// openAsNew puts an application into Новое заявление (the hook of the
// Заявления screen; the editor's own file is not touched): the documents
// and attachments of d, d.ID kept as the draft (0: a new draft is
// saved). What was being edited is saved as a draft first, so nothing
// typed is lost. false: the service is not in the catalog.
func (n *newApplication) openAsNew(d workflow.Draft) bool {
	n.saveDraft(false)
	if !n.chooseServiceModel(d.Service) {
		return false
	}
	for _, doc := range d.Documents {
		if _, ok := n.docs[doc.Name]; !ok {
			n.docNames = append(n.docNames, doc.Name)
		}
		n.docs[doc.Name] = string(doc.Data)
	}
	n.attachments = append([]string(nil), d.Attachments...)
	n.roles = map[string]string{}
	for _, p := range n.attachments {
		n.roles[p] = n.defaultRole(p)
	}
	n.draftID = d.ID
	n.a.fa.Preferences().SetInt(prefDraft, int(d.ID))
	n.checks = nil
	// the widgets are built from the model (as after a language switch)
	n.a.win.SetContent(n.a.shell.build())
	n.a.shell.show(screenNewApp)
	// setting the editor's text started the debounce timers: the
	// document is checked and saved now instead (a timer left running
	// would fire after a test's app is gone)
	n.mu.Lock()
	for _, tm := range []*time.Timer{n.timer, n.draftTimer} {
		if tm != nil {
			tm.Stop()
		}
	}
	n.mu.Unlock()
	n.saveDraft(false)
	n.validateNow()
	return true
}

// verifyAgain verifies the result's signatures as the files are now.
func (o *orders) verifyAgain(v *workflow.OrderView) {
	o.a.async(func() {
		files, err := o.a.be.VerifyResults(v.Env, v.OrderID)
		o.a.ui.Do(func() {
			if err != nil {
				showError(o.a.win, err)
				return
			}
			if o.view != nil && o.view.AppID == v.AppID {
				o.view.Results = files
				o.traceVerdicts("verified", o.view)
				o.showDetails(o.selected)
			}
		})
	})
}

// markSeen: the details of a final order were opened — its result is no
// longer new (the badge).
func (o *orders) markSeen(v *workflow.OrderView) {
	if err := o.a.be.MarkSeen(v.AppID); err != nil {
		return // the badge stays; nothing the user must do
	}
	v.Seen = true
	for i := range o.rows {
		if o.rows[i].AppID == v.AppID {
			o.rows[i].Unseen = false
		}
	}
	o.countUnseen()
	if o.table != nil {
		o.table.Refresh()
	}
}

// countUnseen reads the badge's number from the journal and redraws the
// navigation when it changed.
func (o *orders) countUnseen() {
	n, err := o.a.be.UnseenResults()
	if err != nil || n == o.unseen {
		return
	}
	o.unseen = n
	o.a.trace("badge %d", n)
	if o.a.shell != nil && o.a.shell.nav != nil {
		o.a.shell.nav.Refresh()
	}
}

// errPINNotKept: at start the key's PIN is not in the keyring; nothing is
// asked then (the clerk did not start anything), the screen offers
// «Обновить статусы» instead.
var errPINNotKept = i18n.New("ПИН-код ключа не сохранён в системном хранилище паролей", "the key's PIN is not kept in the system keyring")

// quietPIN is the PIN prompt of the start: a remembered PIN only.
func quietPIN(ctx context.Context, req keystore.PINRequest) (string, bool, error) {
	return "", false, errPINNotKept
}

// StartTracking follows the orders of the journal that await a final
// status, so their statuses and results keep arriving without the user
// doing anything. Called once the window is up and again when the
// in-process sandbox is ready (SetEnvironment); it runs once. ask: a PIN
// dialog may be shown (the «Обновить статусы» button), else only a
// remembered PIN is used.
func (o *orders) startTracking(ask bool) {
	if o.trackRunning || o.a.env.Err != nil {
		return
	}
	if o.a.env.Sandbox && o.a.env.URL == "" {
		return // the sandbox is still starting: SetEnvironment calls again
	}
	o.trackRunning = true
	env := o.a.shell.status.envName()
	cert := o.a.cert
	pin := keystore.PINPrompt(quietPIN)
	if ask {
		pin = o.a.pinPrompt()
	}
	ctx, cancel := context.WithCancel(context.Background())
	o.trackCancel = cancel
	o.a.async(func() {
		n, err := o.a.be.TrackPending(ctx, env, cert, pin)
		o.a.ui.Do(func() { o.tracked(n, err) })
	})
}

// tracked shows the outcome of starting to follow the orders.
func (o *orders) tracked(n int, err error) {
	if err != nil {
		o.trackRunning = false
		o.trackNote = i18n.T("Статусы ", "The statuses of ") + itoa(n) + i18n.T(" заявлений сейчас не обновляются: ", " applications are not being updated: ") +
			strings.TrimSuffix(i18n.Message(err), ".") + i18n.T(". Нажмите «Обновить статусы».", ". Press Refresh statuses.")
		o.a.trace("tracking not resumed %d", n)
	} else {
		o.trackNote = ""
		o.a.trace("tracking resumed %d", n)
	}
	o.refreshTrack()
}

func (o *orders) refreshTrack() {
	if o.trackInfo == nil {
		return
	}
	if o.trackNote == "" {
		o.trackInfo.Hide()
		o.trackBtn.Hide()
		return
	}
	o.trackInfo.SetText(o.trackNote)
	o.trackInfo.Show()
	o.trackBtn.Show()
}

// shown: the Заявления screen came to the front (shell.show) — the table
// is redrawn with the selected row in view, and a new result selected
// while the screen was hidden counts as looked at now.
func (o *orders) shown() {
	if o.table == nil {
		return
	}
	o.table.Refresh()
	if o.selected >= 0 && o.selected < len(o.rows) {
		o.table.ScrollTo(widget.TableCellID{Row: o.selected, Col: 0})
	}
	if v := o.view; v != nil && v.State == journal.StateFinal && !v.Seen {
		o.markSeen(v)
	}
}
