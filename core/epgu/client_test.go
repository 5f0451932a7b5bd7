package epgu

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func spec(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/spec/" + name)
	require.NoError(t, err)
	return b
}

// specJSON strips the "Status: NNN" line the spec appends to chunk answers.
func specJSON(t *testing.T, name string) []byte {
	b := spec(t, name)
	if i := bytes.Index(b, []byte("Status:")); i >= 0 {
		b = b[:i]
	}
	return b
}

type countingTokens struct {
	n           atomic.Int32
	invalidated atomic.Int32
}

func (c *countingTokens) Token(context.Context) (string, error) {
	return "tok" + string(rune('0'+c.n.Add(1))), nil
}
func (c *countingTokens) Invalidate(string) { c.invalidated.Add(1) }

func newTestClient(t *testing.T, h http.HandlerFunc, mod ...func(*Options)) (*Client, *countingTokens) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tok := &countingTokens{}
	log := logrus.New()
	log.SetOutput(io.Discard)
	o := Options{BaseURL: srv.URL, Tokens: tok, Logger: log}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	require.NoError(t, err)
	c.sleep = func(context.Context, time.Duration) error { return nil }
	return c, tok
}

func TestSpecExampleDetails(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/api/gusmev/order/2058864134", r.URL.Path)
		assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "))
		w.Write(spec(t, "details.json"))
	})
	d, err := c.Details(context.Background(), 2058864134)
	require.NoError(t, err)
	assert.Equal(t, "OK", d.Code)
	assert.Equal(t, "71e35026-ade1-11e9-9931-00155d040494", d.MessageID)
	o := d.Order
	require.NotNil(t, o)
	assert.EqualValues(t, 2058864134, o.ID)
	assert.EqualValues(t, 24, o.OrderStatusID)
	assert.EqualValues(t, 6268157772, o.CurrentStatusHistoryID)
	assert.EqualValues(t, 1078941357, o.OwnerID)
	assert.Equal(t, "10000000113", o.EServiceID)
	assert.True(t, o.Closed)
	require.Len(t, o.Statuses, 5)
	assert.Equal(t, []int64{0, 17, 21, 2, 24}, []int64{o.Statuses[0].StatusID, o.Statuses[1].StatusID, o.Statuses[2].StatusID, o.Statuses[3].StatusID, o.Statuses[4].StatusID})
	assert.Equal(t, "Сообщение доставлено", o.Statuses[3].Comment)
	assert.Equal(t, "2022-07-25T13:01:52.121+0300", o.Current().Date.Format(LayoutOrder))
	require.Len(t, o.AttachmentFiles, 1)
	f := o.AttachmentFiles[0]
	assert.Equal(t, "REQUEST", f.Type)
	l, err := ParseLink(f.Link)
	require.NoError(t, err)
	assert.Equal(t, Link{ObjectID: 2058864134, Mnemonic: "req.xml", ObjectType: 2}, l)
}

func TestSpecExampleStatusPages(t *testing.T) {
	var p StatusPage
	require.NoError(t, jsonUnmarshal(spec(t, "updated-after.json"), &p))
	assert.Equal(t, 5, p.Count)
	assert.Equal(t, 40, p.TotalCount)
	require.Len(t, p.Content, 5)
	// the spec's key typo `" orderId"` still yields the id
	assert.EqualValues(t, 2354270898, p.Content[3].OrderID)
	assert.Equal(t, SearchNotFound, p.Content[3].SearchStatus)
	assert.Nil(t, p.Content[3].Status)
	assert.EqualValues(t, 15, p.Content[1].Status.StatusID)
	assert.Equal(t, "2022-12-21T19:51:16.852", p.Content[1].Status.Updated.Format(LayoutStatus))

	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/api/gusmev/order/getOrdersStatus", r.URL.Path)
		assert.Equal(t, "764607248,764603930", r.URL.Query().Get("orderIds"))
		assert.Equal(t, "0", r.URL.Query().Get("pageNum"))
		w.Write(spec(t, "orders-status.json"))
	})
	page, err := c.OrdersStatus(context.Background(), []int64{764607248, 764603930}, 0, 5)
	require.NoError(t, err)
	assert.Equal(t, 5, page.TotalCount)
	assert.EqualValues(t, 2312620698, page.Content[4].OrderID)
}

