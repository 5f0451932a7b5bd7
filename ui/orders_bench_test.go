package ui

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// ordersBenchBackend is the real Backend over a journal of n orders (no
// sandbox: the screen only reads the journal): three services, every
// state, a final status on a third of them, created a minute apart.
func ordersBenchBackend(b *testing.B, n int) Backend {
	b.Helper()
	b.Setenv(config.DirVar, b.TempDir())
	c, err := workflow.Open(workflow.Options{DataDir: filepath.Join(b.TempDir(), "data"), Settings: &config.Settings{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	tx, err := c.Journal().DB().Begin()
	if err != nil {
		b.Fatal(err)
	}
	services := []string{"10000103652", "10000103653", "10000000367"}
	states := []journal.State{journal.StateTracking, journal.StateFinal, journal.StateSent, journal.StateFailed, journal.StateFinal, journal.StateDraft}
	t0 := fixedNow.Add(-time.Duration(n) * time.Minute).UnixMilli()
	for i := range n {
		st := states[i%len(states)]
		status, text, order := 0, "", int64(0)
		switch st {
		case journal.StateFinal:
			status, text = 3, "Исполнено"
			if i%4 == 0 {
				status, text = 4, "Отказ"
			}
		case journal.StateTracking:
			status, text = 17, "Зарегистрировано на портале"
		}
		if st != journal.StateDraft {
			order = int64(1_000_000_000 + i)
		}
		applicant := fmt.Sprintf("%s %05d", surnamesRU[i%len(surnamesRU)], i)
		svc := services[i%len(services)]
		search := strings.ToLower(fmt.Sprintf("%s\x1fуведомление о прибытии\x1f%s\x1f%d", applicant, svc, order))
		if _, err := tx.Exec(`INSERT INTO applications(service, title, applicant, draft, state, order_id, status_id, status_text, env, search, seen, created, updated)
			VALUES (?, 'Уведомление о прибытии', ?, ?, ?, ?, ?, ?, 'sandbox', ?, ?, ?, ?)`,
			svc, applicant, st == journal.StateDraft, st, order, status, text, search, i%2, t0+int64(i)*60000, t0+int64(i)*60000); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return NewBackend(c)
}

var surnamesRU = strings.Fields(`Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров
	Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев`)

// BenchmarkOrders10000 is the Заявления screen over 10,000 orders in the
// journal (real Backend, Fyne's test driver), each action next to its
// peer, the journal query alone: open (read the table, lay it out),
// scroll (jump through the table), filter (type a surname; a service),
// details (select a row: its view read and built). heap-MB is the Go
// heap in use with the screen open.
func BenchmarkOrders10000(b *testing.B) {
	be := ordersBenchBackend(b, 10000)
	prev := i18n.Current()
	b.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	fa := test.NewTempApp(b)
	a := syncApp(b, fa, be, Environment{Name: "sandbox", Sandbox: true, URL: "http://sandbox"}, func() time.Time { return fixedNow })
	a.win.Resize(fyne.NewSize(1366, 768))
	a.shell.show(screenOrders)
	o := a.orders
	o.reload()
	if o.total != 10000 {
		b.Fatalf("total %d", o.total)
	}

	b.Run("query-alone", func(b *testing.B) {
		q := o.query()
		measured(b, func(int) {
			if p, err := be.SearchOrders(q); err != nil || p.Total != 10000 {
				b.Fatal(err)
			}
		})
	})
	b.Run("open", func(b *testing.B) {
		measured(b, func(int) {
			// a click on «Заявления» from another screen (that screen's
			// own hiding is not counted), the journal read afresh
			a.shell.screens[screenOrders].Hide()
			a.shell.current = screenNewApp
			a.shell.show(screenOrders)
			o.reload()
		})
		heap(b)
	})
	b.Run("scroll", func(b *testing.B) {
		measured(b, func(i int) {
			o.table.ScrollTo(widget.TableCellID{Row: (i + 1) * 997 % len(o.rows), Col: 0})
		})
	})
	b.Run("filter-text", func(b *testing.B) {
		measured(b, func(i int) {
			o.text = strings.ToLower(surnamesRU[i%len(surnamesRU)])
			o.reload()
			if len(o.rows) == 0 {
				b.Fatal("nothing found")
			}
		})
		o.text = ""
		o.reload()
	})
	b.Run("filter-service", func(b *testing.B) {
		svcs := []string{"10000103652", "10000103653", "10000000367", ""}
		measured(b, func(i int) {
			o.service = svcs[i%len(svcs)]
			o.reload()
		})
		o.service = ""
		o.reload()
	})
	b.Run("details", func(b *testing.B) {
		measured(b, func(i int) {
			o.table.Select(widget.TableCellID{Row: (i + 1) * 131 % len(o.rows), Col: 0})
		})
	})
}

// cpuTime is the process's CPU time (user + system): on this shared
// machine the wall time of an action includes waiting for a core, so the
// CPU time per action is reported next to it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measured runs f b.N times and reports its CPU ms per action.
func measured(b *testing.B, f func(i int)) {
	start, n := cpuTime(), 0
	for b.Loop() {
		f(n)
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
	}
}

// heap reports the Go heap in use (MB) after a collection.
func heap(b *testing.B) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
}
