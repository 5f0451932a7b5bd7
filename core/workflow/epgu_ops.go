package workflow

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

// lookupService finds a service of the catalog; unknown codes are an
// InputError that says where to look.
func lookupService(code string) (xsd.Service, error) {
	if strings.TrimSpace(code) == "" {
		return xsd.Service{}, inputf("не указана услуга (код eServiceCode, например 60010153)", "no service given (an eServiceCode, e.g. 60010153)")
	}
	svc, ok := xsd.Lookup(code)
	if !ok {
		return svc, inputf("услуги %s нет в каталоге: список услуг — gosctl services list", "service %s is not in the catalog: see gosctl services list", code)
	}
	return svc, nil
}

func (c *Core) meta(service, target, region string) (OrderMeta, error) {
	svc, err := lookupService(service)
	if err != nil {
		return OrderMeta{}, err
	}
	if target == "" {
		// The catalog's serviceTargetCode: hotels use -1000444103652,
		// not "-" + code (issue 13 item 1).
		target = svc.Target
	}
	if target == "" {
		target = "-" + svc.Code
	}
	if region == "" {
		region = DefaultRegion
	}
	return OrderMeta{Region: region, ServiceCode: svc.Code, TargetCode: target}, nil
}

func (s *Session) reserve(ctx context.Context, meta OrderMeta) (int64, error) {
	s.core.emit(Event{Stage: StageReserve, Service: meta.ServiceCode, Message: i18n.T("резервирование номера заявления", "reserving an order number")})
	id, err := s.createRetry(ctx, nil, func() (int64, error) { return s.client.CreateOrder(ctx, meta) })
	if err != nil {
		return 0, s.explain(err)
	}
	s.core.emit(Event{Stage: StageReserve, Service: meta.ServiceCode, OrderID: id, Message: fmt.Sprintf(i18n.T("зарезервирован номер %d", "reserved number %d"), id)})
	return id, nil
}

func (s *Session) details(ctx context.Context, id int64) (*OrderDetails, error) {
	var d *OrderDetails
	_, err := s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		d, err = s.client.Details(ctx, id)
		return 0, err
	})
	if err != nil {
		return nil, s.explain(err)
	}
	s.core.recordDetails(s.env.Name, id, d)
	return d, nil
}

func (s *Session) statuses(ctx context.Context, ids []int64, pageSize int) ([]OrderStatus, error) {
	return s.fetchStatuses(ctx, pageSize, func(n int) ([]OrderStatus, error) { return s.client.AllOrdersStatus(ctx, ids, n) })
}

func (s *Session) updatedAfter(ctx context.Context, t time.Time, pageSize int) ([]OrderStatus, error) {
	return s.fetchStatuses(ctx, pageSize, func(n int) ([]OrderStatus, error) { return s.client.AllUpdatedAfter(ctx, t, n) })
}

// fetchStatuses runs one paged status query (100 a page unless told) with
// the session's retries and records what it got in the journal.
func (s *Session) fetchStatuses(ctx context.Context, pageSize int, query func(pageSize int) ([]OrderStatus, error)) ([]OrderStatus, error) {
	if pageSize <= 0 {
		pageSize = 100
	}
	var items []OrderStatus
	_, err := s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		items, err = query(pageSize)
		return 0, err
	})
	if err != nil {
		return nil, s.explain(err)
	}
	s.core.recordStatuses(s.env.Name, items)
	return items, nil
}

// explain turns client errors into what a user reads: remote answers
// localised, the limits with what to do.
func (s *Session) explain(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, epgu.ErrLimitation) {
		return &RemoteError{Err: i18n.Wrap(err, "превышен лимит ЕПГУ: не более 20 заявлений по услуге за 10 минут — подождите или отправьте пакетом (пакет сам выдерживает паузы)",
			"EPGU limit reached: at most 20 orders per service in 10 minutes — wait, or send as a batch (a batch waits by itself)")}
	}
	return Remote(err)
}

