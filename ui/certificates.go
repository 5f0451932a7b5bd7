package ui

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
)

// certificates is the Сертификаты screen: every certificate of every key
// source, a details pane with core/pki's warnings, the default choice,
// imports and the remembered PINs.
type certificates struct {
	a        *App
	entries  []*keystore.Entry
	problems []error
	selected int

	list    *widget.List
	details *fyne.Container
	notes   *widget.Label
}

func newCertificates(a *App) *certificates { return &certificates{a: a, selected: -1} }

func (c *certificates) build() fyne.CanvasObject {
	c.list = widget.NewList(
		func() int { return len(c.entries) },
		func() fyne.CanvasObject {
			owner := widget.NewLabelWithStyle("Владелец сертификата", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			owner.Truncation = fyne.TextTruncateEllipsis
			org := widget.NewLabel("Организация")
			org.Truncation = fyne.TextTruncateEllipsis
			valid := canvas.NewText("01.01.2025 – 01.01.2026", theme.Color(theme.ColorNameForeground))
			def := widget.NewIcon(theme.ConfirmIcon())
			return container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(valid), def), container.NewVBox(owner, org))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(c.entries) {
				return
			}
			e := c.entries[id]
			b := o.(*fyne.Container)
			texts := b.Objects[0].(*fyne.Container)
			right := b.Objects[1].(*fyne.Container)
			owner, org := texts.Objects[0].(*widget.Label), texts.Objects[1].(*widget.Label)
			valid := right.Objects[0].(*fyne.Container).Objects[0].(*canvas.Text)
			def := right.Objects[1].(*widget.Icon)
			if e.Certificate == nil {
				owner.SetText(filepath.Base(e.Location))
				org.SetText(i18n.T("сертификат закрыт паролем — откройте, чтобы увидеть", "certificate locked by a password — open it to see"))
				valid.Text = ""
			} else {
				owner.SetText(certOwner(e.Certificate))
				org.SetText(orgLine(e.Certificate) + " · " + sourceName(e))
				valid.Text = validityText(e.Certificate)
				valid.Color = validityColour(e.Certificate.NotAfter, c.a.now())
				if valid.Color == nil {
					valid.Color = theme.Color(theme.ColorNameForeground)
				}
			}
			valid.Refresh()
			if c.a.cert != nil && c.a.cert.ID == e.ID && e.ID != "" {
				def.Show()
			} else {
				def.Hide()
			}
		})
	c.list.OnSelected = func(id widget.ListItemID) { c.selected = id; c.showDetails() }
	c.details = container.NewVBox()
	c.notes = widget.NewLabel("")
	c.notes.Wrapping = fyne.TextWrapWord
	c.showDetails()

	importPFX := widget.NewButtonWithIcon(i18n.T("Добавить PFX…", "Add PFX…"), theme.FileIcon(), c.pickPFX)
	importDir := widget.NewButtonWithIcon(i18n.T("Добавить папку контейнера…", "Add container folder…"), theme.FolderOpenIcon(), c.pickDir)
	forget := widget.NewButtonWithIcon(i18n.T("Забыть запомненные ПИН-коды", "Forget remembered PINs"), theme.DeleteIcon(), c.forgetPINs)
	reload := widget.NewButtonWithIcon(i18n.T("Обновить", "Refresh"), theme.ViewRefreshIcon(), c.reload)
	hint := widget.NewLabel(i18n.T("Файл PFX или папку контейнера (*.000) можно перетащить на окно.", "A PFX file or a container folder (*.000) can be dropped on the window."))
	hint.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(
		widget.NewLabelWithStyle(screenTitle(screenCerts), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(importPFX, importDir, reload, forget))
	left := container.NewBorder(nil, container.NewVBox(hint, c.notes), nil, nil, c.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(c.details)))
	split.Offset = 0.5
	return container.NewBorder(top, nil, nil, nil, split)
}

// reload lists the certificates off the UI goroutine.
func (c *certificates) reload() {
	dirs := c.a.prefList(prefCertDirs)
	if c.a.env.DemoContainer != "" {
		dirs = append(dirs, c.a.env.DemoContainer)
	}
	files := c.a.prefList(prefCertFiles)
	c.a.async(func() {
		entries, problems := c.a.be.Certificates(context.Background(), dirs, files)
		entries = dedupe(entries)
		sort.SliceStable(entries, func(i, j int) bool {
			return entries[i].Certificate != nil && entries[j].Certificate != nil &&
				entries[i].Certificate.NotAfter.After(entries[j].Certificate.NotAfter)
		})
		c.a.ui.Do(func() { c.loaded(entries, problems) })
	})
}

