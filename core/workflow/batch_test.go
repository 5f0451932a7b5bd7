package workflow

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func guestsCSV(n int, sep string) string {
	var b strings.Builder
	b.WriteString(strings.Join([]string{"guestLastName", "guestFirstName", "guestBirthDate", "guestDocNumber"}, sep) + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s%s%s%s%s%s%s\n", "Мюллер", sep, fmt.Sprintf("Ганс%d", i), sep, fmt.Sprintf("%02d.06.1989", 1+i%28), sep, fmt.Sprintf("Т00%06d", i))
	}
	return b.String()
}

func TestPrepareBatchWindows1251SemicolonBrokenDate(t *testing.T) {
	e := newEnv(t, envOptions{})
	text := guestsCSV(3, ";") + "Иванова;Анна;31.02.1990;Т00999999\n"
	cp, err := charmap.Windows1251.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader(cp), RowsName: "guests.csv"})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if len(b.Rows) != 3 {
		t.Fatalf("rows %d, want the 3 good ones", len(b.Rows))
	}
	if got := b.Rows[0].Values["guestLastName"]; got != "Мюллер" {
		t.Errorf("Windows-1251 not decoded: %q", got)
	}
	if got := b.Rows[0].Values["guestBirthDate"]; got != "1989-06-01" {
		t.Errorf("date not normalised to ГГГГ-ММ-ДД: %q", got)
	}
	if len(b.Problems) != 1 {
		t.Fatalf("problems %v, want one (the broken date)", b.Problems)
	}
	p := b.Problems[0]
	msg := i18n.MessageIn(i18n.RU, &ProblemsError{Problems: b.Problems})
	if p.Row != 5 || p.Column != "guestBirthDate" || !strings.Contains(msg, "строка 5") || !strings.Contains(msg, "guestBirthDate") || !strings.Contains(msg, "ДД.ММ.ГГГГ") {
		t.Fatalf("problem %+v / %s: must name row 5, the column and the expected format in Russian", p, msg)
	}
	// Nothing is sent while a row is broken.
	if _, err := e.sess.RunBatch(context.Background(), b); err == nil {
		t.Fatal("a batch with a broken row was sent")
	}
	if o := e.orders(); len(o) != 0 {
		t.Fatalf("orders were made: %v", o)
	}
}

func TestPrepareBatchUTF8CommaBOM(t *testing.T) {
	e := newEnv(t, envOptions{})
	b, err := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader("\ufeff" + guestsCSV(2, ",")), RowsName: "g.csv"})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if len(b.Rows) != 2 || len(b.Problems) != 0 || b.Rows[1].Values["guestFirstName"] != "Ганс1" {
		t.Fatalf("rows %+v problems %v", b.Rows, b.Problems)
	}
	if b.Estimate != 0 {
		t.Errorf("estimate %s for 2 rows, want 0", b.Estimate)
	}
}

// Pacing: 25 orders with EPGU's default 20 per service per 10 minutes —
// the batch waits on the sandbox's clock instead of failing.
func TestBatchPacingWithinTheOrderLimit(t *testing.T) {
	e := newEnv(t, envOptions{})
	b, err := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader(guestsCSV(25, ";")), RowsName: "guests.csv"})
	if err != nil || len(b.Problems) > 0 {
		t.Fatalf("%v %v", err, b.Problems)
	}
	if b.Estimate != 10*time.Minute {
		t.Fatalf("estimate %s, want 10m (20 at once, then 5 after the window)", b.Estimate)
	}
	start := e.clock.Now()
	rep, err := e.sess.RunBatch(context.Background(), b)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if rep.Sent != 25 || rep.Failed != 0 {
		for _, o := range rep.Outcomes {
			if !o.Sent {
				t.Log(o.Row, o.Reason)
			}
		}
		t.Fatalf("sent %d failed %d", rep.Sent, rep.Failed)
	}
	if took := e.clock.Now().Sub(start); took < 10*time.Minute {
		t.Fatalf("the batch took %s on the sandbox clock: it did not wait for the limit", took)
	}
	if len(e.eventsOf(StageWait)) == 0 {
		t.Error("no wait event for the GUI")
	}
	if o := e.orders(); len(o) != 25 {
		t.Fatalf("sandbox has %d orders, want 25", len(o))
	}
	var csv bytes.Buffer
	if err := rep.WriteCSV(&csv); err != nil || strings.Count(csv.String(), "отправлено") != 25 {
		t.Fatalf("report: %v\n%s", err, csv.String())
	}
}

// A batch interrupted halfway and started again sends each row once.
func TestBatchRerunAfterCrashSendsEachRowOnce(t *testing.T) {
	e := newEnv(t, envOptions{})
	rows := guestsCSV(6, ";")
	b, _ := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader(rows), RowsName: "guests.csv"})
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	e.core.Subscribe(func(ev Event) {
		if ev.Stage == StageUpload && ev.Row > 0 && len(e.eventsOf(StageSent)) == 3 {
			once.Do(cancel)
		}
	})
	if _, err := e.sess.RunBatch(ctx, b); err == nil {
		t.Fatal("the simulated crash did not stop the batch")
	}
	e.restart(envOptions{})
	b2, _ := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader(rows), RowsName: "guests.csv"})
	rep, err := e.sess.RunBatch(context.Background(), b2)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if rep.Sent != 6 {
		t.Fatalf("report %+v", rep)
	}
	if o := e.orders(); len(o) != 6 {
		t.Fatalf("sandbox has %d orders for 6 rows", len(o))
	}
}

// The per-minute request limit of the system: the batch spreads its
// requests over minutes instead of meeting 429 (sandbox limit lowered to
// 10 a minute, the same as the workflow's).
func TestBatchPacingWithinTheRequestLimit(t *testing.T) {
	o := envOptions{requestsPerMin: 10}
	e := newEnv(t, o)
	b, _ := e.core.PrepareBatch(BatchRequest{Service: "10000103652", Rows: strings.NewReader(guestsCSV(8, ";")), RowsName: "guests.csv"})
	start := e.clock.Now()
	rep, err := e.sess.RunBatch(context.Background(), b)
	if err != nil || rep.Sent != 8 {
		t.Fatalf("report %+v: %v", rep, err)
	}
	if took := e.clock.Now().Sub(start); took < time.Minute {
		t.Fatalf("16+ requests at 10 a minute took %s on the sandbox clock", took)
	}
	for _, ev := range e.eventsOf(StageRetry) {
		t.Errorf("a retry was needed: %s", ev.Message)
	}
}
