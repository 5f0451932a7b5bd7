package ui

import "fyne.io/fyne/v2"

// uiThread hands work over to the window's UI goroutine, the only one that
// touches widgets and the screens' models: from a.async's work, a debounce
// timer, the core's events (which come on whatever goroutine the core
// works on). The app's is Fyne's own (fyne.Do, fyne.DoAndWait); tests give
// the test's goroutine (testUI in thread_test.go), so that what another
// goroutine hands over waits for the test instead of running beside it.
type uiThread interface {
	// Do runs f on the UI goroutine, later.
	Do(f func())
	// DoAndWait runs f on the UI goroutine and returns once it ran (or
	// once the window is gone and f never will).
	DoAndWait(f func())
}

// fyneThread is the UI goroutine of the running Fyne app.
type fyneThread struct{}

func (fyneThread) Do(f func())        { fyne.Do(f) }
func (fyneThread) DoAndWait(f func()) { fyne.DoAndWait(f) }
