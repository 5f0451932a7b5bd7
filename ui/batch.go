package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/encoding/charmap"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

// Preferences of the Пакет screen.
const (
	prefBatchMapPrefix = "batch.map."    // + digest of a CSV header: column→field pairs
	prefBatchPending   = "batch.pending" // JSON batchJob of a batch not finished
	prefBatchService   = "batch.service"
)

// batchJob is what «Продолжить пакет» needs after a restart: the same
// file, service and mapping give the same batch, which the workflow's
// journal continues (never sending a row twice).
type batchJob struct {
	Service  string `json:"service"`
	CSV      string `json:"csv"`
	Template string `json:"template,omitempty"`
	// Fixes are the values corrected in the preview: CSV row → column →
	// value (the file itself is not rewritten).
	Fixes map[int]map[string]string `json:"fixes,omitempty"`
}

type csvCache struct {
	path string
	recs [][]string
}

// batchScreen is Пакет (гостиницы): a hotel service, its template, a CSV
// of guests with its columns mapped to the template's fields, a preview of
// every application with its verdict, sending with progress, the pacing
// countdown and the report.
type batchScreen struct {
	a *App

	// model
	service   string
	template  string // own template file ("" = the catalog's)
	csvPath   string
	header    []string
	mapping   map[string]string // CSV column → template field ("" = unused)
	batch     *workflow.Batch
	report    *workflow.BatchReport
	rowState  map[int]string // CSV row → last stage in words
	pending   *batchJob
	running   bool
	cancel    context.CancelFunc
	waitTill  time.Time
	current   int // row being sent
	selected  int // CSV row selected in the preview (0 none)
	fixes     map[int]map[string]string
	csvCache  *csvCache // the file's records (names of refused rows)
	fixDialog *dialog.FormDialog

	// widgets
	svcSelect *widget.Select
	tmplLabel *widget.Label
	csvLabel  *widget.Label
	mapBox    *fyne.Container
	checkBtn  *widget.Button
	sendBtn   *widget.Button
	stopBtn   *widget.Button
	resumeBox *fyne.Container
	summary   *widget.Label
	progress  *widget.ProgressBar
	waitLabel *widget.Label
	preview   *widget.List
	reportBtn *widget.Button
	detail    *widget.Label
	fixBtn    *widget.Button
	xmlBtn    *widget.Button
	root      *fyne.Container
}

func newBatchScreen(a *App) *batchScreen {
	b := &batchScreen{a: a, mapping: map[string]string{}, rowState: map[int]string{}}
	p := a.fa.Preferences()
	b.service = p.StringWithFallback(prefBatchService, "10000103652")
	if s := p.String(prefBatchPending); s != "" {
		var j batchJob
		if json.Unmarshal([]byte(s), &j) == nil && j.CSV != "" {
			b.pending = &j
		}
	}
	return b
}

// hotelServices are the catalog's hotel services (group hotels).
func hotelServices() []xsd.Service {
	var out []xsd.Service
	for _, s := range xsd.Services() {
		if s.Group == "hotels" {
			out = append(out, s)
		}
	}
	return out
}

func serviceLabel(s xsd.Service) string {
	name := s.Name
	if i18n.Current() == i18n.EN && s.NameEN != "" {
		name = s.NameEN
	}
	return s.Code + " — " + name
}

// fields are the template's fields of the service, with descriptions.
func (b *batchScreen) fields() []xsd.Placeholder {
	s, _ := xsd.Lookup(b.service)
	return s.Placeholders
}

