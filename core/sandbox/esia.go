package sandbox

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const scopeAPIOrder = "http://lk.gosuslugi.ru/api-order"

func esiaError(w http.ResponseWriter, status int, code, oauthErr, text, state string) {
	writeJSON(w, status, map[string]string{"error": oauthErr, "error_description": code + ": " + text, "state": state})
}

// GET /esia-rs/api/public/v1/orgs/ext-app/{apiKey}/tkn?signature=
// (ЕСИА methodology Б.12; apikey-consumer-guide v3.3 §5): signature is
// base64url without padding of a detached CAdES-BES over the key's UTF-8
// bytes, made with a certificate of the key's organisation.
func (s *Server) handleExtApp(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/esia-rs/api/public/v1/orgs/ext-app/")
	key, tail, _ := strings.Cut(rest, "/")
	if tail != "tkn" {
		http.NotFound(w, r)
		return
	}
	key, _ = url.PathUnescape(key)
	s.mu.Lock()
	ak := s.st.IDs.APIKeys[strings.ToLower(key)]
	var org *Org
	var user *User
	if ak != nil {
		org, user = s.st.IDs.Orgs[ak.OrgOID], s.st.IDs.Users[ak.UserOID]
	}
	s.mu.Unlock()
	if ak == nil || ak.Blocked || org == nil {
		w.WriteHeader(http.StatusNotFound) // observed for an unknown key (digest §2.1)
		return
	}
	sigS := r.URL.Query().Get("signature")
	if sigS == "" {
		esiaError(w, http.StatusBadRequest, "ESIA-007014", "invalid_request", "The request does not contain the mandatory parameter signature", "")
		return
	}
	sig, err := base64.RawURLEncoding.DecodeString(sigS)
	if err != nil {
		esiaError(w, http.StatusBadRequest, "ESIA-007003", "invalid_request", "signature must be urlSafeBase64 without padding", "")
		return
	}
	signer, err := s.verifier.VerifyDetached(sig, []byte(key))
	if err != nil {
		esiaError(w, http.StatusUnauthorized, "ESIA-008010", "invalid_client", "API key signature does not verify", "")
		return
	}
	if signer.OGRN == "" && signer.INN == "" {
		esiaError(w, http.StatusUnauthorized, "ESIA-007002", "invalid_client", "certificate without organisation data", "")
		return
	}
	if signer.OGRN != org.OGRN && signer.INN != org.INN {
		esiaError(w, http.StatusUnauthorized, "ESIA-007002", "invalid_client", "certificate of another organisation", "")
		return
	}
	_ = user
	tok := s.issueToken(tokenClaims{Sub: ak.UserOID, OrgOID: ak.OrgOID, ClientID: ak.System, PersonType: org.Type, Permissions: "APIPGU",
		Scope: scopeAPIOrder + " http://esia.gosuslugi.ru/org_ogrn?org_oid=" + strconv.FormatInt(ak.OrgOID, 10)})
	writeJSON(w, http.StatusOK, map[string]string{"accessTkn": tok})
}

type authCode struct {
	client, redirect, scope string
	user                    int64
	consent                 bool
	raw                     bool
	expires                 time.Time
}

var (
	codesMu sync.Mutex
	codes   = map[*Server]map[string]*authCode{}
	// grants remembers, per server, the citizens a system obtained a token
	// for by the code exchange ("client|oid" → scope and consent): the
	// client_credentials renewal (scope prm_chg?oid=…) may renew those only.
	grants = map[*Server]map[string]*authCode{}
)

func decodeSecret(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	return base64.RawURLEncoding.DecodeString(s)
}

// checkClient verifies client_id, redirect_uri, timestamp and the
// client_secret of the OAuth2 endpoints. It returns the ESIA code on error.
func (s *Server) checkClient(q url.Values, raw bool, signed string) (*System, string, string) {
	sys := func() *System { s.mu.Lock(); defer s.mu.Unlock(); return s.st.IDs.Systems[q.Get("client_id")] }()
	if sys == nil {
		return nil, "ESIA-007002", "unknown client_id"
	}
	ok := false
	for _, u := range sys.RedirectURIs {
		ok = ok || u == q.Get("redirect_uri")
	}
	if !ok {
		return nil, "ESIA-007023", "redirect_uri is not allowed for the system"
	}
	ts, err := time.Parse("2006.01.02 15:04:05 -0700", q.Get("timestamp"))
	if err != nil || ts.Sub(s.clock.Now()).Abs() > 5*time.Minute {
		return nil, "ESIA-007015", "bad timestamp"
	}
	secret, err := decodeSecret(q.Get("client_secret"))
	if err != nil || len(secret) == 0 {
		return nil, "ESIA-007053", "client_secret is not base64url"
	}
	if raw {
		h, _ := s.verifier.CertificateHash(sys.CertificateDER)
		if !strings.EqualFold(h, q.Get("client_certificate_hash")) {
			return nil, "ESIA-007002", "client_certificate_hash does not match the system certificate"
		}
		if s.verifier.VerifyRaw(sys.CertificateDER, secret, []byte(signed)) != nil {
			return nil, "ESIA-007053", "OAuthErrorEnum.clientSecretWrong"
		}
		return sys, "", ""
	}
	signer, err := s.verifier.VerifyDetached(secret, []byte(signed))
	if err != nil || !bytes.Equal(signer.CertificateDER, sys.CertificateDER) {
		return nil, "ESIA-007053", "OAuthErrorEnum.clientSecretWrong"
	}
	return sys, "", ""
}

