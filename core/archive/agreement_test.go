package archive_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/sandbox/nsidict"
	"github.com/gosdesk/gosdesk/xsd"
)

var ctx = context.Background()

// TestSandboxAcceptsEveryService packs a valid archive for every catalog
// service from its templates, signed with the sandbox's test key, and has
// the sandbox's archive checker accept it.
func TestSandboxAcceptsEveryService(t *testing.T) {
	f := sandboxPKI(t)
	for _, sv := range xsd.Services() {
		t.Run(sv.Code, func(t *testing.T) {
			dir := t.TempDir()
			files := templateFiles(t, sv.Code, dir)
			const orderID = 1234567
			spec := archive.Spec{Service: sv.Code, Files: files, OrderID: orderID, Signer: f.signer, TempDir: dir, Dictionary: nsidict.Has}
			require.NoError(t, archive.Check(spec))
			a, err := archive.Pack(ctx, spec)
			require.NoError(t, err)
			defer a.Remove()
			rep, err := sandbox.CheckArchive(a.Path, sv.Code, orderID, f.verifier)
			require.NoError(t, err)
			assert.Equal(t, sandbox.StateDone, rep.State, rep.Problems)
			assert.Empty(t, rep.Problems)

			// what is inside: every input, a signature of each for signed
			// services, {orderId} replaced
			zr, err := zip.OpenReader(a.Path)
			require.NoError(t, err)
			defer zr.Close()
			names := map[string]bool{}
			for _, zf := range zr.File {
				names[zf.Name] = true
				assert.False(t, strings.Contains(zf.Name, "/"), zf.Name)
			}
			for _, in := range files {
				assert.True(t, names[in.Name], in.Name)
				assert.Equal(t, sv.Signed, names[in.Name+".sig"], in.Name+".sig")
				if in.Data != nil {
					rc, err := zr.Open(in.Name)
					require.NoError(t, err)
					b := make([]byte, 1<<20)
					n, _ := rc.Read(b)
					rc.Close()
					assert.NotContains(t, string(b[:n]), "{orderId}")
				}
			}
			assert.Equal(t, archive.RouteChunked == a.Route, archive.NeedsOrderID(sv, files) || a.Size > archive.MaxPushSize)
		})
	}
}

// TestSandboxAcceptsCosignatures: a document with two signatures gets
// sign_config.xml (API ЕПГУ v1.13 Прил. 5) and the sandbox accepts it.
func TestSandboxAcceptsCosignatures(t *testing.T) {
	f := sandboxPKI(t)
	for _, code := range []string{"10000000374", "10000103653"} {
		t.Run(code, func(t *testing.T) {
			dir := t.TempDir()
			files := templateFiles(t, code, dir)
			doc := files[len(files)-1].Name
			spec := archive.Spec{Service: code, Files: files, OrderID: 42, Signer: f.signer, TempDir: dir,
				Cosignatures: []archive.Cosignature{{Document: doc, Signer: f.other}}}
			a, err := archive.Pack(ctx, spec)
			require.NoError(t, err)
			defer a.Remove()
			var cfg *archive.Entry
			for i, e := range a.Entries {
				if e.Name == archive.SignConfigName {
					cfg = &a.Entries[i]
				}
			}
			require.NotNil(t, cfg, "sign_config.xml")
			rep, err := sandbox.CheckArchive(a.Path, code, 42, f.verifier)
			require.NoError(t, err)
			assert.Equal(t, sandbox.StateDone, rep.State, rep.Problems)

			// the co-signature is really checked: a wrong second signer is caught
			bad := spec
			bad.Cosignatures = []archive.Cosignature{{Document: doc, Signer: f.other, SigName: doc + ".buyer.sig"}}
			b, err := archive.Pack(ctx, bad)
			require.NoError(t, err)
			defer b.Remove()
			corrupt := filepath.Join(dir, "corrupt.zip")
			rewriteZip(t, b.Path, corrupt, doc+".buyer.sig", func(sig []byte) []byte { sig[len(sig)-3] ^= 0xff; return sig })
			rep, err = sandbox.CheckArchive(corrupt, code, 42, f.verifier)
			require.NoError(t, err)
			assert.Equal(t, sandbox.StateFilesVerificationFailed, rep.State, rep.Problems)
		})
	}
}

// rewriteZip copies src to dst changing entry name with fn (nil fn: the
// entry is dropped).
func rewriteZip(t *testing.T, src, dst, name string, fn func([]byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	require.NoError(t, err)
	defer zr.Close()
	out, err := os.Create(dst)
	require.NoError(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		b := make([]byte, zf.UncompressedSize64)
		_, err = ioReadFull(rc, b)
		require.NoError(t, err)
		rc.Close()
		if zf.Name == name {
			if fn == nil {
				continue
			}
			b = fn(b)
		}
		w, err := zw.Create(zf.Name)
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
}
