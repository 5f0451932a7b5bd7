package main

import (
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// ensNow is the clock of the commands (tests use the sandbox's).
var ensNow = time.Now

// openCore opens the application core (core/workflow) for a one-shot
// command that keeps nothing on disk: status, dictionaries, ENS.
func openCore(e *env) (*workflow.Core, error) {
	return openCoreJournal(e, false)
}

// openCoreJournal opens the core; with journal, the journal in the data
// folder ($GOSDESK_DATA_DIR, else the user's data folder) is opened too:
// every command that sends keeps track of what it sent there.
func openCoreJournal(e *env, journal bool) (*workflow.Core, error) {
	return workflow.Open(workflow.Options{NoJournal: !journal, Now: func() time.Time { return ensNow() }})
}

// keyringHint explains, in the user's language, an OS keyring that does
// not exist here (a headless server or CI without a D-Bus session): the
// raw error is English («exec: "dbus-launch": executable file not
// found»). Issue 13 item 12.
func keyringHint(err error) error {
	if err == nil || !noKeyring(err.Error()) {
		return err
	}
	return i18n.New("связка ключей ОС недоступна: нет сеанса D-Bus со службой Secret Service (сервер без графического входа, CI). "+
		"Запустите сеанс связки ключей — например, dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock <<< ПАРОЛЬ; gosctl …' — "+
		"или передавайте API-ключ файлом при каждом запуске: --api-key-file ФАЙЛ",
		"the OS keyring is not available: no D-Bus session with a Secret Service (a server without a graphical login, CI). "+
			"Start a keyring session — e.g. dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock <<< PASSWORD; gosctl …' — "+
			"or pass the API key as a file on every run: --api-key-file FILE")
}

func noKeyring(s string) bool {
	for _, m := range []string{"dbus", "DBus", "org.freedesktop.secrets", "executable file not found", "ServiceUnknown", "secret service", "Secret Service"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
