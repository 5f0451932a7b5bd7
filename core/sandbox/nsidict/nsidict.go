// Package nsidict holds the НСИ dictionaries the sandbox serves on
// POST /api/nsi/v1/dictionary/{code} (API ЕПГУ v1.13 §3): every dictionary
// the xsd/ catalog names, seeded with realistic entries taken from the
// service specifications where they give values (codes and attributes the
// specs quote: recordId, departmentname, Код, code_alpha_3, ОКСМ …) and
// otherwise from public classifiers (ОКСМ, region codes, ОКВЭД 2, Bank of
// Russia BICs). Persons and hotels are synthetic. Clients that check
// values without running a sandbox (the archive packer, the editor) import
// this package: Has, Lookup, Codes.
package nsidict

import "sort"

// Item is one dictionary entry.
type Item struct {
	Value, Title string
	// Parent is the value of the parent item (tree dictionaries only,
	// such as OKATO); "" for a root item.
	Parent string
	// Attrs are the attribute values (attributeValues of the answer).
	Attrs map[string]string
}

// All maps a dictionary code to its items. Do not modify it.
var All = map[string][]Item{}

func add(code string, items []Item) {
	if _, dup := All[code]; dup {
		panic("nsidict: duplicate dictionary " + code)
	}
	All[code] = items
}

// Lookup returns the items of a dictionary (ok false: the sandbox has no
// such dictionary and answers code 7).
func Lookup(code string) ([]Item, bool) {
	items, ok := All[code]
	return items, ok
}

// Codes lists the dictionary codes, sorted.
func Codes() []string {
	out := make([]string, 0, len(All))
	for c := range All {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Has reports whether value is an item of dictionary code: its value or —
// when column is not "" — that attribute of an item (the catalog's
// Dictionary.Column, e.g. code_alpha_3 for citizenships), as the sandbox's
// archive check accepts. known is false when there is no such dictionary
// (the value cannot be checked).
func Has(code, column, value string) (has, known bool) {
	items, ok := All[code]
	if !ok {
		return false, false
	}
	for _, it := range items {
		if it.Value == value || column != "" && it.Attrs[column] == value {
			return true, true
		}
	}
	return false, true
}
