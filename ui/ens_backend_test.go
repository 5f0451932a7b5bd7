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
	var ru, en []string
	for _, l := range info.Lines {
		ru, en = append(ru, l.RU), append(en, l.EN)
	}
	for l, want := range map[string][]string{
		strings.Join(ru, "\n"): {"Доверенность №", "Доверитель:", "Представитель:"},
		strings.Join(en, "\n"): {"Power of attorney No.", "Principal:", "Representative:"},
	} {
		for _, w := range want {
			if !strings.Contains(l, w) {
				t.Errorf("description lacks %q:\n%s", w, l)
			}
		}
	}
	if len(info.Parties) != 2 || !strings.HasPrefix(info.Parties[0].EN, "Principal: ") || !strings.HasPrefix(info.Parties[1].RU, "Представитель: ") || info.Powers != 2 {
		t.Errorf("parties %v, powers %d", info.Parties, info.Powers)
	}
	if info.ValidUntil.IsZero() {
		t.Error("no validity")
	}
	if _, err := NewBackend(nil).CheckMCHD("testdata/no-such.xml"); err == nil {
		t.Error("a missing file passed")
	}
}
