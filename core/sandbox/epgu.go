package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Limits of spec v1.13 §2.1.3–2.1.4.
const (
	maxPush     = 50_000_000
	minChunk    = 5_000_000
	maxChunk    = 50_000_000
	chunkWindow = 5 * time.Minute
)

func (s *Server) routes() {
	s.mux.HandleFunc("/api/gusmev/order", s.handleCreate)
	s.mux.HandleFunc("/api/gusmev/order/", s.handleOrderPath)
	s.mux.HandleFunc("/api/gusmev/push", s.handlePush)
	s.mux.HandleFunc("/api/gusmev/push/chunked", s.handleChunk)
	s.mux.HandleFunc("/api/gusmev/files/download/", s.handleDownload)
	s.mux.HandleFunc("/api/storage/v2/files/", s.handleDownloadLegacy)
	s.mux.HandleFunc("/api/nsi/v1/dictionary/", s.handleDict)
	s.mux.HandleFunc("/esia-rs/api/public/v1/orgs/ext-app/", s.handleExtApp)
	s.mux.HandleFunc("/aas/oauth2/v2/ac", s.handleAC)
	s.mux.HandleFunc("/aas/oauth2/ac", s.handleAC)
	s.mux.HandleFunc("/aas/oauth2/v3/te", s.handleTE)
	s.mux.HandleFunc("/aas/oauth2/te", s.handleTE)
	s.adminRoutes()
}

func methodNotAllowed(w http.ResponseWriter) {
	apiError(w, http.StatusMethodNotAllowed, "bad_request", "Метод не поддерживается")
}

var regionRe = regexp.MustCompile(`^\d{2,11}$`)

type metaIn struct {
	Region      string `json:"region"`
	ServiceCode string `json:"serviceCode"`
	TargetCode  string `json:"targetCode"`
}

func parseMeta(b []byte) (metaIn, error) {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return metaIn{}, errors.New("meta: некорректный JSON")
	}
	var m metaIn
	get := func(k string) (string, error) {
		v, ok := raw[k]
		if !ok || v == nil {
			return "", fmt.Errorf("meta: не задан обязательный параметр %s", k)
		}
		str, ok := v.(string)
		if !ok || strings.TrimSpace(str) == "" {
			return "", fmt.Errorf("meta: параметр %s должен быть непустой строкой", k)
		}
		return str, nil
	}
	var err error
	if m.Region, err = get("region"); err != nil {
		return m, err
	}
	if m.ServiceCode, err = get("serviceCode"); err != nil {
		return m, err
	}
	if m.TargetCode, err = get("targetCode"); err != nil {
		return m, err
	}
	if !regionRe.MatchString(m.Region) {
		return m, errors.New("meta: region должен быть кодом ОКАТО (2–11 цифр)")
	}
	return m, nil
}

// checkCreateLocked runs the order-creation checks and answers errors.
func (s *Server) checkCreateLocked(w http.ResponseWriter, p *principal, m metaIn, sending bool) (*service, bool) {
	sv := findService(m.ServiceCode)
	if sv == nil {
		apiError(w, http.StatusConflict, "service_not_found", "Не найдена услуга с кодом "+m.ServiceCode)
		return nil, false
	}
	g, ok := p.System.Services[sv.Code]
	if !ok {
		apiError(w, http.StatusForbidden, "access_denied_service", "Доступ ВИС к запрашиваемой услуге запрещен")
		return nil, false
	}
	allowed := sv.allows(p.PersonType)
	if len(g.UserTypes) > 0 {
		allowed = false
		for _, t := range g.UserTypes {
			allowed = allowed || t == p.PersonType
		}
	}
	if !allowed {
		apiError(w, http.StatusForbidden, "access_denied_user", "Доступ запрещен для данного типа пользователя")
		return nil, false
	}
	if g.OwnerIsConsumer && p.OrgOID != p.System.OwnerOrgOID {
		apiError(w, http.StatusForbidden, "access_denied_user_legal", "Организация не является владельцем ВИС")
		return nil, false
	}
	if m.TargetCode != sv.Target {
		apiError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("targetCode %s не соответствует услуге %s", m.TargetCode, sv.Code))
		return nil, false
	}
	if sending && !s.canPushLocked(w, p) {
		return nil, false
	}
	since := s.clock.Now().Add(-10 * time.Minute)
	n := 0
	for _, o := range s.st.Orders {
		if o.Service == sv.Code && o.System == p.System.Mnemonic && o.UserOID == p.UserOID && o.OrgOID == p.OrgOID && o.Created.After(since) {
			n++
		}
	}
	if n >= s.opts.OrdersPer10Min {
		apiError(w, http.StatusConflict, "limitation_exception", fmt.Sprintf("Превышено ограничение: не более %d заявлений по услуге за 10 минут", s.opts.OrdersPer10Min))
		return nil, false
	}
	return sv, true
}

