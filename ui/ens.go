package ui

import (
	"context"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// uiDo runs f on the UI goroutine (fyne.Do). Tests, whose work already
// runs on the test goroutine, call f directly: Fyne's test driver runs
// fyne.Do on another goroutine, and list rows made there are never
// painted by Canvas().Capture().
var uiDo = fyne.Do

// Preferences of the ЕНС screen.
const (
	prefENSMode = "ens.mode"
	prefENSINN  = "ens.inn"
	prefENSMCHD = "ens.mchd"
)

// ensScreen is the ЕНС screen: sign in to API ЕНС with the app's
// certificate (own ИНН, operator for a taxpayer, representative with a
// МЧД), the balance on a date, operations, obligations, the balance chart
// and the CSV export. The model (fields without widgets) survives a
// rebuild after a language switch; every decision is the workflow's.
type ensScreen struct {
	a *App

	// model
	acct     ENSAccount
	mode     workflow.ENSMode
	inn      string
	mchdPath string
	mchd     *MCHDInfo
	mchdErr  error
	balance  *workflow.ENSBalance
	snapshot *ENSSnapshot  // offline: the last kept balance
	history  []ENSSnapshot // kept balances, newest first (chart offline)
	stmt     *workflow.ENSStatement
	obl      []workflow.ENSItem
	date     time.Time
	from, to time.Time
	sortCol  int
	sortDesc bool
	busy     bool

	// widgets
	modeRadio *widget.Select
	root      *fyne.Container
	innEntry  *widget.Entry
	innRow    *fyne.Container
	mchdRow   *fyne.Container
	mchdLabel *widget.Label
	mchdCheck *widget.Label
	signIn    *widget.Button
	signOut   *widget.Button
	state     *widget.Label
	dateEntry *widget.Entry
	refresh   *widget.Button
	figure    *canvas.Text
	words     *widget.Label
	detail    *widget.Label
	fromEntry *widget.Entry
	toEntry   *widget.Entry
	opsTable  *dataTable
	opsHint   *widget.Label
	oblTable  *dataTable
	oblHint   *widget.Label
	exportBtn *widget.Button
	chart     *lineChart
	tabs      *container.AppTabs
	progress  *widget.ProgressBarInfinite
}

func newENSScreen(a *App) *ensScreen {
	p := a.fa.Preferences()
	e := &ensScreen{a: a, mode: workflow.ENSMode(p.IntWithFallback(prefENSMode, int(workflow.ENSSelf))),
		inn: p.String(prefENSINN), mchdPath: p.String(prefENSMCHD)}
	today := a.now()
	e.date = dateOnly(today)
	e.to = e.date
	e.from = e.date.AddDate(0, -3, 0)
	if e.mchdPath != "" {
		e.mchd, e.mchdErr = a.be.CheckMCHD(e.mchdPath)
	}
	e.loadSnapshot()
	return e
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// loadSnapshot reads the last kept balance (shown while not signed in).
func (e *ensScreen) loadSnapshot() {
	l, err := e.a.be.ENSSnapshots(e.inn, 60)
	if err != nil || len(l) == 0 {
		return
	}
	e.snapshot = &l[0]
	if e.stmt == nil {
		e.history = l
	}
}

func (e *ensScreen) modeOptions() []string {
	return []string{
		i18n.T("Свой ИНН", "Own INN"),
		i18n.T("Оператор (за налогоплательщика)", "Operator (for a taxpayer)"),
		i18n.T("Представитель по МЧД", "Representative with an MCHD"),
	}
}

func (e *ensScreen) build() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.T("Единый налоговый счёт (ЕНС)", "Unified tax account (ENS)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	// sign-in
	opts := e.modeOptions()
	e.modeRadio = widget.NewSelect(opts, nil)
	e.modeRadio.SetSelected(opts[int(e.mode)%len(opts)])
	e.modeRadio.OnChanged = func(s string) {
		for i, o := range e.modeOptions() {
			if o == s {
				e.mode = workflow.ENSMode(i)
				e.a.fa.Preferences().SetInt(prefENSMode, i)
			}
		}
		e.showMode()
	}
	e.innEntry = widget.NewEntry()
	e.innEntry.SetPlaceHolder(i18n.T("ИНН налогоплательщика: 10 или 12 цифр", "Taxpayer's INN: 10 or 12 digits"))
	e.innEntry.SetText(e.inn)
	e.innEntry.OnChanged = func(s string) { e.inn = strings.TrimSpace(s) }
	e.innRow = container.NewBorder(nil, nil, widget.NewLabel(i18n.T("ИНН", "INN")), nil, e.innEntry)
	e.mchdLabel = widget.NewLabel("")
	e.mchdLabel.Truncation = fyne.TextTruncateEllipsis
	e.mchdCheck = widget.NewLabel("")
	e.mchdCheck.Wrapping = fyne.TextWrapWord
	pick := widget.NewButtonWithIcon(i18n.T("Выбрать МЧД…", "Choose the MCHD…"), theme.FolderOpenIcon(), e.pickMCHD)
	more := widget.NewButton(i18n.T("Все сведения", "All facts"), e.showMCHD)
	e.mchdRow = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T("МЧД", "MCHD")), container.NewHBox(pick, more), e.mchdLabel),
		e.mchdCheck)
	e.signIn = widget.NewButtonWithIcon(i18n.T("Войти в ЕНС", "Sign in to ENS"), theme.LoginIcon(), e.login)
	e.signIn.Importance = widget.HighImportance
	e.signOut = widget.NewButtonWithIcon(i18n.T("Выйти", "Sign out"), theme.LogoutIcon(), e.logout)
	e.state = widget.NewLabel("")
	e.state.Wrapping = fyne.TextWrapWord
	e.progress = widget.NewProgressBarInfinite()
	e.progress.Hide()
	e.progress.Stop()
	signBox := container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel(i18n.T("Режим", "Mode")), nil, e.modeRadio), e.innRow, e.mchdRow,
		container.NewHBox(e.signIn, e.signOut), e.state)

	// balance
	e.dateEntry = widget.NewEntry()
	e.dateEntry.SetText(e.date.Format("02.01.2006"))
	e.refresh = widget.NewButtonWithIcon(i18n.T("Обновить", "Refresh"), theme.ViewRefreshIcon(), e.reload)
	e.figure = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	e.figure.TextSize = 34
	e.figure.TextStyle.Bold = true
	e.words = widget.NewLabel("")
	e.words.TextStyle.Bold = true
	e.detail = widget.NewLabel("")
	e.detail.Wrapping = fyne.TextWrapWord
	dateRow := container.NewHBox(widget.NewLabel(i18n.T("Сальдо на", "Balance on")), container.NewGridWrap(fyne.NewSize(130, e.dateEntry.MinSize().Height), e.dateEntry), e.refresh)
	balBox := container.NewVBox(dateRow, e.figure, e.words, e.detail)

	top := container.NewGridWithColumns(2, widget.NewCard("", i18n.T("Вход", "Sign in"), signBox), widget.NewCard("", i18n.T("Сальдо", "Balance"), balBox))

	// operations
	e.fromEntry = widget.NewEntry()
	e.fromEntry.SetText(e.from.Format("02.01.2006"))
	e.toEntry = widget.NewEntry()
	e.toEntry.SetText(e.to.Format("02.01.2006"))
	dw := fyne.NewSize(130, e.fromEntry.MinSize().Height)
	show := widget.NewButton(i18n.T("Показать", "Show"), e.reload)
	e.exportBtn = widget.NewButtonWithIcon(i18n.T("Сохранить CSV…", "Save CSV…"), theme.DocumentSaveIcon(), e.exportCSV)
	period := container.NewHBox(widget.NewLabel(i18n.T("Период с", "Period from")), container.NewGridWrap(dw, e.fromEntry),
		widget.NewLabel(i18n.T("по", "to")), container.NewGridWrap(dw, e.toEntry), show, e.exportBtn)
	e.opsTable = e.newOpsTable()
	e.opsHint = widget.NewLabel("")
	e.opsHint.Wrapping = fyne.TextWrapWord
	opsTab := container.NewBorder(container.NewVBox(period, e.opsHint), nil, nil, nil, e.opsTable.box)
	e.oblTable = e.newOblTable()
	e.oblHint = widget.NewLabel("")
	e.oblHint.Wrapping = fyne.TextWrapWord
	oblTab := container.NewBorder(e.oblHint, nil, nil, nil, e.oblTable.box)
	e.chart = newLineChart(i18n.T("Графика пока нет: войдите в ЕНС и покажите операции за период.", "No chart yet: sign in to ENS and show the operations of a period."))
	e.chart.onRendered = func(n int) { e.a.trace("ens chart rendered points=%d", n) }
	e.chart.onHover = func(p chartPoint) { e.a.trace("ens chart hover %s", hoverText(p)) }
	e.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("Операции", "Operations"), theme.ListIcon(), opsTab),
		container.NewTabItemWithIcon(i18n.T("Обязательства", "Obligations"), theme.WarningIcon(), oblTab),
		container.NewTabItemWithIcon(i18n.T("График сальдо", "Balance chart"), theme.GridIcon(), e.chart),
	)
	e.tabs.OnSelected = func(t *container.TabItem) {
		for i, it := range e.tabs.Items {
			if it == t {
				e.a.trace("ens tab %d", i)
			}
		}
		if t.Content == e.chart {
			e.a.trace("ens chart shown points=%d", len(e.chart.points))
		}
	}
	e.showMode()
	e.show()
	e.root = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, title, e.progress), top), nil, nil, nil, e.tabs)
	return e.root
}

