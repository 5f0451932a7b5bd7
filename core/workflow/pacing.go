package workflow

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// EPGU limits (API ЕПГУ v1.13 Прил. 3): 2,000 requests per calendar
// minute per system; 20 orders per service per user per 10 minutes.
const orderWindow = 10 * time.Minute

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// requestPacer keeps the requests of this process under the per-minute
// limit of the system.
type requestPacer struct {
	mu     sync.Mutex
	minute time.Time
	n      int
}

func (c *Core) paceRequest(ctx context.Context) error {
	p := &c.reqPacer
	for {
		p.mu.Lock()
		now := c.now()
		m := now.Truncate(time.Minute)
		if !m.Equal(p.minute) {
			p.minute, p.n = m, 0
		}
		if p.n < c.opts.RequestsPerMinute {
			p.n++
			p.mu.Unlock()
			return nil
		}
		wait := m.Add(time.Minute).Sub(now)
		p.mu.Unlock()
		c.emit(Event{Stage: StageWait, Wait: wait, Message: i18n.T("лимит ЕПГУ: 2000 запросов в минуту — ожидание", "EPGU limit: 2,000 requests a minute — waiting")})
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// paceOrder waits, before a request that creates an order (/order,
// /push), until the service's 10-minute window has room: the batch waits
// instead of failing with limitation_exception.
func (s *Session) paceOrder(ctx context.Context, a *appRecord) error {
	c := s.core
	for {
		now := c.now()
		times, err := c.store.RecentOrders(a.Env, a.Service, now.Add(-orderWindow))
		if err != nil {
			return err
		}
		if len(times) < c.opts.OrdersPer10Min {
			return nil
		}
		// The oldest order in the window leaves it at oldest+10 min.
		oldest := times[0]
		for _, t := range times {
			if t.Before(oldest) {
				oldest = t
			}
		}
		wait := oldest.Add(orderWindow).Sub(now) + time.Second
		if wait <= 0 {
			wait = time.Second
		}
		c.emit(Event{Stage: StageWait, Row: a.Row, AppID: a.ID, Service: a.Service, Wait: wait,
			Message: fmt.Sprintf(i18n.T("лимит ЕПГУ: не более %d заявлений по услуге за 10 минут — ожидание %s", "EPGU limit: at most %d orders per service in 10 minutes — waiting %s"), c.opts.OrdersPer10Min, wait.Round(time.Second))})
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// estimate is the time n orders of one service take under the limit: the
// first OrdersPer10Min go at once, each further group of that size 10
// minutes later (the window slides from the first order of a group).
func (c *Core) estimate(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	groups := (n - 1) / c.opts.OrdersPer10Min
	return time.Duration(groups) * orderWindow
}
