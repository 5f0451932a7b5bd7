package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/version"
)

// Screens in navigation order (Alt+1 … Alt+7).
const (
	screenNewApp = iota
	screenOrders
	screenBatch
	screenGoskey
	screenENS
	screenCerts
	screenSettings
	screenCount
)

// shell is the frame around the screens: the navigation list on the
// leading side, the status bar at the bottom, the menu with the shortcuts.
type shell struct {
	a       *App
	nav     *widget.List
	stack   *fyne.Container
	status  *statusBar
	current int
	screens [screenCount]fyne.CanvasObject
	// added: the screen is in the stack. A screen joins the stack when it is
	// first shown or, for the hidden ones, after the window's first frames
	// (attachRest): a hidden screen in the stack is still laid out, and
	// laying out all seven before the first frame was most of the cold start
	// that is ours (Fyne measuring wrapped text).
	added [screenCount]bool
}

func newShell(a *App) *shell {
	s := &shell{a: a, current: -1}
	s.status = newStatusBar(a)
	return s
}

func screenTitle(i int) string {
	switch i {
	case screenNewApp:
		return i18n.T("Новое заявление", "New application")
	case screenOrders:
		return i18n.T("Заявления", "Applications")
	case screenBatch:
		return i18n.T("Пакет (гостиницы)", "Batch (hotels)")
	case screenGoskey:
		return i18n.T("Госключ", "Goskey")
	case screenENS:
		return i18n.T("ЕНС", "ENS")
	case screenCerts:
		return i18n.T("Сертификаты", "Certificates")
	case screenSettings:
		return i18n.T("Настройки", "Settings")
	}
	return ""
}

func screenIcon(i int) fyne.Resource {
	switch i {
	case screenNewApp:
		return theme.DocumentCreateIcon()
	case screenOrders:
		return theme.ListIcon()
	case screenBatch:
		return theme.StorageIcon()
	case screenGoskey:
		return theme.ConfirmIcon()
	case screenENS:
		return theme.AccountIcon()
	case screenCerts:
		return theme.LoginIcon()
	case screenSettings:
		return theme.SettingsIcon()
	}
	return nil
}

// build makes the window content (again after a language switch).
func (s *shell) build() fyne.CanvasObject {
	a := s.a
	s.screens = [screenCount]fyne.CanvasObject{
		screenNewApp:   a.newApp.build(),
		screenOrders:   a.orders.build(),
		screenBatch:    a.batch.build(),
		screenGoskey:   a.goskey.build(),
		screenENS:      a.ens.build(),
		screenCerts:    a.certs.build(),
		screenSettings: a.settings.build(),
	}
	s.stack = container.NewStack()
	s.added = [screenCount]bool{}
	s.nav = widget.NewList(
		func() int { return screenCount },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.DocumentIcon()), widget.NewLabel("Пакет (гостиницы) 00"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(screenIcon(id))
			box.Objects[1].(*widget.Label).SetText(s.navLabel(id))
		})
	s.nav.OnSelected = func(id widget.ListItemID) { s.show(id) }
	cur := s.current
	if cur < 0 {
		cur = a.fa.Preferences().IntWithFallback(prefScreen, screenNewApp)
	}
	if cur < 0 || cur >= screenCount {
		cur = screenNewApp
	}
	s.current = -1
	s.show(cur)
	split := container.NewHSplit(s.nav, s.stack)
	split.Offset = 0.17
	return container.NewBorder(nil, s.status.build(), nil, nil, split)
}

func (s *shell) navLabel(id int) string {
	t := screenTitle(id)
	if id == screenOrders {
		if n := s.a.orders.count(); n > 0 {
			t += " (" + itoa(n) + ")"
		}
	}
	return t
}

// show switches to a screen and remembers it.
func (s *shell) show(i int) {
	if i < 0 || i >= screenCount || i == s.current {
		return
	}
	s.current = i
	s.attach(i)
	for j, o := range s.screens {
		if o == nil {
			continue
		}
		if j == i {
			o.Show()
		} else {
			o.Hide()
		}
	}
	if s.nav != nil {
		s.nav.Select(i)
	}
	s.a.fa.Preferences().SetInt(prefScreen, i)
	s.a.trace("screen %d", i)
	if i == screenCerts {
		s.a.certs.reload()
	}
	if i == screenOrders {
		s.a.orders.shown() // the badge: a selected new result is looked at now
	}
}

// attach puts screen i into the stack if it is not there yet.
func (s *shell) attach(i int) {
	if i < 0 || i >= screenCount || s.added[i] || s.screens[i] == nil || s.stack == nil {
		return
	}
	s.added[i] = true
	if i != s.current {
		s.screens[i].Hide()
	}
	s.stack.Add(s.screens[i])
}

