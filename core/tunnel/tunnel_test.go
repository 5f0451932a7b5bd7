package tunnel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/gosttls/gosttlstest"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/internal/oracle"
	"github.com/sirupsen/logrus"
)

const tp = "5f9be5d24244692b3f71d3503bc158127bebf0c6"

func TestGenerate(t *testing.T) {
	for _, c := range []struct {
		env, host string
		port      int
	}{{"test", "svcdev-gostapi.test.gosuslugi.ru", DefaultPortTest}, {"prod", "www.gosuslugi.ru", DefaultPortProd}} {
		cfg, err := Generate(Options{Env: c.env, Thumbprint: "0x" + strings.ToUpper(tp[:20]) + " " + tp[20:]})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"[epgu-" + c.env + "]", "client = yes", fmt.Sprintf("accept = 127.0.0.1:%d", c.port),
			"connect = " + c.host + ":443", "sni = " + c.host, "cert = " + strings.ToUpper(tp), "verify = 2",
		} {
			if !strings.Contains(cfg.Text, want) {
				t.Errorf("%s config lacks %q:\n%s", c.env, want, cfg.Text)
			}
		}
		if strings.Contains(strings.ToLower(cfg.Text), "pincode") {
			t.Error("the config must not hold a PIN")
		}
		how := cfg.HowTo("/tmp/x.conf")
		for _, want := range []string{"stunnel_msspi /tmp/x.conf", "--epgu-url " + cfg.EPGUURL, "--transport tunnel", "КС1", "Host: " + c.host} {
			if !strings.Contains(how, want) {
				t.Errorf("how-to lacks %q:\n%s", want, how)
			}
		}
		path := filepath.Join(t.TempDir(), "sub", "epgu.conf")
		if err := cfg.Write(path); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("written file: %v %v", st, err)
		}
	}
	for _, bad := range []Options{{Env: "sandbox", Thumbprint: tp}, {Env: "test", Thumbprint: tp[:39]},
		{Env: "test", Thumbprint: strings.Replace(tp, "5", "g", 1)}, {Env: "prod", Thumbprint: tp, Port: 80}} {
		if _, err := Generate(bad); err == nil {
			t.Errorf("Generate(%+v) accepted", bad)
		}
	}
}

// stunnel runs Debian's stunnel4 with the OpenSSL GOST engine (through
// OPENSSL_CONF) on conf; it returns a stop function.
func stunnel(t *testing.T, name, conf string) (stop func(), log func() string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name+".conf")
	logPath := filepath.Join(dir, name+".log")
	os.WriteFile(path, []byte("foreground = yes\npid =\ndebug = 6\noutput = "+logPath+"\n"+conf), 0o600)
	ossl, err := oracle.ConfPath()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("stunnel4", path)
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+ossl)
	if err := cmd.Start(); err != nil {
		t.Fatalf("stunnel4: %v", err)
	}
	done := false
	stop = func() {
		if !done {
			cmd.Process.Kill()
			cmd.Wait()
			done = true
		}
	}
	log = func() string { b, _ := os.ReadFile(logPath); return string(b) }
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("%s log:\n%s", name, log())
		}
	})
	return stop, log
}

