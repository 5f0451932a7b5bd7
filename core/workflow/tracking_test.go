package workflow

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

func TestTrackUntilFinalDownloadsResult(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.hotelApp(0))
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.clock.Advance(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := e.sess.Track(ctx, TrackOptions{Download: true, Interval: time.Minute}); err != nil {
		t.Fatalf("track: %s", i18n.Message(err))
	}
	finals := e.eventsOf(StageFinal)
	if len(finals) != 1 || finals[0].OrderID != res.OrderID || finals[0].Status == nil || !finals[0].Status.Final {
		t.Fatalf("final events %+v", finals)
	}
	results := e.eventsOf(StageResult)
	if len(results) != 1 || len(results[0].Files) == 0 {
		t.Fatalf("result events %+v, want the result downloaded", results)
	}
	for _, f := range results[0].Files {
		if _, err := os.Stat(f.Path); err != nil {
			t.Errorf("result file %s: %v", f.Path, err)
		}
	}
	a, _ := e.core.store.ByOrder("sandbox", res.OrderID)
	if a == nil || a.State != stateFinal {
		t.Fatalf("journal: %+v, want final", a)
	}
	// The next poll asks only for what changed since (cursor kept).
	if c, _ := e.core.store.Cursor("sandbox"); c.IsZero() {
		t.Error("the getUpdatedAfter cursor is not journalled")
	}
}

func TestTrackExplicitListShowsRefusedArchive(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.hotelApp(0))
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.admin("/admin/orders/"+strconv.FormatInt(res.OrderID, 10)+"/state", `{"state":"VALIDATION_ERROR"}`)
	if err := e.sess.Track(context.Background(), TrackOptions{OrderIDs: []int64{res.OrderID}, Once: true}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	f := e.eventsOf(StageFinal)
	if len(f) != 1 || f[0].Status.State != "VALIDATION_ERROR" {
		t.Fatalf("final events %+v: an archive refused in processing must show its real state, not «0 Черновик»", f)
	}
}

func TestTrackHonoursRetryAfter(t *testing.T) {
	e := newEnv(t, envOptions{})
	if _, err := e.sess.Submit(context.Background(), e.hotelApp(0)); err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.faults([]sandbox.Fault{{Status: 429, RetryAfter: 90, Count: 5, PathPrefix: "/api/gusmev/order/getUpdatedAfter"}})
	start := e.clock.Now()
	if err := e.sess.Track(context.Background(), TrackOptions{Once: false, Interval: time.Second}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	if waited := e.clock.Now().Sub(start); waited < 90*time.Second {
		t.Fatalf("waited %s on the sandbox clock, want at least the 90 s Retry-After", waited)
	}
}

// Госключ: the signed document comes back as the document and its .sig,
// not in a ZIP; the signature gets a verdict too.
func TestGoskeyResultSignatureVerified(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.goskeyApp(3000, "doc.pdf"))
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.clock.Advance(time.Minute)
	files, err := e.sess.Download(context.Background(), res.OrderID, DownloadOptions{Extract: true})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	signed := 0
	for _, f := range files {
		if f.Signed {
			signed++
			if !f.Valid {
				t.Errorf("%s: %s", f.Name, f.Verdict)
			}
			// On the sandbox the result's signer must chain to the
			// sandbox's test CA, not merely be mathematically valid.
			if strings.Contains(f.Verdict, "не проверена") || strings.Contains(f.Verdict, "not checked") {
				t.Errorf("%s: %s — the chain to the sandbox CA was not checked", f.Name, f.Verdict)
			}
		}
	}
	if signed == 0 {
		t.Fatalf("no signature verdict among %+v", files)
	}
	// the journal keeps the verdict for the next start (the GUI's Госключ
	// list reads it back)
	kept, err := e.core.Journal().Results(context.Background(), e.sess.env.Name, res.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	sigs := 0
	for _, r := range kept {
		if r.IsSig {
			sigs++
			if !r.Valid || r.Verdict == "" {
				t.Errorf("journalled verdict %+v", r)
			}
		}
	}
	if sigs != signed {
		t.Errorf("journal keeps %d signature verdicts, the download had %d: %+v", sigs, signed, kept)
	}
}

// An archive refused after a long processing is still noticed: its
// refusal changes no portal status, so getUpdatedAfter alone would miss it.
func TestTrackNoticesLateRefusal(t *testing.T) {
	e := newEnv(t, envOptions{})
	res, err := e.sess.Submit(context.Background(), e.hotelApp(0))
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	id := strconv.FormatInt(res.OrderID, 10)
	e.admin("/admin/orders/"+id+"/state", `{"state":"FILES_VERIFICATION"}`)
	if err := e.sess.Track(context.Background(), TrackOptions{Once: true}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.clock.Advance(10 * time.Minute)
	if err := e.sess.Track(context.Background(), TrackOptions{Once: true}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	e.admin("/admin/orders/"+id+"/state", `{"state":"REQ_VERIFY_FAILED"}`)
	e.clock.Advance(time.Minute)
	if err := e.sess.Track(context.Background(), TrackOptions{Once: true}); err != nil {
		t.Fatal(i18n.Message(err))
	}
	f := e.eventsOf(StageFinal)
	if len(f) != 1 || f[0].Status.State != "REQ_VERIFY_FAILED" {
		t.Fatalf("final events %+v", f)
	}
}
