package ui

import (
	"strings"
	"testing"
)

// TestCheckMCHDReal reads a real МЧД through the real backend (no session:
// the check needs no network).
func TestCheckMCHDReal(t *testing.T) {
	info, err := NewBackend(nil).CheckMCHD("testdata/mchd_tax_org_person.xml")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(info.Lines, "\n")
	for _, want := range []string{"Доверенность №", "Доверитель:", "Представитель:"} {
		if !strings.Contains(all, want) {
			t.Errorf("description lacks %q:\n%s", want, all)
		}
	}
	if info.ValidUntil.IsZero() {
		t.Error("no validity")
	}
	if _, err := NewBackend(nil).CheckMCHD("testdata/no-such.xml"); err == nil {
		t.Error("a missing file passed")
	}
}
