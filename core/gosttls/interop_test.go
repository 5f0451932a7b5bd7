package gosttls_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/gosttls/gosttlstest"
	"github.com/gosdesk/gosdesk/core/keystore"
)

var interopSuites = []gosttls.CipherSuite{
	gosttls.TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC,
	gosttls.TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC,
	gosttls.TLS_GOSTR341112_256_WITH_28147_CNT_IMIT,
	gosttls.TLS_CIPHER_2012,
}

// TestInteropOpenSSL: an HTTP GET through NewTransport against openssl
// s_server with Debian's GOST engine, for every suite OpenSSL offers, with
// server keys on 256- and 512-bit curves, with and without a client
// certificate, and a body of several records (70 KB) to exercise TLSTREE
// re-keying and the gamma/MAC running across records.
func TestInteropOpenSSL(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	roots := p.Roots(t)
	client, err := keystore.OpenFile(p.ClientKey, "", p.ClientCert)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 70_000)
	rand.Read(body)
	for i := range body { // s_server -WWW serves text; keep it printable
		body[i] = 'a' + body[i]%26
	}
	www := t.TempDir()
	if err := os.WriteFile(filepath.Join(www, "big.txt"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, suite := range interopSuites {
		for _, curve := range []string{"256", "512"} {
			for _, withClient := range []bool{false, true} {
				name := suite.OpenSSLName() + "/" + curve
				if withClient {
					name += "/client-cert"
				}
				t.Run(name, func(t *testing.T) {
					o := gosttlstest.ServerOptions{Cert: p.Server256, Key: p.Key256, Cipher: suite.OpenSSLName(), WWWDir: www}
					if curve == "512" {
						o.Cert, o.Key = p.Server512, p.Key512
					}
					cfg := &gosttls.Config{Roots: roots}
					if withClient {
						o.VerifyCA = p.CACert
						cfg.ClientCert = client
					}
					srv := gosttlstest.StartServer(t, o)
					hc := &http.Client{Transport: gosttls.NewTransport(cfg)}
					resp, err := hc.Get("https://localhost" + srv.Addr[len("127.0.0.1"):] + "/big.txt")
					if err != nil {
						t.Fatalf("GET: %v", err)
					}
					got, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err != nil {
						t.Fatalf("reading the body: %v", err)
					}
					if resp.StatusCode != 200 || !bytes.Equal(got, body) {
						t.Fatalf("status %d, %d bytes, want 200 and the %d bytes served", resp.StatusCode, len(got), len(body))
					}
				})
			}
		}
	}
}

// TestInteropOtherCurves: server keys on the cofactor-4 curves (tc26-256-A,
// tc26-512-C) with every suite, and a client certificate with a 512-bit
// key (signature scheme 0x0841, Streebog-512 CertificateVerify).
func TestInteropOtherCurves(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	roots := p.Roots(t)
	client512, err := keystore.OpenFile(p.Client512Key, "", p.Client512Cert)
	if err != nil {
		t.Fatal(err)
	}
	for _, srvKey := range [][2]string{{p.ServerTCA, p.KeyTCA}, {p.Server512C, p.Key512C}} {
		for _, suite := range interopSuites {
			name := filepath.Base(srvKey[0]) + "/" + suite.OpenSSLName()
			t.Run(name, func(t *testing.T) {
				srv := gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: srvKey[0], Key: srvKey[1], Cipher: suite.OpenSSLName(), VerifyCA: p.CACert})
				c, err := gosttls.Dial("tcp", srv.Addr, &gosttls.Config{Roots: roots, ServerName: "localhost", ClientCert: client512})
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				if _, err := io.WriteString(c, "GET /nothing HTTP/1.0\r\n\r\n"); err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(c)
				if !bytes.HasPrefix(b, []byte("HTTP/1.0 ")) {
					t.Fatalf("answer %q", b)
				}
				if st := c.ConnectionState(); st.CipherSuite != suite || !st.ClientCertSent {
					t.Fatalf("state %+v", st)
				}
			})
		}
	}
}
