package main

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"errors"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// Demo ИНН of the ENS sandbox (core/sandbox/ens NewDemo).
const (
	ensOperatorINN  = "7799000005"   // the demo operator, principal of the МЧД
	ensConsentINN   = "779900000028" // consent 21001 to the operator, valid
	ensExpiredINN   = "7799000012"   // consent expired in 2025
	ensNoConsentINN = "779900000109" // known taxpayer, no consent
)

var (
	ensDemoOnce sync.Once
	ensDemo     *sandboxens.Demo
	ensDemoErr  error
)

func ensDemoPKI(t *testing.T) *sandboxens.Demo {
	t.Helper()
	ensDemoOnce.Do(func() { ensDemo, ensDemoErr = sandboxens.NewDemo() })
	if ensDemoErr != nil {
		t.Fatal(ensDemoErr)
	}
	return ensDemo
}

// ensBox is an ENS sandbox on 127.0.0.1:0 with a manual clock that the
// CLI shares.
type ensBox struct {
	t     *testing.T
	srv   *sandboxens.Server
	ts    *httptest.Server
	clock *sandboxens.ManualClock
	demo  *sandboxens.Demo
	dir   string
}

// ensTestNow is a Wednesday in the middle of the sandbox's seed history.
var ensTestNow = time.Date(2026, time.June, 17, 12, 0, 0, 0, ens.Moscow)

func newENSBox(t *testing.T, prof *ens.Profile) *ensBox {
	t.Helper()
	b := &ensBox{t: t, demo: ensDemoPKI(t), clock: sandboxens.NewManualClock(ensTestNow), dir: t.TempDir()}
	b.srv = sandboxens.NewServer(b.demo.Options(prof, b.clock))
	b.ts = httptest.NewServer(b.srv)
	t.Cleanup(b.ts.Close)
	old := ensNow
	ensNow = b.clock.Now
	t.Cleanup(func() { ensNow = old })
	t.Setenv(config.DirVar, t.TempDir()) // no user settings
	t.Setenv(ensProfileVar, "")
	keyring.MockInit()
	return b
}

// keyFiles writes a signer as the PEM test key and certificate files that
// --key/--cert read.
func (b *ensBox) keyFiles(name string, key *gost3410.PrivateKey, cert *pki.Certificate) []string {
	b.t.Helper()
	kp, cp := filepath.Join(b.dir, name+".key"), filepath.Join(b.dir, name+".cer")
	k, err := pkcs8.EncodePEM(key, "", nil)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(kp, k, 0o600); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(cp, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		b.t.Fatal(err)
	}
	return []string{"--key", kp, "--cert", cp}
}

func (b *ensBox) signerFiles(name string, s *ens.KeySigner) []string {
	return b.keyFiles(name, s.Key.(*gost3410.PrivateKey), s.Cert)
}

// issue makes a key and certificate from the sandbox CA.
func (b *ensBox) issue(name string, subj pki.Name, from, until time.Time) []string {
	b.t.Helper()
	c, k, err := b.demo.CA.IssueKey(pki.Template{Subject: subj, NotBefore: from, NotAfter: until}, gost3410.CurveTC26256A)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.keyFiles(name, k, c)
}

// run runs gosctl ens CMD against the sandbox.
func (b *ensBox) run(cmd string, args ...string) (int, string, string) {
	b.t.Helper()
	return gosctl(b.t, "", append([]string{"ens", cmd, "--env", b.ts.URL}, args...)...)
}

// ok runs and requires exit 0.
func (b *ensBox) ok(cmd string, args ...string) string {
	b.t.Helper()
	code, out, errs := b.run(cmd, args...)
	if code != exitOK {
		b.t.Fatalf("gosctl ens %s %q: exit %d\nstdout: %s\nstderr: %s", cmd, args, code, out, errs)
	}
	return out
}

func (b *ensBox) taxpayer(inn string) *sandboxens.Taxpayer {
	b.t.Helper()
	tp, ok := b.srv.Taxpayer(inn)
	if !ok {
		b.t.Fatalf("taxpayer %s not in the sandbox", inn)
	}
	return tp
}

func ensContains(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("output lacks %q:\n%s", p, s)
		}
	}
}

