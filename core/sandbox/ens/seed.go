package ens

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
)

// Taxpayer is a taxpayer known to the sandbox with its ENS history.
type Taxpayer struct {
	INN, KPP, Name string
	// Opening is the saldo before the first operation.
	Opening Kopecks
	// Operations are every operation, sorted by date; those after the
	// sandbox's "today" are not booked yet and show as obligations.
	Operations []ens.Item
}

// Kopecks is ens.Kopecks.
type Kopecks = ens.Kopecks

// KBKs used by the seed data.
const (
	KBKENP         = "18201061201010000510" // единый налоговый платёж
	KBKNDFL        = "18210102010011000110"
	KBKNDFLPenalty = "18210102010012100110"
	KBKVAT         = "18210301000011000110"
	OKTMO          = "45380000"
)

// SeedStart and SeedEnd bound the generated history.
var (
	SeedStart = ens.MakeDate(2025, time.January, 1)
	SeedEnd   = ens.MakeDate(2027, time.December, 31)
)

// SeedTaxpayers returns the deterministic demo taxpayers: two companies and
// two individuals with checksum-valid test ИНН (ens.md §2.3). The same ИНН
// always gives the same history.
func SeedTaxpayers() []Taxpayer {
	return []Taxpayer{
		SeedTaxpayer("7799000005", "779901001", `ООО "ПЕСОЧНИЦА"`),
		SeedTaxpayer("7799000012", "779901001", `АО "ТЕСТОВЫЙ КОНТУР"`),
		SeedTaxpayer("779900000028", "", "ИП ПРИМЕРОВА А. Т."),
		SeedTaxpayer("779900000109", "", "ТЕСТОВ Т. Т."),
	}
}

// SeedTaxpayer generates a taxpayer's history from its ИНН: every month an
// НДФЛ accrual on the 28th and a ЕНП payment on the 25th; quarterly VAT
// accruals; penalties when the saldo goes negative; a зачёт in December.
func SeedTaxpayer(inn, kpp, name string) Taxpayer {
	h := fnv.New64a()
	h.Write([]byte(inn))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x454e53))
	tp := Taxpayer{INN: inn, KPP: kpp, Name: name, Opening: Kopecks(r.Int64N(2_000_000_00)) - 1_000_000_00}
	n := 0
	add := func(d time.Time, kind, nm, kbk string, amount Kopecks, doc string) {
		n++
		tp.Operations = append(tp.Operations, ens.Item{ID: fmt.Sprintf("op-%s-%05d", inn, n), Date: d,
			DueDate: d, Kind: kind, Name: nm, KBK: kbk, OKTMO: OKTMO, Amount: amount, Document: doc})
	}
	saldo := tp.Opening
	for m := SeedStart; !m.After(SeedEnd); m = m.AddDate(0, 1, 0) {
		ndfl := Kopecks(r.Int64N(150_000_00) + 10_000_00)
		pay := ndfl + Kopecks(r.Int64N(40_000_00)) - 20_000_00
		pd := m.AddDate(0, 0, 24)
		add(pd, "payment", "Единый налоговый платёж", KBKENP, pay,
			fmt.Sprintf("платёжное поручение № %d от %s", 100+n, pd.AddDate(0, 0, -1).Format("02.01.2006")))
		saldo += pay
		ad := m.AddDate(0, 0, 27)
		add(ad, "accrual", "НДФЛ", KBKNDFL, -ndfl, "уведомление об исчисленных суммах (КНД 1110355)")
		saldo -= ndfl
		if m.Month()%3 == 1 {
			vat := Kopecks(r.Int64N(300_000_00) + 1_00)
			add(ad, "accrual", "НДС", KBKVAT, -vat, "декларация по НДС")
			saldo -= vat
		}
		if saldo < 0 {
			pen := -saldo / 300 // 1/300 of the debt, a rough month of penalties
			if pen > 0 {
				add(m.AddDate(0, 1, -1), "penalty", "Пени по НДФЛ", KBKNDFLPenalty, -pen, "")
				saldo -= pen
			}
		}
		if m.Month() == time.December && saldo > 0 {
			add(m.AddDate(0, 0, 29), "offset", "Зачёт в счёт будущих обязанностей", KBKENP, -saldo/10, "решение о зачёте")
			saldo -= saldo / 10
		}
	}
	sort.SliceStable(tp.Operations, func(i, j int) bool { return tp.Operations[i].Date.Before(tp.Operations[j].Date) })
	return tp
}

// SaldoAt is the saldo at the end of civil day d, counting operations up
// to min(d, today).
func (t *Taxpayer) SaldoAt(d, today time.Time) Kopecks {
	s := t.Opening
	for _, op := range t.Operations {
		if op.Date.After(d) || op.Date.After(today) {
			break
		}
		s += op.Amount
	}
	return s
}

// Booked returns the operations dated in [from, to] and not after today.
func (t *Taxpayer) Booked(from, to, today time.Time) []ens.Item {
	var out []ens.Item
	for _, op := range t.Operations {
		if op.Date.Before(from) {
			continue
		}
		if op.Date.After(to) || op.Date.After(today) {
			break
		}
		out = append(out, op)
	}
	return out
}

// Upcoming returns the accruals due after day (and after today) within 92
// days: the obligations the taxpayer will have to pay.
func (t *Taxpayer) Upcoming(day, today time.Time) []ens.Item {
	start := day
	if today.After(start) {
		start = today
	}
	var out []ens.Item
	for _, op := range t.Operations {
		if op.Amount < 0 && op.Kind == "accrual" && op.Date.After(start) && !op.Date.After(start.AddDate(0, 0, 92)) {
			out = append(out, op)
		}
	}
	return out
}
