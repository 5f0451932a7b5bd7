package gosttls_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/gosttls"
	"github.com/gosdesk/gosdesk/core/gosttls/gosttlstest"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// checkRefused asserts err matches want and its Russian text says so.
func checkRefused(t *testing.T, err, want error, phrase string) {
	t.Helper()
	if err == nil {
		t.Fatalf("connection accepted, want %v", want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("error %q, want %q", err, want)
	}
	if !strings.Contains(err.Error(), phrase) {
		t.Fatalf("error %q does not say %q", err, phrase)
	}
}

func dial(t *testing.T, addr string, cfg *gosttls.Config) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := gosttls.DialContext(ctx, "tcp", addr, cfg)
	if err == nil {
		c.Close()
	}
	return err
}

func gostServer(t *testing.T, cert, key string) *gosttlstest.Server {
	return gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: cert, Key: key,
		Cipher: gosttls.TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC.OpenSSLName()})
}

func TestRefusesUntrustedServer(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	srv := gostServer(t, p.Server256, p.Key256)
	other, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Чужой УЦ"}}, gost3410.CurveTC26256B, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = dial(t, "localhost"+srv.Addr[len("127.0.0.1"):], &gosttls.Config{Roots: pki.NewTrustStore(other.Certificate)})
	checkRefused(t, err, gosttls.ErrUntrusted, "неизвестным удостоверяющим центром")
}

func TestRefusesExpiredServer(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	srv := gostServer(t, p.Server256, p.Key256)
	// The server certificate is valid for a year: two years on it has expired.
	later := func() time.Time { return time.Now().AddDate(2, 0, 0) }
	err := dial(t, "localhost"+srv.Addr[len("127.0.0.1"):], &gosttls.Config{Roots: p.Roots(t), Time: later})
	checkRefused(t, err, gosttls.ErrExpired, "срок действия сертификата сервера")
}

func TestRefusesHostMismatch(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	srv := gostServer(t, p.Other256, p.OtherKey) // issued to other.example
	err := dial(t, "localhost"+srv.Addr[len("127.0.0.1"):], &gosttls.Config{Roots: p.Roots(t)})
	checkRefused(t, err, gosttls.ErrHostMismatch, "выдан на другое имя")
	if !strings.Contains(err.Error(), "other.example") {
		t.Fatalf("error %q does not name the certificate's host", err)
	}
}

func TestRefusesWithoutTrustStore(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	srv := gostServer(t, p.Server256, p.Key256)
	err := dial(t, srv.Addr, &gosttls.Config{ServerName: "localhost"})
	checkRefused(t, err, gosttls.ErrNoTrustStore, "хранилище доверенных")
}

func TestClientCertificateRequired(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	srv := gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: p.Server256, Key: p.Key256,
		Cipher: gosttls.TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC.OpenSSLName(), VerifyCA: p.CACert})
	err := dial(t, "localhost"+srv.Addr[len("127.0.0.1"):], &gosttls.Config{Roots: p.Roots(t)})
	checkRefused(t, err, gosttls.ErrClientCertRequired, "требует сертификат клиента")
}

// TestRefusesNonGOSTServer: a server that speaks only non-GOST suites
// (ECDSA + AES) gets no connection at all.
func TestRefusesNonGOSTServer(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	cmd := exec.Command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", filepath.Join(dir, "ec.key"), "-out", filepath.Join(dir, "ec.pem"), "-subj", "/CN=localhost", "-days", "2")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl req: %v: %s", err, out)
	}
	srv := gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: filepath.Join(dir, "ec.pem"),
		Key: filepath.Join(dir, "ec.key"), Cipher: "ECDHE-ECDSA-AES128-GCM-SHA256"})
	p := gosttlstest.NewPKI(t)
	err := dial(t, "localhost"+srv.Addr[len("127.0.0.1"):], &gosttls.Config{Roots: p.Roots(t)})
	checkRefused(t, err, gosttls.ErrNoGOSTSuite, "ни один набор шифров ГОСТ")
}

// fakeServer accepts one connection, reads the ClientHello record and
// answers with reply, then records everything the client sends after.
func fakeServer(t *testing.T, reply []byte) (addr string, after chan []byte) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	after = make(chan []byte, 1)
	go func() {
		defer l.Close()
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		var hdr [5]byte
		if _, err := io.ReadFull(c, hdr[:]); err != nil {
			return
		}
		io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint16(hdr[3:])))
		c.Write(reply)
		c.(*net.TCPConn).CloseWrite()
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		rest, _ := io.ReadAll(c)
		after <- rest
	}()
	return l.Addr().String(), after
}

