package ui

import (
	"io"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// settings is the Настройки screen.
type settings struct {
	a       *App
	env     *widget.Select
	url     *widget.Entry
	system  *widget.Entry
	profile *widget.Entry
	apiKey  *widget.Label
	status  *widget.Label
	// the route to API ЕПГУ (issue 14): channel, tunnel address, roots
	transport *widget.Select
	tunnelURL *widget.Entry
	trustDir  *widget.Entry
}

func newSettings(a *App) *settings { return &settings{a: a} }

var envCodes = []string{"sandbox", "test", "prod", "custom"}

func envLabel(code string) string {
	switch code {
	case "sandbox":
		return i18n.T("Песочница (на этом компьютере)", "Sandbox (on this computer)")
	case "test":
		return i18n.T("Тестовый контур ЕПГУ (SVCDEV)", "EPGU test contour (SVCDEV)")
	case "prod":
		return i18n.T("Продуктивный ЕПГУ (настоящие заявления)", "Production EPGU (real applications)")
	}
	return i18n.T("Свой адрес", "Custom address")
}

var transportCodes = []string{config.TransportPlain, config.TransportTunnel, config.TransportGOSTTLS}

func transportLabel(code string) string {
	switch code {
	case config.TransportTunnel:
		return i18n.T("Туннель ГОСТ TLS КриптоПро (сертифицированный СКЗИ)", "CryptoPro GOST TLS tunnel (certified crypto provider)")
	case config.TransportGOSTTLS:
		return i18n.T("Встроенный ГОСТ TLS (не сертифицированный СКЗИ)", "Built-in GOST TLS (not a certified crypto provider)")
	}
	return i18n.T("Напрямую (песочница)", "Direct (sandbox)")
}

func transportCodeOf(label string) string {
	for _, c := range transportCodes {
		if transportLabel(c) == label {
			return c
		}
	}
	return ""
}

func (s *settings) build() fyne.CanvasObject {
	cur := s.a.be.Settings()
	var labels []string
	for _, c := range envCodes {
		labels = append(labels, envLabel(c))
	}
	s.url = widget.NewEntry()
	s.url.SetPlaceHolder("https://…")
	s.env = widget.NewSelect(labels, func(l string) {
		if envCodeOf(l) == "custom" {
			s.url.Enable()
		} else {
			s.url.Disable()
		}
	})
	code := cur.Env
	if code == "" {
		code = "sandbox"
	}
	if strings.Contains(code, "://") {
		s.url.SetText(code)
		code = "custom"
	}
	s.env.SetSelected(envLabel(code))
	s.system = widget.NewEntry()
	s.system.SetText(cur.System)
	s.system.SetPlaceHolder(i18n.T("мнемоника ИС в ЕСИА, например GOSDESK01", "ESIA system mnemonic, e.g. GOSDESK01"))

	s.apiKey = widget.NewLabel("")
	s.refreshAPIKey()
	importKey := widget.NewButtonWithIcon(i18n.T("Загрузить API-ключ из CSV…", "Import the API key from CSV…"), theme.UploadIcon(), s.importAPIKey)

	s.profile = widget.NewEntry()
	s.profile.SetText(cur.ENSProfile)
	s.profile.SetPlaceHolder(i18n.T("файл профиля протокола ЕНС (JSON)", "ENS protocol profile file (JSON)"))

	var tlabels []string
	for _, c := range transportCodes {
		tlabels = append(tlabels, transportLabel(c))
	}
	s.tunnelURL = widget.NewEntry()
	s.tunnelURL.SetText(cur.EPGUURL)
	s.tunnelURL.SetPlaceHolder(i18n.T("адрес туннеля, например http://127.0.0.1:1443", "tunnel address, e.g. http://127.0.0.1:1443"))
	s.trustDir = widget.NewEntry()
	s.trustDir.SetText(cur.TrustDir)
	s.trustDir.SetPlaceHolder(i18n.T("папка с корневым сертификатом Минцифры", "folder with the root certificate of the Ministry of Digital Development"))
	s.transport = widget.NewSelect(tlabels, func(l string) {
		if transportCodeOf(l) == config.TransportTunnel {
			s.tunnelURL.Enable()
		} else {
			s.tunnelURL.Disable()
		}
	})
	tcode := cur.Transport
	if tcode == "" {
		tcode = config.TransportPlain
	}
	s.transport.SetSelected(transportLabel(tcode))

	lang := widget.NewSelect([]string{"Русский", "English"}, nil)
	if i18n.Current() == i18n.EN {
		lang.SetSelected("English")
	} else {
		lang.SetSelected("Русский")
	}
	lang.OnChanged = func(v string) {
		if v == "English" {
			s.a.setLanguage(i18n.EN)
		} else {
			s.a.setLanguage(i18n.RU)
		}
	}
	data := s.a.be.DataDir()
	logs := LogDir(data)
	openBtn := func(dir string) fyne.CanvasObject {
		l := widget.NewLabel(dir)
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon(i18n.T("Открыть папку", "Open folder"), theme.FolderOpenIcon(), func() {
			u := storage.NewFileURI(dir)
			pu, err := url.Parse(u.String())
			if err == nil {
				err = s.a.fa.OpenURL(pu)
			}
			if err != nil {
				showError(s.a.win, err)
			}
		}), l)
	}
	save := widget.NewButtonWithIcon(i18n.T("Сохранить настройки", "Save settings"), theme.DocumentSaveIcon(), func() {
		s.save()
	})
	save.Importance = widget.HighImportance
	forget := widget.NewButtonWithIcon(i18n.T("Забыть запомненные ПИН-коды", "Forget remembered PINs"), theme.DeleteIcon(), s.a.certs.forgetPINs)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("Окружение", "Environment"), s.env),
		widget.NewFormItem(i18n.T("Адрес", "Address"), s.url),
		widget.NewFormItem(i18n.T("Мнемоника ИС (ЕСИА)", "System mnemonic (ESIA)"), s.system),
		widget.NewFormItem(i18n.T("API-ключ", "API key"), container.NewBorder(nil, nil, nil, importKey, s.apiKey)),
		widget.NewFormItem(i18n.T("Канал к API ЕПГУ", "Channel to the EPGU API"), s.transport),
		widget.NewFormItem(i18n.T("Адрес туннеля", "Tunnel address"), s.tunnelURL),
		widget.NewFormItem(i18n.T("Корневые сертификаты", "Root certificates"), s.trustDir),
		widget.NewFormItem(i18n.T("Профиль ЕНС", "ENS profile"), s.profile),
		widget.NewFormItem(i18n.T("Язык", "Language"), lang),
		widget.NewFormItem(i18n.T("Папка данных", "Data folder"), openBtn(data)),
		widget.NewFormItem(i18n.T("Папка журналов", "Log folder"), openBtn(logs)),
		widget.NewFormItem(i18n.T("ПИН-коды", "PINs"), container.NewHBox(forget)),
	)
	hint := widget.NewLabel(i18n.T("Песочница работает без настройки и без интернета. Для тестового контура и продуктивного ЕПГУ нужны мнемоника ИС, API-ключ из личного кабинета партнёра, сертификат организации и канал ГОСТ TLS: туннель КриптоПро (gosctl tunnel config готовит его настройку) или встроенный ГОСТ TLS.",
		"The sandbox works without setup and offline. The test contour and production need the system mnemonic, the API key of the partners portal, the organisation's certificate and a GOST TLS channel: the CryptoPro tunnel (gosctl tunnel config writes its configuration) or the built-in GOST TLS."))
	hint.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(screenTitle(screenSettings), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, nil, nil, nil, container.NewVScroll(container.NewVBox(hint, form, container.NewHBox(save), s.status)))
}

