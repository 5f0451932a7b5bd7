package gosttls

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// Conn is a GOST TLS 1.2 client connection. It implements net.Conn; the
// handshake runs on the first Read or Write, or explicitly with
// Handshake/HandshakeContext.
type Conn struct {
	conn net.Conn
	cfg  *Config

	handshakeMu   sync.Mutex
	handshakeErr  error
	handshakeDone bool
	state         ConnectionState

	in  halfConn
	out halfConn

	raw     []byte // bytes read from conn, not yet a whole record
	hsBuf   []byte // handshake bytes not yet a whole message
	input   []byte // decrypted application data not yet read
	readMu  sync.Mutex
	writeMu sync.Mutex

	errMu   sync.Mutex
	readErr error // sticky
	closed  bool
}

type halfConn struct {
	seq    uint64
	cipher recordCipher // nil before ChangeCipherSpec
}

// ConnectionState describes an established connection.
type ConnectionState struct {
	CipherSuite      CipherSuite
	ServerName       string
	ServerChain      [][]byte // DER, leaf first, as received
	ClientCertSent   bool
	ExtendedMaster   bool
	SecureReneg      bool
	HandshakeSeconds float64
}

// Client returns a client connection over conn. cfg.ServerName must be set
// (the host name to check the certificate against).
func Client(conn net.Conn, cfg *Config) *Conn {
	return &Conn{conn: conn, cfg: cfg}
}

// Dial connects to addr ("host:port") and performs the handshake.
func Dial(network, addr string, cfg *Config) (*Conn, error) {
	return DialContext(context.Background(), network, addr, cfg)
}

// DialContext is Dial with a context bounding the connection and the
// handshake.
func DialContext(ctx context.Context, network, addr string, cfg *Config) (*Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, newErr(CodeConnect, addr, err)
	}
	c := cfg.Clone()
	if c.ServerName == "" {
		c.ServerName = host
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, newErr(CodeConnect, addr, err)
	}
	tc := Client(raw, c)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	return tc, nil
}

// ConnectionState returns the state after the handshake.
func (c *Conn) ConnectionState() ConnectionState {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	return c.state
}

// Handshake runs the handshake if it has not run yet.
func (c *Conn) Handshake() error { return c.HandshakeContext(context.Background()) }

// HandshakeContext runs the handshake, aborting it when ctx ends.
func (c *Conn) HandshakeContext(ctx context.Context) error {
	c.handshakeMu.Lock()
	defer c.handshakeMu.Unlock()
	if c.handshakeDone || c.handshakeErr != nil {
		return c.handshakeErr
	}
	timeout := c.cfg.HandshakeTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	start := time.Now()
	err := c.clientHandshake()
	stop()
	c.conn.SetDeadline(time.Time{})
	if err != nil && ctx.Err() != nil {
		err = newErr(CodeConnect, "", ctx.Err())
	}
	c.handshakeErr = err
	if err == nil {
		c.handshakeDone = true
		c.state.HandshakeSeconds = time.Since(start).Seconds()
	} else {
		c.conn.Close()
	}
	return err
}

// ---- record layer ----

// readRecord reads one record and returns its type and (decrypted) body.
func (c *Conn) readRecord() (uint8, []byte, error) {
	for len(c.raw) < 5 || len(c.raw) < 5+int(binary.BigEndian.Uint16(c.raw[3:5])) {
		if len(c.raw) >= 5 {
			if n := int(binary.BigEndian.Uint16(c.raw[3:5])); n > maxCiphertext {
				c.alert(22)
				return 0, nil, protoErr("запись длиной %d байт", n)
			}
		}
		buf := make([]byte, 16*1024+512)
		n, err := c.conn.Read(buf)
		c.raw = append(c.raw, buf[:n]...)
		if err != nil {
			if n > 0 {
				continue
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
				return 0, nil, newErr(CodeConnect, "истекло время ожидания ответа сервера", err)
			}
			if errors.Is(err, io.EOF) && len(c.raw) == 0 && c.handshakeDone {
				return 0, nil, io.EOF
			}
			return 0, nil, newErr(CodeTruncated, "", err)
		}
	}
	typ := c.raw[0]
	ver := binary.BigEndian.Uint16(c.raw[1:3])
	n := int(binary.BigEndian.Uint16(c.raw[3:5]))
	frag := bytes.Clone(c.raw[5 : 5+n])
	c.raw = c.raw[5+n:]
	if len(c.raw) == 0 {
		c.raw = nil
	}
	if ver>>8 != 3 {
		return 0, nil, protoErr("запись с версией %#04x", ver)
	}
	switch typ {
	case recordChangeCipherSpec, recordAlert, recordHandshake, recordApplicationData:
	default:
		c.alert(10)
		return 0, nil, protoErr("запись неизвестного типа %d", typ)
	}
	if c.in.cipher != nil {
		pt, err := c.in.cipher.open(c.in.seq, typ, frag)
		if err != nil {
			c.alert(20)
			return 0, nil, newErr(CodeBadRecordMAC, "", nil)
		}
		frag = pt
		c.in.seq++
	}
	if len(frag) > maxPlaintext {
		c.alert(22)
		return 0, nil, protoErr("запись длиннее 16384 байт")
	}
	return typ, frag, nil
}