func (s *Session) cancel(ctx context.Context, id int64, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return inputf("нужна причина отмены", "a reason for the cancellation is needed")
	}
	// Ask first: the service and the status decide whether cancelling is
	// possible, and the answer says so in words (issue 13 item 9).
	var d *OrderDetails
	_, err := s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		d, err = s.client.Details(ctx, id)
		return 0, err
	})
	if err != nil {
		return s.explain(err)
	}
	if d.Order == nil {
		return i18n.New(fmt.Sprintf("заявление %d ещё обрабатывается (%s): отмена станет возможна, когда портал примет заявление — повторите через несколько минут", id, d.Code),
			fmt.Sprintf("order %d is still being processed (%s): cancelling becomes possible once the portal has accepted the order — try again in a few minutes", id, d.Code))
	}
	svc, known := xsd.Lookup(d.Order.EServiceID)
	if known && !svc.Cancel {
		return i18n.New(fmt.Sprintf("услуга %s (%s) не предусматривает отмену заявления через API ЕПГУ; если заявление нужно отозвать, обратитесь в ведомство (%s)", svc.Code, svc.Name, svc.AgencyIn(i18n.RU)),
			fmt.Sprintf("service %s (%s) does not allow cancelling an order through API EPGU; to withdraw it, contact the agency (%s)", svc.Code, svc.NameIn(i18n.EN), svc.AgencyIn(i18n.EN)))
	}
	_, err = s.withRetry(ctx, nil, func() (int64, error) { return 0, s.client.Cancel(ctx, id, reason) })
	if err != nil && (errors.Is(err, epgu.ErrCancelNotAllowed) || errors.Is(err, epgu.ErrMethodNotAllowed)) {
		curRU, curEN := "—", "—"
		if st := d.Order.Current(); st != nil {
			curRU = fmt.Sprintf("%d «%s»", st.StatusID, st.Title)
			curEN = curRU // the portal's words, in Russian, unless the catalog knows the status
			for _, cs := range svc.Statuses {
				if known && int64(cs.ID) == st.StatusID {
					curEN = fmt.Sprintf("%d «%s»", st.StatusID, cs.TitleIn(i18n.EN))
				}
			}
		}
		var allowedRU, allowedEN []string
		if known {
			for _, st := range svc.Statuses {
				if st.CancelAllowed {
					allowedRU = append(allowedRU, fmt.Sprintf("%d «%s»", st.ID, st.TitleIn(i18n.RU)))
					allowedEN = append(allowedEN, fmt.Sprintf("%d «%s»", st.ID, st.TitleIn(i18n.EN)))
				}
			}
		}
		ru := fmt.Sprintf("заявление %d в статусе %s отменить нельзя", id, curRU)
		en := fmt.Sprintf("order %d cannot be cancelled in status %s", id, curEN)
		if len(allowedRU) > 0 {
			ru += "; отмена возможна в статусах: " + strings.Join(allowedRU, ", ")
			en += "; cancelling is possible in statuses: " + strings.Join(allowedEN, ", ")
		}
		return &RemoteError{Err: i18n.Wrap(err, ru, en)}
	}
	if err != nil {
		return s.explain(err)
	}
	s.core.emit(Event{Stage: StageStatus, OrderID: id, Message: fmt.Sprintf(i18n.T("заявление %d отменено", "order %d cancelled"), id)})
	return nil
}

func (c *Core) dict(ctx context.Context, envName, code string, req DictRequest, pageSize int) ([]DictItem, int, error) {
	env, err := c.ResolveEnv(envName)
	if err != nil {
		return nil, 0, err
	}
	t := strings.ToUpper(req.TreeFiltering)
	if t == "" {
		t = epgu.OneLevel
	}
	if t != epgu.OneLevel && t != epgu.Subtree {
		return nil, 0, inputf("фильтр дерева: ONELEVEL или SUBTREE", "tree filter: ONELEVEL or SUBTREE")
	}
	req.TreeFiltering = t
	cl, err := epgu.New(epgu.Options{BaseURL: env.EPGU, HTTPClient: c.opts.HTTPClient, Logger: c.log})
	if err != nil {
		return nil, 0, err
	}
	if pageSize <= 0 {
		pageSize = 100
	}
	if req.PageNum > 0 {
		if req.PageSize == 0 {
			req.PageSize = pageSize
		}
		r, err := cl.Dict(ctx, code, req)
		if err != nil {
			return nil, 0, Remote(dictError(err))
		}
		return r.Items, r.Total, nil
	}
	items, err := cl.DictAll(ctx, code, req, pageSize)
	if err != nil {
		return nil, 0, Remote(dictError(err))
	}
	return items, len(items), nil
}

// dictError: an *epgu.DictError already says what the НСИ code means
// («справочник не найден»), in Russian and (Localize) in English; it is
// passed as it is.
func dictError(err error) error { return err }

type fileLink struct{ name, link string }

func (s *Session) download(ctx context.Context, id int64, o DownloadOptions) ([]ResultFile, error) {
	var d *OrderDetails
	_, err := s.withRetry(ctx, nil, func() (int64, error) {
		var err error
		d, err = s.client.Details(ctx, id)
		return 0, err
	})
	if err != nil {
		return nil, s.explain(err)
	}
	if d.Order == nil {
		return nil, i18n.New("заявление ещё не создано на портале — файлов нет", "the order does not exist on the portal yet: no files")
	}
	var files []fileLink
	if o.Request {
		for _, f := range d.Order.AttachmentFiles {
			files = append(files, fileLink{f.FileName, f.Link})
		}
	} else {
		for _, f := range d.Order.ResponseFiles {
			files = append(files, fileLink{f.FileName, f.Link})
		}
	}
	if o.Only != "" {
		var sel []fileLink
		for _, f := range files {
			if f.name == o.Only {
				sel = append(sel, f)
			}
		}
		if len(sel) == 0 {
			return nil, i18n.New("в заявлении нет файла "+o.Only, "the order has no file "+o.Only)
		}
		files = sel
	}
	if len(files) == 0 {
		return nil, i18n.New("у заявления нет таких файлов (результата ещё нет?)", "the order has no such files (no result yet?)")
	}
	out := o.Out
	if out == "" {
		if s.core.dataDir == "" {
			out = "."
		} else {
			out = filepath.Join(s.core.dataDir, "results", s.env.Name, strconv.FormatInt(id, 10))
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fileError(out, err)
	}
	var got []ResultFile
	for _, f := range files {
		name := filepath.Base(filepath.Clean("/" + f.name)) // never outside out
		if name == "/" || name == "." || name == `\` {
			name = "file"
		}
		p := filepath.Join(out, name)
		tmp := p + ".part"
		fh, err := os.Create(tmp)
		if err != nil {
			return got, fileError(tmp, err)
		}
		var n int64
		var ctype string
		if o.Legacy {
			l, lerr := epgu.ParseLink(f.link)
			if lerr != nil {
				fh.Close()
				os.Remove(tmp)
				return got, lerr
			}
			n, ctype, err = s.client.DownloadLegacy(ctx, l.ObjectID, l.ObjectType, l.Mnemonic, fh)
		} else {
			ref, rerr := epgu.RefFor(d.Order, f.link)
			if rerr != nil {
				fh.Close()
				os.Remove(tmp)
				return got, rerr
			}
			n, ctype, err = s.client.Download(ctx, ref, fh)
		}
		if err == nil {
			err = fh.Sync()
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, p) // a crash leaves no half file under the real name
		}
		if err != nil {
			os.Remove(tmp)
			return got, s.explain(err)
		}
		rf := ResultFile{Name: f.name, Path: p, Bytes: n, ContentType: ctype}
		if o.Extract && !o.Request {
			s.core.extractResult(ctx, &rf, s.roots)
		}
		got = append(got, rf)
	}
	if o.Extract && !o.Request {
		s.core.verifyLoose(got, s.roots)
	}
	s.core.recordResults(s.env.Name, id, got)
	s.core.emit(Event{Stage: StageResult, OrderID: id, Files: got, Message: fmt.Sprintf(i18n.T("результат заявления %d сохранён: %s", "the result of order %d is saved: %s"), id, out)})
	return got, nil
}
