package ui

import (
	"context"
	"io"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// orders is the Заявления screen: every application and order of the
// journal in a table (service, applicant, order number, created, status,
// last change), filtered by service, status class and text, sorted by a
// click on a column header, reloaded on the workflow's events, exported
// as the journal's CSV; the selected application's details below
// (orders_details.go) with its actions (orders_actions.go).
type orders struct {
	a       *App
	rows    []orderRow // what the table shows; a page is read when first shown (row)
	extra   int        // rows[:extra] are sent in this run and not in the journal yet
	loaded  map[int]bool
	q       journal.Query // the query of rows (paged)
	session []orderRow    // sent in this run, shown before the journal has them
	total   int           // matches in the journal
	unseen  int           // final orders whose details were not opened (the badge)

	sort journal.Sort
	desc bool

	service string // eServiceCode filter ("" any)
	class   string // status class filter ("" any)
	period  int    // index in orderPeriods: created within the last days
	text    string

	table    *widget.Table
	info     *widget.Label
	search   *widget.Entry
	filters  []*widget.Select // service, class, period (reset when a new order is sent)
	selected int              // row index, -1 none
	services []xsd.Service

	// details of the selected application
	detailBox  *fyne.Container
	detailTabs *container.AppTabs
	pane       *detailPane // the shown details (updated in place on a refresh)
	detailTab  int
	detailSeq  int // drops a details read that a newer selection overtook
	view       *workflow.OrderView
	busy       map[int64]bool // applications being resumed
	openURL    func(*url.URL) error
	// the cancel dialog (tests press its buttons)
	cancelDialog dialog.Dialog
	cancelReason *widget.Entry
	cancelOK     *widget.Button

	// following the unfinished orders from the start
	trackRunning bool
	trackCancel  context.CancelFunc
	trackNote    string
	trackInfo    *widget.Label
	trackBtn     *widget.Button

	// desktop notifications of final statuses (orders_notify.go)
	sendNote  func(*fyne.Notification) // the app's SendNotification (tests record)
	after     afterFunc                // the window's timer (tests fake it)
	notes     []workflow.Event         // final statuses waiting to be told
	notesFrom time.Time                // when the first of them came (a.now)
	notesStop func() bool              // stops the window's timer
	notesGen  int                      // a timer of an earlier window does nothing
}

type orderRow struct {
	AppID     int64
	OrderID   int64
	Env       string
	Service   string
	Title     string
	Applicant string
	Status    string
	Class     string // draft, progress, action, done, refused, error
	Created   time.Time
	At        time.Time // last change
	Unseen    bool      // a final status whose details were not opened yet
}

// The table reads the journal a page at a time, the pages it shows (a
// reload reads the first and the count; scrolling reads the rest): with
// 10,000 orders an action stays a few milliseconds (make bench).
// orderMax caps the table's length; the info line says to narrow the
// search beyond it.
const (
	orderPage = 100
	orderMax  = 100000
)

func newOrders(a *App) *orders {
	return &orders{a: a, sort: journal.SortUpdated, desc: true, selected: -1, busy: map[int64]bool{},
		sendNote: a.fa.SendNotification, after: realAfterFunc}
}

// count is the navigation badge: results (final statuses) not looked at
// yet, kept in the journal so it survives a restart.
func (o *orders) count() int { return o.unseen }

type orderColumn struct {
	title i18n.Text
	sort  journal.Sort
	width float32
}

var orderColumns = []orderColumn{
	{i18n.Text{RU: "Услуга", EN: "Service"}, journal.SortService, 250},
	{i18n.Text{RU: "Заявитель", EN: "Applicant"}, journal.SortApplicant, 200},
	{i18n.Text{RU: "№ заявления", EN: "Order No."}, journal.SortOrder, 130},
	{i18n.Text{RU: "Создано", EN: "Created"}, journal.SortCreated, 140},
	{i18n.Text{RU: "Статус", EN: "Status"}, journal.SortState, 230},
	{i18n.Text{RU: "Изменено", EN: "Last change"}, journal.SortUpdated, 140},
}

// orderPeriods are the period filter's choices: created within the last
// days (0: any time).
var orderPeriods = []struct {
	days int
	name i18n.Text
}{
	{0, i18n.Text{RU: "За всё время", EN: "Any time"}},
	{1, i18n.Text{RU: "За сутки", EN: "Last day"}},
	{7, i18n.Text{RU: "За неделю", EN: "Last week"}},
	{31, i18n.Text{RU: "За месяц", EN: "Last month"}},
	{365, i18n.Text{RU: "За год", EN: "Last year"}},
}

// statusClasses are the filter's choices: class and its words.
var statusClasses = []struct {
	class string
	name  i18n.Text
}{
	{"draft", i18n.Text{RU: "Черновик / не отправлено", EN: "Draft / not sent"}},
	{"progress", i18n.Text{RU: "В работе", EN: "In progress"}},
	{"action", i18n.Text{RU: "Требует действия", EN: "Needs action"}},
	{"done", i18n.Text{RU: "Исполнено", EN: "Done"}},
	{"refused", i18n.Text{RU: "Отказ", EN: "Refused"}},
	{"error", i18n.Text{RU: "Ошибка", EN: "Error"}},
}

func (o *orders) build() fyne.CanvasObject {
	o.services = xsd.Services()
	o.selected = -1
	o.table = widget.NewTable(
		func() (int, int) { return len(o.rows), len(orderColumns) },
		func() fyne.CanvasObject {
			// texts are shortened by fitText (cached), not by the label
			return widget.NewLabel("")
		},
		func(id widget.TableCellID, c fyne.CanvasObject) {
			l := c.(*widget.Label)
			if id.Row >= len(o.rows) {
				l.SetText("")
				return
			}
			r := o.row(id.Row)
			l.Importance = widget.MediumImportance
			l.TextStyle = fyne.TextStyle{}
			switch id.Col {
			case 0:
				l.Text = orderServiceName(r.Service) + titleSuffix(r.Title)
			case 1:
				l.Text = r.Applicant
				if l.Text == "" && (r.AppID != 0 || r.OrderID != 0) {
					l.Text = "—" // not given (a single application names none yet)
				}
			case 2:
				l.Text = ""
				if r.OrderID != 0 {
					l.Text = int64s(r.OrderID)
				}
				l.TextStyle.Bold = true
			case 3:
				l.Text = fmtTime(r.Created)
			case 4:
				l.Text = r.Status
				l.Importance = statusImportance(r.Class)
				if r.Unseen {
					// a new result: bold and marked, not by colour alone
					l.Text = "● " + r.Status
					l.TextStyle.Bold = true
				}
			case 5:
				l.Text = fmtTime(r.At)
			}
			l.Text = fitText(l.Text, orderColumns[id.Col].width, l.TextStyle.Bold)
			l.Refresh()
		})
	o.table.ShowHeaderRow = true
	o.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	o.table.UpdateHeader = func(id widget.TableCellID, c fyne.CanvasObject) {
		b := c.(*widget.Button)
		if id.Col < 0 || id.Col >= len(orderColumns) {
			return
		}
		col := orderColumns[id.Col]
		t := i18n.T(col.title.RU, col.title.EN)
		b.Icon = nil
		if o.sort == col.sort {
			b.Icon = theme.MenuDropUpIcon()
			if o.desc {
				b.Icon = theme.MenuDropDownIcon()
			}
		}
		b.SetText(t)
		b.OnTapped = func() { o.sortBy(col.sort) }
	}
	for i, c := range orderColumns {
		o.table.SetColumnWidth(i, c.width)
	}
	o.table.OnSelected = func(id widget.TableCellID) { o.showDetails(id.Row) }

	svcOpts := []string{i18n.T("Все услуги", "All services")}
	for _, s := range o.services {
		svcOpts = append(svcOpts, s.Code+" — "+i18n.T(s.Name, s.NameEN))
	}
	svc := widget.NewSelect(svcOpts, func(v string) {
		code, _, _ := strings.Cut(v, " — ")
		if v == svcOpts[0] {
			code = ""
		}
		o.service = code
		o.reload()
	})
	svc.SetSelectedIndex(0)
	for i, s := range o.services {
		if s.Code == o.service {
			svc.SetSelectedIndex(i + 1)
		}
	}
	clsOpts := []string{i18n.T("Любой статус", "Any status")}
	for _, c := range statusClasses {
		clsOpts = append(clsOpts, i18n.T(c.name.RU, c.name.EN))
	}
	cls := widget.NewSelect(clsOpts, func(v string) {
		o.class = ""
		for _, c := range statusClasses {
			if v == i18n.T(c.name.RU, c.name.EN) {
				o.class = c.class
			}
		}
		o.reload()
	})
	cls.SetSelectedIndex(0)
	perOpts := []string{}
	for _, p := range orderPeriods {
		perOpts = append(perOpts, i18n.T(p.name.RU, p.name.EN))
	}
	per := widget.NewSelect(perOpts, nil)
	per.SetSelectedIndex(o.period)
	per.OnChanged = func(string) { o.period = per.SelectedIndex(); o.reload() }
	search := widget.NewEntry()
	search.SetPlaceHolder(i18n.T("Поиск: заявитель, номер, услуга…", "Search: applicant, number, service…"))
	search.SetText(o.text)
	search.OnChanged = func(s string) { o.text = strings.TrimSpace(s); o.reload() }
	o.search, o.filters = search, []*widget.Select{svc, cls, per}
	export := widget.NewButtonWithIcon(i18n.T("Экспорт CSV…", "Export CSV…"), theme.DocumentSaveIcon(), o.exportCSV)

	o.info = widget.NewLabel("")
	o.info.Truncation = fyne.TextTruncateEllipsis
	o.detailBox = container.NewStack(hintLabel(i18n.T("Выберите заявление в таблице, чтобы увидеть его историю статусов, документы, вложения и результат.",
		"Select an application in the table to see its status history, documents, attachments and result.")))
	o.detailTabs, o.pane = nil, nil
	o.trackInfo = hintLabel("")
	o.trackInfo.Importance = widget.WarningImportance
	o.trackBtn = widget.NewButtonWithIcon(i18n.T("Обновить статусы", "Refresh statuses"), theme.ViewRefreshIcon(), func() { o.startTracking(true) })
	o.refreshTrack()
	o.reload()

	title := widget.NewLabelWithStyle(screenTitle(screenOrders), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	filters := container.NewBorder(nil, nil, container.NewHBox(fixedWidth(svc, 250), fixedWidth(cls, 220), fixedWidth(per, 160)), export, search)
	split := container.NewVSplit(o.table, o.detailBox)
	split.Offset = 0.5
	track := container.NewBorder(nil, nil, nil, o.trackBtn, o.trackInfo)
	return container.NewBorder(container.NewVBox(title, filters, o.info, track), nil, nil, nil, split)
}

// fixedWidth gives a select a usable width in an HBox.
func fixedWidth(s *widget.Select, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, s.MinSize().Height), s)
}

