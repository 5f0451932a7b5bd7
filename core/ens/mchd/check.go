package mchd

import (
	"slices"
	"strings"
	"time"
)

// Holder identifies the owner of the signing certificate.
type Holder struct {
	PersonalINN string // 12-digit ИНН of the person
	OrgINN      string // ИНН ЮЛ, for an organisation representative
	SNILS       string
	Surname     string
	GivenName   string // имя и отчество, as in the certificate's G attribute
}

// Request is what a МЧД must cover.
type Request struct {
	Holder Holder
	// Date on which the МЧД must be valid (the day of the request).
	Date time.Time
	// PrincipalINN, when set, must be the principal's ИНН.
	PrincipalINN string
	// AnyOfPowers: at least one of these power codes (КодПолн) is needed.
	// Empty means no power check.
	AnyOfPowers []string
}

// Check reports whether d covers r: valid on r.Date (ДатаВыдДовер ≤ date
// ≤ СрокДейст, inclusive, in Moscow time), a representative is r.Holder,
// the principal is r.PrincipalINN and one of the powers is present.
func (d *Document) Check(r Request) error {
	day := civil(r.Date)
	if day.Before(civil(d.IssueDate)) {
		return newError(CodeNotYetValid, nil, "выдана %s", "issued on %s", d.IssueDate.Format("02.01.2006"))
	}
	if day.After(civil(d.ValidUntil)) {
		return newError(CodeExpired, nil, "действовала по %s", "valid until %s", d.ValidUntil.Format("02.01.2006"))
	}
	if d.RepresentativeFor(r.Holder) == nil {
		return newError(CodeRepresentativeMismatch, nil, "в МЧД: %s", "in the MCHD: %s", d.representativeNames())
	}
	if r.PrincipalINN != "" && !slices.ContainsFunc(d.Principals, func(p Party) bool { return p.INN == r.PrincipalINN }) {
		return newError(CodePrincipalMismatch, nil, "запрошен ИНН %s", "INN asked for: %s", r.PrincipalINN)
	}
	if len(r.AnyOfPowers) > 0 && !slices.ContainsFunc(d.Powers, func(p Power) bool { return slices.Contains(r.AnyOfPowers, p.Code) }) {
		return newError(CodeNoPower, nil, "нужно одно из: %s", "one of these is needed: %s", strings.Join(r.AnyOfPowers, ", "))
	}
	return nil
}

func civil(t time.Time) time.Time {
	y, m, dd := t.In(Moscow).Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Moscow)
}

func (d *Document) representativeNames() string {
	var s []string
	for _, p := range d.Representatives {
		s = append(s, p.Name)
	}
	return strings.Join(s, "; ")
}

// RepresentativeFor returns the representative that is h, or nil. Where
// both sides carry an ИНН or a СНИЛС they must be equal; when neither
// identifier can be compared, the ФИО decides.
func (d *Document) RepresentativeFor(h Holder) *Party {
	for i := range d.Representatives {
		if matches(&d.Representatives[i], h) {
			return &d.Representatives[i]
		}
	}
	return nil
}

func matches(p *Party, h Holder) bool {
	switch p.Kind {
	case KindOrg, KindBranch, KindForeignOrg:
		return p.INN != "" && p.INN == h.OrgINN
	}
	compared := false
	if p.INN != "" && h.PersonalINN != "" {
		if p.INN != h.PersonalINN {
			return false
		}
		compared = true
	}
	if s1, s2 := digitsOnly(p.SNILS), digitsOnly(h.SNILS); s1 != "" && s2 != "" {
		if s1 != s2 {
			return false
		}
		compared = true
	}
	if compared {
		return true
	}
	if p.Person == nil || h.Surname == "" {
		return false
	}
	given := strings.TrimSpace(p.Person.Name + " " + p.Person.Patronymic)
	return fold(p.Person.Surname) == fold(h.Surname) && fold(given) == fold(h.GivenName)
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func fold(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.ReplaceAll(s, "ё", "е")
}
