package sandbox_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	srv   *sandbox.Server
	clock *sandbox.ManualClock
	creds sandbox.Credentials
	org   *esia.OrgTokenSource
	c     *epgu.Client
}

func quiet() *logrus.Logger { l := logrus.New(); l.SetOutput(io.Discard); return l }

func newEnv(t *testing.T, mod ...func(*sandbox.Options)) *env {
	t.Helper()
	clock := sandbox.NewManualClock(t0)
	o := sandbox.Options{Clock: clock, Timing: sandbox.Timing{Step: time.Second}, Logger: quiet()}
	for _, m := range mod {
		m(&o)
	}
	srv, err := sandbox.New(o)
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	t.Cleanup(func() { srv.Close() })
	e := &env{t: t, srv: srv, clock: clock, creds: srv.Credentials()}
	e.org = e.orgTokens(e.creds.APIKey, srv.EmployeeSigner())
	e.c = e.client(e.org)
	return e
}

func (e *env) orgTokens(key string, signer esia.Signer) *esia.OrgTokenSource {
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: e.srv.URL(), APIKey: key, Signer: signer, Logger: quiet(), Now: e.clock.Now})
	require.NoError(e.t, err)
	return ts
}

func (e *env) client(ts epgu.TokenSource) *epgu.Client {
	c, err := epgu.New(epgu.Options{BaseURL: e.srv.URL(), Tokens: ts, Logger: quiet(), RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond, ChunkSize: 5_000_000})
	require.NoError(e.t, err)
	return c
}

func (e *env) token() string {
	tok, err := e.org.Token(context.Background())
	require.NoError(e.t, err)
	return tok
}

// zipOf builds a ZIP archive of name → content (stored order kept).
func zipOf(t testing.TB, files ...[2]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.Create(f[0])
		require.NoError(t, err)
		w.Write([]byte(f[1]))
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// filled is the catalog's template of role for service code, filled for
// orderID at the sandbox start time t0 (set: extra name, value pairs).
func filled(t testing.TB, code, role string, orderID int64, set ...string) string {
	t.Helper()
	sv, ok := xsd.Lookup(code)
	require.True(t, ok, code)
	vals := map[string]string{"orderId": strconv.FormatInt(orderID, 10)}
	for i := 0; i+1 < len(set); i += 2 {
		vals[set[i]] = set[i+1]
	}
	b, err := sv.FillTemplate(role, t0.In(xsd.Moscow), vals)
	require.NoError(t, err)
	return string(b)
}

// fsspFiles are req.xml and piev_epgu.xml of a ФССП service for orderID,
// from the catalog's templates.
func fsspFiles(t testing.TB, code string, orderID int64) [][2]string {
	return [][2]string{{"req.xml", filled(t, code, "req", orderID)}, {"piev_epgu.xml", filled(t, code, "piev_epgu", orderID)}}
}

func fsspReq(t testing.TB, orderID int64) string { return filled(t, "60010153", "req", orderID) }

func pievXML(t testing.TB, orderID int64) string { return filled(t, "60010153", "piev_epgu", orderID) }

// sfrFiles are trans_<GUID>.xml and req_<GUID>.xml of СФР 10000000109.
func sfrFiles(t testing.TB, orderID int64) [][2]string {
	g := xsd.NewGUID()
	return [][2]string{{"trans_" + g + ".xml", filled(t, "10000000109", "trans", orderID, "guid", g)},
		{"req_" + g + ".xml", filled(t, "10000000109", "req", orderID, "guid", g)}}
}

// goskeyReq is req.xml of Госключ 10000000374.
func goskeyReq(t testing.TB) string { return filled(t, "10000000374", "req", 0) }

// hotelFiles are req.xml and attach.xml of hotel service code.
func hotelFiles(t testing.TB, code string, orderID int64) [][2]string {
	return [][2]string{{"req.xml", filled(t, code, "req", orderID)}, {"attach.xml", filled(t, code, "attach", orderID)}}
}

var (
	fsspMeta = epgu.OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-60010153"}
	sfrMeta  = epgu.OrderMeta{Region: "36000000000", ServiceCode: "10000000109", TargetCode: "-10000000109"}
)

// signedZip builds an archive where every file has "<name>.sig".
func signedZip(t testing.TB, s interface {
	SignDetached(context.Context, []byte) ([]byte, error)
}, files ...[2]string) []byte {
	var all [][2]string
	for _, f := range files {
		sig, err := s.SignDetached(context.Background(), []byte(f[1]))
		require.NoError(t, err)
		all = append(all, f, [2]string{f[0] + ".sig", string(sig)})
	}
	return zipOf(t, all...)
}

// raw is a hand-made request (violations the client refuses to send).
type raw struct {
	status int
	code   string
	body   string
}

func (e *env) do(method, path, token string, body io.Reader, ctype string) raw {
	req, err := http.NewRequest(method, e.srv.URL()+path, body)
	require.NoError(e.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var eb struct {
		Code string
		Desc string `json:"error_description"`
	}
	json.Unmarshal(b, &eb)
	if eb.Code == "" {
		eb.Code = esia.ParseCode(eb.Desc)
	}
	return raw{status: resp.StatusCode, code: eb.Code, body: string(b)}
}

// chunk posts one /push/chunked request with fields and size bytes of file.
func (e *env) chunk(token string, fields map[string]string, file []byte) raw {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "a.zip")
		fw.Write(file)
	}
	mw.Close()
	return e.do(http.MethodPost, "/api/gusmev/push/chunked", token, &b, mw.FormDataContentType())
}

func ids(id int64) string { return strconv.FormatInt(id, 10) }

func writeTemp(t *testing.T, data []byte) string {
	p := filepath.Join(t.TempDir(), "archive.zip")
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

// authorize runs the ЕСИА authorisation page without a browser.
func (e *env) authorize(c *esia.Citizen, extra url.Values) (url.Values, string, int, string) {
	u, state, err := c.AuthURL(context.Background())
	require.NoError(e.t, err)
	if extra != nil {
		u += "&" + extra.Encode()
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(u)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusFound {
		return nil, state, resp.StatusCode, string(b)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(e.t, err)
	return loc.Query(), state, resp.StatusCode, ""
}
