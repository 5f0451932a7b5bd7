package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// askCSVDrop asks what a CSV dropped outside Пакет (гостиницы) is for: a
// guests' list for a batch (Enter), or an attachment of the application;
// Esc drops nothing. Several files dropped together are attachments
// without asking (dropped).
func (a *App) askCSVDrop(path string) {
	name := filepath.Base(path)
	msg := widget.NewLabel(i18n.T("Файл "+name+" похож на список гостей. Открыть его в «"+screenTitle(screenBatch)+"» или приложить к заявлению?",
		name+" looks like a list of guests. Open it in «"+screenTitle(screenBatch)+"» or attach it to the application?"))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	batch := func() {
		d.Hide()
		a.trace("csv drop batch %s", name)
		a.shell.show(screenBatch)
		a.batch.importPath(path)
	}
	attach := func() {
		d.Hide()
		a.trace("csv drop attach %s", name)
		a.attach([]string{path})
	}
	cancel := func() {
		d.Hide()
		a.trace("csv drop cancelled %s", name)
	}
	open := widget.NewButtonWithIcon(i18n.T("Открыть в пакете", "Open in the batch"), theme.ListIcon(), batch)
	open.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(i18n.T("Список гостей или вложение?", "A list of guests or an attachment?"), msg, a.win)
	d.SetButtons([]fyne.CanvasObject{
		widget.NewButton(i18n.T("Отмена", "Cancel"), cancel),
		widget.NewButtonWithIcon(i18n.T("Приложить к заявлению", "Attach to the application"), theme.ContentAddIcon(), attach),
		open,
	})
	a.keyed(d, batch, cancel, nil)
	d.Resize(fyne.NewSize(600, 200))
	a.trace("csv drop asked %s", name)
	d.Show()
}
