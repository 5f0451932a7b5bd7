package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/zalando/go-keyring"
)

func TestESIAToken(t *testing.T) {
	s := startSandbox(t)
	tok := []string{"esia", "token"}

	code, out, errs := s.run(t, tok)
	if code != exitOK || !strings.Contains(out, "Маркер получен, действует до") || !strings.Contains(out, "Субъект (urn:esia:sbj_id): 1000000201") ||
		!strings.Contains(out, "CN=Иванов Иван Иванович") {
		t.Fatalf("token: code %d\n%s%s", code, out, errs)
	}
	if strings.Count(out, "eyJ") != 0 {
		t.Errorf("the token is printed without --show-token:\n%s", out)
	}

	code, out, _ = s.run(t, tok, "--json", "--show-token")
	var j workflow.TokenInfo
	if code != exitOK || json.Unmarshal([]byte(out), &j) != nil || strings.Count(j.Token, ".") != 2 || j.Subject != "1000000201" || j.Env != config.EnvCustom {
		t.Fatalf("--json --show-token: code %d\n%s", code, out)
	}
	if !j.Expires.Equal(esia.Expiry(j.Token)) || j.ClientID != "GOSDESK_SB" {
		t.Errorf("expiry/client do not come from the token: %+v", j)
	}

	// the container with the PIN from an environment variable
	t.Setenv("SBX_PIN", s.srv.Credentials().PIN)
	code, _, errs = gosctl(t, "", "esia", "token", "--env", s.srv.URL(), "--api-key-file", filepath.Join(s.dir, sandboxAPIKeyFile),
		"--container", s.container(), "--pin-env", "SBX_PIN")
	if code != exitOK {
		t.Errorf("--container: code %d, %s", code, errs)
	}
	t.Setenv("SBX_PIN", "00000000")
	code, _, errs = gosctl(t, "", "esia", "token", "--env", s.srv.URL(), "--api-key-file", filepath.Join(s.dir, sandboxAPIKeyFile),
		"--container", s.container(), "--pin-env", "SBX_PIN")
	if code != exitFailed || !strings.Contains(errs, "PIN") {
		t.Errorf("wrong PIN: code %d, %s", code, errs)
	}
}

func TestESIAKeyring(t *testing.T) {
	keyring.MockInit()
	s := startSandbox(t)
	keyFile := filepath.Join(s.dir, sandboxAPIKeyFile)
	c := s.srv.Credentials()
	signer := []string{"--key", c.KeyPath, "--cert", c.CertPath}

	// no key stored yet
	code, _, errs := gosctl(t, "", append([]string{"esia", "token", "--env", s.srv.URL(), "--account", "sb"}, signer...)...)
	if code != exitFailed || !strings.Contains(errs, "API-ключ не найден") || !strings.Contains(errs, "«sb»") {
		t.Fatalf("no key: code %d, %s", code, errs)
	}
	code, out, errs := gosctl(t, "", "esia", "apikey", "import", "--account", "sb", keyFile)
	if code != exitOK || !strings.Contains(out, "«sb»") || strings.Contains(out, c.APIKey) {
		t.Fatalf("import: code %d\n%s%s", code, out, errs)
	}
	if k, _ := esia.LoadAPIKey("sb"); k != c.APIKey {
		t.Fatalf("keyring holds %q", k)
	}
	if code, out, _ := gosctl(t, "", "esia", "apikey", "show", "--account", "sb"); code != exitOK || strings.Contains(out, c.APIKey) || !strings.Contains(out, c.APIKey[len(c.APIKey)-4:]) {
		t.Errorf("show: code %d, %s", code, out)
	}
	code, out, errs = gosctl(t, "", append([]string{"esia", "token", "--env", s.srv.URL(), "--account", "sb"}, signer...)...)
	if code != exitOK || !strings.Contains(out, "Маркер получен") {
		t.Errorf("token from the keyring: code %d\n%s%s", code, out, errs)
	}
	// the key never reaches the settings file
	if b, err := os.ReadFile(filepath.Join(os.Getenv(config.DirVar), config.FileName)); err == nil && strings.Contains(string(b), c.APIKey) {
		t.Error("the API key is in the settings file")
	}
	if code, _, _ := gosctl(t, "", "esia", "apikey", "delete", "--account", "sb"); code != exitOK {
		t.Errorf("delete: code %d", code)
	}
	if _, err := esia.LoadAPIKey("sb"); err == nil {
		t.Error("the key is still stored")
	}
}

