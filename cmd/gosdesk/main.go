// Command gosdesk is the desktop application (Fyne). The screens live in
// package ui; everything else in core/….
//
// With no settings it runs on the embedded sandbox (ЕСИА, ЕПГУ and ЕНС
// emulator) with a test certificate in a CryptoPro container in the data
// folder, keeping the sandbox state there so that nothing is lost between
// runs, and shows the first-run dialog.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/app"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/logging"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/gosdesk/gosdesk/core/version"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/internal/clocale" // before Fyne's lang: no locale warning under C.UTF-8
	"github.com/gosdesk/gosdesk/ui"
)

// appID is the Fyne application id (preferences live under it).
const appID = "ru.gosdesk.app"

// startSandbox starts the in-process sandbox at the address the "sandbox"
// environment resolves to (settings, GOSDESK_SANDBOX_ADDR, 127.0.0.1:8089);
// when that port is taken it takes a free one and tells the core through
// GOSDESK_SANDBOX_ADDR.
func startSandbox(dataDir string, st *config.Settings) (ui.Environment, func()) {
	env := ui.Environment{Name: "sandbox", Sandbox: true}
	addr := os.Getenv(config.SandboxAddrVar)
	if addr == "" && st != nil {
		addr = st.SandboxAddr
	}
	if addr == "" {
		addr = config.DefaultSandboxAddr
	}
	if l, err := net.Listen("tcp", addr); err == nil {
		_ = l.Close()
	} else {
		addr = "127.0.0.1:0"
	}
	srv, err := sandbox.New(sandbox.Options{Addr: addr, Timing: sandbox.TimingDemo, DataDir: filepath.Join(dataDir, "sandbox")})
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
	_ = os.Setenv(config.SandboxAddrVar, srv.Addr())
	creds := srv.Credentials()
	env.URL = srv.URL()
	env.APIKey = esia.MaskKey(creds.APIKey)
	env.DemoContainer = creds.ContainerPath
	env.DemoPIN = creds.PIN
	if der, err := os.ReadFile(creds.CertPath); err == nil {
		if c, err := pki.ParseCertificates(der); err == nil && len(c) > 0 {
			env.CertSubject = c[0].Subject.CommonName
			env.Thumbprint = c[0].Thumbprint()
		}
	}
	return env, func() { srv.Close() }
}

func main() {
	clocale.Restore() // LANGUAGE as the user left it (clocale set it for Fyne's init only)
	showVersion := flag.Bool("version", false, "print the version and exit")
	lang := flag.String("lang", "", "language of the window: ru (default) or en")
	flag.Parse()
	if *showVersion {
		fmt.Println("gosdesk " + version.String())
		return
	}
	// The language asked for this run (--lang, else GOSDESK_LANG) wins over
	// the one remembered in Настройки; ui.New sets it, Fyne's own words too.
	runLang, ok := i18n.Parse(*lang)
	if !ok {
		runLang, ok = i18n.Parse(os.Getenv("GOSDESK_LANG"))
	}
	if ok {
		i18n.Set(runLang)
	}

	dataDir, err := workflow.DefaultDataDir()
	if err != nil {
		dataDir = filepath.Join(os.TempDir(), "gosdesk")
	}
	logs := ui.LogDir(dataDir)
	var logOut io.Writer = os.Stderr
	if err := os.MkdirAll(logs, 0o700); err == nil {
		if f, err := os.OpenFile(filepath.Join(logs, "gosdesk.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			defer f.Close()
			logOut = io.MultiWriter(os.Stderr, f)
		}
	}
	_ = logging.Setup(logging.Options{Output: logOut})

	// First run: no settings file yet.
	firstRun := false
	if p, err := config.Path(); err == nil {
		if _, err := os.Stat(p); os.IsNotExist(err) {
			firstRun = true
		}
	}
	st, err := config.Load()
	if err != nil {
		st = &config.Settings{}
	}
	// The sandbox starts while the core opens and the window comes up; the
	// window gets its address, certificate and PIN when it is ready.
	env := ui.Environment{Name: st.Env, FirstRun: firstRun, Lang: runLang}
	sandboxed := st.Env == "" || st.Env == config.EnvSandbox
	envCh := make(chan ui.Environment, 1)
	var stopMu sync.Mutex
	stop := func() {}
	if sandboxed {
		env.Name, env.Sandbox = config.EnvSandbox, true
		go func() {
			e, s := startSandbox(dataDir, st)
			stopMu.Lock()
			stop = s
			stopMu.Unlock()
			e.FirstRun, e.Lang = firstRun, runLang
			envCh <- e
		}()
	}
	defer func() {
		stopMu.Lock()
		defer stopMu.Unlock()
		stop()
	}()

	// The Fyne app first, so that the fonts (regular, bold, monospace, and
	// the system fallbacks for ✔ →) are parsed on the other core while the
	// core opens and the window is created: the UI goroutine measures its
	// first text only then (about 0.1 s of the cold start).
	a := app.NewWithID(appID)
	a.SetIcon(ui.Icon)
	ui.WarmFonts()

	core, err := workflow.Open(workflow.Options{DataDir: dataDir, Settings: st})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosdesk: "+i18n.Message(err))
		os.Exit(1)
	}
	defer core.Close()
	if firstRun {
		// the settings file marks the first run as done
		_ = st.Save()
	}

	w := ui.New(a, ui.NewBackend(core), env)
	if sandboxed {
		go func() {
			e := <-envCh
			fyne.Do(func() { w.SetEnvironment(e) })
		}()
	}
	w.ShowAndRun()
}
