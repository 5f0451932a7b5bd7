package sandbox_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/sandbox/nsidict"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/stretchr/testify/require"
)

// TestCatalogDictionariesSeeded: every НСИ dictionary the catalog names
// answers code 0 with realistic items (issue 13, item 19: VKSP_FSSP,
// EXTERNAL_BIC, MVD_HOTELS, TO_PFR … answered code 7), and every coded
// value of every template filled with the catalog's defaults is an item of
// its dictionary.
func TestCatalogDictionariesSeeded(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{}
	for _, svc := range xsd.Services() {
		for _, d := range svc.Dictionaries {
			if seen[d.Code] {
				continue
			}
			seen[d.Code] = true
			resp, err := http.Post(e.srv.URL()+"/api/nsi/v1/dictionary/"+d.Code, "application/json", strings.NewReader(`{"treeFiltering":"ONELEVEL"}`))
			require.NoError(t, err)
			var out struct {
				Error struct{ Code int } `json:"error"`
				Total int                `json:"total"`
				Items []struct {
					Value, Title string
				} `json:"items"`
			}
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
			resp.Body.Close()
			require.Equal(t, 0, out.Error.Code, "%s (%s) of %s", d.Code, d.Name, svc.Code)
			min := 5
			if d.Code == "multiplicity_MVD" || d.Code == "docResidence_MVD_hostel_new" {
				min = 3 // closed lists
			}
			require.GreaterOrEqual(t, out.Total, min, "%s: too few items", d.Code)
			for _, it := range out.Items {
				require.NotEmpty(t, it.Value, d.Code)
				require.NotEmpty(t, it.Title, d.Code)
			}
		}
	}
	for _, code := range []string{"VKSP_FSSP", "EXTERNAL_BIC", "MVD_HOTELS", "TO_PFR"} {
		require.True(t, seen[code], "the catalog no longer names %s", code)
	}
	// every value the templates use by default is an item of its dictionary
	checked := 0
	for _, svc := range xsd.Services() {
		for _, role := range svc.Roles() {
			if svc.Template(role) == nil {
				continue
			}
			doc, err := svc.FillTemplate(role, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), map[string]string{"orderId": "3500000001"})
			require.NoError(t, err, "%s %s", svc.Code, role)
			vals, err := svc.CodedValues(bytes.NewReader(doc))
			if err != nil {
				continue // not XML with coded fields
			}
			for _, cv := range vals {
				ok, anyKnown := false, false
				for _, d := range cv.Dictionaries {
					has, known := sandbox.DictionaryHas(d.Code, d.Column, cv.Value)
					ok, anyKnown = ok || has, anyKnown || known
				}
				if len(cv.Dictionaries) > 0 {
					checked++
					require.True(t, anyKnown, "%s %s %s: dictionaries %v not seeded", svc.Code, role, cv.Path, cv.Dictionaries)
					require.True(t, ok, "%s %s %s = %q: not an item of %v", svc.Code, role, cv.Path, cv.Value, cv.Dictionaries)
				}
			}
		}
	}
	require.Greater(t, checked, 10, "too few coded values checked")
	// values of other dictionaries the templates name in placeholders
	for code, v := range map[string][2]string{
		"VKSP_FSSP": {"", "69025"}, "MVDR23_OFFICE": {"recordId", "1"}, "MVDR23_CITIZENSHIP": {"recordId", "1"},
		"okved_rot": {"Код", "41.20"}, "MVDR23_TU_EMPLOYER_STATUS_CONT": {"recordId", "1"}, "MVD_HOTELS": {"INN", "7707112657"},
		"targetPurpose_MVD": {"code", "TOURISM"}, "kppRF_MVD_new": {"", "1008"}, "docResidence_MVD_hostel_new": {"", "139356"},
	} {
		has, known := nsidict.Has(code, v[0], v[1])
		require.True(t, has && known, "%s has no %s", code, v[1])
	}
	has, known := nsidict.Has("kppRF_MVD_new", "", "1")
	require.True(t, known)
	require.False(t, has, "checkpoint 1 is no КПП")
	_, known = nsidict.Has("NO_SUCH", "", "1")
	require.False(t, known)
	// the hotels' ИНН pass their checksums
	items, _ := nsidict.Lookup("MVD_HOTELS")
	for _, it := range items {
		require.True(t, pki.ValidINN(it.Attrs["INN"]), it.Attrs["INN"])
	}
}
