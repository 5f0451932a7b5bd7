// Package ui holds the Fyne screens of gosdesk. It is thin: every decision
// is made in core/… (through Backend, which wraps core/workflow), and ui
// only shows it. It never imports fyne.io/fyne/v2/app, so it is tested with
// Fyne's test driver, without X or cgo.
//
// Layout, like Jacalz/rymdport's internal/ui: one small struct per screen in
// its own file (newapp.go, certificates.go, settings.go, orders.go …), the
// shell (navigation, status bar, shortcuts) in shell.go, and App tying them
// to the window and the backend.
package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gosdesk/gosdesk/assets"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// Title is the main window's title.
const Title = "gosdesk"

// WindowSizeVar sets the window size (e.g. 1366x768) regardless of what
// was remembered: e2e runs and screenshots need a deterministic layout.
const WindowSizeVar = "GOSDESK_WINDOW_SIZE"

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// Environment describes where the app sends applications, as main found it.
type Environment struct {
	Name    string // "sandbox", "test", "prod" or a URL
	URL     string // base URL of the services
	Sandbox bool   // the embedded sandbox of ЕСИА/ЕПГУ/ЕНС
	// DemoContainer is the sandbox's test certificate as a CryptoPro
	// container folder in the data folder, DemoPIN its PIN (demo mode).
	DemoContainer string
	DemoPIN       string
	CertSubject   string // the test certificate's subject (sandbox)
	Thumbprint    string
	APIKey        string // masked
	Err           error  // the environment could not be started
	// FirstRun: there were no settings (show the first-run dialog).
	FirstRun bool
	// Lang is the language asked for this run (gosdesk --lang,
	// GOSDESK_LANG): it wins over the remembered one and is not
	// remembered. Empty: the remembered language, or Russian.
	Lang i18n.Lang
}

// Preference keys (fyne.Preferences: per-user, not secret).
const (
	prefWidth      = "window.width"
	prefHeight     = "window.height"
	prefScreen     = "screen"
	prefCert       = "cert.default"
	prefCertDirs   = "cert.dirs"
	prefCertFiles  = "cert.files"
	prefLang       = "lang"
	prefFirstRunOK = "firstrun.done"
	prefDraft      = "draft.id"
)

// App is the running desktop application: the window, the backend and the
// screens.
type App struct {
	fa  fyne.App
	win fyne.Window
	be  Backend
	env Environment

	shell    *shell
	newApp   *newApplication
	certs    *certificates
	orders   *orders
	settings *settings
	ens      *ensScreen    // ЕНС (gui2)
	batch    *batchScreen  // Пакет (гостиницы) (gui2)
	goskey   *goskeyScreen // Госключ (gui2)

	// cert is the certificate used for signing (Сертификаты → «Использовать
	// по умолчанию», remembered by thumbprint).
	cert *keystore.Entry
	// async runs long work off the UI goroutine; tests replace it to run
	// synchronously.
	async func(func())
	// ui hands work back to the UI goroutine (thread.go): fyne.Do in the
	// app; in tests, the test's goroutine.
	ui uiThread
	// unsubscribe stops the core's events reaching the window (detach).
	unsubscribe func()
	// now is the clock of the status bar.
	now func() time.Time
	// dkeys are the Enter/Esc handlers of the open dialogs (dialogs.go).
	dkeys []*dialogKeys
	// shown: the window is on screen; firstRunShown: the dialog was opened.
	shown, firstRunShown bool
}

// New builds the application window on a (real or test) Fyne app.
func New(fa fyne.App, be Backend, env Environment) *App {
	return newApp(fa, be, env, func(f func()) { go f() }, fyneThread{}, time.Now)
}

// newApp is New with the way long work runs, the UI goroutine and the
// clock (tests run work synchronously, on their own goroutine, on a fixed
// date).
func newApp(fa fyne.App, be Backend, env Environment, async func(func()), ui uiThread, now func() time.Time) *App {
	if env.Lang != "" {
		i18n.Set(env.Lang)
	} else if l, ok := i18n.Parse(fa.Preferences().String(prefLang)); ok {
		i18n.Set(l)
	}
	setFyneLanguage(i18n.Current())
	a := &App{fa: fa, be: be, env: env, now: now, async: async, ui: ui}
	a.win = fa.NewWindow(Title)
	a.win.SetIcon(Icon)
	waitRegularFont() // parsed meanwhile by WarmFonts, not twice (fonts.go)
	apps.Store(a.win, a)
	a.orders = newOrders(a)
	a.newApp = newNewApplication(a)
	a.newApp.restoreDraft()
	a.certs = newCertificates(a)
	a.settings = newSettings(a)
	a.ens = newENSScreen(a)
	a.batch = newBatchScreen(a)
	a.goskey = newGoskeyScreen(a)
	a.shell = newShell(a)
	a.win.SetContent(a.shell.build())
	a.win.SetMainMenu(a.shell.menu())
	a.win.SetOnDropped(a.dropped)
	a.win.Resize(a.windowSize())
	a.win.SetCloseIntercept(a.closing)
	// one subscription for every screen: the core calls it on its working
	// goroutine, the screens hear the event on the UI goroutine
	a.unsubscribe = be.Subscribe(func(e workflow.Event) { a.ui.Do(func() { a.event(e) }) })
	a.certs.reload()
	return a
}

// Window is the main window.
func (a *App) Window() fyne.Window { return a.win }

