package journal

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSV export format (documented in README.md): UTF-8 with a byte-order
// mark (so that Excel opens Cyrillic correctly), «;» as the separator (the
// list separator of Russian locales), CRLF line ends, a header row, times
// as local "2006-01-02 15:04:05", fields quoted when they contain «;»,
// quotes or line breaks; text starting with = + - @ is prefixed with an
// apostrophe so that a spreadsheet never runs it as a formula.
var csvHeader = []string{"id", "услуга", "заявитель", "название", "черновик", "среда", "состояние", "номер заявления",
	"код статуса", "статус", "причина ошибки", "пакет", "строка пакета", "создано", "изменено"}

const csvTime = "2006-01-02 15:04:05"

// ExportCSV writes the applications q selects (every page: q.Limit and
// q.Offset are ignored) as CSV to w. It returns the number of rows.
func (j *Journal) ExportCSV(ctx context.Context, w io.Writer, q Query) (int, error) {
	q.Limit, q.Offset = -1, 0
	p, err := j.Search(ctx, q)
	if err != nil {
		return 0, err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return 0, newErr(CodeStorage, "CSV", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return 0, newErr(CodeStorage, "CSV", err)
	}
	for _, s := range p.Items {
		ru, _ := s.State.Title()
		rec := []string{
			strconv.FormatInt(s.ID, 10), cell(s.Service), cell(s.Applicant), cell(s.Title), yesNo(s.Draft), cell(s.Env), ru,
			num(s.OrderID), num(int64(s.StatusID)), cell(s.StatusText), cell(s.Reason.RU), num(s.BatchID), num(int64(s.BatchRow)),
			localTime(s.Created), localTime(s.Updated),
		}
		if err := cw.Write(rec); err != nil {
			return 0, newErr(CodeStorage, "CSV", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, newErr(CodeStorage, "CSV", err)
	}
	return len(p.Items), nil
}

// cell defuses text that a spreadsheet would run as a formula (a guest's
// name from someone else's CSV could be "=HYPERLINK(…)"): a leading
// = + - @ tab or CR gets an apostrophe, which Excel and LibreOffice show
// as text and do not display.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "да"
	}
	return "нет"
}

func num(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(csvTime)
}
