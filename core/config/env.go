// Package config says where gosdesk talks to and with which credentials:
// the environments (the local sandbox, the ЕПГУ test contour, production or
// a custom URL) with their ЕСИА and API ЕПГУ base URLs, the settings file in
// the XDG config directory, and how the API key (OS keyring or a file) and
// the signing certificate (thumbprint, CryptoPro container, PFX or PEM key)
// are found.
//
// Secrets never live in the settings file: the API key is kept in the OS
// keyring (core/esia), PINs and passwords come from an environment
// variable named on the command line or from a prompt.
package config

import (
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// Environment names.
const (
	EnvSandbox  = "sandbox"   // the local emulator (core/sandbox)
	EnvTest     = "test"      // ЕСИА test portal + SVCDEV API ЕПГУ
	EnvTestBeta = "test-beta" // ЕСИА test portal + svcdev-beta
	EnvProd     = "prod"      // production ЕСИА and Госуслуги
	EnvCustom   = "custom"    // a URL given by the user
)

// DefaultSandboxAddr is where `gosctl sandbox` listens by default.
const DefaultSandboxAddr = "127.0.0.1:8089"

// SandboxAddrVar overrides the sandbox address of the "sandbox"
// environment (and of Settings.SandboxAddr).
const SandboxAddrVar = "GOSDESK_SANDBOX_ADDR"

// Environment is a pair of base URLs.
type Environment struct {
	// Name is one of the Env* constants.
	Name string
	// ESIA is the base URL of ЕСИА (token endpoints).
	ESIA string
	// EPGU is the base URL of API ЕПГУ (a tunnel: http://127.0.0.1:PORT).
	EPGU string
	// Transport to API ЕПГУ: TransportPlain (default), TransportTunnel or
	// TransportGOSTTLS; see EPGUHTTPClient.
	Transport string
	// EPGUHost is the real API ЕПГУ host sent as Host through a tunnel.
	EPGUHost string
	// TrustDir holds the root certificates for TransportGOSTTLS.
	TrustDir string
}

// Sandbox reports whether the environment is a local sandbox (the
// sandbox admin API may be asked for test credentials).
func (e Environment) Sandbox() bool { return e.Name == EnvSandbox }

// ErrUnknownEnv is returned for an environment that is neither a known
// name nor a usable URL.
var ErrUnknownEnv = i18n.New("неизвестная среда: нужна sandbox, test, test-beta, prod или адрес http(s)://…",
	"unknown environment: use sandbox, test, test-beta, prod or an http(s)://… URL")

// ErrPlainHTTP is returned for an http:// URL that is not on loopback:
// tokens and personal data would travel in the clear.
var ErrPlainHTTP = i18n.New("адрес http:// допустим только для локальной песочницы (127.0.0.1, ::1, localhost); используйте https://",
	"http:// is allowed only for a local sandbox (127.0.0.1, ::1, localhost); use https://")

// Resolve turns an environment name or URL into base URLs. An empty name
// means the settings' environment, else "sandbox". A URL means a custom
// environment serving both ЕСИА and API ЕПГУ at that address (a sandbox on
// another port, a proxy); http:// only on loopback. The settings' separate
// ЕСИА/API ЕПГУ URLs and transport apply (see ResolveWith).
func Resolve(name string, s *Settings) (Environment, error) {
	return ResolveWith(name, s, Overrides{})
}

func resolveName(name string, s *Settings) (Environment, error) {
	if s == nil {
		s = &Settings{}
	}
	if name == "" {
		name = s.Env
	}
	if name == "" {
		name = EnvSandbox
	}
	switch strings.ToLower(name) {
	case EnvSandbox:
		addr := DefaultSandboxAddr
		if s.SandboxAddr != "" {
			addr = s.SandboxAddr
		}
		if v := os.Getenv(SandboxAddrVar); v != "" {
			addr = v
		}
		if err := CheckLoopback(addr); err != nil {
			return Environment{}, err
		}
		u := "http://" + addr
		return Environment{Name: EnvSandbox, ESIA: u, EPGU: u}, nil
	case EnvTest:
		return Environment{Name: EnvTest, ESIA: esia.BaseURLTest, EPGU: epgu.BaseURLTest}, nil
	case EnvTestBeta:
		return Environment{Name: EnvTestBeta, ESIA: esia.BaseURLTest, EPGU: epgu.BaseURLTestBeta}, nil
	case EnvProd:
		return Environment{Name: EnvProd, ESIA: esia.BaseURLProd, EPGU: epgu.BaseURLProd}, nil
	}
	u, err := url.Parse(name)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return Environment{}, ErrUnknownEnv
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return Environment{}, ErrPlainHTTP
	}
	base := strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/")
	return Environment{Name: EnvCustom, ESIA: base, EPGU: base}, nil
}

// ErrNotLoopback is returned for a sandbox address outside loopback.
var ErrNotLoopback = i18n.New("песочница работает только на локальном адресе (127.0.0.1, ::1 или localhost)",
	"the sandbox listens on loopback only (127.0.0.1, ::1 or localhost)")

// CheckLoopback accepts "host:port" with a loopback host.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return i18n.Wrap(err, "неверный адрес "+addr+" (нужно ХОСТ:ПОРТ)", "bad address "+addr+" (need HOST:PORT)")
	}
	if !isLoopbackHost(host) {
		return ErrNotLoopback
	}
	return nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
