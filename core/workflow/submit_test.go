package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func TestSubmitHotelReservesAndUploadsInChunks(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.hotelApp(1000))
	if err != nil {
		t.Fatalf("submit: %v", i18n.Message(err))
	}
	if res.Route != RouteChunked || res.OrderID == 0 {
		t.Fatalf("result %+v: hotels need the number in the XML, so reserve + chunked", res)
	}
	o := e.orders()
	if len(o) != 1 || o[0].OrderID != res.OrderID {
		t.Fatalf("sandbox orders %+v, want exactly %d", o, res.OrderID)
	}
	if o[0].State == "NEW" {
		t.Fatalf("order %d not uploaded: %+v", res.OrderID, o[0])
	}
	for _, want := range []Stage{StageValidate, StageReserve, StagePack, StageUpload, StageSent} {
		if len(e.eventsOf(want)) == 0 {
			t.Errorf("no %s event; got %v", want, e.stages())
		}
	}
}

func TestSubmitGoskeyPushesSmallArchive(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.goskeyApp(2000, "doc.pdf"))
	if err != nil {
		t.Fatalf("submit: %v", i18n.Message(err))
	}
	if res.Route != RoutePush {
		t.Fatalf("route %s, want push (small, no number in the XML)", res.Route)
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID {
		t.Fatalf("sandbox orders %+v", o)
	}
}

// Issue 13 item 1: the hotel target code comes from the catalog.
func TestMetaTargetFromCatalog(t *testing.T) {
	e := newEnv(t, envOptions{})
	m, err := e.core.Meta("10000103652", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.TargetCode != "-1000444103652" || m.Region != DefaultRegion {
		t.Fatalf("meta %+v: targetCode must be the catalog's -1000444103652", m)
	}
	if m, _ := e.core.Meta("10000103652", "-42", "46000000000"); m.TargetCode != "-42" || m.Region != "46000000000" {
		t.Fatalf("overrides lost: %+v", m)
	}
	if _, err := e.core.Meta("99999", "", ""); !IsInput(err) {
		t.Fatalf("unknown service: %v, want an InputError", err)
	}
	id, err := e.sess.Reserve(context.Background(), m)
	if err != nil || id == 0 {
		t.Fatalf("reserve with the catalog target: %v", err)
	}
}

// Issue 13 item 2: a ready archive for a service that needs the number in
// the XML, without a reserved number, is refused before reserving.
func TestPushWithoutOrderRefusedWhenServiceNeedsNumber(t *testing.T) {
	e := newEnv(t, envOptions{})
	zip := e.zipFile("small.zip", map[string][]byte{"req.xml": []byte("<a/>"), "piev_epgu.xml": []byte("<b/>")})
	_, err := e.sess.Submit(context.Background(), Application{Service: "60010153", Archive: zip})
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("err %v, want the local checks to refuse", err)
	}
	if msg := i18n.MessageIn(i18n.RU, err); !strings.Contains(msg, "зарезервируйте") || !strings.Contains(msg, "gosctl submit") {
		t.Errorf("message does not say what to do: %s", msg)
	}
	if o := e.orders(); len(o) != 0 {
		t.Fatalf("an order number was spent: %+v", o)
	}
}

// Issue 13 item 5: nothing doomed is sent, no number is spent.
func TestDoomedSendsSpendNoNumber(t *testing.T) {
	e := newEnv(t, envOptions{})
	empty := e.file("empty.zip", 0, "")
	notZip := e.file("notzip.zip", 3000, "hello")
	emptyReq := e.zipFile("emptyreq.zip", map[string][]byte{"req.xml": nil, "doc.pdf": []byte("%PDF-1.4"), "req.xml.sig": []byte("x"), "doc.pdf.sig": []byte("x")})
	cases := []struct {
		name, path, want string
	}{
		{"0 bytes", empty, "0 байт"},
		{"not a ZIP", notZip, "не является ZIP"},
		{"empty req.xml", emptyReq, "req.xml: файл пуст"},
	}
	for _, c := range cases {
		_, err := e.sess.Submit(context.Background(), Application{Service: "10000000374", Archive: c.path, Chunked: true})
		if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), c.want) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.want)
		}
	}
	if o := e.orders(); len(o) != 0 {
		t.Fatalf("order numbers were spent on doomed sends: %+v", o)
	}
}

