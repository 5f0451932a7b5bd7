package workflow

import (
	"errors"
	"fmt"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// ENSErrorText is the text of an ENS error in language l: what happened,
// then what to do. Other errors are localised as usual.
func ENSErrorText(err error, l i18n.Lang) string {
	var e *ens.Error
	if !errors.As(err, &e) {
		return i18n.MessageIn(l, err)
	}
	s := i18n.Text{RU: "ЕНС: ", EN: "ENS: "}.In(l) + e.MessageIn(l)
	if d := e.DetailIn(l); d != "" {
		s += " (" + d + ")"
	}
	if e.ServerMessage != "" && e.ServerMessage != e.Message() {
		s += i18n.Text{RU: "; сервер: «" + e.ServerMessage + "»", EN: "; server: “" + e.ServerMessage + "”"}.In(l)
	}
	if e.Err != nil {
		s += ": " + i18n.MessageIn(l, e.Err)
	}
	if e.HTTPStatus != 0 || e.ServerCode != "" {
		s += fmt.Sprintf(" [HTTP %d %s]", e.HTTPStatus, e.ServerCode)
	}
	s += "\n" + i18n.Text{RU: "Что делать: ", EN: "What to do: "}.In(l) + e.HintIn(l)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" "+i18n.Text{RU: "Повторить можно через %d с.", EN: "Retry in %d s."}.In(l), int((e.RetryAfter+time.Second-1)/time.Second))
	}
	return s
}

// ENSFailure is an ENS error with its text and hint; for the local
// sandbox a network failure also says how to start it.
type ENSFailure struct {
	Err     error
	Sandbox bool
}

func (f *ENSFailure) Error() string { return f.Localize(i18n.Current()) }
func (f *ENSFailure) Unwrap() error { return f.Err }

// Localize implements i18n.Localized.
func (f *ENSFailure) Localize(l i18n.Lang) string {
	s := ENSErrorText(f.Err, l)
	if f.Sandbox && errors.Is(f.Err, ens.ErrNetwork) {
		s += " " + i18n.Text{RU: "Запустите песочницу: gosctl sandbox (адрес — " + config.SandboxAddrVar + " или sandboxAddr в настройках).",
			EN: "Start the sandbox: gosctl sandbox (address: " + config.SandboxAddrVar + " or sandboxAddr in the settings)."}.In(l)
	}
	return s
}

// ENSError wraps ENS errors so that they print with their hint; others
// pass unchanged.
func ENSError(err error, sandbox bool) error {
	var e *ens.Error
	var f *ENSFailure
	if err != nil && !errors.As(err, &f) && errors.As(err, &e) {
		return &ENSFailure{Err: err, Sandbox: sandbox}
	}
	return err
}
