// Command gosdesk is the desktop application (Fyne). The screens live in
// package ui; everything else in core/….
//
// With no options it runs on the embedded sandbox (ЕСИА, ЕПГУ and ЕНС emulator)
// with a generated test certificate, keeping the sandbox state in the
// user's state folder so that nothing is lost between runs.
package main

import (
	"flag"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/app"

	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/logging"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/gosdesk/gosdesk/ui"
)

func stateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "gosdesk")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "state", "gosdesk")
	}
	return filepath.Join(os.TempDir(), "gosdesk")
}

func startSandbox() (ui.Environment, func()) {
	env := ui.Environment{Name: "sandbox", Sandbox: true}
	srv, err := sandbox.New(sandbox.Options{Timing: sandbox.TimingDemo, DataDir: filepath.Join(stateDir(), "sandbox")})
	if err == nil {
		_, err = sandboxens.MountDemo(srv, srv.Clock())
	}
	if err == nil {
		err = srv.Start()
	}
	if err != nil {
		env.Err = err
		return env, func() {}
	}
	creds := srv.Credentials()
	env.URL = srv.URL()
	env.APIKey = esia.MaskKey(creds.APIKey)
	if der, err := os.ReadFile(creds.CertPath); err == nil {
		if c, err := pki.ParseCertificates(der); err == nil && len(c) > 0 {
			n := c[0].Subject
			env.CertSubject = n.CommonName
			if n.Organization != "" {
				env.CertSubject += ", " + n.Organization
			}
			if n.INNLE != "" {
				env.CertSubject += ", ИНН ЮЛ " + n.INNLE
			} else if n.INN != "" {
				env.CertSubject += ", ИНН " + n.INN
			}
			env.Thumbprint = c[0].Thumbprint()
		}
	}
	return env, func() { srv.Close() }
}

func main() {
	flag.Parse()
	_ = logging.Setup(logging.Options{})
	env, stop := startSandbox()
	defer stop()
	a := app.NewWithID("ru.gosdesk.app")
	a.SetIcon(ui.Icon)
	ui.NewMainWindow(a, env).ShowAndRun()
}
