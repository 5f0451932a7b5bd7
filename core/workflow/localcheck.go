package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/xmlschema"
	"github.com/gosdesk/gosdesk/xsd"
)

// Local checks run before anything is sent (issue 13 item 5): a doomed
// send never spends an order number.

func (c *Core) validate(service, name string, doc []byte) ([]Problem, error) {
	svc, err := lookupService(service)
	if err != nil {
		return nil, err
	}
	f, ok := svc.FileFor(name)
	if !ok {
		return nil, inputf("услуга %s не принимает файл %s", "service %s accepts no file %s", service, name)
	}
	// {orderId} is filled with the reserved number when the archive is
	// packed: check the document as it will be sent (columns are given
	// back in the text as it is).
	col := func(line, col int) int { return col }
	if bytes.Contains(doc, []byte(archive.OrderIDPlaceholder)) {
		orig := doc
		doc = bytes.ReplaceAll(doc, []byte(archive.OrderIDPlaceholder), []byte(orderIDStandIn))
		col = func(line, col int) int { return unfilledColumn(orig, line, col) }
	}
	res, err := c.verdicts.Validate(f, doc, nil)
	if err != nil {
		var xe *xmlschema.XMLError
		if errors.As(err, &xe) {
			return []Problem{{File: name, Line: xe.Line, Col: col(xe.Line, xe.Column), Text: i18n.Text{RU: "документ не является корректным XML: " + xe.Text(true), EN: "the document is not well-formed XML: " + xe.Text(false)}}}, nil
		}
		if errors.Is(err, xsd.ErrNoSchema) {
			return nil, nil
		}
		return nil, err
	}
	var out []Problem
	for _, e := range res.Errors {
		out = append(out, Problem{File: name, Line: e.Line, Col: col(e.Line, e.Column), Path: e.Path, Text: i18n.Text{RU: e.MessageRU, EN: e.Message}})
	}
	return out, nil
}

// orderIDStandIn is what validate checks in place of {orderId}: one
// character longer.
const orderIDStandIn = "1000000000"

// unfilledColumn is the column (in characters, as core/xmlschema and xsd
// count them) in doc of column col of line line of doc with every
// {orderId} replaced by orderIDStandIn; a column inside a stand-in is its
// start.
func unfilledColumn(doc []byte, line, col int) int {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(doc, '\n')
		if i < 0 {
			return col
		}
		doc = doc[i+1:]
	}
	if i := bytes.IndexByte(doc, '\n'); i >= 0 {
		doc = doc[:i]
	}
	ph := []byte(archive.OrderIDPlaceholder)
	shift := utf8.RuneCountInString(orderIDStandIn) - utf8.RuneCount(ph)
	at, out := 1, col // at: column in doc of doc[0]; out: col in doc
	for {
		i := bytes.Index(doc, ph)
		if i < 0 {
			return out
		}
		at += utf8.RuneCount(doc[:i]) // the placeholder's column in doc
		filled := at + (col - out)    // and in the filled text
		if col < filled+utf8.RuneCount(ph)+shift {
			if col >= filled {
				out = at
			}
			return out
		}
		out -= shift
		at += utf8.RuneCount(ph)
		doc = doc[i+len(ph):]
	}
}

func (c *Core) check(app Application) []Problem { return c.checkWith(app, nil) }

