package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gosdesk/gosdesk/core/sandbox/nsidict"
)

type dictItem = nsidict.Item

// dictionaries are the НСИ dictionaries the sandbox serves: every one the
// xsd/ catalog names (core/sandbox/nsidict), checked by
// TestCatalogDictionariesSeeded.
var dictionaries = nsidict.All

// DictionaryHas reports whether value is an item of the НСИ dictionary
// code (its value, or the attribute column when not ""), and whether the
// sandbox knows that dictionary at all — what its archive checks apply to
// coded fields. Clients that must not import the server use
// core/sandbox/nsidict.Has directly.
func DictionaryHas(code, column, value string) (has, known bool) {
	return nsidict.Has(code, column, value)
}

func nsiError(w http.ResponseWriter, code int, msg string, field string) {
	fe := []any{}
	if field != "" {
		fe = append(fe, map[string]string{"field": field, "message": msg})
	}
	writeJSON(w, http.StatusOK, map[string]any{"error": map[string]any{"code": code, "message": msg}, "fieldErrors": fe, "total": 0, "items": []any{}})
}

// POST /api/nsi/v1/dictionary/{code} (spec v1.13 §3): no authorisation;
// always HTTP 200 with the status in "error".
func (s *Server) handleDict(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w)
		return
	}
	code, _ := url.PathUnescape(strings.TrimPrefix(r.URL.Path, "/api/nsi/v1/dictionary/"))
	var req struct {
		TreeFiltering      *string `json:"treeFiltering"`
		ParentRefItemValue string  `json:"parentRefItemValue"`
		PageNum            *int    `json:"pageNum"`
		PageSize           *int    `json:"pageSize"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			nsiError(w, 3, "Validation error: malformed JSON", "")
			return
		}
	}
	items, ok := dictionaries[code]
	if !ok {
		nsiError(w, 7, "Entity not found", "")
		return
	}
	tf := "ONELEVEL"
	if req.TreeFiltering != nil {
		tf = *req.TreeFiltering
	}
	if tf != "ONELEVEL" && tf != "SUBTREE" {
		nsiError(w, 3, "treeFiltering must be ONELEVEL or SUBTREE", "treeFiltering")
		return
	}
	var sel []dictItem
	for _, it := range items {
		if tf == "ONELEVEL" && it.Parent == req.ParentRefItemValue {
			sel = append(sel, it)
		}
		if tf == "SUBTREE" && (req.ParentRefItemValue == "" || isDescendant(items, it, req.ParentRefItemValue)) {
			sel = append(sel, it)
		}
	}
	total := len(sel)
	if req.PageSize != nil {
		size := *req.PageSize
		num := 1
		if req.PageNum != nil {
			num = *req.PageNum
		}
		if size <= 0 || num < 1 {
			nsiError(w, 3, "pageNum must be ≥ 1 and pageSize > 0", "pageSize")
			return
		}
		from := (num - 1) * size
		if from > len(sel) {
			from = len(sel)
		}
		sel = sel[from:min(from+size, len(sel))]
	}
	out := make([]any, 0, len(sel))
	for _, it := range sel {
		out = append(out, renderItem(items, it))
	}
	writeJSON(w, http.StatusOK, map[string]any{"error": map[string]any{"code": 0, "message": "operation completed"}, "fieldErrors": []any{}, "total": total, "items": out})
}

func isDescendant(items []dictItem, it dictItem, ancestor string) bool {
	for p := it.Parent; p != ""; {
		if p == ancestor {
			return true
		}
		next := ""
		for _, x := range items {
			if x.Value == p {
				next = x.Parent
				break
			}
		}
		p = next
	}
	return false
}

func renderItem(items []dictItem, it dictItem) map[string]any {
	leaf := true
	for _, x := range items {
		if x.Parent == it.Value {
			leaf = false
		}
	}
	var parent any
	if it.Parent != "" {
		parent = it.Parent
	}
	attrs := []any{}
	av := map[string]any{}
	for k, v := range it.Attrs {
		attrs = append(attrs, map[string]any{"name": k, "type": "STRING", "value": map[string]any{"asString": v, "typeOfValue": "STRING", "value": v}, "valueAsOfType": v})
		av[k] = v
	}
	return map[string]any{"value": it.Value, "parentValue": parent, "title": it.Title, "isLeaf": leaf, "children": []any{}, "attributes": attrs, "source": nil, "attributeValues": av}
}