func titleSuffix(t string) string {
	if t == "" {
		return ""
	}
	return " — " + t
}

func orderServiceName(code string) string {
	if s, ok := xsd.Lookup(code); ok {
		return i18n.T(s.Name, s.NameEN)
	}
	return code
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02.01.2006 15:04")
}

func statusImportance(class string) widget.Importance {
	switch class {
	case "progress":
		return widget.HighImportance
	case "action":
		return widget.WarningImportance
	case "done":
		return widget.SuccessImportance
	case "refused", "error":
		return widget.DangerImportance
	}
	// A draft or an order the portal has not taken up yet: the plain text
	// colour. LowImportance draws it in the disabled grey, which all but
	// vanishes on a selected row (seen on the e2e screenshot 11-orders).
	return widget.MediumImportance
}

// statusClass maps the order status the service reported to its class
// (design brief: 3 done, 4 refused, other finals error).
func statusClass(id int, final bool) string {
	switch {
	case final && id == 3:
		return "done"
	case final && id == 4:
		return "refused"
	case final:
		return "error"
	case id == 0:
		return "draft"
	}
	return "progress"
}

// summaryRow turns what the journal keeps into a table row: the words of
// the status and its class.
func summaryRow(s journal.Summary) orderRow {
	r := orderRow{AppID: s.ID, OrderID: s.OrderID, Env: s.Env, Service: s.Service, Title: s.Title, Applicant: s.Applicant,
		Created: s.Created, At: s.Updated, Status: s.StatusText, Unseen: s.State == journal.StateFinal && !s.Seen}
	switch s.State {
	case journal.StateFailed:
		r.Class = "error"
		r.Status = i18n.T("Ошибка: ", "Error: ") + i18n.T(s.Reason.RU, s.Reason.EN)
	case journal.StateFinal:
		r.Class = statusClass(s.StatusID, true)
	case journal.StateSent, journal.StateTracking:
		r.Class = "progress"
		if r.Status == "" {
			r.Status = i18n.T("Отправлено", "Sent")
		}
	case journal.StateReserving, journal.StateUploading, journal.StatePushing:
		r.Class = "action"
		r.Status = i18n.T("Отправка прервана — продолжите её", "Sending interrupted — resume it")
	default:
		r.Class = "draft"
		if s.Draft || s.State == "" {
			r.Status = i18n.T("Черновик", "Draft")
		} else {
			// checked, packed or reserved and not a draft: a send that
			// stopped before the upload (the details offer to resume it)
			r.Status = i18n.T("Отправка прервана — продолжите её", "Sending interrupted — resume it")
		}
	}
	if r.Status == "" {
		r.Status = i18n.T("Статус не получен", "No status yet")
	}
	return r
}

