package sandbox

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// gu-smev processing states (spec v1.13 Appendix 1).
const (
	StateNew                      = "NEW"
	StateFilesVerification        = "FILES_VERIFICATION"
	StateFilesVerificationSuccess = "FILES_VERIFICATION_SUCCESS"
	StateDone                     = "DONE"
	StateLimitation               = "LIMITATION_EXCEPTION"
	StateInvalidFilesStructure    = "INVALID_FILES_STRUCTURE"
	StateValidationError          = "VALIDATION_ERROR"
	StateReqNotFound              = "REQ_NOT_FOUND"
	StateMPCNotFound              = "MPC_NOT_FOUND"
	StateReqVerifyFailed          = "REQ_VERIFY_FAILED"
	StateFilesVerificationFailed  = "FILES_VERIFICATION_FAILED"
	StateRetry                    = "RETRY"
	StateInternalError            = "INTERNAL_ERROR"
	StateCreateOrderForbidden     = "CREATE_ORDER_FORBIDDEN"
)

var stateText = map[string]string{
	StateNew:                      "Запрос на создание заявления зарегистрирован",
	StateFilesVerification:        "Идёт проверка подписей вложений",
	StateFilesVerificationSuccess: "Подписи вложений проверены",
	StateInvalidFilesStructure:    "Структура архива не плоская: есть вложенные папки или архивы",
	StateValidationError:          "Вложения не прошли проверку",
	StateReqNotFound:              "Во вложениях нет транспортного xml-файла",
	StateMPCNotFound:              "Во вложениях нет xml-файла с бизнес-данными",
	StateReqVerifyFailed:          "Данные xml-файлов не соответствуют данным получателя услуги",
	StateFilesVerificationFailed:  "Подписи вложений отсутствуют или не прошли проверку",
	StateInternalError:            "Техническая ошибка обработки",
	StateLimitation:               "Превышены ограничения Приложения 3",
}

type statusEntry struct {
	HistID    int64     `json:"histId"`
	StatusID  int       `json:"statusId"`
	Title     string    `json:"title"`
	Date      time.Time `json:"date"`
	Final     bool      `json:"final"`
	Comment   string    `json:"comment,omitempty"`
	OrgCode   string    `json:"orgCode,omitempty"`
	HasResult string    `json:"hasResult"`
	Sender    string    `json:"sender,omitempty"`
}

type fileEntry struct {
	Name      string `json:"name"`
	Size      int64  `json:"size"`
	Signed    bool   `json:"signed"`
	Request   bool   `json:"request"`
	Mnemonic  string `json:"mnemonic"`
	BlobPath  string `json:"blob,omitempty"` // result files only
	MimeType  string `json:"mime"`
	ShownName string `json:"shownName,omitempty"`
}

type pending struct {
	At    time.Time `json:"at"`
	State string    `json:"state,omitempty"` // gu-smev state to set
	Step  *step     `json:"step,omitempty"`  // portal status to add
}

type chunkSession struct {
	Chunks   int            `json:"chunks"`
	Started  time.Time      `json:"started"`
	Received map[int]string `json:"received"` // index → part file
	Sizes    map[int]int64  `json:"sizes"`
	OneBased bool           `json:"oneBased,omitempty"`
}

type order struct {
	ID         int64         `json:"id"`
	System     string        `json:"system"`
	UserOID    int64         `json:"userOid"`
	OrgOID     int64         `json:"orgOid"`
	PersonType string        `json:"personType"`
	Region     string        `json:"region"`
	Service    string        `json:"service"`
	Target     string        `json:"target"`
	Created    time.Time     `json:"created"`
	Uploaded   bool          `json:"uploaded"`
	State      string        `json:"state"`
	Statuses   []statusEntry `json:"statuses"`
	Archive    string        `json:"archive,omitempty"`
	Files      []fileEntry   `json:"files,omitempty"`
	Results    []fileEntry   `json:"results,omitempty"`
	Pending    []pending     `json:"pending,omitempty"`
	Scenario   string        `json:"scenario"`
	Chunk      *chunkSession `json:"chunk,omitempty"`
	// Detail says what the archive check found wrong (message of the
	// details envelope in a failed gu-smev state).
	Detail    string `json:"detail,omitempty"`
	MessageID string `json:"messageId"`
	SmevTx    string `json:"smevTx"`
}

