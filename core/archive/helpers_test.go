package archive_test

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/xsd"
)

// t0 is when the templates are filled.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is the sandbox's test PKI: the employee's key (opened by
// core/keystore from the files the sandbox writes, as a user would), a
// second signer and a verifier trusting the sandbox CA.
type fixture struct {
	srv      *sandbox.Server
	signer   keystore.Signer
	other    keystore.Signer
	roots    *pki.TrustStore
	verifier sandbox.Verifier
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
)

func sandboxPKI(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() {
		f := &fixture{}
		f.srv, fixErr = sandbox.New(sandbox.Options{})
		if fixErr != nil {
			return
		}
		creds := f.srv.Credentials()
		f.signer, fixErr = keystore.OpenFile(creds.KeyPath, "", creds.CertPath)
		if fixErr != nil {
			return
		}
		gs := f.srv.OtherEmployeeSigner().(*esia.GostSigner)
		f.other, fixErr = keystore.NewSigner(gs.Key, gs.Cert, nil)
		if fixErr != nil {
			return
		}
		ca, err := pki.ParseCertificate(f.srv.TestCA())
		if err != nil {
			fixErr = err
			return
		}
		f.roots = pki.NewTrustStore(ca)
		f.verifier = sandbox.GostVerifier{Roots: f.roots}
		fix = f
	})
	require.NoError(t, fixErr)
	return fix
}

// templateFiles are the files of an application to service code made
// from the catalog's templates, with {orderId} kept for Pack, and the
// attachments the service needs (written under dir).
func templateFiles(t testing.TB, code, dir string, set ...string) []archive.Input {
	t.Helper()
	sv, ok := xsd.Lookup(code)
	require.True(t, ok, code)
	guid := xsd.NewGUID()
	vals := map[string]string{"orderId": archive.OrderIDPlaceholder, "guid": guid}
	for i := 0; i+1 < len(set); i += 2 {
		vals[set[i]] = set[i+1]
	}
	var in []archive.Input
	for _, f := range sv.Files {
		if f.Template == "" || f.Kind == xsd.KindSignConfig {
			continue
		}
		data, err := sv.FillTemplate(f.Role, t0, vals)
		require.NoError(t, err)
		name := f.Name
		switch name {
		case "trans_*.xml":
			name = "trans_" + guid + ".xml"
		case "req_*.xml":
			name = "req_" + guid + ".xml"
		}
		in = append(in, archive.Input{Name: name, Data: data})
	}
	switch sv.Group {
	case "goskey":
		in = append(in, archive.Input{Name: "Dogovor postavki 5.pdf", Path: writeFile(t, dir, "contract.pdf", []byte("%PDF-1.7\nдоговор\n"))})
	}
	if code == "10000103652" {
		in = append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment1.0", Path: writeFile(t, dir, "passport.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan"))},
			archive.Input{Name: "form.FormStep10.Panel1.caseAttachment3", Path: writeFile(t, dir, "card.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF card"))})
	}
	return in
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

func ids(id int64) string { return strconv.FormatInt(id, 10) }

func ioReadFull(r interface{ Read([]byte) (int, error) }, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			if n == len(b) {
				return n, nil
			}
			return n, err
		}
	}
	return n, nil
}

// pkiStoreWithout is a trust store holding another CA than the sandbox's.
func pkiStoreWithout(t testing.TB) *pki.TrustStore {
	t.Helper()
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Чужой УЦ"}, IsCA: true, NotBefore: time.Now().Add(-time.Hour)}, gost3410.CurveTC26256B, nil)
	require.NoError(t, err)
	return pki.NewTrustStore(ca.Certificate)
}
