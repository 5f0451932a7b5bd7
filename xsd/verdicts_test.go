package xsd

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// TestVerdictsSame: a remembered verdict is the one a new check gives,
// whatever the order of the calls and their limits of errors.
func TestVerdictsSame(t *testing.T) {
	orders := [][]int{{0, 20, 3, 100, 200}, {20, 0, 3}, {3, 200, 20, 1}}
	hits := 0
	for _, v := range variants(t) {
		for _, order := range orders {
			var vs Verdicts
			for _, max := range order {
				opts := &xmlschema.ValidateOptions{MaxErrors: max}
				want, wantErr := v.f.ValidateBytes(v.doc, opts)
				before := vs.last
				got, err := vs.Validate(v.f, v.doc, opts)
				sameVerdict(t, fmt.Sprintf("%s max %d after %v", v.name, max, order), want, wantErr, got, err)
				if len(before) > 0 && len(vs.last) == len(before) && vs.last[0].maxErr != max {
					hits++
				}
				// what the caller got is its own
				if got != nil && len(got.Errors) > 0 {
					got.Errors[0].Message = "changed"
				}
			}
		}
	}
	if hits == 0 {
		t.Error("no verdict was ever reused")
	}
}

// TestVerdictsKeys: another document, another file or other limits are
// checked afresh; the least recent verdict goes first.
func TestVerdictsKeys(t *testing.T) {
	s, _ := Lookup("10000103652")
	attach, _ := s.File("attach")
	req, _ := s.File("req")
	doc, _ := s.FillTemplate("attach", time.Date(2025, 6, 1, 12, 0, 0, 0, Moscow), map[string]string{"orderId": "3500308079"})
	var vs Verdicts
	res, err := vs.Validate(attach, doc, nil)
	if err != nil || !res.Valid() {
		t.Fatalf("%v %v", err, res)
	}
	res, err = vs.Validate(req, doc, nil) // the same bytes against the schema of req.xml
	if err != nil || res.Valid() {
		t.Fatalf("attach.xml valid as req.xml: %v %v", err, res)
	}
	vs.Validate(attach, doc, &xmlschema.ValidateOptions{MaxDepth: 3})
	vs.Validate(attach, append(doc, ' '), nil)
	if len(vs.last) != 4 {
		t.Fatalf("%d verdicts kept, want 4", len(vs.last))
	}
	for i := 0; i < verdictsKept; i++ {
		vs.Validate(attach, append(doc, bytes.Repeat([]byte(" "), i+2)...), nil)
	}
	if len(vs.last) != verdictsKept {
		t.Fatalf("%d verdicts kept, want %d", len(vs.last), verdictsKept)
	}
	var nilVerdicts *Verdicts
	res, err = nilVerdicts.Validate(attach, doc, nil)
	if err != nil || !res.Valid() {
		t.Fatalf("nil Verdicts: %v %v", err, res)
	}
}

// BenchmarkVerdicts1MB is the second check of the same 1 MB hotel
// attach.xml: a remembered verdict (compare BenchmarkRules1MB).
func BenchmarkVerdicts1MB(b *testing.B) {
	f, doc := hotelDoc1MB(b)
	var vs Verdicts
	vs.Validate(f, doc, nil)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := vs.Validate(f, doc, &xmlschema.ValidateOptions{MaxErrors: 20})
		if err != nil || !res.Valid() {
			b.Fatalf("%v %v", err, res)
		}
	}
}
