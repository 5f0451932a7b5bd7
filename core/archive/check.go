package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/xmldoc"
	"github.com/gosdesk/gosdesk/core/xmlschema"
	"github.com/gosdesk/gosdesk/xsd"
)

// maxXMLSize caps an XML file read into memory (placeholders, validation).
const maxXMLSize = 50 << 20

// probeOrderID stands for the order number in Check when none is reserved
// yet, so the XML can be validated before a number is spent.
const probeOrderID = "1"

// SignConfigName is the file listing several signatures of a document
// (API ЕПГУ v1.13 Прил. 5).
const SignConfigName = "sign_config.xml"

// item is a file of the archive being prepared.
type item struct {
	in   Input
	file xsd.File
	data []byte // content for in-memory (and XML) files, placeholders filled
	size int64
}

// isXMLRole reports whether the catalog treats f as an XML file whose
// content is read (placeholders, validation).
func isXMLRole(f xsd.File) bool {
	return f.Kind == xsd.KindTransport || f.Kind == xsd.KindBusiness || f.Kind == xsd.KindSignConfig ||
		len(f.Schemas) > 0 || f.Rules != ""
}

// prepare runs every check that needs no signing. forPack: the order
// number is required where the XML needs it; otherwise (Check) a probe
// number stands in for an unreserved one.
func prepare(spec Spec, forPack bool) (xsd.Service, []*item, Problems) {
	var probs Problems
	svc, ok := xsd.Lookup(spec.Service)
	if !ok {
		return svc, nil, Problems{newError(CodeUnknownService, "", nil, "%s", spec.Service)}
	}
	if len(spec.Files) == 0 {
		probs = append(probs, newErrorBi(CodeMissingFile, "", nil, "в заявлении нет файлов", "the application has no files"))
	}
	orderID := ""
	if spec.OrderID > 0 {
		orderID = strconv.FormatInt(spec.OrderID, 10)
	} else if spec.OrderID < 0 {
		probs = append(probs, newErrorBi(CodeOrderIDNeeded, "", nil, "номер %d недопустим", "number %d is not valid", spec.OrderID))
	}
	if forPack && orderID == "" && svc.ReserveOrder {
		probs = append(probs, newErrorBi(CodeOrderIDNeeded, "", nil, "услуга %s", "service %s", svc.Code))
	}
	fill := orderID
	if fill == "" && !forPack {
		fill = probeOrderID
	}
	var items []*item
	var infos []xsd.FileInfo
	for _, in := range spec.Files {
		it := &item{in: in}
		it.file, _ = svc.FileFor(in.Name)
		name := in.Name
		lower := strings.ToLower(name)
		if svc.Signed && (strings.HasSuffix(lower, ".sig") || name == SignConfigName) {
			probs = append(probs, newErrorBi(CodeUnexpectedFile, name, nil, "подписи и sign_config.xml создаются при упаковке, не добавляйте их", "signatures and sign_config.xml are made when packing; do not add them"))
			continue
		}
		switch {
		case (in.Path == "") == (in.Data == nil):
			probs = append(probs, newErrorBi(CodeIO, name, nil, "нужен либо путь к файлу, либо его содержимое", "either the file's path or its content is needed"))
			continue
		case in.Data != nil:
			it.data = in.Data
			it.size = int64(len(in.Data))
		default:
			st, err := os.Stat(in.Path)
			if err != nil {
				probs = append(probs, ioError(name, err))
				continue
			}
			if !st.Mode().IsRegular() {
				probs = append(probs, newErrorBi(CodeIO, name, nil, "%s — не обычный файл", "%s is not a regular file", in.Path))
				continue
			}
			it.size = st.Size()
			if isXMLRole(it.file) {
				if it.size > maxXMLSize {
					probs = append(probs, newErrorBi(CodeFileTooLarge, name, nil, "XML больше 50 МБ", "XML larger than 50 MB"))
					continue
				}
				b, err := os.ReadFile(in.Path)
				if err != nil {
					probs = append(probs, ioError(name, err))
					continue
				}
				it.data, it.size = b, int64(len(b))
			}
		}
		// {orderId} and other placeholders of in-memory (XML) content.
		if it.data != nil && bytes.Contains(it.data, []byte(OrderIDPlaceholder)) {
			if fill == "" {
				probs = append(probs, newError(CodeOrderIDNeeded, name, nil, ""))
			} else {
				it.data = xmldoc.Fill(it.data, map[string]string{"orderId": fill})
				it.size = int64(len(it.data))
			}
		}
		if it.data != nil && isXMLRole(it.file) {
			if left := xmldoc.Placeholders(it.data); len(left) > 0 && !(len(left) == 1 && left[0] == "orderId") {
				var names []string
				for _, n := range left {
					if n != "orderId" {
						names = append(names, "{"+n+"}")
					}
				}
				probs = append(probs, newError(CodePlaceholder, name, nil, "%s", strings.Join(names, ", ")))
			}
		}
		head, err := it.head()
		if err != nil {
			probs = append(probs, ioError(name, err))
			continue
		}
		infos = append(infos, xsd.FileInfo{Name: name, Size: it.size, Head: head})
		items = append(items, it)
	}
	for _, p := range svc.CheckFiles(infos) {
		probs = append(probs, fromRule(p))
	}
	// XML against its schema or field rules.
	if !spec.SkipXMLValidation {
		for _, it := range items {
			if it.data == nil || it.size == 0 || !(len(it.file.Schemas) > 0 || it.file.Rules != "") {
				continue
			}
			if p := validateXML(it, spec.Verdicts); p != nil {
				probs = append(probs, p)
			}
		}
	}
	for _, it := range items {
		if it.data != nil && it.size > 0 {
			if p := svc.CheckNameRef(it.in.Name, it.data); p != nil {
				probs = append(probs, fromRule(*p))
			}
		}
	}
	if spec.Dictionary != nil {
		for _, it := range items {
			if it.data != nil && isXMLRole(it.file) {
				probs = append(probs, checkCodes(svc, it, spec.Dictionary)...)
			}
		}
	}
	if svc.Signed && spec.Signer == nil {
		probs = append(probs, newError(CodeNoSigner, "", nil, ""))
	}
	for _, c := range spec.Cosignatures {
		if !svc.Signed {
			probs = append(probs, newErrorBi(CodeUnexpectedFile, c.Document, nil, "услуга %s не принимает подписи", "service %s takes no signatures", svc.Code))
			continue
		}
		if c.Signer == nil {
			probs = append(probs, newErrorBi(CodeNoSigner, c.Document, nil, "дополнительная подпись", "additional signature"))
		}
		found := false
		for _, it := range items {
			found = found || it.in.Name == c.Document
		}
		if !found {
			probs = append(probs, newErrorBi(CodeMissingFile, c.Document, nil, "дополнительная подпись относится к файлу, которого нет в заявлении", "the additional signature is of a file the application lacks"))
		}
		if c.SigName != "" {
			if p := xsd.CheckName(c.SigName); p != nil {
				probs = append(probs, fromRule(*p))
			} else if !strings.HasSuffix(strings.ToLower(c.SigName), ".sig") {
				probs = append(probs, newErrorBi(CodeBadName, c.SigName, nil, "имя файла подписи должно оканчиваться на .sig", "a signature file name must end in .sig"))
			}
		}
	}
	// the signature files Pack will write must not collide
	if svc.Signed {
		taken := map[string]bool{}
		for _, it := range items {
			taken[it.in.Name] = true
		}
		for _, it := range items {
			taken[it.in.Name+".sig"] = true
		}
		for _, c := range spec.Cosignatures {
			if c.SigName == "" {
				continue
			}
			if taken[c.SigName] {
				probs = append(probs, newErrorBi(CodeDuplicate, c.SigName, nil, "такое имя уже занято файлом или подписью", "the name is taken by a file or a signature"))
			}
			taken[c.SigName] = true
		}
	}
	return svc, items, probs
}

