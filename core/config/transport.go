package config

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/pki"
)

// How requests reach API ЕПГУ (spec v1.13 §1.2: the real API answers only
// over GOST TLS).
const (
	// TransportPlain: Go's own HTTP client (the sandbox; https hosts that
	// do not need GOST TLS).
	TransportPlain = "plain"
	// TransportTunnel: API ЕПГУ's address is a local GOST TLS tunnel
	// (CryptoPro's stunnel, see core/tunnel) at http://127.0.0.1:PORT that
	// forwards to the real host; requests carry the real host in Host.
	// The compliant route: the tunnel is certified СКЗИ.
	TransportTunnel = "tunnel"
	// TransportGOSTTLS: gosdesk's own GOST TLS client (core/gosttls), NOT a
	// certified СКЗИ — for testing and for users who accept that.
	TransportGOSTTLS = "gosttls"
)

// Overrides are per-run choices (command-line flags) that take precedence
// over the settings file.
type Overrides struct {
	ESIAURL   string // base URL of ЕСИА
	EPGUURL   string // base URL of API ЕПГУ (a tunnel: http://127.0.0.1:PORT)
	EPGUHost  string // Host header for API ЕПГУ through a tunnel
	Transport string // plain, tunnel or gosttls
	TrustDir  string // root certificates for gosttls
}

// Errors of the transport settings.
var (
	ErrUnknownTransport = i18n.New("неизвестный способ подключения к API ЕПГУ: нужен plain, tunnel или gosttls",
		"unknown EPGU API transport: use plain, tunnel or gosttls")
	ErrTunnelURL = i18n.New("для туннеля адрес API ЕПГУ должен быть локальным: http://127.0.0.1:ПОРТ (порт, который слушает stunnel)",
		"with the tunnel, the EPGU API address must be local: http://127.0.0.1:PORT (the port stunnel listens on)")
	ErrTunnelHost = i18n.New("для туннеля нужно имя настоящего сервера API ЕПГУ (заголовок Host): задайте --epgu-host или выберите среду test/prod",
		"the tunnel needs the real EPGU API host name (the Host header): give --epgu-host or choose env test/prod")
	ErrGOSTTLSURL = i18n.New("для встроенного ГОСТ TLS адрес API ЕПГУ должен начинаться с https://",
		"with the built-in GOST TLS, the EPGU API address must start with https://")
	ErrNoTrustDir = i18n.New("для встроенного ГОСТ TLS укажите папку с корневыми сертификатами (для ЕПГУ — сертификат Минцифры России): настройка trustDir или --trust-dir",
		"the built-in GOST TLS needs a folder of root certificates (for EPGU: the Ministry of Digital Development root): setting trustDir or --trust-dir")
)

// ResolveWith is Resolve with per-run overrides: separate ЕСИА and API ЕПГУ
// base URLs, the transport to API ЕПГУ and, for a tunnel, the real host.
// Settings fields (esiaUrl, epguUrl, epguHost, transport, trustDir) apply
// first, overrides after.
func ResolveWith(name string, s *Settings, o Overrides) (Environment, error) {
	if s == nil {
		s = &Settings{}
	}
	env, err := resolveName(name, s)
	if err != nil {
		return Environment{}, err
	}
	realEPGU := env.EPGU
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	esiaURL := pick(s.ESIAURL, o.ESIAURL)
	epguURL := pick(s.EPGUURL, o.EPGUURL)
	env.Transport = strings.ToLower(pick(pick(s.Transport, o.Transport), ""))
	env.EPGUHost = pick(s.EPGUHost, o.EPGUHost)
	env.TrustDir = pick(s.TrustDir, o.TrustDir)
	if esiaURL != "" {
		if env.ESIA, err = baseURL(esiaURL); err != nil {
			return Environment{}, err
		}
	}
	if epguURL != "" {
		if env.EPGU, err = baseURL(epguURL); err != nil {
			return Environment{}, err
		}
	}
	switch env.Transport {
	case "":
		env.Transport = TransportPlain
	case TransportPlain:
	case TransportTunnel:
		u, _ := url.Parse(env.EPGU)
		if u.Scheme != "http" || !isLoopbackHost(u.Hostname()) || u.Port() == "" {
			return Environment{}, ErrTunnelURL
		}
		if env.EPGUHost == "" && realEPGU != env.EPGU {
			if ru, err := url.Parse(realEPGU); err == nil && ru.Scheme == "https" {
				env.EPGUHost = ru.Host
			}
		}
		if env.EPGUHost == "" {
			return Environment{}, ErrTunnelHost
		}
	case TransportGOSTTLS:
		if !strings.HasPrefix(env.EPGU, "https://") {
			return Environment{}, ErrGOSTTLSURL
		}
		if env.TrustDir == "" {
			return Environment{}, ErrNoTrustDir
		}
	default:
		return Environment{}, ErrUnknownTransport
	}
	return env, nil
}

