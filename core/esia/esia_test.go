package esia

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

type echoSigner struct{}

func (echoSigner) SignDetached(_ context.Context, c []byte) ([]byte, error) {
	return append([]byte("SIG:"), c...), nil
}
func (echoSigner) CertificateDER() []byte { return []byte("cert") }

func jwt(exp time.Time) string {
	p, _ := json.Marshal(map[string]any{"exp": exp.Unix()})
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(p) + ".c2ln"
}

func quietLog() *logrus.Logger { l := logrus.New(); l.SetOutput(io.Discard); return l }

func TestOrgTokenFlow(t *testing.T) {
	var calls atomic.Int32
	now := time.Unix(1_800_000_000, 0)
	key := "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "/esia-rs/api/public/v1/orgs/ext-app/"+key+"/tkn", r.URL.Path)
		sig := r.URL.Query().Get("signature")
		assert.NotContains(t, sig, "=", "no padding")
		raw, err := base64.RawURLEncoding.DecodeString(sig)
		require.NoError(t, err)
		assert.Equal(t, "SIG:"+key, string(raw))
		time.Sleep(20 * time.Millisecond)
		fmt.Fprintf(w, `{"accessTkn":%q}`, jwt(now.Add(time.Hour)))
	}))
	defer srv.Close()
	clock := now
	var mu sync.Mutex
	ts, err := NewOrgTokenSource(OrgTokenOptions{BaseURL: srv.URL, APIKey: key, Signer: echoSigner{}, Logger: quietLog(),
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); _, err := ts.Token(context.Background()); assert.NoError(t, err) }()
	}
	wg.Wait()
	assert.EqualValues(t, 1, calls.Load(), "single flight")
	assert.Equal(t, now.Add(time.Hour), ts.Expires())
	// within leeway of exp → refresh
	mu.Lock()
	clock = now.Add(time.Hour - 10*time.Second)
	mu.Unlock()
	tok, err := ts.Token(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 2, calls.Load())
	ts.Invalidate(tok)
	_, err = ts.Token(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 3, calls.Load())
}

func TestOrgTokenErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) }))
	defer srv.Close()
	ts, _ := NewOrgTokenSource(OrgTokenOptions{BaseURL: srv.URL, APIKey: "k", Signer: echoSigner{}, Logger: quietLog()})
	_, err := ts.Token(context.Background())
	require.ErrorIs(t, err, ErrAPIKeyNotFound)
	assert.Contains(t, err.Error(), "API-ключ не найден")
}

func TestParseCallbackAndErrors(t *testing.T) {
	_, err := ParseCallback(url.Values{"state": {"b"}, "code": {"x"}}, "a")
	require.ErrorIs(t, err, ErrStateMismatch)
	code, err := ParseCallback(url.Values{"state": {"a"}, "code": {"x"}}, "a")
	require.NoError(t, err)
	assert.Equal(t, "x", code)
	_, err = ParseCallback(url.Values{"state": {"a"}, "error": {"invalid_request"}, "error_description": {"ESIA-007014: The request does not contain the mandatory parameter"}}, "a")
	require.ErrorIs(t, err, ErrMissingParam)
	assert.Contains(t, err.Error(), "нет обязательного параметра")
	assert.Equal(t, "", ParseCode("ESIA-00701x"))
}

func TestParseAPIKeyCSV(t *testing.T) {
	in := "\xef\xbb\xbfСистема;Сотрудник;API-Key;Дата создания\nGOSDESK;Иванов И.И.;3FA85F64-5717-4562-B3FC-2C963F66AFA6;01.02.2024\n"
	recs, err := ParseAPIKeyCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "3fa85f64-5717-4562-b3fc-2c963f66afa6", recs[0].Key)
	assert.Equal(t, "Иванов И.И.", recs[0].Fields["Сотрудник"])
	// headerless, comma, cp1251
	cp := []byte{0xC8, 0xE2, 0xE0, 0xED, ','} // "Иван,"
	cp = append(cp, "0b6e1a2c-9d1f-4c1e-8a7b-1234567890ab\n"...)
	recs, err = ParseAPIKeyCSV(strings.NewReader(string(cp)))
	require.NoError(t, err)
	assert.Equal(t, "Иван", recs[0].Fields["col1"])
	_, err = ParseAPIKeyCSV(strings.NewReader("a;b\nc;d\n"))
	require.ErrorIs(t, err, ErrNoAPIKey)
}

func TestKeyring(t *testing.T) {
	keyring.MockInit()
	rec, err := ImportAPIKeyFile("sandbox", strings.NewReader("API-Key\n3fa85f64-5717-4562-b3fc-2c963f66afa6\n"))
	require.NoError(t, err)
	k, err := LoadAPIKey("sandbox")
	require.NoError(t, err)
	assert.Equal(t, rec.Key, k)
	require.Error(t, StoreAPIKey("x", "not-a-uuid"))
	require.NoError(t, DeleteAPIKey("sandbox"))
	_, err = LoadAPIKey("sandbox")
	require.Error(t, err)
	assert.Equal(t, "********-****-****-****-********afa6", MaskKey(k))
}

func FuzzParseAPIKeyCSV(f *testing.F) {
	f.Add([]byte("API-Key;x\n3fa85f64-5717-4562-b3fc-2c963f66afa6;y\n"))
	f.Fuzz(func(t *testing.T, b []byte) { ParseAPIKeyCSV(strings.NewReader(string(b))) })
}

func FuzzParseClaims(f *testing.F) {
	f.Add(jwt(time.Unix(1, 0)))
	f.Fuzz(func(t *testing.T, s string) { ParseClaims(s) })
}
