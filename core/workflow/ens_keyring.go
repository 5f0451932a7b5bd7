package workflow

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// ENSKeyringService is the OS keyring service that keeps ENS session
// tokens between runs (gosctl ens login, then gosctl ens balance; the
// app between launches).
const ENSKeyringService = "gosdesk-ens"

// ensKeyringTokens is an ens.TokenStore in the OS keyring. Without a
// keyring (a headless server, no D-Bus session) it keeps tokens in memory
// for this process and warns once, in Russian, with what to do. Tokens
// never go to files or logs.
type ensKeyringTokens struct {
	warn         func(string)
	mem          ens.MemoryTokenStore
	broken       bool
	saved        bool // the last Save reached the keyring
	deleteFailed bool
}

// keyringUnavailable is the warning shown once per process.
func keyringUnavailable(err error) string {
	msg := i18n.T("связка ключей ОС недоступна: сеанс ЕНС не сохранится, каждая команда будет входить заново. Запустите сеанс связки ключей (например, gnome-keyring-daemon в сеансе D-Bus: dbus-run-session -- …)",
		"the OS keyring is not available: the ENS session is not kept, every command signs in again. Start a keyring session (e.g. gnome-keyring-daemon inside a D-Bus session: dbus-run-session -- …)")
	if err != nil && !strings.Contains(err.Error(), "dbus") {
		msg += " (" + err.Error() + ")"
	}
	return msg
}

func (k *ensKeyringTokens) fail(err error) {
	if k.broken {
		return
	}
	k.broken = true
	k.warn(keyringUnavailable(err))
}

// Load implements ens.TokenStore.
func (k *ensKeyringTokens) Load(key string) (ens.Token, bool) {
	if !k.broken {
		v, err := keyring.Get(ENSKeyringService, key)
		switch {
		case err == nil:
			return parseENSToken(v)
		case errors.Is(err, keyring.ErrNotFound):
			return k.mem.Load(key)
		default:
			k.fail(err)
		}
	}
	return k.mem.Load(key)
}

// parseENSToken reads a token stored in the keyring; anything odd (an
// entry written by another version, edited by hand) is no token, so the
// client signs in again.
func parseENSToken(v string) (ens.Token, bool) {
	var t ens.Token
	if json.Unmarshal([]byte(v), &t) != nil || t.Header == "" || t.Expires.IsZero() ||
		strings.ContainsAny(t.Header, "\r\n\x00") {
		return ens.Token{}, false
	}
	return t, true
}

// Save implements ens.TokenStore.
func (k *ensKeyringTokens) Save(key string, t ens.Token) {
	k.mem.Save(key, t)
	k.saved = false
	if k.broken {
		return
	}
	b, _ := json.Marshal(t)
	if err := keyring.Set(ENSKeyringService, key, string(b)); err != nil {
		k.fail(err)
		return
	}
	k.saved = true
}

// Delete implements ens.TokenStore. A keyring that is not there holds
// nothing to forget: that is success (issue 13 item 12).
func (k *ensKeyringTokens) Delete(key string) {
	k.mem.Delete(key)
	if k.broken {
		return
	}
	err := keyring.Delete(ENSKeyringService, key)
	switch {
	case err == nil, errors.Is(err, keyring.ErrNotFound):
	case isNoKeyring(err):
		k.broken = true
	default:
		k.deleteFailed = true
	}
}

// isNoKeyring reports a keyring that does not exist here (no D-Bus
// session, no Secret Service), as opposed to one that refused.
func isNoKeyring(err error) bool {
	s := err.Error()
	return strings.Contains(s, "dbus") || strings.Contains(s, "DBus") || strings.Contains(s, "org.freedesktop.secrets") ||
		strings.Contains(s, "executable file not found") || strings.Contains(s, "ServiceUnknown")
}