type ensItemOut struct {
	ID            string `json:"id"`
	Date          string `json:"date"`
	DueDate       string `json:"dueDate"`
	Kind          string `json:"kind"`
	KBK           string `json:"kbk"`
	Amount        string `json:"amount"`
	AmountKopecks int64  `json:"amountKopecks"`
}

type ensStatementOut struct {
	INN             string       `json:"inn"`
	From            string       `json:"from"`
	To              string       `json:"to"`
	SaldoIn         string       `json:"saldoIn"`
	SaldoInKopecks  int64        `json:"saldoInKopecks"`
	SaldoOutKopecks int64        `json:"saldoOutKopecks"`
	Reconciles      bool         `json:"reconciles"`
	Operations      []ensItemOut `json:"operations"`
}

func ensDecodeJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, s)
	}
}

// ensCheckStatement compares operations --json with the sandbox's seed data.
func ensCheckStatement(t *testing.T, b *ensBox, out, inn string, from, to time.Time) {
	t.Helper()
	var st ensStatementOut
	ensDecodeJSON(t, out, &st)
	tp := b.taxpayer(inn)
	today := ens.Date(b.clock.Now())
	want := tp.Booked(from, to, today)
	if st.INN != inn || len(st.Operations) != len(want) || len(want) == 0 {
		t.Fatalf("statement for %s: %d operations, want %d for %s", st.INN, len(st.Operations), len(want), inn)
	}
	for i, op := range st.Operations {
		w := want[i]
		if op.ID != w.ID || op.AmountKopecks != int64(w.Amount) || op.Amount != w.Amount.String() || op.Date != w.Date.In(ens.Moscow).Format("2006-01-02") || op.KBK != w.KBK {
			t.Fatalf("operation %d: %+v, want %+v", i, op, w)
		}
	}
	if st.SaldoInKopecks != int64(tp.SaldoAt(from.AddDate(0, 0, -1), today)) || st.SaldoOutKopecks != int64(tp.SaldoAt(to, today)) || !st.Reconciles {
		t.Errorf("saldo in %d out %d reconciles %v", st.SaldoInKopecks, st.SaldoOutKopecks, st.Reconciles)
	}
}