// classStates narrows the journal query of a status class; the class
// itself is then taken from each row.
func classStates(class string) []journal.State {
	switch class {
	case "draft":
		return []journal.State{journal.StateDraft, journal.StateChecked, journal.StatePacked, journal.StateReserved}
	case "action":
		return []journal.State{journal.StateReserving, journal.StateUploading, journal.StatePushing}
	case "progress":
		return []journal.State{journal.StateSent, journal.StateTracking}
	case "done", "refused":
		return []journal.State{journal.StateFinal}
	case "error":
		return []journal.State{journal.StateFinal, journal.StateFailed}
	}
	return nil
}

func (o *orders) query() journal.Query {
	q := journal.Query{Service: o.service, States: classStates(o.class), Text: o.text, Sort: o.sort, Desc: o.desc, Limit: orderPage}
	if d := orderPeriods[o.period].days; d > 0 {
		q.From = o.a.now().AddDate(0, 0, -d)
	}
	switch o.class {
	case "done":
		q.StatusID = 3
	case "refused":
		q.StatusID = 4
	case "error":
		q.ExceptFinal = []int{3, 4} // failed, or final but neither done nor refused
	}
	return q
}

func (o *orders) filtersEmpty() bool {
	return o.service == "" && o.class == "" && o.text == "" && o.period == 0
}

