package workflow

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/keystore"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// ENSProfileVar names a protocol profile file used when ENSOptions.Profile
// is empty.
const ENSProfileVar = "GOSDESK_ENS_PROFILE"

// Types of API ЕНС the front ends show (aliases: no import of core/ens).
type (
	ENSMode      = ens.Mode
	ENSLogin     = ens.Session
	ENSBalance   = ens.Balance
	ENSStatement = ens.Statement
	ENSItem      = ens.Item
	ENSKopecks   = ens.Kopecks
	ENSProfile   = ens.Profile
	MCHD         = ens.MCHD
)

// ENSMoscow is the time zone of ЕНС dates.
var ENSMoscow = ens.Moscow

// ENSDay is t's civil date in Moscow (midnight).
func ENSDay(t time.Time) time.Time { return ens.Date(t) }

// ENSKindRussian names an operation kind in Russian.
func ENSKindRussian(kind string) string { return ens.KindRussian(kind) }

// MCHDSummary is what a screen shows of a МЧД before sign-in.
type MCHDSummary struct {
	Lines      []string // Russian facts, one a line (principal, representative, powers, validity)
	ValidUntil time.Time
	Expired    bool
}

// DescribeMCHD reads a МЧД (and its signature, if given), checks it
// against the official ФНС schema and describes it; nothing is sent.
func (c *Core) DescribeMCHD(xmlPath, sigPath string) (*MCHDSummary, error) {
	m, err := ReadMCHD(xmlPath, sigPath)
	if err != nil {
		return nil, err
	}
	d, err := mchd.Parse(m.XML, &mchd.Options{Validator: mchd.XSDValidator{}})
	if err != nil {
		return nil, err
	}
	sum := &MCHDSummary{Lines: d.Describe(), ValidUntil: d.ValidUntil}
	sum.Expired = !d.ValidUntil.IsZero() && ens.Date(c.now()).After(d.ValidUntil)
	return sum, nil
}

// ENSBalances lists the kept ENS balance snapshots of inn ("" = every
// taxpayer), newest first, at most limit (≤ 0: all).
func (c *Core) ENSBalances(inn string, limit int) ([]journal.Balance, error) {
	j := c.Journal()
	if j == nil {
		return nil, ErrNoJournal
	}
	return j.Balances(context.Background(), inn, limit)
}

// ENS modes.
const (
	ENSSelf           = ens.ModeSelf
	ENSOperator       = ens.ModeOperator
	ENSRepresentative = ens.ModeRepresentative
)

// ENSOptions choose the server, the protocol profile, the mode and the key.
type ENSOptions struct {
	// Env: sandbox (default), prod (the profile's address) or a URL.
	Env string
	// Profile file (JSON); "" = $GOSDESK_ENS_PROFILE, else built in.
	Profile string
	Mode    ENSMode
	// MCHD and MCHDSig: the power of attorney (XML, format 003) and its
	// detached signature (DER, PEM or base64) for ENSRepresentative.
	MCHD, MCHDSig string
	// Creds: the signing key (the API key fields are not used).
	Creds Credentials
	// PIN asks for a PIN when Creds.PINEnv is empty.
	PIN PINPrompt
	// Tunnel (GOST TLS through stunnel, HOST:PORT) or Proxy URL.
	Tunnel, Proxy string
	// Warn receives one-time warnings (the keyring is unavailable: the
	// session will not be kept).
	Warn func(text string)
}

// ENSSession is a ready API ЕНС client. Nothing is sent by OpenENS.
type ENSSession struct {
	core    *Core
	client  *ens.Client
	env     string
	base    string
	mode    ENSMode
	demo    bool
	tokens  *ensKeyringTokens
	profile *ens.Profile
}