func TestSpecExampleOrderPushDict(t *testing.T) {
	var reqBody []byte
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/gusmev/order":
			reqBody, _ = io.ReadAll(r.Body)
			w.Write(spec(t, "order-ok.json"))
		case "/api/gusmev/push":
			w.WriteHeader(http.StatusBadRequest)
			w.Header().Set("Content-Type", "application/json")
			w.Write(spec(t, "push-error.json"))
		case "/api/nsi/v1/dictionary/BIC":
			assert.Empty(t, r.Header.Get("Authorization"), "НСИ needs no token")
			b, _ := io.ReadAll(r.Body)
			assert.JSONEq(t, `{"treeFiltering":"ONELEVEL","pageNum":1,"pageSize":2}`, string(b))
			w.Write(spec(t, "dict-bic-response.json"))
		}
	})
	ctx := context.Background()
	id, err := c.CreateOrder(ctx, OrderMeta{Region: "36000000000", ServiceCode: "10000000113", TargetCode: "-10000000113"})
	require.NoError(t, err)
	assert.EqualValues(t, 52353456, id)
	assert.JSONEq(t, `{"region":"36000000000","serviceCode":"10000000113","targetCode":"-10000000113"}`, string(reqBody))

	_, err = c.Push(ctx, OrderMeta{Region: "36000000000", ServiceCode: "10000000113", TargetCode: "-10000000113"}, "a.zip", strings.NewReader("PK"), 2)
	require.ErrorIs(t, err, ErrAccessDeniedPersonPermissions)
	assert.Contains(t, err.Error(), "Пользователь не дал согласие")

	d, err := c.Dict(ctx, "BIC", DictRequest{TreeFiltering: OneLevel, PageNum: 1, PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, 899, d.Total)
	require.Len(t, d.Items, 2)
	assert.Equal(t, "ПУ БАНКА РОССИИ N 43197", d.Items[1].Title)
}

func TestErrorsEveryCode(t *testing.T) {
	for _, code := range Codes() {
		e := &Error{HTTPStatus: 403, Code: code}
		assert.NotEqual(t, "неизвестная ошибка", e.Description(), code)
		assert.True(t, errors.Is(e, &Error{Code: code}))
		assert.True(t, errors.Is(e, ErrForbidden))
	}
	for _, st := range []int{204, 401, 429, 502, 503, 504} {
		assert.NotEmpty(t, statusText[st])
	}
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Details(context.Background(), 1)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Contains(t, err.Error(), "Заявление не найдено")
}

func TestRetryAndReauth(t *testing.T) {
	var calls atomic.Int32
	var auths []string
	c, tok := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusUnauthorized)
		case 2:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case 3:
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.Write([]byte(`{"orderId": 9000000001}`))
		}
	})
	var delays []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { delays = append(delays, d); return nil }
	id, err := c.CreateOrder(context.Background(), OrderMeta{Region: "45", ServiceCode: "1", TargetCode: "-1"})
	require.NoError(t, err)
	assert.EqualValues(t, 9000000001, id)
	assert.EqualValues(t, 1, tok.invalidated.Load())
	assert.Equal(t, "Bearer tok1", auths[0])
	assert.Equal(t, "Bearer tok2", auths[1])
	require.Len(t, delays, 2)
	assert.GreaterOrEqual(t, delays[0], 7*time.Second, "Retry-After honoured")

	// a second 401 is not retried again
	calls.Store(0)
	c2, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	})
	_, err = c2.Details(context.Background(), 5)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.EqualValues(t, 2, calls.Load())

	// retries give up after MaxRetries
	calls.Store(0)
	c3, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}, func(o *Options) { o.MaxRetries = 2 })
	_, err = c3.Details(context.Background(), 5)
	require.ErrorIs(t, err, ErrServiceUnavailable)
	assert.EqualValues(t, 3, calls.Load())
}

func TestChunkPlan(t *testing.T) {
	p, err := ChunkPlan(12_000_001, 5_000_000)
	require.NoError(t, err)
	assert.Equal(t, []int64{5_000_000, 5_000_000, 2_000_001}, p)
	_, err = ChunkPlan(10, 4_999_999)
	require.ErrorIs(t, err, ErrBadChunkSize)
	_, err = ChunkPlan(10, 50_000_001)
	require.ErrorIs(t, err, ErrBadChunkSize)
}

