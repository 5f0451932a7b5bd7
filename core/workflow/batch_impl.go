package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
)

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// decodeCSV returns the text of a CSV file: UTF-8 (a BOM is dropped) or,
// when the bytes are not valid UTF-8, Windows-1251 (Excel's «CSV» in a
// Russian locale).
func decodeCSV(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := charmap.Windows1251.NewDecoder().Bytes(b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// sniffComma picks «;» or «,»: whichever occurs more often outside quotes
// in the header line.
func sniffComma(text string) rune {
	line := text
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		line = text[:i]
	}
	semi, comma, inQ := 0, 0, false
	for _, r := range line {
		switch r {
		case '"':
			inQ = !inQ
		case ';':
			if !inQ {
				semi++
			}
		case ',':
			if !inQ {
				comma++
			}
		}
	}
	if comma > semi {
		return ','
	}
	return ';'
}

// normalizeDate turns ДД.ММ.ГГГГ into ГГГГ-ММ-ДД and checks the date;
// ok is false for anything else.
func normalizeDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return v, false
}

func (c *Core) prepareBatch(req BatchRequest) (*Batch, error) {
	svc, err := lookupService(req.Service)
	if err != nil {
		return nil, err
	}
	name := req.RowsName
	if name == "" {
		name = "rows.csv"
	}
	if req.Rows == nil {
		return nil, inputf("нет файла строк (CSV)", "no rows file (CSV)")
	}
	raw, err := io.ReadAll(io.LimitReader(req.Rows, 64<<20))
	if err != nil {
		return nil, fileError(name, err)
	}
	text, err := decodeCSV(raw)
	if err != nil {
		return nil, inputf("%s: кодировка не распознана (нужна UTF-8 или Windows-1251)", "%s: unknown encoding (UTF-8 or Windows-1251 needed)", name)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffComma(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	records, err := r.ReadAll()
	if err != nil {
		if pe, ok := err.(*csv.ParseError); ok {
			return nil, inputf("%s, строка %d: файл CSV повреждён (%v): проверьте кавычки", "%s, row %d: the CSV is damaged (%v): check the quotes", name, pe.Line, pe.Err)
		}
		return nil, inputf("%s: файл CSV не читается: %v", "%s: the CSV cannot be read: %v", name, err)
	}
	if len(records) < 2 {
		return nil, inputf("%s: нет строк с данными (первая строка — заголовок с именами полей)", "%s: no data rows (the first row is a header with field names)", name)
	}
	header := make([]string, len(records[0]))
	for i, h := range records[0] {
		header[i] = strings.TrimSpace(h)
	}
	// Templates: every role of the service that has one (sign_config.xml
	// is made by the packer), or the caller's template for its role.
	type tmpl struct {
		name string
		data []byte
	}
	var tmpls []tmpl
	for _, f := range svc.Files {
		if f.Template == "" || f.Kind == xsd.KindSignConfig {
			continue
		}
		data := svc.Template(f.Role)
		if req.Template != nil && (req.TemplateName == f.Name || req.TemplateName == "" && len(tmpls) == 0) {
			data = req.Template
		}
		tmpls = append(tmpls, tmpl{f.Name, data})
	}
	if len(tmpls) == 0 {
		if req.Template == nil || req.TemplateName == "" {
			return nil, inputf("у услуги %s нет шаблона: укажите шаблон и имя его файла в архиве", "service %s has no template: give a template and its file name in the archive", svc.Code)
		}
		tmpls = append(tmpls, tmpl{req.TemplateName, req.Template})
	}
	defaults := map[string]string{}
	for _, p := range svc.Placeholders {
		defaults[p.Name] = p.Default
	}
	known := map[string]bool{"orderId": true}
	for _, t := range tmpls {
		for _, n := range xsd.Placeholders(t.data) {
			known[n] = true
		}
	}
	b := &Batch{Service: svc.Code}
	for _, h := range header {
		if h != "" && h != req.AttachColumn && !known[h] {
			b.Problems = append(b.Problems, Problem{File: name, Row: 1, Column: h, Text: i18n.Text{
				RU: "такого поля нет в шаблоне услуги (поля: " + strings.Join(sortedKeys(known), ", ") + ")",
				EN: "the service's template has no such field (fields: " + strings.Join(sortedKeys(known), ", ") + ")"}})
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", svc.Code, req.TemplateName)
	h.Write(req.Template)
	h.Write(raw)
	digest := hex.EncodeToString(h.Sum(nil))
	now := c.now()
	for i, rec := range records[1:] {
		row := i + 2
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // an empty line
		}
		if len(rec) != len(header) {
			b.Problems = append(b.Problems, Problem{File: name, Row: row, Text: i18n.Text{
				RU: fmt.Sprintf("%d полей, а в заголовке %d: проверьте разделители (%q)", len(rec), len(header), string(r.Comma)),
				EN: fmt.Sprintf("%d fields, the header has %d: check the separators (%q)", len(rec), len(header), string(r.Comma))}})
			continue
		}
		vals := map[string]string{}
		var attach []string
		bad := false
		for j, v := range rec {
			col := header[j]
			v = strings.TrimSpace(v)
			if col == "" {
				continue
			}
			if col == req.AttachColumn {
				for _, p := range strings.Split(v, "|") {
					if p = strings.TrimSpace(p); p != "" {
						if !filepath.IsAbs(p) && req.AttachDir != "" {
							p = filepath.Join(req.AttachDir, p)
						}
						attach = append(attach, p)
					}
				}
				continue
			}
			if d, ok := defaults[col]; ok && isoDate.MatchString(d) && v != "" {
				nv, ok := normalizeDate(v)
				if !ok {
					b.Problems = append(b.Problems, Problem{File: name, Row: row, Column: col, Text: i18n.Text{
						RU: fmt.Sprintf("«%s» — неверная дата: нужен формат ДД.ММ.ГГГГ или ГГГГ-ММ-ДД (например, 21.06.1989)", v),
						EN: fmt.Sprintf("%q is not a valid date: use DD.MM.YYYY or YYYY-MM-DD (e.g. 21.06.1989)", v)}})
					bad = true
				}
				v = nv
			}
			if v == "" {
				continue // the catalog default applies
			}
			vals[col] = v
		}
		if bad {
			continue
		}
		set := map[string]string{}
		for k, v := range vals {
			set[k] = v
		}
		set["orderId"] = "{orderId}" // kept for the packer: the number is reserved at sending
		values := svc.Values(now, set)
		app := Application{Service: svc.Code, Target: req.Target, Region: req.Region, Attachments: attach, Title: fmt.Sprintf("%s, строка %d", name, row)}
		for _, k := range []string{"guestLastName", "lastName", "fio", "applicantName"} {
			if v := vals[k]; v != "" {
				app.Applicant = v
				if k == "guestLastName" && vals["guestFirstName"] != "" {
					app.Applicant += " " + vals["guestFirstName"]
				}
				break
			}
		}
		for _, t := range tmpls {
			doc, err := xsd.Fill(t.data, values)
			if err != nil {
				b.Problems = append(b.Problems, Problem{File: name, Row: row, Text: textOf(err)})
				bad = true
				break
			}
			app.Documents = append(app.Documents, Document{Name: t.name, Data: doc})
		}
		if bad {
			continue
		}
		for _, p := range c.check(app) {
			p2 := p
			p2.Text = i18n.Text{RU: p.String(), EN: p.String()}
			if p.File != "" {
				p2.Text = i18n.Text{RU: p.File + ": " + p.Text.RU, EN: p.File + ": " + p.Text.EN}
				if p.Line > 0 {
					p2.Text = i18n.Text{RU: fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Col, p.Path, p.Text.RU), EN: fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Col, p.Path, p.Text.EN)}
				}
			} else {
				p2.Text = p.Text
			}
			p2.File, p2.Row, p2.Line, p2.Col, p2.Path = name, row, 0, 0, ""
			b.Problems = append(b.Problems, p2)
		}
		b.Rows = append(b.Rows, BatchRow{Row: row, Values: vals, Application: app})
	}
	b.Estimate = c.estimate(len(b.Rows))
	b.digest, b.rowsName, b.total = digest, name, len(records)-1
	return b, nil
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *Session) runBatch(ctx context.Context, b *Batch) (*BatchReport, error) {
	c := s.core
	if c.store == nil {
		return nil, ErrNoJournal
	}
	if len(b.Problems) > 0 {
		return nil, &ProblemsError{Problems: b.Problems}
	}
	// The same batch run again (after a crash, or by a second click)
	// continues: rows already journalled are resumed, never sent anew.
	id, err := c.store.FindBatch(s.env.Name, b.Service, b.rowsName, b.digest)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		if id, err = c.store.NewBatch(s.env.Name, b.Service, b.rowsName, b.digest, len(b.Rows)); err != nil {
			return nil, err
		}
	}
	b.id = id
	done := map[int]*appRecord{}
	apps, err := c.store.BatchApps(id)
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		done[a.Row] = a
	}
	rep := &BatchReport{}
	for i := range b.Rows {
		row := &b.Rows[i]
		c.emit(Event{Stage: StageBatch, Row: row.Row, Rows: len(b.Rows), Done: int64(i + 1), Total: int64(len(b.Rows)), Service: b.Service,
			Message: fmt.Sprintf(i18n.T("пакет: заявление %d из %d", "batch: application %d of %d"), i+1, len(b.Rows))})
		var res *SubmitResult
		var err error
		if a := done[row.Row]; a != nil {
			row.AppID = a.ID
			if a.State == stateFailed {
				err = failure(a)
			} else {
				res, err = s.run(ctx, a, true)
			}
		} else {
			res, err = s.submitRecord(ctx, row.Application, id, row.Row)
		}
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		out := BatchOutcome{Row: row.Row}
		if res != nil {
			out.AppID, out.OrderID = res.AppID, res.OrderID
			row.AppID = res.AppID
		}
		if err != nil {
			out.Reason = i18n.Message(err)
			rep.Failed++
			if a, _ := c.store.BatchApps(id); a != nil {
				for _, x := range a {
					if x.Row == row.Row {
						out.AppID, out.OrderID = x.ID, x.OrderID
					}
				}
			}
		} else {
			out.Sent = true
			rep.Sent++
		}
		rep.Outcomes = append(rep.Outcomes, out)
	}
	return rep, nil
}

func (r *BatchReport) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write([]string{"строка", "заявление ЕПГУ", "результат", "причина"}); err != nil {
		return err
	}
	for _, o := range r.Outcomes {
		res := "отправлено"
		if !o.Sent {
			res = "не отправлено"
		}
		id := ""
		if o.OrderID != 0 {
			id = strconv.FormatInt(o.OrderID, 10)
		}
		if err := cw.Write([]string{strconv.Itoa(o.Row), id, res, o.Reason}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
