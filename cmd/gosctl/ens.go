package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// ensKeyringService is the OS keyring service that keeps ENS session
// tokens between gosctl runs (gosctl ens login, then gosctl ens balance).
const ensKeyringService = workflow.ENSKeyringService

// ensProfileVar names a profile file used when --profile is not given.
const ensProfileVar = workflow.ENSProfileVar

// ensUsage is the common part of the usage lines of ens commands.
const ensUsage = "[--env sandbox|prod|URL] [--profile ФАЙЛ] [--mode self|operator|representative [--mchd ФАЙЛ [--mchd-sig ФАЙЛ]]] " +
	"[--thumbprint ОТПЕЧАТОК | --container ПАПКА | --pfx ФАЙЛ | --key ФАЙЛ --cert ФАЙЛ] [--pin-env ПЕРЕМЕННАЯ] [--tunnel АДРЕС | --proxy URL] [--json]"

// ensFlags are the connection options shared by the ens commands.
type ensFlags struct {
	env, profile  string
	mode          string
	mchd, mchdSig string
	creds         config.Credentials
	tunnel, proxy string
	asJSON        bool
}

func ensAddFlags(fs *pflag.FlagSet) *ensFlags {
	f := &ensFlags{}
	fs.StringVar(&f.env, "env", "", i18n.T("среда: sandbox (по умолчанию, локальная песочница "+config.DefaultSandboxAddr+"), prod (адрес из профиля) или адрес http(s)://…",
		"environment: sandbox (default, the local sandbox at "+config.DefaultSandboxAddr+"), prod (the profile's address) or an http(s)://… URL"))
	fs.StringVar(&f.profile, "profile", "", i18n.T("файл профиля протокола API ЕНС (JSON; по умолчанию встроенный профиль или $"+ensProfileVar+")",
		"API ENS protocol profile file (JSON; default: the built-in profile or $"+ensProfileVar+")"))
	fs.StringVar(&f.mode, "mode", "self", i18n.T("от чьего имени: self (свой ИНН), operator (оператор ВУС, согласие 21001), representative (по МЧД)",
		"on whose behalf: self (own INN), operator (a registered operator, consent 21001), representative (with an MCHD)"))
	fs.StringVar(&f.mchd, "mchd", "", i18n.T("файл МЧД (XML, формат 003) для режима representative", "MCHD file (XML, format 003) for representative mode"))
	fs.StringVar(&f.mchdSig, "mchd-sig", "", i18n.T("откреплённая подпись МЧД (.sig, DER, PEM или base64)", "detached signature of the MCHD (.sig, DER, PEM or base64)"))
	fs.StringVar(&f.creds.Thumbprint, "thumbprint", "", i18n.T("отпечаток (SHA-1) сертификата подписи в хранилище ключей", "SHA-1 thumbprint of the signing certificate in the key store"))
	fs.StringVar(&f.creds.Container, "container", "", i18n.T("папка контейнера КриптоПро (xxxxxxxx.000)", "CryptoPro container folder (xxxxxxxx.000)"))
	fs.StringVar(&f.creds.PFX, "pfx", "", i18n.T("файл PFX (PKCS#12) с ключом и сертификатом", "PFX (PKCS#12) file with the key and certificate"))
	fs.StringVar(&f.creds.Key, "key", "", i18n.T("файл ключа PEM (с --cert)", "PEM key file (with --cert)"))
	fs.StringVar(&f.creds.Cert, "cert", "", i18n.T("файл сертификата к --key (PEM или DER)", "certificate for --key (PEM or DER)"))
	fs.StringVar(&f.creds.PINEnv, "pin-env", "", i18n.T("переменная окружения с PIN-кодом контейнера или паролем PFX/PEM", "environment variable holding the container PIN or the PFX/PEM password"))
	fs.StringVar(&f.tunnel, "tunnel", "", i18n.T("локальный туннель ГОСТ TLS (stunnel), ХОСТ:ПОРТ; адрес сервера тогда http://", "local GOST TLS tunnel (stunnel), HOST:PORT; the server address is then http://"))
	fs.StringVar(&f.proxy, "proxy", "", i18n.T("прокси http://, https:// или socks5:// для всех запросов", "http://, https:// or socks5:// proxy for every request"))
	fs.BoolVar(&f.asJSON, "json", false, i18n.T("вывод в JSON", "JSON output"))
	return f
}

