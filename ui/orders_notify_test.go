package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// fakeTime is the window's clock and timers in a notification test: the
// clock stands still until the test moves it on, and a timer fires (on the
// test's goroutine, which is the window's UI goroutine) when the clock
// passes its time.
type fakeTime struct {
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at   time.Time
	f    func()
	done bool
}

func (c *fakeTime) Now() time.Time { return c.now }

func (c *fakeTime) after(d time.Duration, f func()) func() bool {
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		was := !t.done
		t.done = true
		return was
	}
}

// advance moves the clock on by d and fires the timers that are due.
func (c *fakeTime) advance(d time.Duration) {
	c.now = c.now.Add(d)
	for _, t := range append([]*fakeTimer(nil), c.timers...) {
		if !t.done && !t.at.After(c.now) {
			t.done = true
			t.f()
		}
	}
}

// pending counts the timers that have not fired or been stopped.
func (c *fakeTime) pending() (n int) {
	for _, t := range c.timers {
		if !t.done {
			n++
		}
	}
	return n
}

// notifyApp is the Заявления window with a fake clock and timers and the
// notifications it sends recorded (Fyne's test app keeps the last one only).
func notifyApp(t *testing.T, lang i18n.Lang) (*App, *orders, *fakeTime, *[]*fyne.Notification) {
	t.Helper()
	a, _, o := ordersAppIn(t, lang)
	clock := &fakeTime{now: fixedNow}
	a.now = clock.Now
	o.after = clock.after
	var sent []*fyne.Notification
	o.sendNote = func(n *fyne.Notification) { sent = append(sent, n) }
	return a, o, clock, &sent
}

func finalEvent(order int64, id int, title string) workflow.Event {
	return workflow.Event{Stage: workflow.StageFinal, OrderID: order, Service: "10000103652",
		Status: &workflow.StatusInfo{ID: id, Title: title, Final: true}}
}

func TestOrdersNotifyOneChangeAsBefore(t *testing.T) {
	trace := traceFile(t)
	a, _, clock, sent := notifyApp(t, i18n.RU)
	a.event(finalEvent(1000000101, 3, "Исполнено"))
	clock.advance(notifyWindow)
	if len(*sent) != 1 {
		t.Fatalf("%d notifications, want 1", len(*sent))
	}
	want := fyne.Notification{Title: "Заявление № 1000000101: Исполнено",
		Content: orderServiceName("10000103652") + ". Результат — в разделе «Заявления»."}
	if *(*sent)[0] != want {
		t.Errorf("notification %+v, want %+v", *(*sent)[0], want)
	}
	if !strings.Contains(trace(), "notify 1000000101 3") || strings.Contains(trace(), "notify summary") {
		t.Errorf("trace %q", trace())
	}
	if clock.pending() != 0 {
		t.Error("a timer is left running")
	}
}

func TestOrdersNotifyFiveAtOnceInOne(t *testing.T) {
	trace := traceFile(t)
	a, _, clock, sent := notifyApp(t, i18n.RU)
	// a batch of five guests: one polling round brings four, the fifth
	// comes a moment later, still within the window
	for i := int64(1); i <= 4; i++ {
		a.event(finalEvent(1000000200+i, 3, "Исполнено"))
	}
	clock.advance(notifyWindow / 2)
	a.event(finalEvent(1000000205, 3, "Исполнено"))
	if len(*sent) != 0 {
		t.Fatalf("%d notifications before the window ended", len(*sent))
	}
	clock.advance(notifyWindow)
	if len(*sent) != 1 {
		t.Fatalf("%d notifications, want one summary: %+v", len(*sent), *sent)
	}
	n := (*sent)[0]
	if n.Title != "Заявлений исполнено: 5" {
		t.Errorf("title %q", n.Title)
	}
	want := orderServiceName("10000103652") + ". №\u00a01000000201, 1000000202, 1000000203 и ещё\u00a02. Результаты — в разделе «Заявления»."
	if n.Content != want {
		t.Errorf("body %q\nwant %q", n.Content, want)
	}
	tr := trace()
	for i := 1; i <= 5; i++ {
		if !strings.Contains(tr, "notify 100000020"+itoa(i)+" 3") {
			t.Errorf("order %d not traced: %q", i, tr)
		}
	}
	if !strings.Contains(tr, "notify summary 5") {
		t.Errorf("trace %q", tr)
	}
}

func TestOrdersNotifyMixedOutcomes(t *testing.T) {
	a, _, clock, sent := notifyApp(t, i18n.RU)
	for i := int64(1); i <= 4; i++ {
		a.event(finalEvent(1000000300+i, 3, "Исполнено"))
	}
	a.event(finalEvent(1000000305, 4, "Отказ"))
	a.event(finalEvent(1000000302, 3, "Исполнено")) // the same order again counts once
	clock.advance(notifyWindow)
	if len(*sent) != 1 {
		t.Fatalf("%d notifications", len(*sent))
	}
	n := (*sent)[0]
	if n.Title != "Заявлений с итоговым статусом: 5" {
		t.Errorf("title %q", n.Title)
	}
	// the refusal is listed first: it is the one to look at
	want := orderServiceName("10000103652") + ". Исполнено: 4, отказано: 1. №\u00a01000000305, 1000000301, 1000000302 и ещё\u00a02. Подробности — в разделе «Заявления»."
	if n.Content != want {
		t.Errorf("body %q\nwant %q", n.Content, want)
	}
}