// showMode shows the ИНН or МЧД row the mode needs.
func (e *ensScreen) showMode() {
	if e.innRow == nil {
		return
	}
	e.innRow.Hide()
	e.mchdRow.Hide()
	switch e.mode {
	case workflow.ENSOperator:
		e.innRow.Show()
	case workflow.ENSRepresentative:
		e.mchdRow.Show()
	}
	e.showMCHDCheck()
}

func (e *ensScreen) showMCHDCheck() {
	if e.mchdLabel == nil {
		return
	}
	if e.mchdPath == "" {
		e.mchdLabel.SetText(i18n.T("не выбрана — выберите файл ON_EMCHD_….xml или перетащите его на окно", "none — choose the ON_EMCHD_….xml file or drop it on the window"))
		e.mchdCheck.SetText("")
		return
	}
	e.mchdLabel.SetText(filepath.Base(e.mchdPath))
	switch {
	case e.mchdErr != nil:
		what, do, _ := explain(e.mchdErr)
		e.mchdCheck.SetText("✗ " + i18n.T("МЧД не принята: ", "MCHD refused: ") + what + " " + do)
		e.mchdCheck.Importance = widget.DangerImportance
	case e.mchd != nil:
		var who []string
		for _, l := range e.mchd.Parties {
			who = append(who, l.String())
		}
		verdict := "✓ " + i18n.T("Действует по ", "Valid until ") + e.mchd.ValidUntil.Format("02.01.2006")
		e.mchdCheck.Importance = widget.SuccessImportance
		if e.mchd.Expired {
			verdict = "✗ " + i18n.T("Срок действия истёк ", "Expired on ") + e.mchd.ValidUntil.Format("02.01.2006") + i18n.T(" — нужна новая доверенность", " — a new power of attorney is needed")
			e.mchdCheck.Importance = widget.DangerImportance
		}
		e.mchdCheck.SetText(verdict + "\n" + strings.Join(who, "\n") + "\n" + i18n.T("Полномочий: ", "Powers: ") + itoa(e.mchd.Powers))
	}
	e.mchdCheck.Refresh()
}