func (s *Server) canPushLocked(w http.ResponseWriter, p *principal) bool {
	if p.PersonType != PersonCitizen && p.User != nil && !p.User.CanPush {
		apiError(w, http.StatusForbidden, "push_denied", "Нет прав для отправки заявления. Отправить заявление может только руководитель организации или сотрудник с доверенностью")
		return false
	}
	return true
}

// POST /api/gusmev/order (spec v1.13 §2.1.2).
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w)
		return
	}
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	var body []byte
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" || ct == "application/x-www-form-urlencoded" {
		// GK1.8 §2.2.1 (legacy): meta as a form field
		r.ParseMultipartForm(1 << 20)
		body = []byte(r.FormValue("meta"))
	} else {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
	}
	m, err := parseMeta(body)
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, ok := s.checkCreateLocked(w, p, m, false)
	if !ok {
		return
	}
	o := s.newOrderLocked(p, sv, m.Region)
	s.saveLocked()
	writeJSON(w, http.StatusOK, map[string]int64{"orderId": o.ID})
}

// form is a streamed multipart request: small fields and one spooled file.
type form struct {
	fields   map[string]string
	file     string // temp path
	fileSize int64
	fileName string
	tooBig   bool
}

func (f *form) cleanup() {
	if f.file != "" {
		os.Remove(f.file)
	}
}

// readForm streams a multipart body, spooling "file" to disk (never to
// memory) and stopping at limit+1 bytes.
func (s *Server) readForm(r *http.Request, limit int64) (*form, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errors.New("ожидается multipart/form-data")
	}
	f := &form{fields: map[string]string{}}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			f.cleanup()
			return nil, errors.New("некорректное тело multipart")
		}
		name := part.FormName()
		if name == "file" {
			if f.file != "" {
				f.cleanup()
				return nil, errors.New("передано более одного файла")
			}
			tmp, err := os.CreateTemp(s.blobDir, "upload-*")
			if err != nil {
				return nil, err
			}
			n, err := io.Copy(tmp, io.LimitReader(part, limit+1))
			tmp.Close()
			f.file, f.fileSize, f.fileName = tmp.Name(), n, part.FileName()
			if err != nil {
				f.cleanup()
				return nil, errors.New("обрыв передачи файла")
			}
			if n > limit {
				f.tooBig = true
				io.Copy(io.Discard, part)
			}
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(part, 64<<10))
		f.fields[name] = string(b)
	}
}

// POST /api/gusmev/push (spec v1.13 §2.1.4).
func (s *Server) handlePush(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w)
		return
	}
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	f, err := s.readForm(r, maxPush)
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	defer f.cleanup()
	metaS, ok := f.fields["meta"]
	if !ok {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр meta")
		return
	}
	if f.file == "" {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр file")
		return
	}
	if f.tooBig {
		apiError(w, http.StatusBadRequest, "bad_request", "Размер архива превышает 50 000 000 байт")
		return
	}
	m, err := parseMeta([]byte(metaS))
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, ok := s.checkCreateLocked(w, p, m, true)
	if !ok {
		return
	}
	o := s.newOrderLocked(p, sv, m.Region)
	dst := filepath.Join(s.orderDir(o.ID), "archive.zip")
	os.MkdirAll(filepath.Dir(dst), 0o700)
	if err := os.Rename(f.file, dst); err != nil {
		apiError(w, http.StatusInternalServerError, "internal_error", "не удалось сохранить архив")
		return
	}
	f.file = ""
	s.completeUploadLocked(o, dst)
	s.saveLocked()
	writeJSON(w, http.StatusOK, map[string]int64{"orderId": o.ID})
}

