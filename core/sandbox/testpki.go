package sandbox

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
)

// testPKI is the sandbox test CA and the keys and certificates it issued
// to the test identities.
type testPKI struct {
	ca      *pki.CA
	keys    map[string]*gost3410.PrivateKey
	certs   map[string]*pki.Certificate
	signers map[string]TestSigner
}

// Files of the persisted PKI (DataDir/pki): the CA and every identity as
// "<id>.cer" (PEM certificate) and "<id>.key" (PKCS#8 PEM, unencrypted:
// test keys only).
const (
	pkiDir    = "pki"
	caName    = "ca"
	keySuffix = ".key"
	cerSuffix = ".cer"
)

// newTestPKI issues the sandbox test CA and the identities' certificates;
// keys in reuse are certified again instead of generating new ones.
func newTestPKI(now time.Time, reuse map[string]*gost3410.PrivateKey) (*testPKI, error) {
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Тестовый УЦ песочницы gosdesk", Organization: "gosdesk sandbox", Country: "RU"},
		IsCA: true, NotBefore: now.Add(-24 * time.Hour)}, gost3410.CurveTC26256B, nil)
	if err != nil {
		return nil, err
	}
	p := &testPKI{ca: ca, keys: map[string]*gost3410.PrivateKey{}, certs: map[string]*pki.Certificate{}}
	for id, subj := range testSubjects() {
		if err := pki.CheckIdentifiers(subj); err != nil {
			return nil, fmt.Errorf("sandbox: %s: %w", id, err)
		}
		tmpl := pki.Template{Subject: subj, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour)}
		var cert *pki.Certificate
		key := reuse[id]
		if key != nil {
			cert, err = ca.Issue(tmpl, key.PublicKey())
		} else {
			cert, key, err = ca.IssueKey(tmpl, gost3410.CurveTC26256B)
		}
		if err != nil {
			return nil, fmt.Errorf("sandbox: issuing %s: %w", id, err)
		}
		p.keys[id], p.certs[id] = key, cert
	}
	p.makeSigners()
	return p, nil
}

func (p *testPKI) makeSigners() {
	p.signers = map[string]TestSigner{}
	for id := range p.keys {
		p.signers[id] = &esia.GostSigner{Key: p.keys[id], Cert: p.certs[id], Chain: []*pki.Certificate{p.ca.Certificate}}
	}
}

// openTestPKI reloads the PKI persisted in dataDir/pki, so certificates,
// keys and the CA stay the same across restarts. When there is none, or it
// is unusable at now (missing or damaged files, expired certificates), a
// new one is issued and saved; the keys that are still readable (and the
// employee key of the legacy "employee.key" of earlier sandboxes) are
// certified again rather than replaced. fresh reports a new issue.
func openTestPKI(dataDir string, now time.Time) (p *testPKI, fresh bool, err error) {
	dir := filepath.Join(dataDir, pkiDir)
	if p, err := readTestPKI(dir, now); err == nil {
		return p, false, nil
	}
	reuse := map[string]*gost3410.PrivateKey{}
	for id := range testSubjects() {
		if k, err := readKeyFile(filepath.Join(dir, id+keySuffix)); err == nil {
			reuse[id] = k
		}
	}
	if reuse[idEmployee] == nil {
		if b, err := os.ReadFile(filepath.Join(dataDir, employeeKeyFile)); err == nil {
			if k, err := parseLegacyKey(b); err == nil {
				reuse[idEmployee] = k
			}
		}
	}
	p, err = newTestPKI(now, reuse)
	if err != nil {
		return nil, false, err
	}
	if err := p.save(dir); err != nil {
		return nil, false, err
	}
	return p, true, nil
}

// readTestPKI loads a persisted PKI and checks that every key matches its
// certificate, every certificate is issued by the CA and all are valid at
// now.
func readTestPKI(dir string, now time.Time) (*testPKI, error) {
	load := func(name string) (*gost3410.PrivateKey, *pki.Certificate, error) {
		key, err := readKeyFile(filepath.Join(dir, name+keySuffix))
		if err != nil {
			return nil, nil, err
		}
		b, err := os.ReadFile(filepath.Join(dir, name+cerSuffix))
		if err != nil {
			return nil, nil, err
		}
		certs, err := pki.ParseCertificates(b)
		if err != nil || len(certs) != 1 {
			return nil, nil, fmt.Errorf("sandbox: %s%s: not one certificate", name, cerSuffix)
		}
		c := certs[0]
		pub, err := c.PublicKey()
		if err != nil || !pub.Equal(key.PublicKey()) {
			return nil, nil, fmt.Errorf("sandbox: %s: the key does not match the certificate", name)
		}
		if err := c.CheckValidity(now); err != nil {
			return nil, nil, err
		}
		return key, c, nil
	}
	caKey, caCert, err := load(caName)
	if err != nil {
		return nil, err
	}
	p := &testPKI{ca: &pki.CA{Certificate: caCert, Key: caKey}, keys: map[string]*gost3410.PrivateKey{}, certs: map[string]*pki.Certificate{}}
	for id := range testSubjects() {
		key, c, err := load(id)
		if err != nil {
			return nil, err
		}
		if err := c.CheckSignatureFrom(caCert); err != nil {
			return nil, err
		}
		if w := testSubjects()[id]; c.Subject.INN != w.INN || c.Subject.INNLE != w.INNLE || c.Subject.OGRN != w.OGRN || c.Subject.SNILS != w.SNILS {
			// an earlier sandbox's identifiers: certify the key again
			return nil, fmt.Errorf("sandbox: %s: identifiers differ from the current test subject", id)
		}
		p.keys[id], p.certs[id] = key, c
	}
	p.makeSigners()
	return p, nil
}

