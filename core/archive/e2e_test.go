package archive_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

// TestSandboxRoundTrip: a Госключ application packed by core/archive goes
// to the running sandbox by /push (the route the packer chose), the portal
// accepts it, and the signed result it returns verifies with VerifyFiles
// against the sandbox CA; a reserved hotel notice goes by /push/chunked
// with the number inside.
func TestSandboxRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := sandbox.NewManualClock(t0)
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	srv, err := sandbox.New(sandbox.Options{Clock: clock, Timing: sandbox.Timing{Step: time.Second}, Logger: quiet})
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	defer srv.Close()
	creds := srv.Credentials()
	signer, err := keystore.OpenFile(creds.KeyPath, "", creds.CertPath)
	require.NoError(t, err)
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: srv.URL(), APIKey: creds.APIKey, Signer: srv.EmployeeSigner(), Logger: quiet, Now: clock.Now})
	require.NoError(t, err)
	c, err := epgu.New(epgu.Options{BaseURL: srv.URL(), Tokens: ts, Logger: quiet, ChunkSize: 5_000_000})
	require.NoError(t, err)
	ca, err := pki.ParseCertificate(srv.TestCA())
	require.NoError(t, err)
	roots := pki.NewTrustStore(ca)

	t.Run("Госключ by /push, signed result verified", func(t *testing.T) {
		dir := t.TempDir()
		a, err := archive.Pack(ctx, archive.Spec{Service: "10000000374", Files: templateFiles(t, "10000000374", dir), Signer: signer, TempDir: dir})
		require.NoError(t, err)
		defer a.Remove()
		require.Equal(t, archive.RoutePush, a.Route)
		id, err := c.PushFile(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}, a.Path)
		require.NoError(t, err)
		require.NoError(t, srv.AdvanceClock(time.Minute))
		d, err := c.Details(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "OK", d.Code, d.Message)
		var files []archive.ExtractedFile
		for _, f := range d.Order.ResponseFiles {
			ref, err := epgu.RefFor(d.Order, f.Link)
			require.NoError(t, err)
			p := filepath.Join(dir, "result-"+f.FileName)
			out, err := os.Create(p)
			require.NoError(t, err)
			_, _, err = c.Download(ctx, ref, out)
			out.Close()
			require.NoError(t, err)
			files = append(files, archive.ExtractedFile{Name: f.FileName, Path: p})
		}
		vs := archive.VerifyFiles(files, archive.VerifyOptions{Roots: roots, Time: clock.Now()})
		require.NotEmpty(t, vs)
		for _, v := range vs {
			assert.True(t, v.Valid, "%s: %v", v.Signature, v.Err)
			assert.Contains(t, v.Signer, "Госключ")
		}
	})

	t.Run("hotel notice: /order, number in the XML, /push/chunked", func(t *testing.T) {
		dir := t.TempDir()
		files := templateFiles(t, hotel, dir)
		spec := archive.Spec{Service: hotel, Files: files, Signer: signer, TempDir: dir}
		require.NoError(t, archive.Check(spec), "checked before a number is spent")
		meta := epgu.OrderMeta{Region: "45000000000", ServiceCode: hotel, TargetCode: "-1000444103652"}
		id, err := c.CreateOrder(ctx, meta)
		require.NoError(t, err)
		spec.OrderID = id
		a, err := archive.Pack(ctx, spec)
		require.NoError(t, err)
		defer a.Remove()
		require.Equal(t, archive.RouteChunked, a.Route)
		require.NoError(t, c.PushChunkedFile(ctx, id, &meta, a.Path, epgu.ChunkOptions{}))
		require.NoError(t, srv.AdvanceClock(time.Minute))
		d, err := c.Details(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "OK", d.Code, d.Message)
	})
}
