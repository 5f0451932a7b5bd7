// Command gosdesk is the desktop application (Fyne). The screens live in
// package ui; everything else in core/….
package main

import (
	"fyne.io/fyne/v2/app"

	"github.com/gosdesk/gosdesk/core/logging"
	"github.com/gosdesk/gosdesk/ui"
)

func main() {
	_ = logging.Setup(logging.Options{})
	a := app.NewWithID("ru.gosdesk.app")
	a.SetIcon(ui.Icon)
	ui.NewMainWindow(a).ShowAndRun()
}
