package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// cyrillicLines are the lines of txt with Cyrillic letters once the data
// (names, operations, documents: what the services and files say) is
// taken out. A line that is a piece of one data string (wrapped or cut
// short with «…», 8 letters at least) is data too.
func cyrillicLines(txt string, data []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range strings.Split(txt, "\n") {
		if seen[l] {
			continue
		}
		seen[l] = true
		rest := l
		for _, d := range data {
			rest = strings.ReplaceAll(rest, d, "")
		}
		if strings.IndexFunc(rest, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) < 0 {
			continue
		}
		piece := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "…")))
		if utf8.RuneCountInString(piece) >= 8 && slices.ContainsFunc(data, func(d string) bool { return strings.Contains(strings.ToLower(d), piece) }) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// ensData is what the ЕНС screen shows of the fake account, the test
// certificates and the sample МЧД: data, Russian in any language.
func ensData(t *testing.T, be *fakeBackend) []string {
	var d []string
	for _, op := range fakeOps() {
		d = append(d, op.Name, op.Document)
	}
	obl, _ := (&fakeENS{}).Obligations(nil, "", time.Time{})
	for _, it := range obl {
		d = append(d, it.Name)
	}
	for _, e := range be.entries {
		d = append(d, certOwner(e.Certificate), e.Certificate.Subject.Organization, e.Certificate.Subject.CommonName)
	}
	// the sample МЧД (testdata/mchd_tax_org_person.xml)
	d = append(d, `ООО "ПЕСОЧНИЦА"`, "ДИРЕКТОРОВ ТЕСТ ТЕСТОВИЧ", "директор", "БУХГАЛТЕРОВА ЁЛКА ПРИМЕРОВНА",
		"Запрашивать сведения, составляющие налоговую тайну", "Полное представительство в налоговых правоотношениях")
	return d
}

// sampleMCHD is a real МЧД as the window's backend describes it.
func sampleMCHD(t *testing.T) *MCHDInfo {
	t.Helper()
	m, err := (&coreBackend{}).CheckMCHD(filepath.Join("testdata", "mchd_tax_org_person.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The English ЕНС screen says everything in English — its labels, the
// core's words (modes, МЧД facts, errors of ЕНС and of the МЧД) — but for
// the data: names, operations, documents.
func TestENSEnglishHasNoCyrillic(t *testing.T) {
	type state struct {
		name string
		set  func(t *testing.T, a *App, be *fakeBackend)
	}
	bad := filepath.Join(t.TempDir(), "ON_EMCHD_bad.xml")
	if err := os.WriteFile(bad, []byte("<Доверенность/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	states := []state{
		{"offline", func(t *testing.T, a *App, be *fakeBackend) {}},
		{"offline snapshot", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.snapshots = []ENSSnapshot{{INN: "7707083893", Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), Kopecks: -250000, Taken: time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)}}
			a.ens = newENSScreen(a)
			a.win.SetContent(a.shell.build())
			a.shell.show(screenENS)
		}},
		{"operator", func(t *testing.T, a *App, be *fakeBackend) { a.ens.modeRadio.SetSelected(a.ens.modeOptions()[1]) }},
		{"operator without INN", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.modeRadio.SetSelected(a.ens.modeOptions()[1])
			a.ens.login()
		}},
		{"operator with a bad INN", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.modeRadio.SetSelected(a.ens.modeOptions()[1])
			a.ens.innEntry.SetText("7707083894")
			a.ens.login()
		}},
		{"operator signed in", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.modeRadio.SetSelected(a.ens.modeOptions()[1])
			a.ens.innEntry.SetText("7707083893")
			a.ens.login()
		}},
		{"representative", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.mchd = sampleMCHD(t)
			a.ens.setMCHD("/home/clerk/ON_EMCHD_7799000005.xml")
		}},
		{"representative, all facts", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.mchd = sampleMCHD(t)
			a.ens.setMCHD("/home/clerk/ON_EMCHD_7799000005.xml")
			a.ens.showMCHD()
		}},
		{"representative, a broken МЧД", func(t *testing.T, a *App, be *fakeBackend) {
			_, be.gui2.mchdErr = (&coreBackend{}).CheckMCHD(bad)
			if be.gui2.mchdErr == nil {
				t.Fatal("a broken МЧД accepted")
			}
			a.ens.setMCHD(bad)
			if got := a.ens.mchdCheck.Text; !strings.HasPrefix(got, "✗ MCHD refused: MCHD: the MCHD file does not read as an EMCHD_1 power of attorney") ||
				!strings.Contains(got, "Check that the chosen file is an MCHD XML file of format 003") {
				t.Errorf("a broken МЧД in English: %q", got)
			}
		}},
		{"representative signed in", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.mchd = sampleMCHD(t)
			a.ens.setMCHD("/home/clerk/ON_EMCHD_7799000005.xml")
			a.ens.login()
		}},
		{"signed in", func(t *testing.T, a *App, be *fakeBackend) { a.ens.login() }},
		{"obligations", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.login()
			a.ens.tabs.SelectIndex(1)
		}},
		{"chart", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.login()
			a.ens.tabs.SelectIndex(2)
			a.ens.chart.hoverAt(a.ens.chart.Size().Width * 0.55)
		}},
		{"ЕНС refuses", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.loginErr = workflow.ENSError(&ens.Error{Code: ens.CodeCertNoINN, HTTPStatus: 403, ServerCode: "CERT_NO_INN"}, false)
			a.ens.login()
		}},
		{"ЕНС is down", func(t *testing.T, a *App, be *fakeBackend) {
			be.gui2.openErr = workflow.ENSError(&ens.Error{Code: ens.CodeMaintenance, HTTPStatus: 503, RetryAfter: 30 * time.Second}, false)
			a.ens.login()
		}},
		{"a date before ЕНС", func(t *testing.T, a *App, be *fakeBackend) {
			a.ens.dateEntry.SetText("31.12.2022")
			a.ens.login()
		}},
	}
	for _, st := range states {
		a, be, _ := openENS(t, i18n.EN)
		st.set(t, a, be)
		relayout(a)
		txt := texts(a.win.Canvas())
		for _, o := range a.ens.modeOptions() {
			txt += o + "\n"
		}
		for _, l := range cyrillicLines(txt, ensData(t, be)) {
			t.Errorf("%s: Russian in the English window: %q", st.name, l)
		}
	}
}
