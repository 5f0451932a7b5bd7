package xsd

import (
	"testing"
	"time"
)

// The applicant of a hotel notice is the guest, not the hotel employee
// whose <lastName> comes first in the same document.
func TestApplicantOfHotelNoticeIsTheGuest(t *testing.T) {
	svc, ok := Lookup("10000103652")
	if !ok {
		t.Fatal("no 10000103652")
	}
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, Moscow)
	set := map[string]string{"lastName": "Сотрудникова", "firstName": "Анна", "guestLastName": "Мюллер", "guestFirstName": "Ганс"}
	docs := map[string][]byte{}
	for _, role := range []string{"req", "attach"} {
		b, err := svc.FillTemplate(role, now, set)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := svc.File(role)
		docs[f.Name] = b
	}
	if got := svc.ApplicantOf(docs); got != "Мюллер Ганс" {
		t.Fatalf("applicant %q, want the guest «Мюллер Ганс»", got)
	}
}

// Every field a service names as its applicant is a placeholder in an
// element of one of its templates, and a filled
// template yields a non-empty applicant.
func TestApplicantFieldsExistInTemplates(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, Moscow)
	n := 0
	for _, svc := range Services() {
		if len(svc.ApplicantFields) == 0 {
			continue
		}
		n++
		docs := map[string][]byte{}
		for _, f := range svc.Files {
			if f.Template == "" {
				continue
			}
			b, err := svc.FillTemplate(f.Role, now, nil)
			if err != nil {
				t.Fatalf("%s %s: %v", svc.Code, f.Role, err)
			}
			name := f.Name
			if name == "req_*.xml" || name == "trans_*.xml" {
				name = name[:len(name)-5] + "x.xml"
			}
			docs[name] = b
		}
		for _, field := range svc.ApplicantFields {
			if _, ok := svc.placeOf(field); !ok {
				t.Errorf("%s: applicant field %s is in no element of a template", svc.Code, field)
			}
		}
		if svc.ApplicantOf(docs) == "" {
			t.Errorf("%s: empty applicant of its filled templates", svc.Code)
		}
	}
	if n < 9 {
		t.Fatalf("only %d services name their applicant", n)
	}
}

func TestApplicantOfNothingFilled(t *testing.T) {
	svc, _ := Lookup("10000103652")
	if got := svc.ApplicantOf(map[string][]byte{"attach.xml": []byte("<a><b>")}); got != "" {
		t.Fatalf("applicant %q of a broken document", got)
	}
	if got := svc.ApplicantOf(map[string][]byte{"attach.xml": svc.Template("attach")}); got != "" {
		t.Fatalf("applicant %q of an unfilled template", got)
	}
}