func dedupe(in []*keystore.Entry) []*keystore.Entry {
	seen := map[string]bool{}
	var out []*keystore.Entry
	for _, e := range in {
		k := e.ID + "|" + e.Location
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

func (c *certificates) loaded(entries []*keystore.Entry, problems []error) {
	c.entries, c.problems = entries, problems
	// the remembered default, else the only one, else the demo certificate
	want := c.a.fa.Preferences().String(prefCert)
	if c.a.cert != nil {
		want = c.a.cert.ID
	}
	var pick *keystore.Entry
	for _, e := range entries {
		if e.ID != "" && e.ID == want {
			pick = e
		}
	}
	if pick == nil && len(entries) > 0 && want == "" {
		for _, e := range entries {
			if c.a.env.DemoContainer != "" && strings.HasPrefix(e.Location, c.a.env.DemoContainer) {
				pick = e
			}
		}
		if pick == nil && len(entries) == 1 {
			pick = entries[0]
		}
	}
	if pick != nil && (c.a.cert == nil || c.a.cert.ID != pick.ID) {
		c.a.useCertificate(pick, false)
	}
	if c.list == nil {
		return
	}
	var notes []string
	if len(entries) == 0 {
		notes = append(notes, i18n.T("Сертификатов не найдено. Добавьте файл PFX или папку контейнера КриптоПро кнопками выше.",
			"No certificates found. Add a PFX file or a CryptoPro container folder with the buttons above."))
	}
	for _, p := range problems {
		notes = append(notes, "⚠ "+i18n.Message(p))
	}
	c.notes.SetText(strings.Join(notes, "\n"))
	c.list.Refresh()
	if c.a.shell != nil && c.a.shell.current != screenCerts {
		// hidden (the start, a new environment): the details pane is
		// built when the screen is shown (shell.show reloads it)
		return
	}
	if c.selected < 0 || c.selected >= len(entries) {
		for i, e := range entries {
			if c.a.cert != nil && e.ID == c.a.cert.ID {
				c.list.Select(i)
			}
		}
	}
	c.showDetails()
}

// showDetails fills the details pane of the selected certificate.
func (c *certificates) showDetails() {
	if c.details == nil {
		return
	}
	if c.selected < 0 || c.selected >= len(c.entries) {
		l := widget.NewLabel(i18n.T("Выберите сертификат в списке слева.", "Choose a certificate in the list on the left."))
		c.details.Objects = []fyne.CanvasObject{l}
		c.details.Refresh()
		return
	}
	e := c.entries[c.selected]
	form := widget.NewForm()
	add := func(k, v string) {
		if v == "" {
			return
		}
		l := widget.NewLabel(v)
		l.Truncation = fyne.TextTruncateEllipsis
		form.Append(k, l)
	}
	var warnings []fyne.CanvasObject
	if cert := e.Certificate; cert != nil {
		s := cert.Subject
		add(i18n.T("Владелец", "Owner"), certOwner(cert))
		add(i18n.T("Должность", "Title"), s.Title)
		add(i18n.T("Организация", "Organisation"), s.Organization)
		add(i18n.T("ИНН ЮЛ", "INN (org.)"), s.INNLE)
		add(i18n.T("ИНН", "INN"), s.INN)
		add(i18n.T("СНИЛС", "SNILS"), s.SNILS)
		add(i18n.T("ОГРН", "OGRN"), s.OGRN)
		add(i18n.T("ОГРНИП", "OGRNIP"), s.OGRNIP)
		add(i18n.T("Издатель", "Issuer"), firstNonEmpty(cert.Issuer.CommonName, cert.Issuer.Organization))
		valid := canvas.NewText(validityText(cert), theme.Color(theme.ColorNameForeground))
		if col := validityColour(cert.NotAfter, c.a.now()); col != nil {
			valid.Color = col
			valid.TextStyle.Bold = true
		}
		form.Append(i18n.T("Действует", "Valid"), valid)
		add(i18n.T("Серийный номер", "Serial number"), cert.SerialHex())
		for _, w := range cert.Warnings(c.a.now()) {
			text := w.Russian()
			if i18n.Current() == i18n.EN {
				text = w.English()
			}
			l := widget.NewLabel("⚠ " + text)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			warnings = append(warnings, l)
		}
	}
	add(i18n.T("Отпечаток", "Thumbprint"), e.ID)
	add(i18n.T("Источник", "Source"), sourceName(e))
	add(i18n.T("Расположение", "Location"), e.Location)
	if e.NeedsPIN {
		add(i18n.T("Защита", "Protection"), i18n.T("ключ закрыт ПИН-кодом", "the key is protected by a PIN"))
	}
	use := widget.NewButtonWithIcon(i18n.T("Использовать по умолчанию", "Use by default"), theme.ConfirmIcon(), func() {
		c.a.useCertificate(e, true)
		c.a.trace("certificate default %s", e.ID)
		c.list.Refresh()
		c.showDetails()
	})
	use.Importance = widget.HighImportance
	if c.a.cert != nil && c.a.cert.ID == e.ID && c.a.fa.Preferences().String(prefCert) == e.ID {
		use.SetText(i18n.T("Используется по умолчанию", "Used by default"))
		use.Disable()
	}
	if e.Certificate == nil || !e.HasPrivateKey && e.Source != keystore.SourcePFX || !c.a.now().Before(e.Certificate.NotAfter) {
		use.Disable() // an expired certificate cannot sign
	}
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle(i18n.T("Сведения о сертификате", "Certificate details"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), container.NewHBox(use)}
	objs = append(objs, warnings...)
	objs = append(objs, form)
	c.details.Objects = objs
	c.details.Refresh()
}

// importPaths adds dropped or picked PFX files and container folders.
func (c *certificates) importPaths(paths []string) {
	var bad []string
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			bad = append(bad, filepath.Base(p))
		case st.IsDir():
			c.a.addPref(prefCertDirs, p)
		case isKeyFile(p):
			c.a.addPref(prefCertFiles, p)
		default:
			bad = append(bad, filepath.Base(p))
		}
	}
	if len(bad) > 0 {
		showError(c.a.win, &userError{
			What: i18n.Text{RU: "Не удалось добавить: " + strings.Join(bad, ", ") + ".", EN: "Could not add: " + strings.Join(bad, ", ") + "."},
			Do: i18n.Text{RU: "Перетащите файл PFX (.pfx, .p12), ключ PEM или папку контейнера КриптоПро (например, abcdefgh.000).",
				EN: "Drop a PFX file (.pfx, .p12), a PEM key or a CryptoPro container folder (e.g. abcdefgh.000)."},
		})
	}
	c.reload()
}

func isKeyFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".pfx", ".p12", ".pem", ".key":
		return true
	}
	return false
}

func (c *certificates) pickPFX() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close()
		c.importPaths([]string{r.URI().Path()})
	}, c.a.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func (c *certificates) pickDir() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		c.importPaths([]string{u.Path()})
	}, c.a.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// forgetPINs asks, then removes every remembered PIN (never the default
// button: it is destructive).
func (c *certificates) forgetPINs() {
	d := dialog.NewCustomConfirm(i18n.T("Забыть ПИН-коды?", "Forget PINs?"),
		i18n.T("Забыть", "Forget"), i18n.T("Отмена", "Cancel"),
		widget.NewLabel(i18n.T("Запомненные в системном хранилище ПИН-коды всех сертификатов будут удалены.\nПри следующей подписи программа спросит ПИН-код снова.",
			"The PINs remembered in the system keyring for every certificate will be removed.\nThe next signature will ask for the PIN again.")),
		func(ok bool) {
			if !ok {
				return
			}
			entries := c.entries
			c.a.async(func() {
				err := c.a.be.ForgetPINs(entries)
				c.a.ui.Do(func() {
					if err != nil {
						showError(c.a.win, &userError{
							What: i18n.Text{RU: "Не удалось очистить системное хранилище ПИН-кодов.", EN: "Could not clear the system PIN keyring."},
							Do:   i18n.Text{RU: "Проверьте, что хранилище паролей (GNOME Keyring, KWallet, диспетчер учётных данных Windows) запущено, и повторите.", EN: "Check that the password keyring (GNOME Keyring, KWallet, Windows Credential Manager) is running and try again."},
							Err:  err})
						return
					}
					dialog.ShowInformation(i18n.T("Готово", "Done"), i18n.T("Запомненные ПИН-коды удалены.", "Remembered PINs removed."), c.a.win)
				})
			})
		}, c.a.win)
	c.a.keyed(d, d.Dismiss, d.Dismiss, nil) // destructive: Enter does not confirm
	d.Show()
}

// certOwner is the person (or the CN) of a certificate.
func certOwner(c *pki.Certificate) string {
	if c == nil {
		return ""
	}
	if n := c.Subject.PersonName(); n != "" {
		return n
	}
	return c.Subject.CommonName
}

// orgLine is the organisation with its identifiers.
func orgLine(c *pki.Certificate) string {
	s := c.Subject
	var parts []string
	if s.Organization != "" {
		parts = append(parts, s.Organization)
	}
	switch {
	case s.INNLE != "":
		parts = append(parts, i18n.T("ИНН ", "INN ")+s.INNLE)
	case s.INN != "":
		parts = append(parts, i18n.T("ИНН ", "INN ")+s.INN)
	}
	if s.OGRN != "" {
		parts = append(parts, i18n.T("ОГРН ", "OGRN ")+s.OGRN)
	}
	if s.SNILS != "" && s.Organization == "" {
		parts = append(parts, i18n.T("СНИЛС ", "SNILS ")+s.SNILS)
	}
	return strings.Join(parts, ", ")
}

func validityText(c *pki.Certificate) string {
	return c.NotBefore.Format("02.01.2006") + " – " + c.NotAfter.Format("02.01.2006")
}

// sourceName says where a certificate lives.
func sourceName(e *keystore.Entry) string {
	switch e.Source {
	case keystore.SourceContainer:
		return i18n.T("контейнер КриптоПро", "CryptoPro container")
	case keystore.SourcePFX:
		return i18n.T("файл PFX", "PFX file")
	case keystore.SourcePEM:
		return i18n.T("файл PEM", "PEM file")
	case keystore.SourceCSP:
		return i18n.T("КриптоПро CSP", "CryptoPro CSP")
	case keystore.SourceWindows:
		return i18n.T("хранилище Windows", "Windows store")
	}
	return string(e.Source)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