// lookupLocked finds an order for p: 204 when unknown, 403 order_access
// when it belongs to another system/user/organisation.
func (s *Server) lookupLocked(w http.ResponseWriter, p *principal, id int64) (*order, bool) {
	o := s.st.Orders[id]
	if o == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil, false
	}
	if !owns(p, o) {
		apiError(w, http.StatusForbidden, "order_access", "У пользователя нет прав для работы с текущим заявлением")
		return nil, false
	}
	return o, true
}

func owns(p *principal, o *order) bool {
	return o.System == p.System.Mnemonic && o.UserOID == p.UserOID && o.OrgOID == p.OrgOID
}

// /api/gusmev/order/{id}, /{id}/cancel, /getOrdersStatus, /getUpdatedAfter
func (s *Server) handleOrderPath(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/api/gusmev/order/")
	rest = strings.TrimSuffix(rest, "/") // "…/getOrdersStatus/?…" of ≤1.12 docs
	switch rest {
	case "getOrdersStatus", "getUpdatedAfter":
		if r.Method != http.MethodGet {
			methodNotAllowed(w) // POST before v1.11
			return
		}
		if rest == "getOrdersStatus" {
			s.handleOrdersStatus(w, r)
		} else {
			s.handleUpdatedAfter(w, r)
		}
		return
	}
	idS, action, _ := strings.Cut(rest, "/")
	if r.Method != http.MethodPost {
		methodNotAllowed(w)
		return
	}
	if action != "" && action != "cancel" {
		http.NotFound(w, r)
		return
	}
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(idS, 10, 64)
	if err != nil || id <= 0 {
		apiError(w, http.StatusBadRequest, "bad_request", "orderId должен быть числом")
		return
	}
	if action == "cancel" {
		s.handleCancel(w, r, p, id)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookupLocked(w, p, id)
	if !ok {
		return
	}
	s.tickOrderLocked(o, s.clock.Now())
	// spec v1.13 writes "message_id", real answers "messageId": send both.
	env := map[string]any{"code": "OK", "message": nil, "messageId": o.MessageID, "message_id": o.MessageID, "order": nil}
	switch {
	case !o.Uploaded:
		env["code"], env["message"] = StateNew, "Номер заявления зарезервирован, архив не передан"
	case o.State != StateDone:
		env["code"], env["message"] = o.State, stateText[o.State]
		if o.Detail != "" && failedState(o.State) {
			env["message"] = stateText[o.State] + ": " + o.Detail
		}
	default:
		b, _ := json.Marshal(s.orderJSON(o))
		env["order"] = string(b)
	}
	writeJSON(w, http.StatusOK, env)
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request, p *principal, id int64) {
	r.ParseForm()
	reason := r.Form.Get("reason")
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookupLocked(w, p, id)
	if !ok {
		return
	}
	if reason == "" && !s.opts.NoCancelReason {
		apiError(w, http.StatusBadRequest, "bad_request", "Required request parameter 'reason' for method parameter type String is not present")
		return
	}
	s.tickOrderLocked(o, s.clock.Now())
	sv := findService(o.Service)
	cur := o.current()
	if cur == nil || cur.Final || !sv.cancelAllowed(cur.StatusID) {
		apiError(w, http.StatusConflict, "cancel_not_allowed", "Отмена заявления в текущем статусе невозможна")
		return
	}
	o.Pending = nil
	o.Statuses = append(o.Statuses, s.entryLocked(statusEntry{StatusID: 10, Title: "Заявление отменено", Date: s.clock.Now(), Final: true, HasResult: "N", Sender: sv.Sender, Comment: reason}))
	s.saveLocked()
	w.WriteHeader(http.StatusOK)
}

func pageParams(q map[string][]string) (int, int, bool, error) {
	get := func(k string) (int, bool, error) {
		v := q[k]
		if len(v) == 0 || v[0] == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 0 {
			return 0, true, fmt.Errorf("%s должен быть неотрицательным числом", k)
		}
		return n, true, nil
	}
	num, _, err := get("pageNum")
	if err != nil {
		return 0, 0, false, err
	}
	size, has, err := get("pageSize")
	if err != nil {
		return 0, 0, false, err
	}
	if has && size == 0 {
		return 0, 0, false, errors.New("pageSize должен быть больше нуля")
	}
	return num, size, has, nil
}

func page[T any](items []T, num, size int, has bool) []T {
	if !has {
		return items
	}
	from := num * size
	if from >= len(items) {
		return []T{}
	}
	return items[from:min(from+size, len(items))]
}

func (s *Server) statusItem(p *principal, id int64) map[string]any {
	o := s.st.Orders[id]
	if o == nil || !owns(p, o) {
		return map[string]any{"orderId": id, "orderSearchStatus": "NOT_FOUND", "status": nil}
	}
	s.tickOrderLocked(o, s.clock.Now())
	c := o.current()
	return map[string]any{"orderId": id, "orderSearchStatus": "FOUND",
		"status": map[string]any{"statusId": c.StatusID, "statusName": c.Title, "updated": fmtStatus(c.Date)}}
}

// GET /api/gusmev/order/getOrdersStatus (spec v1.13 §2.3.1).
func (s *Server) handleOrdersStatus(w http.ResponseWriter, r *http.Request) {
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	var ids []int64
	for _, v := range q["orderIds"] {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				apiError(w, http.StatusBadRequest, "bad_request", "orderIds: некорректный номер заявления "+part)
				return
			}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр orderIds")
		return
	}
	num, size, has, err := pageParams(q)
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	sel := page(ids, num, size, has)
	s.mu.Lock()
	content := make([]map[string]any, 0, len(sel))
	for _, id := range sel {
		content = append(content, s.statusItem(p, id))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"count": len(content), "totalCount": len(ids), "content": content})
}

