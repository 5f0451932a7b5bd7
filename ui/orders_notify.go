package ui

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// Desktop notifications of final statuses. A batch of hotel guests turns
// final together (one polling round brings all of it), and a notification
// each («Заявление № …: Исполнено» five times) makes the notification
// server stack them. Final statuses that come within notifyWindow of the
// first one are told together: one of them as before, several in one
// summary («Заявлений исполнено: 5», the numbers in the body).

// notifyWindow is how long the window waits for more final statuses
// after the first one before it tells them.
const notifyWindow = 2 * time.Second

// notifyShown is how many order numbers a summary lists («и ещё N»).
const notifyShown = 3

// notify takes a final status to tell (on the UI goroutine).
func (o *orders) notify(e workflow.Event) {
	if e.Status == nil || e.OrderID == 0 {
		return
	}
	now := o.a.now()
	if len(o.notes) > 0 && !now.Before(o.notesFrom.Add(notifyWindow)) {
		// the window is over and its timer's hand-over has not run yet
		o.flushNotes()
	}
	for i := range o.notes {
		if o.notes[i].OrderID == e.OrderID {
			o.notes[i] = e // the same order again: its latest status
			return
		}
	}
	o.notes = append(o.notes, e)
	if len(o.notes) > 1 {
		return
	}
	o.notesFrom = now
	gen := o.notesGen
	o.notesStop = o.after(notifyWindow, func() {
		o.a.ui.Do(func() {
			if gen == o.notesGen {
				o.flushNotes()
			}
		})
	})
}

// flushNotes sends what the window collected: one final status as its
// own notification, several as a summary.
func (o *orders) flushNotes() {
	if o.notesStop != nil {
		o.notesStop()
		o.notesStop = nil
	}
	o.notesGen++
	evs := o.notes
	o.notes = nil
	switch len(evs) {
	case 0:
		return
	case 1:
		o.sendNote(orderNotification(evs[0]))
	default:
		o.sendNote(ordersNotification(evs))
		o.a.trace("notify summary %d", len(evs))
	}
	for _, e := range evs {
		o.a.trace("notify %d %d", e.OrderID, e.Status.ID)
	}
}

// statusWords is the words of a final status: the gu-smev state's for an
// archive refused in processing, else the portal's title.
func statusWords(s *workflow.StatusInfo) string {
	st := s.Title
	if s.State != "" {
		if t := workflow.SmevStateText(s.State); t != "" {
			st = t
		}
	}
	if st == "" {
		st = i18n.T("итоговый статус", "final status")
	}
	return st
}

// orderNotification is the notification of one final status:
// «Заявление № N: Исполнено» — the service, where the result is.
func orderNotification(e workflow.Event) *fyne.Notification {
	title := i18n.T("Заявление № ", "Application No. ") + int64s(e.OrderID) + ": " + statusWords(e.Status)
	body := orderServiceName(e.Service)
	if body != "" {
		body += ". "
	}
	if noteOutcome(e.Status) == outcomeDone {
		body += i18n.T("Результат — в разделе «Заявления».", "The result is under Applications.")
	} else {
		// refused, cancelled, an error: there may be no result to look at
		body += i18n.T("Подробности — в разделе «Заявления».", "The details are under Applications.")
	}
	return fyne.NewNotification(title, body)
}

// outcome sorts final statuses for a summary.
type outcome int

const (
	outcomeDone      outcome = iota // 3 «Исполнено» (a result to look at)
	outcomeRefused                  // 4 «Отказ»
	outcomeCancelled                // 10 «Отменено»
	outcomeFailed                   // an error, an archive refused in processing
)

func noteOutcome(s *workflow.StatusInfo) outcome {
	switch {
	case s.State != "":
		return outcomeFailed
	case s.ID == 3:
		return outcomeDone
	case s.ID == 4:
		return outcomeRefused
	case s.ID == 10:
		return outcomeCancelled
	}
	return outcomeFailed
}

