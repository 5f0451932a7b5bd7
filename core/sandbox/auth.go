package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Principal is the caller of an API ЕПГУ (or mounted) endpoint.
type Principal struct {
	System     *System
	UserOID    int64
	OrgOID     int64
	PersonType string
	// Consent: the token carries the APIPGU permission.
	Consent bool
	User    *User
	Org     *Org
}

// Errors of Authenticate.
var (
	ErrNoToken      = errors.New("sandbox: no valid bearer token")
	ErrSystemDenied = errors.New("sandbox: system denied")
)

// Authenticate checks the bearer token of r and returns the caller. Other
// emulators mounted with Mount use it to share ЕСИА identities.
func (s *Server) Authenticate(r *http.Request) (*Principal, error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return nil, ErrNoToken
	}
	c, err := s.parseToken(strings.TrimSpace(tok))
	if err != nil {
		return nil, ErrNoToken
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.st.IDs.Systems[c.ClientID]
	if sys == nil {
		return nil, ErrNoToken
	}
	p := &Principal{System: sys, UserOID: c.Sub, OrgOID: c.OrgOID, PersonType: c.PersonType,
		Consent: strings.Contains(c.Permissions, "APIPGU"), User: s.st.IDs.Users[c.Sub], Org: s.st.IDs.Orgs[c.OrgOID]}
	return p, nil
}

type principal = Principal

// auth runs the checks common to /api/gusmev/*: 401 (empty body) without a
// valid token, 403 access_denied_system, 429 (empty) over the per-system
// request limit, 403 access_denied_person_permissions without consent.
func (s *Server) auth(w http.ResponseWriter, r *http.Request) (*principal, bool) {
	p, err := s.Authenticate(r)
	if err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	if p.System.Disabled || len(p.System.Services) == 0 {
		apiError(w, http.StatusForbidden, "access_denied_system", "Доступ запрещен для системы")
		return nil, false
	}
	if !s.allowRequest(p.System) {
		w.WriteHeader(http.StatusTooManyRequests)
		return nil, false
	}
	if !p.Consent {
		apiError(w, http.StatusForbidden, "access_denied_person_permissions", "Пользователь не дал согласие Вашей системе на выполнение данной операции")
		return nil, false
	}
	return p, true
}

// window counts requests of one calendar minute.
type window struct {
	minute int64
	n      int
}

var rateMu sync.Mutex

func (s *Server) allowRequest(sys *System) bool {
	limit := s.opts.RequestsPerMinute
	if sys.RequestsPerMinute > 0 {
		limit = sys.RequestsPerMinute
	}
	m := s.clock.Now().Unix() / 60
	rateMu.Lock()
	defer rateMu.Unlock()
	w := s.rate[sys.Mnemonic]
	if w == nil || w.minute != m {
		w = &window{minute: m}
		s.rate[sys.Mnemonic] = w
	}
	w.n++
	return w.n <= limit
}

// apiError writes the Appendix 4 body {"code","message"}.
func apiError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

var _ = time.Now
