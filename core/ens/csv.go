package ens

import (
	"encoding/csv"
	"io"
	"strings"
)

// WriteCSV writes the statement as CSV for spreadsheets with Russian
// settings: UTF-8 with a byte-order mark, ';' separators, decimal commas,
// dates as ДД.ММ.ГГГГ. The first row is the header; the opening and closing
// saldo are the first and last rows.
func (s *Statement) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	money := func(k Kopecks) string { return strings.Replace(k.String(), ".", ",", 1) }
	rows := [][]string{
		{"Дата", "Вид", "Наименование", "КБК", "ОКТМО", "Сумма, руб.", "Документ", "ИД"},
		{s.From.In(Moscow).Format("02.01.2006"), "сальдо на начало", "", "", "", money(s.SaldoIn), "", ""},
	}
	for _, op := range s.Operations {
		d := ""
		if !op.Date.IsZero() {
			d = op.Date.In(Moscow).Format("02.01.2006")
		}
		rows = append(rows, []string{d, KindRussian(op.Kind), op.Name, op.KBK, op.OKTMO, money(op.Amount), op.Document, op.ID})
	}
	rows = append(rows, []string{s.To.In(Moscow).Format("02.01.2006"), "сальдо на конец", "", "", "", money(s.SaldoOut), "", ""})
	for _, r := range rows {
		for i, f := range r { // keep spreadsheets from running formulas
			if f != "" && strings.ContainsRune("=+@", rune(f[0])) {
				r[i] = "'" + f
			}
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
