package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func labels(t *testing.T, lang i18n.Lang) string {
	t.Helper()
	defer i18n.Set(i18n.Current())
	i18n.Set(lang)
	a := test.NewTempApp(t)
	w := NewMainWindow(a, Environment{Name: "sandbox", Sandbox: true, URL: "http://127.0.0.1:1", CertSubject: "CN=Тест", Thumbprint: "AB"})
	defer w.Close()
	if w.Title() != "gosdesk" {
		t.Fatalf("title = %q", w.Title())
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestMainWindowSpeaksRussianByDefaultAndEnglishOnRequest(t *testing.T) {
	if got := labels(t, i18n.RU); !strings.Contains(got, "единый налоговый счёт") {
		t.Errorf("Russian window text: %q", got)
	}
	if got := labels(t, i18n.EN); !strings.Contains(got, "unified tax account") {
		t.Errorf("English window text: %q", got)
	}
}