// ensConn is an open API ЕНС session (core/workflow) and what the
// commands report about it.
type ensConn struct {
	*workflow.ENSSession
}

// connect opens the session through core/workflow. Nothing is sent yet.
func (f *ensFlags) connect(e *env) (*ensConn, error) {
	mode, err := workflow.ParseENSMode(f.mode)
	if err != nil {
		return nil, err
	}
	if (f.mchd != "" || f.mchdSig != "") && mode != workflow.ENSRepresentative {
		return nil, usagef("--mchd и --mchd-sig нужны только в режиме --mode representative", "--mchd and --mchd-sig need --mode representative")
	}
	c, err := openCore(e)
	if err != nil {
		return nil, err
	}
	s, err := c.OpenENS(context.Background(), workflow.ENSOptions{
		Env: f.env, Profile: f.profile, Mode: mode, MCHD: f.mchd, MCHDSig: f.mchdSig,
		Creds: f.creds, Tunnel: f.tunnel, Proxy: f.proxy,
		Warn: func(text string) { fmt.Fprintf(e.stderr, "%s\n", text) },
	})
	if err != nil {
		return nil, err
	}
	return &ensConn{s}, nil
}

// ensCmd wraps a runner: checks arguments, connects, runs.
func ensCmd(f *ensFlags, run func(ctx context.Context, e *env, c *ensConn) error) func(*env, []string) error {
	return func(e *env, args []string) error {
		if len(args) > 0 {
			return usagef("лишние аргументы: %v", "extra arguments: %v", args)
		}
		c, err := f.connect(e)
		if err != nil {
			return err
		}
		return run(context.Background(), e, c)
	}
}

// checkINN checks --inn and names the option in the message.
func checkINN(s string) (string, error) {
	in, err := workflow.CheckINN(s)
	if err != nil {
		return "", usageError{msg: "--inn: " + i18n.Message(err)}
	}
	return in, nil
}

func ensToday() time.Time { return workflow.ENSDay(ensNow()) }

// ensINNDateFlags declares --inn and --date (balance, obligations) and
// returns the function that checks them.
func ensINNDateFlags(fs *pflag.FlagSet) func() (string, time.Time, error) {
	inn := fs.String("inn", "", i18n.T("ИНН налогоплательщика (по умолчанию — из сертификата или доверитель МЧД)", "taxpayer INN (default: the certificate's, or the MCHD principal)"))
	date := fs.String("date", "", i18n.T("дата (ДД.ММ.ГГГГ; по умолчанию сегодня)", "date (DD.MM.YYYY; default today)"))
	return func() (string, time.Time, error) {
		in, err := checkINN(*inn)
		if err != nil {
			return "", time.Time{}, err
		}
		d, err := workflow.ParseENSDate("--date", *date, ensToday())
		return in, d, err
	}
}

