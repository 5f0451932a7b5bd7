package gosttls

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"hash"
	"io"
	"net"
	"slices"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

// transcript keeps the handshake messages for the session hash,
// CertificateVerify and Finished (all Streebog-256 in RFC 9189, except a
// CertificateVerify with a 512-bit key, which hashes with Streebog-512).
type transcript struct{ buf bytes.Buffer }

func (t *transcript) add(msg []byte) { t.buf.Write(msg) }

func (t *transcript) sum(h hash.Hash) []byte {
	h.Write(t.buf.Bytes())
	return h.Sum(nil)
}

func (c *Conn) writeHandshake(t *transcript, msg []byte) error {
	t.add(msg)
	return c.writeRecord(recordHandshake, msg)
}

// expect reads the next handshake message and checks its type.
func (c *Conn) expect(t *transcript, want ...uint8) ([]byte, error) {
	msg, err := c.readHandshake()
	if err != nil {
		return nil, err
	}
	if !slices.Contains(want, msg[0]) {
		c.sendAlert(10)
		return nil, protoErr("неожиданное сообщение согласования типа %d", msg[0])
	}
	t.add(msg)
	return msg, nil
}

func (c *Conn) clientHandshake() (err error) {
	cfg := c.cfg
	if cfg.Roots == nil {
		return ErrNoTrustStore
	}
	offered := cfg.suites()
	if len(offered) == 0 {
		return ErrNoGOSTSuite
	}
	var t transcript
	rnd := cfg.rand()

	hello := &clientHelloMsg{random: make([]byte, 32), suites: offered, sigAlgs: clientSigAlgs}
	if _, err := io.ReadFull(rnd, hello.random); err != nil {
		return err
	}
	if net.ParseIP(cfg.ServerName) == nil {
		hello.serverName = cfg.ServerName
	}
	if err := c.writeHandshake(&t, hello.marshal()); err != nil {
		return err
	}

	// ServerHello
	msg, err := c.expect(&t, typeServerHello)
	if err != nil {
		return err
	}
	sh, err := parseServerHello(msg[4:])
	if err != nil {
		c.sendAlert(50)
		return err
	}
	if sh.version != versionTLS12 {
		c.sendAlert(70)
		return protoErr("сервер предложил версию протокола %#04x вместо TLS 1.2", sh.version)
	}
	if !slices.Contains(offered, sh.suite) {
		c.sendAlert(47)
		if suiteByID(sh.suite) == nil {
			return newErr(CodeDowngrade, "выбран "+sh.suite.String(), nil)
		}
		return newErr(CodeDowngrade, "выбран не предложенный "+sh.suite.String(), nil)
	}
	s := suiteByID(sh.suite)
	if sh.compression != 0 {
		c.sendAlert(47)
		return protoErr("сервер выбрал сжатие %d", sh.compression)
	}
	for _, e := range sh.extensions {
		if e != extExtendedMasterSecret && e != extRenegotiationInfo && e != extServerName {
			c.sendAlert(110)
			return protoErr("сервер прислал не запрошенное расширение %#04x", e)
		}
	}
	if !sh.hasReneg || len(sh.renegotiated) != 0 {
		c.sendAlert(40)
		return ErrNoRenegotiationInfo
	}
	if !sh.ems {
		c.sendAlert(40)
		return ErrNoExtendedMasterSecret
	}

	// Certificate
	msg, err = c.expect(&t, typeCertificate)
	if err != nil {
		return err
	}
	chain, err := parseCertificate(msg[4:])
	if err != nil {
		c.sendAlert(50)
		return err
	}
	_, serverKey, err := verifyServer(cfg, chain)
	if err != nil {
		switch {
		case errors.Is(err, ErrExpired), errors.Is(err, ErrNotYetValid):
			c.sendAlert(45)
		case errors.Is(err, ErrUntrusted):
			c.sendAlert(48)
		default:
			c.sendAlert(42)
		}
		return err
	}

	// CertificateRequest?, ServerHelloDone (no ServerKeyExchange in RFC 9189)
	var req *certificateRequestMsg
	msg, err = c.expect(&t, typeCertificateRequest, typeServerHelloDone)
	if err != nil {
		return err
	}
	if msg[0] == typeCertificateRequest {
		if req, err = parseCertificateRequest(msg[4:]); err != nil {
			c.sendAlert(50)
			return err
		}
		if msg, err = c.expect(&t, typeServerHelloDone); err != nil {
			return err
		}
	}
	if len(msg) != 4 {
		c.sendAlert(50)
		return protoErr("ServerHelloDone не пуст")
	}

	// Client Certificate
	var sigAlg uint16
	sendCert := req != nil && cfg.ClientCert != nil
	if req != nil {
		var certs [][]byte
		if sendCert {
			if sigAlg, err = pickSigAlg(cfg.ClientCert, req.sigAlgs); err != nil {
				return err
			}
			certs = append(certs, cfg.ClientCert.Certificate().Raw)
			for _, ic := range cfg.Intermediates {
				certs = append(certs, ic.Raw)
			}
		}
		if err := c.writeHandshake(&t, marshalCertificate(certs)); err != nil {
			return err
		}
	}

	// ClientKeyExchange
	ckx, pms, err := keyExchange(s, serverKey, hello.random, sh.random, rnd)
	if err != nil {
		c.sendAlert(80)
		return err
	}
	if err := c.writeHandshake(&t, handshakeMsg(typeClientKeyExchange, ckx)); err != nil {
		return err
	}
	// Extended master secret (RFC 7627 §4): the session hash covers the
	// messages up to and including ClientKeyExchange.
	master := prf(pms, "extended master secret", t.sum(streebog.New256()), 48)
	clear(pms)

	// CertificateVerify
	if sendCert {
		cv, err := certificateVerify(cfg.ClientCert, sigAlg, &t, rnd)
		if err != nil {
			c.sendAlert(80)
			return err
		}
		if err := c.writeHandshake(&t, cv); err != nil {
			return err
		}
	}

	// Keys (RFC 5246 §6.3 with the sizes of RFC 9189 §4.1)
	kb := prf(master, "key expansion", append(bytes.Clone(sh.random), hello.random...), 4*32+2*s.ivLen)
	cMAC, sMAC, cKey, sKey := kb[0:32], kb[32:64], kb[64:96], kb[96:128]
	cIV, sIV := kb[128:128+s.ivLen], kb[128+s.ivLen:128+2*s.ivLen]
	var wc, rc recordCipher
	if s.kind == kindCTROMAC {
		wc, rc = newCTROMAC(s, cMAC, cKey, cIV), newCTROMAC(s, sMAC, sKey, sIV)
	} else {
		if wc, err = newCNTIMIT(cMAC, cKey, cIV); err != nil {
			return err
		}
		if rc, err = newCNTIMIT(sMAC, sKey, sIV); err != nil {
			return err
		}
	}
	clear(kb)

	if err := c.writeRecord(recordChangeCipherSpec, []byte{1}); err != nil {
		return err
	}
	c.out.cipher, c.out.seq = wc, 0
	clientVerify := prf(master, "client finished", t.sum(streebog.New256()), s.verifyLen)
	if err := c.writeHandshake(&t, handshakeMsg(typeFinished, clientVerify)); err != nil {
		return err
	}

	// Server ChangeCipherSpec and Finished
	if err := c.readChangeCipherSpec(req != nil && !sendCert); err != nil {
		return err
	}
	c.in.cipher, c.in.seq = rc, 0
	want := prf(master, "server finished", t.sum(streebog.New256()), s.verifyLen)
	msg, err = c.expect(&t, typeFinished)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(msg[4:], want) != 1 {
		c.sendAlert(51)
		return protoErr("неверное сообщение Finished сервера")
	}
	clear(master)
	c.state = ConnectionState{CipherSuite: s.id, ServerName: cfg.ServerName, ServerChain: chain,
		ClientCertSent: sendCert, ExtendedMaster: true, SecureReneg: true}
	return nil
}