// ParseENSMode reads self, operator or representative.
func ParseENSMode(s string) (ENSMode, error) {
	switch strings.ToLower(s) {
	case "", "self":
		return ens.ModeSelf, nil
	case "operator":
		return ens.ModeOperator, nil
	case "representative":
		return ens.ModeRepresentative, nil
	}
	return 0, inputf("неизвестный режим %q: нужен self, operator или representative", "unknown mode %q: use self, operator or representative", s)
}

// ENSModeName names a mode for people.
func ENSModeName(m ENSMode) string {
	switch m {
	case ens.ModeOperator:
		return i18n.T("оператор (по согласию 21001)", "operator (consent 21001)")
	case ens.ModeRepresentative:
		return i18n.T("представитель по МЧД", "representative with an MCHD")
	}
	return i18n.T("свой ИНН", "own INN")
}

// OpenENS builds the API ЕНС client: profile, address (plain http:// only
// to loopback or through a GOST TLS tunnel), the signing key (the
// sandbox's demo certificate when none is given for the sandbox), the
// МЧД, and the keyring token store (service gosdesk-ens).
func (c *Core) OpenENS(ctx context.Context, o ENSOptions) (*ENSSession, error) {
	mode := o.Mode
	if (o.MCHD != "" || o.MCHDSig != "") && mode != ens.ModeRepresentative {
		return nil, inputf("МЧД (--mchd, --mchd-sig) нужна только в режиме representative", "an MCHD (--mchd, --mchd-sig) needs representative mode")
	}
	if o.MCHDSig != "" && o.MCHD == "" {
		return nil, inputf("подпись МЧД (--mchd-sig) указывается вместе с самой МЧД (--mchd)", "the MCHD signature (--mchd-sig) goes with the MCHD (--mchd)")
	}
	if o.Creds.Cert != "" && o.Creds.Key == "" {
		return nil, inputf("сертификат (--cert) указывается вместе с ключом (--key)", "a certificate (--cert) goes with a key (--key)")
	}
	prof, err := LoadENSProfile(o.Profile)
	if err != nil {
		return nil, err
	}
	envName, base, err := c.ensResolve(o)
	if err != nil {
		return nil, err
	}
	if base == "" {
		base = prof.BaseURL
	}
	if err := ensCheckBase(o, base); err != nil {
		return nil, err
	}
	warn := o.Warn
	if warn == nil {
		warn = func(string) {}
	}
	sess := &ENSSession{core: c, env: envName, base: base, mode: mode, profile: prof, tokens: &ensKeyringTokens{warn: warn}}
	creds := o.Creds.Merge(c.settings)
	demo := envName == config.EnvSandbox && !creds.HasSigner()
	if mode == ens.ModeRepresentative && o.MCHD == "" && !demo {
		return nil, inputf("в режиме representative нужна доверенность: --mchd ФАЙЛ [--mchd-sig ФАЙЛ]", "representative mode needs a power of attorney: --mchd FILE [--mchd-sig FILE]")
	}
	var signer ens.Signer
	var md *ens.MCHD
	if demo {
		// The sandbox's deterministic demo PKI: no files needed.
		d, err := sandboxens.NewDemo()
		if err != nil {
			return nil, err
		}
		sess.demo = true
		signer = d.Operator
		if mode == ens.ModeRepresentative {
			signer = d.Representative
			if o.MCHD == "" {
				md = &ens.MCHD{XML: sandboxens.DemoMCHD, Signature: d.MCHDSignature}
			}
		}
	} else {
		ks, err := openSigner(ctx, creds, o.PIN)
		if err != nil {
			return nil, err
		}
		// Dates first: an expired certificate is «истёк», whatever else it
		// lacks (ФНС checks in this order too).
		if cert := ks.Certificate(); cert != nil {
			if now := c.now(); now.After(cert.NotAfter) || now.Before(cert.NotBefore) {
				return nil, ENSError(&ens.Error{Code: ens.CodeCertExpired, Local: true,
					Detail:   fmt.Sprintf("действителен с %s по %s", cert.NotBefore.In(ens.Moscow).Format("02.01.2006"), cert.NotAfter.In(ens.Moscow).Format("02.01.2006")),
					DetailEN: fmt.Sprintf("valid from %s to %s", cert.NotBefore.In(ens.Moscow).Format("02.01.2006"), cert.NotAfter.In(ens.Moscow).Format("02.01.2006"))}, false)
			}
		}
		signer = ensKeystoreSigner{s: ks, now: c.now}
	}
	if mode == ens.ModeRepresentative && md == nil {
		if md, err = ReadMCHD(o.MCHD, o.MCHDSig); err != nil {
			return nil, err
		}
	}
	if md != nil {
		md.Validator = mchd.XSDValidator{}
	}
	cl, err := ens.New(ens.Config{
		Profile: prof,
		BaseURL: base,
		Signer:  signer,
		Mode:    mode,
		MCHD:    md,
		TLS:     ens.TLSOptions{TunnelAddr: o.Tunnel, ProxyURL: o.Proxy},
		Tokens:  sess.tokens,
		Now:     c.now,
	})
	if err != nil {
		return nil, ENSError(err, false)
	}
	sess.client = cl
	return sess, nil
}