// outcomeWords: the summary's title when every status has this outcome
// («Заявлений исполнено: 5»), and its part in a mixed count («исполнено: 4»).
var outcomeWords = map[outcome]struct{ title, count i18n.Text }{
	outcomeDone:      {i18n.Text{RU: "Заявлений исполнено: %d", EN: "%d applications completed"}, i18n.Text{RU: "исполнено: %d", EN: "completed: %d"}},
	outcomeRefused:   {i18n.Text{RU: "Отказов по заявлениям: %d", EN: "%d applications refused"}, i18n.Text{RU: "отказано: %d", EN: "refused: %d"}},
	outcomeCancelled: {i18n.Text{RU: "Заявлений отменено: %d", EN: "%d applications cancelled"}, i18n.Text{RU: "отменено: %d", EN: "cancelled: %d"}},
	outcomeFailed:    {i18n.Text{RU: "Заявлений с ошибкой: %d", EN: "%d applications failed"}, i18n.Text{RU: "с ошибкой: %d", EN: "failed: %d"}},
}

// ordersNotification is one notification for several final statuses:
// «Заявлений исполнено: 5» — the service when they share it, «№ 101, 102,
// 103 и ещё 2», where the results are; mixed outcomes are counted
// («Исполнено: 4, отказано: 1») and the numbers that did not succeed come
// first.
func ordersNotification(evs []workflow.Event) *fyne.Notification {
	evs = append([]workflow.Event(nil), evs...)
	sort.SliceStable(evs, func(i, j int) bool {
		oi, oj := noteOutcome(evs[i].Status), noteOutcome(evs[j].Status)
		if (oi == outcomeDone) != (oj == outcomeDone) {
			return oj == outcomeDone
		}
		return evs[i].OrderID < evs[j].OrderID
	})
	counts := map[outcome]int{}
	service := evs[0].Service
	for _, e := range evs {
		counts[noteOutcome(e.Status)]++
		if e.Service != service {
			service = ""
		}
	}
	var body []string
	if s := orderServiceName(service); s != "" {
		body = append(body, s+".")
	}
	var title string
	if len(counts) == 1 {
		for oc := range counts {
			title = fmtN(outcomeWords[oc].title.String(), len(evs))
		}
	} else {
		title = i18n.T("Заявлений с итоговым статусом: ", "Final statuses of ") + itoa(len(evs)) + i18n.T("", " applications")
		var parts []string
		for _, oc := range []outcome{outcomeDone, outcomeRefused, outcomeCancelled, outcomeFailed} {
			if n := counts[oc]; n > 0 {
				parts = append(parts, fmtN(outcomeWords[oc].count.String(), n))
			}
		}
		r := []rune(strings.Join(parts, ", "))
		body = append(body, strings.ToUpper(string(r[:1]))+string(r[1:])+".")
	}
	var nums []string
	for _, e := range evs[:min(len(evs), notifyShown)] {
		nums = append(nums, int64s(e.OrderID))
	}
	// no-break spaces: a line ends neither after «№» nor before the count
	list := i18n.T("№\u00a0", "No.\u00a0") + strings.Join(nums, ", ")
	if more := len(evs) - notifyShown; more > 0 {
		list += i18n.T(" и ещё\u00a0", " and\u00a0") + itoa(more) + i18n.T("", "\u00a0more")
	}
	body = append(body, list+".")
	if len(counts) == 1 && counts[outcomeDone] > 0 {
		body = append(body, i18n.T("Результаты — в разделе «Заявления».", "The results are under Applications."))
	} else {
		body = append(body, i18n.T("Подробности — в разделе «Заявления».", "The details are under Applications."))
	}
	return fyne.NewNotification(title, strings.Join(body, " "))
}

// fmtN puts n in place of %d.
func fmtN(format string, n int) string { return strings.Replace(format, "%d", itoa(n), 1) }
