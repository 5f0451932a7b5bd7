package ens_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

var ctx = context.Background()

// wantErr asserts the user-visible outcome of a failure: the typed error,
// where it was found, and a phrase of the Russian message.
func wantErr(t *testing.T, err error, target *ens.Error, local bool, phrase string) {
	t.Helper()
	var e *ens.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want %s", err, target.Code)
	}
	if !errors.Is(err, target) {
		t.Fatalf("err code %s, want %s: %v", e.Code, target.Code, err)
	}
	if e.Local != local {
		t.Errorf("Local = %v, want %v: %v", e.Local, local, err)
	}
	if !strings.Contains(err.Error(), phrase) {
		t.Errorf("message %q lacks %q", err.Error(), phrase)
	}
}

// checkBalance asserts the balance equals the seed data on the day.
func checkBalance(t *testing.T, e *env, b *ens.Balance, inn string, day time.Time) {
	t.Helper()
	tp, _ := e.srv.Taxpayer(inn)
	today := ens.Date(e.clock.Now())
	if want := tp.SaldoAt(ens.Date(day), today); b.Saldo != want {
		t.Errorf("saldo %s, want %s", b.Saldo, want)
	}
	if b.INN != inn || !b.Date.Equal(ens.Date(day)) {
		t.Errorf("balance header %s %s", b.INN, b.Date)
	}
	if _, off := b.Date.Zone(); off != 3*3600 {
		t.Errorf("date offset %d", off)
	}
	if b.Saldo < 0 {
		var sum ens.Kopecks
		for _, d := range b.Debts {
			sum += d.Amount
		}
		if sum != b.Saldo {
			t.Errorf("debt breakdown %s ≠ saldo %s", sum, b.Saldo)
		}
	}
}

// signerFunc wraps a signer to misbehave.
type signerFunc struct {
	ens.Signer
	sign func(ctx context.Context, content []byte, attached bool) ([]byte, error)
}

func (s signerFunc) SignCAdES(ctx context.Context, c []byte, a bool) ([]byte, error) {
	return s.sign(ctx, c, a)
}

type scenario struct {
	name string
	opts func(*sandbox.Options)
	run  func(t *testing.T, e *env)
}

