package gosttls

import (
	"context"
	"net"
	"net/http"
	"time"
)

// NewTransport returns an http.Transport whose https:// connections are
// GOST TLS connections made with cfg (ServerName defaults to the URL's
// host). Plain http:// requests are refused: nothing is sent in clear.
// core/epgu takes it unchanged as &http.Client{Transport: NewTransport(cfg)}.
func NewTransport(cfg *Config) *http.Transport {
	return &http.Transport{
		Proxy: nil,
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, ErrPlainHTTP
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return DialContext(ctx, network, addr, cfg)
		},
		ForceAttemptHTTP2:     false,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: 5 * time.Minute,
		ExpectContinueTimeout: time.Second,
	}
}