func TestESIAErrors(t *testing.T) {
	s := startSandbox(t)
	c := s.srv.Credentials()
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("0f5a3c1e-8d2b-4c6a-9e7f-1a2b3c4d5e6f\n"), 0o600)
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"unknown env", []string{"--env", "staging"}, exitUsage, "неизвестная среда"},
		{"http outside loopback", []string{"--env", "http://example.ru"}, exitUsage, "http:// допустим только"},
		{"no signer", []string{"--env", s.srv.URL(), "--api-key-file", bad}, exitUsage, "не указан сертификат подписи"},
		{"two signers", []string{"--env", s.srv.URL(), "--api-key-file", bad, "--key", c.KeyPath, "--cert", c.CertPath, "--pfx", "x.pfx"}, exitUsage, "несколько источников"},
		{"cert without key", []string{"--env", s.srv.URL(), "--api-key-file", bad, "--pfx", "x.pfx", "--cert", c.CertPath}, exitUsage, "сертификат (--cert) указывается вместе с ключом (--key)"},
		{"no PIN variable", []string{"--env", s.srv.URL(), "--api-key-file", bad, "--pfx", filepath.Join(s.dir, sandboxPFX), "--pin-env", "NO_SUCH_PIN_VAR"}, exitFailed, "переменная окружения NO_SUCH_PIN_VAR"},
		{"unknown API key", []string{"--env", s.srv.URL(), "--api-key-file", bad, "--key", c.KeyPath, "--cert", c.CertPath}, exitFailed, "ЕСИА: HTTP 404: API-ключ не найден или заблокирован"},
		{"sandbox not running", []string{"--env", "http://127.0.0.1:1", "--api-key-file", bad, "--key", c.KeyPath, "--cert", c.CertPath}, exitFailed, "127.0.0.1:1"},
		{"extra argument", []string{"--env", s.srv.URL(), "x"}, exitUsage, "лишние аргументы"},
	}
	for _, tc := range cases {
		code, out, errs := gosctl(t, "", append([]string{"esia", "token"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("%s: code %d (want %d)\nstdout: %s\nstderr: %s", tc.name, code, tc.code, out, errs)
		}
	}
	// another organisation's certificate: ESIA-007002 in Russian
	other := filepath.Join(t.TempDir(), "other.cer")
	os.WriteFile(other, s.srv.OtherEmployeeSigner().CertificateDER(), 0o600)
	code, _, errs := gosctl(t, "", "esia", "token", "--env", s.srv.URL(), "--api-key-file", filepath.Join(s.dir, sandboxAPIKeyFile), "--key", c.KeyPath, "--cert", other)
	if code != exitFailed {
		t.Errorf("key/certificate mismatch: code %d, %s", code, errs)
	}
}

// Issue 13 item 10: the certificate holder's СНИЛС is personal data and
// shows only with --show-personal (a terminal may be recorded).
func TestESIATokenHidesPersonalData(t *testing.T) {
	s := startSandbox(t)
	snils := "SNILS=11223344595"
	code, out, errs := s.run(t, []string{"esia", "token"})
	if code != exitOK || strings.Contains(out, "11223344595") || !strings.Contains(out, "CN=Иванов Иван Иванович") || !strings.Contains(errs, "--show-personal") {
		t.Errorf("token: СНИЛС shown without --show-personal: %d\n%s%s", code, out, errs)
	}
	code, out, _ = s.run(t, []string{"esia", "token"}, "--json")
	if code != exitOK || strings.Contains(out, "11223344595") {
		t.Errorf("token --json: СНИЛС shown without --show-personal:\n%s", out)
	}
	code, out, _ = s.run(t, []string{"esia", "token"}, "--show-personal")
	if code != exitOK || !strings.Contains(out, snils) {
		t.Errorf("token --show-personal: no СНИЛС:\n%s", out)
	}
}

// Issue 13 item 12: without a D-Bus session the keyring error is Russian
// and says what to do; an API key file still works.
func TestESIAWithoutDBus(t *testing.T) {
	s := startSandbox(t)
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	t.Cleanup(keyring.MockInit)
	c := s.srv.Credentials()
	for _, args := range [][]string{
		{"esia", "apikey", "show"},
		{"esia", "apikey", "import", filepath.Join(s.dir, sandboxAPIKeyFile)},
	} {
		code, out, errs := gosctl(t, "", args...)
		if code != exitFailed || !strings.Contains(errs, "связка ключей ОС недоступна") || !strings.Contains(errs, "--api-key-file") || strings.Contains(errs, "dbus-launch") {
			t.Errorf("%v without D-Bus: %d\n%s%s", args, code, out, errs)
		}
	}
	if code, out, errs := s.run(t, []string{"esia", "token"}); code != exitOK {
		t.Errorf("token with --api-key-file without D-Bus: %d\n%s%s", code, out, errs)
	}
	// --env URL of a sandbox on another port finds its test API key
	// without the keyring.
	if code, out, errs := gosctl(t, "", "esia", "token", "--env", s.srv.URL(), "--key", c.KeyPath, "--cert", c.CertPath); code != exitOK {
		t.Errorf("token --env URL without D-Bus and without --api-key-file: %d\n%s%s", code, out, errs)
	}
}
