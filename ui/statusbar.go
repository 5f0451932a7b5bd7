package ui

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// Status colours of the design brief (ui.md): the environment chip and the
// validity of certificates.
var (
	colourSandbox = color.NRGBA{R: 0x75, G: 0x75, B: 0x75, A: 0xff} // grey
	colourTest    = color.NRGBA{R: 0xf5, G: 0xa6, B: 0x23, A: 0xff} // amber
	colourProd    = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff} // red
	colourExpired = color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	colourSoon    = color.NRGBA{R: 0xe0, G: 0x8e, B: 0x00, A: 0xff}
	colourOK      = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
)

// envChip returns the environment's word and colours.
func envChip(name string) (text string, bg, fg color.Color) {
	switch strings.ToLower(name) {
	case "", "sandbox":
		return i18n.T("ПЕСОЧНИЦА", "SANDBOX"), colourSandbox, color.White
	case "test", "test-beta":
		return i18n.T("ТЕСТ", "TEST"), colourTest, color.Black
	case "prod":
		return i18n.T("ПРОД", "PRODUCTION"), colourProd, color.White
	}
	return i18n.T("СВОЙ АДРЕС", "CUSTOM"), colourTest, color.Black
}

// statusBar is the bottom line: environment chip, certificate, connection.
type statusBar struct {
	a        *App
	chipBG   *canvas.Rectangle
	chipText *canvas.Text
	cert     *canvas.Text
	conn     *widget.Label
	connText string
	lastAt   time.Time
}

func newStatusBar(a *App) *statusBar { return &statusBar{a: a} }

func (b *statusBar) build() fyne.CanvasObject {
	b.chipBG = canvas.NewRectangle(colourSandbox)
	b.chipBG.CornerRadius = 4
	b.chipText = canvas.NewText("", color.White)
	b.chipText.TextStyle = fyne.TextStyle{Bold: true}
	b.chipText.Alignment = fyne.TextAlignCenter
	b.cert = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	b.conn = widget.NewLabel("")
	b.conn.Alignment = fyne.TextAlignTrailing
	b.refresh()
	chip := container.NewStack(b.chipBG, container.NewPadded(b.chipText))
	row := container.NewBorder(nil, nil, container.NewHBox(chip, widget.NewIcon(theme.LoginIcon()), container.NewCenter(b.cert)), b.conn)
	return container.NewVBox(widget.NewSeparator(), container.NewPadded(row))
}

// envName is the environment in force (settings, else main's).
func (b *statusBar) envName() string {
	if s := b.a.be.Settings(); s.Env != "" {
		return s.Env
	}
	return b.a.env.Name
}

// refresh redraws the chip and the certificate from the App's state.
func (b *statusBar) refresh() {
	if b.chipText == nil {
		return
	}
	text, bg, fg := envChip(b.envName())
	b.chipText.Text, b.chipText.Color = text, fg
	b.chipBG.FillColor = bg
	b.chipText.Refresh()
	b.chipBG.Refresh()
	c := b.a.cert
	if c == nil || c.Certificate == nil {
		b.cert.Text = i18n.T("Сертификат не выбран — откройте «Сертификаты»", "No certificate chosen — open Certificates")
		b.cert.Color = colourSoon
		b.cert.TextStyle.Bold = true
	} else {
		b.cert.TextStyle.Bold = false
		b.cert.Text = certOwner(c.Certificate) + " · " + i18n.T("действует до ", "valid until ") + c.Certificate.NotAfter.Format("02.01.2006")
		b.cert.Color = validityColour(c.Certificate.NotAfter, b.a.now())
		if b.cert.Color == nil {
			b.cert.Color = theme.Color(theme.ColorNameForeground)
		}
		if !b.a.now().Before(c.Certificate.NotAfter) {
			b.cert.Text += " — " + i18n.T("ИСТЁК", "EXPIRED")
		}
	}
	b.cert.Refresh()
	b.conn.SetText(b.connectionText())
}

func (b *statusBar) connectionText() string {
	if b.a.env.Err != nil {
		return i18n.T("Песочница не запущена", "Sandbox not running")
	}
	if b.a.env.Sandbox && b.a.env.URL == "" {
		return i18n.T("Песочница запускается…", "Sandbox starting…")
	}
	t := b.connText
	if t == "" {
		if b.envName() == "sandbox" || b.envName() == "" {
			t = i18n.T("Песочница работает на этом компьютере", "Sandbox running on this computer")
		} else {
			t = i18n.T("Соединение ещё не проверялось", "Connection not checked yet")
		}
	}
	if !b.lastAt.IsZero() {
		t += " · " + i18n.T("обмен в ", "exchange at ") + b.lastAt.Format("15:04")
	}
	return t
}

// event updates the connection state from the workflow's events.
func (b *statusBar) event(e workflow.Event) {
	switch e.Stage {
	case workflow.StageSent, workflow.StageStatus, workflow.StageReserve, workflow.StageUpload:
		b.connText = i18n.T("Связь есть", "Connected")
		b.lastAt = b.a.now()
	case workflow.StageRetry:
		b.connText = i18n.T("Нет связи, повтор…", "No connection, retrying…")
	case workflow.StageFailed:
		if isRemote(e.Err) {
			b.connText = i18n.T("Ошибка связи", "Connection error")
		}
	default:
		return
	}
	if b.conn != nil {
		b.conn.SetText(b.connectionText())
	}
}

func isRemote(err error) bool {
	var re *workflow.RemoteError
	return err != nil && asErr(err, &re)
}

// validityColour is red for an expired certificate, amber within 30 days,
// nil otherwise (the normal text colour).
func validityColour(notAfter, now time.Time) color.Color {
	switch {
	case !now.Before(notAfter):
		return colourExpired
	case notAfter.Sub(now) <= 30*24*time.Hour:
		return colourSoon
	}
	return nil
}

// envNameOr is the environment name with "" meaning the sandbox.
func (b *statusBar) envNameOr(name string) string {
	if name == "" {
		return "sandbox"
	}
	return name
}
