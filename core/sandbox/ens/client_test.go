package ens_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gosdesk/gosdesk/core/ens"
)

// TestTokenStoreAcrossClients: a token saved by one client (gosctl ens
// login) is used by the next one (gosctl ens balance) without a new sign-in.
func TestTokenStoreAcrossClients(t *testing.T) {
	e := newEnv(t, loadProfiles(t)[0], nil)
	store := &ens.MemoryTokenStore{}
	c1 := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) { c.Tokens = store })
	s, err := c1.Login(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.INN != innOperator || s.Certificate.INN != innOperator || !s.Expires.After(e.clock.Now()) {
		t.Errorf("session %+v", s)
	}
	c2 := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) { c.Tokens = store })
	if _, err := c2.Balance(ctx, "", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if e.srv.KeysIssued() != 1 {
		t.Errorf("keys issued %d, want 1", e.srv.KeysIssued())
	}
	c2.Logout()
	if _, err := c2.Balance(ctx, "", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if e.srv.KeysIssued() != 2 {
		t.Errorf("after Logout: keys issued %d, want 2", e.srv.KeysIssued())
	}
}

// TestSingleFlight: concurrent calls of a fresh client sign in once.
func TestSingleFlight(t *testing.T) {
	e := newEnv(t, loadProfiles(t)[1], nil)
	c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Balance(ctx, "", e.clock.Now())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if e.srv.KeysIssued() != 1 {
		t.Errorf("keys issued %d, want 1", e.srv.KeysIssued())
	}
}

// TestTunnel: with TunnelAddr every connection goes to the (GOST TLS)
// tunnel whatever the host of the base URL.
func TestTunnel(t *testing.T) {
	e := newEnv(t, loadProfiles(t)[0], nil)
	hc, err := ens.NewHTTPClient(ens.TLSOptions{TunnelAddr: e.ts.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) {
		c.BaseURL, c.HTTPClient = "http://dpc.tax.nalog.ru", hc
	})
	if _, err := c.Balance(ctx, "", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// TestProxy: with ProxyURL requests go through an HTTP proxy.
func TestProxy(t *testing.T) {
	e := newEnv(t, loadProfiles(t)[0], nil)
	var proxied atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	target := e.ts.Listener.Addr().String()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					if req.URL.Host != "ens.example.invalid" {
						return
					}
					proxied.Add(1)
					req.URL.Scheme, req.URL.Host, req.RequestURI = "http", target, ""
					resp, err := http.DefaultTransport.RoundTrip(req)
					if err != nil {
						return
					}
					resp.Write(conn)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
		}
	}()
	hc, err := ens.NewHTTPClient(ens.TLSOptions{ProxyURL: (&url.URL{Scheme: "http", Host: ln.Addr().String()}).String()})
	if err != nil {
		t.Fatal(err)
	}
	c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) {
		c.BaseURL, c.HTTPClient = "http://ens.example.invalid", hc
	})
	if _, err := c.Balance(ctx, "", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if proxied.Load() < 3 { // temp key, sign-in, balance
		t.Errorf("proxied %d requests", proxied.Load())
	}
	if _, err := ens.NewHTTPClient(ens.TLSOptions{ProxyURL: "ftp://x"}); err == nil {
		t.Error("ftp proxy accepted")
	}
}

// TestNetworkError: a dead server gives the Russian network message.
func TestNetworkError(t *testing.T) {
	e := newEnv(t, loadProfiles(t)[0], nil)
	c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) { c.BaseURL = "http://127.0.0.1:1" })
	_, err := c.Login(ctx)
	wantErr(t, err, ens.ErrNetwork, true, "нет связи с сервером ЕНС")
}