// pickMCHD opens the file dialog for a МЧД.
func (e *ensScreen) pickMCHD() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		e.setMCHD(r.URI().Path())
	}, e.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xml"}))
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

// setMCHD takes a МЧД file (picked or dropped) and checks it at once.
func (e *ensScreen) setMCHD(path string) {
	e.mchdPath = path
	e.mchd, e.mchdErr = e.a.be.CheckMCHD(path)
	e.a.fa.Preferences().SetString(prefENSMCHD, path)
	if e.mode != workflow.ENSRepresentative && e.modeRadio != nil {
		e.modeRadio.SetSelected(e.modeOptions()[workflow.ENSRepresentative])
	}
	e.showMCHDCheck()
	e.a.trace("ens mchd ok=%v", e.mchdErr == nil)
}

func (e *ensScreen) showMCHD() {
	var text string
	switch {
	case e.mchd != nil:
		var lines []string
		for _, l := range e.mchd.Lines {
			lines = append(lines, l.String())
		}
		text = strings.Join(lines, "\n")
	case e.mchdErr != nil:
		showError(e.a.win, e.mchdErr)
		return
	default:
		text = i18n.T("МЧД не выбрана.", "No MCHD chosen.")
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(i18n.T("Машиночитаемая доверенность (МЧД)", "Machine-readable power of attorney (MCHD)"), i18n.T("Закрыть", "Close"), container.NewVScroll(l), e.a.win)
	e.a.keyed(d, d.Hide, d.Hide, nil)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// dates reads the three date fields (ДД.ММ.ГГГГ, not before 01.01.2023).
func (e *ensScreen) dates() error {
	var err error
	if e.date, err = workflow.ParseENSDate(i18n.T("Сальдо на", "Balance on"), strings.TrimSpace(e.dateEntry.Text), e.date); err != nil {
		return err
	}
	if e.from, err = workflow.ParseENSDate(i18n.T("Период с", "Period from"), strings.TrimSpace(e.fromEntry.Text), e.from); err != nil {
		return err
	}
	if e.to, err = workflow.ParseENSDate(i18n.T("Период по", "Period to"), strings.TrimSpace(e.toEntry.Text), e.to); err != nil {
		return err
	}
	if e.to.Before(e.from) {
		return &userError{What: i18n.Text{RU: "Начало периода позже его конца.", EN: "The period starts after it ends."},
			Do: i18n.Text{RU: "Исправьте даты периода.", EN: "Correct the period's dates."}}
	}
	return nil
}

// login opens the session, signs in and reads everything.
func (e *ensScreen) login() {
	if e.busy {
		return
	}
	if err := e.dates(); err != nil {
		showError(e.a.win, err)
		return
	}
	o := workflow.ENSOptions{Mode: e.mode}
	inn := ""
	switch e.mode {
	case workflow.ENSOperator:
		v, err := workflow.CheckINN(e.inn)
		if err == nil && v == "" {
			err = &userError{What: i18n.Text{RU: "Не указан ИНН налогоплательщика.", EN: "The taxpayer's INN is missing."},
				Do: i18n.Text{RU: "В режиме оператора введите ИНН того, чей счёт смотрите.", EN: "In operator mode enter the INN of the account to see."}}
		}
		if err != nil {
			showError(e.a.win, err)
			return
		}
		inn = v
		e.a.fa.Preferences().SetString(prefENSINN, v)
	case workflow.ENSRepresentative:
		if e.mchdPath == "" && !e.a.env.Sandbox {
			showError(e.a.win, &userError{What: i18n.Text{RU: "Не выбрана доверенность (МЧД).", EN: "No power of attorney (MCHD) chosen."},
				Do: i18n.Text{RU: "Нажмите «Выбрать МЧД…» или перетащите файл доверенности на окно.", EN: "Press Choose the MCHD… or drop the file on the window."}})
			return
		}
		o.MCHD = e.mchdPath
	}
	env := e.a.shell.status.envName()
	cert := e.a.cert
	e.setBusy(true, i18n.T("Вход в ЕНС…", "Signing in to ENS…"))
	date, from, to := e.date, e.from, e.to
	e.a.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		acct, err := e.a.be.OpenENS(ctx, env, cert, e.a.pinPrompt(), o)
		if err == nil {
			_, err = acct.Login(ctx)
		}
		var r ensResult
		if err == nil {
			r = fetchENS(ctx, acct, inn, date, from, to)
		}
		uiDo(func() {
			e.setBusy(false, "")
			if err != nil {
				e.a.trace("ens login failed")
				showError(e.a.win, err)
				e.show()
				return
			}
			e.acct = acct
			e.a.trace("ens signed in")
			e.apply(r)
		})
	})
}