// GET /aas/oauth2/v2/ac (raw client_secret over client_id+scope+timestamp+
// state+redirect_uri) and GET /aas/oauth2/ac (PKCS#7 over scope+timestamp+
// client_id+state). The sandbox consents at once as the test citizen (or
// the OID in "sandbox_oid") and redirects with a code.
func (s *Server) handleAC(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	raw := strings.Contains(r.URL.Path, "/v2/")
	q := r.URL.Query()
	state := q.Get("state")
	need := []string{"client_id", "client_secret", "scope", "timestamp", "state", "redirect_uri", "response_type"}
	if raw {
		need = append(need, "client_certificate_hash")
	}
	for _, k := range need {
		if q.Get(k) == "" {
			esiaError(w, http.StatusBadRequest, "ESIA-007014", "invalid_request", "The request does not contain the mandatory parameter "+k, state)
			return
		}
	}
	signed := q.Get("scope") + q.Get("timestamp") + q.Get("client_id") + state
	if raw {
		signed = q.Get("client_id") + q.Get("scope") + q.Get("timestamp") + state + q.Get("redirect_uri")
	}
	sys, code, text := s.checkClient(q, raw, signed)
	if code == "ESIA-007002" || code == "ESIA-007023" {
		esiaError(w, http.StatusBadRequest, code, "invalid_request", text, state)
		return
	}
	redirect := func(v url.Values) {
		v.Set("state", state)
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+v.Encode(), http.StatusFound)
	}
	if code != "" {
		redirect(url.Values{"error": {"invalid_request"}, "error_description": {code + ": " + text}})
		return
	}
	if q.Get("response_type") != "code" {
		redirect(url.Values{"error": {"unsupported_response_type"}, "error_description": {"ESIA-007012: response_type must be code"}})
		return
	}
	oid := int64(TestCitizenOID)
	if v := q.Get("sandbox_oid"); v != "" {
		oid, _ = strconv.ParseInt(v, 10, 64)
	}
	s.mu.Lock()
	u := s.st.IDs.Users[oid]
	s.mu.Unlock()
	if u == nil {
		redirect(url.Values{"error": {"access_denied"}, "error_description": {"ESIA-007004: user refused"}})
		return
	}
	perm, _ := base64.RawURLEncoding.DecodeString(strings.TrimRight(q.Get("permissions"), "="))
	consent := u.Consent && (bytes.Contains(perm, []byte("APIPGU")) || strings.Contains(q.Get("scope"), scopeAPIOrder))
	c := randomHex(16)
	codesMu.Lock()
	if codes[s] == nil {
		codes[s] = map[string]*authCode{}
	}
	codes[s][c] = &authCode{client: sys.Mnemonic, redirect: q.Get("redirect_uri"), scope: q.Get("scope"), user: oid, consent: consent, raw: raw, expires: s.clock.Now().Add(5 * time.Minute)}
	codesMu.Unlock()
	redirect(url.Values{"code": {c}})
}

