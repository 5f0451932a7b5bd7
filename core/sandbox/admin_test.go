package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The admin API over HTTP with the default (real, offset) clock and demo
// timing: scenario, clock advance, forced status, faults.
func TestAdminAPI(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Timing: sandbox.TimingDemo, Logger: quiet()})
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	defer srv.Close()
	e := &env{t: t, srv: srv, creds: srv.Credentials()}
	e.clock = nil
	ts := e.orgTokensReal(srv)
	c := e.client(ts)
	post := func(path, body string) int {
		r := e.do("POST", path, "", strings.NewReader(body), "application/json")
		return r.status
	}
	require.Equal(t, 204, post("/admin/scenario", `{"serviceCode":"60010153","scenario":"reject"}`))
	id, err := c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	arch := zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", pievXML(t, id)})
	require.Equal(t, 200, e.chunk(mustTok(t, ts), map[string]string{"orderId": ids(id)}, arch).status)
	d, err := c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "NEW", d.Code, "demo timing: nothing due yet")
	require.Equal(t, 200, post("/admin/clock/advance?d=1m", ""))
	d, err = c.Details(ctx, id)
	require.NoError(t, err)
	assert.EqualValues(t, 4, d.Order.Current().StatusID, "reject scenario")

	require.Equal(t, 204, post("/admin/orders/"+ids(id)+"/status", `{"statusId":15,"title":"Заявление требует исправления"}`))
	d, _ = c.Details(ctx, id)
	assert.EqualValues(t, 15, d.Order.Current().StatusID)

	require.Equal(t, 204, post("/admin/faults", `{"status":429,"count":1,"retryAfter":1,"pathPrefix":"/api/gusmev/"}`))
	start := time.Now()
	_, err = c.Details(ctx, id)
	require.NoError(t, err, "429 is retried after Retry-After")
	assert.GreaterOrEqual(t, time.Since(start), time.Second)
	r := e.do("GET", "/admin/orders", "", nil, "")
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.body), &list))
	assert.Len(t, list, 1)
	r = e.do("GET", "/admin/credentials", "", nil, "")
	assert.Contains(t, r.body, srv.Credentials().APIKey)
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/admin/nope", "", nil, "").status)
}

func (e *env) orgTokensReal(srv *sandbox.Server) epgu.TokenSource {
	ts, err := newOrgTS(srv)
	require.NoError(e.t, err)
	return ts
}

func mustTok(t *testing.T, ts epgu.TokenSource) string {
	tok, err := ts.Token(ctx)
	require.NoError(t, err)
	return tok
}