// LoadENSProfile reads a protocol profile file ("" = $GOSDESK_ENS_PROFILE,
// else the built-in profile).
func LoadENSProfile(path string) (*ENSProfile, error) {
	if path == "" {
		path = os.Getenv(ENSProfileVar)
	}
	if path == "" {
		return ens.DefaultProfile(), nil
	}
	if _, err := os.Stat(path); err != nil {
		return nil, &InputError{Text: fileText(path, err), Err: err}
	}
	p, err := ens.LoadProfile(path)
	if err != nil {
		return nil, &InputError{Text: i18n.Text{RU: path + ": " + ENSErrorText(err, i18n.RU), EN: path + ": " + ENSErrorText(err, i18n.EN)}}
	}
	return p, nil
}

// ensResolve turns the environment (or the settings' one) into a name and
// the server address; an empty address means the profile's.
func (c *Core) ensResolve(o ENSOptions) (string, string, error) {
	name := o.Env
	if name == "" {
		name = c.settings.Env
	}
	if name == "" {
		name = config.EnvSandbox
	}
	switch strings.ToLower(name) {
	case config.EnvProd:
		return config.EnvProd, "", nil
	case config.EnvTest, config.EnvTestBeta:
		return "", "", inputf("у API ЕНС нет публичного тестового контура: укажите адрес, выданный ФНС (--env https://…), или baseURL в профиле (--profile ФАЙЛ, --env prod)",
			"API ENS has no public test contour: give the address FNS issued (--env https://…) or baseURL in a profile (--profile FILE, --env prod)")
	}
	if ensCarried(o) && strings.HasPrefix(strings.ToLower(name), "http://") {
		// Plain http:// to the tunnel or local proxy, which adds GOST
		// TLS: any host.
		return config.EnvCustom, strings.TrimRight(name, "/"), nil
	}
	env, err := c.ResolveEnv(name)
	if err != nil {
		return "", "", err
	}
	return env.Name, env.EPGU, nil
}

// ensCheckBase refuses plain http:// to another host unless a GOST TLS
// tunnel carries it: the token and tax data must not travel in the clear.
func ensCheckBase(o ENSOptions, base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return inputf("неверный адрес API ЕНС %q", "bad API ENS address %q", base)
	}
	if u.Scheme == "http" && !ensCarried(o) && !ensLoopback(u.Host) {
		return inputf("%s: адрес http:// без шифрования допустим только для локальной песочницы; для ФНС укажите --tunnel ХОСТ:ПОРТ (ГОСТ TLS через stunnel), локальный --proxy или адрес https://",
			"%s: plain http:// is allowed only for the local sandbox; for FNS pass --tunnel HOST:PORT (GOST TLS through stunnel), a local --proxy or an https:// address", base)
	}
	return nil
}

