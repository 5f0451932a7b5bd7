package sandbox_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/sandbox/fakecms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// Reserve + chunked upload (FSSP, orderId inside req.xml) through to the
// result file, status lists and both download paths.
func TestHappyReserveChunkedFSSP(t *testing.T) {
	e := newEnv(t)
	id, err := e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, id, int64(3_500_000_000), "ids beyond 2^31")

	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "NEW", d.Code)
	assert.Nil(t, d.Order)

	// a ~12 MB archive: chunks of 5,000,000 bytes → 3 requests
	noise := make([]byte, 12_000_000)
	rand.Read(noise)
	arch := zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", pievXML(t, id)}, [2]string{"scan.pdf", string(noise)})
	var progress []int64
	require.NoError(t, e.c.PushChunkedFile(ctx, id, &fsspMeta, writeTemp(t, arch), epgu.ChunkOptions{Progress: func(s, _ int64) { progress = append(progress, s) }}))
	assert.Len(t, progress, 3)

	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err = e.c.Details(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "OK", d.Code)
	require.NotNil(t, d.Order)
	o := d.Order
	assert.Equal(t, id, o.ID)
	var seq []int64
	for _, s := range o.Statuses {
		seq = append(seq, s.StatusID)
	}
	assert.Equal(t, []int64{0, 17, 21, 2, 3}, seq)
	assert.True(t, o.Closed)
	assert.Equal(t, "Федеральная служба судебных приставов", o.Current().Sender)
	require.Len(t, o.AttachmentFiles, 3)
	assert.Equal(t, "REQUEST", o.AttachmentFiles[1].Type) // req.xml (sorted: piev, req, scan)
	require.Len(t, o.ResponseFiles, 1)

	ref, err := epgu.RefFor(o, o.ResponseFiles[0].Link)
	require.NoError(t, err)
	assert.Equal(t, o.CurrentStatusHistoryID, ref.ObjectID)
	var b bytes.Buffer
	_, ct, err := e.c.Download(ctx, ref, &b)
	require.NoError(t, err)
	assert.Equal(t, "application/xml", ct)
	assert.Contains(t, b.String(), "<response orderId=")
	// uploaded file through the legacy path (objectId = order number)
	l, _ := epgu.ParseLink(o.AttachmentFiles[1].Link)
	b.Reset()
	_, _, err = e.c.DownloadLegacy(ctx, l.ObjectID, l.ObjectType, l.Mnemonic, &b)
	require.NoError(t, err)
	assert.Equal(t, fsspReq(t, id), b.String())

	st, err := e.c.AllOrdersStatus(ctx, []int64{id, 1}, 1)
	require.NoError(t, err)
	require.Len(t, st, 2)
	assert.Equal(t, epgu.SearchFound, st[0].SearchStatus)
	assert.EqualValues(t, 3, st[0].Status.StatusID)
	assert.Equal(t, epgu.SearchNotFound, st[1].SearchStatus)

	upd, err := e.c.AllUpdatedAfter(ctx, t0.Add(-time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, upd, 1)
	upd, err = e.c.AllUpdatedAfter(ctx, e.clock.Now(), 10)
	require.NoError(t, err)
	assert.Empty(t, upd)
}

// Госключ: /push of signed documents; the result holds the documents
// signed by the sandbox ("Документы подписаны").
func TestHappyGoskeyPush(t *testing.T) {
	e := newEnv(t)
	signer := e.srv.EmployeeSigner()
	arch := signedZip(t, signer, [2]string{"req.xml", goskeyReq(t)}, [2]string{"07_01.pdf", "%PDF-1.4 test"})
	meta := epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}
	id, err := e.c.PushFile(ctx, meta, writeTemp(t, arch))
	require.NoError(t, err)
	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	require.NotNil(t, d.Order)
	cur := d.Order.Current()
	assert.EqualValues(t, 3, cur.StatusID)
	assert.Equal(t, "Документы подписаны", cur.Title)
	assert.Equal(t, "done", cur.StateOrgStatusCode)
	assert.Equal(t, "R", cur.HasResult)
	var sigRef *epgu.FileRef
	for _, f := range d.Order.ResponseFiles {
		if f.FileName == "07_01.pdf.sig" {
			r, err := epgu.RefFor(d.Order, f.Link)
			require.NoError(t, err)
			sigRef = &r
		}
	}
	require.NotNil(t, sigRef, "signature of the document among the results")
	assert.Equal(t, "07_01.pdf", sigRef.Mnemonic)
	var b bytes.Buffer
	_, _, err = e.c.Download(ctx, *sigRef, &b)
	require.NoError(t, err)
	ca, err := pki.ParseCertificate(e.srv.TestCA())
	require.NoError(t, err)
	v := sandbox.GostVerifier{Roots: pki.NewTrustStore(ca), Now: e.clock.Now}
	who, err := v.VerifyDetached(b.Bytes(), []byte("%PDF-1.4 test"))
	require.NoError(t, err)
	assert.Contains(t, who.Subject, "Госключ")
	for _, f := range d.Order.AttachmentFiles {
		assert.True(t, f.HasDigitalSignature, f.FileName)
	}
}

