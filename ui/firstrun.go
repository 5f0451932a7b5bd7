package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// maybeFirstRun shows the first-run dialog once: what the sandbox is, the
// PIN of the test certificate, how to switch to the test or production
// environment.
func (a *App) maybeFirstRun() {
	if !a.env.FirstRun || a.firstRunShown || a.fa.Preferences().Bool(prefFirstRunOK) {
		return
	}
	if a.env.Sandbox && a.env.DemoPIN == "" && a.env.Err == nil {
		return // the sandbox is still starting: SetEnvironment shows it
	}
	a.firstRunShown = true
	a.showFirstRun()
}

func (a *App) firstRunText() string {
	pin := a.env.DemoPIN
	if pin == "" {
		pin = i18n.T("(не требуется)", "(none)")
	}
	return i18n.T(`**Добро пожаловать в gosdesk!**

Сейчас программа работает в **песочнице** — это встроенный эмулятор ЕСИА, ЕПГУ и ЕНС на вашем компьютере. Заявления никуда не уходят, интернет не нужен: можно спокойно попробовать всё.

Для песочницы создан **тестовый сертификат** в контейнере КриптоПро в папке данных программы. Его **ПИН-код: `+"`"+pin+"`"+`**. Программа спросит его при первой подписи; его можно запомнить в системном хранилище паролей.

Чтобы работать с настоящим ЕПГУ, откройте **Настройки** (Alt+7): выберите «Тестовый контур» или «Продуктивный ЕПГУ», укажите мнемонику ИС, загрузите API-ключ из личного кабинета партнёра и выберите сертификат организации в разделе **Сертификаты**. Окружение всегда видно в строке состояния внизу: ПЕСОЧНИЦА — серым, ТЕСТ — жёлтым, ПРОД — красным.

Справка и клавиши — F1.`,
		`**Welcome to gosdesk!**

The program now runs on the **sandbox** — an embedded emulator of ESIA, EPGU and ENS on your computer. Nothing is sent anywhere and no internet is needed: try everything freely.

A **test certificate** was created for the sandbox in a CryptoPro container in the program's data folder. Its **PIN: `+"`"+pin+"`"+`**. The first signature asks for it; it can be remembered in the system keyring.

To work with the real EPGU open **Settings** (Alt+7): choose the test contour or production, give the system mnemonic, import the API key from the partners portal and pick the organisation's certificate under **Certificates**. The environment is always shown in the status bar: SANDBOX grey, TEST amber, PRODUCTION red.

Help and keys — F1.`)
}

func (a *App) showFirstRun() {
	md := widget.NewRichTextFromMarkdown(a.firstRunText())
	md.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(i18n.T("Первый запуск: песочница", "First start: the sandbox"), i18n.T("Начать работу", "Start"), container.NewVScroll(md), a.win)
	a.keyed(d, d.Hide, d.Hide, func() { a.fa.Preferences().SetBool(prefFirstRunOK, true); a.trace("firstrun closed") })
	a.trace("firstrun shown")
	d.Resize(fyne.NewSize(680, 460))
	d.Show()
}

// SetEnvironment tells the window what main found once the in-process
// sandbox is up (main starts it while the window opens, so the window does
// not wait for it): the status bar, the certificates (the demo container)
// and, on a first start, the first-run dialog follow. Call on the UI
// goroutine (fyne.Do).
func (a *App) SetEnvironment(env Environment) {
	first := env.FirstRun || a.env.FirstRun
	a.env = env
	a.env.FirstRun = first
	a.shell.status.refresh()
	a.certs.reload()
	if a.shown {
		a.maybeFirstRun()
		a.orders.startTracking(false) // the sandbox is up now (orders_actions.go)
	}
}