func init() {
	register(&command{
		name:    "ens",
		summary: i18n.Text{RU: "API ЕНС: вход по КЭП, сальдо, операции и обязанности единого налогового счёта", EN: "API ENS: sign-in with a qualified certificate, saldo, operations and obligations of the unified tax account"},
		subs: []*command{{
			name:    "login",
			summary: i18n.Text{RU: "войти в API ЕНС подписью временного ключа; сеанс сохраняется в связке ключей ОС", EN: "sign in to API ENS by signing a temporary key; the session is kept in the OS keyring"},
			usage:   ensUsage,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				f := ensAddFlags(fs)
				return ensCmd(f, func(ctx context.Context, e *env, c *ensConn) error { return ensRunLogin(ctx, e, c, f.asJSON) })
			},
		}, {
			name:    "logout",
			summary: i18n.Text{RU: "забыть сеанс ЕНС (удалить токен из связки ключей ОС)", EN: "forget the ENS session (delete the token from the OS keyring)"},
			usage:   ensUsage,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				f := ensAddFlags(fs)
				return ensCmd(f, func(ctx context.Context, e *env, c *ensConn) error {
					// Nothing to forget (no keyring, no session) is success.
					if err := c.Logout(); err != nil {
						return err
					}
					fmt.Fprintln(e.stdout, i18n.T("Сеанс ЕНС забыт.", "The ENS session is forgotten."))
					return nil
				})
			},
		}, {
			name:    "balance",
			summary: i18n.Text{RU: "сальдо ЕНС на дату", EN: "the ENS saldo on a date"},
			usage:   "[--inn ИНН] [--date ДД.ММ.ГГГГ] " + ensUsage,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				f := ensAddFlags(fs)
				innDate := ensINNDateFlags(fs)
				return ensCmd(f, func(ctx context.Context, e *env, c *ensConn) error {
					in, d, err := innDate()
					if err != nil {
						return err
					}
					b, err := c.Balance(ctx, in, d)
					if err != nil {
						return err
					}
					if f.asJSON {
						return ensPrintJSON(e.stdout, ensBalanceJSON(b))
					}
					ensPrintBalance(e.stdout, b)
					return nil
				})
			},
		}, {
			name:    "operations",
			summary: i18n.Text{RU: "операции по ЕНС за период: начисления, платежи, зачёты", EN: "ENS operations over a period: accruals, payments, offsets"},
			usage:   "[--inn ИНН] [--from ДД.ММ.ГГГГ] [--to ДД.ММ.ГГГГ] [--csv] " + ensUsage,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				f := ensAddFlags(fs)
				inn := fs.String("inn", "", i18n.T("ИНН налогоплательщика (по умолчанию — из сертификата или доверитель МЧД)", "taxpayer INN (default: the certificate's, or the MCHD principal)"))
				from := fs.String("from", "", i18n.T("начало периода (по умолчанию первое число месяца --to)", "period start (default: the first day of the month of --to)"))
				to := fs.String("to", "", i18n.T("конец периода включительно (по умолчанию сегодня)", "period end, inclusive (default today)"))
				asCSV := fs.Bool("csv", false, i18n.T("вывод в CSV для таблиц (UTF-8, «;», десятичная запятая)", "CSV output for spreadsheets (UTF-8, ';', decimal comma)"))
				return ensCmd(f, func(ctx context.Context, e *env, c *ensConn) error {
					if *asCSV && f.asJSON {
						return usagef("укажите либо --csv, либо --json", "give either --csv or --json")
					}
					in, err := checkINN(*inn)
					if err != nil {
						return err
					}
					t, err := workflow.ParseENSDate("--to", *to, ensToday())
					if err != nil {
						return err
					}
					fr, err := workflow.ParseENSDate("--from", *from, time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, workflow.ENSMoscow))
					if err != nil {
						return err
					}
					if fr.After(t) {
						return usagef("начало периода %s позже конца %s", "the period start %s is after its end %s", fr.Format("02.01.2006"), t.Format("02.01.2006"))
					}
					st, err := c.Operations(ctx, in, fr, t)
					if err != nil {
						return err
					}
					switch {
					case *asCSV:
						err = st.WriteCSV(e.stdout)
					case f.asJSON:
						err = ensPrintJSON(e.stdout, ensStatementJSON(st))
					default:
						ensPrintStatement(e.stdout, st)
					}
					if err != nil {
						return err
					}
					if !st.Reconciles() {
						fmt.Fprintln(e.stderr, i18n.T("Внимание: сальдо на конец периода не равно сальдо на начало плюс сумма операций — выписка неполна или сервер ошибся.",
							"Warning: the closing saldo is not the opening saldo plus the operations — the statement is incomplete or the server is wrong."))
						return errCheckFailed
					}
					return nil
				})
			},
		}, {
			name:    "obligations",
			summary: i18n.Text{RU: "предстоящие платежи (обязанности) на дату", EN: "upcoming payments (obligations) on a date"},
			usage:   "[--inn ИНН] [--date ДД.ММ.ГГГГ] " + ensUsage,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				f := ensAddFlags(fs)
				innDate := ensINNDateFlags(fs)
				return ensCmd(f, func(ctx context.Context, e *env, c *ensConn) error {
					in, d, err := innDate()
					if err != nil {
						return err
					}
					items, err := c.Obligations(ctx, in, d)
					if err != nil {
						return err
					}
					if in == "" {
						in = c.DefaultINN()
					}
					if f.asJSON {
						return ensPrintJSON(e.stdout, ensObligationsJSON(in, d, items))
					}
					ensPrintObligations(e.stdout, in, d, items)
					return nil
				})
			},
		}},
	})
}

