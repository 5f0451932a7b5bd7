// Package ui holds the Fyne screens of gosdesk. It is thin: every decision
// is made in core/…, and ui only shows it. It never imports fyne.io/fyne/v2/app,
// so it is tested with Fyne's test driver, without X or cgo.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/assets"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// Title is the main window's title.
const Title = "gosdesk"

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// NewMainWindow builds the main window. For now it greets the user and says
// what works; the screens arrive with the GUI issue.
func NewMainWindow(a fyne.App) fyne.Window {
	w := a.NewWindow(Title)
	w.SetIcon(Icon)
	title := widget.NewLabelWithStyle(
		i18n.T("gosdesk — заявления в ЕПГУ и единый налоговый счёт", "gosdesk — Gosuslugi applications and the unified tax account"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(i18n.T(
		"Подпись ГОСТ Р 34.10-2012 работает в командной строке: gosctl --help.\nЭкраны подачи заявлений появятся в следующих версиях.",
		"GOST R 34.10-2012 signing works from the command line: gosctl --help.\nThe application screens arrive in later versions."))
	w.SetContent(container.NewPadded(container.NewVBox(title, body)))
	w.Resize(fyne.NewSize(640, 400))
	return w
}
