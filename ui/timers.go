package ui

import "time"

// unlessStopped is the body of a debounce timer of Новое заявление. The
// timer fires on a goroutine of its own, which touches nothing: it hands f
// over to the UI goroutine, where f runs unless the timers were stopped
// meanwhile (the window closed, a test ended).
func (n *newApplication) unlessStopped(f func()) func() {
	return func() {
		n.a.ui.Do(func() {
			if !n.stopped {
				f()
			}
		})
	}
}

// stopTimers stops the validation and draft timers for good (on the UI
// goroutine): the window closes (the draft is saved at once instead) or a
// test ends. A timer that already fired finds stopped set when its f
// comes to run.
func (n *newApplication) stopTimers() {
	n.stopped = true
	n.mu.Lock()
	if n.timer != nil {
		n.timer.Stop()
	}
	if n.draftTimer != nil {
		n.draftTimer.Stop()
	}
	n.mu.Unlock()
}

// afterFunc starts a timer that calls f on a goroutine of its own after d
// (f hands its work over to the UI goroutine); stop stops it and reports
// whether it had not fired yet. The app's is time.AfterFunc; tests give a
// fake one that fires when they move their clock on.
type afterFunc func(d time.Duration, f func()) (stop func() bool)

func realAfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