// attachRest puts the hidden screens into the stack one by one after the
// first frames, so that switching to them later is instant; run it off the
// UI goroutine (it waits).
func (s *shell) attachRest(wait, step time.Duration) {
	time.Sleep(wait)
	for i := 0; i < screenCount; i++ {
		i := i
		s.a.ui.DoAndWait(func() { s.attach(i) })
		time.Sleep(step)
	}
}

// menu is the main menu; its shortcuts work even while a text field has
// the focus (Fyne tries main-menu shortcuts first).
func (s *shell) menu() *fyne.MainMenu {
	a := s.a
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, sc fyne.Shortcut, f func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = sc
		return m
	}
	app := fyne.NewMenu(i18n.T("Заявление", "Application"),
		item(i18n.T("Сохранить черновик", "Save draft"), &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}, func() { a.newApp.saveDraft(true) }),
		item(i18n.T("Подписать и отправить", "Sign and send"), &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.signAndSend() }),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("Вставить шаблон услуги", "Insert the service template"), &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.insertTemplate() }),
		item(i18n.T("Форматировать XML", "Format XML"), &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl | fyne.KeyModifierShift}, func() { a.newApp.format() }),
		item(i18n.T("Найти", "Find"), &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.showFind() }),
		item(i18n.T("Добавить вложения…", "Add attachments…"), &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.pickAttachments() }),
		item(i18n.T("Выбрать услугу", "Choose the service"), &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.focusSearch() }),
		item(i18n.T("Следующий документ", "Next document"), &desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: ctrl}, func() { s.show(screenNewApp); a.newApp.nextDoc() }),
	)
	var goItems []*fyne.MenuItem
	for i := 0; i < screenCount; i++ {
		i := i
		goItems = append(goItems, item(screenTitle(i), &desktop.CustomShortcut{KeyName: fyne.KeyName(itoa(i + 1)), Modifier: fyne.KeyModifierAlt}, func() { s.show(i) }))
	}
	help := fyne.NewMenu(i18n.T("Справка", "Help"),
		fyne.NewMenuItem(i18n.T("Помощь (F1)", "Help (F1)"), s.help),
		fyne.NewMenuItem(i18n.T("О программе", "About"), s.about))
	a.win.Canvas().SetOnTypedKey(a.typedKey)
	return fyne.NewMainMenu(app, a.actionsMenu(), a.ordersMenu(), fyne.NewMenu(i18n.T("Переход", "Go"), goItems...), help)
}

// help shows the keyboard and the five steps (F1).
func (s *shell) help() {
	text := i18n.T(`**Первое заявление за пять шагов**

1. Сертификаты: выберите сертификат и нажмите «Использовать по умолчанию».
2. Новое заявление: найдите услугу по названию или коду (Ctrl+L).
3. «Вставить шаблон» (Ctrl+T) и заполните поля — ошибки схемы видны сразу под редактором.
4. Перетащите сканы на окно или нажмите «Добавить файлы» (Ctrl+O).
5. «Подписать и отправить» (Ctrl+Enter): проверьте список файлов и подтвердите.

**Клавиши**

Ctrl+S — сохранить черновик · Ctrl+Enter — подписать и отправить · Ctrl+F — найти · Ctrl+Shift+F — форматировать XML · Ctrl+Z / Ctrl+Y — отменить / вернуть · Shift+F10 или клавиша меню — контекстное меню редактора · Alt+1…7 — разделы · F1 — эта справка`,
		`**First application in five steps**

1. Certificates: pick a certificate and press "Use by default".
2. New application: find the service by name or code (Ctrl+L).
3. "Insert template" (Ctrl+T) and fill in the fields — schema errors show at once under the editor.
4. Drop the scans on the window or press "Add files" (Ctrl+O).
5. "Sign and send" (Ctrl+Enter): check the list of files and confirm.

**Keys**

Ctrl+S — save draft · Ctrl+Enter — sign and send · Ctrl+F — find · Ctrl+Shift+F — format XML · Ctrl+Z / Ctrl+Y — undo / redo · Shift+F10 or the Menu key — the editor's context menu · Alt+1…7 — sections · F1 — this help`)
	md := widget.NewRichTextFromMarkdown(text)
	md.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(i18n.T("Справка", "Help"), i18n.T("Закрыть", "Close"), container.NewVScroll(md), s.a.win)
	s.a.keyed(d, d.Hide, d.Hide, nil)
	d.Resize(fyne.NewSize(640, 460))
	d.Show()
}

func (s *shell) about() {
	v := version.Get()
	msg := widget.NewLabel("gosdesk " + version.String() + "\n" +
		i18n.T("Заявления в ЕПГУ и единый налоговый счёт с квалифицированной подписью ГОСТ.",
			"Gosuslugi applications and the unified tax account, signed with a GOST qualified certificate.") +
		"\n" + v.Website)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(i18n.T("О программе", "About"), i18n.T("Закрыть", "Close"), msg, s.a.win)
	s.a.keyed(d, d.Hide, d.Hide, nil)
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
