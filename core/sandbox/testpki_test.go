package sandbox_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/internal/oracle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// certsOf lists the certificates of every test identity and the CA.
func certsOf(srv *sandbox.Server) [][]byte {
	return [][]byte{srv.TestCA(), srv.EmployeeSigner().CertificateDER(), srv.OtherEmployeeSigner().CertificateDER(),
		srv.PersonalSigner().CertificateDER(), srv.SystemSigner().CertificateDER(), srv.AgencySigner().CertificateDER()}
}

func readFile(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}

// employeeKey reads the employee key file as PKCS#8 PEM.
func employeeKey(t *testing.T, c sandbox.Credentials) *gost3410.PrivateKey {
	blk, _ := pem.Decode(readFile(t, c.KeyPath))
	require.NotNil(t, blk)
	require.Equal(t, "PRIVATE KEY", blk.Type, "standard unencrypted PKCS#8 PEM")
	k, err := pkcs8.ParsePrivateKey(blk.Bytes)
	require.NoError(t, err)
	return k
}

func publicKeyOf(t *testing.T, der []byte) *gost3410.PublicKey {
	c, err := pki.ParseCertificate(der)
	require.NoError(t, err)
	pub, err := c.PublicKey()
	require.NoError(t, err)
	return pub
}

// With DataDir the test CA, every certificate, the employee key and its
// container survive a restart; a token source signing with the first
// instance's key is accepted by the second.
func TestIdentitiesStableAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	e1 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	c1 := e1.creds
	before := certsOf(e1.srv)
	files := map[string][]byte{}
	for _, p := range []string{c1.CertPath, c1.KeyPath, c1.CACertPath, c1.SystemCertPath, filepath.Join(c1.ContainerPath, "header.key"), filepath.Join(c1.ContainerPath, "primary.key")} {
		files[p] = readFile(t, p)
	}
	signer1 := e1.srv.EmployeeSigner()
	require.NoError(t, e1.srv.Close())

	e2 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	assert.Equal(t, before, certsOf(e2.srv), "CA and certificates reloaded, not re-issued")
	assert.Equal(t, c1, e2.creds)
	for p, b := range files {
		assert.Equal(t, b, readFile(t, p), "%s rewritten with other content", p)
	}
	_, err := e2.orgTokens(c1.APIKey, signer1).Token(ctx)
	require.NoError(t, err, "the first instance's key is still trusted")
}

// The employee key is a standard PKCS#8 PEM and a CryptoPro container with
// the printed PIN, both holding the key of the employee certificate; the
// container signs through the key store and the sandbox accepts it.
func TestEmployeeKeyFiles(t *testing.T) {
	e := newEnv(t, func(o *sandbox.Options) { o.DataDir = t.TempDir() })
	c := e.creds
	require.NotEmpty(t, c.ContainerPath)
	cert := e.srv.EmployeeSigner().CertificateDER()
	assert.True(t, publicKeyOf(t, cert).Equal(employeeKey(t, c).PublicKey()))

	ks, err := keystore.OpenFile(c.KeyPath, "", c.CertPath)
	require.NoError(t, err, "the key store opens the PEM key")
	assert.Equal(t, cert, ks.Certificate().Raw)

	_, err = keystore.OpenContainer(c.ContainerPath, "00000000")
	require.Error(t, err, "wrong PIN")
	cs, err := keystore.OpenContainer(c.ContainerPath, c.PIN)
	require.NoError(t, err)
	assert.Equal(t, cert, cs.Certificate().Raw, "certificate stored in the container")
	sig, err := keystore.SignCMS(ctx, cs, bytes.NewReader([]byte(c.APIKey)), nil)
	require.NoError(t, err)
	r := e.do("GET", "/esia-rs/api/public/v1/orgs/ext-app/"+c.APIKey+"/tkn?signature="+base64.RawURLEncoding.EncodeToString(sig), "", nil, "")
	assert.Equal(t, 200, r.status, r.body)
}

// A DataDir of an earlier sandbox (no pki/ folder, the employee key in the
// legacy test PEM) keeps the employee's key: it is certified by the new
// CA and the file is rewritten as PKCS#8.
func TestLegacyEmployeeKeyMigrated(t *testing.T) {
	dir := t.TempDir()
	e1 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	key := employeeKey(t, e1.creds)
	require.NoError(t, e1.srv.Close())
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "pki")))
	legacy := pem.EncodeToMemory(&pem.Block{Type: sandbox.LegacyKeyPEMType, Headers: map[string]string{"Curve": key.Curve.Name}, Bytes: key.Raw()})
	require.NoError(t, os.WriteFile(e1.creds.KeyPath, legacy, 0o600))

	e2 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	assert.True(t, publicKeyOf(t, e2.srv.EmployeeSigner().CertificateDER()).Equal(key.PublicKey()), "same key, new certificate")
	assert.True(t, employeeKey(t, e2.creds).Equal(key), "rewritten as PKCS#8")
	cs, err := keystore.OpenContainer(e2.creds.ContainerPath, e2.creds.PIN)
	require.NoError(t, err)
	assert.Equal(t, e2.srv.EmployeeSigner().CertificateDER(), cs.Certificate().Raw, "container rewritten for the new certificate")
	_, err = e2.org.Token(ctx)
	require.NoError(t, err)
}

// Certificates that expired by the sandbox clock are issued again, for the
// same keys.
func TestExpiredIdentitiesReissued(t *testing.T) {
	dir := t.TempDir()
	e1 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	cert1 := e1.srv.EmployeeSigner().CertificateDER()
	require.NoError(t, e1.srv.Close())
	later := sandbox.NewManualClock(t0.Add(3 * 365 * 24 * time.Hour))
	e2 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir; o.Clock = later })
	cert2 := e2.srv.EmployeeSigner().CertificateDER()
	assert.NotEqual(t, cert1, cert2)
	assert.True(t, publicKeyOf(t, cert1).Equal(publicKeyOf(t, cert2)))
	c, err := pki.ParseCertificate(cert2)
	require.NoError(t, err)
	require.NoError(t, c.CheckValidity(later.Now()))
	ca, err := pki.ParseCertificate(e2.srv.TestCA())
	require.NoError(t, err)
	require.NoError(t, c.CheckSignatureFrom(ca))
	require.NoError(t, ca.CheckValidity(later.Now()))
}

// OpenSSL with the GOST engine reads the PKCS#8 key file: a detached
// CAdES-BES it makes over the API key gets an ЕСИА token from the sandbox.
func TestOracleOpenSSLSignsWithEmployeeKey(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	e := newEnv(t, func(o *sandbox.Options) { o.DataDir = t.TempDir() })
	c := e.creds
	content := filepath.Join(t.TempDir(), "apikey.txt")
	require.NoError(t, os.WriteFile(content, []byte(c.APIKey), 0o600))
	sig, err := oracle.OpenSSL(nil, "cms", "-sign", "-binary", "-nosmimecap", "-in", content, "-signer", c.CertPath, "-inkey", c.KeyPath,
		"-md", "md_gost12_256", "-outform", "DER")
	require.NoError(t, err, string(sig))
	r := e.do("GET", "/esia-rs/api/public/v1/orgs/ext-app/"+c.APIKey+"/tkn?signature="+base64.RawURLEncoding.EncodeToString(sig), "", nil, "")
	require.Equal(t, 200, r.status, r.body)
	tok := jsonField(r.body, "accessTkn")
	require.NotEmpty(t, tok)
	_, err = e.client(epgu.StaticToken(tok)).CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
}
