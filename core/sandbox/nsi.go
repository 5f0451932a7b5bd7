package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

type dictItem struct {
	Value, Title, Parent string
	Attrs                map[string]string
}

// dictionaries seeded with small realistic sets: BIC (spec v1.13 §5
// example values plus real Bank of Russia BICs), the hotel dictionaries of
// HOT1.3 Табл.3 (notes/hotels.md §4) and a small OKATO tree for
// parentRefItemValue / SUBTREE.
var dictionaries = map[string][]dictItem{
	"BIC": {
		{Value: "040001002", Title: "ПУ БАНКА РОССИИ N 43192", Attrs: map[string]string{"BIC": "040001002"}},
		{Value: "040002002", Title: "ПУ БАНКА РОССИИ N 43197", Attrs: map[string]string{"BIC": "040002002"}},
		{Value: "044525225", Title: "ПАО СБЕРБАНК", Attrs: map[string]string{"BIC": "044525225", "KS": "30101810400000000225"}},
		{Value: "044525187", Title: "БАНК ВТБ (ПАО)", Attrs: map[string]string{"BIC": "044525187", "KS": "30101810700000000187"}},
		{Value: "044525593", Title: "АО \"АЛЬФА-БАНК\"", Attrs: map[string]string{"BIC": "044525593", "KS": "30101810200000000593"}},
		{Value: "044525974", Title: "АО \"ТБАНК\"", Attrs: map[string]string{"BIC": "044525974", "KS": "30101810145250000974"}},
		{Value: "044525000", Title: "ГУ БАНКА РОССИИ ПО ЦФО", Attrs: map[string]string{"BIC": "044525000"}},
	},
	"MVD_organ_hotel_new": {
		{Value: "141603", Title: "141603 ОВМ ОМВД России по району Хамовники г. Москвы"},
		{Value: "141604", Title: "141604 ОВМ ОМВД России по Тверскому району г. Москвы"},
		{Value: "780001", Title: "780001 ОВМ УМВД России по Центральному району г. Санкт-Петербурга"},
	},
	"type_doc_MVD_hostel_new": {
		{Value: "103008", Title: "Паспорт гражданина Российской Федерации"},
		{Value: "103009", Title: "Паспорт иностранного гражданина"},
		{Value: "135709", Title: "Вид на жительство иностранного гражданина"},
		{Value: "139373", Title: "Свидетельство о рождении"},
	},
	"mvd_authorityOrgan_new": {
		{Value: "1001", Title: "ГУ МВД России по г. Москве"},
		{Value: "1002", Title: "ГУ МВД России по г. Санкт-Петербургу и Ленинградской области"},
	},
	"cityzen_MVD_hostel_new": {
		{Value: "DEU", Title: "Германия", Attrs: map[string]string{"code_alpha_3": "DEU"}},
		{Value: "CHN", Title: "Китай", Attrs: map[string]string{"code_alpha_3": "CHN"}},
		{Value: "UZB", Title: "Узбекистан", Attrs: map[string]string{"code_alpha_3": "UZB"}},
		{Value: "XXA", Title: "Лицо без гражданства", Attrs: map[string]string{"code_alpha_3": "XXA"}},
	},
	"country_MVD_hostel_new": {
		{Value: "DEU", Title: "Германия", Attrs: map[string]string{"code_alpha3": "DEU"}},
		{Value: "CHN", Title: "Китай", Attrs: map[string]string{"code_alpha3": "CHN"}},
		{Value: "RUS", Title: "Россия", Attrs: map[string]string{"code_alpha3": "RUS"}},
	},
	"docResidence_MVD_hostel_new": {
		{Value: "139356", Title: "Виза"},
		{Value: "135709", Title: "Вид на жительство"},
		{Value: "139386", Title: "Разрешение на временное проживание"},
	},
	"category_visa_MVD_new":   {{Value: "1", Title: "Обыкновенная"}, {Value: "2", Title: "Служебная"}, {Value: "3", Title: "Дипломатическая"}},
	"entrancePurpose_MVD_new": {{Value: "1", Title: "Туризм"}, {Value: "2", Title: "Деловая"}, {Value: "3", Title: "Частная"}},
	"multiplicity_MVD":        {{Value: "1", Title: "Однократная"}, {Value: "2", Title: "Двукратная"}, {Value: "3", Title: "Многократная"}},
	"kppRF_MVD_new":           {{Value: "1008", Title: "ШЕРЕМЕТЬЕВО (АВИА)"}, {Value: "1009", Title: "ВНУКОВО (АВИА)"}, {Value: "1010", Title: "ПУЛКОВО (АВИА)"}},
	"targetPurpose_MVD":       {{Value: "TOURISM", Title: "Туризм"}, {Value: "WORK", Title: "Работа"}, {Value: "STUDY", Title: "Учёба"}, {Value: "PRIVATE", Title: "Частная"}},
	"deregistration_MVD_new":  {{Value: "1", Title: "Убытие"}, {Value: "2", Title: "Смерть"}},
	"representative_mvd_new":  {{Value: "1", Title: "Мать"}, {Value: "2", Title: "Отец"}, {Value: "3", Title: "Опекун"}},
	"OKATO": {
		{Value: "45000000000", Title: "г. Москва"},
		{Value: "45286000000", Parent: "45000000000", Title: "Центральный административный округ"},
		{Value: "45286590000", Parent: "45286000000", Title: "район Хамовники"},
		{Value: "45286585000", Parent: "45286000000", Title: "Тверской район"},
		{Value: "40000000000", Title: "г. Санкт-Петербург"},
		{Value: "40298000000", Parent: "40000000000", Title: "Центральный район"},
	},
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
