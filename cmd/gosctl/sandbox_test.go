package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"github.com/zalando/go-keyring"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/sirupsen/logrus"
)

// sbx is an in-process sandbox and the credential options for it.
type sbx struct {
	srv   *sandbox.Server
	dir   string   // credential files
	creds []string // --env URL --api-key-file … --key … --cert …
}

// startSandbox runs a sandbox on 127.0.0.1:0 with instant statuses, the
// gosctl extras (seed route, container, PFX, API key file), and keeps
// the user's settings out of the way.
func startSandbox(t *testing.T) *sbx {
	t.Helper()
	t.Setenv(config.DirVar, t.TempDir())
	t.Setenv(config.SandboxAddrVar, "")
	t.Setenv(workflow.DataDirVar, t.TempDir())
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(os.Stderr) })
	srv, err := sandbox.New(sandbox.Options{Addr: "127.0.0.1:0", Timing: sandbox.TimingInstant})
	if err != nil {
		t.Fatal(err)
	}
	if err := mountExtras(srv); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if err := writeSandboxExtras(io.Discard, srv); err != nil {
		t.Fatal(err)
	}
	c := srv.Credentials()
	dir := filepath.Dir(c.CertPath)
	return &sbx{srv: srv, dir: dir, creds: []string{"--env", srv.URL(), "--api-key-file", filepath.Join(dir, sandboxAPIKeyFile), "--key", c.KeyPath, "--cert", c.CertPath}}
}

// run is gosctl with the sandbox credentials inserted after the command
// words (flags must precede the positional arguments).
func (s *sbx) run(t *testing.T, words []string, args ...string) (int, string, string) {
	t.Helper()
	a := append(append(append([]string(nil), words...), s.creds...), args...)
	return gosctl(t, "", a...)
}

// container is the employee's CryptoPro container folder.
func (s *sbx) container() string {
	if d := sandboxContainer(s.srv.Credentials()); d != "" {
		return d
	}
	return filepath.Join(s.dir, sandboxContainerDir)
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSandboxCommand(t *testing.T) {
	t.Setenv(config.DirVar, t.TempDir())
	logrus.SetOutput(io.Discard)
	defer logrus.SetOutput(os.Stderr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := sandboxContext
	sandboxContext = func() (context.Context, context.CancelFunc) { return ctx, func() {} }
	defer func() { sandboxContext = old }()

	data := t.TempDir()
	var out, errb syncBuffer
	done := make(chan int, 1)
	i18n.Set(i18n.RU)
	go func() {
		done <- run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, []string{"sandbox", "--addr", "127.0.0.1:0", "--data", data})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Песочница работает") {
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox did not start:\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	printed := out.String()
	url := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(printed, "\n", 2)[0], "Песочница ЕСИА/ЕПГУ:"))
	for _, want := range []string{"тестовый API-ключ", "контейнер КриптоПро:", filepath.Join(data, sandboxPFX), filepath.Join(data, sandboxAPIKeyFile)} {
		if !strings.Contains(printed, want) {
			t.Errorf("the banner lacks %q:\n%s", want, printed)
		}
	}
	field := func(label string) string {
		for _, l := range strings.Split(printed, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(l), label); ok {
				return strings.Fields(v)[0]
			}
		}
		t.Fatalf("the banner lacks %q:\n%s", label, printed)
		return ""
	}
	// every credential form it printed works against it
	t.Setenv("SBX_PIN", field("PIN контейнера и PFX:"))
	for _, keyArgs := range [][]string{
		{"--pfx", filepath.Join(data, sandboxPFX), "--pin-env", "SBX_PIN"},
		{"--container", field("контейнер КриптоПро:"), "--pin-env", "SBX_PIN"},
		{"--key", field("ключ сотрудника:"), "--cert", field("сертификат сотрудника:")},
	} {
		args := append([]string{"esia", "token", "--env", url, "--api-key-file", filepath.Join(data, sandboxAPIKeyFile)}, keyArgs...)
		code, so, se := gosctl(t, "", args...)
		if code != exitOK || !strings.Contains(so, "Маркер получен") {
			t.Errorf("%v: code %d\n%s%s", keyArgs, code, so, se)
		}
	}
	// "--env sandbox" finds the sandbox by address and asks it for test credentials
	t.Setenv(config.SandboxAddrVar, strings.TrimPrefix(url, "http://"))
	if code, so, se := gosctl(t, "", "esia", "token", "--env", "sandbox"); code != exitOK || !strings.Contains(so, "Субъект (urn:esia:sbj_id): 1000000201") {
		t.Errorf("--env sandbox: code %d\n%s%s", code, so, se)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(out.String(), "Песочница остановлена") {
			t.Errorf("stop: code %d\n%s\n%s", code, out.String(), errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
	// the state is kept in --data
	if _, err := os.Stat(filepath.Join(data, "employee.cer")); err != nil {
		t.Error(err)
	}
}

func TestSandboxRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8089", "192.168.1.10:8089", "example.ru:80"} {
		code, _, errs := gosctl(t, "", "sandbox", "--addr", addr)
		if code != exitUsage || !strings.Contains(errs, "песочница работает только на локальном адресе") {
			t.Errorf("--addr %s: code %d, %s", addr, code, errs)
		}
	}
	if code, _, errs := gosctl(t, "", "sandbox", "--addr", "8089"); code != exitUsage || !strings.Contains(errs, "неверный адрес") {
		t.Errorf("--addr 8089: code %d, %s", code, errs)
	}
	if code, _, _ := gosctl(t, "", "sandbox", "extra"); code != exitUsage {
		t.Errorf("extra argument: code %d", code)
	}
}

