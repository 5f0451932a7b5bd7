package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

func openENS(t *testing.T, lang i18n.Lang) (*App, *fakeBackend, *ensScreen) {
	t.Helper()
	syncUI(t)
	a, be := newTestApp(t, lang)
	a.useCertificate(a.certs.entries[0], false)
	a.shell.show(screenENS)
	return a, be, a.ens
}

func TestFormatRub(t *testing.T) {
	prev := i18n.Current()
	defer i18n.Set(prev)
	i18n.Set(i18n.RU)
	for k, want := range map[int64]string{
		0: "0,00\u202f₽", -1523456: "−15\u202f234,56\u202f₽", 100000000: "1\u202f000\u202f000,00\u202f₽", 5: "0,05\u202f₽",
		-9223372036854775808: "−92\u202f233\u202f720\u202f368\u202f547\u202f758,08\u202f₽",
	} {
		if got := formatRub(k); got != want {
			t.Errorf("formatRub(%d) = %q, want %q", k, got, want)
		}
	}
	for k, want := range map[int64]string{-1500000: "−15\u202fтыс.\u202f₽", 125000000: "1,3\u202fмлн\u202f₽", 0: "0\u202f₽"} {
		if got := compactRub(k); got != want {
			t.Errorf("compactRub(%d) = %q, want %q", k, got, want)
		}
	}
	i18n.Set(i18n.EN)
	if got := formatRub(-1523456); got != "−15,234.56\u202f₽" {
		t.Errorf("en: %q", got)
	}
	if got := compactRub(15000000); got != "150\u202fk\u202f₽" {
		t.Errorf("en axis: %q", got)
	}
}

func TestENSOfflineShowsLastSnapshot(t *testing.T) {
	syncUI(t)
	prevBE := func(be *fakeBackend) {
		be.gui2.snapshots = []ENSSnapshot{
			{INN: "7707083893", Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), Kopecks: -250000, Taken: time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)},
			{INN: "7707083893", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local), Kopecks: 100000, Taken: time.Date(2026, 11, 1, 9, 30, 0, 0, time.Local)},
		}
	}
	a, be := newTestApp(t, i18n.RU)
	prevBE(be)
	a.ens = newENSScreen(a)
	a.win.SetContent(a.shell.build())
	a.shell.show(screenENS)
	txt := texts(a.win.Canvas())
	for _, want := range []string{"−2\u202f500,00\u202f₽", "Задолженность", "последний снимок", "01.12.2026", "Войти в ЕНС"} {
		if !strings.Contains(txt, want) {
			t.Errorf("offline view lacks %q:\n%s", want, txt)
		}
	}
	if n := len(a.ens.chart.points); n != 2 {
		t.Errorf("chart has %d points from the snapshots, want 2", n)
	}
	if len(be.gui2.opened) != 0 {
		t.Error("the offline view opened a session")
	}
}

func TestENSSignInSelf(t *testing.T) {
	a, be, e := openENS(t, i18n.RU)
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	if len(be.gui2.opened) != 1 || be.gui2.opened[0].Mode != workflow.ENSSelf {
		t.Fatalf("OpenENS calls %+v", be.gui2.opened)
	}
	if got := strings.Join(be.gui2.acct.calls, ","); got != "login,balance,operations,obligations" {
		t.Errorf("calls %s", got)
	}
	if e.figure.Text != "−15\u202f234,56\u202f₽" {
		t.Errorf("figure %q", e.figure.Text)
	}
	if e.figure.Color != theme.Color(theme.ColorNameError) {
		t.Error("a debt is not red")
	}
	if !strings.Contains(e.words.Text, "Задолженность") {
		t.Errorf("debt has no words: %q", e.words.Text)
	}
	if r := e.opsTable.Length(); r != 6 {
		t.Errorf("operations table %d rows", r)
	}
	if !strings.Contains(texts(a.win.Canvas()), "НДФЛ за ноябрь 2026") {
		t.Error("an operation is not shown")
	}
	if r := e.oblTable.Length(); r != 2 {
		t.Errorf("obligations %d", r)
	}
	// the chart: opening balance, one point per day with operations, the end
	if n := len(e.chart.points); n != 8 {
		t.Errorf("chart points %d", n)
	}
	if last := e.chart.points[len(e.chart.points)-1]; last.Kopecks != -1523456 {
		t.Errorf("chart ends at %d", last.Kopecks)
	}
	if !e.signIn.Hidden == true || e.signOut.Hidden {
		t.Error("sign-in/out buttons not swapped")
	}
	tapButton(t, a.win.Canvas(), "Выйти")
	if !be.gui2.acct.out || e.acct != nil {
		t.Error("logout not called")
	}
	if !strings.Contains(e.detail.Text, "последний снимок") {
		t.Errorf("after logout: %q", e.detail.Text)
	}
}