// baseURL checks a base URL the way Resolve checks a custom environment.
func baseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return "", ErrUnknownEnv
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return "", ErrPlainHTTP
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// EPGUHTTPClient returns the HTTP client for API ЕПГУ on the environment's
// transport. base supplies the timeout (nil: none); its Transport is used
// for plain and tunnel (nil: http.DefaultTransport).
//
//   - plain:   base as is;
//   - tunnel:  requests go to the local tunnel with Host set to the real
//     server; a tunnel that is not running gives ErrTunnelDown;
//   - gosttls: a GOST TLS transport (core/gosttls) trusting TrustDir.
func (e Environment) EPGUHTTPClient(base *http.Client) (*http.Client, error) {
	hc := &http.Client{}
	if base != nil {
		*hc = *base
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	switch e.Transport {
	case "", TransportPlain:
		return hc, nil
	case TransportTunnel:
		u, _ := url.Parse(e.EPGU)
		hc.Transport = &tunnelTransport{host: e.EPGUHost, addr: u.Host, next: next}
		return hc, nil
	case TransportGOSTTLS:
		roots := pki.NewTrustStore()
		if e.TrustDir == "" {
			return nil, ErrNoTrustDir
		}
		if err := roots.LoadDir(e.TrustDir); err != nil {
			return nil, i18n.Wrap(err, "не удалось прочитать корневые сертификаты из "+e.TrustDir, "cannot read root certificates from "+e.TrustDir)
		}
		hc.Transport = gosttls.NewTransport(&gosttls.Config{Roots: roots})
		return hc, nil
	}
	return nil, ErrUnknownTransport
}

// ErrTunnelDown says the local GOST TLS tunnel is not running. It is final
// (not a dropped connection worth retrying): nothing listens on the port.
type ErrTunnelDown struct {
	Addr string
	Err  error // the dial error, kept for logs; deliberately not unwrapped
}

func (e *ErrTunnelDown) Error() string { return e.Localize(i18n.RU) }

// Localize implements i18n.Localized.
func (e *ErrTunnelDown) Localize(l i18n.Lang) string {
	return i18n.Text{
		RU: "туннель ГОСТ TLS к API ЕПГУ не запущен: на " + e.Addr + " никто не отвечает; запустите stunnel КриптоПро (команда и настройки: gosctl tunnel config --env test|prod) и повторите",
		EN: "the GOST TLS tunnel to API EPGU is not running: nothing answers at " + e.Addr + "; start CryptoPro's stunnel (command and configuration: gosctl tunnel config --env test|prod) and retry",
	}.In(l)
}

// ErrTunnelBroken says the tunnel accepted the connection but closed it:
// stunnel runs, yet its GOST TLS connection to API ЕПГУ failed (certificate,
// PIN, root certificates, network). It unwraps to the network error, so it
// counts as a dropped connection that may be retried.
type ErrTunnelBroken struct {
	Addr, Host string
	Err        error
}

func (e *ErrTunnelBroken) Error() string { return e.Localize(i18n.RU) }

// Unwrap returns the network error.
func (e *ErrTunnelBroken) Unwrap() error { return e.Err }

// Localize implements i18n.Localized.
func (e *ErrTunnelBroken) Localize(l i18n.Lang) string {
	return i18n.Text{
		RU: "туннель ГОСТ TLS на " + e.Addr + " запущен, но не смог соединиться с " + e.Host + " (соединение закрыто); смотрите журнал stunnel: сертификат и PIN, корневые сертификаты, доступ к серверу",
		EN: "the GOST TLS tunnel at " + e.Addr + " runs but could not connect to " + e.Host + " (connection closed); see the stunnel log: certificate and PIN, root certificates, access to the server",
	}.In(l)
}

// tunnelTransport sends requests to the local tunnel with the real Host.
type tunnelTransport struct {
	host string // e.g. svcdev-gostapi.test.gosuslugi.ru
	addr string // 127.0.0.1:PORT
	next http.RoundTripper
}

func (t *tunnelTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Host = t.host
	resp, err := t.next.RoundTrip(r)
	switch {
	case err == nil || req.Context().Err() != nil:
	case dialFailed(err):
		return nil, &ErrTunnelDown{Addr: t.addr, Err: err}
	case closedByTunnel(err):
		// A connection kept from before the tunnel stopped fails the same
		// way as one stunnel accepted and closed: only a fresh dial tells
		// a stopped tunnel from a broken one.
		if probe, perr := net.DialTimeout("tcp", t.addr, time.Second); perr != nil {
			if dialFailed(perr) {
				return nil, &ErrTunnelDown{Addr: t.addr, Err: err}
			}
		} else {
			probe.Close()
		}
		return nil, &ErrTunnelBroken{Addr: t.addr, Host: t.host, Err: err}
	}
	return resp, err
}

// closedByTunnel reports a connection the tunnel accepted and then closed
// without an answer (net/http says "server closed idle connection" for a
// fresh connection closed before any byte came back).
func closedByTunnel(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "server closed idle connection")
}

// dialFailed reports a refused or unreachable local port.
func dialFailed(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// CheckTunnel dials the tunnel's local port: nil when something listens.
func (e Environment) CheckTunnel(ctx context.Context) error {
	if e.Transport != TransportTunnel {
		return nil
	}
	u, err := url.Parse(e.EPGU)
	if err != nil {
		return ErrTunnelURL
	}
	d := net.Dialer{Timeout: 3 * time.Second}
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return &ErrTunnelDown{Addr: u.Host, Err: err}
	}
	return c.Close()
}
