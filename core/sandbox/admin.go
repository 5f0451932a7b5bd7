package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Admin API (not part of ЕПГУ), loopback only:
//
//	GET  /admin/clock                     {"now": RFC 3339}
//	POST /admin/clock/advance?d=5m        move the clock (and due statuses)
//	GET  /admin/orders                    all orders (id, service, state, status)
//	POST /admin/orders/{id}/status        {"statusId":3,"title":"…","final":true,"result":true,"comment":"…"}
//	POST /admin/orders/{id}/state         {"state":"FILES_VERIFICATION_FAILED"}
//	POST /admin/scenario                  {"serviceCode":"60010153","scenario":"reject"}
//	GET  /admin/faults, POST /admin/faults [{"status":503,"rate":0.5,"count":0,"latencyMs":0,"drop":false,"pathPrefix":"/api/"}]
//	DELETE /admin/faults
//	GET  /admin/identities, GET /admin/credentials
//	POST /admin/apikeys                   {"system":"GOSDESK_SB","userOid":…,"orgOid":…} → {"key":…}
func (s *Server) adminRoutes() {
	s.mux.HandleFunc("/admin/", s.handleAdmin)
}

// AdvanceClock moves the sandbox clock by d (ManualClock or the default
// clock) and applies due transitions.
func (s *Server) AdvanceClock(d time.Duration) error {
	a, ok := s.clock.(advancer)
	if !ok {
		return fmt.Errorf("sandbox: clock cannot be advanced")
	}
	a.Advance(d)
	s.mu.Lock()
	s.tickLocked()
	s.saveLocked()
	s.mu.Unlock()
	return nil
}

// SetFaults replaces the injected faults (nil clears them).
func (s *Server) SetFaults(f []Fault) { s.faults.set(f) }

// SetScenario sets the outcome of new orders of a service.
func (s *Server) SetScenario(serviceCode, scenario string) {
	s.mu.Lock()
	s.st.Scenarios[serviceCode] = scenario
	s.mu.Unlock()
}

// ForceStatus appends a portal status to an order (clearing its script).
func (s *Server) ForceStatus(id int64, statusID int, title string, final, result bool, comment string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.Orders[id]
	if o == nil {
		return fmt.Errorf("sandbox: no order %d", id)
	}
	if title == "" {
		title = "Статус " + strconv.Itoa(statusID)
	}
	o.Uploaded, o.State, o.Pending = true, StateDone, nil
	s.applyStepLocked(o, step{StatusID: statusID, Title: title, Final: final, Result: result, Comment: comment}, s.clock.Now())
	return s.saveLocked()
}

