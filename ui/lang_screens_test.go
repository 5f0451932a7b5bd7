package ui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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

// selectOptions are the choices of the window's closed lists (a Select
// shows only the chosen one), one a line.
func selectOptions(c fyne.Canvas) string {
	var b strings.Builder
	objs := []fyne.CanvasObject{c.Content()}
	objs = append(objs, c.Overlays().List()...)
	for _, root := range objs {
		for _, o := range test.LaidOutObjects(root) {
			if s, ok := o.(*widget.Select); ok && s.Visible() {
				b.WriteString(strings.Join(s.Options, "\n") + "\n")
			}
		}
	}
	return b.String()
}

// Every screen of the English window speaks English but for the data
// (certificate owners, applicants, the statuses ЕПГУ reports, the sample
// values of the catalog's fields). The ЕНС screen has its own walk
// (TestENSEnglishHasNoCyrillic). The service catalog's own texts are
// English too: Новое заявление with a hotel service chosen (its
// description, the kinds of attachments), Пакет's column mapping and its
// row-fix dialog, Госключ's fields — with the choices of their lists.
func TestEnglishScreensHaveNoCyrillic(t *testing.T) {
	type state struct {
		name string
		set  func(a *App, be *fakeBackend)
	}
	guests := filepath.Join(t.TempDir(), "guests.csv")
	if err := os.WriteFile(guests, []byte("guestLastName;guestFirstName;guestBirthDate;guestDocSeries\nPeters;John;12.05.1979;AB123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(t.TempDir(), "form.FormStep10.Panel1.caseAttachment1.0.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hotelBatch := func(a *App) *batchScreen {
		a.useCertificate(a.certs.entries[0], false)
		a.shell.show(screenBatch)
		a.batch.importPath(guests)
		return a.batch
	}
	// the states that show the catalog's texts, with their lists' choices
	catalog := map[string]bool{}
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
		{"new application: hotel service", func(a *App, be *fakeBackend) {
			a.shell.show(screenNewApp)
			a.newApp.chooseService("10000103652")
		}},
		{"new application: hotel attachments", func(a *App, be *fakeBackend) {
			a.shell.show(screenNewApp)
			a.newApp.chooseService("10000103652")
			a.newApp.addAttachments([]string{scan})
		}},
		{"batch: hotel mapping", func(a *App, be *fakeBackend) { hotelBatch(a) }},
		{"batch: hotel row fix", func(a *App, be *fakeBackend) {
			b := hotelBatch(a)
			b.prepare()
			b.preview.Select(0)
			b.editRow()
		}},
	}
	// what each of them shows of the catalog in English
	catalogWants := map[string][]string{
		"new application: hotel service":     {"Ministry of Internal Affairs of Russia (MVD)", "sole proprietor, legal entity", "Scan of the migration card"},
		"new application: hotel attachments": {"Scan of the guest's identity document", "Scan of the migration card"},
		"batch: hotel mapping":               {"guest's surname — guestLastName", "guest's date of birth — guestBirthDate"},
		"batch: hotel row fix":               {"Fix row 2", "guestDocSeries"},
		"goskey":                             {"SNILS of the citizen the documents are sent to", "The citizen's OID in ESIA"},
	}
	for name := range catalogWants {
		catalog[name] = true
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
		if catalog[st.name] {
			txt += selectOptions(a.win.Canvas())
		}
		data := append(certData(be), fixtureStrings(be.journal)...)
		data = append(data, fixtureStrings(be.history)...)
		for _, s := range xsd.Services() {
			for _, p := range s.Placeholders {
				data = append(data, p.Default) // a field's sample value, shown as its hint
			}
		}
		for _, want := range catalogWants[st.name] {
			if !strings.Contains(txt, want) {
				t.Errorf("%s: the English window lacks the catalog's %q", st.name, want)
			}
		}
		for _, l := range cyrillicLines(txt, data) {
			t.Errorf("%s: Russian in the English window: %q", st.name, l)
		}
	}
}