// ensResult is what one refresh read.
type ensResult struct {
	bal  *workflow.ENSBalance
	stmt *workflow.ENSStatement
	obl  []workflow.ENSItem
	err  error
}

func fetchENS(ctx context.Context, acct ENSAccount, inn string, date, from, to time.Time) ensResult {
	var r ensResult
	if r.bal, r.err = acct.Balance(ctx, inn, date); r.err != nil {
		return r
	}
	if r.stmt, r.err = acct.Operations(ctx, inn, from, to); r.err != nil {
		return r
	}
	r.obl, r.err = acct.Obligations(ctx, inn, date)
	return r
}

func (e *ensScreen) apply(r ensResult) {
	if r.bal != nil {
		e.balance = r.bal
		e.snapshot = nil
	}
	if r.stmt != nil {
		e.stmt = r.stmt
		e.sortOps()
	}
	if r.obl != nil || r.err == nil {
		e.obl = r.obl
	}
	e.show()
	if r.bal != nil {
		e.a.trace("ens balance saldo=%d date=%s", int64(r.bal.Saldo), r.bal.Date.Format("02.01.2006"))
	}
	if r.stmt != nil {
		e.a.trace("ens operations shown n=%d chart points=%d", len(r.stmt.Operations), len(e.chart.points))
	}
	if r.err != nil {
		showError(e.a.win, r.err)
	}
}

