// Package e2e runs the desktop application end to end: the real gosdesk
// binary under Xvfb, driven by xdotool, with files dropped on it over XDND
// (internal/tools/e2e.sh). `go test` runs the short version (first run,
// service, template, drop two files, sign and send, the order in
// Заявления); `make e2e` runs every step with screenshots and a contact
// sheet under build/e2e/.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDesktopAppEndToEnd(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the e2e harness drives X11 (Xvfb + xdotool); Linux only")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := func(out, pkg string, env ...string) {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, out), pkg)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	build("gosdesk", "./cmd/gosdesk")
	build("xdnddrop", "./internal/tools/xdnd", "CGO_ENABLED=0")
	cmd := exec.Command(filepath.Join(root, "internal/tools/e2e.sh"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"E2E_SHORT=1",
		"GOSDESK_BIN="+filepath.Join(bin, "gosdesk"),
		"XDND_BIN="+filepath.Join(bin, "xdnddrop"),
		"E2E_OUT="+filepath.Join(t.TempDir(), "e2e"))
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("e2e: %v", err)
	}
}
