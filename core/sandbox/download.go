package sandbox

import (
	"net/http"
	"os"
	"strconv"
	"strings"
)

// GET /api/gusmev/files/download/{objectId}/{objectType}?mnemonic=&eserviceCode=
// (spec v1.13 §4): objectId is a status-history id of the order (footnote
// 12: currentStatusHistoryId; any id of the order's history is accepted).
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/gusmev/files/download/"), "/"), "/")
	if len(parts) != 2 {
		http.NotFound(w, r)
		return
	}
	s.download(w, r, parts[0], parts[1], false)
}

// GET /api/storage/v2/files/{objectId}/{objectType}/download?mnemonic=
// (spec v1.12.1 §4): objectId is the order number of the link.
func (s *Server) handleDownloadLegacy(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/storage/v2/files/"), "/"), "/")
	if len(parts) != 3 || parts[2] != "download" {
		http.NotFound(w, r)
		return
	}
	s.download(w, r, parts[0], parts[1], true)
}

func (s *Server) download(w http.ResponseWriter, r *http.Request, objS, typS string, legacy bool) {
	if r.Method != http.MethodGet {
		methodNotAllowed(w)
		return
	}
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	obj, err1 := strconv.ParseInt(objS, 10, 64)
	typ, err2 := strconv.Atoi(typS)
	if err1 != nil || err2 != nil || (typ != 2 && typ != 3) {
		apiError(w, http.StatusBadRequest, "bad_request", "objectId должен быть числом, objectType — 2 или 3")
		return
	}
	q := r.URL.Query()
	mnemonic := q.Get("mnemonic")
	if mnemonic == "" {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр mnemonic")
		return
	}
	es := q.Get("eserviceCode")
	if !legacy && es == "" {
		apiError(w, http.StatusBadRequest, "bad_request", "Не передан обязательный параметр eserviceCode")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var o *order
	if legacy {
		o = s.st.Orders[obj]
	} else {
	find:
		for _, x := range s.st.Orders {
			for _, e := range x.Statuses {
				if e.HistID == obj {
					o = x
					break find
				}
			}
		}
	}
	if o == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !owns(p, o) {
		apiError(w, http.StatusForbidden, "order_access", "У пользователя нет прав для работы с текущим заявлением")
		return
	}
	if !legacy && es != o.Service {
		apiError(w, http.StatusBadRequest, "bad_request", "eserviceCode не соответствует заявлению")
		return
	}
	if g := p.System.Services[o.Service]; !g.PersonalData {
		apiError(w, http.StatusForbidden, "access_denied_personal_data", "Доступ к файлам запрещен, так как в них имеются персональные данные")
		return
	}
	s.tickOrderLocked(o, s.clock.Now())
	if typ == 2 {
		for _, f := range o.Files {
			if f.Mnemonic == mnemonic {
				data, err := readZipEntry(o.Archive, f.Name)
				if err != nil {
					break
				}
				w.Header().Set("Content-Type", f.MimeType)
				w.Write(data)
				return
			}
		}
	} else {
		for _, f := range o.Results {
			if f.Mnemonic == mnemonic {
				data, err := os.ReadFile(f.BlobPath)
				if err != nil {
					break
				}
				w.Header().Set("Content-Type", f.MimeType)
				w.Header().Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
				w.Write(data)
				return
			}
		}
	}
	apiError(w, http.StatusBadRequest, "bad_request", "Файл с мнемоникой "+mnemonic+" не найден")
}
