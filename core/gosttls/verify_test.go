package gosttls

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

func TestVerifyHostname(t *testing.T) {
	san := &pki.Certificate{X509: &x509.Certificate{DNSNames: []string{"svcdev-gostapi.test.gosuslugi.ru", "*.gosuslugi.ru"},
		IPAddresses: []net.IP{net.ParseIP("10.1.2.3")}}, Subject: pki.Name{CommonName: "ignored.example"}}
	cn := &pki.Certificate{X509: &x509.Certificate{}, Subject: pki.Name{CommonName: "*.gosuslugi.ru"}}
	for _, c := range []struct {
		cert *pki.Certificate
		host string
		ok   bool
	}{
		{san, "svcdev-gostapi.test.gosuslugi.ru", true},
		{san, "SVCDEV-GOSTAPI.test.gosuslugi.ru.", true},
		{san, "www.gosuslugi.ru", true},
		{san, "a.b.gosuslugi.ru", false},
		{san, "10.1.2.3", true},
		{san, "ignored.example", false}, // CN does not count when there is a SAN
		{san, "", false},
		{cn, "www.gosuslugi.ru", true}, // no SAN: the CN is matched
		{cn, "gosuslugi.ru", false},
		{cn, "evil.example", false},
	} {
		err := verifyHostname(c.cert, c.host)
		if (err == nil) != c.ok {
			t.Errorf("verifyHostname(%q) = %v, want ok=%v", c.host, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrHostMismatch) {
			t.Errorf("verifyHostname(%q) = %v, want ErrHostMismatch", c.host, err)
		}
	}
}

// TestPRFAndRecordIV: the TLS PRF with HMAC-Streebog-256 (P_hash of RFC
// 5246 §5: A(1) = HMAC(secret, seed), output HMAC(secret, A(i) || seed))
// and IV_i = IV + i modulo 2^(8·len(IV)).
func TestPRFAndRecordIV(t *testing.T) {
	a := prf([]byte("secret"), "label", []byte("seed"), 100)
	b := prf([]byte("secret"), "label", []byte("seed"), 32)
	if len(a) != 100 || string(a[:32]) != string(b) {
		t.Fatal("PRF output is not a prefix-stable stream")
	}
	if string(prf([]byte("secret"), "label", []byte("seee"), 32)) == string(b) {
		t.Fatal("PRF ignores the seed")
	}
	for _, c := range []struct {
		iv   []byte
		seq  uint64
		want []byte
	}{
		{[]byte{0, 0, 0, 1}, 1, []byte{0, 0, 0, 2}},
		{[]byte{0, 0, 0, 0xff}, 1, []byte{0, 0, 1, 0}},
		{[]byte{0xff, 0xff, 0xff, 0xff}, 2, []byte{0, 0, 0, 1}},
		{[]byte{1, 2, 3, 4, 5, 6, 7, 8}, 0x0100000000000000, []byte{2, 2, 3, 4, 5, 6, 7, 8}},
	} {
		if got := recordIV(c.iv, c.seq); string(got) != string(c.want) {
			t.Errorf("recordIV(%x, %d) = %x, want %x", c.iv, c.seq, got, c.want)
		}
	}
}

// TestPRFOracle: the PRF equals OpenSSL's TLS1-PRF with Streebog-256 (the
// GOST engine's md_gost12_256).
func TestPRFOracle(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	out, err := oracle.OpenSSL(nil, "kdf", "-keylen", "100", "-kdfopt", "digest:md_gost12_256", "-kdfopt", "hexsecret:00112233445566778899",
		"-kdfopt", "seed:extended master secretABC", "TLS1-PRF")
	if err != nil {
		t.Fatal(err)
	}
	want, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(string(out)), ":", ""))
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := hex.DecodeString("00112233445566778899")
	if got := prf(secret, "extended master secret", []byte("ABC"), 100); !bytes.Equal(got, want) {
		t.Fatalf("PRF = %x\nopenssl %x", got, want)
	}
}
