package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// fyneWords are words of Fyne's own (its file dialog's buttons, an entry's
// context menu) in each language, as Fyne's translations say them.
var fyneWords = map[i18n.Lang][]string{
	i18n.RU: {"Отмена", "Открыть", "Вставить", "Выбрать всё"},
	i18n.EN: {"Cancel", "Open", "Paste", "Select all"},
}

// Fyne's own words speak the window's language, whatever the system's
// locale: at start (the remembered language) and after a switch in
// Настройки, without a restart.
func TestFyneWordsFollowLanguage(t *testing.T) {
	for _, c := range []struct{ start, then i18n.Lang }{{i18n.RU, i18n.EN}, {i18n.EN, i18n.RU}} {
		a, _ := newTestApp(t, c.start)
		checkFyneWords(t, a, c.start)
		a.setLanguage(c.then)
		checkFyneWords(t, a, c.then)
	}
}

// A language given for the run (gosdesk --lang) wins over the remembered
// one, for gosdesk's words and Fyne's alike, and is not remembered.
func TestRunLanguageWinsOverRemembered(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.EN, i18n.RU} {
		other := i18n.RU
		if l == i18n.RU {
			other = i18n.EN
		}
		a, _ := newTestAppEnv(t, other, Environment{Name: "sandbox", Sandbox: true, Lang: l})
		if i18n.Current() != l {
			t.Fatalf("--lang %s with %s remembered: the window speaks %s", l, other, i18n.Current())
		}
		checkFyneWords(t, a, l)
		if got := a.fa.Preferences().String(prefLang); got != string(other) {
			t.Errorf("--lang %s changed the remembered language to %q", l, got)
		}
	}
}

// checkFyneWords opens Fyne's file dialog (Сертификаты → import a file)
// and an entry's context menu (Настройки) and looks for Fyne's words in
// language l, and for none of the other language's.
func checkFyneWords(t *testing.T, a *App, l i18n.Lang) {
	t.Helper()
	other := i18n.EN
	if l == i18n.EN {
		other = i18n.RU
	}
	closeOverlays := func() {
		for _, o := range a.win.Canvas().Overlays().List() {
			a.win.Canvas().Overlays().Remove(o)
		}
	}
	a.shell.show(screenCerts)
	a.certs.pickPFX()
	got := texts(a.win.Canvas())
	closeOverlays()
	a.shell.show(screenSettings)
	test.TapSecondary(a.settings.system)
	got += texts(a.win.Canvas())
	closeOverlays()
	for _, w := range fyneWords[l] {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("%s: Fyne's words lack %q", l, w)
		}
	}
	for _, w := range fyneWords[other] {
		if strings.Contains(got, w+"\n") {
			t.Errorf("%s: Fyne still says %q", l, w)
		}
	}
}

// newTestAppEnv is newTestApp with lang remembered and the environment env.
func newTestAppEnv(t testing.TB, lang i18n.Lang, env Environment) (*App, *fakeBackend) {
	t.Helper()
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(lang)
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLang, string(lang))
	be := &fakeBackend{entries: testCerts(t, fixedNow)}
	a := syncApp(t, fa, be, env, func() time.Time { return fixedNow })
	a.win.Resize(fyne.NewSize(1366, 740))
	return a, be
}
