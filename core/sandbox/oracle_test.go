package sandbox_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/internal/oracle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The API key signature the sandbox accepts and the signed result it
// returns are real CAdES-BES: OpenSSL with the GOST engine verifies both
// against the sandbox test CA.
func TestOracleOpenSSLVerifiesSandboxSignatures(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	e := newEnv(t)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	caPEM, err := os.ReadFile(e.creds.CACertPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(ca, caPEM, 0o600))

	sig, err := e.srv.EmployeeSigner().SignDetached(context.Background(), []byte(e.creds.APIKey))
	require.NoError(t, err)
	verify := func(sig, content []byte) {
		sp, cp := filepath.Join(dir, "s.p7s"), filepath.Join(dir, "c.bin")
		require.NoError(t, os.WriteFile(sp, sig, 0o600))
		require.NoError(t, os.WriteFile(cp, content, 0o600))
		out, err := oracle.OpenSSL(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", sp, "-content", cp, "-CAfile", ca, "-purpose", "any", "-out", os.DevNull)
		require.NoError(t, err, string(out))
	}
	verify(sig, []byte(e.creds.APIKey))
	// and the sandbox takes the same signature, base64url without padding
	r := e.do("GET", "/esia-rs/api/public/v1/orgs/ext-app/"+e.creds.APIKey+"/tkn?signature="+base64.RawURLEncoding.EncodeToString(sig), "", nil, "")
	require.Equal(t, 200, r.status, r.body)

	arch := signedZip(t, e.srv.EmployeeSigner(), [2]string{"req.xml", goskeyReq(t)}, [2]string{"doc.pdf", "%PDF-1.7"})
	id, err := e.c.Push(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}, "g.zip", bytes.NewReader(arch), int64(len(arch)))
	require.NoError(t, err)
	e.srv.AdvanceClock(60e9)
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	require.NotNil(t, d.Order, d.Code+": "+d.Message)
	var got bool
	for _, f := range d.Order.ResponseFiles {
		if f.FileName == "doc.pdf.sig" {
			ref, _ := epgu.RefFor(d.Order, f.Link)
			var b bytes.Buffer
			_, _, err := e.c.Download(ctx, ref, &b)
			require.NoError(t, err)
			verify(b.Bytes(), []byte("%PDF-1.7"))
			got = true
		}
	}
	assert.True(t, got)
}

// The fakecms mode (no GOST arithmetic) keeps working for quick demos.
func TestFakeSignaturesMode(t *testing.T) {
	e := newEnv(t, func(o *sandbox.Options) { o.FakeSignatures = true })
	arch := signedZip(t, e.srv.EmployeeSigner(), [2]string{"req.xml", goskeyReq(t)}, [2]string{"doc.pdf", "%PDF-1.7"})
	id, err := e.c.Push(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}, "g.zip", bytes.NewReader(arch), int64(len(arch)))
	require.NoError(t, err)
	e.srv.AdvanceClock(60e9)
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "OK", d.Code, d.Message)
}