// fsspArchive writes a stored ZIP for ФССП 60010153 — req.xml and
// piev_epgu.xml from the service catalog's templates with the order number
// inside (the sandbox validates them) — plus extra pseudo-random bytes.
// It returns req.xml.
func fsspArchive(t *testing.T, path string, orderID int64, extra int) []byte {
	t.Helper()
	sv, ok := xsd.Lookup("60010153")
	if !ok {
		t.Fatal("60010153 is not in the catalog")
	}
	var files [][2][]byte
	for _, role := range []string{"req", "piev_epgu"} {
		b, err := sv.FillTemplate(role, time.Now().In(xsd.Moscow), map[string]string{"orderId": strconv.FormatInt(orderID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, [2][]byte{[]byte(role + ".xml"), b})
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw := zip.NewWriter(bw)
	for _, x := range files {
		w, _ := zw.Create(string(x[0]))
		w.Write(x[1])
	}
	if extra > 0 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "scan.bin", Method: zip.Store})
		buf := make([]byte, extra)
		rand.NewChaCha8([32]byte{5}).Read(buf)
		w.Write(buf)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return files[0][1]
}

// `gosctl sandbox` serves API ЕНС beside ЕСИА and API ЕПГУ: the ENS
// commands with --env sandbox work against the same address.
func TestSandboxServesENS(t *testing.T) {
	s := startSandbox(t)
	keyring.MockInit()
	t.Setenv(config.SandboxAddrVar, s.srv.Addr())
	code, out, errs := gosctl(t, "", "ens", "login", "--env", "sandbox", "--mode", "representative")
	if code != exitOK || !strings.Contains(out, "Доверенность №") {
		t.Fatalf("ens login on gosctl sandbox: %d\n%s%s", code, out, errs)
	}
	code, out, errs = gosctl(t, "", "ens", "operations", "--env", "sandbox", "--mode", "representative", "--from", "01.01.2026", "--to", "31.01.2026")
	if code != exitOK || !strings.Contains(out, "Сальдо") {
		t.Fatalf("ens operations on gosctl sandbox: %d\n%s%s", code, out, errs)
	}
}
