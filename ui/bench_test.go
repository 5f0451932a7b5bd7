package ui

import (
	"bytes"
	"strings"
	"testing"

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

// BenchmarkKeystroke is the editor half: one typed character in the
// Entry-based editor with its colouring and line numbers (Fyne's test
// driver). 1 MB is left out: the Entry needs about a minute per keystroke
// there (design brief), which is what the TextGrid editor is for.
func BenchmarkKeystroke(b *testing.B) {
	for _, size := range []int{10 << 10, 100 << 10} {
		doc := hotelDoc(b, size)
		b.Run(sizeName(size), func(b *testing.B) {
			a, _ := newTestApp(b, i18n.RU)
			n := a.newApp
			n.chooseService("10000103652")
			n.docSelect.SetSelected("attach.xml")
			n.editor.SetText(doc)
			a.win.Canvas().Focus(n.editor.entry)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				test.Type(n.editor.entry, "a")
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return itoa(n>>20) + "MB"
	}
	return itoa(n>>10) + "KB"
}
