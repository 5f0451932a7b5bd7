package sandbox

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gosdesk/gosdesk/core/xmlschema"
	"github.com/gosdesk/gosdesk/xsd"
)

// maxRead caps the bytes of one archive file read for checks.
const maxRead = 200 << 20

// verdict is the outcome of the gu-smev checks of an archive: a state of
// spec v1.13 Прил. 1 (StateDone when everything passed) and, for a failure,
// what failed (shown in the "message" of the order details envelope).
type verdict struct {
	State  string
	Detail string
}

// archiveFile is one entry of an uploaded archive with its catalog role.
type archiveFile struct {
	zf   *zip.File
	name string
	file xsd.File // zero Role: not in the catalog (accepted, not checked)
}

func (f *archiveFile) read(limit int64) ([]byte, error) {
	rc, err := f.zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = errors.New("файл слишком велик")
	}
	return b, err
}

// ArchiveReport is the outcome of the sandbox's archive checks: the
// gu-smev state (spec v1.13 Прил. 1; StateDone when everything passed) and
// every problem found, in Russian, in check order.
type ArchiveReport struct {
	State    string
	Problems []string
}

// CheckArchive runs the sandbox's gu-smev checks (see checkArchive) on the
// ZIP at path for the catalog service serviceCode and the order number
// orderID, verifying signatures with v. Clients test their archives against
// it (core/archive packs archives this checker accepts). An unknown service
// code is an error.
func CheckArchive(path, serviceCode string, orderID int64, v Verifier) (ArchiveReport, error) {
	sv := findService(serviceCode)
	if sv == nil {
		return ArchiveReport{}, fmt.Errorf("sandbox: service %s is not in the catalog", serviceCode)
	}
	c := &archiveCheck{sv: sv, orderID: orderID, verifier: v}
	c.run(path)
	return ArchiveReport{State: c.state(), Problems: c.texts()}, nil
}

// checkArchive runs the gu-smev checks of an uploaded archive against the
// service catalog (xsd/), in the order of spec v1.13 §2.1.3 and Прил. 1,
// and reports every problem at once (the details "message" lists them
// all, "; "-separated); the state is that of the earliest check that
// failed:
//
//   - a readable, flat ZIP (no folders, no nested archives):
//     INVALID_FILES_STRUCTURE;
//   - the catalog's required files: the transport file (REQ_NOT_FOUND), the
//     business-data file (MPC_NOT_FOUND), other required files such as the
//     Госключ documents (VALIDATION_ERROR);
//   - the catalog's machine-readable file rules (xsd.Service.CheckFiles:
//     names, empty files, size per file and per archive, files per role,
//     allowed types by magic bytes and extension): VALIDATION_ERROR;
//   - every XML file whose role has a schema (or, where the official schema
//     is not public, the catalog's field rules) is validated with
//     xsd.File.Validate, and its coded fields whose type the catalog maps
//     to an НСИ dictionary (xsd.Service.CodedValues) must be items of the
//     sandbox's dictionaries (nsi.go), and a file that names its pair
//     (СФР ApplicationFileName) must name it (xsd.Service.CheckNameRef):
//     VALIDATION_ERROR. Прил. 1 defines
//     VALIDATION_ERROR as "проверки переданных вложений в валидаторах,
//     соответствующих конфигурации конкретной услуги" — the closest
//     documented answer for an XML that breaks its schema. Appendix 4 has no
//     code for it: /push answers 200 at once and the verdict arrives
//     asynchronously as the "code"/"message" of the §2.4 details envelope
//     (digest §12.5);
//   - the order number in the element the catalog names (OrderIDElement):
//     REQ_VERIFY_FAILED;
//   - for signed services, the signatures (see checkSignatures):
//     FILES_VERIFICATION_FAILED.
//
// It returns the attachment list of the portal order and the verdict.
func (s *Server) checkArchive(o *order, sv *service, archive string) ([]fileEntry, verdict) {
	c := &archiveCheck{sv: sv, orderID: o.ID, verifier: s.verifier}
	files := c.run(archive)
	st := c.state()
	v := verdict{State: st, Detail: strings.Join(c.texts(), "; ")}
	if st != StateDone && st != StateFilesVerificationFailed {
		files = nil
	}
	return files, v
}