func ensRunLogin(ctx context.Context, e *env, c *ensConn, asJSON bool) error {
	s, err := c.Login(ctx)
	if err != nil {
		return err
	}
	id := s.Certificate
	r := ensLoginJSON{
		Env: c.Env(), Server: c.Server(), Profile: c.Profile().Name, Mode: []string{"self", "operator", "representative"}[c.Mode()],
		INN: s.INN, Expires: s.Expires.In(workflow.ENSMoscow).Format(time.RFC3339), Kept: c.KeptInKeyring(), Demo: c.Demo(),
		Certificate: ensCertJSON{Subject: id.CommonName, INN: id.INN, Thumbprint: id.Thumbprint, NotAfter: id.NotAfter.In(workflow.ENSMoscow).Format("2006-01-02")},
	}
	if s.MCHD != nil {
		r.MCHD = s.MCHD.Describe()
	}
	if asJSON {
		return ensPrintJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintln(w, i18n.T("Вход в API ЕНС выполнен.", "Signed in to API ENS."))
	rows := [][2]string{
		{i18n.T("Сервер", "Server"), c.Server() + " (" + c.Env() + ")"},
		{i18n.T("Профиль протокола", "Protocol profile"), c.Profile().Name},
		{i18n.T("Режим", "Mode"), workflow.ENSModeName(c.Mode())},
		{i18n.T("Сертификат", "Certificate"), fmt.Sprintf("%s, %s %s, %s %s", id.CommonName, i18n.T("ИНН", "INN"), id.INN, i18n.T("действует до", "valid until"), id.NotAfter.In(workflow.ENSMoscow).Format("02.01.2006"))},
		{i18n.T("ИНН по умолчанию", "Default INN"), s.INN},
		{i18n.T("Сеанс действует до", "Session valid until"), s.Expires.In(workflow.ENSMoscow).Format("02.01.2006 15:04:05") + i18n.T(" МСК", " MSK")},
	}
	if c.Demo() {
		rows = append(rows, [2]string{i18n.T("Ключ", "Key"), i18n.T("демонстрационный сертификат песочницы", "the sandbox's demo certificate")})
	}
	ensPairs(w, rows)
	if s.MCHD != nil {
		fmt.Fprintln(w, i18n.T("Машиночитаемая доверенность:", "Power of attorney (MCHD):"))
		for _, l := range s.MCHD.DescribeIn(i18n.Current()) {
			fmt.Fprintln(w, "  "+l)
		}
	}
	if c.KeptInKeyring() {
		fmt.Fprintf(w, "%s (%s).\n", i18n.T("Сеанс сохранён в связке ключей ОС", "The session is kept in the OS keyring"), c.KeyringService())
	}
	return nil
}

// JSON forms. Amounts are decimal strings in roubles and integer kopecks
// (never floats); dates are ГГГГ-ММ-ДД in Moscow time.

type ensCertJSON struct {
	Subject    string `json:"subject"`
	INN        string `json:"inn"`
	Thumbprint string `json:"thumbprint"`
	NotAfter   string `json:"notAfter"`
}

type ensLoginJSON struct {
	Env         string      `json:"env"`
	Server      string      `json:"server"`
	Profile     string      `json:"profile"`
	Mode        string      `json:"mode"`
	INN         string      `json:"inn"`
	Expires     string      `json:"expires"`
	Kept        bool        `json:"keptInKeyring"`
	Demo        bool        `json:"demoCertificate,omitempty"`
	Certificate ensCertJSON `json:"certificate"`
	MCHD        []string    `json:"mchd,omitempty"`
}

type ensItemJSON struct {
	ID            string `json:"id,omitempty"`
	Date          string `json:"date,omitempty"`
	DueDate       string `json:"dueDate,omitempty"`
	Kind          string `json:"kind"`
	KindName      string `json:"kindName"`
	Name          string `json:"name,omitempty"`
	KBK           string `json:"kbk,omitempty"`
	OKTMO         string `json:"oktmo,omitempty"`
	Amount        string `json:"amount"`
	AmountKopecks int64  `json:"amountKopecks"`
	Document      string `json:"document,omitempty"`
}

func ensDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workflow.ENSMoscow).Format("2006-01-02")
}

func ensItemsJSON(items []workflow.ENSItem) []ensItemJSON {
	out := make([]ensItemJSON, 0, len(items))
	for _, it := range items {
		out = append(out, ensItemJSON{ID: it.ID, Date: ensDay(it.Date), DueDate: ensDay(it.DueDate), Kind: it.Kind, KindName: workflow.ENSKindRussian(it.Kind),
			Name: it.Name, KBK: it.KBK, OKTMO: it.OKTMO, Amount: it.Amount.String(), AmountKopecks: int64(it.Amount), Document: it.Document})
	}
	return out
}

