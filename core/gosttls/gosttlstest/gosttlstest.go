// Package gosttlstest runs OpenSSL's s_server with Debian's GOST engine as
// the counterpart of GOST TLS tests (core/gosttls, core/tunnel, the bench):
// it makes a test PKI with openssl (a CA, server certificates on 256- and
// 512-bit curves, a client certificate) and starts servers with one GOST
// cipher suite each. Like internal/oracle, a missing engine fails the test.
package gosttlstest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// PKI is a test PKI made by openssl with the GOST engine. File names are
// PEM files inside Dir.
type PKI struct {
	Dir                   string
	CACert, CAKey         string
	Server256, Key256     string // CN=localhost, SAN DNS:localhost IP:127.0.0.1, paramset A (tc26-256-B)
	Server512, Key512     string // the same on tc26-512-A
	ClientCert, ClientKey string // a client certificate of the same CA
	Other256, OtherKey    string // CN=other.example, SAN DNS:other.example
	// Servers on the cofactor-4 twisted Edwards curves tc26-256-A and
	// tc26-512-C, and a client certificate with a 512-bit key.
	ServerTCA, KeyTCA           string
	Server512C, Key512C         string
	Client512Cert, Client512Key string
}

var (
	once   sync.Once
	shared *PKI
	err0   error
)

// NewPKI returns the process-wide test PKI, made on first use.
func NewPKI(tb testing.TB) *PKI {
	tb.Helper()
	oracle.RequireOpenSSLGost(tb)
	once.Do(func() { shared, err0 = makePKI() })
	if err0 != nil {
		tb.Fatalf("gosttlstest: making the test PKI with openssl: %v", err0)
	}
	return shared
}

func ossl(dir string, args ...string) error {
	conf, err := oracle.ConfPath()
	if err != nil {
		return err
	}
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("openssl %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

func makePKI() (*PKI, error) {
	dir, err := os.MkdirTemp("", "gosttls-pki-")
	if err != nil {
		return nil, err
	}
	p := &PKI{Dir: dir}
	j := func(n string) string { return filepath.Join(dir, n) }
	p.CACert, p.CAKey = j("ca.pem"), j("ca.key")
	p.Server256, p.Key256 = j("server256.pem"), j("server256.key")
	p.Server512, p.Key512 = j("server512.pem"), j("server512.key")
	p.ClientCert, p.ClientKey = j("client.pem"), j("client.key")
	p.Other256, p.OtherKey = j("other.pem"), j("other.key")
	p.ServerTCA, p.KeyTCA = j("servertca.pem"), j("servertca.key")
	p.Server512C, p.Key512C = j("server512c.pem"), j("server512c.key")
	p.Client512Cert, p.Client512Key = j("client512.pem"), j("client512.key")
	steps := [][]string{
		{"genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "ca.key"},
		{"req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "3650", "-md_gost12_256",
			"-subj", "/CN=gosdesk GOST TLS test CA", "-addext", "basicConstraints=critical,CA:TRUE",
			"-addext", "keyUsage=critical,keyCertSign,cRLSign"},
	}
	leaf := func(name, alg, cn, san, eku string) [][]string {
		paramset := "A"
		if i := strings.IndexByte(alg, ':'); i > 0 {
			alg, paramset = alg[:i], alg[i+1:]
		}
		ext := filepath.Join(dir, name+".ext")
		os.WriteFile(ext, []byte("subjectAltName="+san+"\nkeyUsage=digitalSignature,keyEncipherment,keyAgreement\nextendedKeyUsage="+eku+"\n"), 0o644)
		return [][]string{
			{"genpkey", "-algorithm", alg, "-pkeyopt", "paramset:" + paramset, "-out", name + ".key"},
			{"req", "-new", "-key", name + ".key", "-subj", "/CN=" + cn, "-out", name + ".csr"},
			{"x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
				"-days", "365", "-md_gost12_256", "-extfile", ext, "-out", name + ".pem"},
		}
	}
	steps = append(steps, leaf("server256", "gost2012_256", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth")...)
	steps = append(steps, leaf("server512", "gost2012_512", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth")...)
	steps = append(steps, leaf("client", "gost2012_256", "gosdesk test client", "DNS:client.invalid", "clientAuth")...)
	steps = append(steps, leaf("other", "gost2012_256", "other.example", "DNS:other.example", "serverAuth")...)
	steps = append(steps, leaf("servertca", "gost2012_256:TCA", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth")...)
	steps = append(steps, leaf("server512c", "gost2012_512:C", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth")...)
	steps = append(steps, leaf("client512", "gost2012_512", "gosdesk test client 512", "DNS:client.invalid", "clientAuth")...)
	for _, s := range steps {
		if err := ossl(dir, s...); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Roots returns a trust store with the test CA.
func (p *PKI) Roots(tb testing.TB) *pki.TrustStore {
	tb.Helper()
	b, err := os.ReadFile(p.CACert)
	if err != nil {
		tb.Fatal(err)
	}
	certs, err := pki.ParseCertificates(b)
	if err != nil {
		tb.Fatal(err)
	}
	return pki.NewTrustStore(certs...)
}

// ServerOptions configure an s_server.
type ServerOptions struct {
	Cert, Key string // PEM files
	Cipher    string // OpenSSL cipher string, e.g. "GOST2012-MAGMA-MAGMAOMAC"
	// VerifyCA, when set, makes the server require a client certificate
	// issued by this CA (s_server -Verify).
	VerifyCA string
	// WWWDir is served with -WWW (GET /file); empty: a fresh temp folder.
	WWWDir string
	// Extra arguments.
	Extra []string
}

// Server is a running openssl s_server.
type Server struct {
	Addr   string // 127.0.0.1:port
	WWWDir string
	cmd    *exec.Cmd
	out    *syncBuffer
}

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

// FreePort returns a free TCP port on 127.0.0.1.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// StartServer starts openssl s_server -WWW and waits until it accepts
// connections; it is stopped when the test ends.
func StartServer(tb testing.TB, o ServerOptions) *Server {
	tb.Helper()
	conf, err := oracle.ConfPath()
	if err != nil {
		tb.Fatal(err)
	}
	if o.WWWDir == "" {
		o.WWWDir = tb.TempDir()
	}
	port := FreePort(tb)
	args := []string{"s_server", "-accept", fmt.Sprintf("127.0.0.1:%d", port), "-cert", o.Cert, "-key", o.Key,
		"-tls1_2", "-WWW", "-quiet"}
	if o.Cipher != "" {
		args = append(args, "-cipher", o.Cipher)
	}
	if o.VerifyCA != "" {
		args = append(args, "-Verify", "2", "-verify_return_error", "-CAfile", o.VerifyCA)
	}
	args = append(args, o.Extra...)
	cmd := exec.Command("openssl", args...)
	cmd.Dir = o.WWWDir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	s := &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), WWWDir: o.WWWDir, cmd: cmd, out: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		tb.Fatalf("openssl s_server: %v", err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if tb.Failed() {
			tb.Logf("s_server %s output:\n%s", o.Cipher, s.out.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		c, err := net.Dial("tcp", s.Addr)
		if err == nil {
			c.Close()
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("openssl s_server did not start: %s", s.out.String())
	return nil
}

// Output returns what s_server printed so far.
func (s *Server) Output() string { return s.out.String() }
