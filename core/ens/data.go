package ens

import (
	"context"
	"strconv"
	"time"
)

// Balance is the ENS saldo of a taxpayer on a date.
type Balance struct {
	INN, KPP string
	Date     time.Time
	// Saldo: positive is an overpayment (переплата), negative a debt.
	Saldo           Kopecks
	Upcoming        Kopecks // предстоящие платежи
	TotalObligation Kopecks // совокупная обязанность
	Debts           []Item  // breakdown of a negative saldo
}

// Item is an operation, a debt line or an obligation.
type Item struct {
	ID       string
	Date     time.Time // operation date (with offset)
	DueDate  time.Time // obligations: payment deadline
	Kind     string    // wire kind: payment, accrual, penalty, offset, refund, tax…
	Name     string
	KBK      string
	OKTMO    string
	Amount   Kopecks // + increases the saldo (a payment), − decreases it
	Document string
}

// KindRussian names the common kinds for people.
func KindRussian(kind string) string {
	switch kind {
	case "payment":
		return "платёж (ЕНП)"
	case "accrual", "tax":
		return "начисление"
	case "penalty":
		return "пени"
	case "fine":
		return "штраф"
	case "offset":
		return "зачёт"
	case "refund":
		return "возврат"
	}
	return kind
}

// Statement is the operations over a period.
type Statement struct {
	INN        string
	From, To   time.Time
	SaldoIn    Kopecks // saldo before From
	SaldoOut   Kopecks // saldo at the end of To
	Operations []Item
	Pages      int // pages fetched
}

// Reconciles reports whether SaldoOut = SaldoIn + Σ amounts.
func (s *Statement) Reconciles() bool {
	sum := s.SaldoIn
	for _, op := range s.Operations {
		var ok bool
		if sum, ok = sum.Add(op.Amount); !ok {
			return false
		}
	}
	return sum == s.SaldoOut
}

func (c *Client) inn(inn string) (string, error) {
	if inn == "" {
		inn = c.DefaultINN()
	}
	if !ValidINN(inn) {
		return "", localError(CodeINNInvalid, nil, "%q", "%q", inn)
	}
	if c.doc != nil && c.cfg.Mode == ModeRepresentative {
		for _, p := range c.doc.Principals {
			if p.INN == inn {
				return inn, nil
			}
		}
		return "", localError(CodeMCHDMismatch, nil, "ИНН %s — не доверитель по МЧД %s", "INN %s is not the principal of MCHD %s", inn, c.doc.Number)
	}
	return inn, nil
}

// Balance returns the saldo of inn ("" for DefaultINN) on date.
func (c *Client) Balance(ctx context.Context, inn string, date time.Time) (*Balance, error) {
	inn, err := c.inn(inn)
	if err != nil {
		return nil, err
	}
	f := c.p.Fields
	o, err := c.data(ctx, c.p.Balance, &dataReq{inn: inn, params: map[string]string{f.Date: c.p.FormatDate(date)}})
	if err != nil {
		return nil, err
	}
	return c.p.DecodeBalance(o)
}

// DecodeBalance decodes a balance answer (exported for the fuzzer and tools).
func (p *Profile) DecodeBalance(m map[string]any) (*Balance, error) {
	o := obj(m)
	f := p.Fields
	b := &Balance{INN: o.str(f.INN), KPP: o.str(f.KPP)}
	var err error
	if b.Date, err = p.date(o, f.BalanceDate, false); err != nil {
		return nil, err
	}
	if _, ok := o.get(f.Saldo); !ok {
		return nil, localError(CodeProtocol, nil, "нет поля %q", "no field %q", f.Saldo)
	}
	if b.Saldo, err = p.money(o, f.Saldo); err != nil {
		return nil, err
	}
	if b.Upcoming, err = p.money(o, f.Upcoming); err != nil {
		return nil, err
	}
	if b.TotalObligation, err = p.money(o, f.TotalObligation); err != nil {
		return nil, err
	}
	if b.Debts, err = p.items(o, f.Breakdown); err != nil {
		return nil, err
	}
	return b, nil
}

