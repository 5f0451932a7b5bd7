package gosttls

import (
	"bytes"
	"net"
	"testing"
	"time"
)

// FuzzParseHandshake feeds the parsers of server handshake messages
// (ServerHello, Certificate, CertificateRequest) with arbitrary bodies: they
// must return a value or an error, never panic.
func FuzzParseHandshake(f *testing.F) {
	f.Add(uint8(2), []byte{3, 3, 0, 0})
	sh := append([]byte{3, 3}, make([]byte, 32)...)
	sh = append(sh, 0, 0xc1, 0x00, 0, 0, 9, 0xff, 0x01, 0, 1, 0, 0, 0x17, 0, 0)
	f.Add(uint8(2), sh)
	f.Add(uint8(11), []byte{0, 0, 6, 0, 0, 3, 1, 2, 3})
	f.Add(uint8(13), []byte{1, 0x43, 0, 4, 0x08, 0x40, 0xee, 0xee, 0, 0})
	f.Fuzz(func(t *testing.T, typ uint8, body []byte) {
		switch typ % 3 {
		case 0:
			parseServerHello(body)
		case 1:
			parseCertificate(body)
		case 2:
			parseCertificateRequest(body)
		}
	})
}

// pipeConn serves fixed bytes as the server's side of a connection.
type pipeConn struct {
	r *bytes.Reader
	w bytes.Buffer
}

func (p *pipeConn) Read(b []byte) (int, error)       { return p.r.Read(b) }
func (p *pipeConn) Write(b []byte) (int, error)      { return p.w.Write(b) }
func (p *pipeConn) Close() error                     { return nil }
func (p *pipeConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (p *pipeConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (p *pipeConn) SetDeadline(time.Time) error      { return nil }
func (p *pipeConn) SetReadDeadline(time.Time) error  { return nil }
func (p *pipeConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzRecordLayer feeds arbitrary server bytes to the record and
// handshake-message readers, with and without record protection: every
// input must give messages or an error, never a panic or a hang.
func FuzzRecordLayer(f *testing.F) {
	f.Add([]byte{22, 3, 3, 0, 4, 14, 0, 0, 0}, false)
	f.Add([]byte{21, 3, 3, 0, 2, 2, 40}, false)
	f.Add([]byte{23, 3, 3, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, true)
	f.Add([]byte{22, 3, 3, 0, 8, 2, 0, 0, 40, 3, 3, 0, 0, 22, 3, 3, 0, 2, 0, 0}, false)
	f.Fuzz(func(t *testing.T, in []byte, protected bool) {
		c := Client(&pipeConn{r: bytes.NewReader(in)}, &Config{})
		if protected {
			key := bytes.Repeat([]byte{7}, 32)
			c.in.cipher = newCTROMAC(suiteByID(TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC), key, key, key[:8])
		}
		for i := 0; i < 64; i++ {
			if _, err := c.readHandshake(); err != nil {
				return
			}
		}
	})
}
