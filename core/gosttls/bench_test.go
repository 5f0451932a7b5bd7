package gosttls_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/gosttls/gosttlstest"
)

// The benchmarks run against openssl s_server with the GOST engine (one
// suite each, 256-bit server key); make bench puts them next to openssl
// s_time against the same kind of server in the same run.

// BenchmarkHandshake: full handshakes (no resumption) per second.
func BenchmarkHandshake(b *testing.B) {
	p := gosttlstest.NewPKI(b)
	for _, suite := range interopSuites {
		b.Run(suite.OpenSSLName(), func(b *testing.B) {
			srv := gosttlstest.StartServer(b, gosttlstest.ServerOptions{Cert: p.Server256, Key: p.Key256, Cipher: suite.OpenSSLName()})
			cfg := &gosttls.Config{Roots: p.Roots(b), ServerName: "localhost"}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, err := gosttls.DialContext(context.Background(), "tcp", srv.Addr, cfg)
				if err != nil {
					b.Fatal(err)
				}
				c.Close()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handshakes/s")
		})
	}
}

// BenchmarkBulk: an 8 MiB GET through NewTransport (the server closes
// after each answer, so every iteration includes one handshake).
func BenchmarkBulk(b *testing.B) {
	p := gosttlstest.NewPKI(b)
	www := b.TempDir()
	const size = 8 << 20
	f, err := os.Create(filepath.Join(www, "big.bin"))
	if err != nil {
		b.Fatal(err)
	}
	f.Truncate(size)
	f.Close()
	for _, suite := range interopSuites {
		b.Run(suite.OpenSSLName(), func(b *testing.B) {
			srv := gosttlstest.StartServer(b, gosttlstest.ServerOptions{Cert: p.Server256, Key: p.Key256, Cipher: suite.OpenSSLName(), WWWDir: www})
			hc := &http.Client{Transport: gosttls.NewTransport(&gosttls.Config{Roots: p.Roots(b), ServerName: "localhost"})}
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				resp, err := hc.Get("https://" + srv.Addr + "/big.bin")
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || n != size {
					b.Fatalf("read %d bytes: %v", n, err)
				}
			}
		})
	}
}
