package workflow

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

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
	res, err := f.Validate(bytes.NewReader(doc))
	if err != nil {
		var xe *xmlschema.XMLError
		if errors.As(err, &xe) {
			return []Problem{{File: name, Text: i18n.Text{RU: "документ не является корректным XML: " + i18n.MessageIn(i18n.RU, err), EN: "the document is not well-formed XML: " + i18n.MessageIn(i18n.EN, err)}}}, nil
		}
		if errors.Is(err, xsd.ErrNoSchema) {
			return nil, nil
		}
		return nil, err
	}
	var out []Problem
	for _, e := range res.Errors {
		out = append(out, Problem{File: name, Line: e.Line, Col: e.Column, Path: e.Path, Text: i18n.Text{RU: e.MessageRU, EN: e.Message}})
	}
	return out, nil
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
		if len(app.Documents) > 0 || len(app.Attachments) > 0 {
			return []Problem{{Text: i18n.Text{RU: "укажите либо готовый архив, либо файлы заявления", EN: "give either a ready archive or the application's files"}}}
		}
		return checkUserArchive(svc, app)
	}
	if len(app.Documents) == 0 && len(app.Attachments) == 0 {
		return []Problem{{Text: i18n.Text{RU: "в заявлении нет файлов", EN: "the application has no files"}}}
	}
	var signer keystore.Signer
	if s != nil {
		signer = s.signer
	}
	in := make([]archive.Input, 0, len(app.Documents)+len(app.Attachments))
	for _, d := range app.Documents {
		in = append(in, archive.Input{Name: d.Name, Data: d.Data})
	}
	for _, p := range app.Attachments {
		in = append(in, archive.Input{Name: path.Base(strings.ReplaceAll(p, `\`, "/")), Path: p})
	}
	id := app.OrderID
	if id == 0 && archive.NeedsOrderID(svc, in) {
		id = 1000000000 // a stand-in: the real number is reserved after the checks
	}
	err = archive.Check(archive.Spec{Service: svc.Code, Files: in, OrderID: id, Signer: signer})
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
		out = append(out, Problem{File: p.File, Text: i18n.Text{RU: p.CodedError.Localize(i18n.RU), EN: p.CodedError.Localize(i18n.EN)}})
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
	f, err := os.Open(name)
	if err != nil {
		return append(out, Problem{File: name, Text: fileText(name, err)})
	}
	defer f.Close()
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return append(out, prob("файл не является ZIP-архивом или повреждён: упакуйте заявление в ZIP заново", "not a ZIP archive or damaged: pack the application into a ZIP again"))
	}
	names := map[string]*zip.File{}
	for _, e := range zr.File {
		names[e.Name] = e
	}
	for _, cf := range svc.Files {
		if !cf.Required {
			continue
		}
		found := false
		for n := range names {
			if ok, _ := path.Match(cf.Name, n); ok && (cf.Name != "*" || !strings.HasSuffix(n, ".sig")) {
				found = true
				if cf.Kind == xsd.KindTransport || cf.Kind == xsd.KindBusiness {
					if empty(names[n]) {
						out = append(out, prob(fmt.Sprintf("файл %s в архиве пуст: заполните его", n), fmt.Sprintf("file %s in the archive is empty: fill it in", n)))
					}
				}
			}
		}
		if !found && !strings.HasSuffix(cf.Name, ".sig") {
			out = append(out, prob(fmt.Sprintf("в архиве нет обязательного файла %s (%s)", cf.Name, cf.Description), fmt.Sprintf("the archive lacks the required file %s (%s)", cf.Name, cf.Description)))
		}
	}
	if svc.Signed && names["sign_config.xml"] == nil {
		var missing []string
		for n := range names {
			if !strings.HasSuffix(n, ".sig") && names[n+".sig"] == nil && !strings.HasSuffix(n, "/") {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			out = append(out, prob("услуга требует подпись каждого файла, нет подписей: "+strings.Join(sorted(missing), ", ")+" — подпишите их (gosctl sign --many) или отправьте командой gosctl submit",
				"the service requires a signature of every file; missing: "+strings.Join(sorted(missing), ", ")+" — sign them (gosctl sign --many) or send with gosctl submit"))
		}
	}
	return out
}

func empty(f *zip.File) bool {
	if f.UncompressedSize64 == 0 {
		return true
	}
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 4096))
	return len(bytes.TrimSpace(b)) == 0
}

func sorted(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