// A clerk drops «паспорт.pdf» as the hotel's scan: it goes into the
// archive under the name the service wants.
func TestAttachmentNamedByRole(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	scan := e.file("паспорт.pdf", 3000, "%PDF-1.4\n")
	app.Files = []Attachment{{Path: scan, Role: "scan"}}
	svc, _ := lookupService(app.Service)
	files, err := attachmentsOf(svc, app)
	if err != nil || len(files) != 1 || files[0].Name != "form.FormStep10.Panel1.caseAttachment1.0" {
		t.Fatalf("names %+v: %v", files, err)
	}
	if _, err := e.sess.Submit(context.Background(), app); err != nil {
		t.Fatalf("submit: %s", i18n.Message(err))
	}
	if probs := e.core.Check(Application{Service: app.Service, Documents: app.Documents, Files: []Attachment{{Path: scan, Role: "nosuchrole"}}}); len(probs) == 0 {
		t.Fatal("an unknown role passed the checks")
	}
}

// An expired certificate is said before anything is sent.
func TestExpiredCertificateRefusedBeforeSending(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.clock.Advance(20 * 365 * 24 * time.Hour)
	_, err := e.sess.Submit(context.Background(), e.hotelApp(0))
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "действующий сертификат") {
		t.Fatalf("err %v", err)
	}
	if o := e.orders(); len(o) != 0 {
		t.Fatalf("orders %v", o)
	}
}

// A coded value that is not in the catalog's НСИ dictionary is refused
// before an order number is spent (the sandbox would refuse it after).
func TestCodedValueCheckedAgainstNSI(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc, _ := lookupService("10000103652")
	set := map[string]string{"orderId": "{orderId}", "guestCitizenship": "XXZ"}
	req, _ := svc.FillTemplate("req", e.clock.Now(), set)
	att, _ := svc.FillTemplate("attach", e.clock.Now(), set)
	_, err := e.sess.Submit(context.Background(), Application{Service: svc.Code, Documents: []Document{{"req.xml", req}, {"attach.xml", att}}})
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "XXZ") {
		t.Fatalf("err %v", err)
	}
	if o := e.orders(); len(o) != 0 {
		t.Fatalf("orders %v", o)
	}
	if _, err := e.sess.Submit(context.Background(), e.hotelApp(0)); err != nil {
		t.Fatalf("the catalog's defaults are dictionary items: %s", i18n.Message(err))
	}
}

// A file name the service's catalog rule refuses is explained with the
// rule's own words (which characters are allowed), not the generic list of
// forbidden characters: the clerk must know what to rename it to.
func TestBadNameSaysTheCatalogRule(t *testing.T) {
	e := newEnv(t, envOptions{})
	probs := e.core.Check(e.goskeyApp(2000, "dogovor-arendy.pdf"))
	var got []string
	for _, p := range probs {
		got = append(got, p.Text.RU)
	}
	all := strings.Join(got, " | ")
	if !strings.Contains(all, "латиница, цифры, подчёркивание, пробел") || strings.Contains(all, "управляющие символы") {
		t.Fatalf("problems %q: want the catalog's nameHint, not the generic text", all)
	}
	_, err := e.sess.Submit(context.Background(), e.goskeyApp(2000, "dogovor-arendy.pdf"))
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "латиница, цифры, подчёркивание, пробел") {
		t.Fatalf("submit error %v", err)
	}
}

// An application typed in the editor carries no applicant of its own:
// the journal lists the guest the XML names (the catalog says where),
// for a draft as for a sent order.
func TestApplicantReadFromTheXML(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	app.Applicant = ""
	svc, _ := lookupService(app.Service)
	want := svc.ApplicantOf(map[string][]byte{app.Documents[0].Name: app.Documents[0].Data, app.Documents[len(app.Documents)-1].Name: app.Documents[len(app.Documents)-1].Data})
	if want == "" {
		t.Fatal("the hotel test application names no guest")
	}
	id, err := e.core.SaveDraft(Draft{Service: app.Service, Documents: app.Documents})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.core.Journal().Application(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Applicant != want {
		t.Fatalf("draft applicant %q, want %q", a.Applicant, want)
	}
	res, err := e.sess.Submit(context.Background(), app)
	if err != nil {
		t.Fatalf("submit: %s", i18n.Message(err))
	}
	v, err := e.core.OrderView(context.Background(), res.AppID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Applicant != want {
		t.Fatalf("order applicant %q, want %q", v.Applicant, want)
	}
}