func waitPort(t *testing.T, addr string) {
	t.Helper()
	env := config.Environment{Transport: config.TransportTunnel, EPGU: "http://" + addr}
	for i := 0; i < 200; i++ {
		if env.CheckTunnel(context.Background()) == nil {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s", addr)
}

// TestTunnelEndToEnd: gosdesk's API ЕПГУ client → Debian's stunnel4 in
// client mode with the OpenSSL GOST engine → a GOST-TLS-only server
// (stunnel4 in server mode, GOST certificate, one GOST suite) → the
// sandbox. An order is reserved and read back through the tunnel with the
// real Host header; with the tunnel stopped, the error says so in Russian.
func TestTunnelEndToEnd(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	oracle.RequireTool(t, "stunnel4", "stunnel4")
	p := gosttlstest.NewPKI(t)
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })

	sb, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Timing: sandbox.TimingInstant})
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })

	suite := gosttls.TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC.OpenSSLName()
	serverPort, clientPort := gosttlstest.FreePort(t), gosttlstest.FreePort(t)
	_, serverLog := stunnel(t, "gost-server", fmt.Sprintf(
		"[epgu-gost]\naccept = 127.0.0.1:%d\nconnect = %s\ncert = %s\nkey = %s\nciphers = %s\nsslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2\n",
		serverPort, sb.Addr(), p.Server256, p.Key256, suite))
	stopClient, clientLog := stunnel(t, "gost-client", fmt.Sprintf(
		"[epgu-test]\nclient = yes\naccept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\nciphers = %s\nsslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2\nCAfile = %s\nverifyChain = yes\ncheckHost = localhost\n",
		clientPort, serverPort, suite, p.CACert))
	waitPort(t, fmt.Sprintf("127.0.0.1:%d", serverPort))
	waitPort(t, fmt.Sprintf("127.0.0.1:%d", clientPort))

	// What the user sets: env test, ЕСИА direct (here: the sandbox), API
	// ЕПГУ through the tunnel.
	env, err := config.ResolveWith("test", nil, config.Overrides{ESIAURL: sb.URL(),
		EPGUURL: fmt.Sprintf("http://127.0.0.1:%d", clientPort), Transport: config.TransportTunnel})
	if err != nil {
		t.Fatal(err)
	}
	if env.EPGUHost != "svcdev-gostapi.test.gosuslugi.ru" {
		t.Fatalf("EPGUHost = %q", env.EPGUHost)
	}
	creds := sb.Credentials()
	signer, err := keystore.OpenFile(creds.KeyPath, "", creds.CertPath)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: env.ESIA, APIKey: creds.APIKey, Signer: config.ESIASigner(signer)})
	if err != nil {
		t.Fatal(err)
	}
	hc, err := env.EPGUHTTPClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := epgu.New(epgu.Options{BaseURL: env.EPGU, Tokens: ts, HTTPClient: hc, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id, err := cl.CreateOrder(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-60010153"})
	if err != nil {
		t.Fatalf("reserving an order through the tunnel: %v", err)
	}
	d, err := cl.Details(ctx, id)
	if err != nil {
		t.Fatalf("order details through the tunnel: %v", err)
	}
	if d == nil {
		t.Fatal("no details")
	}
	for _, l := range []func() string{serverLog, clientLog} {
		if !strings.Contains(l(), suite) {
			t.Fatalf("the stunnel log does not show the GOST suite %s negotiated:\n%s", suite, l())
		}
	}

	// The same through the application layer, as the GUI and gosctl open a
	// session: core/workflow with the transport given as per-run overrides.
	t.Setenv(config.DirVar, t.TempDir())
	keyFile := filepath.Join(t.TempDir(), "apikey.txt")
	os.WriteFile(keyFile, []byte(creds.APIKey), 0o600)
	core, err := workflow.Open(workflow.Options{DataDir: t.TempDir(), Settings: &config.Settings{}, NoJournal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer core.Close()
	sess, err := core.OpenSession(ctx, workflow.SessionOptions{Env: "test",
		Creds:     workflow.Credentials{APIKeyFile: keyFile, Key: creds.KeyPath, Cert: creds.CertPath},
		Overrides: config.Overrides{ESIAURL: sb.URL(), EPGUURL: env.EPGU, Transport: config.TransportTunnel}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.CheckTunnel(ctx); err != nil {
		t.Fatalf("session tunnel check: %v", err)
	}
	wid, err := sess.Reserve(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-60010153"})
	if err != nil {
		t.Fatalf("workflow session through the tunnel: %v", err)
	}
	if _, err := sess.Details(ctx, wid); err != nil {
		t.Fatalf("workflow details through the tunnel: %v", err)
	}

	// The tunnel stops: the user learns it in Russian, with what to do.
	stopClient()
	if err := sess.CheckTunnel(ctx); !errors.As(err, new(*config.ErrTunnelDown)) {
		t.Fatalf("session tunnel check with the tunnel stopped: %v", err)
	}
	_, err = cl.Details(ctx, id)
	var down *config.ErrTunnelDown
	if !errors.As(err, &down) {
		t.Fatalf("with the tunnel stopped: %v, want config.ErrTunnelDown", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "туннель ГОСТ TLS к API ЕПГУ не запущен") {
		t.Fatalf("message %q", msg)
	}
}

// TestNativeGOSTTLSEndToEnd: the other route — gosdesk's own GOST TLS
// client (transport gosttls) → the GOST-TLS-only server → the sandbox,
// through core/workflow as the GUI and gosctl open sessions, for every
// suite the server is limited to.
func TestNativeGOSTTLSEndToEnd(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	oracle.RequireTool(t, "stunnel4", "stunnel4")
	p := gosttlstest.NewPKI(t)
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })
	t.Setenv(config.DirVar, t.TempDir())

	sb, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Timing: sandbox.TimingInstant})
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	creds := sb.Credentials()
	keyFile := filepath.Join(t.TempDir(), "apikey.txt")
	os.WriteFile(keyFile, []byte(creds.APIKey), 0o600)
	trust := t.TempDir()
	ca, _ := os.ReadFile(p.CACert)
	os.WriteFile(filepath.Join(trust, "root.pem"), ca, 0o644)
	core, err := workflow.Open(workflow.Options{DataDir: t.TempDir(), Settings: &config.Settings{}, NoJournal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer core.Close()

	for _, suite := range []gosttls.CipherSuite{gosttls.TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC, gosttls.TLS_CIPHER_2012} {
		t.Run(suite.OpenSSLName(), func(t *testing.T) {
			port := gosttlstest.FreePort(t)
			stunnel(t, "gost-server", fmt.Sprintf(
				"[epgu-gost]\naccept = 127.0.0.1:%d\nconnect = %s\ncert = %s\nkey = %s\nciphers = %s\nsslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2\n",
				port, sb.Addr(), p.Server512, p.Key512, suite.OpenSSLName()))
			waitPort(t, fmt.Sprintf("127.0.0.1:%d", port))
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			sess, err := core.OpenSession(ctx, workflow.SessionOptions{Env: "test",
				Creds: workflow.Credentials{APIKeyFile: keyFile, Key: creds.KeyPath, Cert: creds.CertPath},
				Overrides: config.Overrides{ESIAURL: sb.URL(), EPGUURL: fmt.Sprintf("https://localhost:%d", port),
					Transport: config.TransportGOSTTLS, TrustDir: trust}})
			if err != nil {
				t.Fatal(err)
			}
			id, err := sess.Reserve(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-60010153"})
			if err != nil {
				t.Fatalf("reserving through the built-in GOST TLS: %v", err)
			}
			if _, err := sess.Details(ctx, id); err != nil {
				t.Fatalf("details through the built-in GOST TLS: %v", err)
			}
		})
	}
}

// TestGosctlThroughTunnel: the chain with the real command line —
// the gosctl binary → stunnel4 (client, OpenSSL GOST engine) → the
// GOST-only server → the sandbox; then with the tunnel stopped gosctl
// fails (exit 1) and says so in Russian.
func TestGosctlThroughTunnel(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	oracle.RequireTool(t, "stunnel4", "stunnel4")
	p := gosttlstest.NewPKI(t)
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gosctl := filepath.Join(t.TempDir(), "gosctl")
	build := exec.Command("go", "build", "-o", gosctl, "./cmd/gosctl")
	build.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building gosctl: %v\n%s", err, out)
	}
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })
	sb, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Timing: sandbox.TimingInstant})
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	suite := gosttls.TLS_CIPHER_2012.OpenSSLName() // the identifier the API ЕПГУ spec names
	serverPort, clientPort := gosttlstest.FreePort(t), gosttlstest.FreePort(t)
	stunnel(t, "gost-server", fmt.Sprintf(
		"[epgu-gost]\naccept = 127.0.0.1:%d\nconnect = %s\ncert = %s\nkey = %s\nciphers = %s\nsslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2\n",
		serverPort, sb.Addr(), p.Server256, p.Key256, suite))
	stopClient, _ := stunnel(t, "gost-client", fmt.Sprintf(
		"[epgu-test]\nclient = yes\naccept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\nciphers = %s\nsslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2\nCAfile = %s\nverifyChain = yes\ncheckHost = localhost\n",
		clientPort, serverPort, suite, p.CACert))
	waitPort(t, fmt.Sprintf("127.0.0.1:%d", serverPort))
	waitPort(t, fmt.Sprintf("127.0.0.1:%d", clientPort))

	creds := sb.Credentials()
	keyFile := filepath.Join(t.TempDir(), "apikey.txt")
	os.WriteFile(keyFile, []byte(creds.APIKey), 0o600)
	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(gosctl, args...)
		cmd.Env = append(os.Environ(), config.DirVar+"="+t.TempDir(), workflow.DataDirVar+"="+t.TempDir(), "GOSDESK_LANG=ru")
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}
	conn := []string{"--env", "test", "--esia-url", sb.URL(), "--epgu-url", fmt.Sprintf("http://127.0.0.1:%d", clientPort),
		"--transport", "tunnel", "--api-key-file", keyFile, "--key", creds.KeyPath, "--cert", creds.CertPath}
	code, out, errs := run(append([]string{"epgu", "order", "create", "--service", "60010153", "-q"}, conn...)...)
	id := strings.TrimSpace(out)
	if code != 0 || id == "" {
		t.Fatalf("gosctl epgu order create through the tunnel: exit %d, %q %s", code, out, errs)
	}
	if code, out, errs := run(append(append([]string{"epgu", "order", "status"}, conn...), id)...); code != 0 || !strings.Contains(out, id) {
		t.Fatalf("gosctl epgu order status through the tunnel: exit %d, %s %s", code, out, errs)
	}
	stopClient()
	// (A new reservation: workflow returns a failed create at once, while
	// status queries are retried as dropped connections.)
	code, _, errs = run(append([]string{"epgu", "order", "create", "--service", "60010153", "-q"}, conn...)...)
	if code != 1 || !strings.Contains(errs, "туннель ГОСТ TLS к API ЕПГУ не запущен") {
		t.Fatalf("with the tunnel stopped: exit %d, stderr %q", code, errs)
	}
}