// alienSigner signs with a certificate of the test organisation issued by
// a CA the sandbox does not trust.
func alienSigner(t *testing.T) *esia.GostSigner {
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Чужой УЦ"}, IsCA: true, NotBefore: t0.Add(-time.Hour)}, nil, nil)
	require.NoError(t, err)
	cert, key, err := ca.IssueKey(pki.Template{Subject: pki.Name{CommonName: sandbox.TestSystem, Organization: "ООО «Песочница»", INNLE: sandbox.TestOrgINN, OGRN: "1027700000019"}, NotBefore: t0.Add(-time.Hour)}, gost3410.CurveTC26256B)
	require.NoError(t, err)
	return &esia.GostSigner{Key: key, Cert: cert, Chain: []*pki.Certificate{ca.Certificate}}
}

func TestHappyCitizenFlows(t *testing.T) {
	e := newEnv(t)
	sys := e.srv.SystemSigner()
	for _, v := range []esia.Variant{esia.V2Raw, esia.LegacyPKCS7} {
		c, err := esia.NewCitizen(esia.CitizenOptions{BaseURL: e.srv.URL(), ClientID: e.creds.System, RedirectURI: e.creds.RedirectURI,
			Permissions: []esia.Permission{esia.APIPGUPermission("ООО «Песочница»", 525600)}, Variant: v, Raw: sys, Signer: sys, Logger: quiet(), Now: e.clock.Now})
		require.NoError(t, err)
		q, state, st, body := e.authorize(c, nil)
		require.Equal(t, http.StatusFound, st, body)
		code, err := esia.ParseCallback(q, state)
		require.NoError(t, err)
		tok, err := c.Exchange(ctx, code)
		require.NoError(t, err)
		assert.False(t, tok.Expires.IsZero())
		cl := e.client(epgu.StaticToken(tok.AccessToken))
		id, err := cl.CreateOrder(ctx, sfrMeta)
		require.NoError(t, err, "variant %d", v)
		arch := zipOf(t, sfrFiles(t, id)...)
		require.NoError(t, cl.PushChunked(ctx, id, &sfrMeta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}), "variant %d", v)
		require.NoError(t, e.srv.AdvanceClock(time.Minute))
		d, err := cl.Details(ctx, id)
		require.NoError(t, err)
		require.NotNil(t, d.Order, d.Code+": "+d.Message)
		assert.Equal(t, "PERSON", d.Order.PersonType)
		assert.EqualValues(t, sandbox.TestCitizenOID, d.Order.UserID)
		assert.EqualValues(t, 3, d.Order.Current().StatusID, d.Message)
	}
}

func TestHappyCancelFSSP367(t *testing.T) {
	e := newEnv(t)
	meta := epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000367", TargetCode: "-10000000367"}
	id, err := e.c.CreateOrder(ctx, meta)
	require.NoError(t, err)
	arch := zipOf(t, fsspFiles(t, "10000000367", id)...)
	require.NoError(t, e.c.PushChunked(ctx, id, &meta, "a.zip", bytes.NewReader(arch), int64(len(arch)), epgu.ChunkOptions{}))
	require.NoError(t, e.srv.AdvanceClock(5*time.Second)) // DONE at +3, 17 at +4
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	require.NotNil(t, d.Order)
	assert.True(t, d.Order.Current().CancelAllowed)
	require.NoError(t, e.c.Cancel(ctx, id, "Заявление подано ошибочно"))
	require.NoError(t, e.srv.AdvanceClock(time.Minute))
	d, err = e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.EqualValues(t, 10, d.Order.Current().StatusID)
	assert.True(t, d.Order.Closed)
	// cancelling again: final status
	require.ErrorIs(t, e.c.Cancel(ctx, id, "ещё раз"), epgu.ErrCancelNotAllowed)
}