func (p *Profile) items(o obj, path string) ([]Item, error) {
	l, err := o.list(path)
	if err != nil {
		return nil, err
	}
	f := p.Fields
	out := make([]Item, 0, len(l))
	for _, e := range l {
		it := Item{ID: e.str(f.ItemID), Kind: e.str(f.ItemKind), Name: e.str(f.ItemName),
			KBK: e.str(f.ItemKBK), OKTMO: e.str(f.ItemOKTMO), Document: e.str(f.ItemDoc)}
		if _, ok := e.get(f.ItemAmount); !ok {
			return nil, localError(CodeProtocol, nil, "нет поля %q", "no field %q", f.ItemAmount)
		}
		if it.Amount, err = p.money(e, f.ItemAmount); err != nil {
			return nil, err
		}
		if it.Date, err = p.date(e, f.ItemDate, false); err != nil {
			return nil, err
		}
		if it.DueDate, err = p.date(e, f.ItemDue, false); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// maxPages bounds paging against a misbehaving server.
const maxPages = 10000

// Operations returns the operations of inn from from to to (civil dates,
// inclusive), fetching every page.
func (c *Client) Operations(ctx context.Context, inn string, from, to time.Time) (*Statement, error) {
	inn, err := c.inn(inn)
	if err != nil {
		return nil, err
	}
	from, to = Date(from), Date(to)
	if to.Before(from) {
		return nil, localError(CodeDateRangeInvalid, nil, "%s > %s", "%s > %s", from.Format("02.01.2006"), to.Format("02.01.2006"))
	}
	if to.Sub(from) > time.Duration(c.p.MaxPeriod)*24*time.Hour {
		return nil, localError(CodeDateRangeInvalid, nil, "не больше %d дней", "at most %d days", c.p.MaxPeriod)
	}
	f := c.p.Fields
	st := &Statement{INN: inn, From: from, To: to}
	for page := c.p.PageBase; ; page++ {
		o, err := c.data(ctx, c.p.Operations, &dataReq{inn: inn, params: map[string]string{
			f.DateFrom: c.p.FormatDate(from), f.DateTo: c.p.FormatDate(to),
			f.Page: strconv.Itoa(page), f.Size: strconv.Itoa(c.p.PageSize)}})
		if err != nil {
			return nil, err
		}
		ops, total, err := c.p.DecodeOperationsPage(o, st, page == c.p.PageBase)
		if err != nil {
			return nil, err
		}
		st.Operations = append(st.Operations, ops...)
		st.Pages++
		last := len(ops) < c.p.PageSize
		if total > 0 {
			last = page-c.p.PageBase+1 >= total
		}
		if last || len(ops) == 0 {
			break
		}
		if st.Pages >= maxPages {
			return nil, localError(CodeProtocol, nil, "больше %d страниц", "more than %d pages", maxPages)
		}
	}
	return st, nil
}

// DecodeOperationsPage decodes one page of operations; the first page also
// fills SaldoIn/SaldoOut of st. It returns the page's items and the total
// number of pages (0 when the server does not say).
func (p *Profile) DecodeOperationsPage(m map[string]any, st *Statement, first bool) ([]Item, int, error) {
	o := obj(m)
	f := p.Fields
	if first {
		var err error
		if st.SaldoIn, err = p.money(o, f.SaldoIn); err != nil {
			return nil, 0, err
		}
		if st.SaldoOut, err = p.money(o, f.SaldoOut); err != nil {
			return nil, 0, err
		}
	}
	ops, err := p.items(o, f.Items)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	if s := o.str(f.TotalPages); s != "" {
		if total, err = strconv.Atoi(s); err != nil || total < 0 {
			return nil, 0, localError(CodeProtocol, err, "поле %q=%q", "field %q=%q", f.TotalPages, s)
		}
	}
	return ops, total, nil
}

// Obligations returns the obligations (предстоящие платежи) of inn on date.
func (c *Client) Obligations(ctx context.Context, inn string, date time.Time) ([]Item, error) {
	inn, err := c.inn(inn)
	if err != nil {
		return nil, err
	}
	o, err := c.data(ctx, c.p.Obligations, &dataReq{inn: inn, params: map[string]string{c.p.Fields.Date: c.p.FormatDate(date)}})
	if err != nil {
		return nil, err
	}
	return c.p.items(o, c.p.Fields.Items)
}

// DecodeItems decodes a list of items (obligations, debts) under path.
func (p *Profile) DecodeItems(m map[string]any, path string) ([]Item, error) {
	return p.items(obj(m), path)
}

// DecodeObject decodes a JSON object answer (numbers kept exact) for the
// Decode* methods.
func DecodeObject(b []byte) (map[string]any, error) {
	o, err := decodeObject(b)
	return o, err
}
