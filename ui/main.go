// Package ui holds the Fyne screens of gosdesk. It is thin: every decision
// is made in core/…, and ui only shows it. It never imports fyne.io/fyne/v2/app,
// so it is tested with Fyne's test driver, without X or cgo.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/assets"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// Title is the main window's title.
const Title = "gosdesk"

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// Environment describes where the app sends applications, as main found it.
type Environment struct {
	Name        string // "sandbox", "test", "prod" or a URL
	URL         string // base URL of the services
	Sandbox     bool   // the embedded sandbox of ЕСИА/ЕПГУ
	CertSubject string // the test certificate's subject (sandbox)
	Thumbprint  string
	APIKey      string // masked
	Err         error  // the environment could not be started
}

// NewMainWindow builds the main window. For now it shows the environment
// the app works against; the screens arrive with the GUI issue.
func NewMainWindow(a fyne.App, env Environment) fyne.Window {
	w := a.NewWindow(Title)
	w.SetIcon(Icon)
	title := widget.NewLabelWithStyle(
		i18n.T("gosdesk — заявления в ЕПГУ и единый налоговый счёт", "gosdesk — Gosuslugi applications and the unified tax account"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	items := []fyne.CanvasObject{title}
	if env.Err != nil {
		items = append(items, widget.NewLabel(i18n.T("Не удалось запустить окружение: ", "Cannot start the environment: ")+i18n.Message(env.Err)))
	} else {
		form := widget.NewForm()
		envName := env.Name
		if env.Sandbox {
			envName = i18n.T("песочница (встроенный эмулятор ЕСИА, ЕПГУ и ЕНС)", "sandbox (embedded ESIA, EPGU and ENS emulator)")
		}
		form.Append(i18n.T("Окружение", "Environment"), widget.NewLabel(envName))
		form.Append(i18n.T("Адрес", "Address"), widget.NewLabel(env.URL))
		if env.CertSubject != "" {
			subj := widget.NewLabel(env.CertSubject)
			subj.Wrapping = fyne.TextWrapWord
			form.Append(i18n.T("Тестовый сертификат", "Test certificate"), subj)
			form.Append(i18n.T("Отпечаток", "Thumbprint"), widget.NewLabel(env.Thumbprint))
		}
		if env.APIKey != "" {
			form.Append(i18n.T("API-ключ", "API key"), widget.NewLabel(env.APIKey))
		}
		items = append(items, form)
	}
	items = append(items, widget.NewLabel(i18n.T(
		"Подпись, проверка подписи и обмен с ЕПГУ работают в командной строке: gosctl --help.\nЭкраны подачи заявлений появятся в следующих версиях.",
		"Signing, verification and the EPGU exchange work from the command line: gosctl --help.\nThe application screens arrive in later versions.")))
	w.SetContent(container.NewPadded(container.NewVBox(items...)))
	w.Resize(fyne.NewSize(720, 420))
	return w
}