func (o *order) current() *statusEntry {
	if len(o.Statuses) == 0 {
		return nil
	}
	return &o.Statuses[len(o.Statuses)-1]
}

func (o *order) updated() time.Time {
	if c := o.current(); c != nil {
		return c.Date
	}
	return o.Created
}

func (s *Server) orderDir(id int64) string {
	return filepath.Join(s.blobDir, strconv.FormatInt(id, 10))
}

// newOrderLocked creates a draft with status 0 «Черновик заявления».
func (s *Server) newOrderLocked(p *principal, sv *service, region string) *order {
	id := s.st.NextOrderID
	s.st.NextOrderID++
	now := s.clock.Now()
	sc := s.st.Scenarios[sv.Code]
	if sc == "" {
		sc = ScenarioSuccess
	}
	o := &order{ID: id, System: p.System.Mnemonic, UserOID: p.UserOID, OrgOID: p.OrgOID, PersonType: p.PersonType,
		Region: region, Service: sv.Code, Target: sv.Target, Created: now, State: StateNew, Scenario: sc,
		MessageID: randomUUID(), SmevTx: randomUUID()}
	o.Statuses = append(o.Statuses, s.entryLocked(statusEntry{StatusID: 0, Title: "Черновик заявления", Date: now, HasResult: "N"}))
	s.st.Orders[id] = o
	return o
}

func (s *Server) entryLocked(e statusEntry) statusEntry {
	e.HistID = s.st.NextHistID
	s.st.NextHistID++
	return e
}

// completeUploadLocked inspects the archive and schedules gu-smev states and
// the portal script.
func (s *Server) completeUploadLocked(o *order, archive string) {
	sv := findService(o.Service)
	o.Uploaded = true
	o.Archive = archive
	o.Chunk = nil
	now := s.clock.Now()
	unit := s.opts.Timing.Step
	files, v := s.checkArchive(o, sv, archive)
	o.Files = files
	o.Detail = v.Detail
	verdict := v.State
	at := func(n int) time.Time { return now.Add(time.Duration(n) * unit) }
	// signature checking (FILES_VERIFICATION…) runs only once the files
	// themselves passed
	if sv.Signed && (verdict == StateDone || verdict == StateFilesVerificationFailed) {
		o.Pending = append(o.Pending, pending{At: at(1), State: StateFilesVerification})
		if verdict == StateFilesVerificationFailed {
			o.Pending = append(o.Pending, pending{At: at(2), State: StateFilesVerificationFailed})
			return
		}
		o.Pending = append(o.Pending, pending{At: at(2), State: StateFilesVerificationSuccess})
	}
	if verdict != StateDone {
		o.Pending = append(o.Pending, pending{At: at(1), State: verdict})
		return
	}
	done := at(3)
	o.Pending = append(o.Pending, pending{At: done, State: StateDone})
	s.scheduleScriptLocked(o, sv, done)
}

func (s *Server) scheduleScriptLocked(o *order, sv *service, from time.Time) {
	for _, st := range script(sv, o.Scenario) {
		st := st
		o.Pending = append(o.Pending, pending{At: from.Add(time.Duration(st.At) * s.opts.Timing.Step), Step: &st})
	}
}

// tickLocked applies every due transition of every order.
func (s *Server) tickLocked() {
	now := s.clock.Now()
	for _, o := range s.st.Orders {
		s.tickOrderLocked(o, now)
	}
}

