package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

func TestSessionToken(t *testing.T) {
	e := newEnv(t, envOptions{})
	ti, err := e.sess.Token(context.Background(), false)
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if ti.Token != "" || ti.Expires.IsZero() || ti.Env != "sandbox" || ti.Certificate == "" {
		t.Fatalf("token info %+v: described, the token itself not shown", ti)
	}
	if ti, _ := e.sess.Token(context.Background(), true); ti.Token == "" {
		t.Fatal("the token on request")
	}
}

func TestUnknownEnvironmentIsInputError(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := e.core.OpenSession(context.Background(), SessionOptions{Env: "staging"})
	if !IsInput(err) {
		t.Fatalf("err %v", err)
	}
	// One text, not the same sentence twice.
	msg := i18n.MessageIn(i18n.RU, err)
	if half := len(msg) / 2; half > 10 && strings.Contains(msg[half:], msg[:10]) {
		t.Fatalf("message repeats itself: %s", msg)
	}
}

// Issue 13 item 9: cancel says why not, in words.
func TestCancelWording(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	res, err := e.sess.Submit(ctx, e.hotelApp(0))
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	err = e.sess.Cancel(ctx, res.OrderID, "ошибка в данных")
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "не предусматривает отмену") {
		t.Fatalf("hotel (catalog «Отмена: нет»): %v", err)
	}
	// Right after a push, while the portal has not accepted the order.
	e.admin("/admin/orders/"+strconv.FormatInt(res.OrderID, 10)+"/state", `{"state":"FILES_VERIFICATION"}`)
	err = e.sess.Cancel(ctx, res.OrderID, "ошибка в данных")
	if err == nil || !strings.Contains(i18n.MessageIn(i18n.RU, err), "когда портал примет заявление") {
		t.Fatalf("just pushed: %v", err)
	}
	if err := e.sess.Cancel(ctx, res.OrderID, " "); !IsInput(err) {
		t.Fatalf("no reason: %v", err)
	}
}

// A 401 that outlives re-authentication is an answer, not a temporary
// failure: said at once, in words.
func TestLasting401IsReportedQuickly(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.faults([]sandbox.Fault{{Status: 401, PathPrefix: "/api/gusmev/order/"}})
	start := e.clock.Now()
	_, err := e.sess.Details(context.Background(), 3500000000)
	if !errors.Is(err, epgu.ErrUnauthorized) || !strings.Contains(i18n.MessageIn(i18n.RU, err), "401") {
		t.Fatalf("err %v", err)
	}
	if waited := e.clock.Now().Sub(start); waited > 0 {
		t.Fatalf("waited %s before saying so", waited)
	}
}

func TestValidateAcceptsOrderIDPlaceholder(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	for _, d := range app.Documents {
		probs, err := e.core.Validate(app.Service, d.Name, d.Data)
		if err != nil || len(probs) != 0 {
			t.Fatalf("%s with {orderId}: %v %v", d.Name, err, probs)
		}
	}
	probs, _ := e.core.Validate(app.Service, "attach.xml", []byte("<a><b></a>"))
	if len(probs) != 1 || !strings.Contains(probs[0].Text.RU, "не является корректным XML") || probs[0].Line == 0 {
		t.Fatalf("not well-formed: %+v", probs)
	}
}

// TestCheckAfterValidate: Check reuses the verdicts of Validate (the GUI
// validates the edited document, then checks the application) and says
// what a Check of its own says.
func TestCheckAfterValidate(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	for i, d := range app.Documents {
		if d.Name == "attach.xml" {
			app.Documents[i].Data = bytes.Replace(d.Data, []byte("</"), []byte("<bogus>x</bogus></"), 30)
		}
	}
	fresh := newEnv(t, envOptions{}).core.Check(app)
	if len(fresh) == 0 {
		t.Fatal("the broken application passed")
	}
	for _, d := range app.Documents {
		e.core.Validate(app.Service, d.Name, d.Data)
	}
	for i := 0; i < 2; i++ {
		if got := e.core.Check(app); !reflect.DeepEqual(got, fresh) {
			t.Fatalf("Check after Validate:\n%+v\nalone:\n%+v", got, fresh)
		}
	}
}

func TestDraftsSurviveRestart(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	id, err := e.core.SaveDraft(Draft{Service: app.Service, Title: "Гость", Documents: app.Documents})
	if err != nil {
		t.Fatal(err)
	}
	e.restart(envOptions{})
	d, err := e.core.LoadDraft(id)
	if err != nil || d.Title != "Гость" || len(d.Documents) != 2 {
		t.Fatalf("draft %+v: %v", d, err)
	}
	if err := e.core.DeleteDraft(id); err != nil {
		t.Fatal(err)
	}
}

func TestSendToGoskey(t *testing.T) {
	e := newEnv(t, envOptions{})
	doc := e.file("dogovor.pdf", 5000, "%PDF-1.4\n")
	res, err := e.sess.SendToGoskey(context.Background(), GoskeyRequest{Documents: []string{doc}, Values: map[string]string{"description": "Договор"}})
	if err != nil {
		t.Fatal(i18n.Message(err))
	}
	if o := e.orders(); len(o) != 1 || o[0].OrderID != res.OrderID || o[0].Service != "10000000374" {
		t.Fatalf("sandbox %+v", o)
	}
	if _, err := e.sess.SendToGoskey(context.Background(), GoskeyRequest{Service: "60010153", Documents: []string{doc}}); !IsInput(err) {
		t.Fatalf("not a Госключ service: %v", err)
	}
}

// A stopped GOST TLS tunnel is final at once: nothing left the machine,
// retrying only delays «туннель … не запущен».
func TestTunnelDownIsNotRetried(t *testing.T) {
	err := fmt.Errorf("post: %w", &config.ErrTunnelDown{})
	if retryable(err) || isUnknownOutcome(err) {
		t.Fatal("a stopped tunnel retried")
	}
}
