// Package oracle runs the independent implementations that gosdesk is
// checked against: OpenSSL with Debian's GOST engine (libengine-gost-openssl),
// gost12sum/gostsum (package gostsum) and xmllint (libxml2-utils).
//
// Tests that need an oracle call Require*, which FAILS the test (never skips)
// when the tool is missing: `make test` installs them through `make deps`.
//
// openssl-gost.cnf is a copy of shared/fixtures/gost/openssl-gost.cnf
// (engine mode, dynamic_path of Debian bookworm amd64).
package oracle

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

//go:embed openssl-gost.cnf
var gostConf []byte

// EnginePaths are the places Debian puts the GOST engine.
var EnginePaths = []string{
	"/usr/lib/x86_64-linux-gnu/engines-3/gost.so",
	"/usr/lib/aarch64-linux-gnu/engines-3/gost.so",
	"/usr/lib/engines-3/gost.so",
}

var (
	confOnce sync.Once
	confPath string
	confErr  error
)

func enginePath() (string, error) {
	for _, p := range EnginePaths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("OpenSSL GOST engine not found (apt-get install libengine-gost-openssl); looked in %v", EnginePaths)
}

// ConfPath writes the engine configuration once per process (with the
// engine path of this machine) and returns its file name.
func ConfPath() (string, error) {
	confOnce.Do(func() {
		eng, err := enginePath()
		if err != nil {
			confErr = err
			return
		}
		conf := strings.Replace(string(gostConf),
			"/usr/lib/x86_64-linux-gnu/engines-3/gost.so", eng, 1)
		dir, err := os.MkdirTemp("", "gosdesk-oracle-")
		if err != nil {
			confErr = err
			return
		}
		confPath = filepath.Join(dir, "openssl-gost.cnf")
		confErr = os.WriteFile(confPath, []byte(conf), 0o644)
	})
	return confPath, confErr
}

// OpenSSL runs `openssl args...` with the GOST engine loaded, feeding stdin
// (may be nil), and returns stdout. A non-zero exit is an error carrying stderr.
func OpenSSL(stdin []byte, args ...string) ([]byte, error) {
	conf, err := ConfPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("openssl", args...)
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("openssl %s: %v: %s", strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes(), nil
}

// Run runs any command and returns its stdout; a non-zero exit is an error
// carrying stderr.
func Run(stdin []byte, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes(), nil
}

func fail(tb testing.TB, what, pkg string, err error) {
	tb.Helper()
	tb.Fatalf("oracle %s is not usable: %v\n"+
		"This test needs it and never skips: run `make deps` (as root) or `apt-get install %s`.",
		what, err, pkg)
}

// RequireOpenSSLGost fails the test unless openssl with the GOST engine can
// hash with Streebog.
func RequireOpenSSLGost(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		fail(tb, "openssl", "openssl", err)
	}
	out, err := OpenSSL([]byte("abc"), "dgst", "-md_gost12_256", "-r")
	if err != nil {
		fail(tb, "openssl+gost engine", "libengine-gost-openssl", err)
	}
	if !strings.HasPrefix(string(out), "4e2919cf137ed41ec4fb6270c61826cc4fffb660341e0af3688cd0626d23b481") {
		fail(tb, "openssl+gost engine", "libengine-gost-openssl", fmt.Errorf("unexpected Streebog(abc): %q", out))
	}
}

// RequireTool fails the test unless the named command exists; pkg is the
// Debian package that provides it.
func RequireTool(tb testing.TB, name, pkg string) {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		fail(tb, name, pkg, err)
	}
}

// Parallelism is a sensible number of oracle processes to run at once.
func Parallelism() int { return max(2, runtime.NumCPU()) }

// Parallel runs f(0…n-1) on Parallelism() goroutines and waits for them:
// oracle cross-checks spawn one process per case, so they overlap well.
func Parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range Parallelism() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// CompareEnc checks a cipher against `openssl enc ARGS…` (e.g. "-magma-cbc",
// "-nopad", "-K", key, "-iv", iv) in both directions: OpenSSL's ciphertext
// of data must equal encrypt(data), and both OpenSSL and decrypt must turn
// it back into data.
func CompareEnc(args []string, data []byte, encrypt, decrypt func([]byte) []byte) error {
	got, err := OpenSSL(data, append([]string{"enc"}, args...)...)
	if err != nil {
		return err
	}
	want := encrypt(data)
	if !bytes.Equal(got, want) {
		return fmt.Errorf("encryption differs from openssl enc %s", strings.Join(args[:1], " "))
	}
	dec, err := OpenSSL(want, append([]string{"enc", "-d"}, args...)...)
	if err != nil {
		return err
	}
	if !bytes.Equal(dec, data) || !bytes.Equal(decrypt(want), data) {
		return fmt.Errorf("decryption differs from openssl enc -d %s", strings.Join(args[:1], " "))
	}
	return nil
}
