// Command hello is the smallest Fyne window (one label): make bench starts it
// next to gosdesk under Xvfb, so the cold start of the app is read against
// the cost of Fyne and OpenGL alone on the same machine in the same run.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("ru.gosdesk.bench.hello")
	w := a.NewWindow("fyne-hello")
	w.SetContent(widget.NewLabel("Привет"))
	w.Resize(fyne.NewSize(1366, 768))
	w.ShowAndRun()
}