func TestENSOperatorNeedsINN(t *testing.T) {
	a, be, e := openENS(t, i18n.RU)
	e.modeRadio.SetSelected(e.modeOptions()[1])
	if !e.innRow.Visible() || e.mchdRow.Visible() {
		t.Fatal("operator mode shows no ИНН field")
	}
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	if len(be.gui2.opened) != 0 || !strings.Contains(texts(a.win.Canvas()), "Не указан ИНН налогоплательщика") {
		t.Fatalf("no ИНН: opened %d\n%s", len(be.gui2.opened), texts(a.win.Canvas()))
	}
	tapButton(t, a.win.Canvas(), "Понятно")
	test.Type(e.innEntry, "7707083894")
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	if len(be.gui2.opened) != 0 || !strings.Contains(texts(a.win.Canvas()), "ИНН 7707083894") {
		t.Fatalf("bad checksum accepted\n%s", texts(a.win.Canvas()))
	}
	tapButton(t, a.win.Canvas(), "Понятно")
	e.innEntry.SetText("7707083893")
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	if len(be.gui2.opened) != 1 || be.gui2.opened[0].Mode != workflow.ENSOperator || be.gui2.acct.inn != "7707083893" {
		t.Fatalf("operator sign-in: %+v inn %q", be.gui2.opened, be.gui2.acct.inn)
	}
	if a.fa.Preferences().String(prefENSINN) != "7707083893" {
		t.Error("ИНН not remembered")
	}
}

// fakeMCHD is a МЧД of ООО «Ромашка» for Иванова Мария Петровна with one
// power, valid until until, as the backend describes it.
func fakeMCHD(until time.Time) *MCHDInfo {
	principal := i18n.Text{RU: "Доверитель: ООО «Ромашка» (ИНН 7707083893)", EN: "Principal: ООО «Ромашка» (INN 7707083893)"}
	rep := i18n.Text{RU: "Представитель: Иванова Мария Петровна (ИНН 500100732259)", EN: "Representative: Иванова Мария Петровна (INN 500100732259)"}
	return &MCHDInfo{Lines: []i18n.Text{{RU: "Доверенность № 1", EN: "Power of attorney No. 1"}, principal, rep, {RU: "Полномочие 02.001: Просмотр ЕНС", EN: "Power 02.001: Просмотр ЕНС"}},
		Parties: []i18n.Text{principal, rep}, Powers: 1, ValidUntil: until}
}

func TestENSRepresentativeChecksMCHD(t *testing.T) {
	a, be, e := openENS(t, i18n.RU)
	be.gui2.mchd = fakeMCHD(time.Date(2027, 12, 31, 0, 0, 0, 0, time.Local))
	e.setMCHD("/tmp/ON_EMCHD_1.xml")
	if e.mode != workflow.ENSRepresentative || !e.mchdRow.Visible() {
		t.Fatal("a МЧД does not switch to representative mode")
	}
	for _, want := range []string{"✓ Действует по 31.12.2027", "Доверитель: ООО «Ромашка»", "Представитель: Иванова", "Полномочий: 1"} {
		if !strings.Contains(e.mchdCheck.Text, want) {
			t.Errorf("МЧД check lacks %q: %q", want, e.mchdCheck.Text)
		}
	}
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	if len(be.gui2.opened) != 1 || be.gui2.opened[0].MCHD != "/tmp/ON_EMCHD_1.xml" || be.gui2.opened[0].Mode != workflow.ENSRepresentative {
		t.Fatalf("representative: %+v", be.gui2.opened)
	}
	// an expired one says so in words
	be.gui2.mchd = &MCHDInfo{Lines: []i18n.Text{{RU: "Доверенность № 2", EN: "Power of attorney No. 2"}}, ValidUntil: time.Date(2025, 1, 31, 0, 0, 0, 0, time.Local), Expired: true}
	e.setMCHD("/tmp/old.xml")
	if !strings.Contains(e.mchdCheck.Text, "Срок действия истёк 31.01.2025") || e.mchdCheck.Importance != widget.DangerImportance {
		t.Errorf("expired МЧД: %q", e.mchdCheck.Text)
	}
}

