package sandbox

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault describes injected failures (admin API POST /admin/faults).
type Fault struct {
	// Status to answer (401, 429, 500, 502, 503, 504); 0: none.
	Status int `json:"status"`
	// Rate in (0,1]: share of matching requests that fail (default 1).
	Rate float64 `json:"rate"`
	// Count: fail only the next Count matching requests (0: unlimited).
	Count int `json:"count"`
	// LatencyMS delays matching requests.
	LatencyMS int `json:"latencyMs"`
	// Drop closes the connection without an answer.
	Drop bool `json:"drop"`
	// RetryAfter seconds sent with 429/503.
	RetryAfter int `json:"retryAfter"`
	// PathPrefix limits the fault to paths with this prefix.
	PathPrefix string `json:"pathPrefix"`
}

type faults struct {
	mu   sync.Mutex
	list []*Fault
	rnd  *rand.Rand
}

func (f *faults) set(list []Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = nil
	for i := range list {
		fl := list[i]
		if fl.Rate <= 0 || fl.Rate > 1 {
			fl.Rate = 1
		}
		f.list = append(f.list, &fl)
	}
	f.rnd = rand.New(rand.NewPCG(1, 2))
}

func (f *faults) get() []Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Fault
	for _, x := range f.list {
		out = append(out, *x)
	}
	return out
}

// inject applies a matching fault; true when the request was answered.
func (f *faults) inject(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	var hit *Fault
	for _, x := range f.list {
		if x.PathPrefix != "" && !strings.HasPrefix(r.URL.Path, x.PathPrefix) {
			continue
		}
		if x.Rate < 1 && f.rnd.Float64() >= x.Rate {
			continue
		}
		if x.Count > 0 {
			x.Count--
			if x.Count == 0 {
				x.Count = -1 // used up
			}
		} else if x.Count < 0 {
			continue
		}
		c := *x
		hit = &c
		break
	}
	f.mu.Unlock()
	if hit == nil {
		return false
	}
	if hit.LatencyMS > 0 {
		select {
		case <-time.After(time.Duration(hit.LatencyMS) * time.Millisecond):
		case <-r.Context().Done():
			return true
		}
	}
	if hit.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	}
	if hit.Status == 0 {
		return false
	}
	if hit.RetryAfter > 0 {
		w.Header().Set("Retry-After", itoa(hit.RetryAfter))
	}
	if hit.Status == http.StatusInternalServerError {
		apiError(w, hit.Status, "internal_error", "Внутренняя ошибка (внесена песочницей)")
		return true
	}
	w.WriteHeader(hit.Status)
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
