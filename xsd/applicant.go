package xsd

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// ApplicantOf names the applicant of a filled application for the
// journal's lists: the values of the service's ApplicantFields, read from
// the documents (file name → content) at the element where the service's
// template holds the placeholder, joined with a space (an element that
// holds several of them, «{lastName} {firstName}», is read once). It
// returns "" when the service names no fields or none is filled.
//
// The template's element path (local names from the document element) is
// what tells the guest's <lastName> of a hotel notice from the hotel
// employee's one elsewhere in the same document.
func (s Service) ApplicantOf(docs map[string][]byte) string {
	var parts []string
	for _, at := range s.applicantPlaces() {
		for name, doc := range docs {
			if f, _ := s.FileFor(name); f.Role != at.role {
				continue
			}
			var got string
			elementPath(doc, func(path, text string) bool {
				if path == at.path {
					got = text
					return true
				}
				return false
			})
			if got != "" && !strings.Contains(got, "{") {
				parts = append(parts, got)
				break
			}
		}
	}
	return strings.Join(parts, " ")
}

// place is an element of a file role's documents.
type place struct{ role, path string }

// applicantPlaces are the distinct elements of the templates that hold
// the service's ApplicantFields, in the order of the fields.
func (s Service) applicantPlaces() []place {
	var out []place
	seen := map[place]bool{}
	for _, field := range s.ApplicantFields {
		if p, ok := s.placeOf(field); ok && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// placeOf finds the first element of a template whose text holds the
// placeholder {field}.
func (s Service) placeOf(field string) (place, bool) {
	want := "{" + field + "}"
	for _, f := range s.Files {
		tmpl := s.Template(f.Role)
		if tmpl == nil || !bytes.Contains(tmpl, []byte(want)) {
			continue
		}
		if p := elementPath(tmpl, func(_, text string) bool { return strings.Contains(text, want) }); p != "" {
			return place{f.Role, p}, true
		}
	}
	return place{}, false
}

// elementPath walks the elements of doc and returns the "/"-joined local
// names of the first element whose trimmed text (only character data, no
// child elements) makes match true; "" when none does or doc is not XML.
func elementPath(doc []byte, match func(path, text string) bool) string {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	var stack []string
	var text strings.Builder
	leaf := false
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			text.Reset()
			leaf = true
		case xml.CharData:
			if leaf {
				text.Write(t)
			}
		case xml.EndElement:
			if leaf {
				p := strings.Join(stack, "/")
				if match(p, strings.TrimSpace(text.String())) {
					return p
				}
			}
			leaf = false
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
