package ens

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"time"
)

// TLSOptions configure the connection to API ЕНС. The guide allows TLS with
// RSA or GOST cipher suites. Go's TLS has no GOST suites: for GOST TLS run a
// local tunnel (stunnel with the GOST engine, CryptoPro stunnel) and set
// TunnelAddr, or go through an HTTP/SOCKS5 proxy that terminates it (ProxyURL).
type TLSOptions struct {
	// RootCAs verify the server (nil: system roots).
	RootCAs *x509.CertPool
	// ClientCertificates for mutual TLS with RSA, if FNS requires it.
	ClientCertificates []tls.Certificate
	// ProxyURL is an http://, https:// or socks5:// proxy for every request.
	ProxyURL string
	// TunnelAddr ("127.0.0.1:1443") receives every connection instead of
	// the host of the base URL: the GOST TLS tunnel forwards it to FNS.
	// Use an http:// base URL with it; the tunnel adds the TLS.
	TunnelAddr string
	// Timeout of one HTTP exchange (default 60 s).
	Timeout time.Duration
}

// NewHTTPClient builds the HTTP client for the options.
func NewHTTPClient(o TLSOptions) (*http.Client, error) {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			RootCAs:      o.RootCAs,
			Certificates: o.ClientCertificates,
		},
		TLSHandshakeTimeout:   20 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		MaxIdleConnsPerHost:   4,
		ForceAttemptHTTP2:     false,
	}
	if o.ProxyURL != "" {
		u, err := url.Parse(o.ProxyURL)
		if err != nil || u.Host == "" {
			return nil, localError(CodeConfig, err, "неверный адрес прокси %q", "bad proxy address %q", o.ProxyURL)
		}
		switch u.Scheme {
		case "http", "https", "socks5", "socks5h":
		default:
			return nil, localError(CodeConfig, nil, "прокси %q: нужна схема http, https или socks5", "proxy %q: the scheme must be http, https or socks5", o.ProxyURL)
		}
		tr.Proxy = http.ProxyURL(u)
	}
	if o.TunnelAddr != "" {
		if _, _, err := net.SplitHostPort(o.TunnelAddr); err != nil {
			return nil, localError(CodeConfig, err, "неверный адрес туннеля %q", "bad tunnel address %q", o.TunnelAddr)
		}
		d := &net.Dialer{Timeout: 20 * time.Second}
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, o.TunnelAddr)
		}
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}