func TestPushChunkedWire(t *testing.T) {
	data := bytes.Repeat([]byte{7}, 11_000_000)
	type got struct {
		chunk, chunks, orderID, meta, fileName string
		size                                   int
	}
	var seen []got
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		f, fh, err := r.FormFile("file")
		require.NoError(t, err)
		b, _ := io.ReadAll(f)
		g := got{r.FormValue("chunk"), r.FormValue("chunks"), r.FormValue("orderId"), r.FormValue("meta"), fh.Filename, len(b)}
		seen = append(seen, g)
		if g.chunk != "2" {
			w.WriteHeader(http.StatusPartialContent)
		}
		w.Write([]byte(`{"orderId":3500000001}`))
	})
	meta := &OrderMeta{Region: "45000000000", ServiceCode: "60010153", TargetCode: "-60010153"}
	require.NoError(t, c.PushChunked(context.Background(), 3500000001, meta, "x.zip", bytes.NewReader(data), int64(len(data)), ChunkOptions{ChunkSize: 5_000_000}))
	require.Len(t, seen, 3)
	for i, g := range seen {
		assert.Equal(t, string(rune('0'+i)), g.chunk)
		assert.Equal(t, "3", g.chunks)
		assert.Equal(t, "3500000001", g.orderID)
		assert.JSONEq(t, `{"region":"45000000000","serviceCode":"60010153","targetCode":"-60010153"}`, g.meta)
	}
	assert.Equal(t, []int{5_000_000, 5_000_000, 1_000_000}, []int{seen[0].size, seen[1].size, seen[2].size})
	assert.Equal(t, "x.z001", seen[0].fileName)

	// a 200 on a non-last chunk breaks the contract
	c2, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"orderId":1}`)) })
	err := c2.PushChunked(context.Background(), 1, nil, "x.zip", bytes.NewReader(data), int64(len(data)), ChunkOptions{ChunkSize: 5_000_000})
	require.Error(t, err)
	// a foreign orderId in the answer is rejected
	c3, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusPartialContent)
		w.Write([]byte(`{"orderId":2}`))
	})
	err = c3.PushChunked(context.Background(), 1, nil, "x.zip", bytes.NewReader(data), int64(len(data)), ChunkOptions{ChunkSize: 5_000_000})
	require.ErrorIs(t, err, ErrUnexpectedAnswer)
}

func TestChunkWindowClientSide(t *testing.T) {
	data := bytes.Repeat([]byte{1}, 10_000_001)
	now := time.Unix(1_700_000_000, 0)
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusPartialContent)
		w.Write([]byte(`{"orderId":1}`))
	})
	calls := 0
	c.now = func() time.Time { calls++; return now.Add(time.Duration(calls-1) * 3 * time.Minute) }
	err := c.PushChunked(context.Background(), 1, nil, "x.zip", bytes.NewReader(data), int64(len(data)), ChunkOptions{ChunkSize: 5_000_000})
	require.ErrorIs(t, err, ErrChunkWindowExpired)
}

func TestPushTooLarge(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { t.Fatal("no request expected") })
	_, err := c.Push(context.Background(), OrderMeta{Region: "1", ServiceCode: "1", TargetCode: "-1"}, "", bytes.NewReader(nil), MaxPushSize+1)
	require.ErrorIs(t, err, ErrArchiveTooLarge)
}

func TestRedact(t *testing.T) {
	s := Redact("Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig signature=MIAGCSq&x=1 key 3fa85f64-5717-4562-b3fc-2c963f66afa6 snils 123-456-789 01")
	assert.NotContains(t, s, "eyJ")
	assert.NotContains(t, s, "MIAGCSq")
	assert.NotContains(t, s, "3fa85f64")
	assert.NotContains(t, s, "123-456-789")
}

func TestDownloadPaths(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/gusmev/files/download/6268157772/3":
			assert.Equal(t, "07_01.pdf", r.URL.Query().Get("mnemonic"))
			assert.Equal(t, "10000000374", r.URL.Query().Get("eserviceCode"))
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF"))
		case "/api/storage/v2/files/2042107808/3/download":
			w.Write([]byte("old"))
		default:
			w.WriteHeader(404)
		}
	})
	var b bytes.Buffer
	n, ct, err := c.Download(context.Background(), FileRef{ObjectID: 6268157772, ObjectType: 3, Mnemonic: "07_01.pdf", EServiceCode: "10000000374"}, &b)
	require.NoError(t, err)
	assert.EqualValues(t, 4, n)
	assert.Equal(t, "application/pdf", ct)
	b.Reset()
	_, _, err = c.DownloadLegacy(context.Background(), 2042107808, 3, "07_01.pdf", &b)
	require.NoError(t, err)
	assert.Equal(t, "old", b.String())
}
