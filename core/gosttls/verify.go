package gosttls

import (
	"errors"
	"net"
	"strings"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

// verifyServer checks the server's chain against the trust store, the
// validity periods and the host name, and returns the server's public key
// (GOST R 34.10-2012, 256 or 512 bits).
func verifyServer(cfg *Config, chain [][]byte) (*pki.Certificate, *gost3410.PublicKey, error) {
	if len(chain) == 0 {
		return nil, nil, newErr(CodeBadCertificate, "сервер не прислал сертификат", nil)
	}
	certs := make([]*pki.Certificate, len(chain))
	for i, der := range chain {
		c, err := pki.ParseCertificate(der)
		if err != nil {
			return nil, nil, newErr(CodeBadCertificate, "", err)
		}
		certs[i] = c
	}
	leaf := certs[0]
	if !leaf.IsGost() || leaf.PublicKeyInfo == nil ||
		!(leaf.PublicKeyInfo.Algorithm.Equal(pki.OIDPublicKeyGost2012_256) || leaf.PublicKeyInfo.Algorithm.Equal(pki.OIDPublicKeyGost2012_512)) {
		return nil, nil, newErr(CodeBadCertificate, "ключ сертификата сервера — не ГОСТ Р 34.10-2012", nil)
	}
	pub, err := leaf.PublicKey()
	if err != nil {
		return nil, nil, newErr(CodeBadCertificate, "", err)
	}
	if cfg.Roots == nil {
		return nil, nil, ErrNoTrustStore
	}
	now := cfg.now()
	if _, err := cfg.Roots.Verify(leaf, pki.VerifyOptions{Intermediates: certs[1:], Time: now}); err != nil {
		switch {
		case errors.Is(err, pki.ErrExpired):
			return nil, nil, newErr(CodeExpired, "", err)
		case errors.Is(err, pki.ErrNotYetValid):
			return nil, nil, newErr(CodeNotYetValid, "", err)
		case errors.Is(err, pki.ErrUntrusted), errors.Is(err, pki.ErrBadSignature), errors.Is(err, pki.ErrNotCA):
			return nil, nil, newErr(CodeUntrusted, leaf.Issuer.String(), err)
		}
		return nil, nil, newErr(CodeBadCertificate, "", err)
	}
	if err := leaf.CheckValidity(now); err != nil {
		if errors.Is(err, pki.ErrNotYetValid) {
			return nil, nil, newErr(CodeNotYetValid, "", err)
		}
		return nil, nil, newErr(CodeExpired, "", err)
	}
	if err := verifyHostname(leaf, cfg.ServerName); err != nil {
		return nil, nil, err
	}
	return leaf, pub, nil
}

// verifyHostname checks host against the certificate's subjectAltName
// DNS names and IP addresses (RFC 6125); a certificate without any of
// them is matched by its common name, as older GOST server certificates
// are issued.
func verifyHostname(c *pki.Certificate, host string) error {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if host == "" {
		return newErr(CodeHostMismatch, "имя сервера не задано", nil)
	}
	x := c.X509
	if len(x.DNSNames) == 0 && len(x.IPAddresses) == 0 {
		if ip := net.ParseIP(host); ip == nil && matchHost(c.Subject.CommonName, host) {
			return nil
		}
	} else if x.VerifyHostname(host) == nil {
		return nil
	}
	names := append([]string(nil), x.DNSNames...)
	for _, ip := range x.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		names = []string{c.Subject.CommonName}
	}
	return newErr(CodeHostMismatch, "адрес «"+host+"», сертификат выдан на «"+strings.Join(names, ", ")+"»", nil)
}

func matchHost(pattern, host string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	host = strings.ToLower(host)
	if pattern == host {
		return true
	}
	if strings.HasPrefix(pattern, "*.") {
		i := strings.IndexByte(host, '.')
		return i > 0 && host[i+1:] == pattern[2:]
	}
	return false
}
