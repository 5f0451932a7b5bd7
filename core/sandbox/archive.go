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

func fail(state, format string, a ...any) verdict {
	return verdict{State: state, Detail: fmt.Sprintf(format, a...)}
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

// checkArchive runs the gu-smev checks of an uploaded archive against the
// service catalog (xsd/), in the order of spec v1.13 §2.1.3 and Прил. 1:
//
//   - a readable, flat ZIP (no folders, no nested archives):
//     INVALID_FILES_STRUCTURE;
//   - the catalog's required files: the transport file (REQ_NOT_FOUND), the
//     business-data file (MPC_NOT_FOUND), other required files such as the
//     Госключ documents (VALIDATION_ERROR);
//   - every XML file whose role has a schema (or, where the official schema
//     is not public, the catalog's field rules) is validated with
//     xsd.File.Validate: VALIDATION_ERROR. Прил. 1 defines VALIDATION_ERROR
//     as "проверки переданных вложений в валидаторах, соответствующих
//     конфигурации конкретной услуги" — the closest documented answer for an
//     XML that breaks its schema. Appendix 4 has no code for it: /push
//     answers 200 at once and the verdict arrives asynchronously as the
//     "code"/"message" of the §2.4 details envelope (digest §12.5);
//   - the order number in the element the catalog names (OrderIDElement):
//     REQ_VERIFY_FAILED;
//   - for signed services, the signatures (see checkSignatures):
//     FILES_VERIFICATION_FAILED.
//
// It returns the attachment list of the portal order and the verdict.
func (s *Server) checkArchive(o *order, sv *service, archive string) ([]fileEntry, verdict) {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return nil, fail(StateValidationError, "архив не читается как ZIP")
	}
	defer zr.Close()
	byName := map[string]*archiveFile{}
	var names []string
	for _, zf := range zr.File {
		n := zf.Name
		lower := strings.ToLower(n)
		if strings.ContainsAny(n, `/\`) || zf.FileInfo().IsDir() {
			return nil, fail(StateInvalidFilesStructure, "%s: вложенная папка", n)
		}
		for _, ext := range []string{".zip", ".rar", ".7z", ".tar", ".gz"} {
			if strings.HasSuffix(lower, ext) {
				return nil, fail(StateInvalidFilesStructure, "%s: вложенный архив", n)
			}
		}
		if _, dup := byName[n]; dup {
			return nil, fail(StateValidationError, "%s: имя повторяется", n)
		}
		af := &archiveFile{zf: zf, name: n}
		af.file, _ = sv.FileFor(n)
		byName[n] = af
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fail(StateValidationError, "архив пуст")
	}
	if v := checkRequired(sv, byName, names); v.State != StateDone {
		return nil, v
	}
	if v := checkXML(o, names, byName); v.State != StateDone {
		return nil, v
	}
	v := verdict{State: StateDone}
	sigs := signaturePlan{}
	if sv.Signed {
		sigs, v = s.checkSignatures(sv, names, byName)
	}
	var files []fileEntry
	for _, n := range names {
		if strings.HasSuffix(strings.ToLower(n), ".sig") || sigs.isSignature[n] {
			continue
		}
		af := byName[n]
		_, hasSig := byName[n+".sig"]
		files = append(files, fileEntry{Name: n, Mnemonic: n, Size: int64(af.zf.UncompressedSize64),
			Request: af.file.Kind == xsd.KindTransport, MimeType: mimeByName(n), Signed: hasSig || sigs.signed[n]})
	}
	if len(files) == 0 {
		return nil, fail(StateValidationError, "в архиве только подписи")
	}
	return files, v
}

// checkRequired finds the catalog's required files: transport first
// (REQ_NOT_FOUND), then business data (MPC_NOT_FOUND), then the others.
func checkRequired(sv *service, byName map[string]*archiveFile, names []string) verdict {
	has := func(role string) bool {
		for _, n := range names {
			if byName[n].file.Role == role {
				return true
			}
		}
		return false
	}
	for _, kind := range []string{xsd.KindTransport, xsd.KindBusiness, xsd.KindAttachment} {
		for _, f := range sv.Files {
			if !f.Required || f.Kind != kind || has(f.Role) {
				continue
			}
			switch kind {
			case xsd.KindTransport:
				return fail(StateReqNotFound, "нет файла %s", f.Name)
			case xsd.KindBusiness:
				return fail(StateMPCNotFound, "нет файла %s", f.Name)
			}
			if strings.HasSuffix(f.Name, ".sig") {
				continue // signatures: FILES_VERIFICATION_FAILED below
			}
			if strings.ContainsAny(f.Name, "*?[") {
				return fail(StateValidationError, "нет обязательных файлов: %s", f.Description)
			}
			return fail(StateValidationError, "нет обязательного файла %s (%s)", f.Name, f.Description)
		}
	}
	return verdict{State: StateDone}
}

// checkXML validates the XML files the catalog describes and checks the
// order number inside them.
func checkXML(o *order, names []string, byName map[string]*archiveFile) verdict {
	id := strconv.FormatInt(o.ID, 10)
	var verify verdict
	for _, n := range names {
		af := byName[n]
		f := af.file
		xmlRole := f.Kind == xsd.KindTransport || f.Kind == xsd.KindBusiness || f.Kind == xsd.KindSignConfig || len(f.Schemas) > 0 || f.Rules != ""
		if !xmlRole {
			continue
		}
		data, err := af.read(maxRead)
		if err != nil {
			return fail(StateValidationError, "%s: %v", n, err)
		}
		res, err := f.Validate(bytes.NewReader(data))
		switch {
		case xsd.IsNoSchema(err):
			// nothing published to check against: well-formedness only
			if !wellFormed(data) {
				return fail(StateValidationError, "%s: XML-документ сформирован некорректно", n)
			}
		case err != nil:
			var xe *xmlschema.XMLError
			if errors.As(err, &xe) {
				return fail(StateValidationError, "%s:%d:%d: XML-документ сформирован некорректно: %s", n, xe.Line, xe.Column, xe.Message)
			}
			return fail(StateValidationError, "%s: %v", n, err)
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
			return fail(StateValidationError, "%s:%d:%d: %s: %s%s", n, e.Line, e.Column, e.Path, msg, more)
		}
		if f.OrderIDElement != "" && verify.State == "" {
			if v, ok := elementText(data, f.OrderIDElement); ok && strings.TrimSpace(v) != id {
				verify = fail(StateReqVerifyFailed, "%s: %s = %q, номер заявления %s", n, f.OrderIDElement, strings.TrimSpace(v), id)
			}
		}
	}
	if verify.State != "" {
		return verify
	}
	return verdict{State: StateDone}
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
// chaining to the sandbox test CA). Missing or failing signatures:
// FILES_VERIFICATION_FAILED; a sign_config.xml naming a document the
// archive lacks: VALIDATION_ERROR. sign_config.xml itself needs no
// signature (its "<file>.sig" is verified when present).
func (s *Server) checkSignatures(sv *service, names []string, byName map[string]*archiveFile) (signaturePlan, verdict) {
	plan := signaturePlan{isSignature: map[string]bool{}, signed: map[string]bool{}}
	multi := map[string][]string{} // document → its signature files
	var configName string
	for _, n := range names {
		if byName[n].file.Kind != xsd.KindSignConfig {
			continue
		}
		configName = n
		data, err := byName[n].read(maxRead)
		if err != nil {
			return plan, fail(StateValidationError, "%s: %v", n, err)
		}
		var cfg signConfig
		if err := xml.Unmarshal(data, &cfg); err != nil {
			return plan, fail(StateValidationError, "%s: %v", n, err)
		}
		for _, d := range cfg.Documents {
			doc := strings.TrimSpace(d.FileName)
			if _, ok := byName[doc]; !ok {
				return plan, fail(StateValidationError, "%s: документа %s нет в архиве", n, doc)
			}
			for _, sd := range d.Signs {
				sig := strings.TrimSpace(sd.FileName)
				multi[doc] = append(multi[doc], sig)
				plan.isSignature[sig] = true
			}
		}
	}
	for _, n := range names {
		if strings.HasSuffix(strings.ToLower(n), ".sig") || plan.isSignature[n] {
			continue
		}
		af := byName[n]
		sigs := multi[n]
		if own := n + ".sig"; byName[own] != nil && !plan.isSignature[own] {
			sigs = append(sigs, own)
		}
		if len(sigs) == 0 {
			if n == configName {
				continue
			}
			return plan, fail(StateFilesVerificationFailed, "%s: нет подписи %s.sig", n, n)
		}
		for _, sig := range sigs {
			sf, ok := byName[sig]
			if !ok {
				return plan, fail(StateFilesVerificationFailed, "%s: нет файла подписи %s (%s)", n, sig, configName)
			}
			if err := s.verifyFile(af, sf); err != nil {
				return plan, fail(StateFilesVerificationFailed, "%s: %v", sig, err)
			}
		}
		plan.signed[n] = true
	}
	return plan, verdict{State: StateDone}
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
func (s *Server) verifyFile(af, sf *archiveFile) error {
	data, err := af.read(maxRead)
	if err != nil {
		return err
	}
	sig, err := sf.read(1 << 20)
	if err != nil {
		return err
	}
	_, err = s.verifier.VerifyDetached(sig, data)
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