// head returns the first bytes of the item's content.
func (it *item) head() ([]byte, error) {
	if it.data != nil {
		if len(it.data) > xsd.SniffLen {
			return it.data[:xsd.SniffLen], nil
		}
		return it.data, nil
	}
	f, err := os.Open(it.in.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, xsd.SniffLen)
	n, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b[:n], nil
}

// open returns the item's content as a stream.
func (it *item) open() (io.ReadCloser, error) {
	if it.data != nil {
		return io.NopCloser(bytes.NewReader(it.data)), nil
	}
	return os.Open(it.in.Path)
}

// validateXML checks an XML file against its schema or field rules (a
// verdict remembered in vs for the same bytes is reused).
func validateXML(it *item, vs *xsd.Verdicts) *Error {
	res, err := vs.Validate(it.file, it.data, &xmlschema.ValidateOptions{MaxErrors: 20})
	switch {
	case xsd.IsNoSchema(err):
		return nil
	case err != nil:
		var xe *xmlschema.XMLError
		if errors.As(err, &xe) {
			return newErrorT(CodeInvalidXML, it.in.Name, nil, i18n.Text{RU: fmt.Sprintf("строка %d, позиция %d: документ не является корректным XML: %s", xe.Line, xe.Column, xe.Text(true)), EN: fmt.Sprintf("line %d, column %d: not well-formed XML: %s", xe.Line, xe.Column, xe.Text(false))})
		}
		return newError(CodeInvalidXML, it.in.Name, err, "")
	case !res.Valid():
		var ru, en []string
		for i, e := range res.Errors {
			if i == 5 {
				ru = append(ru, fmt.Sprintf("и ещё ошибок: %d", len(res.Errors)-5))
				en = append(en, fmt.Sprintf("and %d more", len(res.Errors)-5))
				break
			}
			msg := e.MessageRU
			if msg == "" {
				msg = e.Message
			}
			ru = append(ru, fmt.Sprintf("строка %d, позиция %d (%s): %s", e.Line, e.Column, e.Path, msg))
			en = append(en, fmt.Sprintf("line %d, column %d (%s): %s", e.Line, e.Column, e.Path, e.Message))
		}
		return newErrorT(CodeInvalidXML, it.in.Name, nil, i18n.Text{RU: strings.Join(ru, "; "), EN: strings.Join(en, "; ")})
	}
	return nil
}