func TestENSErrorShown(t *testing.T) {
	a, be, e := openENS(t, i18n.RU)
	be.gui2.loginErr = ensFailure
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	txt := texts(a.win.Canvas())
	for _, want := range []string{"ФНС отклонила вход", "Повторите действие", "Подробнее"} {
		if !strings.Contains(txt, want) {
			t.Errorf("error lacks %q:\n%s", want, txt)
		}
	}
	if e.acct != nil {
		t.Error("signed in after a failed login")
	}
}

func TestENSSortAndCSV(t *testing.T) {
	a, _, e := openENS(t, i18n.RU)
	tapButton(t, a.win.Canvas(), "Войти в ЕНС")
	// tap the «Сумма» header as a person does
	h := e.opsTable.tapHeader(4)
	if h.Text != "Сумма" {
		t.Fatalf("header %q", h.Text)
	}
	test.Tap(h)
	ops := e.ops()
	for i := 1; i < len(ops); i++ {
		if ops[i-1].Amount > ops[i].Amount {
			t.Fatalf("not sorted by amount: %v > %v", ops[i-1].Amount, ops[i].Amount)
		}
	}
	test.Tap(h)
	if h.Icon != theme.MenuDropDownIcon() {
		t.Error("no descending arrow")
	}
	if ops := e.ops(); ops[0].Amount < ops[len(ops)-1].Amount {
		t.Error("second tap does not reverse")
	}
	var buf bytes.Buffer
	if err := e.writeCSV(&buf); err != nil {
		t.Fatal(err)
	}
	csv := buf.String()
	for _, want := range []string{"\ufeffДата;Вид", "сальдо на начало", "-15234,56", "НДФЛ за ноябрь 2026"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	if e.exportBtn.Disabled() {
		t.Error("export disabled with a statement")
	}
}

func TestENSEnglish(t *testing.T) {
	a, _, e := openENS(t, i18n.EN)
	tapButton(t, a.win.Canvas(), "Sign in to ENS")
	txt := texts(a.win.Canvas())
	for _, want := range []string{"Unified tax account (ENS)", "Debt: 15,234.56", "Operations", "Balance chart", "Save CSV"} {
		if !strings.Contains(txt, want) {
			t.Errorf("English view lacks %q", want)
		}
	}
	if strings.Contains(txt, "Задолженность") || strings.Contains(txt, "Войти") {
		t.Error("Russian words in the English view")
	}
	_ = e
}

// TestENSScreens renders the ЕНС screen (offline, signed in, chart,
// representative) to $GOSDESK_SCREENS, Russian and English.
func TestENSScreens(t *testing.T) {
	dir := os.Getenv(ScreensVar)
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	states := map[string]func(a *App, be *fakeBackend){
		"20-ens-offline": func(a *App, be *fakeBackend) {},
		// direct calls, not taps: Fyne's test driver runs a tap's handler off
		// its main goroutine and the lists' refreshes then never reach Capture
		"21-ens-signed-in": func(a *App, be *fakeBackend) {
			a.ens.login()
		},
		"22-ens-chart": func(a *App, be *fakeBackend) {
			a.ens.login()
			a.ens.tabs.SelectIndex(2)
			a.ens.chart.hoverAt(a.ens.chart.Size().Width * 0.55)
		},
		"23-ens-representative": func(a *App, be *fakeBackend) {
			be.gui2.mchd = fakeMCHD(time.Date(2027, 12, 31, 0, 0, 0, 0, time.Local))
			a.ens.setMCHD("/home/clerk/ON_EMCHD_7707083893_20261201.xml")
			a.ens.tabs.SelectIndex(1)
		},
	}
	syncUI(t)
	// 1366×768 (a maximised window on the usual laptop) and 1024×768 (the
	// smallest display the app fits: the tables give up their name column's
	// width, then scroll sideways)
	sizes := map[string]fyne.Size{"": fyne.NewSize(1366, 738), "-1024": fyne.NewSize(1024, 728)}
	for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
		for name, set := range states {
			for suffix, size := range sizes {
				a, be := newTestApp(t, lang)
				be.gui2.snapshots = []ENSSnapshot{{INN: "7707083893", Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), Kopecks: -250000, Taken: time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)},
					{INN: "7707083893", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local), Kopecks: 1200000, Taken: time.Date(2026, 11, 1, 9, 30, 0, 0, time.Local)}}
				a.ens = newENSScreen(a)
				a.win.SetContent(a.shell.build())
				a.useCertificate(a.certs.entries[0], false)
				a.win.Resize(size)
				a.shell.show(screenENS)
				set(a, be)
				relayout(a)
				if m := a.win.Content().MinSize(); m.Width > size.Width {
					t.Errorf("%s %s%s: the screen needs %.0f px, the window has %.0f", lang, name, suffix, m.Width, size.Width)
				}
				if dir == "" {
					continue // built and laid out: a panic or a missing widget fails
				}
				writePNG(t, filepath.Join(dir, string(lang)+"-"+name+suffix+".png"), a)
			}
		}
	}
}