func TestENSFlowDefaultProfile(t *testing.T) {
	b := newENSBox(t, nil)
	key := b.signerFiles("operator", b.demo.Operator)
	tp := b.taxpayer(ensOperatorINN)
	today := ens.Date(b.clock.Now())

	out := b.ok("login", key...)
	ensContains(t, out, "Вход в API ЕНС выполнен", `ООО "ПЕСОЧНИЦА"`, "ИНН 7799000005", "Сеанс действует до: 17.06.2026 13:00:00 МСК",
		"Профиль протокола", "default", "Сеанс сохранён в связке ключей ОС (gosdesk-ens)")
	if n := b.srv.KeysIssued(); n != 1 {
		t.Fatalf("login took %d temporary keys", n)
	}
	// The token is in the keyring, not in any file.
	var stored string
	for _, k := range []string{"default|" + b.ts.URL + "|" + b.demo.Operator.Cert.Thumbprint() + "|0"} {
		v, err := keyring.Get(ensKeyringService, k)
		if err != nil {
			t.Fatalf("no token in the keyring under %q: %v", k, err)
		}
		stored = v
	}
	var tok ens.Token
	if json.Unmarshal([]byte(stored), &tok) != nil || tok.Header == "" || !tok.Expires.Equal(ensTestNow.Add(time.Hour)) {
		t.Fatalf("keyring holds %q", stored)
	}
	if strings.Contains(out, tok.Header) {
		t.Error("login printed the token")
	}

	// Another "process": the session is reused, no new sign-in.
	out = b.ok("balance", key...)
	saldo := tp.SaldoAt(today, today)
	ensContains(t, out, "Сальдо ЕНС на 17.06.2026", "ИНН:", ensOperatorINN, "Сальдо:", saldo.Russian(), "Предстоящие платежи:", "Совокупная обязанность:")
	if saldo < 0 {
		ensContains(t, out, "задолженность", "Задолженность:", "КБК")
		if !regexp.MustCompile(`(?m)^(начисление|пени|штраф) +\d{20} +\d{8} +−[^₽]+,\d\d.₽ +\S`).MatchString(out) {
			t.Errorf("no debt lines:\n%s", out)
		}
	}
	var bal struct {
		INN          string `json:"inn"`
		Date         string `json:"date"`
		Saldo        string `json:"saldo"`
		SaldoKopecks int64  `json:"saldoKopecks"`
	}
	ensDecodeJSON(t, b.ok("balance", append(key, "--json", "--date", "01.03.2026")...), &bal)
	if want := tp.SaldoAt(ens.MakeDate(2026, 3, 1), today); bal.SaldoKopecks != int64(want) || bal.Saldo != want.String() || bal.Date != "2026-03-01" || bal.INN != ensOperatorINN {
		t.Errorf("balance --json %+v, want saldo %s", bal, want)
	}

	// Operations: table, JSON, CSV.
	from, to := ens.MakeDate(2026, 1, 1), ens.MakeDate(2026, 6, 17)
	want := tp.Booked(from, to, today)
	out = b.ok("operations", append(key, "--from", "01.01.2026", "--to", "2026-06-17")...)
	ensContains(t, out, "Операции по ЕНС: ИНН 7799000005, с 01.01.2026 по 17.06.2026", "Дата", "Вид", "КБК", "Сумма",
		"Сальдо на начало периода:", tp.SaldoAt(from.AddDate(0, 0, -1), today).Russian(), "Сальдо на конец периода:", tp.SaldoAt(to, today).Russian())
	for _, op := range want {
		ensContains(t, out, op.Date.In(ens.Moscow).Format("02.01.2006")+"  "+ens.KindRussian(op.Kind))
		ensContains(t, out, op.Amount.Russian())
	}
	if !regexp.MustCompile(`(?m)^  Операций: +` + strconv.Itoa(len(want)) + `$`).MatchString(out) {
		t.Errorf("count %d not shown:\n%s", len(want), out)
	}
	ensCheckStatement(t, b, b.ok("operations", append(key, "--from", "2026-01-01", "--to", "17.06.2026", "--json")...), ensOperatorINN, from, to)

	out = b.ok("operations", append(key, "--from", "01.01.2026", "--to", "17.06.2026", "--csv")...)
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatal("CSV lacks the byte-order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want)+3 || rows[0][0] != "Дата" || rows[1][1] != "сальдо на начало" || rows[len(rows)-1][1] != "сальдо на конец" {
		t.Fatalf("CSV: %d rows, want %d: %q", len(rows), len(want)+3, rows)
	}
	if got, wantS := rows[len(rows)-1][5], strings.Replace(tp.SaldoAt(to, today).String(), ".", ",", 1); got != wantS {
		t.Errorf("CSV closing saldo %s, want %s", got, wantS)
	}
	if got := rows[2][7]; got != want[0].ID {
		t.Errorf("CSV first operation %s, want %s", got, want[0].ID)
	}

	// Obligations.
	up := tp.Upcoming(today, today)
	if len(up) == 0 {
		t.Fatal("the seed has no obligations")
	}
	out = b.ok("obligations", key...)
	ensContains(t, out, "Предстоящие платежи на 17.06.2026, ИНН 7799000005", "Срок уплаты", up[0].DueDate.In(ens.Moscow).Format("02.01.2006"), up[0].Amount.Russian(), "Итого:")
	var obl struct {
		INN         string       `json:"inn"`
		Obligations []ensItemOut `json:"obligations"`
	}
	ensDecodeJSON(t, b.ok("obligations", append(key, "--json")...), &obl)
	if obl.INN != ensOperatorINN || len(obl.Obligations) != len(up) || obl.Obligations[0].AmountKopecks != int64(up[0].Amount) || obl.Obligations[0].DueDate != up[0].DueDate.In(ens.Moscow).Format("2006-01-02") {
		t.Errorf("obligations --json %+v, want %d items like %+v", obl, len(up), up[0])
	}

	if n := b.srv.KeysIssued(); n != 1 {
		t.Errorf("%d sign-ins for one login and seven data commands: the session must be shared through the keyring", n)
	}

	// Logout forgets the session: the next command signs in again.
	ensContains(t, b.ok("logout", key...), "Сеанс ЕНС забыт")
	if _, err := keyring.Get(ensKeyringService, "default|"+b.ts.URL+"|"+b.demo.Operator.Cert.Thumbprint()+"|0"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("token still in the keyring after logout: %v", err)
	}
	b.ok("balance", key...)
	if n := b.srv.KeysIssued(); n != 2 {
		t.Errorf("keys issued %d after logout and balance, want 2", n)
	}

	// An expired session (the clock moves past the token lifetime) is
	// renewed by a new sign-in.
	b.clock.Advance(2 * time.Hour)
	b.ok("balance", key...)
	if n := b.srv.KeysIssued(); n != 3 {
		t.Errorf("keys issued %d after the session expired, want 3", n)
	}
}

