package workflow

import (
	"sort"
	"sync"
	"time"
)

// memStore is an in-memory journalStore for unit tests of the flow
// logic (the journal adapter has its own tests).
type memStore struct {
	mu      sync.Mutex
	apps    map[int64]*appRecord
	next    int64
	status  map[int64][]StatusInfo
	results map[int64][]ResultFile
	cursor  map[string]time.Time
	drafts  map[int64]*Draft
	batches map[string]int64
	orders  []orderAt
}

type orderAt struct {
	env, service string
	at           time.Time
	app          int64
}

var memStores = map[string]*memStore{}

func openMem(dir string) (journalStore, error) {
	if s, ok := memStores[dir]; ok {
		return s, nil
	}
	s := &memStore{apps: map[int64]*appRecord{}, status: map[int64][]StatusInfo{}, results: map[int64][]ResultFile{}, cursor: map[string]time.Time{}, drafts: map[int64]*Draft{}, batches: map[string]int64{}}
	memStores[dir] = s
	return s, nil
}

func (m *memStore) Close() error { return nil }

func cp(a *appRecord) *appRecord { x := *a; return &x }

func (m *memStore) NewApp(a *appRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	a.ID = m.next
	m.apps[a.ID] = cp(a)
	return nil
}

func (m *memStore) SaveApp(a *appRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.apps[a.ID]
	if (a.State == stateReserving || a.State == statePushing) && (old == nil || old.State != a.State) {
		m.orders = append(m.orders, orderAt{a.Env, a.Service, a.StepStart, a.ID})
	}
	m.apps[a.ID] = cp(a)
	return nil
}

func (m *memStore) App(id int64) (*appRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.apps[id]
	if !ok {
		return nil, errNotFound
	}
	return cp(a), nil
}

func (m *memStore) list(f func(*appRecord) bool) []*appRecord {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*appRecord
	for _, a := range m.apps {
		if f(a) {
			out = append(out, cp(a))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (m *memStore) Unfinished(env string) ([]*appRecord, error) {
	return m.list(func(a *appRecord) bool { return a.Env == env && a.State.unfinished() }), nil
}

func (m *memStore) Tracking(env string) ([]*appRecord, error) {
	return m.list(func(a *appRecord) bool { return a.Env == env && (a.State == stateSent || a.State == stateTracking) }), nil
}

func (m *memStore) ByOrder(env string, id int64) (*appRecord, error) {
	l := m.list(func(a *appRecord) bool { return a.Env == env && a.OrderID == id })
	if len(l) == 0 {
		return nil, nil
	}
	return l[0], nil
}

func (m *memStore) RecentOrders(env, service string, since time.Time) ([]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []time.Time
	for _, o := range m.orders {
		if o.env == env && o.service == service && !o.at.Before(since) {
			out = append(out, o.at)
		}
	}
	return out, nil
}

func (m *memStore) AddStatus(env string, id int64, st StatusInfo) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.status[id]
	if n := len(h); n > 0 && h[n-1].ID == st.ID && h[n-1].Title == st.Title && h[n-1].State == st.State {
		return false, nil
	}
	m.status[id] = append(h, st)
	return true, nil
}

func (m *memStore) AddResult(env string, id int64, f ResultFile) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.results[id] = append(m.results[id], f)
	return nil
}

func (m *memStore) HasResults(env string, id int64) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.results[id]) > 0, nil
}

func (m *memStore) Cursor(env string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cursor[env], nil
}

func (m *memStore) SetCursor(env string, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursor[env] = t
	return nil
}

func (m *memStore) SaveDraft(d *Draft) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d.ID == 0 {
		m.next++
		d.ID = m.next
	}
	x := *d
	m.drafts[d.ID] = &x
	return nil
}

func (m *memStore) Draft(id int64) (*Draft, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.drafts[id]
	if !ok {
		return nil, errNotFound
	}
	x := *d
	return &x, nil
}

func (m *memStore) DeleteDraft(id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.drafts, id)
	return nil
}

func (m *memStore) NewBatch(service, rowsName, digest string, total int) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	m.batches[service+digest] = m.next
	return m.next, nil
}

func (m *memStore) FindBatch(service, digest string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.batches[service+digest], nil
}

func (m *memStore) BatchApps(id int64) ([]*appRecord, error) {
	return m.list(func(a *appRecord) bool { return a.BatchID == id }), nil
}

func (m *memStore) IntegrityCheck() error { return nil }