// SeedOrders creates n orders of the test system's employee for service,
// already processed (benchmarks, demo). Limits are not applied. It panics
// for a service the catalog does not know (gosctl's /admin/seed recovers).
func (s *Server) SeedOrders(n int, serviceCode string) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv := findService(serviceCode)
	if sv == nil {
		panic("sandbox: SeedOrders: unknown service " + serviceCode)
	}
	sys := s.st.IDs.Systems[TestSystem]
	p := &principal{System: sys, UserOID: TestEmployeeOID, OrgOID: TestOrgOID, PersonType: PersonLegal}
	ids := make([]int64, n)
	for i := range ids {
		o := s.newOrderLocked(p, sv, "45000000000")
		o.Uploaded, o.State = true, StateDone
		for _, st := range script(sv, ScenarioSuccess) {
			s.applyStepLocked(o, st, s.clock.Now())
		}
		ids[i] = o.ID
	}
	s.saveLocked()
	return ids
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/admin/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	bad := func(err error) { http.Error(w, err.Error(), http.StatusBadRequest) }
	switch {
	case path == "clock" && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]string{"now": s.clock.Now().Format(time.RFC3339Nano)})
	case path == "clock/advance" && r.Method == http.MethodPost:
		d, err := time.ParseDuration(r.URL.Query().Get("d"))
		if err != nil {
			var b struct{ Seconds float64 }
			if json.Unmarshal(body, &b) != nil || b.Seconds <= 0 {
				bad(fmt.Errorf("use ?d=5m or {\"seconds\":N}"))
				return
			}
			d = time.Duration(b.Seconds * float64(time.Second))
		}
		if err := s.AdvanceClock(d); err != nil {
			bad(err)
			return
		}
		writeJSON(w, 200, map[string]string{"now": s.clock.Now().Format(time.RFC3339Nano)})
	case path == "orders" && r.Method == http.MethodGet:
		s.mu.Lock()
		s.tickLocked()
		var out []map[string]any
		for _, o := range s.st.Orders {
			c := o.current()
			out = append(out, map[string]any{"orderId": o.ID, "system": o.System, "service": o.Service, "state": o.State, "statusId": c.StatusID, "status": c.Title, "currentStatusHistoryId": c.HistID})
		}
		s.mu.Unlock()
		writeJSON(w, 200, out)
	case strings.HasPrefix(path, "orders/") && r.Method == http.MethodPost:
		parts := strings.Split(path, "/")
		if len(parts) != 3 {
			http.NotFound(w, r)
			return
		}
		id, _ := strconv.ParseInt(parts[1], 10, 64)
		switch parts[2] {
		case "status":
			var b struct {
				StatusID      int
				Title         string
				Final, Result bool
				Comment       string
			}
			if err := json.Unmarshal(body, &b); err != nil {
				bad(err)
				return
			}
			if err := s.ForceStatus(id, b.StatusID, b.Title, b.Final, b.Result, b.Comment); err != nil {
				bad(err)
				return
			}
		case "state":
			var b struct{ State string }
			json.Unmarshal(body, &b)
			s.mu.Lock()
			o := s.st.Orders[id]
			if o != nil {
				o.State, o.Pending, o.Uploaded = b.State, nil, true
			}
			s.mu.Unlock()
			if o == nil {
				bad(fmt.Errorf("no order %d", id))
				return
			}
		default:
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "scenario" && r.Method == http.MethodPost:
		var b struct{ ServiceCode, Scenario string }
		if err := json.Unmarshal(body, &b); err != nil || findService(b.ServiceCode) == nil {
			bad(fmt.Errorf("need a known serviceCode and a scenario"))
			return
		}
		s.SetScenario(b.ServiceCode, b.Scenario)
		w.WriteHeader(http.StatusNoContent)
	case path == "faults":
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, 200, s.faults.get())
		case http.MethodPost:
			var f []Fault
			if err := json.Unmarshal(body, &f); err != nil {
				var one Fault
				if err2 := json.Unmarshal(body, &one); err2 != nil {
					bad(err)
					return
				}
				f = []Fault{one}
			}
			s.SetFaults(f)
			w.WriteHeader(http.StatusNoContent)
		case http.MethodDelete:
			s.SetFaults(nil)
			w.WriteHeader(http.StatusNoContent)
		}
	case path == "identities" && r.Method == http.MethodGet:
		s.mu.Lock()
		b, _ := json.Marshal(s.st.IDs)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	case path == "credentials" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.Credentials())
	case path == "apikeys" && r.Method == http.MethodPost:
		var b APIKey
		if err := json.Unmarshal(body, &b); err != nil {
			bad(err)
			return
		}
		s.mu.Lock()
		if s.st.IDs.Systems[b.System] == nil || s.st.IDs.Orgs[b.OrgOID] == nil {
			s.mu.Unlock()
			bad(fmt.Errorf("unknown system or organisation"))
			return
		}
		b.Key = randomUUID()
		s.st.IDs.APIKeys[b.Key] = &b
		s.saveLocked()
		s.mu.Unlock()
		writeJSON(w, 200, map[string]string{"key": b.Key})
	default:
		http.NotFound(w, r)
	}
}