func writePNG(t *testing.T, path string, a *App) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, a.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// relayout lays the window out again as the desktop driver does on its
// next frame (the test canvas does not re-layout containers whose
// children appeared or grew): a width change reaches every container.
func relayout(a *App) {
	sz := a.win.Canvas().Size()
	a.win.Resize(sz.SubtractWidthHeight(1, 0))
	a.win.Resize(sz)
}

// syncUI makes uiDo call its function at once (the tests' work runs on
// the test goroutine already).
func syncUI(t testing.TB) {
	prev := uiDo
	uiDo = func(f func()) { f() }
	t.Cleanup(func() { uiDo = prev })
}

// TestENSTraceLines: the lines the e2e script waits on (sign-in, balance,
// operations, the chart opened, rendered and hovered).
func TestENSTraceLines(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "trace")
	t.Setenv(TraceVar, tr)
	a, _, e := openENS(t, i18n.RU)
	e.login()
	e.tabs.SelectIndex(2)
	relayout(a)
	e.chart.hoverAt(e.chart.px[len(e.chart.px)-1].X)
	b, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ens signed in", "ens balance saldo=-1523456 date=", "ens operations shown n=6 chart points=8",
		"ens tab 2", "ens chart shown points=8", "ens chart rendered points=8", "ens chart hover "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("trace lacks %q:\n%s", want, b)
		}
	}
}

// TestENSTableNarrowWindow: in a 1024-px window the operations table gives
// up its name column's width first (КБК and sums keep theirs) and asks for
// no more than the screen has; below its floor it scrolls sideways.
func TestENSTableNarrowWindow(t *testing.T) {
	_, _, e := openENS(t, i18n.RU)
	lay := colsLayout{e.opsTable.widths, e.opsTable.flex}
	if w := lay.MinSize(nil).Width; w > 830 {
		t.Fatalf("the operations table needs %.0f px, more than the 830 px a 1024-px window leaves", w)
	}
	objs := make([]fyne.CanvasObject, len(lay.widths))
	for i := range objs {
		objs[i] = widget.NewLabel("")
	}
	lay.Layout(objs, fyne.NewSize(830, 30))
	for i, o := range objs {
		if i != lay.flex && o.Size().Width != lay.widths[i] {
			t.Errorf("column %d is %.0f px, want its full %.0f", i, o.Size().Width, lay.widths[i])
		}
	}
	if w := objs[lay.flex].Size().Width; w < flexFloor {
		t.Errorf("the name column is %.0f px, under its floor %d", w, flexFloor)
	}
	lay.Layout(objs, fyne.NewSize(1172, 30))
	if w := objs[lay.flex].Size().Width; w < lay.widths[lay.flex] {
		t.Errorf("at 1366 px the name column is %.0f px, narrower than %.0f", w, lay.widths[lay.flex])
	}
	if e.opsTable.box.Direction != container.ScrollHorizontalOnly {
		t.Error("the table does not scroll sideways below its floor")
	}
}
