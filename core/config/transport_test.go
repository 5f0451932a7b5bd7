package config

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/gosttls/gosttlstest"
)

func TestResolveWithSeparateURLsAndTransport(t *testing.T) {
	t.Setenv(SandboxAddrVar, "")
	cases := []struct {
		name string
		s    *Settings
		o    Overrides
		want Environment
		err  error
	}{
		// a tunnel for the test contour: the real host comes from the environment
		{"test", nil, Overrides{EPGUURL: "http://127.0.0.1:8443", Transport: "tunnel"},
			Environment{Name: EnvTest, ESIA: esia.BaseURLTest, EPGU: "http://127.0.0.1:8443", Transport: TransportTunnel,
				EPGUHost: strings.TrimPrefix(epgu.BaseURLTest, "https://")}, nil},
		// settings give the tunnel, a flag overrides the ЕСИА URL
		{"prod", &Settings{EPGUURL: "http://localhost:9443/", Transport: "TUNNEL"}, Overrides{ESIAURL: "https://esia.example.ru"},
			Environment{Name: EnvProd, ESIA: "https://esia.example.ru", EPGU: "http://localhost:9443", Transport: TransportTunnel,
				EPGUHost: "www.gosuslugi.ru"}, nil},
		{"sandbox", nil, Overrides{EPGUURL: "http://127.0.0.1:8443", Transport: "tunnel", EPGUHost: "svc.example.ru"},
			Environment{Name: EnvSandbox, ESIA: "http://127.0.0.1:8089", EPGU: "http://127.0.0.1:8443", Transport: TransportTunnel,
				EPGUHost: "svc.example.ru"}, nil},
		{"test", nil, Overrides{Transport: "gosttls", TrustDir: "/etc/gosdesk/roots"},
			Environment{Name: EnvTest, ESIA: esia.BaseURLTest, EPGU: epgu.BaseURLTest, Transport: TransportGOSTTLS,
				TrustDir: "/etc/gosdesk/roots"}, nil},
		{"sandbox", nil, Overrides{Transport: "tunnel"}, Environment{}, ErrTunnelHost}, // the sandbox has no real host behind it
		{"sandbox", nil, Overrides{EPGUURL: "http://127.0.0.1:1", Transport: "tunnel"}, Environment{}, ErrTunnelHost},
		{"test", nil, Overrides{EPGUURL: "https://127.0.0.1:8443", Transport: "tunnel"}, Environment{}, ErrTunnelURL},
		{"test", nil, Overrides{EPGUURL: "http://10.0.0.1:8443", Transport: "tunnel"}, Environment{}, ErrPlainHTTP},
		{"test", nil, Overrides{Transport: "gosttls"}, Environment{}, ErrNoTrustDir},
		{"sandbox", nil, Overrides{Transport: "gosttls", TrustDir: "/x"}, Environment{}, ErrGOSTTLSURL},
		{"test", nil, Overrides{Transport: "carrier-pigeon"}, Environment{}, ErrUnknownTransport},
		{"test", nil, Overrides{ESIAURL: "ftp://x"}, Environment{}, ErrUnknownEnv},
	}
	for _, c := range cases {
		got, err := ResolveWith(c.name, c.s, c.o)
		if !errors.Is(err, c.err) || got != c.want {
			t.Errorf("ResolveWith(%q, %+v, %+v) = %+v, %v; want %+v, %v", c.name, c.s, c.o, got, err, c.want, c.err)
		}
	}
	if _, err := Parse([]byte(`{"env":"test","epguUrl":"http://127.0.0.1:8443","transport":"tunnel","esiaUrl":"https://esia-portal1.test.gosuslugi.ru","epguHost":"h","trustDir":"/r"}`)); err != nil {
		t.Errorf("settings with the transport fields refused: %v", err)
	}
}

// TestTunnelSendsRealHost: through a tunnel the request goes to the local
// port and carries the real API ЕПГУ host name.
func TestTunnelSendsRealHost(t *testing.T) {
	var gotHost string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotHost = r.Host
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	env, err := ResolveWith("test", nil, Overrides{EPGUURL: srv.URL, Transport: TransportTunnel})
	if err != nil {
		t.Fatal(err)
	}
	hc, err := env.EPGUHTTPClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(env.EPGU + "/api/gusmev/order")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if gotHost != "svcdev-gostapi.test.gosuslugi.ru" {
		t.Fatalf("Host = %q, want the real API ЕПГУ host", gotHost)
	}
	if err := env.CheckTunnel(t.Context()); err != nil {
		t.Fatalf("CheckTunnel with the tunnel up: %v", err)
	}
}