func TestOrdersNotifyEnglish(t *testing.T) {
	a, _, clock, sent := notifyApp(t, i18n.EN)
	for i := int64(1); i <= 5; i++ {
		a.event(finalEvent(1000000400+i, 3, "Исполнено"))
	}
	clock.advance(notifyWindow)
	if len(*sent) != 1 || (*sent)[0].Title != "5 applications completed" ||
		!strings.Contains((*sent)[0].Content, "No.\u00a01000000401, 1000000402, 1000000403 and\u00a02\u00a0more. The results are under Applications.") {
		t.Fatalf("notifications %+v", *sent)
	}
	*sent = nil
	a.event(finalEvent(1000000406, 3, "Исполнено"))
	a.event(workflow.Event{Stage: workflow.StageFinal, OrderID: 1000000407, Service: "10000103652",
		Status: &workflow.StatusInfo{State: "VALIDATION_ERROR", Final: true}})
	clock.advance(notifyWindow)
	if len(*sent) != 1 || (*sent)[0].Title != "Final statuses of 2 applications" ||
		!strings.Contains((*sent)[0].Content, "Completed: 1, failed: 1. No.\u00a01000000407, 1000000406. The details are under Applications.") {
		t.Fatalf("mixed: %+v", *sent)
	}
}

func TestOrdersNotifyFarApartTwice(t *testing.T) {
	a, _, clock, sent := notifyApp(t, i18n.RU)
	a.event(finalEvent(1000000101, 3, "Исполнено"))
	clock.advance(notifyWindow)
	clock.advance(30 * time.Second) // the next polling round
	a.event(finalEvent(1000000103, 4, "Отказ"))
	clock.advance(notifyWindow)
	if len(*sent) != 2 {
		t.Fatalf("%d notifications, want 2: %+v", len(*sent), *sent)
	}
	if (*sent)[0].Title != "Заявление № 1000000101: Исполнено" || (*sent)[1].Title != "Заявление № 1000000103: Отказ" ||
		!strings.HasSuffix((*sent)[1].Content, "Подробности — в разделе «Заявления».") {
		t.Errorf("notifications %+v %+v", *(*sent)[0], *(*sent)[1])
	}
}

// TestOrdersNotifyLateTimer: the window's timer fired but its hand-over
// waits behind other work on the UI goroutine; a status that comes after
// the window (by the clock) is not added to the closed window's
// notification, and the late hand-over sends nothing twice.
func TestOrdersNotifyLateTimer(t *testing.T) {
	a, o, clock, sent := notifyApp(t, i18n.RU)
	var fire []func()
	o.after = func(d time.Duration, f func()) func() bool {
		fire = append(fire, f)
		return func() bool { return true }
	}
	a.event(finalEvent(1000000101, 3, "Исполнено"))
	clock.now = clock.now.Add(3 * time.Second)
	a.event(finalEvent(1000000103, 4, "Отказ"))
	if len(*sent) != 1 || (*sent)[0].Title != "Заявление № 1000000101: Исполнено" {
		t.Fatalf("the closed window: %+v", *sent)
	}
	fire[0]() // the first window's late timer: nothing more
	if len(*sent) != 1 {
		t.Fatalf("a late timer sent again: %+v", *sent)
	}
	fire[1]()
	if len(*sent) != 2 || (*sent)[1].Title != "Заявление № 1000000103: Отказ" {
		t.Fatalf("the second window: %+v", *sent)
	}
}

// TestOrdersNotifyRealTimer: the app's own timer ends the window and
// hands the notification over to the UI goroutine.
func TestOrdersNotifyRealTimer(t *testing.T) {
	a, _, o := ordersApp(t)
	var sent []*fyne.Notification
	o.sendNote = func(n *fyne.Notification) { sent = append(sent, n) }
	a.event(finalEvent(1000000101, 3, "Исполнено"))
	a.event(finalEvent(1000000103, 4, "Отказ"))
	if len(sent) != 0 {
		t.Fatal("sent before the window ended")
	}
	waitUI(t, a, 10*time.Second, func() bool { return len(sent) > 0 })
	if len(sent) != 1 || sent[0].Title != "Заявлений с итоговым статусом: 2" {
		t.Fatalf("notifications %+v", sent)
	}
}

// Final statuses still waiting for their summary when the window closes
// are told then, not lost.
func TestOrdersNotifyOnClose(t *testing.T) {
	a, _, clock, sent := notifyApp(t, i18n.RU)
	a.event(finalEvent(1000000101, 3, "Исполнено"))
	a.event(finalEvent(1000000102, 3, "Исполнено"))
	a.closeNow()
	if len(*sent) != 1 || (*sent)[0].Title != "Заявлений исполнено: 2" {
		t.Fatalf("on close: %+v, want one summary of 2", *sent)
	}
	if clock.pending() != 0 {
		t.Error("a timer is left running")
	}
}
