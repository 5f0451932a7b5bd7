package ens_test

// Test-only OpenSSL PKI and adapters (the project's oracle): a CA, a GOST
// operator certificate and an RSA certificate; a Signer and the sandbox's
// SignatureChecker/ChainChecker backed by OpenSSL with the GOST engine.
// The scenarios use core/cms and core/pki (gostpki_test.go); this PKI
// makes the RSA case and cross-checks both adapters (interop_test.go).

import (
	"context"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

type testPKI struct {
	dir   string
	ca    string // CA certificate file
	certs map[string]*testCert
}

type testCert struct {
	pki        *testPKI
	name       string
	cert, key  string
	der        []byte
	extraCerts string // -certfile for the "two certificates" case
}

var (
	pkiOnce sync.Once
	pkiVal  *testPKI
	pkiErr  error
)

const reqConf = `oid_section = new_oids
[new_oids]
INNLE = 1.2.643.100.4
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = keyCertSign,cRLSign
[leaf_ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,nonRepudiation
`

// getOpenSSLPKI builds the OpenSSL test PKI once per test binary.
func getOpenSSLPKI(t testing.TB) *testPKI {
	t.Helper()
	oracle.RequireOpenSSLGost(t)
	pkiOnce.Do(func() { pkiVal, pkiErr = buildPKI() })
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pkiVal
}

func buildPKI() (*testPKI, error) {
	dir, err := os.MkdirTemp("", "ens-sandbox-pki-")
	if err != nil {
		return nil, err
	}
	p := &testPKI{dir: dir, certs: map[string]*testCert{}}
	conf := filepath.Join(dir, "req.cnf")
	if err := os.WriteFile(conf, []byte(reqConf), 0o600); err != nil {
		return nil, err
	}
	f := func(n string) string { return filepath.Join(dir, n) }
	run := func(args ...string) error {
		_, err := oracle.OpenSSL(nil, args...)
		return err
	}
	gostKey := func(out string) error {
		return run("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", out)
	}
	for _, ca := range []string{"ca", "otherca"} {
		if err := gostKey(f(ca + ".key")); err != nil {
			return nil, err
		}
		if err := run("req", "-config", conf, "-utf8", "-x509", "-new", "-key", f(ca+".key"), "-subj", "/CN=ENS Sandbox "+ca,
			"-days", "3650", "-extensions", "ca_ext", "-out", f(ca+".pem")); err != nil {
			return nil, err
		}
	}
	p.ca = f("ca.pem")
	leaves := []struct{ name, subj, ca, alg string }{
		{"operator", "/CN=ООО ПЕСОЧНИЦА/O=ООО ПЕСОЧНИЦА/INN=007799000005/INNLE=7799000005/OGRN=1027700000019", "ca", "gost"},
		{"rsa", "/CN=ООО ПЕСОЧНИЦА RSA/INN=007799000005/INNLE=7799000005", "ca", "rsa"},
	}
	for i, l := range leaves {
		key := f(l.name + ".key")
		var err error
		if l.alg == "rsa" {
			err = run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key)
		} else {
			err = gostKey(key)
		}
		if err != nil {
			return nil, err
		}
		csr := f(l.name + ".csr")
		if err := run("req", "-config", conf, "-utf8", "-new", "-key", key, "-subj", l.subj, "-out", csr); err != nil {
			return nil, err
		}
		cert := f(l.name + ".pem")
		if err := run("x509", "-req", "-in", csr, "-CA", f(l.ca+".pem"), "-CAkey", f(l.ca+".key"),
			"-set_serial", fmt.Sprint(100+i), "-days", "365", "-extfile", conf, "-extensions", "leaf_ext", "-out", cert); err != nil {
			return nil, err
		}
		pemBytes, err := os.ReadFile(cert)
		if err != nil {
			return nil, err
		}
		blk, _ := pem.Decode(pemBytes)
		if blk == nil {
			return nil, fmt.Errorf("%s: no PEM", cert)
		}
		p.certs[l.name] = &testCert{pki: p, name: l.name, cert: cert, key: key, der: blk.Bytes}
	}
	return p, nil
}

func (p *testPKI) cert(name string) *testCert { return p.certs[name] }

// SignCAdES implements ens.Signer with `openssl cms -sign -cades`.
func (c *testCert) SignCAdES(_ context.Context, content []byte, attached bool) ([]byte, error) {
	in, err := os.CreateTemp(c.pki.dir, "content-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(in.Name())
	in.Write(content)
	in.Close()
	md := "md_gost12_256"
	if c.name == "rsa" {
		md = "sha256"
	}
	args := []string{"cms", "-sign", "-cades", "-binary", "-md", md, "-signer", c.cert, "-inkey", c.key,
		"-in", in.Name(), "-outform", "DER", "-nosmimecap"}
	if attached {
		args = append(args, "-nodetach")
	}
	if c.extraCerts != "" {
		args = append(args, "-certfile", c.extraCerts)
	}
	return oracle.OpenSSL(nil, args...)
}

// CertificateDER implements ens.Signer.
func (c *testCert) CertificateDER() []byte { return c.der }

// opensslChecker implements the sandbox's SignatureChecker and ChainChecker.
type opensslChecker struct{ pki *testPKI }

func (o opensslChecker) CheckSignature(sig, content []byte) error {
	args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-noverify", "-out", os.DevNull}
	if content != nil {
		f, err := os.CreateTemp(o.pki.dir, "detached-")
		if err != nil {
			return err
		}
		defer os.Remove(f.Name())
		f.Write(content)
		f.Close()
		args = append(args, "-content", f.Name())
	}
	_, err := oracle.OpenSSL(sig, args...)
	return err
}

func (o opensslChecker) CheckChain(der []byte) error {
	_, err := oracle.OpenSSL(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		"verify", "-no_check_time", "-CAfile", o.pki.ca)
	return err
}