func TestENSWithoutKeyring(t *testing.T) {
	b := newENSBox(t, nil)
	keyring.MockInitWithError(errors.New("no secret service"))
	t.Cleanup(keyring.MockInit)
	key := b.signerFiles("operator", b.demo.Operator)
	code, out, errs := b.run("login", key...)
	if code != exitOK || strings.Count(errs, "связка ключей ОС недоступна") != 1 || strings.Contains(out, "Сеанс сохранён") {
		t.Fatalf("login without keyring: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = b.run("balance", key...)
	if code != exitOK || strings.Count(errs, "каждая команда будет входить заново") != 1 || !strings.Contains(out, "Сальдо ЕНС") {
		t.Fatalf("balance without keyring: %d\n%s\n%s", code, out, errs)
	}
	if n := b.srv.KeysIssued(); n != 2 {
		t.Errorf("keys issued %d: without a keyring every command signs in", n)
	}
	code, out, errs = b.run("logout", key...)
	if code != exitFailed || out != "" || !strings.Contains(errs, "сеанс не удалён из связки ключей ОС") {
		t.Errorf("logout without keyring: %d\n%s\n%s", code, out, errs)
	}
}

func TestENSOperatorMode(t *testing.T) {
	b := newENSBox(t, nil)
	// The operator's key in a CryptoPro container protected by a PIN.
	root := t.TempDir()
	ent, err := keystore.WriteContainer(root, "ens-operator", b.demo.Operator.Key.(*gost3410.PrivateKey), b.demo.Operator.Cert, "1234")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("ENS_TEST_PIN", "1234")
	key := []string{"--container", ent.Location, "--pin-env", "ENS_TEST_PIN", "--mode", "operator"}
	today := ens.Date(b.clock.Now())

	out := b.ok("login", key...)
	ensContains(t, out, "оператор (по согласию 21001)")
	out = b.ok("balance", append(key, "--inn", ensConsentINN)...)
	ensContains(t, out, "ИНН:", ensConsentINN, b.taxpayer(ensConsentINN).SaldoAt(today, today).Russian())
	from := ens.MakeDate(2026, 4, 1)
	ensCheckStatement(t, b, b.ok("operations", append(key, "--inn", ensConsentINN, "--from", "01.04.2026", "--json")...), ensConsentINN, from, today)
	if n := b.srv.KeysIssued(); n != 1 {
		t.Errorf("keys issued %d", n)
	}

	// Without the PIN the container does not open: a hint, exit 1.
	code, _, errs := b.run("balance", "--container", ent.Location, "--mode", "operator", "--inn", ensConsentINN)
	if code != exitFailed || !strings.Contains(errs, "--pin-env") {
		t.Errorf("container without PIN: exit %d: %s", code, errs)
	}
}

func TestENSRepresentativeMode(t *testing.T) {
	b := newENSBox(t, nil)
	mchdFile, sigFile := filepath.Join(b.dir, "mchd.xml"), filepath.Join(b.dir, "mchd.xml.sig")
	if err := os.WriteFile(mchdFile, sandboxens.DemoMCHD, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sigFile, b.demo.MCHDSignature, 0o600); err != nil {
		t.Fatal(err)
	}
	key := append(b.signerFiles("representative", b.demo.Representative), "--mode", "representative", "--mchd", mchdFile, "--mchd-sig", sigFile)
	today := ens.Date(b.clock.Now())

	out := b.ok("login", key...)
	ensContains(t, out, "представитель по МЧД", "Бухгалтерова Ёлка Примеровна", "ИНН по умолчанию:", ensOperatorINN,
		"Машиночитаемая доверенность:", "Доверитель:", "Представитель:", "2_FNS99")
	// The principal's data by default.
	out = b.ok("balance", key...)
	ensContains(t, out, ensOperatorINN, b.taxpayer(ensOperatorINN).SaldoAt(today, today).Russian())
	var lj struct {
		Mode string   `json:"mode"`
		INN  string   `json:"inn"`
		MCHD []string `json:"mchd"`
	}
	ensDecodeJSON(t, b.ok("login", append(key, "--json")...), &lj)
	if lj.Mode != "representative" || lj.INN != ensOperatorINN || len(lj.MCHD) < 4 {
		t.Errorf("login --json %+v", lj)
	}

	// The operator's certificate is not the representative of the МЧД.
	code, _, errs := b.run("login", append(b.signerFiles("operator", b.demo.Operator), "--mode", "representative", "--mchd", mchdFile)...)
	if code != exitFailed || !strings.Contains(errs, "представитель в МЧД не совпадает с владельцем сертификата") || !strings.Contains(errs, "Что делать:") {
		t.Errorf("mismatched representative: exit %d: %s", code, errs)
	}
	// A МЧД that is not one.
	bad := filepath.Join(b.dir, "bad.xml")
	os.WriteFile(bad, []byte("<Доверенность/>"), 0o600)
	code, _, errs = b.run("login", append(b.signerFiles("representative", b.demo.Representative), "--mode", "representative", "--mchd", bad)...)
	if code != exitFailed || !strings.Contains(errs, "машиночитаемая доверенность не принята") {
		t.Errorf("broken МЧД: exit %d: %s", code, errs)
	}
}

// The sandbox environment needs no files: the demo certificate and МЧД.
func TestENSSandboxDemo(t *testing.T) {
	b := newENSBox(t, nil)
	t.Setenv(config.SandboxAddrVar, strings.TrimPrefix(b.ts.URL, "http://"))
	code, out, errs := gosctl(t, "", "ens", "login", "--env", "sandbox", "--mode", "representative")
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	ensContains(t, out, "демонстрационный сертификат песочницы", "Бухгалтерова", "Доверенность №")
	code, out, errs = gosctl(t, "", "ens", "balance", "--env", "sandbox", "--mode", "operator", "--inn", ensConsentINN)
	if code != exitOK || !strings.Contains(out, ensConsentINN) {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
}

func TestENSAltProfile(t *testing.T) {
	alt, err := ens.LoadProfile("testdata/ens/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	b := newENSBox(t, alt)
	key := append(b.signerFiles("operator", b.demo.Operator), "--profile", "testdata/ens/profile-alt.json")
	today := ens.Date(b.clock.Now())

	ensContains(t, b.ok("login", key...), "alt-soap-kopecks", "Вход в API ЕНС выполнен")
	ensContains(t, b.ok("balance", key...), b.taxpayer(ensOperatorINN).SaldoAt(today, today).Russian())
	from := ens.MakeDate(2025, 12, 1)
	ensCheckStatement(t, b, b.ok("operations", append(key, "--from", "01.12.2025", "--json")...), ensOperatorINN, from, today)
	out := b.ok("operations", append(key, "--from", "01.12.2025", "--csv")...)
	if n := strings.Count(out, "\n"); n != len(b.taxpayer(ensOperatorINN).Booked(from, today, today))+3 {
		t.Errorf("CSV has %d lines", n)
	}
	ensContains(t, b.ok("obligations", append(key, "--mode", "operator", "--inn", ensConsentINN)...), "Предстоящие платежи на 17.06.2026, ИНН "+ensConsentINN)
	// No consent: the SOAP fault with the profile's code 3001 is shown in Russian.
	code, _, errs := b.run("balance", append(key, "--mode", "operator", "--inn", ensNoConsentINN)...)
	if code != exitFailed || !strings.Contains(errs, "нет действующего согласия") || !strings.Contains(errs, "3001") {
		t.Errorf("no consent under the alt profile: exit %d: %s", code, errs)
	}
	// The built-in profile does not speak this server's protocol.
	code, _, errs = b.run("balance", b.signerFiles("operator", b.demo.Operator)...)
	if code != exitFailed || !strings.Contains(errs, "ЕНС:") || !strings.Contains(errs, "Что делать:") {
		t.Errorf("default profile against the alt sandbox: exit %d: %s", code, errs)
	}
}

func TestENSErrors(t *testing.T) {
	b := newENSBox(t, nil)
	op := b.signerFiles("operator", b.demo.Operator)
	noINN := b.issue("noinn", pki.Name{CommonName: "Без ИНН", Surname: "Безинов", GivenName: "Тест"}, ensTestNow.AddDate(-1, 0, 0), ensTestNow.AddDate(1, 0, 0))
	expired := b.issue("expired", pki.Name{CommonName: `ООО "ПЕСОЧНИЦА"`, Organization: `ООО "ПЕСОЧНИЦА"`, INN: "007799000005", INNLE: ensOperatorINN},
		ensTestNow.AddDate(-2, 0, 0), ensTestNow.AddDate(0, -1, 0))
	notRegistered := b.issue("unreg", pki.Name{CommonName: "Незарегистрированный", Surname: "Незарегистрированный", GivenName: "Тест", INN: ensNoConsentINN},
		ensTestNow.AddDate(-1, 0, 0), ensTestNow.AddDate(1, 0, 0))
	profile := filepath.Join(b.dir, "broken.json")
	os.WriteFile(profile, []byte(`{"money":"float"}`), 0o600)

	cases := []struct {
		name  string
		cmd   string
		args  []string
		code  int
		parts []string
	}{
		{"certificate without ИНН", "login", noINN, exitFailed, []string{"в сертификате нет ИНН", "Что делать: Выберите квалифицированный сертификат, в котором указан ИНН"}},
		{"expired certificate", "balance", expired, exitFailed, []string{"срок действия сертификата истёк", "по 17.05.2026", "Что делать: Выберите действующий"}},
		{"operator not registered", "login", notRegistered, exitFailed, []string{"не зарегистрирован для доступа к API ЕНС", "utaapi@gnivc.ru", "HTTP 403"}},
		{"no consent", "balance", append(op, "--mode", "operator", "--inn", ensNoConsentINN), exitFailed, []string{"нет действующего согласия", "21001", "HTTP 403"}},
		{"expired consent", "operations", append(op, "--mode", "operator", "--inn", ensExpiredINN), exitFailed, []string{"нет действующего согласия"}},
		{"bad ИНН checksum", "balance", append(op, "--inn", "7799000006"), exitUsage, []string{"--inn: ИНН 7799000006", "не сходится контрольная сумма", "10 цифр"}},
		{"period too long", "operations", append(op, "--from", "01.01.2025"), exitFailed, []string{"неверный период", "Что делать:"}},
		{"period reversed", "operations", append(op, "--from", "02.06.2026", "--to", "01.06.2026"), exitUsage, []string{"позже конца"}},
		{"bad date", "balance", append(op, "--date", "31.02.2026"), exitUsage, []string{"неверная дата"}},
		{"bad mode", "balance", append(op, "--mode", "boss"), exitUsage, []string{"неизвестный режим"}},
		{"representative without МЧД", "login", append(op, "--mode", "representative"), exitUsage, []string{"--mchd ФАЙЛ"}},
		{"МЧД without representative mode", "login", append(op, "--mchd", "x.xml"), exitUsage, []string{"--mode representative"}},
		{"no certificate", "login", nil, exitUsage, []string{"не указан сертификат подписи"}},
		{"missing key file", "login", []string{"--key", filepath.Join(b.dir, "nope.key"), "--cert", filepath.Join(b.dir, "nope.cer")}, exitFailed, nil},
		{"missing profile", "login", append(op, "--profile", filepath.Join(b.dir, "nope.json")), exitUsage, []string{"файл не найден"}},
		{"broken profile", "login", append(op, "--profile", profile), exitUsage, []string{"broken.json"}},
		{"extra argument", "balance", append(op, "extra"), exitUsage, []string{"лишние аргументы"}},
		{"CSV and JSON", "operations", append(op, "--csv", "--json"), exitUsage, []string{"--csv", "--json"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys := b.srv.KeysIssued()
			code, out, errs := b.run(c.cmd, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			t.Logf("stderr: %s", errs)
			ensContains(t, errs, c.parts...)
			if out != "" {
				t.Errorf("stdout on failure: %s", out)
			}
			if c.code == exitUsage && b.srv.KeysIssued() != keys {
				t.Error("a command line error reached the server")
			}
		})
	}

	// Environments other than the sandbox and URLs.
	for _, args := range [][]string{
		{"ens", "login", "--env", "test"},
		{"ens", "login", "--env", "http://ens.example.org"},
		{"ens", "login", "--env", "ftp://x"},
		{"ens", "login", "--env", "http://ens.example.org", "--proxy", "http://proxy.example.org:3128"}, // in the clear beyond this machine
		{"ens", "login", "--env", "prod"},                                                               // the default profile's http:// address without a tunnel
	} {
		code, out, errs := gosctl(t, "", append(args, op...)...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errs)
		}
	}

	// Maintenance: 503 with Retry-After, told in Russian.
	b.srv.SetMaintenance(true)
	code, out, errs := b.run("balance", op...)
	if code != exitFailed || out != "" {
		t.Fatalf("maintenance: exit %d\n%s%s", code, out, errs)
	}
	ensContains(t, errs, "gosctl ens balance: ЕНС: API ЕНС на техническом обслуживании", "HTTP 503", "Что делать: Повторите запрос позже.", "Повторить можно через 600 с.")
	b.srv.SetMaintenance(false)
	b.ok("balance", op...)

	// English messages name the hint in English; the ENS text stays Russian.
	defer i18n.Set(i18n.Current())
	var out2, errs2 bytes.Buffer
	code = run(&env{stdin: strings.NewReader(""), stdout: &out2, stderr: &errs2}, append([]string{"--lang", "en", "ens", "login", "--env", b.ts.URL}, noINN...))
	if code != exitFailed || !strings.Contains(errs2.String(), "What to do:") {
		t.Errorf("--lang en: exit %d: %s", code, errs2.String())
	}
}

func FuzzENSSignatureFile(f *testing.F) {
	der := append([]byte{0x30, 0x81, 0x80}, bytes.Repeat([]byte{0x04}, 128)...)
	f.Add(der)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: der}))
	f.Add([]byte(base64.StdEncoding.EncodeToString(der) + "\n"))
	f.Add([]byte{0x30, 0x00})
	f.Add([]byte("0LLL"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := workflow.SignatureBytes(b)
		if err != nil {
			return
		}
		if len(out) < 2 || out[0] != 0x30 {
			t.Fatalf("accepted %x as DER", out)
		}
		// The same signature as PEM and as base64 gives the same bytes.
		for _, form := range [][]byte{out, pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: out}), []byte(base64.StdEncoding.EncodeToString(out))} {
			again, err := workflow.SignatureBytes(form)
			if err != nil || !bytes.Equal(again, out) {
				t.Fatalf("round trip of %x: %x, %v", out, again, err)
			}
		}
	})
}