func ensBalanceJSON(b *workflow.ENSBalance) any {
	return struct {
		INN                    string        `json:"inn"`
		KPP                    string        `json:"kpp,omitempty"`
		Date                   string        `json:"date"`
		Saldo                  string        `json:"saldo"`
		SaldoKopecks           int64         `json:"saldoKopecks"`
		Upcoming               string        `json:"upcoming"`
		UpcomingKopecks        int64         `json:"upcomingKopecks"`
		TotalObligation        string        `json:"totalObligation"`
		TotalObligationKopecks int64         `json:"totalObligationKopecks"`
		Debts                  []ensItemJSON `json:"debts"`
	}{b.INN, b.KPP, ensDay(b.Date), b.Saldo.String(), int64(b.Saldo), b.Upcoming.String(), int64(b.Upcoming),
		b.TotalObligation.String(), int64(b.TotalObligation), ensItemsJSON(b.Debts)}
}

func ensStatementJSON(s *workflow.ENSStatement) any {
	return struct {
		INN             string        `json:"inn"`
		From            string        `json:"from"`
		To              string        `json:"to"`
		SaldoIn         string        `json:"saldoIn"`
		SaldoInKopecks  int64         `json:"saldoInKopecks"`
		SaldoOut        string        `json:"saldoOut"`
		SaldoOutKopecks int64         `json:"saldoOutKopecks"`
		Reconciles      bool          `json:"reconciles"`
		Operations      []ensItemJSON `json:"operations"`
	}{s.INN, ensDay(s.From), ensDay(s.To), s.SaldoIn.String(), int64(s.SaldoIn), s.SaldoOut.String(), int64(s.SaldoOut), s.Reconciles(), ensItemsJSON(s.Operations)}
}

func ensObligationsJSON(inn string, d time.Time, items []workflow.ENSItem) any {
	var total workflow.ENSKopecks
	for _, it := range items {
		total += it.Amount
	}
	return struct {
		INN          string        `json:"inn"`
		Date         string        `json:"date"`
		Total        string        `json:"total"`
		TotalKopecks int64         `json:"totalKopecks"`
		Obligations  []ensItemJSON `json:"obligations"`
	}{inn, ensDay(d), total.String(), int64(total), ensItemsJSON(items)}
}

func ensPrintJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Tables for people: money with Kopecks.Russian, dates ДД.ММ.ГГГГ.

func ensDMY(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workflow.ENSMoscow).Format("02.01.2006")
}

// ensWidth is the width of s in a terminal (one column per rune: the
// tables hold Cyrillic, digits and ₽ only).
func ensWidth(s string) int { return len([]rune(s)) }

