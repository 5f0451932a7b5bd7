package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// orders is the Заявления screen of part 1: the applications sent in this
// run, newest first, with their last status from the workflow's events.
// Issue 11 turns it into the full journal table.
type orders struct {
	a    *App
	rows []orderRow
	list *widget.List
	info *widget.Label
}

type orderRow struct {
	OrderID int64
	Service string
	Title   string
	Status  string
	Class   string // draft, progress, action, done, refused, error
	At      time.Time
}

func newOrders(a *App) *orders { return &orders{a: a} }

func (o *orders) count() int { return len(o.rows) }

func (o *orders) build() fyne.CanvasObject {
	o.list = widget.NewList(
		func() int { return len(o.rows) },
		func() fyne.CanvasObject {
			num := widget.NewLabelWithStyle("№ 0000000000", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title := widget.NewLabel("услуга")
			title.Truncation = fyne.TextTruncateEllipsis
			status := widget.NewLabel("Зарегистрировано на портале")
			at := widget.NewLabel("00.00.0000 00:00")
			return container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.DocumentIcon()), num), container.NewHBox(status, at), title)
		},
		func(id widget.ListItemID, c fyne.CanvasObject) {
			if id >= len(o.rows) {
				return
			}
			r := o.rows[id]
			b := c.(*fyne.Container)
			b.Objects[0].(*widget.Label).SetText(r.Service + " — " + r.Title)
			left := b.Objects[1].(*fyne.Container)
			left.Objects[1].(*widget.Label).SetText(i18n.T("№ ", "No. ") + int64s(r.OrderID))
			right := b.Objects[2].(*fyne.Container)
			st := right.Objects[0].(*widget.Label)
			st.SetText(r.Status)
			st.Importance = statusImportance(r.Class)
			st.Refresh()
			right.Objects[1].(*widget.Label).SetText(r.At.Format("02.01.2006 15:04"))
		})
	o.info = widget.NewLabel("")
	o.info.Wrapping = fyne.TextWrapWord
	o.refresh()
	title := widget.NewLabelWithStyle(screenTitle(screenOrders), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(container.NewVBox(title, o.info), nil, nil, nil, o.list)
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

func (o *orders) refresh() {
	if o.info == nil {
		return
	}
	if len(o.rows) == 0 {
		o.info.SetText(i18n.T("Заявлений пока нет — создайте первое в разделе «Новое заявление».", "No applications yet — create the first one under New application."))
	} else {
		o.info.SetText(i18n.T("Отправлено за этот сеанс: ", "Sent in this session: ") + itoa(len(o.rows)) +
			i18n.T(". Статусы обновляются сами.", ". Statuses update by themselves."))
	}
	o.list.Refresh()
	if o.a.shell != nil && o.a.shell.nav != nil {
		o.a.shell.nav.Refresh()
	}
}

// add records a sent application.
func (o *orders) add(app workflow.Application, res *workflow.SubmitResult, at time.Time) {
	o.rows = append([]orderRow{{OrderID: res.OrderID, Service: app.Service, Title: app.Title,
		Status: i18n.T("Отправлено", "Sent"), Class: "progress", At: at}}, o.rows...)
	o.refresh()
}

func (o *orders) selectOrder(id int64) {
	for i, r := range o.rows {
		if r.OrderID == id {
			o.list.Select(i)
		}
	}
}

// event updates a row's status.
func (o *orders) event(e workflow.Event) {
	if e.Status == nil || e.OrderID == 0 {
		return
	}
	for i := range o.rows {
		if o.rows[i].OrderID == e.OrderID {
			o.rows[i].Status = e.Status.Title
			o.rows[i].At = e.Time
			switch {
			case e.Status.ID == 0 && !e.Status.Final:
				o.rows[i].Class = "draft"
			case e.Status.Final && (e.Status.ID == 3):
				o.rows[i].Class = "done"
			case e.Status.Final && e.Status.ID == 4:
				o.rows[i].Class = "refused"
			case e.Status.Final:
				o.rows[i].Class = "error"
			default:
				o.rows[i].Class = "progress"
			}
		}
	}
	o.refresh()
}
