package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// tokenClaims are the claims of sandbox access tokens (JWT, HS256 with a
// sandbox secret; real ЕСИА tokens are RS/GOST signed — clients must not
// verify them anyway).
type tokenClaims struct {
	Exp         int64  `json:"exp"`
	Iat         int64  `json:"iat"`
	Iss         string `json:"iss"`
	Sub         int64  `json:"urn:esia:sbj_id"`
	OrgOID      int64  `json:"urn:esia:org_oid,omitempty"`
	ClientID    string `json:"client_id"`
	Scope       string `json:"scope"`
	PersonType  string `json:"sbx_person_type"`
	Permissions string `json:"permissions,omitempty"`
	ID          string `json:"jti"`
}

var errBadToken = errors.New("bad token")

func (s *Server) issueToken(c tokenClaims) string {
	now := s.clock.Now()
	c.Iat = now.Unix()
	c.Exp = now.Add(s.opts.TokenTTL).Unix()
	c.Iss = "http://esia-sandbox.gosdesk.local/"
	c.ID = randomHex(8)
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","sbx":"sandbox"}`))
	body, _ := json.Marshal(c)
	p := head + "." + base64.RawURLEncoding.EncodeToString(body)
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(p))
	return p + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) parseToken(tok string) (*tokenClaims, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errBadToken
	}
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, m.Sum(nil)) {
		return nil, errBadToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errBadToken
	}
	var c tokenClaims
	if json.Unmarshal(raw, &c) != nil {
		return nil, errBadToken
	}
	if !s.clock.Now().Before(time.Unix(c.Exp, 0)) {
		return nil, errBadToken
	}
	return &c, nil
}
