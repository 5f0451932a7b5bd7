package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ordersMenu is the main menu «Заявления»: each item switches to the
// screen and does what its button does, with a key that works while a
// text field has the focus (main-menu shortcuts come first), so a clerk —
// and the e2e run — reaches an order, its tabs, its result and «Отменить…»
// without the mouse. Keys: Ctrl+Shift+J search, Ctrl+Shift+Down/Up next /
// previous application, Ctrl+Shift+4…7 the tabs, Ctrl+Shift+R open the
// first result file, Ctrl+Shift+Y verify the result again, Ctrl+Shift+X
// «Отменить…».
func (a *App) ordersMenu() *fyne.Menu {
	cs := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	o := a.orders
	item := func(label string, key fyne.KeyName, f func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, func() {
			if a.shell.current != screenOrders {
				a.shell.show(screenOrders)
			}
			f()
		})
		m.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: cs}
		return m
	}
	tab := func(i int) func() {
		return func() {
			if o.detailTabs != nil {
				o.detailTabs.SelectIndex(i)
				o.detailTab = i
				o.a.trace("details tab %d", i)
			}
		}
	}
	return fyne.NewMenu(i18n.T("Заявления", "Applications"),
		item(i18n.T("Найти заявление", "Find an application"), fyne.KeyJ, func() {
			if o.search != nil {
				a.win.Canvas().Focus(o.search)
			}
		}),
		item(i18n.T("Следующее заявление", "Next application"), fyne.KeyDown, func() { o.step(1) }),
		item(i18n.T("Предыдущее заявление", "Previous application"), fyne.KeyUp, func() { o.step(-1) }),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("История статусов", "Status history"), fyne.Key4, tab(tabHistory)),
		item(i18n.T("Документы", "Documents"), fyne.Key5, tab(tabDocuments)),
		item(i18n.T("Вложения", "Attachments"), fyne.Key6, tab(tabAttachments)),
		item(i18n.T("Результат", "Result"), fyne.Key7, tab(tabResults)),
		item(i18n.T("Открыть первый файл результата", "Open the first result file"), fyne.KeyR, func() {
			if v := o.view; v != nil && len(v.Results) > 0 {
				tab(tabResults)()
				if rows := resultRows(v.Results); len(rows) > 0 {
					o.openPath(rows[0].file.Path) // the document, not its .sig
				}
			}
		}),
		item(i18n.T("Проверить подпись результата ещё раз", "Verify the result's signature again"), fyne.KeyY, func() {
			if v := o.view; v != nil && hasSignature(v.Results) {
				o.verifyAgain(v)
			}
		}),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("Отменить заявление…", "Cancel the application…"), fyne.KeyX, func() {
			if v := o.view; v != nil && v.CanCancel {
				o.askCancel(v)
			} else {
				o.a.trace("cancel unavailable")
			}
		}),
	)
}

// step selects the next (+1) or previous (−1) row of the table.
func (o *orders) step(d int) {
	if o.table == nil || len(o.rows) == 0 {
		return
	}
	i := o.selected + d
	if o.selected < 0 {
		i = 0
	}
	if i < 0 || i >= len(o.rows) {
		return
	}
	o.table.Select(widget.TableCellID{Row: i, Col: 0})
}