func envCodeOf(label string) string {
	for _, c := range envCodes {
		if envLabel(c) == label {
			return c
		}
	}
	return "sandbox"
}

// chosenEnv is the environment the form says.
func (s *settings) chosenEnv() string {
	code := envCodeOf(s.env.Selected)
	if code == "custom" {
		return strings.TrimSpace(s.url.Text)
	}
	return code
}

// save writes the settings through the core (config.Settings).
func (s *settings) save() {
	st := s.a.be.Settings()
	env := s.chosenEnv()
	if env == "" {
		showError(s.a.win, &userError{
			What: i18n.Text{RU: "Не указан адрес своего окружения.", EN: "The custom address is empty."},
			Do:   i18n.Text{RU: "Введите адрес вида https://host или выберите песочницу, тест или прод.", EN: "Type an address like https://host or choose sandbox, test or production."}})
		return
	}
	if env == "sandbox" {
		env = ""
	}
	st.Env = env
	st.System = strings.TrimSpace(s.system.Text)
	st.ENSProfile = strings.TrimSpace(s.profile.Text)
	st.Transport = transportCodeOf(s.transport.Selected)
	if st.Transport == config.TransportPlain {
		st.Transport = ""
	}
	st.EPGUURL = ""
	if st.Transport == config.TransportTunnel {
		st.EPGUURL = strings.TrimSpace(s.tunnelURL.Text)
	}
	st.TrustDir = strings.TrimSpace(s.trustDir.Text)
	if err := s.a.be.SaveSettings(st); err != nil {
		showError(s.a.win, err)
		return
	}
	s.status.SetText(i18n.T("Настройки сохранены.", "Settings saved."))
	s.a.shell.status.refresh()
	s.refreshAPIKey()
}

func (s *settings) refreshAPIKey() {
	env := s.a.shell.status.envNameOr(s.a.be.Settings().Env)
	acc, masked, err := s.a.be.APIKeyInfo(env)
	switch {
	case env == "sandbox":
		s.apiKey.SetText(i18n.T("песочница: тестовый ключ выдаётся сам", "sandbox: the test key comes by itself"))
	case err != nil || masked == "":
		s.apiKey.SetText(i18n.T("не загружен", "not imported"))
	default:
		s.apiKey.SetText(masked + " (" + acc + ")")
	}
}

// importAPIKey reads the partners-portal CSV and stores the key in the
// keyring (through the core); only the masked key is shown.
func (s *settings) importAPIKey() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		b, err := io.ReadAll(io.LimitReader(r, 1<<20))
		_ = r.Close()
		if err != nil {
			showError(s.a.win, err)
			return
		}
		env := s.chosenEnv()
		acc, masked, err := s.a.be.ImportAPIKey(env, b)
		if err != nil {
			showError(s.a.win, err)
			return
		}
		s.apiKey.SetText(masked + " (" + acc + ")")
		s.status.SetText(i18n.T("API-ключ сохранён в системном хранилище паролей.", "The API key is stored in the system keyring."))
	}, s.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}