// ruleCodes maps xsd attachment-problem kinds to error codes.
var ruleCodes = map[string]ErrorCode{
	xsd.ProblemName:      CodeBadName,
	xsd.ProblemDuplicate: CodeDuplicate,
	xsd.ProblemUnknown:   CodeUnexpectedFile,
	xsd.ProblemMissing:   CodeMissingFile,
	xsd.ProblemCount:     CodeTooManyFiles,
	xsd.ProblemEmpty:     CodeEmptyFile,
	xsd.ProblemSize:      CodeFileTooLarge,
	xsd.ProblemTotal:     CodeArchiveTooLarge,
	xsd.ProblemType:      CodeTypeNotAllowed,
	xsd.ProblemMismatch:  CodeTypeMismatch,
	xsd.ProblemPair:      CodeMissingFile,
	xsd.ProblemNameRef:   CodeInvalidXML,
}

// fromRule turns a catalog problem into an *Error whose text is the
// catalog's message (it names the file and the limit).
func fromRule(p xsd.AttachmentProblem) *Error {
	code, ok := ruleCodes[p.Kind]
	if !ok {
		code = CodeUnexpectedFile
	}
	e := newError(code, p.File, nil, "")
	t := p.Message
	e.text = &t
	return e
}

// checkCodes checks the coded fields of an XML file against the НСИ.
func checkCodes(svc xsd.Service, it *item, has func(code, column, value string) (bool, bool)) Problems {
	vals, err := svc.CodedValues(bytes.NewReader(it.data))
	if err != nil {
		return nil // not well-formed: said by the validation
	}
	var probs Problems
	for _, cv := range vals {
		known, found := false, false
		var names []string
		for _, d := range cv.Dictionaries {
			h, k := has(d.Code, d.Column, cv.Value)
			if !k {
				continue
			}
			known, found = true, found || h
			names = append(names, d.Code+" («"+d.Name+"»)")
		}
		if known && !found {
			list := strings.Join(names, ", ")
			probs = append(probs, newErrorBi(CodeDictionary, it.in.Name, nil,
				"строка %d, позиция %d (%s): значения «%s» нет в справочнике %s", "line %d, column %d (%s): %q is not in dictionary %s",
				cv.Line, cv.Column, cv.Path, cv.Value, list))
		}
	}
	return probs
}