// ensTable prints rows in columns two spaces apart; columns listed in
// right are right-aligned (amounts).
func ensTable(w io.Writer, head []string, rows [][]string, right ...int) {
	width := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], ensWidth(c))
		}
	}
	isRight := func(i int) bool {
		for _, r := range right {
			if r == i {
				return true
			}
		}
		return false
	}
	for _, r := range append([][]string{head}, rows...) {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-ensWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if isRight(i) {
				b.WriteString(pad + c)
			} else if i < len(r)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// ensPairs prints "label: value" lines with the values aligned.
func ensPairs(w io.Writer, rows [][2]string) {
	n := 0
	for _, r := range rows {
		n = max(n, ensWidth(r[0]))
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %s:%s %s\n", r[0], strings.Repeat(" ", n-ensWidth(r[0])), r[1])
	}
}

func ensSaldoState(k workflow.ENSKopecks) string {
	switch {
	case k > 0:
		return i18n.T("переплата", "overpayment")
	case k < 0:
		return i18n.T("задолженность", "debt")
	}
	return i18n.T("нулевое сальдо", "zero saldo")
}

func ensPrintBalance(w io.Writer, b *workflow.ENSBalance) {
	fmt.Fprintf(w, "%s %s\n", i18n.T("Сальдо ЕНС на", "ENS saldo on"), ensDMY(b.Date))
	rows := [][2]string{{i18n.T("ИНН", "INN"), b.INN}}
	if b.KPP != "" {
		rows = append(rows, [2]string{i18n.T("КПП", "KPP"), b.KPP})
	}
	rows = append(rows,
		[2]string{i18n.T("Сальдо", "Saldo"), b.Saldo.Russian() + " — " + ensSaldoState(b.Saldo)},
		[2]string{i18n.T("Предстоящие платежи", "Upcoming payments"), b.Upcoming.Russian()},
		[2]string{i18n.T("Совокупная обязанность", "Total obligation"), b.TotalObligation.Russian()},
	)
	ensPairs(w, rows)
	if len(b.Debts) > 0 {
		fmt.Fprintf(w, "\n%s:\n", i18n.T("Задолженность", "Debt"))
		ensPrintItems(w, b.Debts, ensItemsDebt)
	}
}

// Kinds of item tables.
const (
	ensItemsDated = iota // operations: by date
	ensItemsDue          // obligations: by payment deadline
	ensItemsDebt         // debt breakdown: no date
)

// ensPrintItems prints operations, obligations or a debt breakdown.
func ensPrintItems(w io.Writer, items []workflow.ENSItem, kind int) {
	head := []string{i18n.T("Вид", "Kind"), i18n.T("КБК", "KBK"), i18n.T("ОКТМО", "OKTMO"), i18n.T("Сумма", "Amount"), i18n.T("Наименование", "Name")}
	switch kind {
	case ensItemsDated:
		head = append([]string{i18n.T("Дата", "Date")}, head...)
	case ensItemsDue:
		head = append([]string{i18n.T("Срок уплаты", "Due")}, head...)
	}
	var rows [][]string
	for _, it := range items {
		name := it.Name
		if it.Document != "" {
			name += " (" + it.Document + ")"
		}
		r := []string{ensKindName(it.Kind), it.KBK, it.OKTMO, it.Amount.Russian(), name}
		switch kind {
		case ensItemsDated:
			r = append([]string{ensDMY(it.Date)}, r...)
		case ensItemsDue:
			r = append([]string{ensDMY(it.DueDate)}, r...)
		}
		rows = append(rows, r)
	}
	amount := 3
	if kind != ensItemsDebt {
		amount = 4
	}
	ensTable(w, head, rows, amount)
}

// ensKindName names an operation kind in the current language, in the
// window's words (ui/ens.go kindName).
func ensKindName(kind string) string {
	if i18n.Current() != i18n.EN {
		return workflow.ENSKindRussian(kind)
	}
	if kind == "tax" {
		return "accrual" // as the window says; the other wire kinds are English words
	}
	return kind
}

func ensPrintStatement(w io.Writer, s *workflow.ENSStatement) {
	fmt.Fprintf(w, "%s %s, %s %s %s %s\n", i18n.T("Операции по ЕНС: ИНН", "ENS operations: INN"), s.INN,
		i18n.T("с", "from"), ensDMY(s.From), i18n.T("по", "to"), ensDMY(s.To))
	if len(s.Operations) == 0 {
		fmt.Fprintln(w, i18n.T("Операций за период нет.", "No operations in the period."))
	} else {
		ensPrintItems(w, s.Operations, ensItemsDated)
	}
	fmt.Fprintln(w)
	ensPairs(w, [][2]string{
		{i18n.T("Сальдо на начало периода", "Opening saldo"), s.SaldoIn.Russian()},
		{i18n.T("Сальдо на конец периода", "Closing saldo"), s.SaldoOut.Russian()},
		{i18n.T("Операций", "Operations"), fmt.Sprint(len(s.Operations))},
	})
}

func ensPrintObligations(w io.Writer, inn string, d time.Time, items []workflow.ENSItem) {
	fmt.Fprintf(w, "%s %s, %s %s\n", i18n.T("Предстоящие платежи на", "Upcoming payments on"), ensDMY(d), i18n.T("ИНН", "INN"), inn)
	if len(items) == 0 {
		fmt.Fprintln(w, i18n.T("Предстоящих платежей нет.", "No upcoming payments."))
		return
	}
	ensPrintItems(w, items, ensItemsDue)
	var total workflow.ENSKopecks
	for _, it := range items {
		total += it.Amount
	}
	fmt.Fprintln(w)
	ensPairs(w, [][2]string{{i18n.T("Итого", "Total"), total.Russian()}})
}
