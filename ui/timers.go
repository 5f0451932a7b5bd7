package ui

import "fyne.io/fyne/v2"

// unlessStopped is the body of a debounce timer of Новое заявление: f on
// the UI goroutine, unless the timers were stopped. The read lock is held
// while f runs (synchronously in tests), so stopTimers waits for a running
// one to end and nothing touches the window after it is gone.
func (n *newApplication) unlessStopped(f func()) func() {
	return func() {
		n.life.RLock()
		defer n.life.RUnlock()
		if !n.stopped {
			fyne.Do(f)
		}
	}
}

// stopTimers stops the validation and draft timers for good: the window
// closes (the draft is saved at once instead) or a test ends.
func (n *newApplication) stopTimers() {
	n.life.Lock()
	n.stopped = true
	n.life.Unlock()
	n.mu.Lock()
	if n.timer != nil {
		n.timer.Stop()
	}
	if n.draftTimer != nil {
		n.draftTimer.Stop()
	}
	n.mu.Unlock()
}
