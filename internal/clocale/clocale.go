// Package clocale keeps Fyne quiet about the C locale. Imported (blank)
// by cmd/gosdesk, it is initialised before fyne.io/fyne/v2/lang.
//
// Fyne's lang package reads the locale in its init — before main runs,
// so before `gosdesk --version` can return — through
// github.com/jeandeaual/go-locale, which passes on "C" and "POSIX" as no
// locale but turns "C.UTF-8" (the default of Debian/Ubuntu containers
// and of many minimal systems) into the language tag "C", which Fyne
// fails to parse and logs on stderr:
//
//	Fyne error:  Error parsing user locale C
//	  Cause: language: tag is not well-formed
//
// Fyne has no option to skip it, and main cannot run first. What go-locale
// reads first, though, is LANGUAGE: with the C locale and no LANGUAGE,
// init sets LANGUAGE=en for the time of package initialisation (English
// is what Fyne picks for a plain "C" too) and Restore, the first thing
// main does, takes it back, so child processes see the environment as it
// was. (The language of Fyne's own words is gosdesk's, not the locale's:
// the window sets it, ui/fynelang.go.)
//
// Why this package runs before Fyne's: the Go spec (since Go 1.21)
// initialises packages in import-path order among those whose imports
// are done. This package imports only os and strings, and its path
// (github.com/gosdesk/…) sorts before packages Fyne's lang imports that
// themselves need os and strings (github.com/jeandeaual/go-locale,
// github.com/nicksnyder/go-i18n, golang.org/x/text/…, text/template), so
// it is picked before any of them and so before lang. cmd/gosdesk's
// TestVersionQuietUnderCLocale checks it on the built program.
package clocale

import (
	"os"
	"strings"
)

// set: init set LANGUAGE (Restore unsets it).
var set bool

func init() { set = quiet() }

// quiet sets LANGUAGE=en when the locale is C or POSIX with a codeset or
// modifier ("C.UTF-8", "POSIX@x") and LANGUAGE is empty; true if it did.
func quiet() bool {
	if os.Getenv("LANGUAGE") != "" {
		return false
	}
	loc := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} { // go-locale's order
		if loc = os.Getenv(v); loc != "" {
			break
		}
	}
	name, _, _ := strings.Cut(loc, ".")
	name, _, _ = strings.Cut(name, "@")
	if name == loc || (name != "C" && name != "POSIX") {
		return false // a real locale, or plain C/POSIX (go-locale passes those on quietly)
	}
	return os.Setenv("LANGUAGE", "en") == nil
}

// Restore unsets the LANGUAGE that init set; call it first in main.
func Restore() {
	if set {
		_ = os.Unsetenv("LANGUAGE")
		set = false
	}
}