// ensCarried: plain http:// leaves this machine only through a GOST TLS
// tunnel or a local proxy that adds TLS.
func ensCarried(o ENSOptions) bool {
	if o.Tunnel != "" {
		return true
	}
	u, err := url.Parse(o.Proxy)
	return o.Proxy != "" && err == nil && ensLoopback(u.Host)
}

func ensLoopback(host string) bool {
	return config.CheckLoopback(host) == nil || config.CheckLoopback(host+":0") == nil
}

// ReadMCHD reads a МЧД and its detached signature (DER, PEM or base64).
func ReadMCHD(xmlPath, sigPath string) (*MCHD, error) {
	x, err := os.ReadFile(xmlPath)
	if err != nil {
		return nil, &InputError{Text: fileText(xmlPath, err), Err: err}
	}
	m := &ens.MCHD{XML: x}
	if sigPath == "" {
		return m, nil
	}
	b, err := os.ReadFile(sigPath)
	if err != nil {
		return nil, &InputError{Text: fileText(sigPath, err), Err: err}
	}
	if m.Signature, err = SignatureBytes(b); err != nil {
		return nil, i18n.Wrap(err, sigPath+": подпись МЧД не распознана (нужен DER, PEM или base64)", sigPath+": the MCHD signature is not DER, PEM or base64")
	}
	return m, nil
}

// SignatureBytes returns the DER of a detached signature file written as
// DER, PEM (any type) or bare base64. The CMS itself is checked later.
func SignatureBytes(b []byte) ([]byte, error) {
	// DER: a SEQUENCE with a long-form length (a CMS is never under 128
	// bytes) or one that spans the file exactly; base64 text starting
	// with '0' (0x30) has a printable second byte and fails both.
	isDER := func(b []byte) bool {
		return len(b) >= 2 && b[0] == 0x30 && (b[1]&0x80 != 0 || int(b[1])+2 == len(b))
	}
	if isDER(b) {
		return b, nil
	}
	if blk, _ := pem.Decode(b); blk != nil {
		b = blk.Bytes
	} else {
		d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
		if err != nil {
			return nil, err
		}
		b = d
	}
	if !isDER(b) {
		return nil, errors.New("not a DER SEQUENCE")
	}
	return b, nil
}

// ensKeystoreSigner makes the CAdES-BES of the sign-in with a key store
// signer: in process for keys in files and containers, through CSP for
// keys that never leave it. Only the signer's certificate goes in.
type ensKeystoreSigner struct {
	s   keystore.Signer
	now func() time.Time
}

func (k ensKeystoreSigner) SignCAdES(ctx context.Context, content []byte, attached bool) ([]byte, error) {
	return keystore.SignCMS(ctx, k.s, bytes.NewReader(content), &cms.SignOptions{Attached: attached, SigningTime: k.now()})
}

func (k ensKeystoreSigner) CertificateDER() []byte { return k.s.Certificate().Raw }

// Env is the environment name; Server the address; Profile the protocol
// profile; Mode the mode; Demo reports the sandbox's demo certificate.
func (e *ENSSession) Env() string            { return e.env }
func (e *ENSSession) Server() string         { return e.base }
func (e *ENSSession) Profile() *ENSProfile   { return e.profile }
func (e *ENSSession) Mode() ENSMode          { return e.mode }
func (e *ENSSession) Demo() bool             { return e.demo }
func (e *ENSSession) DefaultINN() string     { return e.client.DefaultINN() }
func (e *ENSSession) KeptInKeyring() bool    { return e.tokens.saved }
func (e *ENSSession) wrap(err error) error   { return ENSError(err, e.env == config.EnvSandbox) }
func (e *ENSSession) today() time.Time       { return ens.Date(e.core.now()) }
func (e *ENSSession) Today() time.Time       { return e.today() }
func (e *ENSSession) KeyringService() string { return ENSKeyringService }