func TestHappyDictionaries(t *testing.T) {
	e := newEnv(t)
	d, err := e.c.Dict(ctx, "BIC", epgu.DictRequest{TreeFiltering: epgu.OneLevel, PageNum: 1, PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, 20, d.Total)
	assert.Equal(t, "ПАО СБЕРБАНК", d.Items[0].Title)
	all, err := e.c.DictAll(ctx, "BIC", epgu.DictRequest{}, 3)
	require.NoError(t, err)
	assert.Len(t, all, 20)
	sub, err := e.c.Dict(ctx, "OKATO", epgu.DictRequest{TreeFiltering: epgu.Subtree, ParentRefItemValue: "45000000000"})
	require.NoError(t, err)
	assert.Equal(t, 3, sub.Total)
	one, err := e.c.Dict(ctx, "OKATO", epgu.DictRequest{TreeFiltering: epgu.OneLevel, ParentRefItemValue: "45000000000"})
	require.NoError(t, err)
	require.Equal(t, 1, one.Total)
	assert.False(t, one.Items[0].IsLeaf)
	h, err := e.c.Dict(ctx, "kppRF_MVD_new", epgu.DictRequest{})
	require.NoError(t, err)
	assert.Equal(t, "ШЕРЕМЕТЬЕВО (АВИА)", h.Items[0].Title)
}

func TestHappyFaultsRetriedAndReauth(t *testing.T) {
	e := newEnv(t)
	e.srv.SetFaults([]sandbox.Fault{{Status: 503, Count: 2, PathPrefix: "/api/gusmev/"}})
	_, err := e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err, "two 503 answers are retried")
	e.srv.SetFaults([]sandbox.Fault{{Status: 401, Count: 1, PathPrefix: "/api/gusmev/"}})
	_, err = e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err, "one 401 → new token → success")
	e.srv.SetFaults([]sandbox.Fault{{Drop: true, Count: 1, PathPrefix: "/api/gusmev/"}})
	_, err = e.c.CreateOrder(ctx, fsspMeta)
	require.Error(t, err, "dropped connection surfaces")
	e.srv.SetFaults([]sandbox.Fault{{Status: 502, PathPrefix: "/api/gusmev/"}})
	_, err = e.c.CreateOrder(ctx, fsspMeta)
	require.ErrorIs(t, err, epgu.ErrBadGateway)
	e.srv.SetFaults(nil)
}

func TestPersistenceAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	id, err := e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	key := e.creds.APIKey
	require.NoError(t, e.srv.Close())
	e2 := newEnv(t, func(o *sandbox.Options) { o.DataDir = dir })
	assert.Equal(t, key, e2.creds.APIKey)
	d, err := e2.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "NEW", d.Code)
}

func TestLoopbackOnly(t *testing.T) {
	_, err := sandbox.New(sandbox.Options{Addr: "0.0.0.0:0"})
	require.NoError(t, err)
	s, _ := sandbox.New(sandbox.Options{Addr: "0.0.0.0:0"})
	require.Error(t, s.Start())
	s.Close()
}

// violation is one spec rule the sandbox enforces.
type violation struct {
	name   string
	run    func(e *env) error // via the client
	raw    func(e *env) raw   // hand-made request
	status int                // expected HTTP status
	code   string             // expected Appendix 4 / ESIA code / gu-smev state
	msg    string             // gu-smev states: part of the envelope message
}

// stateErr is a gu-smev state of the details envelope, as an error.
type stateErr struct{ code, message string }

func (e *stateErr) Error() string { return e.code }