// checkWith is check with the session's signer (nil: the signer is not
// checked — the GUI checks while the clerk types, before choosing one).
func (c *Core) checkWith(app Application, s *Session) []Problem {
	svc, err := lookupService(app.Service)
	if err != nil {
		return []Problem{{Text: textOf(err)}}
	}
	if app.Archive != "" {
		if len(app.Documents) > 0 || len(app.Attachments) > 0 || len(app.Files) > 0 {
			return []Problem{{Text: i18n.Text{RU: "укажите либо готовый архив, либо файлы заявления", EN: "give either a ready archive or the application's files"}}}
		}
		return checkUserArchive(svc, app)
	}
	if len(app.Documents) == 0 && len(app.Attachments) == 0 && len(app.Files) == 0 {
		return []Problem{{Text: i18n.Text{RU: "в заявлении нет файлов", EN: "the application has no files"}}}
	}
	var signer keystore.Signer
	if s != nil {
		signer = s.signer
		// An expired certificate would be refused by the service after
		// a number was spent: said now, with what to do.
		if err := signer.Certificate().CheckValidity(c.now()); err != nil {
			return []Problem{{Text: i18n.Text{
				RU: i18n.MessageIn(i18n.RU, err) + ": выберите действующий сертификат (Настройки → Сертификат, или --thumbprint/--container/--pfx)",
				EN: i18n.MessageIn(i18n.EN, err) + ": choose a valid certificate (Settings → Certificate, or --thumbprint/--container/--pfx)"}}}
		}
	}
	files, err := attachmentsOf(svc, app)
	if err != nil {
		return []Problem{{Text: textOf(err)}}
	}
	in := make([]archive.Input, 0, len(app.Documents)+len(files))
	for _, d := range app.Documents {
		in = append(in, archive.Input{Name: d.Name, Data: d.Data})
	}
	for _, f := range files {
		in = append(in, archive.Input{Name: f.Name, Path: f.Path})
	}
	id := app.OrderID
	if id == 0 && archive.NeedsOrderID(svc, in) {
		id = 1000000000 // a stand-in: the real number is reserved after the checks
	}
	spec := archive.Spec{Service: svc.Code, Files: in, OrderID: id, Signer: signer, Verdicts: &c.verdicts}
	if s != nil {
		spec.Dictionary = s.dictLookup
	}
	err = archive.Check(spec)
	if err == nil {
		return nil
	}
	var probs archive.Problems
	if !errors.As(err, &probs) {
		var ae *archive.Error
		if errors.As(err, &ae) {
			probs = archive.Problems{ae}
		} else {
			return []Problem{{Text: textOf(err)}}
		}
	}
	var out []Problem
	for _, p := range probs {
		if s == nil && errors.Is(p, archive.ErrNoSigner) {
			continue
		}
		out = append(out, Problem{File: p.File, Text: i18n.Text{RU: p.Message(i18n.RU), EN: p.Message(i18n.EN)}})
	}
	return out
}

func textOf(err error) i18n.Text {
	return i18n.Text{RU: i18n.MessageIn(i18n.RU, err), EN: i18n.MessageIn(i18n.EN, err)}
}

// checkUserArchive checks a ZIP the user made: not empty, a ZIP, the
// catalog's required files present, req.xml not empty, signatures of a
// signed service present; and for a service that wants the order number
// inside the XML, a number reserved beforehand (issue 13 item 2).
func checkUserArchive(svc xsd.Service, app Application) []Problem {
	name := app.Archive
	prob := func(ru, en string) Problem { return Problem{File: name, Text: i18n.Text{RU: ru, EN: en}} }
	st, err := os.Stat(name)
	if err != nil {
		return []Problem{{File: name, Text: fileText(name, err)}}
	}
	if st.IsDir() {
		return []Problem{prob("это папка, а нужен ZIP-архив заявления", "this is a folder, a ZIP archive of the application is needed")}
	}
	if st.Size() == 0 {
		return []Problem{prob("архив пуст (0 байт): отправлять нечего", "the archive is empty (0 bytes): nothing to send")}
	}
	var out []Problem
	if svc.ReserveOrder && app.OrderID == 0 {
		out = append(out, prob(
			fmt.Sprintf("услуге %s нужен номер заявления внутри XML, а номер ещё не зарезервирован: зарезервируйте его (gosctl epgu order create --service %s), впишите в XML и отправьте с --order НОМЕР — или отправьте файлы заявления командой gosctl submit, она сделает это сама", svc.Code, svc.Code),
			fmt.Sprintf("service %s needs the order number inside the XML and none is reserved: reserve one (gosctl epgu order create --service %s), write it into the XML and send with --order ID — or send the application's files with gosctl submit, which does it for you", svc.Code, svc.Code)))
	}
	if err := archive.CheckZip(svc.Code, name); err != nil {
		var probs archive.Problems
		if errors.As(err, &probs) {
			for _, p := range probs {
				out = append(out, Problem{File: p.File, Text: i18n.Text{RU: p.Message(i18n.RU), EN: p.Message(i18n.EN)}})
			}
		} else {
			out = append(out, Problem{File: name, Text: textOf(err)})
		}
	}
	return out
}

// attachmentsOf names every attachment of app as it goes into the
// archive (see Attachment).
func attachmentsOf(svc xsd.Service, app Application) ([]Attachment, error) {
	var out []Attachment
	for _, p := range app.Attachments {
		out = append(out, Attachment{Path: p, Name: path.Base(strings.ReplaceAll(p, `\`, "/"))})
	}
	count := map[string]int{}
	for _, f := range app.Files {
		name := f.Name
		switch {
		case name != "":
		case f.Role != "":
			cf, ok := svc.File(f.Role)
			if !ok {
				return nil, inputf("у услуги %s нет файлов роли %q", "service %s has no files of role %q", svc.Code, f.Role)
			}
			name = cf.ArchiveName(count[f.Role], f.Path)
			count[f.Role]++
		default:
			name = path.Base(strings.ReplaceAll(f.Path, `\`, "/"))
		}
		out = append(out, Attachment{Path: f.Path, Name: name})
	}
	return out, nil
}
