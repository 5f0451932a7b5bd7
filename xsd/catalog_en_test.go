package xsd

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func hasCyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// english reports what is wrong with the English twin en of a text: it
// must be there and hold no Cyrillic letter.
func english(t *testing.T, where, en string) {
	t.Helper()
	switch {
	case strings.TrimSpace(en) == "":
		t.Errorf("%s: no English text", where)
	case hasCyrillic(en):
		t.Errorf("%s: Russian in the English text %q", where, en)
	}
}

// Every text of the catalog a person reads has an English twin, with no
// Russian in it; in Russian the accessors give the catalog's own texts.
func TestCatalogIsBilingual(t *testing.T) {
	for _, s := range Services() {
		english(t, s.Code+" name", s.NameIn(i18n.EN))
		english(t, s.Code+" agency", s.AgencyIn(i18n.EN))
		if s.NameIn(i18n.RU) != s.Name || s.AgencyIn(i18n.RU) != s.Agency {
			t.Errorf("%s: the Russian name or agency changed", s.Code)
		}
		if !slices.Equal(s.ApplicantsIn(i18n.RU), s.Applicants) {
			t.Errorf("%s: Russian applicants %v", s.Code, s.ApplicantsIn(i18n.RU))
		}
		for i, a := range s.ApplicantsIn(i18n.EN) {
			english(t, s.Code+" applicant "+s.Applicants[i], a)
		}
		if len(s.NotesEN) != len(s.Notes) {
			t.Errorf("%s: %d notes, %d in English", s.Code, len(s.Notes), len(s.NotesEN))
		}
		for i, n := range s.NotesIn(i18n.EN) {
			english(t, s.Code+" note "+string(rune('1'+i)), n)
		}
		if !slices.Equal(s.NotesIn(i18n.RU), s.Notes) {
			t.Errorf("%s: Russian notes changed", s.Code)
		}
		for _, f := range s.Files {
			english(t, s.Code+" file "+f.Role, f.DescriptionIn(i18n.EN))
			if f.DescriptionIn(i18n.RU) != f.Description {
				t.Errorf("%s file %s: Russian description changed", s.Code, f.Role)
			}
			if f.Limits != nil {
				if f.Limits.NameHint != "" {
					english(t, s.Code+" file "+f.Role+" name hint", f.Limits.NameHintEN)
				}
				english(t, s.Code+" file "+f.Role+" limits", f.Limits.Describe().EN)
			}
		}
		for _, p := range s.Placeholders {
			english(t, s.Code+" field "+p.Name, p.DescriptionIn(i18n.EN))
			if p.DescriptionIn(i18n.RU) != p.Description {
				t.Errorf("%s field %s: Russian description changed", s.Code, p.Name)
			}
		}
		for _, st := range s.Statuses {
			english(t, s.Code+" status "+st.Title, st.TitleIn(i18n.EN))
			if st.TitleIn(i18n.RU) != st.Title {
				t.Errorf("%s status %d: Russian title changed", s.Code, st.ID)
			}
		}
	}
}
