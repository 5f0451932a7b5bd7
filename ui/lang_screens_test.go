package ui

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

// fixtureStrings are the strings held in v (a test fixture: journal rows,
// statuses), data for the screens that show them.
func fixtureStrings(v any) []string {
	var out []string
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if v.String() != "" {
				out = append(out, v.String())
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// certData is what the screens show of the test certificates: names,
// organisations, issuers and key folders (Russian in any language).
func certData(be *fakeBackend) []string {
	var d []string
	for _, e := range be.entries {
		c := e.Certificate
		d = append(d, certOwner(c), c.Subject.CommonName, c.Subject.Organization, c.Issuer.CommonName, c.Issuer.Organization, e.Location)
	}
	return d
}

// Every screen of the English window speaks English but for the data
// (certificate owners, applicants, the statuses ЕПГУ reports). The ЕНС
// screen has its own walk (TestENSEnglishHasNoCyrillic). Госключ's fields,
// Новое заявление with a service chosen and Пакет's column mapping show
// the service catalog's own texts, which are Russian only (xsd/services):
// data here, and those two states are left out.
func TestEnglishScreensHaveNoCyrillic(t *testing.T) {
	type state struct {
		name string
		set  func(a *App, be *fakeBackend)
	}
	states := []state{
		{"first run", func(a *App, be *fakeBackend) { a.shell.show(screenNewApp); a.showFirstRun() }},
		{"new application", func(a *App, be *fakeBackend) { a.shell.show(screenNewApp) }},
		{"certificates", func(a *App, be *fakeBackend) {
			a.shell.show(screenCerts)
			a.certs.list.Select(len(a.certs.entries) - 1)
		}},
		{"settings", func(a *App, be *fakeBackend) { a.shell.show(screenSettings) }},
		{"help", func(a *App, be *fakeBackend) { a.shell.help() }},
		{"about", func(a *App, be *fakeBackend) { a.shell.about() }},
		{"applications", func(a *App, be *fakeBackend) {
			a.shell.show(screenOrders)
			a.orders.reload()
			a.orders.table.Select(widget.TableCellID{Row: 0, Col: 0})
		}},
		{"batch", func(a *App, be *fakeBackend) { a.shell.show(screenBatch) }},
		{"goskey", func(a *App, be *fakeBackend) { a.shell.show(screenGoskey) }},
	}
	for _, st := range states {
		syncUI(t)
		a, be, _ := ordersAppIn(t, i18n.EN)
		st.set(a, be)
		a.win.Resize(fyne.NewSize(1366, 738))
		relayout(a)
		txt := texts(a.win.Canvas())
		if st.name == "settings" { // the choices of the closed lists
			for _, code := range transportCodes {
				txt += transportLabel(code) + "\n"
			}
		}
		for _, m := range a.win.MainMenu().Items { // and the main menu
			txt += m.Label + "\n"
			for _, it := range m.Items {
				txt += it.Label + "\n"
			}
		}
		data := append(certData(be), fixtureStrings(be.journal)...)
		data = append(data, fixtureStrings(be.history)...)
		if svc, ok := xsd.Lookup(a.goskey.service); ok {
			data = append(data, fixtureStrings(svc.Placeholders)...) // Госключ's fields: the catalog's words
		}
		for _, l := range cyrillicLines(txt, data) {
			t.Errorf("%s: Russian in the English window: %q", st.name, l)
		}
	}
}
