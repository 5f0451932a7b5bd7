package workflow

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/i18n"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

func ensEnv(t *testing.T) *env {
	e := newEnv(t, envOptions{})
	if _, err := sandboxens.MountDemo(e.srv, e.clock); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestENSDemoSignInKeepsSessionInKeyring(t *testing.T) {
	keyring.MockInit()
	e := ensEnv(t)
	ctx := context.Background()
	s, err := e.core.OpenENS(ctx, ENSOptions{Env: "sandbox"})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if !s.Demo() {
		t.Fatal("no key given for the sandbox: the demo certificate is used")
	}
	login, err := s.Login(ctx)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if login.INN == "" || !s.KeptInKeyring() {
		t.Fatalf("login %+v kept %v", login, s.KeptInKeyring())
	}
	b, err := s.Balance(ctx, "", s.Today())
	if err != nil || b.INN == "" {
		t.Fatalf("balance %+v: %v", b, err)
	}
	// A second process finds the session in the keyring: no new sign-in.
	s2, _ := e.core.OpenENS(ctx, ENSOptions{Env: "sandbox"})
	if _, err := s2.Obligations(ctx, "", s2.Today()); err != nil {
		t.Fatal(i18n.Message(err))
	}
	if err := s2.Logout(); err != nil {
		t.Fatal(err)
	}
	if err := s2.Logout(); err != nil {
		t.Fatalf("logout with nothing to forget: %v", err)
	}
}

// Issue 13 item 12: without a keyring (no D-Bus) the session is kept in
// memory, the user is told once in Russian what to do, and logout with
// nothing to forget succeeds.
func TestENSWithoutKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	t.Cleanup(keyring.MockInit)
	e := ensEnv(t)
	var warnings []string
	s, err := e.core.OpenENS(context.Background(), ENSOptions{Env: "sandbox", Warn: func(w string) { warnings = append(warnings, w) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(context.Background()); err != nil {
		t.Fatal(i18n.Message(err))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "связка ключей ОС недоступна") || strings.Contains(warnings[0], "dbus-launch") {
		t.Fatalf("warnings %q: one Russian warning with what to do, no raw English", warnings)
	}
	if err := s.Logout(); err != nil {
		t.Fatalf("logout without a keyring: %v", err)
	}
	if err := e.core.DeleteAPIKey("sandbox", ""); err != nil {
		t.Fatalf("deleting an API key from no keyring: %v", err)
	}
	_, _, err = e.core.APIKeyInfo("test", "")
	var ke *KeyringError
	if !errors.As(err, &ke) || !strings.Contains(i18n.MessageIn(i18n.RU, err), "--api-key-file") {
		t.Fatalf("API key without a keyring: %v", err)
	}
}

func TestENSInputChecks(t *testing.T) {
	if _, err := ParseENSDate("--date", "01.01.2020", time.Time{}); !IsInput(err) || !strings.Contains(i18n.MessageIn(i18n.RU, err), "01.01.2023") {
		t.Errorf("a date before ЕНС: %v", err)
	}
	if d, err := ParseENSDate("--date", "2024-05-16", time.Time{}); err != nil || d.Day() != 16 {
		t.Errorf("ГГГГ-ММ-ДД: %v %v", d, err)
	}
	if _, err := CheckINN("7707083893"); err != nil {
		t.Errorf("valid ИНН refused: %v", err)
	}
	if _, err := CheckINN("7707083894"); !IsInput(err) {
		t.Errorf("bad ИНН checksum: %v", err)
	}
	if _, err := ParseENSMode("boss"); !IsInput(err) {
		t.Errorf("mode: %v", err)
	}
	e := newEnv(t, envOptions{})
	if _, err := e.core.OpenENS(context.Background(), ENSOptions{Env: "http://example.org:8080"}); !IsInput(err) {
		t.Errorf("plain http to another host must be refused: %v", err)
	}
	if _, err := e.core.OpenENS(context.Background(), ENSOptions{Env: "test"}); !IsInput(err) {
		t.Errorf("ЕНС has no test contour: %v", err)
	}
}

func TestENSBalanceSnapshotJournalled(t *testing.T) {
	keyring.MockInit()
	e := ensEnv(t)
	s, _ := e.core.OpenENS(context.Background(), ENSOptions{Env: "sandbox"})
	b, err := s.Balance(context.Background(), "", s.Today())
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	last, err := e.core.Journal().LastBalance(context.Background(), b.INN)
	if err != nil || last.Kopecks != int64(b.Saldo) {
		t.Fatalf("snapshot %+v: %v", last, err)
	}
}

// An expired certificate without an ИНН is said to be expired first
// (issue 13 item 17).
func TestENSExpiredCertificateSaidFirst(t *testing.T) {
	keyring.MockInit()
	e := ensEnv(t)
	t.Setenv("WF_PFX_PIN", "12345")
	_, err := e.core.OpenENS(context.Background(), ENSOptions{Env: "sandbox", Creds: Credentials{PFX: "testdata/expired-pfx1.pfx", PINEnv: "WF_PFX_PIN"}})
	if err == nil {
		t.Fatal("an expired certificate was accepted")
	}
	msg := i18n.MessageIn(i18n.RU, err)
	if !strings.Contains(msg, "истёк") || strings.Contains(msg, "нет ИНН") {
		t.Fatalf("message: %s", msg)
	}
}

func TestDescribeMCHDAndBalanceHistory(t *testing.T) {
	keyring.MockInit()
	e := ensEnv(t)
	p := e.dir + "/mchd.xml"
	if err := os.WriteFile(p, sandboxens.DemoMCHD, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := e.core.DescribeMCHD(p, "")
	if err != nil || len(sum.Lines) == 0 || sum.ValidUntil.IsZero() {
		t.Fatalf("summary %+v: %v", sum, err)
	}
	s, _ := e.core.OpenENS(context.Background(), ENSOptions{Env: "sandbox"})
	if _, err := s.Balance(context.Background(), "", s.Today()); err != nil {
		t.Fatal(i18n.Message(err))
	}
	h, err := e.core.ENSBalances("", 10)
	if err != nil || len(h) != 1 {
		t.Fatalf("history %+v: %v", h, err)
	}
}
