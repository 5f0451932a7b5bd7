package sandbox_test

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	sbens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/stretchr/testify/require"
)

// TestIdentifiersPassChecksums: every ИНН, ИНН ЮЛ, ОГРН and СНИЛС in the
// certificates the sandbox issues, and in the ЕНС demo PKI, passes its
// checksum (issue 13, item 16: the employee had ИНН 7700000018).
func TestIdentifiersPassChecksums(t *testing.T) {
	e := newEnv(t)
	ders := certsOf(e.srv)[1:]
	d, err := sbens.NewDemo()
	require.NoError(t, err)
	for _, s := range []*ens.KeySigner{d.Operator, d.Representative, d.Director} {
		ders = append(ders, s.CertificateDER())
	}
	for _, der := range ders {
		c, err := pki.ParseCertificate(der)
		require.NoError(t, err)
		n := c.Subject
		require.NoError(t, pki.CheckIdentifiers(n), n.String())
		require.True(t, n.INN != "" || n.INNLE != "" || n.SNILS != "", "%s: no identifier at all", n.String())
	}
	// the registry of users and organisations (GET /admin/identities)
	resp, err := http.Get(e.srv.URL() + "/admin/identities")
	require.NoError(t, err)
	var ids struct {
		Users map[string]struct{ SNILS string }
		Orgs  map[string]struct{ INN, OGRN string }
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ids))
	resp.Body.Close()
	require.NotEmpty(t, ids.Users)
	require.NotEmpty(t, ids.Orgs)
	for oid, u := range ids.Users {
		require.True(t, pki.ValidSNILS(strings.NewReplacer("-", "", " ", "").Replace(u.SNILS)), "user %s: СНИЛС %s", oid, u.SNILS)
	}
	for oid, o := range ids.Orgs {
		require.True(t, pki.ValidINN(o.INN) && pki.ValidOGRN(o.OGRN), "org %s: ИНН %s ОГРН %s", oid, o.INN, o.OGRN)
	}
	// the employee's organisation is the ЕНС emulator's operator
	emp, err := pki.ParseCertificate(e.srv.EmployeeSigner().CertificateDER())
	require.NoError(t, err)
	require.Equal(t, "7799000005", emp.Subject.INNLE)
	// CheckIdentifiers (which the sandbox applies before issuing) refuses a wrong checksum
	require.ErrorContains(t, pki.CheckIdentifiers(pki.Name{INNLE: "7700000018"}), "ИНН ЮЛ 7700000018: неверная контрольная сумма")
	require.Error(t, pki.CheckIdentifiers(pki.Name{SNILS: "11223344596"}))
	require.Error(t, pki.CheckIdentifiers(pki.Name{OGRN: "1027700000009"}))
	require.NoError(t, pki.CheckIdentifiers(pki.Name{INN: pki.INN12("5001007322"), INNLE: pki.INN10("770000002"), OGRN: pki.OGRN13("102770013219"), SNILS: pki.SNILS11("112233445")}))
}

// TestENSAcceptsSandboxKey: the employee's container the sandbox prints
// signs in to the sandbox's own API ЕНС (issue 13, item 17: it was
// CERT_UNTRUSTED), and a date before ЕНС existed (2023-01-01) is refused
// with a clear message instead of answered with a balance.
func TestENSAcceptsSandboxKey(t *testing.T) {
	e := newEnv(t)
	_, err := sbens.MountDemo(e.srv, e.srv.Clock())
	require.NoError(t, err)
	creds := e.srv.Credentials()
	require.NotEmpty(t, creds.ContainerPath)
	ks, err := keystore.OpenContainer(creds.ContainerPath, creds.PIN)
	require.NoError(t, err)
	for _, mode := range []ens.Mode{ens.ModeSelf, ens.ModeOperator} {
		c, err := ens.New(ens.Config{BaseURL: e.srv.URL(), Signer: &ens.KeySigner{Key: ks, Cert: ks.Certificate()}, Mode: mode, Now: e.clock.Now})
		require.NoError(t, err)
		b, err := c.Balance(context.Background(), "", e.clock.Now())
		require.NoError(t, err, "mode %v", mode)
		require.Equal(t, sandbox.TestOrgINN, b.INN)
		_, err = c.Balance(context.Background(), "", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		require.True(t, errors.Is(err, ens.ErrDateRangeInvalid), "%v", err)
		require.Contains(t, err.Error(), "единый налоговый счёт действует с 01.01.2023")
		_, err = c.Operations(context.Background(), "", time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 31, 0, 0, 0, 0, time.UTC))
		require.True(t, errors.Is(err, ens.ErrDateRangeInvalid), "%v", err)
	}
	// a key of another CA is still refused
	other, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "чужой УЦ"}, NotBefore: e.clock.Now().Add(-time.Hour)}, nil, nil)
	require.NoError(t, err)
	cert, key, err := other.IssueKey(pki.Template{Subject: pki.Name{CommonName: "x", INNLE: sandbox.TestOrgINN}, NotBefore: e.clock.Now().Add(-time.Hour)}, gost3410.CurveTC26256A)
	require.NoError(t, err)
	c, err := ens.New(ens.Config{BaseURL: e.srv.URL(), Signer: &ens.KeySigner{Key: key, Cert: cert}, Mode: ens.ModeOperator, Now: e.clock.Now})
	require.NoError(t, err)
	_, err = c.Balance(context.Background(), "", e.clock.Now())
	require.True(t, errors.Is(err, ens.ErrCertUntrusted), "%v", err)
	require.False(t, strings.Contains(err.Error(), "ИНН"), "%v", err)
}

// TestOldIdentifiersReissued: a DataDir of a sandbox whose employee had
// ИНН ЮЛ 7700000018 (bad checksum) gets the current identifiers on start,
// with the same key, in the certificate files and the container.
func TestOldIdentifiersReissued(t *testing.T) {
	dir := t.TempDir()
	e1 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	require.NoError(t, e1.srv.Close())
	readKey := func(name string) *gost3410.PrivateKey {
		bd, err := pkcs8.ParsePEM(readFile(t, filepath.Join(dir, "pki", name+".key")), "")
		require.NoError(t, err)
		return bd.Keys[0]
	}
	caCert, err := pki.ParseCertificates(readFile(t, filepath.Join(dir, "pki", "ca.cer")))
	require.NoError(t, err)
	ca := &pki.CA{Certificate: caCert[0], Key: readKey("ca")}
	empKey := readKey("employee")
	old, err := ca.Issue(pki.Template{Subject: pki.Name{CommonName: "Иванов Иван Иванович", Organization: "ООО «Песочница»",
		INNLE: "7700000018", OGRN: sandbox.TestOrgOGRN, SNILS: "11223344595"}, NotBefore: t0.Add(-time.Hour), NotAfter: t0.AddDate(1, 0, 0)}, empKey.PublicKey())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pki", "employee.cer"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: old.Raw}), 0o600))

	e2 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	c, err := pki.ParseCertificate(e2.srv.EmployeeSigner().CertificateDER())
	require.NoError(t, err)
	require.Equal(t, sandbox.TestOrgINN, c.Subject.INNLE)
	require.True(t, publicKeyOf(t, old.Raw).Equal(publicKeyOf(t, c.Raw)), "the key is kept")
	ks, err := keystore.OpenContainer(e2.creds.ContainerPath, e2.creds.PIN)
	require.NoError(t, err)
	require.Equal(t, sandbox.TestOrgINN, ks.Certificate().Subject.INNLE)
}