// reload reads the balance, operations and obligations again.
func (e *ensScreen) reload() {
	if e.acct == nil {
		e.login()
		return
	}
	if e.busy {
		return
	}
	if err := e.dates(); err != nil {
		showError(e.a.win, err)
		return
	}
	inn := ""
	if e.mode == workflow.ENSOperator {
		inn = e.inn
	}
	acct, date, from, to := e.acct, e.date, e.from, e.to
	e.setBusy(true, i18n.T("Запрос в ЕНС…", "Asking ENS…"))
	e.a.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		r := fetchENS(ctx, acct, inn, date, from, to)
		uiDo(func() {
			e.setBusy(false, "")
			e.apply(r)
		})
	})
}

func (e *ensScreen) logout() {
	if e.acct == nil {
		return
	}
	err := e.acct.Logout()
	e.acct = nil
	e.a.trace("ens signed out")
	if e.balance != nil {
		e.snapshot = &ENSSnapshot{INN: e.balance.INN, Date: e.balance.Date, Kopecks: int64(e.balance.Saldo), Taken: e.a.now()}
		e.balance = nil
	}
	e.loadSnapshot()
	e.show()
	if err != nil {
		showError(e.a.win, err)
	}
}

func (e *ensScreen) setBusy(b bool, what string) {
	e.busy = b
	if b {
		e.progress.Show()
		e.progress.Start()
		e.signIn.Disable()
		e.refresh.Disable()
		e.state.SetText(what)
		return
	}
	e.progress.Stop()
	e.progress.Hide()
	e.signIn.Enable()
	e.refresh.Enable()
}