// save writes the CA and the identities into dir.
func (p *testPKI) save(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	write := func(name string, key *gost3410.PrivateKey, cert *pki.Certificate) error {
		kp, err := pkcs8.EncodePEM(key, "", nil)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(dir, name+keySuffix), kp); err != nil {
			return err
		}
		return writeFileAtomic(filepath.Join(dir, name+cerSuffix), certPEM(cert.Raw))
	}
	if err := write(caName, p.ca.Key, p.ca.Certificate); err != nil {
		return err
	}
	for id := range p.keys {
		if err := write(id, p.keys[id], p.certs[id]); err != nil {
			return err
		}
	}
	return nil
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// readKeyFile reads a PKCS#8 PEM key file (one unencrypted key).
func readKeyFile(path string) (*gost3410.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	bd, err := pkcs8.ParsePEM(b, "")
	if err != nil {
		return nil, err
	}
	if len(bd.Keys) != 1 {
		return nil, fmt.Errorf("sandbox: %s: %d keys", path, len(bd.Keys))
	}
	return bd.Keys[0], nil
}

// LegacyKeyPEMType is the PEM type of the employee key file written by
// sandboxes before the key became PKCS#8 (raw little-endian d, curve name
// in the "Curve" header). The sandbox still reads it from a DataDir to
// keep the employee's key, and then writes the file as PKCS#8.
const LegacyKeyPEMType = "GOST R 34.10-2012 TEST PRIVATE KEY"

var errNotLegacyKey = errors.New("sandbox: not a legacy sandbox test key")

// parseLegacyKey decodes the legacy test key format.
func parseLegacyKey(b []byte) (*gost3410.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != LegacyKeyPEMType {
		return nil, errNotLegacyKey
	}
	for _, c := range gost3410.Curves() {
		if c.Name == blk.Headers["Curve"] {
			return gost3410.NewPrivateKey(c, blk.Bytes)
		}
	}
	return nil, fmt.Errorf("sandbox: unknown curve %q of the legacy test key", blk.Headers["Curve"])
}

// Credential files of the test employee, next to state.json (or in the
// temporary folder without DataDir).
const (
	employeeKeyFile       = "employee.key"
	employeeCertFile      = "employee.cer"
	employeeContainerDir  = "employee.000"
	employeeContainerName = "gosdesk-sandbox-employee"
	systemCertFile        = "system.cer"
	caCertFile            = "sandbox-ca.cer"
)

// writeCredentialFiles writes the files Credentials names: the employee's
// certificate, key (PKCS#8 PEM) and CryptoPro container (PIN c.PIN), the
// system certificate and the test CA. The container is rewritten only
// when it does not hold the employee's current certificate (its PIN
// derivation is the slow part).
func (s *Server) writeCredentialFiles(dir string) error {
	c := &s.st.Creds
	c.CertPath = filepath.Join(dir, employeeCertFile)
	c.KeyPath = filepath.Join(dir, employeeKeyFile)
	c.SystemCertPath = filepath.Join(dir, systemCertFile)
	c.CACertPath, c.ContainerPath = "", ""
	if err := writeFileAtomic(c.CertPath, certPEM(s.signers[idEmployee].CertificateDER())); err != nil {
		return err
	}
	if err := writeFileAtomic(c.SystemCertPath, certPEM(s.signers[idSystem].CertificateDER())); err != nil {
		return err
	}
	if s.pki == nil { // fakecms: no GOST key
		return writeFileAtomic(c.KeyPath, []byte("FAKECMS TEST KEY (sandbox only, not a GOST key)\n"))
	}
	c.CACertPath = filepath.Join(dir, caCertFile)
	if err := writeFileAtomic(c.CACertPath, certPEM(s.pki.ca.Certificate.Raw)); err != nil {
		return err
	}
	key, cert := s.pki.keys[idEmployee], s.pki.certs[idEmployee]
	kp, err := pkcs8.EncodePEM(key, "", nil)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(c.KeyPath, kp); err != nil {
		return err
	}
	c.ContainerPath = filepath.Join(dir, employeeContainerDir)
	if ct, err := container.Open(c.ContainerPath); err == nil && bytes.Equal(ct.Certificate(), cert.Raw) && ct.HasPIN() == (c.PIN != "") {
		return nil
	}
	if err := os.RemoveAll(c.ContainerPath); err != nil {
		return err
	}
	_, err = container.Write(c.ContainerPath, key, container.WriteOptions{Name: employeeContainerName, PIN: c.PIN, Certificate: cert.Raw})
	return err
}
