package sandbox_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postTE posts a token request and returns the status and the JSON answer.
func (e *env) postTE(path string, f url.Values) (int, map[string]any) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL()+path, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := map[string]any{}
	require.NoError(e.t, json.Unmarshal(b, &m), string(b))
	return resp.StatusCode, m
}

// renewal builds the citizen token renewal public ЕСИА clients send after
// the code exchange (notes/epgu.md §2.2.a TokenUpdate): grant_type=
// client_credentials, scope prm_chg?oid=…, no code, client_secret signed
// like the code request.
func (e *env) renewal(v esia.Variant, oid string) (string, url.Values) {
	e.t.Helper()
	sys := e.srv.SystemSigner()
	scope := "prm_chg?oid=" + oid
	ts := e.clock.Now().UTC().Format(esia.TimestampLayout)
	state := esia.NewState()
	f := url.Values{"client_id": {e.creds.System}, "scope": {scope}, "timestamp": {ts}, "state": {state},
		"redirect_uri": {e.creds.RedirectURI}, "grant_type": {"client_credentials"}, "token_type": {"Bearer"}}
	var sig []byte
	var err error
	path := "/aas/oauth2/te"
	if v == esia.V2Raw {
		path = "/aas/oauth2/v3/te"
		sig, err = sys.SignRaw(ctx, []byte(e.creds.System+scope+ts+state+e.creds.RedirectURI))
		require.NoError(e.t, err)
		h, err := sys.CertificateHash()
		require.NoError(e.t, err)
		f.Set("client_certificate_hash", h)
	} else {
		sig, err = sys.SignDetached(ctx, []byte(scope+ts+e.creds.System+state))
		require.NoError(e.t, err)
	}
	f.Set("client_secret", base64.URLEncoding.EncodeToString(sig))
	return path, f
}

// TestCitizenTokenRenewal (issue 13, item 20): a refresh_token or
// client_credentials request is not answered «mandatory parameter code»;
// an unimplemented grant is unsupported_grant_type (ESIA-007009); and the
// client_credentials renewal with scope prm_chg?oid=… renews a citizen
// token without a new login, in both signature variants.
func TestCitizenTokenRenewal(t *testing.T) {
	e := newEnv(t)
	// grants the sandbox does not implement, without a code
	for _, g := range []string{"refresh_token", "password", "urn:ietf:params:oauth:grant-type:jwt-bearer"} {
		st, m := e.postTE("/aas/oauth2/v3/te", url.Values{"client_id": {e.creds.System}, "grant_type": {g}, "refresh_token": {"x"}, "state": {"s"}})
		assert.Equal(t, http.StatusBadRequest, st)
		assert.Equal(t, "unsupported_grant_type", m["error"], g)
		assert.Contains(t, m["error_description"], "ESIA-007009", g)
	}
	for _, v := range []esia.Variant{esia.V2Raw, esia.LegacyPKCS7} {
		// renewing before any login of this citizen is refused
		path, f := e.renewal(v, fmt.Sprint(sandbox.TestCitizenOID))
		if v == esia.V2Raw {
			st, m := e.postTE(path, f)
			require.Equal(t, http.StatusBadRequest, st)
			require.Contains(t, m["error_description"], "ESIA-007011", "no earlier authorisation")
		}
		cit, err := esia.NewCitizen(esia.CitizenOptions{BaseURL: e.srv.URL(), ClientID: e.creds.System, RedirectURI: e.creds.RedirectURI,
			Permissions: []esia.Permission{esia.APIPGUPermission("ООО «Песочница»", 525600)}, Variant: v,
			Raw: e.srv.SystemSigner(), Signer: e.srv.SystemSigner(), Logger: quiet(), Now: e.clock.Now})
		require.NoError(t, err)
		q, state, st, body := e.authorize(cit, nil)
		require.Equal(t, http.StatusFound, st, body)
		code, err := esia.ParseCallback(q, state)
		require.NoError(t, err)
		tok, err := cit.Exchange(ctx, code)
		require.NoError(t, err)
		claims, err := esia.ParseClaims(tok.AccessToken)
		require.NoError(t, err)
		oid := oidOf(claims.Subject)
		require.Equal(t, fmt.Sprint(sandbox.TestCitizenOID), oid)

		// the token expires; the renewal gives a new one without a login
		require.NoError(t, e.srv.AdvanceClock(2*time.Hour))
		path, f = e.renewal(v, oid)
		st, m := e.postTE(path, f)
		require.Equal(t, http.StatusOK, st, "variant %d: %v", v, m)
		assert.Equal(t, f.Get("state"), m["state"])
		assert.Equal(t, "Bearer", m["token_type"])
		newTok, _ := m["access_token"].(string)
		require.NotEmpty(t, newTok)
		nc, err := esia.ParseClaims(newTok)
		require.NoError(t, err)
		assert.Equal(t, oid, oidOf(nc.Subject))
		assert.Greater(t, nc.Exp, e.clock.Now().Unix())
		// the renewed token works with API ЕПГУ (consent kept)
		_, err = e.client(epgu.StaticToken(newTok)).CreateOrder(ctx, sfrMeta)
		require.NoError(t, err, "variant %d", v)

		// a wrong signature, a bad scope, a missing parameter
		path, f = e.renewal(v, oid)
		f.Set("client_secret", base64.URLEncoding.EncodeToString([]byte("forged signature bytes")))
		st, m = e.postTE(path, f)
		assert.Equal(t, http.StatusBadRequest, st)
		assert.Contains(t, m["error_description"], "ESIA-007053")
		path, f = e.renewal(v, oid)
		f.Set("scope", "openid")
		st, m = e.postTE(path, f)
		assert.Equal(t, http.StatusBadRequest, st)
		assert.Contains(t, m["error_description"], "ESIA-007006")
		path, f = e.renewal(v, oid)
		f.Del("redirect_uri")
		_, m = e.postTE(path, f)
		assert.Contains(t, m["error_description"], "mandatory parameter redirect_uri")
		// the code exchange still needs its code
		path, f = e.renewal(v, oid)
		f.Set("grant_type", "authorization_code")
		_, m = e.postTE(path, f)
		assert.Contains(t, m["error_description"], "mandatory parameter code")
	}
}

// oidOf renders the urn:esia:sbj_id claim (a JSON number) as digits.
func oidOf(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprint(v)
}