func (b *batchScreen) build() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(screenTitle(screenBatch), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var opts []string
	sel := ""
	for _, s := range hotelServices() {
		opts = append(opts, serviceLabel(s))
		if s.Code == b.service {
			sel = serviceLabel(s)
		}
	}
	b.svcSelect = widget.NewSelect(opts, func(v string) {
		code, _, _ := strings.Cut(v, " — ")
		if code != b.service {
			b.service = code
			b.a.fa.Preferences().SetString(prefBatchService, code)
			b.batch, b.report = nil, nil
			b.autoMap()
			b.show()
		}
	})
	if sel != "" {
		b.svcSelect.SetSelected(sel)
	}
	b.tmplLabel = widget.NewLabel("")
	b.tmplLabel.Truncation = fyne.TextTruncateEllipsis
	tmplBtn := widget.NewButtonWithIcon(i18n.T("Свой шаблон…", "Own template…"), theme.FileIcon(), b.pickTemplate)
	b.csvLabel = widget.NewLabel("")
	b.csvLabel.Truncation = fyne.TextTruncateEllipsis
	csvBtn := widget.NewButtonWithIcon(i18n.T("Выбрать CSV…", "Choose CSV…"), theme.FolderOpenIcon(), b.pickCSV)
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("Услуга", "Service"), b.svcSelect),
		widget.NewFormItem(i18n.T("Шаблон", "Template"), container.NewBorder(nil, nil, nil, tmplBtn, b.tmplLabel)),
		widget.NewFormItem(i18n.T("Гости (CSV)", "Guests (CSV)"), container.NewBorder(nil, nil, nil, csvBtn, b.csvLabel)),
	)
	b.mapBox = container.NewVBox()
	b.checkBtn = widget.NewButtonWithIcon(i18n.T("Проверить все строки", "Check every row"), theme.ConfirmIcon(), b.prepare)
	b.sendBtn = widget.NewButtonWithIcon(i18n.T("Подписать и отправить все", "Sign and send all"), theme.MailSendIcon(), b.confirmSend)
	b.sendBtn.Importance = widget.HighImportance
	b.stopBtn = widget.NewButtonWithIcon(i18n.T("Остановить", "Stop"), theme.MediaStopIcon(), b.stop)
	b.reportBtn = widget.NewButtonWithIcon(i18n.T("Сохранить отчёт CSV…", "Save the report as CSV…"), theme.DocumentSaveIcon(), b.saveReport)
	resume := widget.NewButtonWithIcon(i18n.T("Продолжить пакет", "Continue the batch"), theme.MediaPlayIcon(), b.resume)
	resume.Importance = widget.WarningImportance
	resumeText := widget.NewLabel("")
	resumeText.Wrapping = fyne.TextWrapWord
	b.resumeBox = container.NewBorder(nil, nil, nil, resume, resumeText)
	b.summary = widget.NewLabel("")
	b.summary.Wrapping = fyne.TextWrapWord
	b.progress = widget.NewProgressBar()
	b.waitLabel = widget.NewLabel("")
	b.waitLabel.Importance = widget.WarningImportance
	b.detail = widget.NewLabel("")
	b.detail.Wrapping = fyne.TextWrapWord
	b.fixBtn = widget.NewButtonWithIcon(i18n.T("Исправить строку…", "Fix the row…"), theme.DocumentCreateIcon(), b.editRow)
	b.xmlBtn = widget.NewButtonWithIcon(i18n.T("Показать заявление", "Show the application"), theme.VisibilityIcon(), b.showXML)
	b.preview = widget.NewList(func() int { return b.rowCount() },
		func() fyne.CanvasObject {
			row := widget.NewLabelWithStyle("Строка 000", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			who := widget.NewLabel("")
			who.Truncation = fyne.TextTruncateEllipsis
			verdict := widget.NewLabel("")
			verdict.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, row, nil, container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(170, who.MinSize().Height), who), nil, verdict))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { b.updateRow(id, o.(*fyne.Container)) })
	b.preview.OnSelected = func(id widget.ListItemID) { b.selectRow(id) }
	left := container.NewBorder(container.NewVBox(form, widget.NewLabelWithStyle(i18n.T("Столбцы файла → поля шаблона", "File columns → template fields"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		container.NewVBox(b.checkBtn), nil, nil, container.NewVScroll(b.mapBox))
	right := container.NewBorder(container.NewVBox(b.resumeBox, b.summary, b.progress, b.waitLabel,
		container.NewHBox(b.sendBtn, b.stopBtn, b.reportBtn)), container.NewVBox(b.detail, container.NewHBox(b.fixBtn, b.xmlBtn)), nil, nil, b.preview)
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	b.root = container.NewBorder(title, nil, nil, nil, split)
	b.show()
	return b.root
}

// rowCount: the rows of the prepared batch plus the rows refused whole
// (a broken line has a problem but no application).
func (b *batchScreen) rowCount() int {
	return len(b.rows())
}

// rows are the CSV rows to preview, in file order.
func (b *batchScreen) rows() []int {
	if b.batch == nil {
		return nil
	}
	seen := map[int]bool{}
	var out []int
	for _, r := range b.batch.Rows {
		if !seen[r.Row] {
			seen[r.Row] = true
			out = append(out, r.Row)
		}
	}
	for _, p := range b.batch.Problems {
		if p.Row > 1 && !seen[p.Row] {
			seen[p.Row] = true
			out = append(out, p.Row)
		}
	}
	// file order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func (b *batchScreen) updateRow(id int, c *fyne.Container) {
	rows := b.rows()
	if id >= len(rows) {
		return
	}
	r := rows[id]
	inner := c.Objects[0].(*fyne.Container)
	rowL := c.Objects[1].(*widget.Label)
	verdict := inner.Objects[0].(*widget.Label)
	who := inner.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	rowL.SetText(i18n.T("Строка ", "Row ") + itoa(r))
	who.SetText(b.rowName(r))
	text, imp := b.verdict(r)
	verdict.Importance = imp
	verdict.SetText(text)
}

// selectRow shows a row's whole verdict under the list.
func (b *batchScreen) selectRow(id int) {
	rows := b.rows()
	if id >= len(rows) {
		return
	}
	b.selected = rows[id]
	b.showRowButtons()
	text, imp := b.verdict(rows[id])
	b.detail.Importance = imp
	b.detail.SetText(i18n.T("Строка ", "Row ") + itoa(rows[id]) + ": " + text)
}

// verdict is a row's state in words: its problems (with the column), its
// sending stage or its outcome.
func (b *batchScreen) verdict(row int) (string, widget.Importance) {
	var probs []string
	for _, p := range b.batch.Problems {
		if p.Row == row {
			t := p.Text.String()
			if p.Column != "" {
				t = i18n.T("столбец ", "column ") + b.columnOf(p.Column) + ": " + t
			}
			probs = append(probs, t)
		}
	}
	if len(probs) > 0 {
		return "✗ " + strings.Join(probs, "; "), widget.DangerImportance
	}
	if b.report != nil {
		for _, o := range b.report.Outcomes {
			if o.Row == row {
				if o.Sent {
					return "✓ " + i18n.T("отправлено, № ", "sent, No. ") + int64s(o.OrderID), widget.SuccessImportance
				}
				return "✗ " + o.Reason, widget.DangerImportance
			}
		}
	}
	if s := b.rowState[row]; s != "" {
		return s, widget.HighImportance
	}
	return "✓ " + i18n.T("готово к отправке", "ready to send"), widget.MediumImportance
}

// columnOf names a template field by the file's column mapped to it, the
// field in brackets: «Дата рождения» (guestBirthDate).
func (b *batchScreen) columnOf(field string) string {
	q := func(s string) string { return i18n.T("«", "“") + s + i18n.T("»", "”") }
	for _, col := range b.header {
		if b.mapping[col] == field && col != field {
			return q(col) + " (" + field + ")"
		}
	}
	return q(field)
}

// rowName is the guest of a CSV row (its applicant), read from the file
// when the row was refused whole and has no application.
func (b *batchScreen) rowName(row int) string {
	if b.batch != nil {
		for _, br := range b.batch.Rows {
			if br.Row == row && br.Application.Applicant != "" {
				return br.Application.Applicant
			}
		}
	}
	vals := b.rowValues(row)
	for _, k := range []string{"guestLastName", "lastName", "fio", "applicantName"} {
		for col, v := range vals {
			if b.mapping[col] == k && strings.TrimSpace(v) != "" {
				name := strings.TrimSpace(v)
				if k == "guestLastName" {
					for c2, v2 := range vals {
						if b.mapping[c2] == "guestFirstName" && strings.TrimSpace(v2) != "" {
							name += " " + strings.TrimSpace(v2)
						}
					}
				}
				return name
			}
		}
	}
	return ""
}

// rowValues are a CSV row's cells by column, with the fixes made in the
// preview.
func (b *batchScreen) rowValues(row int) map[string]string {
	if b.csvPath == "" || row < 2 {
		return nil
	}
	if b.csvCache == nil || b.csvCache.path != b.csvPath {
		raw, err := os.ReadFile(b.csvPath)
		if err != nil {
			return nil
		}
		recs, _, err := readCSV(raw)
		if err != nil {
			return nil
		}
		b.csvCache = &csvCache{path: b.csvPath, recs: recs}
	}
	recs := b.csvCache.recs
	if row > len(recs) {
		return nil
	}
	out := map[string]string{}
	for j, h := range recs[0] {
		col := strings.TrimSpace(h)
		if j < len(recs[row-1]) {
			out[col] = recs[row-1][j]
		}
		if v, ok := b.fixes[row][col]; ok {
			out[col] = v
		}
	}
	return out
}

// show puts the model on the widgets.
func (b *batchScreen) show() {
	if b.summary == nil {
		return
	}
	if b.template == "" {
		b.tmplLabel.SetText(i18n.T("шаблон услуги из каталога", "the service's catalog template"))
	} else {
		b.tmplLabel.SetText(filepath.Base(b.template))
	}
	if b.csvPath == "" {
		b.csvLabel.SetText(i18n.T("не выбран", "none"))
	} else {
		b.csvLabel.SetText(filepath.Base(b.csvPath))
	}
	b.showMapping()
	if b.pending != nil && !b.running {
		b.resumeBox.Objects[0].(*widget.Label).SetText(i18n.T("Пакет из файла ", "The batch from ") + filepath.Base(b.pending.CSV) +
			i18n.T(" не был закончен: программа закрылась во время отправки. Отправленные строки не повторятся.", " was not finished: the app closed while sending. Rows already sent are not sent again."))
		b.resumeBox.Show()
	} else {
		b.resumeBox.Hide()
	}
	switch {
	case b.csvPath == "":
		b.summary.SetText(i18n.T("Выберите услугу и файл CSV с гостями (первая строка — названия столбцов). Каждая строка станет заявлением.",
			"Choose the service and a CSV of guests (the first line names the columns). Each row becomes an application."))
	case b.batch == nil:
		b.summary.SetText(i18n.T("Сопоставьте столбцы с полями шаблона и нажмите «Проверить все строки».", "Map the columns to the template's fields and press Check every row."))
	case b.report != nil:
		b.summary.SetText(fmt.Sprintf(i18n.T("Пакет завершён: отправлено %d, с ошибкой %d.", "The batch is done: %d sent, %d failed."), b.report.Sent, b.report.Failed))
	case len(b.batch.Problems) > 0:
		b.summary.SetText(fmt.Sprintf(i18n.T("Найдено ошибок: %d. Выберите строку и нажмите «Исправить строку…» (или исправьте файл и сопоставление) — пока есть ошибки, пакет не отправляется.",
			"Problems found: %d. Select a row and press Fix the row… (or fix the file and the mapping) — a batch with problems is not sent."), len(b.batch.Problems)))
	case b.running && b.current == 0:
		b.summary.SetText(i18n.T("Отправка начинается…", "Sending starts…"))
	case b.running:
		b.summary.SetText(fmt.Sprintf(i18n.T("Отправка: строка %d.", "Sending: row %d."), b.current))
	default:
		b.summary.SetText(fmt.Sprintf(i18n.T("Все строки в порядке: заявлений %d. Отправка займёт %s (ЕПГУ принимает 20 заявлений за 10 минут).",
			"Every row is fine: %d applications. Sending takes %s (EPGU takes 20 applications per 10 minutes)."), len(b.batch.Rows), aboutWords(b.batch.Estimate)))
	}
	ready := b.batch != nil && len(b.batch.Problems) == 0 && len(b.batch.Rows) > 0 && !b.running && b.report == nil
	setEnabled(b.sendBtn, ready)
	setEnabled(b.checkBtn, b.csvPath != "" && !b.running)
	setEnabled(b.reportBtn, b.report != nil)
	if b.running {
		b.stopBtn.Show()
	} else {
		b.stopBtn.Hide()
	}
	if !b.running {
		b.waitLabel.SetText("")
	}
	b.waitLabel.Hidden = b.waitLabel.Text == "" // no empty line above the buttons
	if b.running || b.report != nil {
		b.progress.Show()
	} else {
		b.progress.Hide()
	}
	b.showRowButtons()
	if b.batch == nil {
		b.detail.SetText("")
	} else if b.detail.Text == "" {
		b.detail.Importance = widget.MediumImportance
		b.detail.SetText(i18n.T("Нажмите на строку, чтобы прочитать её проверку целиком.", "Click a row to read its whole verdict."))
	}
	b.preview.Refresh()
	if b.root != nil {
		b.root.Refresh() // lay out again: the summary may wrap to more lines
	}
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// aboutWords: «около 30 мин», «меньше минуты» (no «около» before it).
func aboutWords(d time.Duration) string {
	if d < time.Minute {
		return durationWords(d)
	}
	return i18n.T("около ", "about ") + durationWords(d)
}

// durationWords: «30 мин», «меньше минуты».
func durationWords(d time.Duration) string {
	if d < time.Minute {
		return i18n.T("меньше минуты", "under a minute")
	}
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return itoa(m) + i18n.T(" мин", " min")
	}
	return itoa(m/60) + i18n.T(" ч ", " h ") + itoa(m%60) + i18n.T(" мин", " min")
}

// showMapping lists the CSV columns, each with the template field it fills.
func (b *batchScreen) showMapping() {
	b.mapBox.RemoveAll()
	if len(b.header) == 0 {
		l := widget.NewLabel(i18n.T("Столбцы появятся после выбора файла CSV.", "The columns appear once a CSV file is chosen."))
		l.Wrapping = fyne.TextWrapWord
		b.mapBox.Add(l)
		return
	}
	none := i18n.T("— не использовать —", "— not used —")
	opts := []string{none}
	byOpt := map[string]string{}
	optOf := map[string]string{}
	for _, f := range b.fields() {
		o := f.Name
		if d := f.DescriptionIn(i18n.Current()); d != "" {
			o = d + " — " + f.Name
		}
		opts = append(opts, o)
		byOpt[o] = f.Name
		optOf[f.Name] = o
	}
	for _, col := range b.header {
		col := col
		s := widget.NewSelect(opts, nil)
		if f := b.mapping[col]; f != "" && optOf[f] != "" {
			s.SetSelected(optOf[f])
		} else {
			s.SetSelected(none)
		}
		s.OnChanged = func(v string) {
			b.mapping[col] = byOpt[v]
			b.batch, b.report = nil, nil
			b.saveMapping()
			b.show()
		}
		name := widget.NewLabel(col)
		name.Truncation = fyne.TextTruncateEllipsis
		b.mapBox.Add(container.NewGridWithColumns(2, name, s))
	}
}

// headerKey names the remembered mapping of a header (same columns in the
// same order = the same file layout).
func headerKey(service string, header []string) string {
	h := sha256.Sum256([]byte(service + "\x00" + strings.Join(header, "\x00")))
	return prefBatchMapPrefix + hex.EncodeToString(h[:8])
}

func (b *batchScreen) saveMapping() {
	var l []string
	for _, c := range b.header {
		l = append(l, c+"="+b.mapping[c])
	}
	b.a.fa.Preferences().SetStringList(headerKey(b.service, b.header), l)
}

// autoMap takes the remembered mapping of this header, else maps each
// column to the field of the same name or description (Russian or English).
func (b *batchScreen) autoMap() {
	b.mapping = map[string]string{}
	if l := b.a.fa.Preferences().StringList(headerKey(b.service, b.header)); len(l) > 0 {
		for _, kv := range l {
			k, v, _ := strings.Cut(kv, "=")
			b.mapping[k] = v
		}
		return
	}
	for _, col := range b.header {
		c := strings.ToLower(strings.TrimSpace(col))
		for _, f := range b.fields() {
			if strings.ToLower(f.Name) == c || (f.Description != "" && strings.ToLower(f.Description) == c) ||
				(f.DescriptionEN != "" && strings.ToLower(f.DescriptionEN) == c) {
				b.mapping[col] = f.Name
				break
			}
		}
	}
}

func (b *batchScreen) pickCSV() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		b.importPath(r.URI().Path())
	}, b.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt"}))
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

func (b *batchScreen) pickTemplate() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		b.template = r.URI().Path()
		b.batch, b.report = nil, nil
		b.show()
	}, b.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xml"}))
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

