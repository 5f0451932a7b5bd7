package ui

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

// hotelDoc is the hotel guest notice (attach.xml) from the template,
// grown to about size bytes with more guest documents' comments so that
// it stays valid.
func hotelDoc(b testing.TB, size int) string {
	svc, _ := xsd.Lookup("10000103652")
	tmpl, err := svc.FillTemplate("attach", fixedNow, map[string]string{"orderId": "1000000000"})
	if err != nil {
		b.Fatal(err)
	}
	s := string(tmpl)
	var pad strings.Builder
	for i := 1; pad.Len() < size-len(s); i++ {
		pad.WriteString("<!-- примечание " + itoa(i) + ": номер 101, завтрак включён, гость прибыл поездом -->\n")
	}
	i := strings.LastIndex(s, "</")
	return s[:i] + pad.String() + s[i:]
}

// BenchmarkValidate is the validation half of keystroke → result: the
// document checked against the service's rules off the UI goroutine.
func BenchmarkValidate(b *testing.B) {
	for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
		doc := []byte(hotelDoc(b, size))
		b.Run(sizeName(size), func(b *testing.B) {
			svc, _ := xsd.Lookup("10000103652")
			f, _ := svc.FileFor("attach.xml")
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				res, err := f.Validate(bytes.NewReader(doc))
				if err != nil || len(res.Errors) != 0 {
					b.Fatalf("%v %v", err, res.Errors)
				}
			}
		})
	}
}

// BenchmarkKeystroke is keystroke → verdict shown: one character typed into
// the editor (the edit, the redraw of the visible rows, the screen's
// handler: the document model, the restarted debounce timer, «Проверка по
// схеме…»), then what the debounce starts — the schema check and the
// application check off the UI goroutine (synchronous under the test
// driver) — and the verdict shown (banner, error list, tab title). The
// debounce pause itself (validateDelay) is waiting, not work: it is not
// counted (the benchmark starts the check itself; what the timer hands
// over waits, never run, for the benchmark's goroutine: testUI).
// ms-to-verdict stops the clock when the verdict is shown; ns/op also
// holds the application check that follows it (attachments, required
// files: core/archive, which reuses the verdict of the same bytes through
// xsd.Verdicts). The character goes into a comment in the middle of the
// document, so the document stays valid and the check runs to its end.
// The backend is the real one (core/workflow: Validate and Check).
func BenchmarkKeystroke(b *testing.B) {
	for _, size := range []int{10 << 10, 100 << 10, 1 << 20} {
		doc := hotelDoc(b, size)
		b.Run(sizeName(size), func(b *testing.B) {
			i18n.Set(i18n.RU)
			a := syncApp(b, test.NewTempApp(b), realBackend(b), Environment{Name: "sandbox", Sandbox: true}, func() time.Time { return fixedNow })
			a.win.Resize(fyne.NewSize(1366, 740))
			n := a.newApp
			n.chooseService("10000103652")
			n.docSelect.SetSelected("attach.xml")
			n.editor.SetText(doc)
			mid := strings.Count(doc, "примечание ") / 2
			if !n.editor.Find(a.win.Canvas(), "примечание "+itoa(mid)+":") {
				b.Fatal("no comment to type into")
			}
			area := n.editor.Focusable()
			area.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
			n.validateNow()
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap := float64(ms.HeapInuse) / (1 << 20)
			var t0 time.Time
			var total time.Duration
			n.verdictShown = func() { total += time.Since(t0) }
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 = time.Now()
				test.Type(area, "a")
				n.validateNow()
				if !n.validated || len(n.problems) != 0 {
					b.Fatalf("no verdict, or the document broke: %v", n.problems)
				}
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-verdict")
			b.ReportMetric(heap, "heapMB") // after ResetTimer, which drops metrics
		})
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return itoa(n>>20) + "MB"
	}
	return itoa(n>>10) + "KB"
}