// readChangeCipherSpec reads the server's ChangeCipherSpec. noCert says
// the server asked for a certificate and got none, so that its
// handshake_failure is explained as such.
func (c *Conn) readChangeCipherSpec(noCert bool) error {
	if len(c.hsBuf) != 0 {
		c.sendAlert(10)
		return protoErr("сообщение согласования перед ChangeCipherSpec")
	}
	for {
		typ, body, err := c.readRecord()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = newErr(CodeTruncated, "", err)
			}
			return err
		}
		switch typ {
		case recordChangeCipherSpec:
			if len(body) != 1 || body[0] != 1 {
				c.sendAlert(50)
				return protoErr("повреждён ChangeCipherSpec")
			}
			return nil
		case recordAlert:
			err := c.handleAlert(body)
			if err == nil {
				continue
			}
			if noCert && (errors.Is(err, ErrNoGOSTSuite) || errors.Is(err, ErrAlert)) {
				return newErr(CodeClientCertRequired, "", err)
			}
			if errors.Is(err, io.EOF) {
				return newErr(CodeTruncated, "", err)
			}
			return err
		case recordHandshake:
			c.sendAlert(10)
			return protoErr("сообщение согласования перед ChangeCipherSpec")
		default:
			c.sendAlert(10)
			return protoErr("неожиданная запись типа %d", typ)
		}
	}
}

// pickSigAlg chooses the signature scheme for the client key among those
// the server accepts.
func pickSigAlg(s ClientSigner, accepted []uint16) (uint16, error) {
	pk := s.Certificate().PublicKeyInfo
	if pk == nil || !s.Certificate().IsGost() {
		return 0, newErr(CodeClientCert, "ключ сертификата клиента — не ГОСТ Р 34.10-2012", nil)
	}
	prefs := []uint16{sigGOST256, sigGOST256Legacy}
	if pk.Bits() == 512 {
		prefs = []uint16{sigGOST512, sigGOST512Legacy}
	}
	for _, a := range prefs {
		if len(accepted) == 0 || slices.Contains(accepted, a) {
			return a, nil
		}
	}
	return 0, newErr(CodeClientCert, "сервер не принимает подписи ГОСТ Р 34.10-2012 этого размера ключа", nil)
}

// certificateVerify signs the transcript: Streebog-256 (or -512 for a
// 512-bit key) of the handshake messages, signed as in CMS (s||r), sent
// byte-reversed as CryptoPro and OpenSSL do for GOST signatures in TLS.
func certificateVerify(s ClientSigner, alg uint16, t *transcript, rnd io.Reader) ([]byte, error) {
	h := streebog.New256()
	if alg == sigGOST512 || alg == sigGOST512Legacy {
		h = streebog.New512()
	}
	sig, err := s.Sign(rnd, t.sum(h), nil)
	if err != nil {
		return nil, newErr(CodeClientCert, "", err)
	}
	slices.Reverse(sig)
	return marshalCertificateVerify(alg, sig), nil
}
