package ens_test

import (
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// TestSeedInvariant: for every seeded taxpayer and many periods, the
// closing saldo is the opening saldo plus the operations of the period.
func TestSeedInvariant(t *testing.T) {
	today := ens.MakeDate(2026, time.November, 20)
	for _, tp := range sandbox.SeedTaxpayers() {
		if !ens.ValidINN(tp.INN) || len(tp.Operations) < 36 {
			t.Fatalf("%s: %d operations", tp.INN, len(tp.Operations))
		}
		for from := sandbox.SeedStart; from.Before(today); from = from.AddDate(0, 0, 37) {
			to := from.AddDate(0, 2, 11)
			sum := tp.SaldoAt(from.AddDate(0, 0, -1), today)
			for _, op := range tp.Booked(from, to, today) {
				if op.Date.Before(from) || op.Date.After(to) || op.Date.After(today) || len(op.KBK) != 20 {
					t.Fatalf("%s: %+v outside %s..%s", tp.INN, op, from, to)
				}
				sum += op.Amount
			}
			if sum != tp.SaldoAt(to, today) {
				t.Fatalf("%s %s..%s: %s ≠ %s", tp.INN, from, to, sum, tp.SaldoAt(to, today))
			}
		}
	}
}

// TestSeedDeterministic: the same ИНН always gives the same history.
func TestSeedDeterministic(t *testing.T) {
	a := sandbox.SeedTaxpayer("7799000005", "", "")
	b := sandbox.SeedTaxpayer("7799000005", "", "")
	c := sandbox.SeedTaxpayer("7799000012", "", "")
	if len(a.Operations) != len(b.Operations) || a.Opening != b.Opening {
		t.Fatal("not deterministic")
	}
	for i := range a.Operations {
		if a.Operations[i] != b.Operations[i] {
			t.Fatalf("operation %d differs", i)
		}
	}
	end := ens.MakeDate(2026, time.June, 30)
	if a.SaldoAt(end, end) == c.SaldoAt(end, end) {
		t.Error("different taxpayers have the same saldo")
	}
	// Pinned so that demo data (screenshots, docs) stays the same.
	if got := a.SaldoAt(end, end); got != -51327696 {
		t.Errorf("7799000005 saldo on %s: %s, pinned −513 276,96 ₽", end.Format("2006-01-02"), got.Russian())
	}
}