func FuzzENSDate(f *testing.F) {
	for _, s := range []string{"17.06.2026", "2026-06-17", "31.02.2026", "", "1.1.1", "99.99.9999", "2026-6-1"} {
		f.Add(s)
	}
	def := ens.MakeDate(2026, 1, 1)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := workflow.ParseENSDate("--date", s, def)
		if err != nil {
			if !workflow.IsInput(err) {
				t.Fatalf("%q: error %v is not a usage error", s, err)
			}
			return
		}
		if _, off := d.Zone(); off != 3*3600 || d.Hour() != 0 || d.Minute() != 0 {
			t.Fatalf("%q: %v is not a Moscow midnight", s, d)
		}
		if s != "" {
			again, err := workflow.ParseENSDate("--date", d.Format("02.01.2006"), def)
			if err != nil || !again.Equal(d) {
				t.Fatalf("%q: %v does not round trip: %v %v", s, d, again, err)
			}
		}
	})
}

// FNS is reached through a GOST TLS tunnel (stunnel) or a proxy: the
// sandbox stands in for the local end of either.
func TestENSTunnelAndProxy(t *testing.T) {
	b := newENSBox(t, nil)
	key := b.signerFiles("operator", b.demo.Operator)
	today := ens.Date(b.clock.Now())
	saldo := b.taxpayer(ensOperatorINN).SaldoAt(today, today).Russian()
	addr := strings.TrimPrefix(b.ts.URL, "http://")
	for _, via := range [][]string{{"--tunnel", addr}, {"--proxy", b.ts.URL}} {
		args := append([]string{"ens", "balance", "--env", "http://ens.example.invalid"}, append(via, key...)...)
		code, out, errs := gosctl(t, "", args...)
		if code != exitOK || !strings.Contains(out, saldo) {
			t.Errorf("%q: exit %d\n%s%s", via, code, out, errs)
		}
	}
	// The profile's own address (--env prod) through the tunnel.
	code, out, errs := gosctl(t, "", append([]string{"ens", "login", "--env", "prod", "--tunnel", addr}, key...)...)
	if code != exitOK || !strings.Contains(out, "http://dpc.tax.nalog.ru (prod)") {
		t.Errorf("--env prod --tunnel: exit %d\n%s%s", code, out, errs)
	}
	// Nothing listens on the tunnel: a network error with advice.
	code, _, errs = gosctl(t, "", append([]string{"ens", "login", "--env", "prod", "--tunnel", "127.0.0.1:1"}, key...)...)
	if code != exitFailed || !strings.Contains(errs, "нет связи с сервером ЕНС") || !strings.Contains(errs, "туннеля ГОСТ TLS") {
		t.Errorf("dead tunnel: exit %d: %s", code, errs)
	}
}

