// Command gosdesk is the desktop application. For now it opens a minimal
// window; the full GUI lands with the GUI issue.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("ru.gosdesk.app")
	w := a.NewWindow("gosdesk")
	w.SetContent(container.NewVBox(
		widget.NewLabel("gosdesk — подача заявлений в ЕПГУ и просмотр ЕНС"),
		widget.NewLabel("Графический интерфейс в разработке; используйте gosctl."),
	))
	w.ShowAndRun()
}