// writeRecord protects and sends data as records of type typ.
func (c *Conn) writeRecord(typ uint8, data []byte) error {
	for {
		n := min(len(data), maxPlaintext)
		frag := data[:n]
		if c.out.cipher != nil {
			var err error
			if frag, err = c.out.cipher.seal(c.out.seq, typ, frag); err != nil {
				return err
			}
			c.out.seq++
		}
		rec := make([]byte, 5, 5+len(frag))
		rec[0] = typ
		binary.BigEndian.PutUint16(rec[1:], versionTLS12)
		binary.BigEndian.PutUint16(rec[3:], uint16(len(frag)))
		if _, err := c.conn.Write(append(rec, frag...)); err != nil {
			return newErr(CodeTruncated, "", err)
		}
		data = data[n:]
		if len(data) == 0 {
			return nil
		}
	}
}

// alert sends an alert from the reading side: after the handshake it
// takes the write lock, as Write may run at the same time.
func (c *Conn) alert(desc uint8) {
	if c.handshakeDone {
		c.writeMu.Lock()
		defer c.writeMu.Unlock()
	}
	c.sendAlert(desc)
}

func (c *Conn) sendAlert(desc uint8) {
	level := uint8(2)
	if desc == 0 || desc == 100 {
		level = 1
	}
	c.writeRecord(recordAlert, []byte{level, desc})
}

// readHandshake returns the next handshake message (header included).
func (c *Conn) readHandshake() ([]byte, error) {
	for {
		if len(c.hsBuf) >= 4 {
			n := int(c.hsBuf[1])<<16 | int(c.hsBuf[2])<<8 | int(c.hsBuf[3])
			if n > maxHandshake {
				c.alert(47)
				return nil, protoErr("сообщение согласования длиной %d байт", n)
			}
			if len(c.hsBuf) >= 4+n {
				msg := c.hsBuf[:4+n]
				c.hsBuf = c.hsBuf[4+n:]
				return msg, nil
			}
		}
		typ, body, err := c.readRecord()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = newErr(CodeTruncated, "", err)
			}
			return nil, err
		}
		switch typ {
		case recordHandshake:
			c.hsBuf = append(c.hsBuf, body...)
		case recordAlert:
			if err := c.handleAlert(body); err != nil {
				return nil, err
			}
		default:
			c.alert(10)
			return nil, protoErr("во время согласования пришла запись типа %d", typ)
		}
	}
}

// handleAlert returns the error for a fatal alert or close_notify; nil for
// a warning to ignore.
func (c *Conn) handleAlert(body []byte) error {
	if len(body) != 2 {
		return protoErr("повреждённое оповещение")
	}
	if body[1] == 0 { // close_notify
		return io.EOF
	}
	if body[0] == 1 && body[1] != 0 {
		return nil
	}
	return alertError(body[1])
}

// ---- net.Conn ----

// Read reads application data.
func (c *Conn) Read(p []byte) (int, error) {
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	c.readMu.Lock()
	defer c.readMu.Unlock()
	for len(c.input) == 0 {
		c.errMu.Lock()
		rerr := c.readErr
		c.errMu.Unlock()
		if rerr != nil {
			return 0, rerr
		}
		typ, body, err := c.readRecord()
		if err == nil {
			switch typ {
			case recordApplicationData:
				c.input = body
			case recordAlert:
				err = c.handleAlert(body)
			case recordHandshake:
				// A HelloRequest (renegotiation) is refused politely;
				// anything else is a protocol error.
				if len(body) >= 4 && body[0] == typeHelloRequest {
					c.writeMu.Lock()
					c.sendAlert(100)
					c.writeMu.Unlock()
				} else {
					err = protoErr("неожиданное сообщение согласования после установки соединения")
				}
			default:
				err = protoErr("неожиданная запись типа %d", typ)
			}
		}
		if err != nil {
			c.errMu.Lock()
			c.readErr = err
			c.errMu.Unlock()
			return 0, err
		}
	}
	n := copy(p, c.input)
	c.input = c.input[n:]
	return n, nil
}

// Write writes application data.
func (c *Conn) Write(p []byte) (int, error) {
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if c.closed {
		return 0, ErrClosed
	}
	if err := c.writeRecord(recordApplicationData, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close sends close_notify and closes the connection.
func (c *Conn) Close() error {
	c.writeMu.Lock()
	if !c.closed && c.handshakeDone {
		c.conn.SetWriteDeadline(time.Now().Add(time.Second))
		c.sendAlert(0)
	}
	c.closed = true
	c.writeMu.Unlock()
	return c.conn.Close()
}

// LocalAddr returns the local network address.
func (c *Conn) LocalAddr() net.Addr { return c.conn.LocalAddr() }

// RemoteAddr returns the remote network address.
func (c *Conn) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// SetDeadline sets the read and write deadlines of the underlying connection.
func (c *Conn) SetDeadline(t time.Time) error { return c.conn.SetDeadline(t) }

// SetReadDeadline sets the read deadline.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.conn.SetReadDeadline(t) }

// SetWriteDeadline sets the write deadline.
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.conn.SetWriteDeadline(t) }
