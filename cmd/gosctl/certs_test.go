package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Issue 13 item 7: `certs show` of the sandbox's valid PFX said
// «x509: malformed tbs certificate», and `certs list` could not open a
// PFX, so its expiry was not visible before signing.
func TestCertsOfSandboxPFX(t *testing.T) {
	s := startSandbox(t)
	p := filepath.Join(s.dir, sandboxPFX)
	pin := s.srv.Credentials().PIN
	t.Setenv("SB_PIN", pin)
	t.Setenv("BAD_PIN", pin+"0")

	code, out, errs := gosctl(t, "", "certs", "show", p, "--pin-env", "SB_PIN")
	if code != exitOK || !strings.Contains(out, "Иванов") || !strings.Contains(out, "Действителен:") || strings.Contains(errs, "malformed") {
		t.Errorf("certs show PFX --pin-env: %d\n%s%s", code, out, errs)
	}
	code, _, errs = gosctl(t, "", "certs", "show", p)
	if code != exitUsage || !strings.Contains(errs, "защищён паролем: передайте его через --pin-env") || strings.Contains(errs, "malformed") {
		t.Errorf("certs show PFX without a password: %d %s", code, errs)
	}
	code, out, errs = gosctl(t, "", "certs", "show", "--cert", p, "--pin-env", "SB_PIN", "--json")
	if code != exitOK || !strings.Contains(out, `"notAfter"`) {
		t.Errorf("certs show --cert PFX --json: %d\n%s%s", code, out, errs)
	}
	code, out, errs = gosctl(t, "", "certs", "list", "--only", "--file", p, "--pin-env", "SB_PIN")
	if code != exitOK || !strings.Contains(out, "Иванов Иван") || !strings.Contains(out, ".20") {
		t.Errorf("certs list --file PFX --pin-env: %d\n%s%s", code, out, errs)
	}
	code, out, _ = gosctl(t, "", "certs", "list", "--only", "--file", p)
	if code != exitOK || !strings.Contains(out, "--pin-env") {
		t.Errorf("certs list of a PFX without a password does not say how to see it: %d\n%s", code, out)
	}
	code, _, errs = gosctl(t, "", "certs", "list", "--only", "--file", p, "--pin-env", "BAD_PIN")
	if !strings.Contains(errs, "неверный пароль") {
		t.Errorf("certs list with a wrong password: %d %s", code, errs)
	}
	// The thumbprint the listing shows opens the same certificate.
	code, out, _ = gosctl(t, "", "certs", "list", "--only", "--file", p, "--pin-env", "SB_PIN", "--json")
	i := strings.Index(out, `"id": "`)
	if code != exitOK || i < 0 {
		t.Fatalf("list json: %s", out)
	}
	id := out[i+7 : i+47]
	code, out, errs = gosctl(t, "", "certs", "show", "--only", "--file", p, "--pin-env", "SB_PIN", "--thumbprint", id)
	if code != exitOK || !strings.Contains(out, id) {
		t.Errorf("certs show --thumbprint: %d\n%s%s", code, out, errs)
	}
}
