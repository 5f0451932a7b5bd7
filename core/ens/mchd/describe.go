package mchd

import (
	"fmt"
	"strings"
)

// Describe returns the МЧД in Russian, one line per fact, for the CLI and
// the GUI: number, validity, principal(s), signer, representative(s),
// powers.
func (d *Document) Describe() []string {
	date := func(t interface{ Format(string) string }) string { return t.Format("02.01.2006") }
	out := []string{
		"Доверенность № " + d.Number,
		fmt.Sprintf("Действует с %s по %s включительно", date(d.IssueDate), date(d.ValidUntil)),
	}
	if d.ForTax() {
		s := "Для налоговых органов"
		if d.TaxOffice != "" {
			s += " (код НО " + d.TaxOffice + ")"
		}
		out = append(out, s)
	}
	if d.Redelegated {
		out = append(out, "Передоверие")
	}
	for _, p := range d.Principals {
		out = append(out, "Доверитель: "+party(p))
	}
	if s := d.Signer(); s != nil {
		line := "Подписывает за доверителя: " + s.FullName()
		if s.Position != "" {
			line += ", " + strings.ToLower(s.Position)
		}
		out = append(out, line)
	}
	for _, p := range d.Representatives {
		out = append(out, "Представитель: "+party(p))
	}
	if d.PowersText != "" {
		out = append(out, "Полномочия (текстом): "+d.PowersText)
	}
	for _, p := range d.Powers {
		out = append(out, "Полномочие "+p.Code+": "+p.Name)
	}
	if d.JointPowers {
		out = append(out, "Представители действуют совместно")
	}
	return out
}

func party(p Party) string {
	s := p.Name
	if s == "" {
		s = p.Kind.String()
	}
	var ids []string
	if p.INN != "" {
		ids = append(ids, "ИНН "+p.INN)
	}
	if p.KPP != "" {
		ids = append(ids, "КПП "+p.KPP)
	}
	if p.OGRN != "" {
		ids = append(ids, "ОГРН "+p.OGRN)
	}
	if p.SNILS != "" {
		ids = append(ids, "СНИЛС "+p.SNILS)
	}
	if len(ids) > 0 {
		s += " (" + strings.Join(ids, ", ") + ")"
	}
	return s
}