func (s *Server) tickOrderLocked(o *order, now time.Time) {
	for len(o.Pending) > 0 && !o.Pending[0].At.After(now) {
		p := o.Pending[0]
		o.Pending = o.Pending[1:]
		if p.State != "" {
			o.State = p.State
			continue
		}
		s.applyStepLocked(o, *p.Step, p.At)
	}
}

func (s *Server) applyStepLocked(o *order, st step, at time.Time) {
	sv := findService(o.Service)
	e := statusEntry{StatusID: st.StatusID, Title: st.Title, Date: at, Final: st.Final, Comment: st.Comment, OrgCode: st.OrgCode, HasResult: "N", Sender: sv.Sender}
	if st.Result {
		e.HasResult = "R"
		s.makeResultsLocked(o, sv)
	}
	o.Statuses = append(o.Statuses, s.entryLocked(e))
	if st.Final {
		o.Pending = nil
	}
}

// makeResultsLocked writes the result files of an order.
func (s *Server) makeResultsLocked(o *order, sv *service) {
	dir := filepath.Join(s.orderDir(o.ID), "results")
	os.MkdirAll(dir, 0o700)
	add := func(mnemonic, shown string, data []byte) {
		p := filepath.Join(dir, strings.ReplaceAll(mnemonic, "/", "_"))
		os.WriteFile(p, data, 0o600)
		o.Results = append(o.Results, fileEntry{Name: shown, Mnemonic: mnemonic, Size: int64(len(data)), BlobPath: p, MimeType: mimeByName(shown)})
	}
	if sv.Script == "goskey" {
		// GK1.8 §2.2.3: "<doc>.sig" listed under the mnemonic <doc>; the
		// originals re-listed as "<doc>_attach" (req.xml as req.xml_attach).
		for _, f := range o.Files {
			data, err := readZipEntry(o.Archive, f.Name)
			if err != nil {
				continue
			}
			if f.Name == "sign_config.xml" {
				continue // the signatures' description, not a document
			}
			if f.Name != "req.xml" {
				sig, err := s.resSign.SignDetached(context.Background(), data)
				if err == nil {
					add(f.Name, f.Name+".sig", sig)
				}
			}
			add(f.Name+"_attach", f.Name, data)
		}
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response orderId=\"%d\" service=\"%s\"><status>%s</status><agency>%s</agency></response>\n",
		o.ID, sv.Code, xmlEscape(o.Scenario), xmlEscape(sv.Sender))
	add("response.xml", "response.xml", b.Bytes())
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func readZipEntry(archive, name string) ([]byte, error) {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			return io.ReadAll(io.LimitReader(rc, 200<<20))
		}
	}
	return nil, os.ErrNotExist
}

func elementText(data []byte, local string) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		t, err := d.Token()
		if err != nil {
			return "", false
		}
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == local {
			var v string
			if d.DecodeElement(&v, &se) == nil {
				return v, true
			}
			return "", false
		}
	}
}

const layoutOrder = "2006-01-02T15:04:05.000-0700"
const layoutStatus = "2006-01-02T15:04:05.000"

var msk = time.FixedZone("MSK", 3*3600)

func fmtOrder(t time.Time) string  { return t.In(msk).Format(layoutOrder) }
func fmtStatus(t time.Time) string { return t.In(msk).Format(layoutStatus) }

func (s *Server) statusJSON(o *order, e statusEntry, sv *service) map[string]any {
	color := "in_progress"
	if e.StatusID == 0 {
		color = "edit"
	}
	return map[string]any{
		"id": e.HistID, "statusId": e.StatusID, "title": e.Title, "date": fmtOrder(e.Date), "orderId": o.ID,
		"finalStatus": e.Final, "cancelAllowed": !e.Final && sv.cancelAllowed(e.StatusID) && e.HistID == o.current().HistID,
		"hasResult": e.HasResult, "sender": e.Sender, "comment": e.Comment, "stateOrgStatusCode": e.OrgCode,
		"stateOrgStatusDescr": "", "unreadEvent": true, "deliveryCancelAllowed": false, "sendMessageAllowed": false,
		"editAllowed": false, "statusColorCode": color, "mnemonic": "", "author": "", "mfcFinalStatus": false,
	}
}