func (o *orders) sortBy(s journal.Sort) {
	if o.sort == s {
		o.desc = !o.desc
	} else {
		o.sort, o.desc = s, s == journal.SortUpdated || s == journal.SortCreated
	}
	o.reload()
}

// reload reads the table from the journal.
func (o *orders) reload() {
	if o.info == nil {
		return
	}
	q := o.query()
	p, err := o.a.be.SearchOrders(q)
	if err != nil {
		o.info.SetText(i18n.T("Журнал не прочитан: ", "The journal is not read: ") + err.Error())
		return
	}
	seen := map[int64]bool{}
	first := make([]orderRow, 0, len(p.Items))
	for _, s := range p.Items {
		r := summaryRow(s)
		first = append(first, r)
		if r.OrderID != 0 {
			seen[r.OrderID] = true
		}
	}
	// sent in this run but not yet seen in the journal (no filter set)
	var extra []orderRow
	if o.filtersEmpty() {
		for _, r := range o.session {
			if !seen[r.OrderID] {
				extra = append(extra, r)
			}
		}
	}
	newQuery := !sameQuery(q, o.q)
	o.q, o.total, o.extra = q, p.Total, len(extra)
	o.loaded = map[int]bool{0: true}
	n := len(extra) + min(p.Total, orderMax)
	if cap(o.rows) >= n {
		o.rows = o.rows[:n]
		clear(o.rows)
	} else {
		o.rows = make([]orderRow, n)
	}
	copy(o.rows, extra)
	copy(o.rows[len(extra):], first)
	o.countUnseen()
	o.keepSelection()
	if newQuery && o.table != nil && o.selected < 0 {
		o.table.ScrollToTop() // a new filter: its first rows, not the old offset
	}
	o.refresh()
}