// GET /api/gusmev/order/getUpdatedAfter (spec v1.13 §2.3.2). updatedAfter
// is read in Moscow time (v1.13 footnote 8; v1.12.1 said UTC); an explicit
// offset is honoured.
func (s *Server) handleUpdatedAfter(w http.ResponseWriter, r *http.Request) {
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	ua := q.Get("updatedAfter")
	if ua == "" {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр updatedAfter")
		return
	}
	var after time.Time
	var err error
	for _, l := range []string{layoutStatus, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05"} {
		if after, err = time.ParseInLocation(l, ua, msk); err == nil {
			break
		}
	}
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", "updatedAfter: ожидается формат YYYY-MM-DDTHH:mm:ss.SSS")
		return
	}
	num, size, has, err := pageParams(q)
	if err != nil {
		apiError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	s.mu.Lock()
	s.tickLocked()
	var list []*order
	for _, o := range s.st.Orders {
		if o.System == p.System.Mnemonic && o.updated().After(after) {
			list = append(list, o)
		}
	}
	sortOrders(list)
	sel := page(list, num, size, has)
	content := make([]map[string]any, 0, len(sel))
	for _, o := range sel {
		c := o.current()
		content = append(content, map[string]any{"orderId": o.ID, "orderSearchStatus": "FOUND",
			"status": map[string]any{"statusId": c.StatusID, "statusName": c.Title, "updated": fmtStatus(c.Date)}})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"count": len(content), "totalCount": len(list), "content": content})
}

func sortOrders(list []*order) {
	sort.Slice(list, func(i, j int) bool { return less(list[i], list[j]) })
}

func less(a, b *order) bool {
	ua, ub := a.updated(), b.updated()
	if !ua.Equal(ub) {
		return ua.Before(ub)
	}
	return a.ID < b.ID
}
