package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTunnelConfig(t *testing.T) {
	t.Setenv("GOSDESK_CONFIG_DIR", t.TempDir())
	out := filepath.Join(t.TempDir(), "stunnel.conf")
	thumb := "13153A2D6F312D6663CDB9E02CD75D3F929C1D48"
	code, stdout, errs := gosctl(t, "", "tunnel", "config", "--env", "test", "--thumbprint", thumb, "--out", out)
	b, _ := os.ReadFile(out)
	if code != exitOK || !strings.Contains(stdout, "Настройки туннеля записаны в "+out) || !strings.Contains(string(b), thumb) {
		t.Errorf("tunnel config: %d\n%s%s\n%s", code, stdout, errs, b)
	}
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"tunnel", "config", "--env", "sandbox", "--thumbprint", thumb, "--out", out}, "test или prod"},
		{[]string{"tunnel", "config", "--env", "test", "--thumbprint", "12", "--out", out}, "40 шестнадцатеричных цифр"},
		{[]string{"tunnel", "config", "--env", "test", "--out", out}, "нужен --thumbprint"},
	} {
		if code, _, errs := gosctl(t, "", c.args...); code != exitUsage || !strings.Contains(errs, c.err) {
			t.Errorf("%v: %d %s", c.args, code, errs)
		}
	}
}

// The transport options reach core/config through the workflow session.
func TestTransportOptions(t *testing.T) {
	s := startSandbox(t)
	if code, _, errs := s.run(t, orderStatus, "--transport", "bogus", "1"); code != exitUsage || !strings.Contains(errs, "неизвестный способ подключения к API ЕПГУ") {
		t.Errorf("--transport bogus: %d %s", code, errs)
	}
	if code, out, errs := s.run(t, orderCreate, "--epgu-url", s.srv.URL(), "--esia-url", s.srv.URL(), "--service", "60010153", "-q"); code != exitOK || strings.TrimSpace(out) == "" {
		t.Errorf("--epgu-url/--esia-url: %d %s%s", code, out, errs)
	}
}

func TestTunnelCheck(t *testing.T) {
	s := startSandbox(t)
	code, _, errs := gosctl(t, "", "tunnel", "check", "--env", "test", "--transport", "tunnel", "--epgu-url", "http://127.0.0.1:1")
	if code != exitFailed || !strings.Contains(errs, "туннель ГОСТ TLS к API ЕПГУ не запущен") || !strings.Contains(errs, "gosctl tunnel config") {
		t.Errorf("tunnel check of a stopped tunnel: %d %s", code, errs)
	}
	// Anything listening on the port counts as a running tunnel.
	code, out, errs := gosctl(t, "", "tunnel", "check", "--env", "test", "--transport", "tunnel", "--epgu-url", s.srv.URL())
	if code != exitOK || !strings.Contains(out, "Туннель к API ЕПГУ работает") {
		t.Errorf("tunnel check of a listening port: %d %s%s", code, out, errs)
	}
}