// sameQuery: the same filters and sort (a reload on an event, not a new
// search).
func sameQuery(a, b journal.Query) bool {
	return a.Service == b.Service && a.Text == b.Text && a.StatusID == b.StatusID && a.From.Equal(b.From) &&
		a.Sort == b.Sort && a.Desc == b.Desc && len(a.States) == len(b.States) && len(a.ExceptFinal) == len(b.ExceptFinal)
}

// row is table row i, its page read from the journal when first shown.
func (o *orders) row(i int) orderRow {
	if i < o.extra || i >= len(o.rows) {
		if i < 0 || i >= len(o.rows) {
			return orderRow{}
		}
		return o.rows[i]
	}
	if pg := (i - o.extra) / orderPage; !o.loaded[pg] {
		o.loaded[pg] = true // once: an error leaves the rows empty until the next reload
		q := o.q
		q.Offset = pg * orderPage
		if p, err := o.a.be.SearchOrders(q); err == nil {
			for k, s := range p.Items {
				if at := o.extra + q.Offset + k; at < len(o.rows) {
					o.rows[at] = summaryRow(s)
				}
			}
		}
	}
	return o.rows[i]
}

// keepSelection keeps the selected application selected when the rows
// moved (a status changed the order of the table).
func (o *orders) keepSelection() {
	if o.view == nil || o.table == nil {
		return
	}
	i := -1
	for k, r := range o.rows {
		if r.AppID == o.view.AppID {
			i = k
		}
	}
	if i == o.selected {
		return
	}
	o.selected = i
	f := o.table.OnSelected
	o.table.OnSelected = nil
	if i < 0 {
		// the filter hides it: the details go too, not stay as if selected
		o.table.UnselectAll()
		o.view = nil
		o.detailSeq++
		o.detailTabs, o.pane = nil, nil
		o.setDetails(hintLabel(i18n.T("Выбранное заявление скрыто фильтром — выберите заявление в таблице.",
			"The selected application is hidden by the filter — select one in the table.")))
	} else {
		o.table.Select(widget.TableCellID{Row: i, Col: 0})
	}
	o.table.OnSelected = f
}

func (o *orders) refresh() {
	if o.info == nil {
		return
	}
	switch {
	case len(o.rows) == 0 && o.filtersEmpty():
		o.info.SetText(i18n.T("Заявлений пока нет — создайте первое в разделе «Новое заявление».", "No applications yet — create the first one under New application."))
	case len(o.rows) == 0:
		o.info.SetText(i18n.T("Ничего не найдено — измените фильтры или текст поиска.", "Nothing found — change the filters or the search text."))
	case o.total+o.extra > len(o.rows):
		o.info.SetText(i18n.T("Показано ", "Shown ") + itoa(len(o.rows)) + i18n.T(" из ", " of ") + itoa(o.total) +
			i18n.T(" — уточните поиск. Статусы обновляются сами.", " — narrow the search. Statuses update by themselves."))
	default:
		o.info.SetText(i18n.T("Заявлений: ", "Applications: ") + itoa(len(o.rows)) +
			i18n.T(". Статусы обновляются сами.", ". Statuses update by themselves."))
	}
	o.table.Refresh()
	if o.a.shell != nil && o.a.shell.nav != nil {
		o.a.shell.nav.Refresh()
	}
}

