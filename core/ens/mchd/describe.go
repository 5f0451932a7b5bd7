package mchd

import (
	"fmt"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// LineKind says what a line of Lines is about.
type LineKind int

// Kinds of lines, in the order Lines gives them.
const (
	LineNumber         LineKind = iota // the number
	LineValidity                       // valid from, until
	LineForTax                         // for the tax authorities
	LineRedelegated                    // a передоверие
	LinePrincipal                      // a principal (доверитель)
	LineSigner                         // who signs for the principal
	LineRepresentative                 // a representative
	LinePowersText                     // the powers as free text
	LinePower                          // a machine-readable power
	LineJoint                          // the representatives act jointly
)

// Line is one fact of a МЧД in both languages.
type Line struct {
	Kind LineKind
	Text i18n.Text
}

// Lines are the facts of the МЧД, one a line, in both languages, for the
// CLI and the GUI: number, validity, principal(s), signer,
// representative(s), powers. Names, positions and the powers' names stay
// as the document writes them.
func (d *Document) Lines() []Line {
	date := func(t interface{ Format(string) string }) string { return t.Format("02.01.2006") }
	var out []Line
	add := func(k LineKind, ru, en string) { out = append(out, Line{k, i18n.Text{RU: ru, EN: en}}) }
	add(LineNumber, "Доверенность № "+d.Number, "Power of attorney No. "+d.Number)
	add(LineValidity, fmt.Sprintf("Действует с %s по %s включительно", date(d.IssueDate), date(d.ValidUntil)),
		fmt.Sprintf("Valid from %s to %s inclusive", date(d.IssueDate), date(d.ValidUntil)))
	if d.ForTax() {
		ru, en := "Для налоговых органов", "For the tax authorities"
		if d.TaxOffice != "" {
			ru += " (код НО " + d.TaxOffice + ")"
			en += " (tax office " + d.TaxOffice + ")"
		}
		add(LineForTax, ru, en)
	}
	if d.Redelegated {
		add(LineRedelegated, "Передоверие", "Redelegation")
	}
	for _, p := range d.Principals {
		add(LinePrincipal, "Доверитель: "+party(p, i18n.RU), "Principal: "+party(p, i18n.EN))
	}
	if s := d.Signer(); s != nil {
		line := s.FullName()
		if s.Position != "" {
			line += ", " + strings.ToLower(s.Position)
		}
		add(LineSigner, "Подписывает за доверителя: "+line, "Signs for the principal: "+line)
	}
	for _, p := range d.Representatives {
		add(LineRepresentative, "Представитель: "+party(p, i18n.RU), "Representative: "+party(p, i18n.EN))
	}
	if d.PowersText != "" {
		add(LinePowersText, "Полномочия (текстом): "+d.PowersText, "Powers (as text): "+d.PowersText)
	}
	for _, p := range d.Powers {
		add(LinePower, "Полномочие "+p.Code+": "+p.Name, "Power "+p.Code+": "+p.Name)
	}
	if d.JointPowers {
		add(LineJoint, "Представители действуют совместно", "The representatives act jointly")
	}
	return out
}

// Describe returns the МЧД in Russian, one line per fact (Lines).
func (d *Document) Describe() []string { return d.DescribeIn(i18n.RU) }

// DescribeIn returns the МЧД in language l, one line per fact (Lines).
func (d *Document) DescribeIn(l i18n.Lang) []string {
	var out []string
	for _, line := range d.Lines() {
		out = append(out, line.Text.In(l))
	}
	return out
}

func party(p Party, l i18n.Lang) string {
	s := p.Name
	if s == "" {
		s = p.Kind.In(l)
	}
	var ids []string
	id := func(ru, en, v string) {
		if v != "" {
			ids = append(ids, i18n.Text{RU: ru, EN: en}.In(l)+" "+v)
		}
	}
	id("ИНН", "INN", p.INN)
	id("КПП", "KPP", p.KPP)
	id("ОГРН", "OGRN", p.OGRN)
	id("СНИЛС", "SNILS", p.SNILS)
	if len(ids) > 0 {
		s += " (" + strings.Join(ids, ", ") + ")"
	}
	return s
}
