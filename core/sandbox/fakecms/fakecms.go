// Package fakecms is a TEST-ONLY stand-in for CAdES-BES signing and
// verification, used by the sandbox and its tests until core/cms provides
// real GOST signatures. It is NOT a signature scheme: signer and verifier
// share one HMAC key. Never use it outside tests and the demo sandbox.
package fakecms

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Identity is the subject of a fake certificate.
type Identity struct {
	Subject string `json:"subject"`
	INN     string `json:"inn,omitempty"`
	OGRN    string `json:"ogrn,omitempty"`
	SNILS   string `json:"snils,omitempty"`
}

const (
	certMagic = "FAKECERT:"
	sigMagic  = "FAKECMS1"
)

// Certificate returns the fake certificate bytes of id.
func Certificate(id Identity) []byte {
	b, _ := json.Marshal(id)
	return append([]byte(certMagic), b...)
}

// ParseCertificate reads a fake certificate.
func ParseCertificate(cert []byte) (Identity, error) {
	var id Identity
	s, ok := strings.CutPrefix(string(cert), certMagic)
	if !ok {
		return id, errors.New("fakecms: not a fake certificate")
	}
	err := json.Unmarshal([]byte(s), &id)
	return id, err
}

// Signer signs with a shared key. It satisfies esia.Signer and
// esia.RawSigner.
type Signer struct {
	Key  []byte
	ID   Identity
	Now  func() time.Time
	cert []byte
}

// NewSigner returns a signer of id with key.
func NewSigner(key []byte, id Identity) *Signer {
	return &Signer{Key: key, ID: id, cert: Certificate(id)}
}

// CertificateDER returns the fake certificate.
func (s *Signer) CertificateDER() []byte { return s.cert }

// SignDetached returns a fake detached signature of content.
func (s *Signer) SignDetached(_ context.Context, content []byte) ([]byte, error) {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	var out []byte
	out = append(out, sigMagic...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(s.cert)))
	out = append(out, s.cert...)
	out = binary.BigEndian.AppendUint64(out, uint64(now.Unix()))
	m := hmac.New(sha256.New, s.Key)
	m.Write(out[len(sigMagic):])
	m.Write(content)
	return m.Sum(out), nil
}

// SignRaw returns a 64-byte fake "raw" signature.
func (s *Signer) SignRaw(_ context.Context, content []byte) ([]byte, error) {
	m := hmac.New(sha512.New, s.Key)
	m.Write(s.cert)
	m.Write(content)
	return m.Sum(nil), nil
}

// CertificateHash is a fake client_certificate_hash (SHA-256, upper hex).
func (s *Signer) CertificateHash() (string, error) { return CertHash(s.cert), nil }

// CertHash hashes a certificate the fake way.
func CertHash(cert []byte) string {
	h := sha256.Sum256(cert)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}

// Errors of Verify.
var (
	ErrFormat    = errors.New("fakecms: malformed signature")
	ErrSignature = errors.New("fakecms: signature does not verify")
)

// Signed is what Verify learns from a signature.
type Signed struct {
	Cert        []byte
	ID          Identity
	SigningTime time.Time
}

// Verify checks a fake detached signature of content under key.
func Verify(key, sig, content []byte) (*Signed, error) {
	if len(sig) < len(sigMagic)+2 || string(sig[:len(sigMagic)]) != sigMagic {
		return nil, ErrFormat
	}
	p := sig[len(sigMagic):]
	n := int(binary.BigEndian.Uint16(p))
	if len(p) != 2+n+8+sha256.Size {
		return nil, ErrFormat
	}
	cert := p[2 : 2+n]
	ts := int64(binary.BigEndian.Uint64(p[2+n:]))
	m := hmac.New(sha256.New, key)
	m.Write(p[:2+n+8])
	m.Write(content)
	if !hmac.Equal(m.Sum(nil), p[2+n+8:]) {
		return nil, ErrSignature
	}
	id, err := ParseCertificate(cert)
	if err != nil {
		return nil, ErrFormat
	}
	return &Signed{Cert: append([]byte(nil), cert...), ID: id, SigningTime: time.Unix(ts, 0)}, nil
}

// VerifyRaw checks a fake raw signature.
func VerifyRaw(key, cert, sig, content []byte) error {
	m := hmac.New(sha512.New, key)
	m.Write(cert)
	m.Write(content)
	if !hmac.Equal(m.Sum(nil), sig) {
		return ErrSignature
	}
	return nil
}
