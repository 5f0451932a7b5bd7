package keystore

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const keyringChildEnv = "GOSDESK_KEYRING_CHILD"

// TestKeyringSecretService stores, reads and deletes a PIN through the
// real go-keyring backend against a real Secret Service: gnome-keyring
// in a private D-Bus session (dbus-run-session), with HOME in a temporary
// folder. libsecret's secret-tool independently checks what was stored.
// It fails when the packages are missing (`make deps` installs dbus,
// gnome-keyring and libsecret-tools).
func TestKeyringSecretService(t *testing.T) {
	if os.Getenv(keyringChildEnv) != "" {
		keyringChild(t)
		return
	}
	for tool, pkg := range map[string]string{"dbus-run-session": "dbus", "gnome-keyring-daemon": "gnome-keyring", "secret-tool": "libsecret-tools"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install the Debian package %s (apt-get install -y dbus gnome-keyring libsecret-tools, or `make deps`)", tool, pkg)
		}
	}
	home := t.TempDir()
	script := `printf gosdesk | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -test.run='^TestKeyringSecretService$' -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), keyringChildEnv+"=1", "HOME="+home, "XDG_RUNTIME_DIR="+home,
		"XDG_DATA_HOME="+home+"/share", "XDG_CONFIG_HOME="+home+"/config")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestKeyringSecretService") {
		t.Fatalf("Secret Service run failed: %v\n%s", err, out)
	}
}

func keyringChild(t *testing.T) {
	c := &PINCache{Service: fmt.Sprintf("gosdesk-test-%d", os.Getpid())}
	e := &Entry{Source: SourceContainer, Location: "/var/opt/cprocsp/keys/user/test.000"}
	if _, ok := c.Get(e); ok {
		t.Fatal("PIN present before Set")
	}
	if err := c.Set(e, "12345678"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if pin, ok := c.Get(e); !ok || pin != "12345678" {
		t.Fatalf("Get = %q, %v", pin, ok)
	}
	// go-keyring stores the attributes service and username.
	out, err := exec.Command("secret-tool", "lookup", "service", c.Service, "username", KeyringUser(e)).Output()
	if err != nil || strings.TrimSpace(string(out)) != "12345678" {
		t.Fatalf("secret-tool lookup: %q, %v", out, err)
	}
	if err := c.Delete(e); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, ok := c.Get(e); ok {
		t.Fatal("PIN still present after Delete")
	}
	if err := c.Delete(e); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}
