package sandbox_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// citizenClient signs the test citizen in through the OAuth2 v2/v3 flow.
func (e *env) citizenClient() *epgu.Client {
	e.t.Helper()
	c := e.citizen(esia.V2Raw, e.creds.RedirectURI, e.srv.SystemSigner(), e.clock.Now)
	q, state, _, body := e.authorize(c, nil)
	code, err := esia.ParseCallback(q, state)
	require.NoError(e.t, err, body)
	tok, err := c.Exchange(ctx, code)
	require.NoError(e.t, err)
	return e.client(epgu.StaticToken(tok.AccessToken))
}

// citizenPush reserves an СФР order as the test citizen, sends files(id)
// and returns the gu-smev code of the details a minute later.
func (e *env) citizenPush(t *testing.T, files func(id int64) [][2]string) string {
	cl := e.citizenClient()
	id, err := cl.CreateOrder(ctx, sfrMeta)
	require.NoError(t, err)
	arch := zipOf(t, files(id)...)
	require.NoError(t, cl.PushChunked(ctx, id, &sfrMeta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}))
	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err := cl.Details(ctx, id)
	require.NoError(t, err)
	return d.Code
}

// catalogArchive builds the archive of sv for orderID from the catalog:
// every file with a template (patterns like trans_*.xml named with one
// GUID), a document where the service needs one, and "<file>.sig" of
// every file for signed services.
func catalogArchive(t *testing.T, e *env, sv xsd.Service, orderID int64) []byte {
	g := xsd.NewGUID()
	var files [][2]string
	for _, f := range sv.Files {
		switch {
		case f.Kind == xsd.KindSignConfig:
			continue
		case f.Template != "":
			files = append(files, [2]string{strings.ReplaceAll(f.Name, "*", g), filled(t, sv.Code, f.Role, orderID, "guid", g)})
		case f.Required && f.Name == "*":
			files = append(files, [2]string{"document.pdf", "%PDF-1.7 test document"})
		}
	}
	if sv.Signed {
		return signedZip(t, e.srv.EmployeeSigner(), files...)
	}
	return zipOf(t, files...)
}

// Every service of the catalog accepts the archive built from its
// templates: reserve, chunked upload, gu-smev DONE and the success script
// to the final status 3 with the catalog's title.
func TestCatalogTemplatesAccepted(t *testing.T) {
	e := newEnv(t)
	citizen := e.citizenClient()
	for _, sv := range xsd.Services() {
		t.Run(sv.Code, func(t *testing.T) {
			c := e.c
			if !sv.Allows(xsd.ApplicantUL) {
				c = citizen
			}
			meta := epgu.OrderMeta{Region: "45000000000", ServiceCode: sv.Code, TargetCode: sv.Target}
			id, err := c.CreateOrder(ctx, meta)
			require.NoError(t, err)
			arch := catalogArchive(t, e, sv, id)
			require.NoError(t, c.PushChunked(ctx, id, &meta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}))
			require.NoError(t, e.srv.AdvanceClock(time.Minute))
			d, err := c.Details(ctx, id)
			require.NoError(t, err)
			require.Equal(t, "OK", d.Code, d.Message)
			cur := d.Order.Current()
			assert.EqualValues(t, 3, cur.StatusID)
			want, _ := sv.Status(3)
			assert.Equal(t, want.Title, cur.Title)
			assert.True(t, d.Order.Closed)
			for _, f := range d.Order.AttachmentFiles {
				assert.False(t, strings.HasSuffix(f.FileName, ".sig"), "signatures are not listed as files")
				assert.Equal(t, sv.Signed, f.HasDigitalSignature, f.FileName)
			}
		})
	}
}

// The details envelope of a rejected archive names the file, the place
// and the rule that failed.
func TestValidationErrorMessage(t *testing.T) {
	e := newEnv(t)
	id, err := e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	piev := strings.Replace(pievXML(t, id), "<fssp:IncludeAll>true<", "<fssp:IncludeAll>да<", 1)
	arch := zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", piev})
	require.NoError(t, e.c.PushChunked(ctx, id, &fsspMeta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}))
	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "VALIDATION_ERROR", d.Code)
	assert.Nil(t, d.Order)
	assert.Contains(t, d.Message, "Вложения не прошли проверку")
	assert.Contains(t, d.Message, "piev_epgu.xml:7:")
	assert.Contains(t, d.Message, "IncludeAll")

	// a required file missing: REQ_NOT_FOUND names it
	id, err = e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	arch = zipOf(t, [2]string{"piev_epgu.xml", pievXML(t, id)})
	require.NoError(t, e.c.PushChunked(ctx, id, &fsspMeta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}))
	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err = e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "REQ_NOT_FOUND", d.Code)
	assert.Contains(t, d.Message, "req.xml")
}
