package workflow

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
)

// The details of a Госключ order from sending to its result: the XML and
// the document as sent, no cancel (the service has none, said in words), the
// status history, the result files with their verdicts, verified again
// on demand (a file spoiled on disk since is caught), the badge's "seen".
func TestOrderViewFromSendToResult(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	app := e.goskeyApp(3000, "doc.pdf")
	res, err := e.sess.Submit(ctx, app)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	v, err := e.core.OrderView(ctx, res.AppID)
	if err != nil {
		t.Fatal(err)
	}
	if v.OrderID != res.OrderID || v.Env != "sandbox" || len(v.Documents) != 1 || len(v.Attachments) != 1 {
		t.Fatalf("view %+v", v)
	}
	if a := v.Attachments[0]; a.Missing || a.Changed || a.Path == "" {
		t.Errorf("attachment as sent: %+v", a)
	}
	if v.CanCancel || !strings.Contains(v.CancelNote.RU, "не предусматривает отмену") || !strings.Contains(v.CancelNote.RU, "ведомство") {
		t.Errorf("Госключ: cancel %v, note %q", v.CanCancel, v.CancelNote.RU)
	}
	if v.CanResume || v.CanResend {
		t.Errorf("a sent order: resume %v resend %v", v.CanResume, v.CanResend)
	}

	e.clock.Advance(time.Minute)
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if n, _ := e.core.Pending("sandbox"); n != 1 {
		t.Errorf("pending %d, want the order awaiting its final status", n)
	}
	if err := e.sess.Track(tctx, TrackOptions{Download: true, Interval: time.Minute}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	if n, _ := e.core.Pending("sandbox"); n != 0 {
		t.Errorf("pending %d after the final status", n)
	}
	v, err = e.core.OrderView(ctx, res.AppID)
	if err != nil {
		t.Fatal(err)
	}
	if v.State != journal.StateFinal || len(v.History) == 0 || len(v.Results) == 0 || v.Seen {
		t.Fatalf("final view: state %s, %d statuses, %d results, seen %v", v.State, len(v.History), len(v.Results), v.Seen)
	}
	var sig *journal.ResultFile
	for i, f := range v.Results {
		if f.IsSig && strings.HasSuffix(strings.ToLower(f.Name), ".sig") {
			sig = &v.Results[i]
		}
	}
	if sig == nil || !sig.Valid || !strings.Contains(sig.Verdict, "подпись верна") {
		t.Fatalf("result signature verdict: %+v", v.Results)
	}
	if n, _ := e.core.Unseen(ctx, "sandbox"); n != 1 {
		t.Errorf("unseen %d, want the new result", n)
	}
	if ok, err := e.core.MarkSeen(ctx, res.AppID); !ok || err != nil {
		t.Errorf("mark seen %v %v", ok, err)
	}
	if n, _ := e.core.Unseen(ctx, "sandbox"); n != 0 {
		t.Errorf("unseen %d after opening the details", n)
	}

	// verified again: still valid; then the signed file is spoiled on disk
	files, err := e.core.VerifyResults(ctx, "sandbox", res.OrderID)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	signed := ""
	for _, f := range files {
		if f.Name == sig.Name && !f.Valid {
			t.Errorf("verified again: %+v", f)
		}
		if f.Name+".sig" == sig.Name {
			signed = f.Path
		}
	}
	if signed == "" {
		t.Fatalf("the signed file of %s is not among %+v", sig.Name, files)
	}
	if err := os.WriteFile(signed, []byte("подменённое содержимое"), 0o600); err != nil {
		t.Fatal(err)
	}
	files, err = e.core.VerifyResults(ctx, "sandbox", res.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == sig.Name && f.Valid {
			t.Errorf("a spoiled file still verifies: %+v", f)
		}
	}
	v, _ = e.core.OrderView(ctx, res.AppID)
	for _, f := range v.Results {
		if f.Name == sig.Name && f.Valid {
			t.Error("the new verdict is not in the journal")
		}
	}

	// the scan changed since it was sent
	if err := os.WriteFile(v.Attachments[0].Path, []byte("%PDF-1.4\nдругой"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, _ = e.core.OrderView(ctx, res.AppID)
	if !v.Attachments[0].Changed {
		t.Errorf("a changed scan is not noticed: %+v", v.Attachments[0])
	}
}

// What a user may do follows the catalog and the state.
func TestOrderViewDecides(t *testing.T) {
	fssp := "10000000367"
	for _, c := range []struct {
		v                      OrderView
		cancel, resume, resend bool
		note                   string
	}{
		{OrderView{Service: fssp, State: journal.StateTracking, StatusID: 17, StatusText: "Зарегистрировано на портале"}, true, false, false, ""},
		{OrderView{Service: fssp, State: journal.StateTracking, StatusID: 1, StatusText: "Принято от заявителя"}, false, false, false, "отмена возможна в статусах"},
		{OrderView{Service: fssp, State: journal.StateSent}, false, false, false, "когда портал примет"},
		{OrderView{Service: fssp, State: journal.StateUploading}, false, true, false, ""},
		{OrderView{Service: fssp, State: journal.StateChecked, Draft: true}, false, false, false, ""},
		{OrderView{Service: fssp, State: journal.StateFailed}, false, false, true, ""},
		{OrderView{Service: fssp, State: journal.StateFinal, StatusID: 4}, false, false, true, ""},
		{OrderView{Service: fssp, State: journal.StateFinal, StatusID: 3}, false, false, false, ""},
		{OrderView{Service: "99999", State: journal.StateTracking, StatusID: 2}, true, false, false, ""},
	} {
		v := c.v
		v.decide()
		if v.CanCancel != c.cancel || v.CanResume != c.resume || v.CanResend != c.resend || !strings.Contains(v.CancelNote.RU, c.note) {
			t.Errorf("%s %s/%d: cancel %v resume %v resend %v note %q", v.Service, v.State, v.StatusID, v.CanCancel, v.CanResume, v.CanResend, v.CancelNote.RU)
		}
	}
}

// In English, the notes on why an order cannot be cancelled name the
// agency and the statuses in English (the catalog's twins), not in Russian.
func TestOrderViewCancelNoteInEnglish(t *testing.T) {
	for _, v := range []OrderView{
		// a status the catalog knows; one it does not know stays in the
		// portal's words
		{Service: "10000000367", State: journal.StateTracking, StatusID: 5, StatusText: "Ошибка отправки заявления в ведомство"},
		{Service: "10000103652", State: journal.StateTracking, StatusID: 1, StatusText: "Принято от заявителя"},
	} {
		v.decide()
		if v.CancelNote.EN == "" {
			t.Fatalf("%s: no note", v.Service)
		}
		if strings.ContainsFunc(v.CancelNote.EN, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			t.Errorf("%s: English note has Russian words: %q", v.Service, v.CancelNote.EN)
		}
	}
}

// The attachments of a signed service carry the verdict the service gave
// the archive's signatures.
func TestOrderViewSentSignatures(t *testing.T) {
	base := OrderView{Service: "10000103652", State: journal.StateTracking, Attachments: []AttachmentView{{Name: "скан.pdf"}}}
	for _, c := range []struct {
		hist  []journal.Status
		valid bool
		want  string
	}{
		{nil, true, "проверит подпись при приёме"},
		{[]journal.Status{{ID: 17, Title: "Зарегистрировано на портале"}}, true, "проверило и приняло"},
		{[]journal.Status{{ProcState: "FILES_VERIFICATION_FAILED", Final: true}}, false, "не приняло подписи"},
	} {
		v := base
		v.Attachments = []AttachmentView{{Name: "скан.pdf"}}
		v.History = c.hist
		v.sentSignatures()
		if a := v.Attachments[0]; !a.Signed || a.Valid != c.valid || !strings.Contains(a.Verdict, c.want) {
			t.Errorf("%+v: %+v", c.hist, a)
		}
	}
	v := base
	v.Service = "10000000367" // not signed
	v.Attachments = []AttachmentView{{Name: "скан.pdf"}}
	v.sentSignatures()
	if v.Attachments[0].Signed {
		t.Error("a verdict for a service that signs nothing")
	}
}