func TestSpecViolations(t *testing.T) {
	e := newEnv(t)
	other := e.client(e.orgTokens(e.creds.OtherAPIKey, e.srv.OtherEmployeeSigner()))
	noPush := e.client(e.orgTokens(e.srv.NoPushAPIKey(), e.srv.EmployeeSigner()))
	newOrder := func() int64 {
		id, err := e.c.CreateOrder(ctx, fsspMeta)
		require.NoError(t, err)
		return id
	}
	big := make([]byte, 5_000_000)
	small := make([]byte, 1000)
	meta := func(m epgu.OrderMeta) string {
		return `{"region":"` + m.Region + `","serviceCode":"` + m.ServiceCode + `","targetCode":"` + m.TargetCode + `"}`
	}
	gusmev := func(arch []byte, m epgu.OrderMeta) func(e *env) error {
		return func(e *env) error {
			id, err := e.c.Push(ctx, m, "a.zip", bytes.NewReader(arch), int64(len(arch)))
			if err != nil {
				return err
			}
			e.srv.AdvanceClock(time.Minute)
			d, err := e.c.Details(ctx, id)
			if err != nil {
				return err
			}
			return &stateErr{d.Code, d.Message}
		}
	}
	goskey := epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}
	hotel := epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000103652", TargetCode: "-1000444103652"}
	signer := e.srv.EmployeeSigner()
	alien := alienSigner(t)
	forged := fakecms.NewSigner([]byte("not a GOST key"), fakecms.Identity{Subject: "CN=Чужой", OGRN: "1027700000019"})
	gk := goskeyReq(t)
	gkDoc := [][2]string{{"doc.pdf", "%PDF-1.4"}, {"doc.pdf.sig", string(mustSign(t, signer, "%PDF-1.4"))}}
	// goskeyZip: req.xml with the given signature and a signed document
	goskeyZip := func(sig []byte, extra ...[2]string) []byte {
		files := append([][2]string{{"req.xml", gk}, {"req.xml.sig", string(sig)}}, gkDoc...)
		return zipOf(t, append(files, extra...)...)
	}
	badSig := goskeyZip(mustSign(t, alien, gk))
	pievWith := func(old, new string) []byte {
		return zipOf(t, [2]string{"req.xml", fsspReq(t, 1)}, [2]string{"piev_epgu.xml", strings.Replace(pievXML(t, 1), old, new, 1)})
	}
	// fsspReserved reserves a ФССП order and sends files(id) in one chunk.
	fsspReserved := func(files func(id int64) [][2]string) func(e *env) error {
		return func(e *env) error {
			id := newOrder()
			if r := e.chunk(e.token(), map[string]string{"orderId": ids(id)}, zipOf(t, files(id)...)); r.status != 200 {
				return errors.New(r.body)
			}
			e.srv.AdvanceClock(time.Minute)
			d, err := e.c.Details(ctx, id)
			if err != nil {
				return err
			}
			return errors.New(d.Code)
		}
	}

	cases := []violation{
		{name: "no token", raw: func(e *env) raw {
			return e.do("POST", "/api/gusmev/order", "", strings.NewReader(meta(fsspMeta)), "application/json")
		}, status: 401},
		{name: "forged token", raw: func(e *env) raw {
			return e.do("POST", "/api/gusmev/order", e.token()+"x", strings.NewReader(meta(fsspMeta)), "application/json")
		}, status: 401},
		{name: "unknown service", run: func(e *env) error {
			_, err := e.c.CreateOrder(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "99999", TargetCode: "-99999"})
			return err
		}, status: 409, code: "service_not_found"},
		{name: "service not granted to the system", run: func(e *env) error { _, err := other.CreateOrder(ctx, goskey); return err }, status: 403, code: "access_denied_service"},
		{name: "user type not allowed (ЮЛ on an ФЛ service)", run: func(e *env) error {
			_, err := e.c.CreateOrder(ctx, sfrMeta)
			return err
		}, status: 403, code: "access_denied_user"},
		{name: "targetCode of another service", run: func(e *env) error {
			_, err := e.c.CreateOrder(ctx, epgu.OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-10000000374"})
			return err
		}, status: 400, code: "bad_request"},
		{name: "region not OKATO", run: func(e *env) error {
			_, err := e.c.CreateOrder(ctx, epgu.OrderMeta{Region: "Москва", ServiceCode: "60010153", TargetCode: "-60010153"})
			return err
		}, status: 400, code: "bad_request"},
		{name: "meta without serviceCode", raw: func(e *env) raw {
			return e.do("POST", "/api/gusmev/order", e.token(), strings.NewReader(`{"region":"45","targetCode":"-1"}`), "application/json")
		}, status: 400, code: "bad_request"},
		{name: "push without meta", raw: func(e *env) raw { return e.chunkTo("/api/gusmev/push", map[string]string{}, small) }, status: 400, code: "bad_request"},
		{name: "push without file", raw: func(e *env) raw { return e.chunkTo("/api/gusmev/push", map[string]string{"meta": meta(fsspMeta)}, nil) }, status: 400, code: "bad_request"},
		{name: "push by an employee without authority", run: func(e *env) error {
			_, err := noPush.Push(ctx, fsspMeta, "a.zip", bytes.NewReader(small), 1000)
			return err
		}, status: 403, code: "push_denied"},
		{name: "details of an unknown order", run: func(e *env) error { _, err := e.c.Details(ctx, 1); return err }, status: 204},
		{name: "details of a foreign order", run: func(e *env) error { _, err := other.Details(ctx, newOrder()); return err }, status: 403, code: "order_access"},
		{name: "cancel where the service has no cancel", run: func(e *env) error { return e.c.Cancel(ctx, newOrder(), "r") }, status: 409, code: "cancel_not_allowed"},
		{name: "cancel without reason", run: func(e *env) error { return e.c.Cancel(ctx, newOrder(), "") }, status: 400, code: "bad_request"},
		{name: "cancel of an unknown order", run: func(e *env) error { return e.c.Cancel(ctx, 7, "r") }, status: 204},
		{name: "non-last chunk below 5,000,000 bytes", raw: func(e *env) raw {
			return e.chunk(e.token(), map[string]string{"orderId": ids(newOrder()), "chunk": "0", "chunks": "2"}, small)
		}, status: 400, code: "bad_request"},
		{name: "first chunk is not chunk 0", raw: func(e *env) raw {
			return e.chunk(e.token(), map[string]string{"orderId": ids(newOrder()), "chunk": "1", "chunks": "3"}, big)
		}, status: 400, code: "bad_request"},
		{name: "last chunk before the middle one", raw: func(e *env) raw {
			id := ids(newOrder())
			require.Equal(t, 206, e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "0", "chunks": "3"}, big).status)
			return e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "2", "chunks": "3"}, small)
		}, status: 400, code: "bad_request"},
		{name: "chunk after the 5-minute window", raw: func(e *env) raw {
			id := ids(newOrder())
			require.Equal(t, 206, e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "0", "chunks": "2"}, big).status)
			e.clock.Advance(5*time.Minute + time.Second)
			return e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "1", "chunks": "2"}, small)
		}, status: 400, code: "bad_request"},
		{name: "duplicate chunk", raw: func(e *env) raw {
			id := ids(newOrder())
			e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "0", "chunks": "3"}, big)
			e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "1", "chunks": "3"}, big)
			return e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "1", "chunks": "3"}, big)
		}, status: 400, code: "bad_request"},
		{name: "chunks changed between requests", raw: func(e *env) raw {
			id := ids(newOrder())
			e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "0", "chunks": "3"}, big)
			return e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "1", "chunks": "4"}, big)
		}, status: 400, code: "bad_request"},
		{name: "chunk number out of range", raw: func(e *env) raw {
			return e.chunk(e.token(), map[string]string{"orderId": ids(newOrder()), "chunk": "2", "chunks": "2"}, big)
		}, status: 400, code: "bad_request"},
		{name: "second chunk without chunk/chunks", raw: func(e *env) raw {
			id := ids(newOrder())
			e.chunk(e.token(), map[string]string{"orderId": id, "chunk": "0", "chunks": "2"}, big)
			return e.chunk(e.token(), map[string]string{"orderId": id}, small)
		}, status: 400, code: "bad_request"},
		{name: "chunk for a foreign order", raw: func(e *env) raw {
			tok, _ := e.orgTokens(e.creds.OtherAPIKey, e.srv.OtherEmployeeSigner()).Token(ctx)
			return e.chunk(tok, map[string]string{"orderId": ids(newOrder())}, small)
		}, status: 403, code: "order_access"},
		{name: "chunk for an unknown order", raw: func(e *env) raw { return e.chunk(e.token(), map[string]string{"orderId": "42"}, small) }, status: 204},
		{name: "chunk meta of another service", raw: func(e *env) raw {
			return e.chunk(e.token(), map[string]string{"orderId": ids(newOrder()), "meta": meta(goskey)}, small)
		}, status: 400, code: "bad_request"},
		{name: "chunk for an order already sent", raw: func(e *env) raw {
			id := ids(newOrder())
			require.Equal(t, 200, e.chunk(e.token(), map[string]string{"orderId": id}, small).status)
			return e.chunk(e.token(), map[string]string{"orderId": id}, small)
		}, status: 400, code: "bad_request"},
		{name: "chunk over 50,000,000 bytes", raw: func(e *env) raw {
			return e.chunk(e.token(), map[string]string{"orderId": ids(newOrder())}, make([]byte, 50_000_001))
		}, status: 400, code: "bad_request"},
		{name: "orderIds not numbers", raw: func(e *env) raw {
			return e.do("GET", "/api/gusmev/order/getOrdersStatus?orderIds=1,x&pageNum=0&pageSize=5", e.token(), nil, "")
		}, status: 400, code: "bad_request"},
		{name: "negative pageNum", raw: func(e *env) raw {
			return e.do("GET", "/api/gusmev/order/getOrdersStatus?orderIds=1&pageNum=-1&pageSize=5", e.token(), nil, "")
		}, status: 400, code: "bad_request"},
		{name: "status list by POST (before v1.11)", raw: func(e *env) raw {
			return e.do("POST", "/api/gusmev/order/getOrdersStatus?orderIds=1", e.token(), nil, "")
		}, status: 405},
		{name: "updatedAfter in a wrong format", raw: func(e *env) raw {
			return e.do("GET", "/api/gusmev/order/getUpdatedAfter?updatedAfter=10.12.2022&pageNum=0&pageSize=5", e.token(), nil, "")
		}, status: 400, code: "bad_request"},
		{name: "download with another eserviceCode", run: func(e *env) error {
			id := newOrder()
			require.Equal(t, 200, e.chunk(e.token(), map[string]string{"orderId": ids(id)}, zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", pievXML(t, id)})).status)
			e.srv.AdvanceClock(time.Minute)
			d, err := e.c.Details(ctx, id)
			require.NoError(t, err)
			_, _, err = e.c.Download(ctx, epgu.FileRef{ObjectID: d.Order.CurrentStatusHistoryID, ObjectType: 3, Mnemonic: "response.xml", EServiceCode: "10000000374"}, &bytes.Buffer{})
			return err
		}, status: 400, code: "bad_request"},
		{name: "download of an unknown mnemonic", run: func(e *env) error {
			id := newOrder()
			e.chunk(e.token(), map[string]string{"orderId": ids(id)}, zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", pievXML(t, id)}))
			e.srv.AdvanceClock(time.Minute)
			d, _ := e.c.Details(ctx, id)
			_, _, err := e.c.Download(ctx, epgu.FileRef{ObjectID: d.Order.CurrentStatusHistoryID, ObjectType: 3, Mnemonic: "nope.pdf", EServiceCode: "60010153"}, &bytes.Buffer{})
			return err
		}, status: 400, code: "bad_request"},
		{name: "unsigned file for a signed service", run: gusmev(goskeyZip(mustSign(t, signer, gk), [2]string{"other.pdf", "%PDF-1.4 x"}), goskey), code: "FILES_VERIFICATION_FAILED", msg: "other.pdf: нет подписи"},
		{name: "signature by an untrusted CA", run: gusmev(badSig, goskey), code: "FILES_VERIFICATION_FAILED"},
		{name: "signature of other content", run: gusmev(goskeyZip(mustSign(t, signer, "<x/>")), goskey), code: "FILES_VERIFICATION_FAILED"},
		{name: "not a CMS signature", run: gusmev(goskeyZip(mustSign(t, forged, gk)), goskey), code: "FILES_VERIFICATION_FAILED"},
		{name: "nested folder in the archive", run: gusmev(zipOf(t, [2]string{"req.xml", "<r/>"}, [2]string{"docs/a.pdf", "x"}), goskey), code: "INVALID_FILES_STRUCTURE"},
		{name: "nested archive", run: gusmev(zipOf(t, [2]string{"req.xml", "<r/>"}, [2]string{"inner.zip", "PK"}), goskey), code: "INVALID_FILES_STRUCTURE"},
		{name: "transport file missing", run: gusmev(signedZip(t, signer, hotelFiles(t, hotel.ServiceCode, 1)[1]), hotel), code: "REQ_NOT_FOUND"},
		{name: "business-data file missing", run: gusmev(signedZip(t, signer, hotelFiles(t, hotel.ServiceCode, 1)[0]), hotel), code: "MPC_NOT_FOUND"},
		{name: "СФР business file req_<GUID>.xml missing", run: func(e *env) error {
			return errors.New(e.citizenPush(t, func(id int64) [][2]string { return sfrFiles(t, id)[:1] }))
		}, code: "MPC_NOT_FOUND"},
		{name: "Госключ archive without documents", run: gusmev(signedZip(t, signer, [2]string{"req.xml", gk}), goskey), code: "VALIDATION_ERROR", msg: "нет обязательных файлов: Документы на подпись"},
		{name: "piev_epgu.xml breaks its schema (xs:boolean)", run: gusmev(pievWith("<fssp:IncludeAll>true<", "<fssp:IncludeAll>да<"), fsspMeta), code: "VALIDATION_ERROR", msg: "piev_epgu.xml:7:"},
		{name: "piev_epgu.xml without a required element", run: gusmev(pievWith("<fssp:DocType>I_IP_EXIST_INTERACTIVE</fssp:DocType>", ""), fsspMeta), code: "VALIDATION_ERROR", msg: "piev_epgu.xml:"},
		{name: "piev_epgu.xml of another service (root not in the schema)", run: gusmev(zipOf(t, [2]string{"req.xml", fsspReq(t, 1)}, [2]string{"piev_epgu.xml", goskeyReq(t)}), fsspMeta), code: "VALIDATION_ERROR", msg: "piev_epgu.xml:"},
		{name: "ФССП req.xml breaks the field rules (ReceiverID)", run: gusmev(zipOf(t, [2]string{"req.xml", strings.Replace(fsspReq(t, 1), "FSSP10", "FSSP99", 1)}, [2]string{"piev_epgu.xml", pievXML(t, 1)}), fsspMeta), code: "VALIDATION_ERROR", msg: "ReceiverID"},
		{name: "hotel attach.xml breaks the field rules (date)", run: func(e *env) error {
			files := hotelFiles(t, hotel.ServiceCode, 1)
			files[1][1] = filled(t, hotel.ServiceCode, "attach", 1, "guestBirthDate", "12.05.1979")
			return gusmev(signedZip(t, signer, files...), hotel)(e)
		}, code: "VALIDATION_ERROR", msg: "attach.xml:"},
		{name: "sign_config.xml breaks its schema (Прил. 5)", run: gusmev(goskeyZip(mustSign(t, signer, gk), [2]string{"sign_config.xml", "<signedAttachments/>"}, [2]string{"sign_config.xml.sig", string(mustSign(t, signer, "<signedAttachments/>"))}), goskey), code: "VALIDATION_ERROR", msg: "sign_config.xml:"},
		{name: "order number in piev_epgu.xml (ExternalKey) differs", run: fsspReserved(func(id int64) [][2]string {
			return [][2]string{{"req.xml", fsspReq(t, id)}, {"piev_epgu.xml", pievXML(t, id+1)}}
		}), code: "REQ_VERIFY_FAILED"},
		{name: "order number in req.xml differs", run: func(e *env) error {
			id := newOrder()
			e.chunk(e.token(), map[string]string{"orderId": ids(id)}, zipOf(t, [2]string{"req.xml", fsspReq(t, id+1)}, [2]string{"piev_epgu.xml", pievXML(t, id)}))
			e.srv.AdvanceClock(time.Minute)
			d, err := e.c.Details(ctx, id)
			if err != nil {
				return err
			}
			return errors.New(d.Code)
		}, code: "REQ_VERIFY_FAILED"},
		{name: "malformed XML", run: gusmev(zipOf(t, [2]string{"req.xml", "<r>"}, [2]string{"piev_epgu.xml", pievXML(t, 1)}), fsspMeta), code: "VALIDATION_ERROR", msg: "req.xml"},
		{name: "not a ZIP", run: gusmev([]byte("definitely not a zip"), fsspMeta), code: "VALIDATION_ERROR"},
		{name: "НСИ: unknown dictionary", run: func(e *env) error { _, err := e.c.Dict(ctx, "NO_SUCH", epgu.DictRequest{}); return err }, code: "7"},
		{name: "НСИ: bad treeFiltering", run: func(e *env) error { _, err := e.c.Dict(ctx, "BIC", epgu.DictRequest{TreeFiltering: "ALL"}); return err }, code: "3"},
		{name: "ext-app: unknown API key", run: func(e *env) error {
			_, err := e.orgTokens("00000000-0000-4000-8000-000000000000", e.srv.EmployeeSigner()).Token(ctx)
			return err
		}, status: 404},
		{name: "ext-app: certificate of an untrusted CA", run: func(e *env) error { _, err := e.orgTokens(e.creds.APIKey, alien).Token(ctx); return err }, status: 401, code: "ESIA-008010"},
		{name: "ext-app: signature over another key", raw: func(e *env) raw {
			sig := mustSign(t, signer, e.creds.OtherAPIKey)
			return e.do("GET", "/esia-rs/api/public/v1/orgs/ext-app/"+e.creds.APIKey+"/tkn?signature="+base64.RawURLEncoding.EncodeToString(sig), "", nil, "")
		}, status: 401, code: "ESIA-008010"},
		{name: "ext-app: certificate of another organisation", run: func(e *env) error {
			_, err := e.orgTokens(e.creds.APIKey, e.srv.OtherEmployeeSigner()).Token(ctx)
			return err
		}, status: 401, code: "ESIA-007002"},
		{name: "ext-app: certificate without organisation data", run: func(e *env) error {
			_, err := e.orgTokens(e.creds.APIKey, e.srv.PersonalSigner()).Token(ctx)
			return err
		}, status: 401, code: "ESIA-007002"},
		{name: "ext-app: padded base64", raw: func(e *env) raw {
			return e.do("GET", "/esia-rs/api/public/v1/orgs/ext-app/"+e.creds.APIKey+"/tkn?signature=AAAA%3D", "", nil, "")
		}, status: 400, code: "ESIA-007003"},
		{name: "OAuth2: redirect_uri not allowed", raw: func(e *env) raw {
			c := e.citizen(esia.V2Raw, "http://evil.example/cb", e.srv.SystemSigner(), e.clock.Now)
			_, _, st, body := e.authorize(c, nil)
			return raw{status: st, code: esia.ParseCode(jsonField(body, "error_description"))}
		}, status: 400, code: "ESIA-007023"},
		{name: "OAuth2: client_secret by another key", run: func(e *env) error {
			c := e.citizen(esia.LegacyPKCS7, e.creds.RedirectURI, alien, e.clock.Now)
			q, state, _, _ := e.authorize(c, nil)
			_, err := esia.ParseCallback(q, state)
			return err
		}, code: "ESIA-007053"},
		{name: "OAuth2: stale timestamp", run: func(e *env) error {
			c := e.citizen(esia.V2Raw, e.creds.RedirectURI, e.srv.SystemSigner(), func() time.Time { return e.clock.Now().Add(-time.Hour) })
			q, state, _, _ := e.authorize(c, nil)
			_, err := esia.ParseCallback(q, state)
			return err
		}, code: "ESIA-007015"},
		{name: "OAuth2: code used twice", run: func(e *env) error {
			c := e.citizen(esia.V2Raw, e.creds.RedirectURI, e.srv.SystemSigner(), e.clock.Now)
			q, state, _, _ := e.authorize(c, nil)
			code, err := esia.ParseCallback(q, state)
			require.NoError(t, err)
			_, err = c.Exchange(ctx, code)
			require.NoError(t, err)
			_, err = c.Exchange(ctx, code)
			return err
		}, status: 400, code: "ESIA-007011"},
		{name: "citizen without consent", run: func(e *env) error {
			c := e.citizen(esia.V2Raw, e.creds.RedirectURI, e.srv.SystemSigner(), e.clock.Now)
			q, state, _, _ := e.authorize(c, url.Values{"sandbox_oid": {"1000000302"}})
			code, err := esia.ParseCallback(q, state)
			require.NoError(t, err)
			tok, err := c.Exchange(ctx, code)
			require.NoError(t, err)
			_, err = e.client(epgu.StaticToken(tok.AccessToken)).CreateOrder(ctx, sfrMeta)
			return err
		}, status: 403, code: "access_denied_person_permissions"},
	}
	require.GreaterOrEqual(t, len(cases), 30)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.raw != nil {
				r := tc.raw(e)
				assert.Equal(t, tc.status, r.status, r.body)
				if tc.code != "" {
					assert.Equal(t, tc.code, r.code, r.body)
				}
				if tc.status == 204 || tc.status == 401 && tc.code == "" {
					assert.Empty(t, r.body, "no body on 204/401 (Appendix 4)")
				}
				return
			}
			err := tc.run(e)
			require.Error(t, err)
			var ee *epgu.Error
			var se *esia.Error
			var de *epgu.DictError
			switch {
			case errors.As(err, &ee):
				assert.Equal(t, tc.status, ee.HTTPStatus, err.Error())
				assert.Equal(t, tc.code, ee.Code, err.Error())
				assert.NotEmpty(t, ee.Description())
			case errors.As(err, &se):
				if tc.status != 0 {
					assert.Equal(t, tc.status, se.HTTPStatus, err.Error())
				}
				assert.Equal(t, tc.code, se.Code, err.Error())
				assert.Contains(t, err.Error(), "ЕСИА")
			case errors.As(err, &de):
				assert.Equal(t, tc.code, itoa(de.Code))
			default:
				assert.Equal(t, tc.code, err.Error(), "gu-smev state")
				var st *stateErr
				if errors.As(err, &st) {
					t.Logf("%s: %s", st.code, st.message)
				}
				if tc.msg != "" {
					require.NotNil(t, st)
					assert.Contains(t, st.message, tc.msg)
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	e := newEnv(t, func(o *sandbox.Options) { o.RequestsPerMinute = 5 })
	for range 5 {
		_, err := e.c.Dict(ctx, "BIC", epgu.DictRequest{}) // НСИ is not counted (no system)
		require.NoError(t, err)
	}
	e.c, _ = epgu.New(epgu.Options{BaseURL: e.srv.URL(), Tokens: e.org, Logger: quiet(), MaxRetries: -1})
	var err error
	for range 6 {
		_, err = e.c.Details(ctx, 1)
	}
	require.ErrorIs(t, err, epgu.ErrTooManyRequests)
	assert.Contains(t, err.Error(), "Слишком много запросов")
	// next calendar minute: allowed again
	e.clock.Advance(time.Minute)
	_, err = e.c.Details(ctx, 1)
	require.ErrorIs(t, err, epgu.ErrNotFound)

	e2 := newEnv(t)
	for i := range 20 {
		_, err := e2.c.CreateOrder(ctx, fsspMeta)
		require.NoError(t, err, i)
	}
	_, err = e2.c.CreateOrder(ctx, fsspMeta)
	require.ErrorIs(t, err, epgu.ErrLimitation)
	e2.clock.Advance(10*time.Minute + time.Second)
	_, err = e2.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
}

func TestLenientSpecExampleChunks(t *testing.T) {
	e := newEnv(t, func(o *sandbox.Options) { o.Lenient = true })
	id, err := e.c.CreateOrder(ctx, fsspMeta)
	require.NoError(t, err)
	pad := make([]byte, 6_000_000)
	rand.Read(pad)
	arch := zipOf(t, [2]string{"req.xml", fsspReq(t, id)}, [2]string{"piev_epgu.xml", pievXML(t, id)}, [2]string{"pad.bin", string(pad)})
	// §5.2 example: first chunk 1-based "chunk=1, chunks=2", then only orderId+file
	r := e.chunk(e.token(), map[string]string{"orderId": ids(id), "chunk": "1", "chunks": "2"}, arch[:5_000_000])
	require.Equal(t, 206, r.status, r.body)
	r = e.chunk(e.token(), map[string]string{"orderId": ids(id)}, arch[5_000_000:])
	require.Equal(t, 200, r.status, r.body)
	e.srv.AdvanceClock(time.Minute)
	d, err := e.c.Details(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "OK", d.Code)
}

func mustSign(t *testing.T, s esia.Signer, content string) []byte {
	b, err := s.SignDetached(ctx, []byte(content))
	require.NoError(t, err)
	return b
}

func (e *env) citizen(v esia.Variant, redirect string, s sandbox.TestSigner, now func() time.Time) *esia.Citizen {
	c, err := esia.NewCitizen(esia.CitizenOptions{BaseURL: e.srv.URL(), ClientID: e.creds.System, RedirectURI: redirect, Variant: v, Raw: s, Signer: s, Logger: quiet(), Now: now})
	require.NoError(e.t, err)
	return c
}

func (e *env) chunkTo(path string, fields map[string]string, file []byte) raw {
	var b bytes.Buffer
	mw := newMultipart(&b, fields, file)
	return e.do("POST", path, e.token(), &b, mw)
}
