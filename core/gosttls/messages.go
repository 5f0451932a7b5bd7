package gosttls

import (
	"golang.org/x/crypto/cryptobyte"
)

// Protocol constants (RFC 5246, RFC 9189, RFC 7627, RFC 5746, RFC 6066).
const (
	versionTLS12 = 0x0303

	recordChangeCipherSpec = 20
	recordAlert            = 21
	recordHandshake        = 22
	recordApplicationData  = 23

	typeHelloRequest       = 0
	typeClientHello        = 1
	typeServerHello        = 2
	typeNewSessionTicket   = 4
	typeCertificate        = 11
	typeServerKeyExchange  = 12
	typeCertificateRequest = 13
	typeServerHelloDone    = 14
	typeCertificateVerify  = 15
	typeClientKeyExchange  = 16
	typeFinished           = 20

	extServerName           = 0x0000
	extSignatureAlgorithms  = 0x000d
	extExtendedMasterSecret = 0x0017
	extSessionTicket        = 0x0023
	extRenegotiationInfo    = 0xff01

	// SignatureScheme values of GOST R 34.10-2012 in TLS 1.2: the
	// "intrinsic" pairs of RFC 9189 §5 (hash 8, signature 64/65) and the
	// older code points CryptoPro and OpenSSL also use.
	sigGOST256       = 0x0840
	sigGOST512       = 0x0841
	sigGOST256Legacy = 0xeeee
	sigGOST512Legacy = 0xefef

	maxPlaintext  = 16384
	maxCiphertext = maxPlaintext + 2048
	maxHandshake  = 1 << 18 // a certificate chain of a few certificates fits easily
)

var clientSigAlgs = []uint16{sigGOST256, sigGOST512, sigGOST256Legacy, sigGOST512Legacy}

type clientHelloMsg struct {
	random       []byte
	suites       []CipherSuite
	serverName   string
	sigAlgs      []uint16
	renegotiated []byte // client_verify_data of the previous handshake (empty: first)
}

func (m *clientHelloMsg) marshal() []byte {
	var b cryptobyte.Builder
	b.AddUint8(typeClientHello)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint16(versionTLS12)
		b.AddBytes(m.random)
		b.AddUint8(0) // no session id: gosdesk does not resume sessions
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, s := range m.suites {
				b.AddUint16(uint16(s))
			}
		})
		b.AddUint8(1) // compression methods: null only
		b.AddUint8(0)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			if m.serverName != "" {
				b.AddUint16(extServerName)
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddUint8(0) // host_name
						b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
							b.AddBytes([]byte(m.serverName))
						})
					})
				})
			}
			b.AddUint16(extSignatureAlgorithms)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, a := range m.sigAlgs {
						b.AddUint16(a)
					}
				})
			})
			b.AddUint16(extExtendedMasterSecret)
			b.AddUint16(0)
			b.AddUint16(extRenegotiationInfo)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddBytes(m.renegotiated)
				})
			})
		})
	})
	return b.BytesOrPanic()
}

type serverHelloMsg struct {
	version      uint16
	random       []byte
	sessionID    []byte
	suite        CipherSuite
	compression  uint8
	ems          bool
	hasReneg     bool
	renegotiated []byte
	extensions   []uint16 // every extension type, in order
}

// parseServerHello parses the body of a ServerHello (RFC 5246 §7.4.1.3).
func parseServerHello(body []byte) (*serverHelloMsg, error) {
	s := cryptobyte.String(body)
	m := &serverHelloMsg{}
	var suite uint16
	if !s.ReadUint16(&m.version) || !s.ReadBytes(&m.random, 32) ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&m.sessionID)) || len(m.sessionID) > 32 ||
		!s.ReadUint16(&suite) || !s.ReadUint8(&m.compression) {
		return nil, protoErr("ServerHello повреждён")
	}
	m.suite = CipherSuite(suite)
	if s.Empty() {
		return m, nil
	}
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) || !s.Empty() {
		return nil, protoErr("ServerHello: повреждены расширения")
	}
	seen := map[uint16]bool{}
	for !exts.Empty() {
		var typ uint16
		var data cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&data) {
			return nil, protoErr("ServerHello: повреждены расширения")
		}
		if seen[typ] {
			return nil, protoErr("ServerHello: расширение %#04x повторяется", typ)
		}
		seen[typ] = true
		m.extensions = append(m.extensions, typ)
		switch typ {
		case extExtendedMasterSecret:
			if !data.Empty() {
				return nil, protoErr("ServerHello: extended_master_secret не пуст")
			}
			m.ems = true
		case extRenegotiationInfo:
			var v cryptobyte.String
			if !data.ReadUint8LengthPrefixed(&v) || !data.Empty() {
				return nil, protoErr("ServerHello: renegotiation_info повреждено")
			}
			m.hasReneg = true
			m.renegotiated = []byte(v)
		}
	}
	return m, nil
}

// parseCertificate parses a Certificate message body (RFC 5246 §7.4.2).
func parseCertificate(body []byte) ([][]byte, error) {
	s := cryptobyte.String(body)
	var list cryptobyte.String
	if !s.ReadUint24LengthPrefixed(&list) || !s.Empty() {
		return nil, protoErr("Certificate повреждён")
	}
	var certs [][]byte
	for !list.Empty() {
		var c cryptobyte.String
		if !list.ReadUint24LengthPrefixed(&c) || len(c) == 0 {
			return nil, protoErr("Certificate повреждён")
		}
		certs = append(certs, []byte(c))
	}
	return certs, nil
}

func marshalCertificate(certs [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificate)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, c := range certs {
				b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(c) })
			}
		})
	})
	return b.BytesOrPanic()
}

type certificateRequestMsg struct {
	types   []uint8
	sigAlgs []uint16
	cas     [][]byte
}

// parseCertificateRequest parses a TLS 1.2 CertificateRequest body
// (RFC 5246 §7.4.4).
func parseCertificateRequest(body []byte) (*certificateRequestMsg, error) {
	s := cryptobyte.String(body)
	m := &certificateRequestMsg{}
	var types, algs, cas cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&types) || !s.ReadUint16LengthPrefixed(&algs) ||
		!s.ReadUint16LengthPrefixed(&cas) || !s.Empty() || len(algs)%2 != 0 {
		return nil, protoErr("CertificateRequest повреждён")
	}
	m.types = []uint8(types)
	for !algs.Empty() {
		var a uint16
		algs.ReadUint16(&a)
		m.sigAlgs = append(m.sigAlgs, a)
	}
	for !cas.Empty() {
		var dn cryptobyte.String
		if !cas.ReadUint16LengthPrefixed(&dn) {
			return nil, protoErr("CertificateRequest повреждён")
		}
		m.cas = append(m.cas, []byte(dn))
	}
	return m, nil
}

func handshakeMsg(typ uint8, body []byte) []byte {
	var b cryptobyte.Builder
	b.AddUint8(typ)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(body) })
	return b.BytesOrPanic()
}

func marshalCertificateVerify(alg uint16, sig []byte) []byte {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificateVerify)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint16(alg)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(sig) })
	})
	return b.BytesOrPanic()
}