// stateRank orders the failure states by the check that finds them.
var stateRank = map[string]int{
	StateInvalidFilesStructure: 1, StateReqNotFound: 2, StateMPCNotFound: 3,
	StateValidationError: 4, StateReqVerifyFailed: 5, StateFilesVerificationFailed: 6,
}

type problem struct{ state, text string }

// archiveCheck collects the problems of one archive.
type archiveCheck struct {
	sv       *service
	orderID  int64
	verifier Verifier
	byName   map[string]*archiveFile
	names    []string
	probs    []problem
}

func (c *archiveCheck) add(state, format string, a ...any) {
	c.probs = append(c.probs, problem{state, fmt.Sprintf(format, a...)})
}

// state is the state of the earliest failed check, StateDone if none.
func (c *archiveCheck) state() string {
	best := StateDone
	for _, p := range c.probs {
		if best == StateDone || stateRank[p.state] < stateRank[best] {
			best = p.state
		}
	}
	return best
}

func (c *archiveCheck) texts() []string {
	var out []string
	for _, p := range c.probs {
		out = append(out, p.text)
	}
	return out
}

// run checks the archive and returns its attachment list.
func (c *archiveCheck) run(archive string) []fileEntry {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		c.add(StateValidationError, "архив не читается как ZIP")
		return nil
	}
	defer zr.Close()
	sv := c.sv
	c.byName = map[string]*archiveFile{}
	var infos []xsd.FileInfo
	for _, zf := range zr.File {
		n := zf.Name
		lower := strings.ToLower(n)
		if strings.ContainsAny(n, `/\`) || zf.FileInfo().IsDir() {
			c.add(StateInvalidFilesStructure, "%s: вложенная папка", n)
			continue
		}
		nested := false
		for _, ext := range []string{".zip", ".rar", ".7z", ".tar", ".gz"} {
			if strings.HasSuffix(lower, ext) {
				c.add(StateInvalidFilesStructure, "%s: вложенный архив", n)
				nested = true
				break
			}
		}
		if nested {
			continue
		}
		if _, dup := c.byName[n]; dup {
			c.add(StateValidationError, "%s: имя повторяется", n)
			continue
		}
		af := &archiveFile{zf: zf, name: n}
		af.file, _ = sv.FileFor(n)
		c.byName[n] = af
		c.names = append(c.names, n)
		head, _ := af.read(xsd.SniffLen)
		if len(head) > xsd.SniffLen {
			head = head[:xsd.SniffLen]
		}
		infos = append(infos, xsd.FileInfo{Name: n, Size: int64(zf.UncompressedSize64), Head: head})
	}
	sort.Strings(c.names)
	if len(c.names) == 0 {
		if len(c.probs) == 0 {
			c.add(StateValidationError, "архив пуст")
		}
		return nil
	}
	c.checkRequired()
	// The catalog's file rules; missing files were reported above, files
	// the catalog does not name are accepted (not checked), duplicates
	// were reported above.
	for _, p := range sv.CheckFiles(infos) {
		switch p.Kind {
		case xsd.ProblemMissing, xsd.ProblemUnknown, xsd.ProblemDuplicate:
			continue
		}
		c.add(StateValidationError, "%s", p.Message.RU)
	}
	c.checkXML()
	sigs := signaturePlan{}
	if sv.Signed {
		sigs = c.checkSignatures()
	}
	var files []fileEntry
	for _, n := range c.names {
		if strings.HasSuffix(strings.ToLower(n), ".sig") || sigs.isSignature[n] {
			continue
		}
		af := c.byName[n]
		_, hasSig := c.byName[n+".sig"]
		files = append(files, fileEntry{Name: n, Mnemonic: n, Size: int64(af.zf.UncompressedSize64),
			Request: af.file.Kind == xsd.KindTransport, MimeType: mimeByName(n), Signed: hasSig || sigs.signed[n]})
	}
	if len(files) == 0 {
		c.add(StateValidationError, "в архиве только подписи")
	}
	return files
}

// checkRequired finds the catalog's required files: transport
// (REQ_NOT_FOUND), business data (MPC_NOT_FOUND), the others
// (VALIDATION_ERROR); every missing one is reported.
func (c *archiveCheck) checkRequired() {
	has := func(role string) bool {
		for _, n := range c.names {
			if c.byName[n].file.Role == role {
				return true
			}
		}
		return false
	}
	for _, kind := range []string{xsd.KindTransport, xsd.KindBusiness, xsd.KindAttachment} {
		for _, f := range c.sv.Files {
			if !f.Required || f.Kind != kind || has(f.Role) {
				continue
			}
			switch {
			case kind == xsd.KindTransport:
				c.add(StateReqNotFound, "нет файла %s", f.Name)
			case kind == xsd.KindBusiness:
				c.add(StateMPCNotFound, "нет файла %s", f.Name)
			case strings.HasSuffix(f.Name, ".sig"):
				// signatures: FILES_VERIFICATION_FAILED below
			case strings.ContainsAny(f.Name, "*?["):
				c.add(StateValidationError, "нет обязательных файлов: %s", f.Description)
			default:
				c.add(StateValidationError, "нет обязательного файла %s (%s)", f.Name, f.Description)
			}
		}
	}
}

// checkXML validates the XML files the catalog describes, checks their
// coded fields against the НСИ dictionaries and the order number inside
// them.
func (c *archiveCheck) checkXML() {
	id := strconv.FormatInt(c.orderID, 10)
	for _, n := range c.names {
		af := c.byName[n]
		f := af.file
		xmlRole := f.Kind == xsd.KindTransport || f.Kind == xsd.KindBusiness || f.Kind == xsd.KindSignConfig || len(f.Schemas) > 0 || f.Rules != ""
		if !xmlRole {
			continue
		}
		data, err := af.read(maxRead)
		if err != nil {
			c.add(StateValidationError, "%s: %v", n, err)
			continue
		}
		res, err := f.Validate(bytes.NewReader(data))
		switch {
		case xsd.IsNoSchema(err):
			// nothing published to check against: well-formedness only
			if !wellFormed(data) {
				c.add(StateValidationError, "%s: XML-документ сформирован некорректно", n)
				continue
			}
		case err != nil:
			var xe *xmlschema.XMLError
			if errors.As(err, &xe) {
				c.add(StateValidationError, "%s:%d:%d: XML-документ сформирован некорректно: %s", n, xe.Line, xe.Column, xe.Text(true))
			} else {
				c.add(StateValidationError, "%s: %v", n, err)
			}
			continue
		case !res.Valid():
			e := res.Errors[0]
			msg := e.MessageRU
			if msg == "" {
				msg = e.Message
			}
			more := ""
			if k := len(res.Errors) - 1; k > 0 || res.Truncated {
				more = fmt.Sprintf(" (и ещё ошибок: %d)", k)
			}
			c.add(StateValidationError, "%s:%d:%d: %s: %s%s", n, e.Line, e.Column, e.Path, msg, more)
		}
		c.checkCodes(n, data)
		if p := c.sv.CheckNameRef(n, data); p != nil {
			c.add(StateValidationError, "%s", p.Message.RU)
		}
		if f.OrderIDElement != "" {
			if v, ok := elementText(data, f.OrderIDElement); ok && strings.TrimSpace(v) != id {
				c.add(StateReqVerifyFailed, "%s: %s = %q, номер заявления %s", n, f.OrderIDElement, strings.TrimSpace(v), id)
			}
		}
	}
}

// checkCodes checks the coded fields of an XML file against the sandbox's
// НСИ dictionaries (issue 13 item 18): a value must be an item (its value,
// or the column the catalog names) of one of the dictionaries the catalog
// maps the field's type to. Dictionaries the sandbox does not hold are
// not checked.
func (c *archiveCheck) checkCodes(name string, data []byte) {
	vals, err := c.sv.CodedValues(bytes.NewReader(data))
	if err != nil {
		return // well-formedness was reported by the validation
	}
	for _, cv := range vals {
		known, found := false, false
		var codes []string
		for _, d := range cv.Dictionaries {
			has, ok := DictionaryHas(d.Code, d.Column, cv.Value)
			if !ok {
				continue
			}
			known = true
			found = found || has
			codes = append(codes, d.Code+" («"+d.Name+"»)")
		}
		if known && !found {
			c.add(StateValidationError, "%s:%d:%d: %s: значения %q нет в справочнике %s", name, cv.Line, cv.Column, cv.Path, cv.Value, strings.Join(codes, " или "))
		}
	}
}

// signaturePlan says which archive files are signatures (named in
// sign_config.xml) and which documents are signed.
type signaturePlan struct {
	isSignature map[string]bool
	signed      map[string]bool
}

// checkSignatures verifies the signatures of a signed service (spec v1.13
// §2.1.3, §2.1.4, Прил. 5): every file needs the detached signature
// "<file>.sig", except the documents sign_config.xml lists, whose
// signatures are the files named in its signFileName elements (several per
// document); every signature is verified by the Verifier (GOST CAdES-BES
// chaining to the sandbox test CA). Every missing or failing signature is
// reported (FILES_VERIFICATION_FAILED); a sign_config.xml naming a document
// the archive lacks: VALIDATION_ERROR. sign_config.xml itself needs no
// signature (its "<file>.sig" is verified when present).
func (c *archiveCheck) checkSignatures() signaturePlan {
	plan := signaturePlan{isSignature: map[string]bool{}, signed: map[string]bool{}}
	multi := map[string][]string{} // document → its signature files
	var configName string
	for _, n := range c.names {
		if c.byName[n].file.Kind != xsd.KindSignConfig {
			continue
		}
		configName = n
		data, err := c.byName[n].read(maxRead)
		if err != nil {
			c.add(StateValidationError, "%s: %v", n, err)
			continue
		}
		var cfg signConfig
		if err := xml.Unmarshal(data, &cfg); err != nil {
			c.add(StateValidationError, "%s: %v", n, err)
			continue
		}
		for _, d := range cfg.Documents {
			doc := strings.TrimSpace(d.FileName)
			if _, ok := c.byName[doc]; !ok {
				c.add(StateValidationError, "%s: документа %s нет в архиве", n, doc)
				continue
			}
			for _, sd := range d.Signs {
				sig := strings.TrimSpace(sd.FileName)
				multi[doc] = append(multi[doc], sig)
				plan.isSignature[sig] = true
			}
		}
	}
	for _, n := range c.names {
		if strings.HasSuffix(strings.ToLower(n), ".sig") || plan.isSignature[n] {
			continue
		}
		af := c.byName[n]
		sigs := multi[n]
		if own := n + ".sig"; c.byName[own] != nil && !plan.isSignature[own] {
			sigs = append(sigs, own)
		}
		if len(sigs) == 0 {
			if n != configName {
				c.add(StateFilesVerificationFailed, "%s: нет подписи %s.sig", n, n)
			}
			continue
		}
		ok := true
		for _, sig := range sigs {
			sf, found := c.byName[sig]
			if !found {
				c.add(StateFilesVerificationFailed, "%s: нет файла подписи %s (%s)", n, sig, configName)
				ok = false
				continue
			}
			if err := c.verifyFile(af, sf); err != nil {
				c.add(StateFilesVerificationFailed, "%s: %v", sig, err)
				ok = false
			}
		}
		if ok {
			plan.signed[n] = true
		}
	}
	return plan
}

// signConfig is sign_config.xml (spec v1.13 Прил. 5); its schema was
// checked before.
type signConfig struct {
	Documents []struct {
		FileName string `xml:"documentFileName"`
		Signs    []struct {
			FileName string `xml:"signFileName"`
		} `xml:"signData"`
	} `xml:"signedDocument"`
}

// verifyFile checks the detached signature sf of af.
func (c *archiveCheck) verifyFile(af, sf *archiveFile) error {
	if c.verifier == nil {
		return errors.New("проверка подписей не настроена")
	}
	data, err := af.read(maxRead)
	if err != nil {
		return err
	}
	sig, err := sf.read(1 << 20)
	if err != nil {
		return err
	}
	_, err = c.verifier.VerifyDetached(sig, data)
	return err
}

func wellFormed(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	seenRoot := false
	for {
		t, err := d.Token()
		if err == io.EOF {
			return seenRoot
		}
		if err != nil {
			return false
		}
		if _, ok := t.(xml.StartElement); ok {
			seenRoot = true
		}
	}
}

// failedState reports whether state is a final gu-smev failure (Прил. 1).
func failedState(state string) bool {
	switch state {
	case StateInvalidFilesStructure, StateValidationError, StateReqNotFound, StateMPCNotFound,
		StateReqVerifyFailed, StateFilesVerificationFailed, StateInternalError, StateCreateOrderForbidden, StateLimitation:
		return true
	}
	return false
}