// TestTunnelDown: with nothing listening the error says the tunnel is not
// running and what to do, in Russian.
func TestTunnelDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	env, err := ResolveWith("prod", nil, Overrides{EPGUURL: addr, Transport: TransportTunnel})
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := env.EPGUHTTPClient(nil)
	_, err = hc.Get(env.EPGU + "/")
	var down *ErrTunnelDown
	if !errors.As(err, &down) {
		t.Fatalf("error %v, want ErrTunnelDown", err)
	}
	if msg := down.Error(); !strings.Contains(msg, "туннель ГОСТ TLS к API ЕПГУ не запущен") || !strings.Contains(msg, "gosctl tunnel config") {
		t.Fatalf("message %q does not say the tunnel is down and what to do", msg)
	}
	cerr := env.CheckTunnel(t.Context())
	if !errors.As(cerr, &down) {
		t.Fatalf("CheckTunnel with the tunnel down: %v", cerr)
	}
	var ne net.Error
	if errors.As(cerr, &ne) || errors.As(down, &ne) {
		t.Fatal("a stopped tunnel unwraps to a network error: callers would retry it as a dropped connection")
	}
}

// TestGOSTTLSTransport: transport gosttls reaches an OpenSSL GOST TLS
// server, trusting the roots of TrustDir.
func TestGOSTTLSTransport(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	www := t.TempDir()
	os.WriteFile(filepath.Join(www, "ping"), []byte("pong"), 0o644)
	srv := gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: p.Server512, Key: p.Key512,
		Cipher: gosttls.TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC.OpenSSLName(), WWWDir: www})
	trust := t.TempDir()
	ca, _ := os.ReadFile(p.CACert)
	os.WriteFile(filepath.Join(trust, "root.pem"), ca, 0o644)
	url := "https://localhost" + srv.Addr[len("127.0.0.1"):]
	env, err := ResolveWith(url, nil, Overrides{Transport: TransportGOSTTLS, TrustDir: trust})
	if err != nil {
		t.Fatal(err)
	}
	hc, err := env.EPGUHTTPClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(env.EPGU + "/ping")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "pong" {
		t.Fatalf("body %q", b)
	}
}

// TestTunnelBroken: a tunnel that accepts and closes (stunnel up, its GOST
// TLS link to ЕПГУ failing) is told apart from a tunnel that is not running.
func TestTunnelBroken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	env, err := ResolveWith("test", nil, Overrides{EPGUURL: "http://" + l.Addr().String(), Transport: TransportTunnel})
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := env.EPGUHTTPClient(nil)
	_, err = hc.Get(env.EPGU + "/")
	var broken *ErrTunnelBroken
	if !errors.As(err, &broken) || !strings.Contains(err.Error(), "смотрите журнал stunnel") {
		t.Fatalf("error %v, want ErrTunnelBroken", err)
	}
	if errors.As(err, new(*ErrTunnelDown)) {
		t.Fatal("a running tunnel reported as not running")
	}
}

// TestTunnelStoppedUnderAKeptConnection: stunnel answers once over a
// kept-alive connection, then stops; the next request goes out on that
// connection and finds it closed. The user is told the tunnel is not
// running (start it), not that its link to ЕПГУ failed.
func TestTunnelStoppedUnderAKeptConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan struct{})
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		for i := 0; ; i++ {
			req, err := http.ReadRequest(r)
			if err != nil {
				return
			}
			io.Copy(io.Discard, req.Body)
			if i == 1 {
				// the tunnel has stopped: the port is closed, and the
				// kept connection is closed without an answer
				close(second)
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
			l.Close()
		}
	}()
	env, err := ResolveWith("test", nil, Overrides{EPGUURL: "http://" + l.Addr().String(), Transport: TransportTunnel})
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := env.EPGUHTTPClient(nil)
	resp, err := hc.Post(env.EPGU+"/", "text/plain", strings.NewReader("1"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_, err = hc.Post(env.EPGU+"/", "text/plain", strings.NewReader("2"))
	select {
	case <-second:
	default:
		t.Fatalf("the second request did not use the kept connection: %v", err)
	}
	var down *ErrTunnelDown
	if !errors.As(err, &down) {
		t.Fatalf("error %v, want ErrTunnelDown", err)
	}
}
