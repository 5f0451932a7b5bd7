package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

// smevFailed are gu-smev processing states that end an order before
// the portal creates it (API ЕПГУ v1.13 Прил. 1): the archive was
// refused. getOrdersStatus shows such orders as status 0 «Черновик»; the
// real state comes from the order details (issue 13 item 8).
var smevFailed = map[string]i18n.Text{
	"INVALID_FILES_STRUCTURE":   {RU: "архив не принят: неверная структура файлов", EN: "archive refused: wrong file structure"},
	"VALIDATION_ERROR":          {RU: "архив не принят: ошибки проверки XML", EN: "archive refused: XML validation errors"},
	"REQ_NOT_FOUND":             {RU: "архив не принят: нет служебного файла (req.xml)", EN: "archive refused: no transport file (req.xml)"},
	"MPC_NOT_FOUND":             {RU: "архив не принят: нет файла бизнес-данных", EN: "archive refused: no business data file"},
	"REQ_VERIFY_FAILED":         {RU: "архив не принят: номер заявления в XML не совпадает", EN: "archive refused: the order number in the XML does not match"},
	"FILES_VERIFICATION_FAILED": {RU: "архив не принят: подписи не прошли проверку", EN: "archive refused: signatures did not verify"},
	"INTERNAL_ERROR":            {RU: "ошибка обработки на стороне ЕПГУ", EN: "processing error on the EPGU side"},
	"CREATE_ORDER_FORBIDDEN":    {RU: "создание заявления запрещено", EN: "creating the order is forbidden"},
	"LIMITATION_EXCEPTION":      {RU: "превышен лимит заявлений", EN: "order limit exceeded"},
}

// SmevStateText describes a gu-smev processing state ("" when it is not a
// failure).
func SmevStateText(state string) string {
	if t, ok := smevFailed[state]; ok {
		return t.String()
	}
	return ""
}

// isFinal: the catalog marks the status final for the order's service
// (unknown services: 3 «Исполнено», 4 «Отказ», 10 «Отменено»).
func isFinal(service string, statusID int) bool {
	if svc, ok := xsd.Lookup(service); ok {
		if st, ok := svc.Status(statusID); ok {
			return st.Final
		}
	}
	switch statusID {
	case 3, 4, 10:
		return true
	}
	return false
}

// noteStatus records a status of an order and emits status/final events
// when it changed. service may be "" (then the journal's is used).
func (c *Core) noteStatus(env string, orderID int64, st StatusInfo) {
	if c.store == nil {
		return
	}
	a, err := c.store.ByOrder(env, orderID)
	if err != nil {
		c.log.WithError(err).Warn("workflow: journal lookup failed")
		return
	}
	service := ""
	if a != nil {
		service = a.Service
	}
	if !st.Final && st.State == "" {
		st.Final = isFinal(service, st.ID)
	}
	changed, err := c.store.AddStatus(env, orderID, st)
	if err != nil {
		c.log.WithError(err).Warn("workflow: the journal did not take a status")
		return
	}
	if a != nil && (a.State == stateSent || a.State == stateTracking) {
		var err error
		switch {
		case st.Final:
			err = c.store.Final(a, st.ID, st.Title)
		case a.State == stateSent:
			err = c.store.Tracked(a)
		}
		if err != nil {
			c.log.WithError(err).Warn("workflow: journal write failed")
		}
	}
	if !changed {
		return
	}
	ev := Event{Stage: StageStatus, AppID: appID(a), OrderID: orderID, Service: service, Status: &st}
	title := st.Title
	if st.State != "" {
		title = SmevStateText(st.State)
	}
	ev.Message = fmt.Sprintf(i18n.T("заявление %d: %s", "order %d: %s"), orderID, title)
	c.emit(ev)
	if st.Final {
		ev.Stage = StageFinal
		c.emit(ev)
	}
}

func (c *Core) recordDetails(env string, id int64, d *OrderDetails) {
	if d == nil {
		return
	}
	if d.Order == nil {
		if _, bad := smevFailed[d.Code]; bad {
			c.noteStatus(env, id, StatusInfo{State: d.Code, Title: d.Message, Final: true, At: c.now()})
		}
		return
	}
	if cur := d.Order.Current(); cur != nil {
		c.noteStatus(env, id, StatusInfo{ID: int(cur.StatusID), Title: cur.Title, Final: cur.FinalStatus, Comment: cur.Comment, At: cur.Date.Time})
	}
}

func (c *Core) recordStatuses(env string, items []OrderStatus) {
	for _, it := range items {
		if it.Status == nil {
			continue
		}
		c.noteStatus(env, it.OrderID, StatusInfo{ID: int(it.Status.StatusID), Title: it.Status.StatusName, At: it.Status.Updated.Time})
	}
}

func (s *Session) track(ctx context.Context, o TrackOptions) error {
	c := s.core
	if c.store == nil && len(o.OrderIDs) == 0 {
		return ErrNoJournal
	}
	interval := o.Interval
	if interval <= 0 {
		interval = 30 * time.Second
	}
	failures := 0
	for {
		pending, err := s.pollOnce(ctx, o)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !retryable(err) {
				return err
			}
			// Backoff with jitter on failures; Retry-After wins.
			d := backoff(failures, retryAfter(err))
			if d < interval {
				d = interval + jitter(interval/5)
			}
			failures++
			c.emit(Event{Stage: StageRetry, Wait: d, Err: err, Message: fmt.Sprintf(i18n.T("опрос статусов не удался (%s), повтор через %s", "status poll failed (%s), retrying in %s"), i18n.Message(Remote(err)), d.Round(time.Second))})
			if err := c.opts.Sleep(ctx, d); err != nil {
				return err
			}
			continue
		}
		failures = 0
		if o.Once || pending == 0 {
			return nil
		}
		if err := c.opts.Sleep(ctx, interval+jitter(interval/5)); err != nil {
			return err
		}
	}
}