// show puts the model on the widgets.
func (e *ensScreen) show() {
	if e.figure == nil {
		return
	}
	if e.acct != nil {
		e.signIn.Hide()
		e.signOut.Show()
		e.state.SetText(i18n.T("Вход выполнен: ", "Signed in: ") + workflow.ENSModeName(e.mode) + ".")
		e.state.Importance = widget.SuccessImportance
	} else {
		e.signIn.Show()
		e.signOut.Hide()
		e.state.Importance = widget.MediumImportance
		if e.a.cert == nil && !e.a.env.Sandbox {
			e.state.SetText(i18n.T("Сертификат не выбран: выберите его на экране «Сертификаты», затем войдите.", "No certificate chosen: pick one on Certificates, then sign in."))
		} else {
			who := ""
			if e.a.cert != nil {
				who = certOwner(e.a.cert.Certificate)
			} else {
				who = i18n.T("демонстрационный сертификат песочницы", "the sandbox's demo certificate")
			}
			e.state.SetText(i18n.T("Не подключено. Вход с сертификатом: ", "Not signed in. Certificate: ") + who + ".")
		}
	}
	e.state.Refresh()

	var saldo int64
	has := false
	switch {
	case e.balance != nil:
		saldo, has = int64(e.balance.Saldo), true
		d := i18n.T("ИНН ", "INN ") + e.balance.INN + " · " + i18n.T("на ", "on ") + e.balance.Date.Format("02.01.2006")
		if e.balance.Upcoming != 0 {
			d += " · " + i18n.T("предстоящие платежи ", "upcoming payments ") + formatRub(int64(e.balance.Upcoming))
		}
		e.detail.SetText(d)
	case e.snapshot != nil:
		saldo, has = e.snapshot.Kopecks, true
		e.detail.SetText(i18n.T("Нет подключения — последний снимок: ИНН ", "Offline — the last snapshot: INN ") + e.snapshot.INN + ", " +
			i18n.T("сальдо на ", "balance on ") + e.snapshot.Date.Format("02.01.2006") + ", " + i18n.T("получен ", "taken ") +
			e.snapshot.Taken.Local().Format("02.01.2006 15:04") + i18n.T(". Войдите, чтобы обновить.", ". Sign in to refresh."))
	default:
		e.detail.SetText(i18n.T("Сальдо ещё не запрашивалось. Выберите режим и нажмите «Войти в ЕНС».", "No balance asked yet. Choose the mode and press Sign in to ENS."))
	}
	if has {
		e.figure.Text = formatRub(saldo)
		e.figure.Color = theme.Color(theme.ColorNameForeground)
		switch {
		case saldo < 0:
			e.figure.Color = theme.Color(theme.ColorNameError)
			e.words.SetText(i18n.T("Задолженность: ", "Debt: ") + formatRub(-saldo) + i18n.T(" к уплате", " to pay"))
			e.words.Importance = widget.DangerImportance
		case saldo > 0:
			e.words.SetText(i18n.T("Переплата — долга нет", "Overpayment — no debt"))
			e.words.Importance = widget.SuccessImportance
		default:
			e.words.SetText(i18n.T("Сальдо нулевое — долга нет", "Zero balance — no debt"))
			e.words.Importance = widget.MediumImportance
		}
	} else {
		e.figure.Text = "—"
		e.words.SetText("")
	}
	e.figure.Refresh()
	e.words.Refresh()

	if e.stmt == nil {
		e.opsHint.SetText(i18n.T("Операций пока нет: войдите в ЕНС — операции за период появятся здесь.", "No operations yet: sign in to ENS and the period's operations appear here."))
		e.exportBtn.Disable()
	} else {
		h := i18n.T("Операций: ", "Operations: ") + itoa(len(e.stmt.Operations)) + " · " + i18n.T("сальдо на начало ", "opening balance ") + formatRub(int64(e.stmt.SaldoIn)) +
			" · " + i18n.T("на конец ", "closing ") + formatRub(int64(e.stmt.SaldoOut))
		if !e.stmt.Reconciles() {
			h += " · " + i18n.T("⚠ сумма операций не сходится с сальдо", "⚠ the operations do not add up to the balance")
		}
		e.opsHint.SetText(h)
		e.exportBtn.Enable()
	}
	e.opsTable.Refresh()
	switch {
	case e.acct == nil && e.obl == nil:
		e.oblHint.SetText(i18n.T("Обязательства покажутся после входа в ЕНС.", "Obligations show after signing in to ENS."))
	case len(e.obl) == 0:
		e.oblHint.SetText(i18n.T("Предстоящих обязательств нет.", "No upcoming obligations."))
	default:
		e.oblHint.SetText(i18n.T("Предстоящих обязательств: ", "Upcoming obligations: ") + itoa(len(e.obl)))
	}
	e.oblTable.Refresh()
	e.chart.SetPoints(e.chartPoints())
	if e.root != nil {
		e.root.Refresh() // lay out again: rows and buttons came and went
	}
}