// add records a sent application (shown at once, before the journal is read again);
// filters left from an earlier search are cleared so that it shows.
func (o *orders) add(app workflow.Application, res *workflow.SubmitResult, at time.Time) {
	o.clearFilters()
	o.session = append([]orderRow{{AppID: res.AppID, OrderID: res.OrderID, Service: app.Service, Title: app.Title,
		Status: i18n.T("Отправлено", "Sent"), Class: "progress", Created: at, At: at}}, o.session...)
	o.reload()
}

// clearFilters resets the filters and the search text (and their widgets).
func (o *orders) clearFilters() {
	if o.filtersEmpty() {
		return
	}
	o.service, o.class, o.period, o.text = "", "", 0, ""
	if o.search != nil {
		cb := o.search.OnChanged
		o.search.OnChanged = nil
		o.search.SetText("")
		o.search.OnChanged = cb
		for _, f := range o.filters {
			cb := f.OnChanged
			f.OnChanged = nil
			f.SetSelectedIndex(0)
			f.OnChanged = cb
		}
	}
}

func (o *orders) selectOrder(id int64) {
	for i, r := range o.rows {
		if r.OrderID == id && o.table != nil {
			o.table.Select(widget.TableCellID{Row: i, Col: 0})
		}
	}
}

// event reads the journal again when an order's state changed (not on
// every byte of an upload) and updates the rows sent in this run.
func (o *orders) event(e workflow.Event) {
	switch e.Stage {
	case workflow.StageSent, workflow.StageStatus, workflow.StageFinal, workflow.StageFailed, workflow.StageResult, workflow.StageReserve:
	default:
		return
	}
	if e.Status != nil && e.OrderID != 0 {
		for i := range o.session {
			if o.session[i].OrderID == e.OrderID {
				o.session[i].Status = e.Status.Title
				o.session[i].At = e.Time
				o.session[i].Class = statusClass(e.Status.ID, e.Status.Final)
			}
		}
	}
	if e.Stage == workflow.StageFinal {
		o.notify(e)
	}
	o.reload()
	if o.selected >= 0 && (e.AppID == 0 || o.view == nil || e.AppID == o.view.AppID || e.OrderID == o.view.OrderID) {
		o.showDetails(o.selected)
	}
}

// exportCSV saves the rows matching the filters as the journal's CSV.
func (o *orders) exportCSV() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := o.writeCSV(w); err != nil {
			showError(o.a.win, err)
		}
	}, o.a.win)
	d.SetFileName("zayavleniya-" + o.a.now().Format("2006-01-02") + ".csv")
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

func (o *orders) writeCSV(w io.Writer) error {
	q := o.query()
	q.Limit = -1
	if err := o.a.be.ExportOrders(w, q); err != nil {
		return &userError{What: i18n.Text{RU: "Файл CSV не записан.", EN: "The CSV file is not written."},
			Do: i18n.Text{RU: "Выберите другую папку или освободите место на диске и повторите.", EN: "Choose another folder or free disk space and try again."}, Err: err}
	}
	return nil
}

// fitKey is a cell text in its column.
type fitKey struct {
	s    string
	w    float32
	bold bool
}

// fitCache holds cell texts shortened to their column (UI goroutine only).
var fitCache = map[fitKey]string{}

// fitText shortens s with «…» to fit a column of width w, measured once
// per text: Fyne's own ellipsis shapes the text with a new shaper on
// every refresh, which made scrolling 10,000 orders slow (make bench).
func fitText(s string, w float32, bold bool) string {
	if s == "" {
		return s
	}
	k := fitKey{s, w, bold}
	if v, ok := fitCache[k]; ok {
		return v
	}
	if len(fitCache) > 50000 {
		fitCache = map[fitKey]string{}
	}
	room := w - 2*theme.InnerPadding() - 2
	style := fyne.TextStyle{Bold: bold}
	size := theme.TextSize()
	out := s
	if fyne.MeasureText(s, size, style).Width > room {
		r := []rune(s)
		lo, hi := 0, len(r) // the longest prefix that fits with «…»
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if fyne.MeasureText(strings.TrimRight(string(r[:mid]), " ")+"…", size, style).Width <= room {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		out = strings.TrimRight(string(r[:lo]), " ") + "…"
	}
	fitCache[k] = out
	return out
}