// pollOnce asks for statuses once and returns how many watched orders
// are not final yet.
func (s *Session) pollOnce(ctx context.Context, o TrackOptions) (int, error) {
	c := s.core
	c.emit(Event{Stage: StageTracking, Message: i18n.T("опрос статусов", "polling statuses")})
	if len(o.OrderIDs) > 0 {
		var items []OrderStatus
		_, err := s.withRetry(ctx, nil, func() (int64, error) {
			var err error
			items, err = s.client.AllOrdersStatus(ctx, o.OrderIDs, 100)
			return 0, err
		})
		if err != nil {
			return 0, err
		}
		c.recordStatuses(s.env.Name, items)
		pending := 0
		for _, it := range items {
			final := false
			if a, _ := s.lookup(it.OrderID); a != nil {
				final = a.State == stateFinal
				if !final {
					if err := s.checkSmev(ctx, a, it); err != nil {
						return 0, err
					}
					final = a.State == stateFinal
				}
			} else if it.Status != nil {
				final = isFinal("", int(it.Status.StatusID))
			}
			if final {
				if err := s.fetchResult(ctx, it.OrderID, o); err != nil {
					return 0, err
				}
			} else {
				pending++
			}
		}
		return pending, nil
	}
	watched, err := c.store.Tracking(s.env.Name)
	if err != nil {
		return 0, err
	}
	cursor, err := c.store.Cursor(s.env.Name)
	if err != nil {
		return 0, err
	}
	if cursor.IsZero() {
		for _, a := range watched {
			if cursor.IsZero() || a.Created.Before(cursor) {
				cursor = a.Created
			}
		}
		if cursor.IsZero() {
			cursor = c.now().Add(-24 * time.Hour)
		}
	}
	started := c.now()
	var items []OrderStatus
	_, err = s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		items, err = s.client.AllUpdatedAfter(ctx, cursor.Add(-time.Minute), 100)
		return 0, err
	})
	if err != nil {
		return 0, err
	}
	c.recordStatuses(s.env.Name, items)
	byID := map[int64]OrderStatus{}
	for _, it := range items {
		byID[it.OrderID] = it
	}
	pending := 0
	for _, a := range watched {
		it, ok := byID[a.OrderID]
		if !ok && a.LastStatus == 0 {
			// Still in gu-smev processing: its refusal changes no portal
			// status, so getUpdatedAfter would not list it again — ask.
			it, ok = OrderStatus{OrderID: a.OrderID}, true
		}
		if ok {
			if err := s.checkSmev(ctx, a, it); err != nil {
				return 0, err
			}
		}
		if a2, _ := c.store.Load(a.ID); a2 != nil {
			a = a2
		}
		if a.State == stateFinal {
			if err := s.fetchResult(ctx, a.OrderID, o); err != nil {
				return 0, err
			}
			continue
		}
		pending++
	}
	// The next poll asks from this one's start (with a minute of
	// overlap for clock skew); journalled so a restart continues.
	if err := c.store.SetCursor(s.env.Name, started); err != nil {
		return 0, err
	}
	return pending, nil
}

func (s *Session) lookup(orderID int64) (*appRecord, error) {
	if s.core.store == nil {
		return nil, nil
	}
	return s.core.store.ByOrder(s.env.Name, orderID)
}

// checkSmev asks the details of an order that still shows status 0 (or
// none): the gu-smev state says whether the archive was refused.
func (s *Session) checkSmev(ctx context.Context, a *appRecord, it OrderStatus) error {
	if it.Status != nil && it.Status.StatusID != 0 {
		return nil
	}
	var d *OrderDetails
	_, err := s.withRetry(ctx, a, func() (int64, error) {
		var err error
		d, err = s.client.Details(ctx, a.OrderID)
		return 0, err
	})
	if err != nil {
		return err
	}
	s.core.recordDetails(s.env.Name, a.OrderID, d)
	if a2, _ := s.core.store.Load(a.ID); a2 != nil {
		*a = *a2
	}
	return nil
}

// fetchResult downloads the result of a final order once (when asked).
func (s *Session) fetchResult(ctx context.Context, orderID int64, o TrackOptions) error {
	if !o.Download || s.core.store == nil {
		return nil
	}
	if done, _ := s.core.store.HasResults(s.env.Name, orderID); done {
		return nil
	}
	var d *OrderDetails
	_, err := s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		d, err = s.client.Details(ctx, orderID)
		return 0, err
	})
	if err != nil {
		return err
	}
	if d.Order == nil || len(d.Order.ResponseFiles) == 0 {
		// Refused in processing, or a final status without files:
		// remember that there is nothing to fetch.
		return s.core.store.AddResult(s.env.Name, orderID, ResultFile{})
	}
	_, err = s.download(ctx, orderID, DownloadOptions{Extract: true})
	return err
}