// history are the kept snapshots (the chart while no statement is read).
func (e *ensScreen) chartPoints() []chartPoint {
	if e.stmt != nil {
		return statementSeries(e.stmt)
	}
	var out []chartPoint
	for _, s := range e.history {
		out = append(out, chartPoint{At: s.Date, Kopecks: s.Kopecks})
	}
	return out
}

// statementSeries is the balance after each day of the statement: the
// opening balance, then the running sum of the operations by date.
func statementSeries(s *workflow.ENSStatement) []chartPoint {
	ops := append([]workflow.ENSItem(nil), s.Operations...)
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Date.Before(ops[j].Date) })
	out := []chartPoint{{At: dateOnly(s.From), Kopecks: int64(s.SaldoIn)}}
	bal := int64(s.SaldoIn)
	for _, op := range ops {
		bal += int64(op.Amount)
		d := dateOnly(op.Date)
		if last := &out[len(out)-1]; last.At.Equal(d) {
			last.Kopecks = bal
		} else {
			out = append(out, chartPoint{At: d, Kopecks: bal})
		}
	}
	if end := dateOnly(s.To); end.After(out[len(out)-1].At) {
		out = append(out, chartPoint{At: end, Kopecks: int64(s.SaldoOut)})
	}
	return out
}

// exportCSV saves the operations with the core's CSV (Russian
// spreadsheets: UTF-8 BOM, ';', decimal commas).
func (e *ensScreen) exportCSV() {
	if e.stmt == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := e.writeCSV(w); err != nil {
			showError(e.a.win, err)
		}
	}, e.a.win)
	d.SetFileName("ens-" + e.from.Format("2006-01-02") + "-" + e.to.Format("2006-01-02") + ".csv")
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

func (e *ensScreen) writeCSV(w io.Writer) error {
	if err := e.stmt.WriteCSV(w); err != nil {
		return &userError{What: i18n.Text{RU: "Файл CSV не записан.", EN: "The CSV file is not written."},
			Do: i18n.Text{RU: "Выберите другую папку или освободите место на диске и повторите.", EN: "Choose another folder or free disk space and try again."}, Err: err}
	}
	e.a.trace("ens csv saved")
	return nil
}

// --- tables ---

func (e *ensScreen) opsColumns() []string {
	return []string{i18n.T("Дата", "Date"), i18n.T("Вид", "Kind"), i18n.T("Наименование", "Name"), i18n.T("КБК", "KBK"), i18n.T("Сумма", "Amount"), i18n.T("Документ", "Document")}
}

func (e *ensScreen) ops() []workflow.ENSItem {
	if e.stmt == nil {
		return nil
	}
	return e.stmt.Operations
}