// POST /aas/oauth2/v3/te and /aas/oauth2/te: code → token.
func (s *Server) handleTE(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	raw := strings.Contains(r.URL.Path, "/v3/")
	if err := r.ParseForm(); err != nil {
		esiaError(w, http.StatusBadRequest, "ESIA-007038", "invalid_request", "cannot read parameters", "")
		return
	}
	q := r.PostForm
	state := q.Get("state")
	// The grant type decides which parameters are mandatory, so it is
	// looked at first: a refresh_token or client_credentials request
	// has no code and must not be told «mandatory parameter code».
	grant := q.Get("grant_type")
	if grant == "" {
		esiaError(w, http.StatusBadRequest, "ESIA-007014", "invalid_request", "The request does not contain the mandatory parameter grant_type", state)
		return
	}
	if grant != "authorization_code" && grant != "client_credentials" {
		esiaError(w, http.StatusBadRequest, "ESIA-007009", "unsupported_grant_type",
			"grant_type "+grant+" is not supported: use authorization_code, or client_credentials with scope prm_chg?oid=<OID> to renew a citizen token", state)
		return
	}
	need := []string{"client_id", "client_secret", "scope", "timestamp", "state", "redirect_uri"}
	if grant == "authorization_code" {
		need = append(need, "code")
	}
	if raw {
		need = append(need, "client_certificate_hash")
	}
	for _, k := range need {
		if q.Get(k) == "" {
			esiaError(w, http.StatusBadRequest, "ESIA-007014", "invalid_request", "The request does not contain the mandatory parameter "+k, state)
			return
		}
	}
	if grant == "client_credentials" {
		s.renewCitizenToken(w, q, raw)
		return
	}
	signed := q.Get("scope") + q.Get("timestamp") + q.Get("client_id") + state
	if raw {
		signed = q.Get("client_id") + q.Get("scope") + q.Get("timestamp") + state + q.Get("redirect_uri") + q.Get("code")
	}
	_, code, text := s.checkClient(q, raw, signed)
	if code != "" {
		esiaError(w, http.StatusBadRequest, code, "invalid_client", text, state)
		return
	}
	codesMu.Lock()
	ac := codes[s][q.Get("code")]
	delete(codes[s], q.Get("code"))
	codesMu.Unlock()
	if ac == nil || ac.client != q.Get("client_id") || ac.redirect != q.Get("redirect_uri") || ac.raw != raw || s.clock.Now().After(ac.expires) {
		esiaError(w, http.StatusBadRequest, "ESIA-007011", "invalid_grant", "authorization code is invalid, expired or issued to another client", state)
		return
	}
	perm := ""
	if ac.consent {
		perm = "APIPGU"
	}
	tok := s.issueToken(tokenClaims{Sub: ac.user, ClientID: ac.client, PersonType: PersonCitizen, Permissions: perm, Scope: ac.scope})
	codesMu.Lock()
	if grants[s] == nil {
		grants[s] = map[string]*authCode{}
	}
	grants[s][ac.client+"|"+strconv.FormatInt(ac.user, 10)] = ac
	codesMu.Unlock()
	// No refresh_token: the sandbox (like the public clients) renews a
	// citizen token with client_credentials + prm_chg?oid=…, and answers
	// unsupported_grant_type to grant_type=refresh_token.
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "id_token": tok, "state": state,
		"token_type": "Bearer", "expires_in": int64(s.opts.TokenTTL / time.Second)})
}

// renewCitizenToken answers the token renewal public ЕСИА clients send
// after the code exchange (notes/epgu.md §2.2.a, TokenUpdate): POST te
// with grant_type=client_credentials, scope "prm_chg?oid=<OID>" (the
// urn:esia:sbj_id of the earlier token), no code, client_secret signed
// like the code request — raw over client_id+scope+timestamp+state+
// redirect_uri (v3/te), PKCS#7 over scope+timestamp+client_id+state (te).
// A system may renew only the tokens of citizens it got a token for; the
// new token has the scope and consent of that authorisation.
func (s *Server) renewCitizenToken(w http.ResponseWriter, q url.Values, raw bool) {
	state := q.Get("state")
	scope := q.Get("scope")
	oidS, ok := strings.CutPrefix(scope, "prm_chg?oid=")
	oid, err := strconv.ParseInt(oidS, 10, 64)
	if !ok || err != nil || oid <= 0 {
		esiaError(w, http.StatusBadRequest, "ESIA-007006", "invalid_scope",
			"client_credentials needs scope prm_chg?oid=<OID of the citizen>", state)
		return
	}
	signed := scope + q.Get("timestamp") + q.Get("client_id") + state
	if raw {
		signed = q.Get("client_id") + scope + q.Get("timestamp") + state + q.Get("redirect_uri")
	}
	_, code, text := s.checkClient(q, raw, signed)
	if code != "" {
		esiaError(w, http.StatusBadRequest, code, "invalid_client", text, state)
		return
	}
	codesMu.Lock()
	g := grants[s][q.Get("client_id")+"|"+oidS]
	codesMu.Unlock()
	s.mu.Lock()
	u := s.st.IDs.Users[oid]
	s.mu.Unlock()
	if g == nil || u == nil {
		esiaError(w, http.StatusBadRequest, "ESIA-007011", "invalid_grant",
			"the system has no authorisation of user "+oidS+" to renew: log in with the authorisation code first", state)
		return
	}
	perm := ""
	if g.consent && u.Consent {
		perm = "APIPGU"
	}
	tok := s.issueToken(tokenClaims{Sub: oid, ClientID: g.client, PersonType: PersonCitizen, Permissions: perm, Scope: g.scope})
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "id_token": tok, "state": state,
		"token_type": "Bearer", "expires_in": int64(s.opts.TokenTTL / time.Second)})
}
