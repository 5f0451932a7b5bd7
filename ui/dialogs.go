package ui

import (
	"fmt"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Dialogs close on Esc and take their default button on Enter (the design
// brief); Fyne's dialogs do neither, so the window keeps a stack of the
// open dialogs' keys and its canvas key handler uses the top one. A focused
// text field keeps Enter for itself (the PIN field submits its form).

type dialogKeys struct {
	enter, esc func()
}

// keyed registers Enter/Esc for d while it is open; onClosed (optional)
// runs when it closes. Call before d.Show().
func (a *App) keyed(d dialog.Dialog, enter, esc func(), onClosed func()) {
	k := &dialogKeys{enter: enter, esc: esc}
	a.dkeys = append(a.dkeys, k)
	d.SetOnClosed(func() {
		for i := len(a.dkeys) - 1; i >= 0; i-- {
			if a.dkeys[i] == k {
				a.dkeys = append(a.dkeys[:i], a.dkeys[i+1:]...)
				break
			}
		}
		if onClosed != nil {
			onClosed()
		}
	})
}

// typedKey is the canvas key handler (no widget focused).
func (a *App) typedKey(k *fyne.KeyEvent) {
	if n := len(a.dkeys); n > 0 {
		top := a.dkeys[n-1]
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			if top.enter != nil {
				top.enter()
			}
			return
		case fyne.KeyEscape:
			if top.esc != nil {
				top.esc()
			}
			return
		}
	}
	if k.Name == fyne.KeyF1 {
		a.shell.help()
	}
}

// TraceVar names a file where the window appends what it shows (screen,
// validation verdicts, attachments, stages, the new order number): the e2e
// run reads it to know when to take the next step and what to assert.
const TraceVar = "GOSDESK_E2E_TRACE"

var traceMu sync.Mutex

// trace appends one line to the GOSDESK_E2E_TRACE file, if set.
func (a *App) trace(format string, args ...any) {
	p := os.Getenv(TraceVar)
	if p == "" {
		return
	}
	traceMu.Lock()
	defer traceMu.Unlock()
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
}