func (e *ensScreen) newOpsTable() *dataTable {
	return newDataTable(&dataTable{
		cols:   e.opsColumns,
		widths: []float32{100, 115, 300, 185, 150, 150},
		flex:   2,
		rows:   func() int { return len(e.ops()) },
		cell: func(row, col int) (string, widget.Importance, bool) {
			ops := e.ops()
			if row >= len(ops) {
				return "", widget.MediumImportance, false
			}
			op := ops[row]
			switch col {
			case 0:
				return op.Date.Format("02.01.2006"), widget.MediumImportance, false
			case 1:
				return kindName(op.Kind), widget.MediumImportance, false
			case 2:
				return op.Name, widget.MediumImportance, false
			case 3:
				return op.KBK, widget.MediumImportance, false
			case 4:
				imp := widget.MediumImportance
				if op.Amount < 0 {
					imp = widget.DangerImportance
				}
				return formatRub(int64(op.Amount)), imp, true
			}
			return op.Document, widget.MediumImportance, false
		},
		sort:   e.sortBy,
		sorted: func() (int, bool) { return e.sortCol, e.sortDesc },
	})
}

// sortBy sorts the operations by a column (again: the other direction).
func (e *ensScreen) sortBy(col int) {
	if col == e.sortCol {
		e.sortDesc = !e.sortDesc
	} else {
		e.sortCol, e.sortDesc = col, false
	}
	e.sortOps()
	e.a.trace("ens sort col=%d desc=%v", col, e.sortDesc)
}

func (e *ensScreen) sortOps() {
	ops := e.ops()
	less := func(a, b workflow.ENSItem) bool {
		switch e.sortCol {
		case 1:
			return kindName(a.Kind) < kindName(b.Kind)
		case 2:
			return a.Name < b.Name
		case 3:
			return a.KBK < b.KBK
		case 4:
			return a.Amount < b.Amount
		case 5:
			return a.Document < b.Document
		}
		return a.Date.Before(b.Date)
	}
	sort.SliceStable(ops, func(i, j int) bool {
		if e.sortDesc {
			return less(ops[j], ops[i])
		}
		return less(ops[i], ops[j])
	})
}

func (e *ensScreen) newOblTable() *dataTable {
	return newDataTable(&dataTable{
		cols: func() []string {
			return []string{i18n.T("Срок уплаты", "Due"), i18n.T("Наименование", "Name"), i18n.T("КБК", "KBK"), i18n.T("ОКТМО", "OKTMO"), i18n.T("Сумма", "Amount")}
		},
		widths: []float32{120, 400, 185, 120, 150},
		flex:   1,
		rows:   func() int { return len(e.obl) },
		cell: func(row, col int) (string, widget.Importance, bool) {
			if row >= len(e.obl) {
				return "", widget.MediumImportance, false
			}
			it := e.obl[row]
			switch col {
			case 0:
				d := it.DueDate
				if d.IsZero() {
					d = it.Date
				}
				return d.Format("02.01.2006"), widget.MediumImportance, false
			case 1:
				return it.Name, widget.MediumImportance, false
			case 2:
				return it.KBK, widget.MediumImportance, false
			case 3:
				return it.OKTMO, widget.MediumImportance, false
			}
			return formatRub(abs64(int64(it.Amount))), widget.MediumImportance, true
		},
	})
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// kindName names an operation kind in the UI language.
func kindName(kind string) string {
	switch kind {
	case "payment":
		return i18n.T("платёж (ЕНП)", "payment")
	case "accrual", "tax":
		return i18n.T("начисление", "accrual")
	case "penalty":
		return i18n.T("пени", "penalty")
	case "fine":
		return i18n.T("штраф", "fine")
	case "offset":
		return i18n.T("зачёт", "offset")
	case "refund":
		return i18n.T("возврат", "refund")
	}
	return kind
}

// formatRub formats kopecks for people: «−15 234,56 ₽» with thin
// (narrow no-break) spaces between thousands; English: «−15,234.56 ₽».
func formatRub(k int64) string {
	s := workflow.ENSKopecks(k).String() // exact: "-15234.56"
	sign := ""
	if s[0] == '-' {
		sign, s = "−", s[1:]
	}
	r, f, _ := strings.Cut(s, ".")
	sep, dec := "\u202f", ","
	if i18n.Current() == i18n.EN {
		sep, dec = ",", "."
	}
	var b strings.Builder
	for i, c := range r {
		if i > 0 && (len(r)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return sign + b.String() + dec + f + "\u202f₽"
}