// ShowAndRun shows the window (and the first-run dialog on a first start)
// and runs the event loop.
func (a *App) ShowAndRun() {
	a.win.Show()
	a.shown = true
	a.trace("ready")
	a.maybeFirstRun()
	a.orders.startTracking(false) // statuses of unfinished orders keep coming (orders_actions.go)
	go a.shell.attachRest(600*time.Millisecond, 30*time.Millisecond)
	a.fa.Run()
}

// defaultWidth×defaultHeight is the first start's window: it fits the
// smallest display the app supports, 1024×768 with a taskbar (Fyne cannot
// ask the screen's size before the window opens, and a 1280-px window ran
// off a 1024-px screen under Wine and in small virtual machines). Every
// screen fits it (fit_test.go); the user's own size is remembered.
const defaultWidth, defaultHeight = 1024, 700

// windowSize is GOSDESK_WINDOW_SIZE, else the remembered size, else the
// default.
func (a *App) windowSize() fyne.Size {
	if w, h, ok := parseSize(os.Getenv(WindowSizeVar)); ok {
		return fyne.NewSize(w, h)
	}
	p := a.fa.Preferences()
	w, h := p.FloatWithFallback(prefWidth, defaultWidth), p.FloatWithFallback(prefHeight, defaultHeight)
	if w < 800 || h < 560 {
		w, h = defaultWidth, defaultHeight
	}
	return fyne.NewSize(float32(w), float32(h))
}

func parseSize(s string) (float32, float32, bool) {
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if !ok {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < 200 || h < 200 {
		return 0, 0, false
	}
	return float32(w), float32(h), true
}

// closing remembers the window size and the screen, saves the draft and
// closes; while a batch is sending it asks first (batch.go: askClose).
func (a *App) closing() {
	if a.batch.askClose(a.closeNow) {
		return
	}
	a.closeNow()
}

func (a *App) closeNow() {
	sz := a.win.Canvas().Size()
	p := a.fa.Preferences()
	p.SetFloat(prefWidth, float64(sz.Width))
	p.SetFloat(prefHeight, float64(sz.Height))
	a.detach()
	a.orders.flushNotes() // final statuses still waiting for their summary are told now
	a.newApp.saveDraft(false)
	a.be.Close() // the orders it follows in the background stop before main closes the core
	a.win.Close()
}

// detach stops whatever would still reach the window on its own: the
// debounce timers of Новое заявление and the core's events. The window
// closes, or a test ends.
func (a *App) detach() {
	a.newApp.stopTimers()
	if a.unsubscribe != nil {
		a.unsubscribe()
		a.unsubscribe = nil
	}
}

// dropped handles files dropped anywhere on the window: certificates
// (PFX, container folders) on Сертификаты, a guests' CSV on Пакет, an МЧД
// on ЕНС, documents on Госключ, attachments everywhere else — a lone CSV
// there is asked about first (a guests' list dropped on the wrong screen).
func (a *App) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	if a.shell.current == screenCerts {
		a.certs.importPaths(paths)
		return
	}
	if a.shell.current == screenENS && len(paths) == 1 && strings.HasSuffix(strings.ToLower(paths[0]), ".xml") {
		a.ens.setMCHD(paths[0]) // a МЧД dropped on ЕНС is checked at once
		return
	}
	if a.shell.current == screenBatch && len(paths) == 1 && strings.EqualFold(filepath.Ext(paths[0]), ".csv") {
		a.batch.importPath(paths[0]) // the guests' CSV of a batch
		return
	}
	if a.shell.current == screenGoskey {
		a.goskey.addDocs(paths) // documents for the citizen to sign (gui2)
		return
	}
	if len(paths) == 1 && strings.EqualFold(filepath.Ext(paths[0]), ".csv") {
		a.askCSVDrop(paths[0]) // a guests' list, or an attachment? (drop.go)
		return
	}
	a.attach(paths)
}

// attach makes dropped files attachments of Новое заявление.
func (a *App) attach(paths []string) {
	a.shell.show(screenNewApp)
	a.newApp.addAttachments(paths)
}

// event receives workflow events on the UI goroutine.
func (a *App) event(e workflow.Event) {
	a.shell.status.event(e)
	a.newApp.event(e)
	a.orders.event(e)
	a.batch.event(e)
	a.goskey.event(e)
}

// setLanguage switches the language (gosdesk's and Fyne's own words) and
// rebuilds every screen; what the clerk typed is kept in the screens'
// models.
func (a *App) setLanguage(l i18n.Lang) {
	i18n.Set(l)
	setFyneLanguage(l)
	a.fa.Preferences().SetString(prefLang, string(l))
	a.win.SetContent(a.shell.build())
	a.win.SetMainMenu(a.shell.menu())
}

// useCertificate makes e the signing certificate and remembers it.
func (a *App) useCertificate(e *keystore.Entry, remember bool) {
	a.cert = e
	if remember && e != nil {
		a.fa.Preferences().SetString(prefCert, e.ID)
	}
	a.shell.status.refresh()
	a.newApp.refreshCert()
	if a.ens != nil {
		a.ens.show()
	}
}

// prefList reads a list preference.
func (a *App) prefList(key string) []string {
	return a.fa.Preferences().StringList(key)
}

func (a *App) addPref(key, v string) {
	l := a.prefList(key)
	for _, x := range l {
		if x == v {
			return
		}
	}
	a.fa.Preferences().SetStringList(key, append(l, v))
}