func fileID(orderID int64, mnemonic string) string {
	return strconv.FormatInt(orderID, 10) + "/files/" + base64.RawURLEncoding.EncodeToString([]byte(mnemonic))
}

// orderJSON renders the portal order (spec v1.13 Таблица 28).
func (s *Server) orderJSON(o *order) map[string]any {
	sv := findService(o.Service)
	cur := o.current()
	var statuses []map[string]any
	for _, e := range o.Statuses {
		statuses = append(statuses, s.statusJSON(o, e, sv))
	}
	att := []map[string]any{}
	for _, f := range o.Files {
		typ := "ATTACHMENT"
		if f.Request {
			typ = "REQUEST"
		}
		att = append(att, map[string]any{"fileName": f.Name, "fileSize": f.Size, "link": fmt.Sprintf("terrabyte://00/%d/%s/2", o.ID, f.Mnemonic),
			"id": fileID(o.ID, f.Mnemonic), "mimeType": f.MimeType, "hasDigitalSignature": f.Signed, "type": typ})
	}
	res := []map[string]any{}
	for _, f := range o.Results {
		res = append(res, map[string]any{"hasAltMimeType": false, "fileName": f.Name, "edsStatus": "", "fileSize": f.Size, "canSentToMFC": false,
			"link": fmt.Sprintf("terrabyte://00/%d/%s/3", o.ID, f.Mnemonic), "id": fileID(o.ID, f.Mnemonic), "mimeType": f.MimeType,
			"hasDigitalSignature": strings.HasSuffix(f.Name, ".sig"), "additionalName": ""})
	}
	eds := "EDS_NOT_SUPPORTED"
	if sv.Signed {
		eds = "EDS_MANDATORY"
	}
	cj := s.statusJSON(o, *cur, sv)
	return map[string]any{
		"orderType": "ORDER", "id": o.ID, "smevTx": o.SmevTx, "smevMessageId": "WAIT_RESPONSE", "formVersion": "1",
		"ownerId": o.UserOID, "userId": o.UserOID, "orderStatusId": cur.StatusID, "orderStatusName": cur.Title,
		"currentStatusHistoryId": cur.HistID, "currentStatusHistory": cj, "statuses": statuses,
		"closed": cur.Final, "hasResult": len(o.Results) > 0, "hasNewStatus": true, "eserviceId": sv.Code, "serviceTargetId": sv.Target,
		"servicePassportId": sv.PassportID(), "serviceName": sv.Name, "stateStructureName": sv.AgencyShort, "stateStructureId": "10000002796",
		"stateOrgId": 266, "stateOrgCode": sv.OrgCode, "userSelectedRegion": o.Region, "location": o.Region, "personType": o.PersonType,
		"creationMode": "api", "sourceSystem": o.System, "edsStatus": eds, "orderDate": fmtOrder(o.Created), "requestDate": fmtOrder(o.Created),
		"updated": fmtOrder(o.updated()), "orderAttachmentFiles": att, "orderResponseFiles": res, "orderPayments": []any{},
		"paymentRequired": false, "allowToDelete": false, "allowToEdit": false, "readyToSign": false, "infoMessages": []any{},
		"orderAttributeEvents": []any{}, "steps": []any{}, "eQueueEvents": []any{}, "textMessages": []any{}, "admLevelCode": "FEDERAL",
		"portalCode": "PGU", "testUser": true, "extSystem": true,
		"qrlink": map[string]any{"hasAltMimeType": false, "fileName": "", "edsStatus": "", "fileSize": 0, "canSentToMFC": false, "link": "", "id": "", "mimeType": "", "hasDigitalSignature": false, "additionalName": ""},
	}
}
