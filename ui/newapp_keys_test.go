package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
)

func focusName(n *newApplication, f fyne.Focusable) string {
	switch f {
	case nil:
		return "nothing"
	case n.search:
		return "search"
	case n.svcList:
		return "services"
	case n.docSelect:
		return "document"
	case n.editor.Focusable():
		return "editor"
	case n.findEntry:
		return "find"
	case n.probList:
		return "errors"
	case n.sendBtn:
		return "send"
	case n.a.shell.nav:
		return "navigation"
	}
	for i, b := range n.tools {
		if f == b {
			return "tool" + itoa(i)
		}
	}
	return fmt.Sprintf("%T", f)
}

// Tab walks Новое заявление in reading order — the service search and list,
// the document picker and the editor's toolbar, the editor, the errors, the
// send button — and the editor hands Tab on instead of keeping it; Shift+Tab
// walks back.
func TestNewApplicationTabOrder(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	n := chooseHotel(t, a)
	c := a.win.Canvas()
	if tb, ok := fyne.Focusable(n.editor.Focusable()).(fyne.Tabbable); ok && tb.AcceptsTab() {
		t.Fatal("the editor keeps Tab: the keyboard cannot leave it")
	}
	want := []string{"search", "services", "document", "tool0", "tool1", "tool2", "tool3", "tool4", "tool5", "editor", "errors"}
	c.Focus(n.search)
	var got []string
	for range want {
		got = append(got, focusName(n, c.Focused()))
		c.FocusNext()
	}
	// after the errors, the send button comes before anything outside the screen
	for i := 0; i < 4 && c.Focused() != n.sendBtn; i++ {
		got = append(got, focusName(n, c.Focused()))
		c.FocusNext()
	}
	if strings.Join(got[:len(want)], " ") != strings.Join(want, " ") || c.Focused() != n.sendBtn {
		t.Fatalf("Tab order: %v, then %s; want %v, then send", got, focusName(n, c.Focused()), want)
	}
	c.Focus(n.editor.Focusable())
	c.FocusPrevious()
	if c.Focused() != n.tools[len(n.tools)-1] {
		t.Errorf("Shift+Tab from the editor: %s", focusName(n, c.Focused()))
	}
	// the find bar, when open, sits between the toolbar and the editor
	n.showFind()
	if c.Focused() != n.findEntry {
		t.Fatalf("Ctrl+F focuses %s", focusName(n, c.Focused()))
	}
	c.FocusPrevious()
	if c.Focused() != n.tools[len(n.tools)-1] {
		t.Errorf("Shift+Tab from the find field: %s", focusName(n, c.Focused()))
	}
}

// stageHook records the send's events and runs a hook at each, after the
// window has shown it and before the core goes on to its next step (the
// send's events come on the test's goroutine, which is the UI goroutine:
// the core waits for both).
type stageHook struct {
	mu     sync.Mutex
	stages []workflow.Stage
}

func (h *stageHook) seen(s workflow.Stage) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, x := range h.stages {
		if x == s {
			return true
		}
	}
	return false
}

// afterWindow is a Backend whose events reach the window first and the
// test's hook right after, on the UI goroutine: the hook sees what the
// clerk sees after each event. (A second subscriber would not do: the
// core calls its subscribers in no set order.)
type afterWindow struct {
	Backend
	hook func(workflow.Event)
}

func (b *afterWindow) Subscribe(f func(workflow.Event)) func() {
	return b.Backend.Subscribe(func(e workflow.Event) {
		f(e) // the window's own: a.ui.Do(a.event)
		if b.hook != nil {
			b.hook(e)
		}
	})
}

// sendWithHook sends the hotel template through the real backend and the
// sandbox (the demo certificate); on runs at every event of the send.
func sendWithHook(t *testing.T, on func(n *newApplication, e workflow.Event)) (*App, *stageHook) {
	t.Helper()
	be := &afterWindow{Backend: realBackend(t)}
	i18n.Set(i18n.RU)
	a := syncApp(t, test.NewTempApp(t), be, Environment{Name: "sandbox", Sandbox: true}, time.Now)
	a.win.Resize(fyne.NewSize(1366, 740))
	n := a.newApp
	n.chooseService("10000103652")
	n.insertTemplate()
	h := &stageHook{}
	be.hook = func(e workflow.Event) {
		a.ui.Do(func() { // after a.event, queued behind it if it was
			h.mu.Lock()
			h.stages = append(h.stages, e.Stage)
			h.mu.Unlock()
			on(n, e)
		})
	}
	n.send(n.application())
	return a, h
}

// Cancelling during validate, pack or sign stops the send before anything
// is uploaded: the core returns "cancelled", the clerk reads «Отправка
// отменена», the journal holds no sent application. Once the upload began,
// the button is disabled and Esc explains why instead of cancelling.
func TestSendCancelBeforeUpload(t *testing.T) {
	for _, stage := range []workflow.Stage{workflow.StageValidate, workflow.StagePack, workflow.StageSign} {
		t.Run(string(stage), func(t *testing.T) {
			tapped := false
			a, h := sendWithHook(t, func(n *newApplication, e workflow.Event) {
				if e.Stage == stage && !tapped && n.sending != nil {
					tapped = true
					test.Tap(n.sending.stop)
				}
			})
			if !tapped {
				t.Fatalf("no %s stage: %v", stage, h.stages)
			}
			if h.seen(workflow.StageUpload) || h.seen(workflow.StageSent) {
				t.Fatalf("cancelled at %s, yet the send went on: %v", stage, h.stages)
			}
			if got := texts(a.win.Canvas()); !strings.Contains(got, "Отправка отменена") {
				t.Errorf("no «Отправка отменена»: %s", got)
			}
			if a.newApp.sending != nil || a.newApp.sendBtn.Disabled() {
				t.Error("the send view did not close after the cancel")
			}
			page, err := a.be.SearchOrders(journal.Query{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.Items {
				switch s.State {
				case journal.StateUploading, journal.StatePushing, journal.StateSent, journal.StateTracking, journal.StateFinal:
					t.Errorf("the journal says the application went out: %+v", s)
				}
			}
		})
	}
	t.Run("after upload", func(t *testing.T) {
		var during []bool
		_, h := sendWithHook(t, func(n *newApplication, e workflow.Event) {
			if e.Stage == workflow.StageUpload && n.sending != nil {
				p := n.sending
				during = append(during, p.stop.Disabled())
				test.Tap(p.stop)  // disabled: nothing happens
				p.stop.OnTapped() // Esc calls it: still nothing is cancelled
				if !strings.Contains(p.stop.Text, "нельзя") {
					t.Errorf("the button does not say why it is off: %q", p.stop.Text)
				}
			}
		})
		if !h.seen(workflow.StageSent) {
			t.Fatalf("the send did not finish: %v", h.stages)
		}
		if len(during) == 0 || !during[0] {
			t.Errorf("the cancel button was enabled during the upload: %v", during)
		}
	})
}