var scenarios = []scenario{
	{"happy path (profile signature mode)", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		today := ens.Date(e.clock.Now())
		b, err := c.Balance(ctx, "", today)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, e, b, innOperator, today)
		from := today.AddDate(0, -5, 0)
		st, err := c.Operations(ctx, "", from, today)
		if err != nil {
			t.Fatal(err)
		}
		tp, _ := e.srv.Taxpayer(innOperator)
		want := tp.Booked(from, today, today)
		if len(st.Operations) != len(want) || st.Pages < 2 {
			t.Fatalf("operations %d in %d pages, want %d in several", len(st.Operations), st.Pages, len(want))
		}
		for i, op := range st.Operations {
			if op.ID != want[i].ID || op.Amount != want[i].Amount || !op.Date.Equal(want[i].Date) || op.KBK != want[i].KBK {
				t.Fatalf("operation %d: %+v, want %+v", i, op, want[i])
			}
		}
		if !st.Reconciles() || st.SaldoOut != b.Saldo {
			t.Errorf("statement does not reconcile: in %s out %s", st.SaldoIn, st.SaldoOut)
		}
		obl, err := c.Obligations(ctx, "", today)
		if err != nil || len(obl) == 0 || obl[0].DueDate.Before(today) || obl[0].Amount >= 0 {
			t.Errorf("obligations %v %+v", err, obl)
		}
		if e.srv.KeysIssued() != 1 {
			t.Errorf("keys issued %d: the token must be cached", e.srv.KeysIssued())
		}
	}},
	{"happy path, other signature mode", nil, func(t *testing.T, e *env) {
		p := *e.prof
		if p.Signature == ens.SigAttached {
			p.Signature = ens.SigDetached
		} else {
			p.Signature = ens.SigAttached
		}
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(c *ens.Config) { c.Profile = &p })
		b, err := c.Balance(ctx, "", e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, e, b, innOperator, e.clock.Now())
	}},
	{"operator mode with consent 21001", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeOperator, nil)
		day := ens.Date(e.clock.Now()).AddDate(0, -2, 0)
		b, err := c.Balance(ctx, innConsented, day)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, e, b, innConsented, day)
	}},
	{"key expired", nil, func(t *testing.T, e *env) {
		op := e.pki.signer("operator")
		slow := signerFunc{op, func(ctx context.Context, c []byte, a bool) ([]byte, error) {
			e.clock.Advance(5*time.Minute + time.Second) // the PIN prompt took too long
			return op.SignCAdES(ctx, c, a)
		}}
		c := e.mustClient(slow, ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrKeyExpired, false, "временный ключ деактивирован")
		// The next attempt gets a new key and succeeds.
		c2 := e.mustClient(op, ens.ModeSelf, nil)
		if _, err := c2.Login(ctx); err != nil {
			t.Fatal(err)
		}
		if e.srv.KeysIssued() != 2 {
			t.Errorf("keys issued %d, want 2 (one per attempt)", e.srv.KeysIssued())
		}
	}},
	{"key reused", nil, func(t *testing.T, e *env) {
		k := e.rawKey()
		sig := e.sign(e.pki.signer("operator"), k)
		if _, err := e.rawSignIn(k, sig); err != nil {
			t.Fatal(err)
		}
		_, err := e.rawSignIn(k, sig)
		wantErr(t, err, ens.ErrKeyAlreadyUsed, false, "ключ уже использован")
	}},
	{"key from another session", nil, func(t *testing.T, e *env) {
		k1, k2 := e.rawKey(), e.rawKey()
		_, err := e.rawSignIn(k2, e.sign(e.pki.signer("operator"), k1))
		wantErr(t, err, ens.ErrSignatureInvalid, false, "подпись временного ключа неверна")
		// k2 was burnt by the failed attempt.
		_, err = e.rawSignIn(k2, e.sign(e.pki.signer("operator"), k2))
		wantErr(t, err, ens.ErrKeyAlreadyUsed, false, "одноразовые")
	}},
	{"signature over other bytes", nil, func(t *testing.T, e *env) {
		op := e.pki.signer("operator")
		other := signerFunc{op, func(ctx context.Context, c []byte, a bool) ([]byte, error) {
			return op.SignCAdES(ctx, append([]byte("other "), c...), a)
		}}
		c := e.mustClient(other, ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrSigner, true, "не над временным ключом")
		k := e.rawKey()
		content, _ := e.prof.SignedContent(k)
		sig, serr := op.SignCAdES(ctx, append([]byte("other "), content...), e.prof.Signature == ens.SigAttached)
		if serr != nil {
			t.Fatal(serr)
		}
		_, err = e.rawSignIn(k, sig)
		wantErr(t, err, ens.ErrSignatureInvalid, false, "подпись временного ключа неверна")
	}},
	{"two certificates in SignedData", nil, func(t *testing.T, e *env) {
		two := e.pki.withCA("operator")
		c := e.mustClient(two, ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrMultipleCertificates, true, "больше одного сертификата")
		k := e.rawKey()
		_, err = e.rawSignIn(k, e.sign(two, k))
		wantErr(t, err, ens.ErrMultipleCertificates, false, "ровно с одним сертификатом")
	}},
	{"certificate without ИНН", nil, func(t *testing.T, e *env) {
		_, err := e.client(e.pki.signer("noinn"), ens.ModeSelf, nil)
		wantErr(t, err, ens.ErrCertNoINN, true, "в сертификате нет ИНН")
		k := e.rawKey()
		_, err = e.rawSignIn(k, e.sign(e.pki.signer("noinn"), k))
		wantErr(t, err, ens.ErrCertNoINN, false, "в сертификате нет ИНН")
	}},
	{"ИНН not a registered operator", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("unregistered"), ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrOperatorNotRegistered, false, "не зарегистрирован")
	}},
	{"expired certificate", nil, func(t *testing.T, e *env) {
		e.clock.Advance(400 * 24 * time.Hour)
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrCertExpired, false, "срок действия сертификата истёк")
	}},
	{"untrusted CA", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("untrusted"), ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrCertUntrusted, false, "недоверенным")
	}},
	{"revoked certificate (hook)", func(o *sandbox.Options) {
		o.Revoked = func([]byte) bool { return true }
	}, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrCertUntrusted, false, "Сертификат отозван")
	}},
	{"non-GOST (RSA) signature", nil, func(t *testing.T, e *env) {
		_, err := e.client(e.pki.signer("rsa"), ens.ModeSelf, nil)
		wantErr(t, err, ens.ErrUnsupportedAlgorithm, true, "ГОСТ Р 34.10-2012")
		k := e.rawKey()
		_, err = e.rawSignIn(k, e.sign(e.pki.signer("rsa"), k))
		wantErr(t, err, ens.ErrUnsupportedAlgorithm, false, "ГОСТ Р 34.10-2012")
	}},
	{"token missing, malformed, wrong padding", nil, func(t *testing.T, e *env) {
		k := e.rawKey()
		tok, err := e.rawSignIn(k, e.sign(e.pki.signer("operator"), k))
		if err != nil {
			t.Fatal(err)
		}
		call := func(token string) error {
			_, err := e.raw(e.prof.Balance, innOperator, token, map[string]string{e.prof.Fields.Date: e.prof.FormatDate(e.clock.Now())}, nil)
			return err
		}
		wantErr(t, call(""), ens.ErrTokenMissing, false, "токен не передан")
		wantErr(t, call(e.prof.TokenPrefix+"!!не base64!!"), ens.ErrTokenMalformed, false, "base64url")
		enc := strings.TrimPrefix(tok, e.prof.TokenPrefix)
		var flipped string
		if e.prof.TokenPadding {
			flipped = strings.TrimRight(enc, "=")
		} else {
			flipped = enc + strings.Repeat("=", (4-len(enc)%4)%4)
		}
		if flipped == enc {
			t.Fatal("token length gives no padding difference")
		}
		wantErr(t, call(e.prof.TokenPrefix+flipped), ens.ErrTokenMalformed, false, "дополнением")
		if err := call(tok); err != nil {
			t.Fatalf("the right token: %v", err)
		}
	}},
	{"token expired: one re-sign-in, then success", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		if _, err := c.Balance(ctx, "", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour + time.Second) // the client's own clock still trusts the token
		b, err := c.Balance(ctx, "", e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, e, b, innOperator, e.clock.Now())
		if e.srv.KeysIssued() != 2 {
			t.Errorf("keys issued %d, want 2", e.srv.KeysIssued())
		}
	}},
	{"token always expired: only one re-sign-in", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(cfg *ens.Config) {
			cfg.HTTPClient = &http.Client{Transport: ageTokens{e}}
		})
		_, err := c.Balance(ctx, "", e.clock.Now())
		wantErr(t, err, ens.ErrTokenExpired, false, "срок действия сессии истёк")
		if e.srv.KeysIssued() != 2 {
			t.Errorf("keys issued %d, want 2", e.srv.KeysIssued())
		}
	}},
	{"no consent", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeOperator, nil)
		_, err := c.Balance(ctx, innNoConsent, e.clock.Now())
		wantErr(t, err, ens.ErrNoConsent, false, "код комплекта сведений 21001")
	}},
	{"consent expired yesterday", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeOperator, nil)
		_, err := c.Operations(ctx, innExpired, e.clock.Now().AddDate(0, -1, 0), e.clock.Now())
		wantErr(t, err, ens.ErrNoConsent, false, "нет действующего согласия")
	}},
	{"taxpayer unknown", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeOperator, nil)
		_, err := c.Balance(ctx, innUnknown, e.clock.Now())
		wantErr(t, err, ens.ErrTaxpayerNotFound, false, "не найден")
	}},
	{"bad ИНН checksum", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeOperator, nil)
		_, err := c.Balance(ctx, innBadChecksum, e.clock.Now())
		wantErr(t, err, ens.ErrINNInvalid, true, "контрольная сумма")
		if e.srv.KeysIssued() != 0 {
			t.Error("a local error must not reach the server")
		}
		k := e.rawKey()
		tok, _ := e.rawSignIn(k, e.sign(e.pki.signer("operator"), k))
		_, err = e.raw(e.prof.Balance, innBadChecksum, tok, nil, nil)
		wantErr(t, err, ens.ErrINNInvalid, false, "контрольная сумма")
	}},
	{"inverted date range", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		now := e.clock.Now()
		_, err := c.Operations(ctx, "", now, now.AddDate(0, 0, -1))
		wantErr(t, err, ens.ErrDateRangeInvalid, true, "неверный период")
		k := e.rawKey()
		tok, _ := e.rawSignIn(k, e.sign(e.pki.signer("operator"), k))
		f := e.prof.Fields
		_, err = e.raw(e.prof.Operations, innOperator, tok, map[string]string{
			f.DateFrom: e.prof.FormatDate(now), f.DateTo: e.prof.FormatDate(now.AddDate(0, 0, -1))}, nil)
		wantErr(t, err, ens.ErrDateRangeInvalid, false, "неверный период")
	}},
	{"429 with Retry-After: the client backs off", func(o *sandbox.Options) {
		o.RateLimit, o.RateWindow = 1, 30*time.Second
	}, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		for range 2 {
			b, err := c.Balance(ctx, "", e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			checkBalance(t, e, b, innOperator, e.clock.Now())
		}
		if len(e.sleeps) != 1 || e.sleeps[0] != 30*time.Second {
			t.Errorf("waits %v, want [30s]", e.sleeps)
		}
		// A wait longer than the client accepts is reported with the delay.
		impatient := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, func(cfg *ens.Config) { cfg.MaxRetryWait = 5 * time.Second })
		impatient.Balance(ctx, "", e.clock.Now())
		_, err := impatient.Balance(ctx, "", e.clock.Now())
		wantErr(t, err, ens.ErrRateLimited, false, "Повторить можно через 30 с")
	}},
	{"IP not allow-listed", func(o *sandbox.Options) {
		o.AllowedNets = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	}, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrIPForbidden, false, "белого IP-адреса")
		if e.srv.KeysIssued() != 0 {
			t.Error("no key may be issued to a forbidden IP")
		}
	}},
	{"503 maintenance", nil, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		if _, err := c.Login(ctx); err != nil {
			t.Fatal(err)
		}
		e.srv.SetMaintenance(true)
		_, err := c.Balance(ctx, "", e.clock.Now())
		wantErr(t, err, ens.ErrMaintenance, false, "на техническом обслуживании")
		var ee *ens.Error
		if errors.As(err, &ee); ee.RetryAfter != 10*time.Minute {
			t.Errorf("RetryAfter %s", ee.RetryAfter)
		}
		e.srv.SetMaintenance(false)
		if _, err := c.Balance(ctx, "", e.clock.Now()); err != nil {
			t.Fatalf("after maintenance: %v", err)
		}
	}},
	{"maintenance window on the clock", func(o *sandbox.Options) {
		now := o.Clock.Now()
		o.Maintenance = []sandbox.Window{{Start: now.Add(time.Hour), End: now.Add(2 * time.Hour)}}
	}, func(t *testing.T, e *env) {
		c := e.mustClient(e.pki.signer("operator"), ens.ModeSelf, nil)
		e.clock.Advance(90 * time.Minute)
		_, err := c.Login(ctx)
		wantErr(t, err, ens.ErrMaintenance, false, "Повторите запрос позже")
	}},
}

// ageTokens is a transport that moves the sandbox clock past the session
// lifetime after every sign-in, so every token is expired when used.
type ageTokens struct{ e *env }

func (a ageTokens) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.e.ts.Client().Transport.RoundTrip(r)
	if err == nil && r.URL.Path == a.e.prof.SignIn.Path {
		a.e.clock.Advance(time.Hour + time.Second)
	}
	return resp, err
}

// TestScenarios runs the scenarios of ens.md §8.4 (and a few more) against
// the sandbox on loopback, under the default profile and the profile loaded
// from testdata/profile-alt.json.
func TestScenarios(t *testing.T) {
	for _, prof := range loadProfiles(t) {
		t.Run(prof.Name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					sc.run(t, newEnv(t, prof, sc.opts))
				})
			}
		})
	}
}