func serverHello(suite uint16, exts []byte) []byte {
	body := []byte{3, 3}
	body = append(body, make([]byte, 32)...)
	body = append(body, 0) // session id
	body = binary.BigEndian.AppendUint16(body, suite)
	body = append(body, 0) // compression
	body = binary.BigEndian.AppendUint16(body, uint16(len(exts)))
	body = append(body, exts...)
	msg := append([]byte{2, 0, byte(len(body) >> 8), byte(len(body))}, body...)
	rec := append([]byte{22, 3, 3}, byte(len(msg)>>8), byte(len(msg)))
	return append(rec, msg...)
}

// TestRefusesDowngrade: a server (or a man in the middle) answering with
// TLS_RSA_WITH_AES_128_CBC_SHA, which was never offered, is refused and
// nothing but an alert follows the ClientHello.
func TestRefusesDowngrade(t *testing.T) {
	exts := []byte{0xff, 0x01, 0, 1, 0, 0, 0x17, 0, 0}
	addr, after := fakeServer(t, serverHello(0x002f, exts))
	p := gosttlstest.NewPKI(t)
	err := dial(t, addr, &gosttls.Config{Roots: p.Roots(t), ServerName: "localhost"})
	checkRefused(t, err, gosttls.ErrDowngrade, "понижения защиты")
	rest := <-after
	if len(rest) != 7 || rest[0] != 21 || rest[5] != 2 {
		t.Fatalf("after the ServerHello the client sent %x, want only a fatal alert", rest)
	}
}

// TestRefusesServerWithoutEMS: RFC 9189 requires the extended master secret.
func TestRefusesServerWithoutEMS(t *testing.T) {
	addr, _ := fakeServer(t, serverHello(0xc100, []byte{0xff, 0x01, 0, 1, 0}))
	p := gosttlstest.NewPKI(t)
	err := dial(t, addr, &gosttls.Config{Roots: p.Roots(t), ServerName: "localhost"})
	checkRefused(t, err, gosttls.ErrNoExtendedMasterSecret, "extended_master_secret")
}

// TestRefusesTruncatedHandshake: a ServerHello cut in the middle.
func TestRefusesTruncatedHandshake(t *testing.T) {
	sh := serverHello(0xc100, []byte{0xff, 0x01, 0, 1, 0, 0x17, 0, 0})
	addr, _ := fakeServer(t, sh[:len(sh)/2])
	p := gosttlstest.NewPKI(t)
	err := dial(t, addr, &gosttls.Config{Roots: p.Roots(t), ServerName: "localhost"})
	checkRefused(t, err, gosttls.ErrTruncated, "соединение оборвалось")
}

// tamperProxy forwards a TCP connection to target, flipping one byte of
// the first application-data record coming from the server.
func tamperProxy(t *testing.T, target string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(s, c); s.Close() }()
			go func() {
				defer c.Close()
				tampered := false
				for {
					var hdr [5]byte
					if _, err := io.ReadFull(s, hdr[:]); err != nil {
						return
					}
					body := make([]byte, binary.BigEndian.Uint16(hdr[3:]))
					if _, err := io.ReadFull(s, body); err != nil {
						return
					}
					if hdr[0] == 23 && !tampered && len(body) > 0 {
						body[len(body)/2] ^= 0x01
						tampered = true
					}
					c.Write(append(hdr[:], body...))
				}
			}()
		}
	}()
	return l.Addr().String()
}

// TestRefusesTamperedRecord: one flipped bit in a record from the server
// fails its MAC; the client reports it and reads nothing of the record.
func TestRefusesTamperedRecord(t *testing.T) {
	p := gosttlstest.NewPKI(t)
	for _, suite := range interopSuites {
		t.Run(suite.OpenSSLName(), func(t *testing.T) {
			srv := gosttlstest.StartServer(t, gosttlstest.ServerOptions{Cert: p.Server256, Key: p.Key256, Cipher: suite.OpenSSLName()})
			proxy := tamperProxy(t, srv.Addr)
			cfg := &gosttls.Config{Roots: p.Roots(t), ServerName: "localhost"}
			hc := &http.Client{Transport: gosttls.NewTransport(cfg), Timeout: 10 * time.Second}
			_, err := hc.Get("https://" + proxy + "/")
			checkRefused(t, err, gosttls.ErrBadRecordMAC, "нарушена целостность")
		})
	}
}

// TestTransportRefusesPlainHTTP: NewTransport never sends in clear.
func TestTransportRefusesPlainHTTP(t *testing.T) {
	hc := &http.Client{Transport: gosttls.NewTransport(&gosttls.Config{})}
	_, err := hc.Get("http://127.0.0.1:1/")
	checkRefused(t, err, gosttls.ErrPlainHTTP, "открытым текстом")
}
