package main

import (
	"context"
	"encoding/json"
	"fmt"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/pfx"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "sandbox",
		summary: i18n.Text{RU: "запустить локальную песочницу ЕСИА, API ЕПГУ и API ЕНС (только 127.0.0.1/::1)", EN: "run the local ESIA, API EPGU and API ENS sandbox (loopback only)"},
		usage:   "[--addr " + config.DefaultSandboxAddr + "] [--data ПАПКА] [--demo]",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			addr := fs.String("addr", config.DefaultSandboxAddr, i18n.T("адрес ХОСТ:ПОРТ, только локальный", "HOST:PORT, loopback only"))
			data := fs.String("data", "", i18n.T("папка для состояния между запусками (по умолчанию всё в памяти)", "folder keeping state across restarts (default: all in memory)"))
			demo := fs.Bool("demo", false, i18n.T("статусы сменяются за секунды, как в демонстрации (по умолчанию — сразу)", "statuses change within seconds, for demos (default: at once)"))
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("лишние аргументы: %v", "extra arguments: %v", args)
				}
				if err := config.CheckLoopback(*addr); err != nil {
					return usageError{msg: i18n.Message(err)}
				}
				o := sandbox.Options{Addr: *addr, DataDir: *data, Timing: sandbox.TimingInstant}
				if *demo {
					o.Timing = sandbox.TimingDemo
				}
				ctx, stop := sandboxContext()
				defer stop()
				return runSandbox(ctx, e, o)
			}
		},
	})
}

// sandboxContext is cancelled by SIGINT/SIGTERM; tests replace it.
var sandboxContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// Names of the extra credential files gosctl sandbox writes next to the
// sandbox's own (the same employee key in the forms --container, --pfx
// and --api-key-file read).
const (
	sandboxContainerDir = "employee.000"
	sandboxPFX          = "employee.pfx"
	sandboxAPIKeyFile   = "apikey.csv"
)

func runSandbox(ctx context.Context, e *env, o sandbox.Options) error {
	srv, err := sandbox.New(o)
	if err != nil {
		return i18n.Wrap(err, "песочница не создана", "the sandbox is not created")
	}
	if err := mountExtras(srv); err != nil {
		srv.Close()
		return i18n.Wrap(err, "песочница ЕНС не создана", "the ENS sandbox is not created")
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		return i18n.Wrap(err, "песочница не запущена на "+o.Addr, "the sandbox did not start on "+o.Addr)
	}
	defer srv.Close()
	srv.PrintCredentials(e.stdout)
	if err := writeSandboxExtras(e.stdout, srv); err != nil {
		return err
	}
	envArg := srv.URL()
	if srv.Addr() == config.DefaultSandboxAddr {
		envArg = config.EnvSandbox
	}
	fmt.Fprintf(e.stdout, "\n%s:\n  gosctl esia token --env %s\n  gosctl epgu order create --env %s --service 60010153\n", i18n.T("Пример", "Example"), envArg, envArg)
	fmt.Fprintf(e.stdout, "%s\n", i18n.T("Песочница работает; остановка — Ctrl+C.", "The sandbox is running; stop it with Ctrl+C."))
	<-ctx.Done()
	fmt.Fprintln(e.stdout, i18n.T("Песочница остановлена.", "The sandbox stopped."))
	return nil
}

// writeSandboxExtras writes the employee key as a CryptoPro container and
// a PFX protected by the sandbox PIN, and the API key as a file, so that
// every credential source of gosctl can be tried against the sandbox.
// (core/sandbox writes its key in a test-only PEM form only.)
func writeSandboxExtras(w io.Writer, srv *sandbox.Server) error {
	c := srv.Credentials()
	dir := filepath.Dir(c.CertPath)
	keyPath := filepath.Join(dir, sandboxAPIKeyFile)
	if err := os.WriteFile(keyPath, []byte("system;apikey\n"+c.System+";"+c.APIKey+"\n"), 0o600); err != nil {
		return fileError(keyPath, err)
	}
	fmt.Fprintf(w, "  %s%s\n", i18n.T("файл API-ключа:        ", "API key file:          "), keyPath)
	gs, ok := srv.EmployeeSigner().(*esia.GostSigner)
	if !ok {
		return nil // fake signatures: no GOST key to export
	}
	cdir := sandboxContainer(c)
	if cdir == "" { // older sandboxes write no container themselves
		cdir = filepath.Join(dir, sandboxContainerDir)
		os.RemoveAll(cdir)
		if _, err := container.Write(cdir, gs.Key, container.WriteOptions{Name: "gosdesk-sandbox-employee", PIN: c.PIN, Certificate: gs.Cert.Raw}); err != nil {
			return i18n.Wrap(err, "контейнер песочницы не записан", "the sandbox container is not written")
		}
	}
	p, err := pfx.Encode(gs.Key, gs.Cert.Raw, c.PIN, pfx.EncodeOptions{FriendlyName: "gosdesk sandbox employee"})
	if err != nil {
		return err
	}
	pfxPath := filepath.Join(dir, sandboxPFX)
	if err := os.WriteFile(pfxPath, p, 0o600); err != nil {
		return fileError(pfxPath, err)
	}
	if sandboxContainer(c) == "" {
		fmt.Fprintf(w, "  %s%s\n", i18n.T("контейнер КриптоПро:   ", "CryptoPro container:   "), cdir)
	}
	fmt.Fprintf(w, "  %s%s\n", i18n.T("PFX:                   ", "PFX:                   "), pfxPath)
	fmt.Fprintf(w, "  %s%s\n", i18n.T("PIN контейнера и PFX:  ", "container/PFX PIN:     "), c.PIN) // tests read this line
	return nil
}

// sandboxContainer is the container folder the sandbox itself publishes
// in its credentials ("containerPath"), or "". Read through JSON so that
// gosctl builds with sandboxes that have no such field.
func sandboxContainer(c sandbox.Credentials) string {
	var x struct {
		ContainerPath string `json:"containerPath"`
	}
	b, _ := json.Marshal(c)
	json.Unmarshal(b, &x)
	return x.ContainerPath
}

// mountExtras mounts the handlers gosctl adds to the sandbox: the API ЕНС
// emulator (demo identities, default profile, the sandbox's clock) and the
// seeding route.
func mountExtras(srv *sandbox.Server) error {
	srv.Mount("/admin/seed", seedHandler(srv))
	_, err := sandboxens.MountDemo(srv, srv.Clock())
	return err
}

// seedHandler is POST /admin/seed?n=1000&service=60010153: n processed
// orders of the test employee (benchmarks, demos), answered as
// {"orderIds":[…]}. core/sandbox has SeedOrders but no admin route for it.
func seedHandler(srv *sandbox.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		service := r.URL.Query().Get("service")
		if service == "" {
			service = "60010153"
		}
		if err != nil || n < 1 || n > 100000 {
			http.Error(w, "need ?n=1…100000", http.StatusBadRequest)
			return
		}
		if _, ok := xsd.Lookup(service); !ok {
			http.Error(w, "unknown service "+service, http.StatusBadRequest)
			return
		}
		defer func() {
			if recover() != nil { // SeedOrders panics on an unknown service
				http.Error(w, "unknown service "+service, http.StatusBadRequest)
			}
		}()
		ids := srv.SeedOrders(n, service)
		w.Header().Set("Content-Type", "application/json")
		printJSON(w, map[string]any{"orderIds": ids})
	})
}