// importPath takes a CSV (picked or dropped on the window): reads its
// header and maps the columns.
func (b *batchScreen) importPath(path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		showError(b.a.win, &userError{What: i18n.Text{RU: "Файл не открылся: " + filepath.Base(path) + ".", EN: "The file did not open: " + filepath.Base(path) + "."},
			Do: i18n.Text{RU: "Проверьте, что файл существует и доступен, и выберите его снова.", EN: "Check that the file exists and is readable, and choose it again."}, Err: err})
		return
	}
	recs, _, err := readCSV(raw)
	if err != nil || len(recs) == 0 {
		showError(b.a.win, &userError{What: i18n.Text{RU: "Файл " + filepath.Base(path) + " не читается как CSV.", EN: filepath.Base(path) + " is not a readable CSV."},
			Do: i18n.Text{RU: "Сохраните таблицу как «CSV (разделители — точка с запятой)» в UTF-8 или Windows-1251 и выберите снова.", EN: "Save the table as CSV (semicolon-separated), UTF-8 or Windows-1251, and choose it again."}, Err: err})
		return
	}
	b.csvPath = path
	b.csvCache = nil
	b.header = nil
	for _, h := range recs[0] {
		b.header = append(b.header, strings.TrimSpace(h))
	}
	b.batch, b.report = nil, nil
	b.rowState = map[int]string{}
	b.fixes = nil
	b.autoMap()
	b.a.trace("batch csv columns=%d rows=%d", len(b.header), len(recs)-1)
	b.show()
}

