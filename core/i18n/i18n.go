// Package i18n selects the language of user-facing text. gosdesk speaks
// Russian by default; English is available (`--lang en`, GOSDESK_LANG=en).
//
// Messages are written inline as pairs, T("по-русски", "in English"), so the
// two texts stay next to each other and next to the code that uses them.
package i18n

import (
	"os"
	"strings"
	"sync/atomic"
)

// Lang is a supported language.
type Lang string

const (
	RU Lang = "ru" // default
	EN Lang = "en"
)

var current atomic.Value // Lang

func init() { current.Store(FromEnv()) }

// FromEnv reads GOSDESK_LANG ("ru" or "en"); anything else means Russian.
func FromEnv() Lang {
	if l, ok := Parse(os.Getenv("GOSDESK_LANG")); ok {
		return l
	}
	return RU
}

// Parse accepts "ru", "en" and locale forms such as "en_US.UTF-8".
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "ru"):
		return RU, true
	case strings.HasPrefix(s, "en"):
		return EN, true
	}
	return "", false
}

// Set changes the language for the whole process.
func Set(l Lang) { current.Store(l) }

// Current returns the language in force.
func Current() Lang { return current.Load().(Lang) }

// T returns ru or en according to the current language.
func T(ru, en string) string {
	if Current() == EN {
		return en
	}
	return ru
}

// Text is a message in both languages; errors that reach users carry one.
type Text struct{ RU, EN string }

// String returns the text in the current language.
func (t Text) String() string { return T(t.RU, t.EN) }

// In returns the text in the given language.
func (t Text) In(l Lang) string {
	if l == EN {
		return t.EN
	}
	return t.RU
}

// Localized is implemented by errors that can explain themselves in both
// languages. Use Message to print any error for a user.
type Localized interface {
	error
	Localize(Lang) string
}

// English is implemented by errors whose Error() text is Russian and that
// can also say it in English (core/pki, core/cms, core/keystore errors).
type English interface {
	error
	English() string
}

// Message returns err's text in the current language when err (or an error
// it wraps) is Localized or English, and err.Error() otherwise.
func Message(err error) string { return MessageIn(Current(), err) }

// Compose builds the text of a coded error in language l: "text: detail:
// cause", leaving out what is empty; the cause is said in l too when it
// can (MessageIn). Packages with bilingual error tables (core/pki,
// core/cms, core/keystore) format their errors with it.
func Compose(l Lang, text, detail string, cause error) string {
	if detail != "" {
		text += ": " + detail
	}
	if cause != nil {
		text += ": " + MessageIn(l, cause)
	}
	return text
}

// MessageIn is Message in a given language.
func MessageIn(lang Lang, err error) string {
	if err == nil {
		return ""
	}
	for e := err; e != nil; {
		if l, ok := e.(Localized); ok {
			return l.Localize(lang)
		}
		if en, ok := e.(English); ok {
			if lang == EN {
				return en.English()
			}
			return en.Error()
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return err.Error()
}

// Error is a ready-made Localized error.
type Error struct {
	Text
	Err error // optional cause, shown after the text
}

// Errorf-like constructor: New(ru, en).
func New(ru, en string) *Error { return &Error{Text: Text{RU: ru, EN: en}} }

// Wrap attaches a cause to a bilingual message.
func Wrap(err error, ru, en string) *Error {
	return &Error{Text: Text{RU: ru, EN: en}, Err: err}
}

func (e *Error) Error() string { return e.Localize(EN) }

func (e *Error) Localize(l Lang) string {
	s := e.Text.In(l)
	if e.Err != nil {
		s += ": " + Message(e.Err)
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }
