package ens

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
)

// params reads request values per the profile: query, JSON body (POST),
// header or path.
type params struct {
	r    *http.Request
	body map[string]any
}

func (s *Server) readParams(r *http.Request) params {
	p := params{r: r}
	if r.Method == http.MethodPost {
		if b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20)); err == nil && len(b) > 0 {
			p.body, _ = ens.DecodeObject(b)
		}
	}
	return p
}

func (p params) get(name string) string {
	if v := p.r.URL.Query().Get(name); v != "" {
		return v
	}
	if p.body != nil {
		switch v := lookup(p.body, name).(type) {
		case string:
			return v
		case json.Number:
			return v.String()
		}
	}
	return ""
}

func (s *Server) taxpayerINN(pp params) string {
	t := s.p.TaxpayerINN
	switch t.In {
	case "path":
		return pp.r.PathValue("inn")
	case "header":
		return pp.r.Header.Get(t.Name)
	}
	return pp.get(t.Name)
}

// authorize runs the data-call checks of §8.2 step 4 that precede the
// handler's own parameters; it returns the session and the taxpayer ИНН.
func (s *Server) authorize(w http.ResponseWriter, pp params) (*session, string, bool) {
	// 4.1 token present and well-formed.
	h := pp.r.Header.Get(s.p.TokenHeader)
	if h == "" {
		s.fail(w, http.StatusUnauthorized, ens.CodeTokenMissing, "Не передан сессионный токен", 0)
		return nil, "", false
	}
	enc, ok := strings.CutPrefix(h, s.p.TokenPrefix)
	raw, err := s.p.TokenEncoding().Strict().DecodeString(enc)
	if !ok || err != nil {
		s.fail(w, http.StatusUnauthorized, ens.CodeTokenMalformed, "Сессионный токен не в формате Base64-URL", 0)
		return nil, "", false
	}
	// 4.2 known and unexpired.
	now := s.o.Clock.Now()
	s.mu.Lock()
	sess, ok := s.sessions[string(raw)]
	s.mu.Unlock()
	if !ok {
		s.fail(w, http.StatusUnauthorized, ens.CodeTokenInvalid, "Сессионный токен не найден", 0)
		return nil, "", false
	}
	if !now.Before(sess.expires) {
		s.fail(w, http.StatusUnauthorized, ens.CodeTokenExpired, "Срок действия сессионного токена истек", 0)
		return nil, "", false
	}
	// 4.3 ИНН checksum.
	inn := s.taxpayerINN(pp)
	if !ens.ValidINN(inn) {
		s.fail(w, http.StatusBadRequest, ens.CodeINNInvalid, "Некорректный ИНН: "+inn, 0)
		return nil, "", false
	}
	return sess, inn, true
}

// access checks consent and the taxpayer (§8.2 steps 4.4–4.6), then the
// rate limit.
func (s *Server) access(w http.ResponseWriter, sess *session, inn string) (*Taxpayer, bool) {
	now := s.o.Clock.Now()
	today := ens.Date(now)
	if inn != sess.inn && !slices.Contains(sess.principals, inn) {
		ok := slices.ContainsFunc(s.o.Consents, func(c Consent) bool {
			return c.Taxpayer == inn && c.Operator == sess.inn && c.Code == "21001" &&
				!today.Before(ens.Date(c.From)) && !today.After(ens.Date(c.To))
		})
		if !ok {
			s.fail(w, http.StatusForbidden, ens.CodeNoConsent,
				"Отсутствует действующее согласие налогоплательщика (код 21001) на представление сведений оператору", 0)
			return nil, false
		}
	}
	tp, ok := s.taxpayers[inn]
	if !ok {
		s.fail(w, http.StatusNotFound, ens.CodeTaxpayerNotFound, "Налогоплательщик не найден", 0)
		return nil, false
	}
	if s.o.RateLimit > 0 {
		s.mu.Lock()
		if now.Sub(sess.window) >= s.o.RateWindow || now.Before(sess.window) {
			sess.window, sess.count = now, 0
		}
		sess.count++
		over := sess.count > s.o.RateLimit
		wait := sess.window.Add(s.o.RateWindow).Sub(now)
		s.mu.Unlock()
		if over {
			s.fail(w, http.StatusTooManyRequests, ens.CodeRateLimited, "Превышен лимит запросов", wait)
			return nil, false
		}
	}
	return tp, true
}

func (s *Server) date(w http.ResponseWriter, v string) (time.Time, bool) {
	if v == "" {
		return ens.Date(s.o.Clock.Now()), true
	}
	t, err := s.p.ParseDate(v)
	if err != nil {
		s.fail(w, http.StatusBadRequest, ens.CodeDateRangeInvalid, "Некорректная дата: "+v, 0)
		return time.Time{}, false
	}
	if t = ens.Date(t); t.Before(ENSStart) {
		s.fail(w, http.StatusBadRequest, ens.CodeDateRangeInvalid, "Дата "+t.Format("02.01.2006")+
			" раньше начала ЕНС: единый налоговый счёт действует с 01.01.2023, укажите дату не раньше 01.01.2023", 0)
		return time.Time{}, false
	}
	return t, true
}

// ENSStart is the first day of the единый налоговый счёт (Федеральный
// закон от 14.07.2022 № 263-ФЗ): there is no balance, operation or
// obligation of ЕНС before it.
var ENSStart = ens.MakeDate(2023, time.January, 1)

func (s *Server) balance(w http.ResponseWriter, r *http.Request) {
	pp := s.readParams(r)
	sess, inn, ok := s.authorize(w, pp)
	if !ok {
		return
	}
	day, ok := s.date(w, pp.get(s.p.Fields.Date))
	if !ok {
		return
	}
	tp, ok := s.access(w, sess, inn)
	if !ok {
		return
	}
	today := ens.Date(s.o.Clock.Now())
	saldo := tp.SaldoAt(day, today)
	var upcoming Kopecks
	for _, o := range tp.Upcoming(day, today) {
		upcoming -= o.Amount
	}
	total := upcoming
	if saldo < 0 {
		total -= saldo
	}
	f := s.p.Fields
	m := map[string]any{}
	set(m, f.INN, tp.INN)
	if tp.KPP != "" {
		set(m, f.KPP, tp.KPP)
	}
	set(m, f.BalanceDate, s.p.FormatDate(day))
	set(m, f.Saldo, s.p.EncodeMoney(saldo))
	set(m, f.Upcoming, s.p.EncodeMoney(upcoming))
	set(m, f.TotalObligation, s.p.EncodeMoney(total))
	if saldo < 0 {
		// Breakdown of the debt: penalties booked so far (capped), the rest tax.
		var pen Kopecks
		for _, o := range tp.Booked(ens.Date(SeedStart), day, today) {
			if o.Kind == "penalty" {
				pen += o.Amount
			}
		}
		if pen < saldo {
			pen = saldo
		}
		items := []ens.Item{{Kind: "tax", Name: "НДФЛ", KBK: KBKNDFL, OKTMO: OKTMO, Amount: saldo - pen}}
		if pen != 0 {
			items = append(items, ens.Item{Kind: "penalty", Name: "Пени", KBK: KBKNDFLPenalty, OKTMO: OKTMO, Amount: pen})
		}
		set(m, f.Breakdown, s.items(items))
	}
	s.writeJSON(w, http.StatusOK, m)
}

func (s *Server) items(list []ens.Item) []any {
	f := s.p.Fields
	out := make([]any, 0, len(list))
	for _, it := range list {
		m := map[string]any{}
		if it.ID != "" {
			set(m, f.ItemID, it.ID)
		}
		if !it.Date.IsZero() {
			set(m, f.ItemDate, s.p.FormatDate(it.Date))
		}
		set(m, f.ItemKind, it.Kind)
		set(m, f.ItemName, it.Name)
		set(m, f.ItemKBK, it.KBK)
		if it.OKTMO != "" {
			set(m, f.ItemOKTMO, it.OKTMO)
		}
		set(m, f.ItemAmount, s.p.EncodeMoney(it.Amount))
		if it.Document != "" {
			set(m, f.ItemDoc, it.Document)
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) operations(w http.ResponseWriter, r *http.Request) {
	pp := s.readParams(r)
	sess, inn, ok := s.authorize(w, pp)
	if !ok {
		return
	}
	f := s.p.Fields
	from, ok := s.date(w, pp.get(f.DateFrom))
	if !ok {
		return
	}
	to, ok := s.date(w, pp.get(f.DateTo))
	if !ok {
		return
	}
	if to.Before(from) || to.Sub(from) > time.Duration(s.p.MaxPeriod)*24*time.Hour {
		s.fail(w, http.StatusBadRequest, ens.CodeDateRangeInvalid, "Некорректный период: "+s.p.FormatDate(from)+" — "+s.p.FormatDate(to), 0)
		return
	}
	page, size := s.p.PageBase, s.p.PageSize
	if v := pp.get(f.Page); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if v := pp.get(f.Size); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if page < s.p.PageBase || size <= 0 || size > s.p.MaxPageSize {
		s.fail(w, http.StatusBadRequest, ens.CodeBadRequest, "Некорректные параметры страницы", 0)
		return
	}
	tp, ok := s.access(w, sess, inn)
	if !ok {
		return
	}
	today := ens.Date(s.o.Clock.Now())
	ops := tp.Booked(from, to, today)
	pages := (len(ops) + size - 1) / size
	if pages == 0 {
		pages = 1
	}
	lo := min((page-s.p.PageBase)*size, len(ops))
	hi := min(lo+size, len(ops))
	m := map[string]any{}
	set(m, f.INN, tp.INN)
	set(m, f.SaldoIn, s.p.EncodeMoney(tp.SaldoAt(from.AddDate(0, 0, -1), today)))
	set(m, f.SaldoOut, s.p.EncodeMoney(tp.SaldoAt(to, today)))
	set(m, f.Items, s.items(ops[lo:hi]))
	set(m, f.TotalPages, pages)
	s.writeJSON(w, http.StatusOK, m)
}

func (s *Server) obligations(w http.ResponseWriter, r *http.Request) {
	pp := s.readParams(r)
	sess, inn, ok := s.authorize(w, pp)
	if !ok {
		return
	}
	day, ok := s.date(w, pp.get(s.p.Fields.Date))
	if !ok {
		return
	}
	tp, ok := s.access(w, sess, inn)
	if !ok {
		return
	}
	var list []ens.Item
	for _, o := range tp.Upcoming(day, ens.Date(s.o.Clock.Now())) {
		o.Date = time.Time{}
		list = append(list, o)
	}
	f := s.p.Fields
	items := s.items(list)
	for i, it := range list {
		set(items[i].(map[string]any), f.ItemDue, s.p.FormatDate(it.DueDate))
	}
	m := map[string]any{}
	set(m, f.INN, tp.INN)
	set(m, f.Items, items)
	s.writeJSON(w, http.StatusOK, m)
}