// readCSV decodes UTF-8 (BOM dropped) or Windows-1251 and reads the
// records with «;» or «,», whichever the header uses more.
func readCSV(raw []byte) ([][]string, rune, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	text := string(raw)
	if !utf8.Valid(raw) {
		out, err := charmap.Windows1251.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, 0, err
		}
		text = string(out)
	}
	first := text
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		first = text[:i]
	}
	comma := ';'
	if strings.Count(first, ",") > strings.Count(first, ";") {
		comma = ','
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	return recs, comma, err
}

// mappedCSV is the file with its header renamed to the template's fields
// (an unused column gets an empty name, which the workflow skips).
func (b *batchScreen) mappedCSV() ([]byte, error) {
	raw, err := os.ReadFile(b.csvPath)
	if err != nil {
		return nil, err
	}
	recs, comma, err := readCSV(raw)
	if err != nil {
		return nil, err
	}
	for row, fix := range b.fixes {
		if row < 2 || row > len(recs) {
			continue
		}
		rec := recs[row-1]
		for j, h := range recs[0] {
			if v, ok := fix[strings.TrimSpace(h)]; ok && j < len(rec) {
				rec[j] = v
			}
		}
	}
	if len(recs) > 0 {
		for i, h := range recs[0] {
			recs[0][i] = b.mapping[strings.TrimSpace(h)]
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = comma
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (b *batchScreen) request() (workflow.BatchRequest, error) {
	data, err := b.mappedCSV()
	if err != nil {
		return workflow.BatchRequest{}, &userError{What: i18n.Text{RU: "Файл CSV не прочитан.", EN: "The CSV file is not read."},
			Do: i18n.Text{RU: "Проверьте файл и выберите его снова.", EN: "Check the file and choose it again."}, Err: err}
	}
	req := workflow.BatchRequest{Service: b.service, Rows: bytes.NewReader(data), RowsName: filepath.Base(b.csvPath)}
	if b.template != "" {
		t, err := os.ReadFile(b.template)
		if err != nil {
			return req, &userError{What: i18n.Text{RU: "Шаблон не открылся.", EN: "The template did not open."},
				Do: i18n.Text{RU: "Выберите шаблон снова.", EN: "Choose the template again."}, Err: err}
		}
		req.Template = t
	}
	return req, nil
}

// prepare checks every row (nothing is sent).
func (b *batchScreen) prepare() {
	req, err := b.request()
	if err != nil {
		showError(b.a.win, err)
		return
	}
	bt, err := b.a.be.PrepareBatch(req)
	if err != nil {
		showError(b.a.win, err)
		return
	}
	b.batch, b.report = bt, nil
	b.rowState = map[int]string{}
	b.preview.UnselectAll()
	b.selected = 0
	b.detail.SetText("")
	b.a.trace("batch checked rows=%d problems=%d", len(bt.Rows), len(bt.Problems))
	b.a.trace("batch imported rows=%d broken=%d", len(b.rows()), b.brokenRows())
	b.show()
}

// brokenRows counts the rows with a problem.
func (b *batchScreen) brokenRows() int {
	seen := map[int]bool{}
	for _, p := range b.batch.Problems {
		seen[p.Row] = true
	}
	return len(seen)
}

// confirmSend says how many and how long, then sends.
func (b *batchScreen) confirmSend() {
	if b.batch == nil {
		return
	}
	msg := fmt.Sprintf(i18n.T("Подписать и отправить заявлений: %d? Это займёт %s. Окно можно закрыть — при следующем запуске пакет продолжится.",
		"Sign and send %d applications? It takes %s. You may close the window — the batch continues at the next start."), len(b.batch.Rows), aboutWords(b.batch.Estimate))
	d := dialog.NewConfirm(i18n.T("Отправка пакета", "Sending the batch"), msg, func(ok bool) {
		if ok {
			b.send(b.batch)
		}
	}, b.a.win)
	d.SetConfirmText(i18n.T("Подписать и отправить", "Sign and send"))
	d.SetDismissText(i18n.T("Отмена", "Cancel"))
	b.a.keyed(d, func() { d.Hide(); b.send(b.batch) }, d.Hide, nil)
	d.Show()
	b.a.trace("batch confirm shown rows=%d", len(b.batch.Rows))
}

// send runs the batch off the UI goroutine; the job is remembered until
// it ends, so a restart offers «Продолжить пакет».
func (b *batchScreen) send(bt *workflow.Batch) {
	if bt == nil || b.running {
		return
	}
	job := batchJob{Service: b.service, CSV: b.csvPath, Template: b.template, Fixes: b.fixes}
	if j, err := json.Marshal(job); err == nil {
		b.a.fa.Preferences().SetString(prefBatchPending, string(j))
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.running = true
	b.current = 0
	b.pending = nil
	b.progress.SetValue(0)
	b.show()
	env := b.a.shell.status.envName()
	cert := b.a.cert
	b.a.async(func() {
		rep, err := b.a.be.RunBatch(ctx, env, cert, b.a.pinPrompt(), bt)
		b.a.ui.Do(func() {
			b.running = false
			b.cancel = nil
			b.waitTill = time.Time{}
			if err != nil && ctx.Err() != nil {
				// stopped: the job stays, «Продолжить пакет» continues it
				b.pending = &job
				b.report = nil
				b.a.trace("batch stopped")
				b.show()
				return
			}
			if err != nil {
				b.a.trace("batch failed")
				b.show()
				showError(b.a.win, err)
				return
			}
			b.a.fa.Preferences().RemoveValue(prefBatchPending)
			b.report = rep
			b.progress.SetValue(1)
			b.preview.UnselectAll()
			b.detail.SetText("")
			b.a.trace("batch done sent=%d failed=%d", rep.Sent, rep.Failed)
			b.show()
		})
	})
}

func (b *batchScreen) stop() {
	if b.cancel != nil {
		b.cancel()
	}
}

// resume prepares the remembered job again and sends it: the workflow
// finds the batch in the journal and continues its unfinished rows.
func (b *batchScreen) resume() {
	j := b.pending
	if j == nil {
		return
	}
	b.service, b.template = j.Service, j.Template
	b.importPath(j.CSV)
	b.fixes = j.Fixes
	if b.csvPath != j.CSV {
		return // the file is gone: importPath said so
	}
	b.prepare()
	if b.batch != nil && len(b.batch.Problems) == 0 {
		b.send(b.batch)
	}
}

// event follows the batch's progress (UI goroutine).
func (b *batchScreen) event(e workflow.Event) {
	if !b.running || b.summary == nil {
		return
	}
	switch e.Stage {
	case workflow.StageBatch:
		b.current = e.Row
		if e.Total > 0 {
			b.progress.SetValue(float64(e.Done-1) / float64(e.Total))
		}
		b.summary.SetText(fmt.Sprintf(i18n.T("Отправка: заявление %d из %d (строка %d).", "Sending: application %d of %d (row %d)."), e.Done, e.Total, e.Row))
		b.a.trace("batch progress done=%d total=%d row=%d", e.Done, e.Total, e.Row)
	case workflow.StageWait:
		b.a.trace("batch wait seconds=%d", int(e.Wait.Round(time.Second)/time.Second))
		b.waitTill = b.a.now().Add(e.Wait)
		b.tickWait()
		go b.countdown(b.waitTill)
	default:
		if e.Row > 0 {
			w := stageWords(e.Stage)
			if (e.Stage == workflow.StageUpload || e.Stage == workflow.StagePack) && e.Total > 0 {
				w += " " + itoa(int(e.Done*100/e.Total)) + " %" // this row's bytes
			}
			b.rowState[e.Row] = w
			b.preview.Refresh()
			if e.Stage == workflow.StageSent || e.Stage == workflow.StageFailed {
				b.a.trace("batch row %d %s", e.Row, e.Stage)
			}
		}
	}
}

// tickWait shows the pacing pause left, as m:ss.
func (b *batchScreen) tickWait() {
	left := b.waitTill.Sub(b.a.now())
	if left <= 0 || !b.running {
		b.waitLabel.SetText("")
		b.waitLabel.Hide()
		return
	}
	b.waitLabel.Show()
	s := int(left.Round(time.Second) / time.Second)
	b.waitLabel.SetText(fmt.Sprintf(i18n.T("⏳ Пауза по лимиту ЕПГУ (20 заявлений за 10 минут): продолжим через %d:%02d", "⏳ EPGU limit pause (20 applications per 10 minutes): continuing in %d:%02d"), s/60, s%60))
}

// countdown refreshes the pause once a second until it ends (or the
// window is gone: the UI goroutine did not run the tick).
func (b *batchScreen) countdown(till time.Time) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		done := true
		b.a.ui.DoAndWait(func() {
			if !b.waitTill.Equal(till) {
				return
			}
			b.tickWait()
			done = !b.running || !b.a.now().Before(till)
		})
		if done {
			return
		}
	}
}

func stageWords(s workflow.Stage) string {
	switch s {
	case workflow.StageValidate:
		return i18n.T("проверка…", "checking…")
	case workflow.StagePack:
		return i18n.T("упаковка…", "packing…")
	case workflow.StageSign:
		return i18n.T("подпись…", "signing…")
	case workflow.StageReserve:
		return i18n.T("получение номера…", "reserving a number…")
	case workflow.StageUpload:
		return i18n.T("передача…", "uploading…")
	case workflow.StageSent:
		return i18n.T("отправлено", "sent")
	case workflow.StageRetry:
		return i18n.T("повтор после сбоя…", "retrying…")
	case workflow.StageFailed:
		return i18n.T("ошибка", "failed")
	}
	return string(s)
}

// saveReport writes the core's report CSV.
func (b *batchScreen) saveReport() {
	if b.report == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := b.writeReport(w); err != nil {
			showError(b.a.win, err)
		}
	}, b.a.win)
	d.SetFileName(strings.TrimSuffix(filepath.Base(b.csvPath), filepath.Ext(b.csvPath)) + "-отчёт.csv")
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

func (b *batchScreen) writeReport(w io.Writer) error {
	if err := b.report.WriteCSV(w); err != nil {
		return &userError{What: i18n.Text{RU: "Отчёт не записан.", EN: "The report is not written."},
			Do: i18n.Text{RU: "Выберите другую папку или освободите место на диске и повторите.", EN: "Choose another folder or free disk space and try again."}, Err: err}
	}
	b.a.trace("batch report saved")
	return nil
}

// showRowButtons enables «Исправить строку» and «Показать заявление» for
// the selected row.
func (b *batchScreen) showRowButtons() {
	if b.fixBtn == nil {
		return
	}
	sel := b.batch != nil && b.selected > 0 && !b.running
	setEnabled(b.fixBtn, sel && b.report == nil)
	setEnabled(b.xmlBtn, sel && b.rowApp(b.selected) != nil)
}

func (b *batchScreen) rowApp(row int) *workflow.Application {
	if b.batch == nil {
		return nil
	}
	for i := range b.batch.Rows {
		if b.batch.Rows[i].Row == row && len(b.batch.Rows[i].Application.Documents) > 0 {
			return &b.batch.Rows[i].Application
		}
	}
	return nil
}

// editRow opens the selected row's values (the file's columns) for a fix
// in place; the file itself is left as it is.
func (b *batchScreen) editRow() {
	row := b.selected
	raw, err := os.ReadFile(b.csvPath)
	if err != nil || row < 2 {
		return
	}
	recs, _, err := readCSV(raw)
	if err != nil || row > len(recs) {
		return
	}
	var items []*widget.FormItem
	var all []*widget.Entry
	entries := map[string]*widget.Entry{}
	for j, h := range recs[0] {
		col := strings.TrimSpace(h)
		if col == "" || b.mapping[col] == "" {
			continue
		}
		v := ""
		if j < len(recs[row-1]) {
			v = recs[row-1][j]
		}
		if f, ok := b.fixes[row][col]; ok {
			v = f
		}
		e := widget.NewEntry()
		e.SetText(v)
		entries[col] = e
		all = append(all, e)
		fi := widget.NewFormItem(col, e)
		fi.HintText = b.mapping[col]
		items = append(items, fi)
	}
	d := dialog.NewForm(i18n.T("Исправить строку ", "Fix row ")+itoa(row), i18n.T("Сохранить и проверить", "Save and check"), i18n.T("Отмена", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		vals := map[string]string{}
		for col, e := range entries {
			vals[col] = e.Text
		}
		b.applyFix(row, vals)
	}, b.a.win)
	b.a.keyed(d, d.Submit, d.Dismiss, nil)
	for _, e := range all {
		e.OnSubmitted = func(string) { d.Submit() } // Enter in a field saves
	}
	d.Resize(fyne.NewSize(560, 120+float32(len(items))*64))
	d.Show()
	b.fixDialog = d
	b.a.trace("batch fix shown row=%d", row)
	if len(all) > 0 {
		// the first field of a problem column, else the first one
		focus := all[0]
		for _, p := range b.batch.Problems {
			if p.Row != row {
				continue
			}
			for col, e := range entries {
				if b.mapping[col] == p.Column {
					focus = e
				}
			}
			break
		}
		b.a.win.Canvas().Focus(focus)
	}
}

// applyFix keeps the corrected values of a row and checks the batch again.
func (b *batchScreen) applyFix(row int, vals map[string]string) {
	if b.fixes == nil {
		b.fixes = map[int]map[string]string{}
	}
	if b.fixes[row] == nil {
		b.fixes[row] = map[string]string{}
	}
	for k, v := range vals {
		b.fixes[row][k] = strings.TrimSpace(v)
	}
	b.a.trace("batch row %d fixed", row)
	b.prepare()
}

// showXML shows the application generated from the selected row.
func (b *batchScreen) showXML() {
	app := b.rowApp(b.selected)
	if app == nil {
		return
	}
	var parts []string
	for _, d := range app.Documents {
		parts = append(parts, "<!-- "+d.Name+" -->\n"+string(d.Data))
	}
	grid := widget.NewTextGridFromString(strings.Join(parts, "\n\n"))
	d := dialog.NewCustom(i18n.T("Заявление из строки ", "The application of row ")+itoa(b.selected), i18n.T("Закрыть", "Close"), container.NewScroll(grid), b.a.win)
	b.a.keyed(d, d.Hide, d.Hide, nil)
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

// askClose is called when the window is asked to close: while a batch is
// sending it asks first (the default button keeps sending) and returns
// true; closeNow closes the window if the person confirms. The batch then
// stops after the current request and «Продолжить пакет» continues it at
// the next start (the pending job stays in the preferences).
func (b *batchScreen) askClose(closeNow func()) bool {
	if b == nil || !b.running {
		return false
	}
	left := 0
	if b.batch != nil {
		left = len(b.batch.Rows)
		if b.progress != nil {
			left -= int(b.progress.Value * float64(len(b.batch.Rows)))
		}
	}
	msg := fmt.Sprintf(i18n.T("Пакет ещё отправляется (осталось заявлений: %d). Если закрыть программу, отправка остановится, а при следующем запуске её можно продолжить кнопкой «Продолжить пакет» — отправленные строки не повторятся.",
		"The batch is still sending (%d applications left). If you close the app, sending stops; at the next start «Continue the batch» picks it up — rows already sent are not sent again."), left)
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(i18n.T("Закрыть программу во время отправки?", "Close the app while sending?"),
		i18n.T("Закрыть и продолжить позже", "Close, continue later"), i18n.T("Продолжить отправку", "Keep sending"), l, func(ok bool) {
			if !ok {
				b.a.trace("batch close refused")
				return
			}
			b.a.trace("batch close confirmed")
			b.stop()
			closeNow()
		}, b.a.win)
	// Enter keeps sending (closing is never the default), Esc too
	d.SetConfirmImportance(widget.WarningImportance)
	b.a.keyed(d, d.Hide, d.Hide, nil)
	d.Resize(fyne.NewSize(560, 240))
	d.Show()
	b.a.trace("batch close asked")
	return true
}