// A statement whose closing saldo is not the opening saldo plus the
// operations is shown, flagged on stderr and ends with exit code 1.
func TestENSStatementThatDoesNotReconcile(t *testing.T) {
	b := newENSBox(t, nil)
	key := b.signerFiles("operator", b.demo.Operator)
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		b.srv.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasSuffix(r.URL.Path, "/operations") && rec.Code == http.StatusOK {
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("operations answer: %v", err)
			}
			m["saldoOut"] = "1.00"
			body, _ = json.Marshal(m)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	defer liar.Close()
	code, out, errs := gosctl(t, "", append([]string{"ens", "operations", "--env", liar.URL, "--from", "01.05.2026"}, key...)...)
	if code != exitFailed || !strings.Contains(out, "Сальдо на конец периода:") || !strings.Contains(errs, "сальдо на конец периода не равно сальдо на начало плюс сумма операций") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = gosctl(t, "", append([]string{"ens", "operations", "--env", b.ts.URL, "--from", "01.05.2026"}, key...)...)
	if code != exitOK {
		t.Errorf("the honest sandbox: exit %d\n%s", code, out)
	}
}

// With --env sandbox and no sandbox running, the user is told to start it.
func TestENSSandboxNotRunning(t *testing.T) {
	b := newENSBox(t, nil)
	b.ts.Close()
	t.Setenv(config.SandboxAddrVar, strings.TrimPrefix(b.ts.URL, "http://"))
	code, out, errs := gosctl(t, "", "ens", "balance", "--env", "sandbox")
	if code != exitFailed || out != "" {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	ensContains(t, errs, "нет связи с сервером ЕНС", "Что делать:", "Запустите песочницу: gosctl sandbox")
}

// Issue 13 item 12: on a headless server (no D-Bus session) the keyring
// error is Russian and says what to do, and `ens logout` with nothing to
// forget succeeds.
func TestENSWithoutDBus(t *testing.T) {
	b := newENSBox(t, nil)
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	t.Cleanup(keyring.MockInit)
	key := b.signerFiles("operator", b.demo.Operator)
	code, out, errs := b.run("login", key...)
	if code != exitOK || !strings.Contains(errs, "связка ключей ОС недоступна") || !strings.Contains(errs, "Запустите сеанс связки ключей") || strings.Contains(errs, "dbus-launch") {
		t.Errorf("login without D-Bus: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = b.run("logout", key...)
	if code != exitOK || !strings.Contains(out, "Сеанс ЕНС забыт") {
		t.Errorf("logout without D-Bus: %d\n%s\n%s", code, out, errs)
	}
}