// Login signs the server's one-time key and keeps the session token in
// the OS keyring.
func (e *ENSSession) Login(ctx context.Context) (*ENSLogin, error) {
	s, err := e.client.Login(ctx)
	return s, e.wrap(err)
}

// Balance is the ENS saldo on a date (inn "" = the default ИНН); each
// answer is kept in the journal as a snapshot (the balance history).
func (e *ENSSession) Balance(ctx context.Context, inn string, date time.Time) (*ENSBalance, error) {
	b, err := e.client.Balance(ctx, inn, date)
	if err != nil {
		return nil, e.wrap(err)
	}
	if j := e.core.Journal(); j != nil && b.INN != "" {
		raw, _ := json.Marshal(b)
		if err := j.AddBalance(ctx, &journal.Balance{INN: b.INN, Date: b.Date.In(ens.Moscow).Format("2006-01-02"), Kopecks: int64(b.Saldo), Raw: string(raw), Taken: e.core.now()}); err != nil {
			e.core.log.WithError(err).Warn("workflow: the journal did not take an ENS balance")
		}
	}
	return b, nil
}

// Operations over a period, inclusive.
func (e *ENSSession) Operations(ctx context.Context, inn string, from, to time.Time) (*ENSStatement, error) {
	s, err := e.client.Operations(ctx, inn, from, to)
	return s, e.wrap(err)
}

// Obligations (upcoming payments) on a date.
func (e *ENSSession) Obligations(ctx context.Context, inn string, date time.Time) ([]ENSItem, error) {
	it, err := e.client.Obligations(ctx, inn, date)
	return it, e.wrap(err)
}

// Logout forgets the session. Nothing to forget is success; a keyring
// that cannot delete the entry is an error with what to do.
func (e *ENSSession) Logout() error {
	e.client.Logout()
	if e.tokens.deleteFailed {
		return i18n.New("сеанс не удалён из связки ключей ОС: откройте связку ключей (Secret Service) и удалите записи gosdesk-ens вручную",
			"the session is not deleted from the OS keyring: open the keyring (Secret Service) and delete the gosdesk-ens entries by hand")
	}
	return nil
}

// CheckINN checks an ИНН's checksum ("" passes: the default ИНН).
func CheckINN(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || ens.ValidINN(s) {
		return s, nil
	}
	return "", &InputError{Text: i18n.Text{
		RU: fmt.Sprintf("ИНН %s: %s. %s", s, ens.ErrINNInvalid.MessageIn(i18n.RU), ens.ErrINNInvalid.HintIn(i18n.RU)),
		EN: fmt.Sprintf("INN %s: %s. %s", s, ens.ErrINNInvalid.MessageIn(i18n.EN), ens.ErrINNInvalid.HintIn(i18n.EN))}}
}

// ENSStart is the first day of the единый налоговый счёт (Федеральный
// закон от 14.07.2022 № 263-ФЗ): no balance or operation exists before it.
var ENSStart = time.Date(2023, time.January, 1, 0, 0, 0, 0, ens.Moscow)

// ParseENSDate reads ДД.ММ.ГГГГ or ГГГГ-ММ-ДД (Moscow); "" gives def.
// what names the field in the message (e.g. "--date").
func ParseENSDate(what, s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	for _, layout := range []string{"02.01.2006", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, ens.Moscow); err == nil {
			if t.Before(ENSStart) {
				return time.Time{}, inputf("%s: %s — раньше 01.01.2023, а единый налоговый счёт действует с 01.01.2023 (Федеральный закон № 263-ФЗ): укажите дату не раньше 01.01.2023", "%s: %s is before 01.01.2023, and the unified tax account exists since 01.01.2023 (Federal Law 263-FZ): give 01.01.2023 or later", what, s)
			}
			return t, nil
		}
	}
	return time.Time{}, inputf("%s: неверная дата %q (нужно ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)", "%s: bad date %q (need DD.MM.YYYY or YYYY-MM-DD)", what, s)
}
