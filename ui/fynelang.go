package ui

import (
	_ "unsafe" // go:linkname

	_ "fyne.io/fyne/v2/lang" // the package whose localizer setFyneLanguage sets

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Fyne's own words (its file dialogs' buttons, an entry's context menu,
// the Quit item of the main menu) come from fyne.io/fyne/v2/lang, which
// picks its language from the system: in its init, and again whenever an
// app adds translations (AddTranslations…), from the locale variables on
// Linux, GetUserDefaultLocaleName on Windows and NSLocale on macOS. Fyne
// 2.7 has no call to choose the language, so setting LANGUAGE in main
// came too late (lang's init had read it already), did nothing on Windows
// or macOS, and is ignored by go-locale under LANG=C or LC_ALL=C.
//
// setupLang (lang.go) is the one place that sets Fyne's localizer; Fyne's
// own tests call it to override the system ("available to unit tests for
// overriding system"). gosdesk calls it too, with its own language, at
// start and on every switch. Should a Fyne upgrade rename it, gosdesk
// stops linking (relocation target not defined); should its meaning
// change, TestFyneWordsFollowLanguage fails.
//
//go:linkname fyneSetupLang fyne.io/fyne/v2/lang.setupLang
func fyneSetupLang(lang string)

// setFyneLanguage makes Fyne speak l: Fyne ships ru and en translations
// (lang/translations/base.ru.json, base.en.json). What Fyne built before
// keeps its words; the window is rebuilt on a switch (App.setLanguage).
func setFyneLanguage(l i18n.Lang) { fyneSetupLang(string(l)) }
