package ens

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"time"
)

// Endpoint is one HTTP method and path. Path may hold the placeholder
// "{inn}" (the taxpayer's ИНН) and is joined to Profile.BaseURL.
type Endpoint struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

// Param says where a request value travels: "path" (the {inn} placeholder),
// "query", "header" or "body" (a field of the JSON body), under Name.
type Param struct {
	In   string `json:"in"`
	Name string `json:"name"`
}

// Values of Profile fields.
const (
	SignedUTF8    = "utf8"   // sign the key string's UTF-8 bytes
	SignedDecoded = "base64" // sign the base64-decoded key bytes
	SigAttached   = "attached"
	SigDetached   = "detached"
	ErrorsJSON    = "json"
	ErrorsSOAP    = "soap"
	MoneyDecimal  = "decimal" // "-15234.56" (string or JSON number)
	MoneyKopecks  = "kopecks" // -1523456 (integer)
	LifetimeSecs  = "seconds" // Fields.TokenLifetime holds seconds
	LifetimeTime  = "time"    // Fields.TokenLifetime holds an absolute time
)

// Fields are the wire names of request and response fields. A name may be a
// dotted path ("result.saldo") into nested JSON objects.
type Fields struct {
	// Temporary-key answer.
	Key        string `json:"key"`
	KeyExpires string `json:"keyExpires"`
	// Sign-in request.
	SignInKey           string `json:"signInKey"`
	SignInSignature     string `json:"signInSignature"`
	SignInMCHD          string `json:"signInMCHD"`          // МЧД XML, base64
	SignInMCHDSignature string `json:"signInMCHDSignature"` // its detached signature, base64
	// Sign-in answer.
	Token         string `json:"token"`
	TokenLifetime string `json:"tokenLifetime"`
	// Query parameters of data calls.
	Date     string `json:"date"`
	DateFrom string `json:"dateFrom"`
	DateTo   string `json:"dateTo"`
	Page     string `json:"page"`
	Size     string `json:"size"`
	// Balance answer.
	INN             string `json:"inn"`
	KPP             string `json:"kpp"`
	BalanceDate     string `json:"balanceDate"`
	Saldo           string `json:"saldo"`
	Upcoming        string `json:"upcoming"`
	TotalObligation string `json:"totalObligation"`
	Breakdown       string `json:"breakdown"`
	// Lists (operations, obligations, breakdown) and their items.
	Items      string `json:"items"`
	TotalPages string `json:"totalPages"`
	SaldoIn    string `json:"saldoIn"`
	SaldoOut   string `json:"saldoOut"`
	ItemID     string `json:"itemID"`
	ItemDate   string `json:"itemDate"`
	ItemKind   string `json:"itemKind"`
	ItemName   string `json:"itemName"`
	ItemKBK    string `json:"itemKBK"`
	ItemOKTMO  string `json:"itemOKTMO"`
	ItemAmount string `json:"itemAmount"`
	ItemDue    string `json:"itemDue"`
	ItemDoc    string `json:"itemDoc"`
	// JSON error envelope.
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

// Profile is everything about the wire protocol of API ЕНС that is not
// public. See DefaultProfile for the values this package assumes.
type Profile struct {
	Name    string `json:"name"`
	BaseURL string `json:"baseURL"`

	TempKey     Endpoint `json:"tempKey"`
	SignIn      Endpoint `json:"signIn"`
	Balance     Endpoint `json:"balance"`
	Operations  Endpoint `json:"operations"`
	Obligations Endpoint `json:"obligations"`

	// TokenHeader carries the session token on data calls, after
	// TokenPrefix ("Bearer " for Authorization). TokenPadding selects
	// base64url with '=' padding; TokenEncodedByServer says the sign-in
	// answer already holds the base64url form.
	TokenHeader          string `json:"tokenHeader"`
	TokenPrefix          string `json:"tokenPrefix"`
	TokenPadding         bool   `json:"tokenPadding"`
	TokenEncodedByServer bool   `json:"tokenEncodedByServer"`
	TokenLifetimeKind    string `json:"tokenLifetimeKind"` // seconds | time

	SignedBytes string `json:"signedBytes"` // utf8 | base64
	Signature   string `json:"signature"`   // attached | detached

	// INNOIDs are the certificate subject attributes that hold an ИНН, in
	// order of preference.
	INNOIDs []string `json:"innOIDs"`

	// TaxpayerINN says where the taxpayer's ИНН travels on data calls.
	TaxpayerINN Param `json:"taxpayerINN"`
	// MCHDNumber, if set, carries the МЧД number (НомДовер) on data calls in
	// representative mode.
	MCHDNumber Param `json:"mchdNumber"`
	// MCHDPowers are the power codes (КодПолн) of which a МЧД must hold at
	// least one for ENS data.
	MCHDPowers []string `json:"mchdPowers"`

	Fields Fields `json:"fields"`

	ErrorStyle string            `json:"errorStyle"` // json | soap
	ErrorCodes map[string]string `json:"errorCodes"` // canonical code → wire code

	DateFormat string `json:"dateFormat"` // Go layout of dates on the wire
	TimeFormat string `json:"timeFormat"` // Go layout of instants on the wire
	Money      string `json:"money"`      // decimal | kopecks

	PageBase    int `json:"pageBase"`    // number of the first page, 0 or 1
	PageSize    int `json:"pageSize"`    // items per page requested
	MaxPageSize int `json:"maxPageSize"` // server cap (sandbox)
	MaxPeriod   int `json:"maxPeriodDays"`
}

// DefaultProfile follows the FNS connection guide and the FNS Open API
// conventions (a custom FNS-style header, RFC 3339 times with +03:00, JSON).
// Paths and names are placeholders until FNS publishes the specification.
func DefaultProfile() *Profile {
	return &Profile{
		Name:        "default",
		BaseURL:     "http://dpc.tax.nalog.ru",
		TempKey:     Endpoint{"POST", "/api/ens/v1/auth/temp-key"},
		SignIn:      Endpoint{"POST", "/api/ens/v1/auth/sign-in"},
		Balance:     Endpoint{"GET", "/api/ens/v1/taxpayers/{inn}/saldo"},
		Operations:  Endpoint{"GET", "/api/ens/v1/taxpayers/{inn}/operations"},
		Obligations: Endpoint{"GET", "/api/ens/v1/taxpayers/{inn}/obligations"},

		TokenHeader:       "FNS-ENS-Token",
		TokenLifetimeKind: LifetimeSecs,
		SignedBytes:       SignedUTF8,
		Signature:         SigAttached,
		INNOIDs:           []string{OIDINNLE.String(), OIDINN.String()},
		TaxpayerINN:       Param{In: "path", Name: "inn"},
		MCHDPowers:        []string{"2_FNS99", "2_FNS39"},
		Fields:            defaultFields(),
		ErrorStyle:        ErrorsJSON,
		DateFormat:        "2006-01-02",
		TimeFormat:        time.RFC3339,
		Money:             MoneyDecimal,
		PageBase:          0,
		PageSize:          100,
		MaxPageSize:       500,
		MaxPeriod:         366,
	}
}

func defaultFields() Fields {
	return Fields{
		Key: "key", KeyExpires: "expiresAt",
		SignInKey: "key", SignInSignature: "signature",
		SignInMCHD: "mchd", SignInMCHDSignature: "mchdSignature",
		Token: "token", TokenLifetime: "expiresIn",
		Date: "date", DateFrom: "dateFrom", DateTo: "dateTo", Page: "page", Size: "size",
		INN: "inn", KPP: "kpp", BalanceDate: "date", Saldo: "saldo",
		Upcoming: "upcomingPayments", TotalObligation: "totalObligation", Breakdown: "debtBreakdown",
		Items: "items", TotalPages: "totalPages", SaldoIn: "saldoIn", SaldoOut: "saldoOut",
		ItemID: "id", ItemDate: "date", ItemKind: "kind", ItemName: "name", ItemKBK: "kbk",
		ItemOKTMO: "oktmo", ItemAmount: "amount", ItemDue: "dueDate", ItemDoc: "document",
		ErrorCode: "code", ErrorMessage: "message",
	}
}

// LoadProfile reads a JSON profile from a file. Fields the file omits keep
// the values of DefaultProfile.
func LoadProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, localError(CodeConfig, err, "профиль %s", "profile %s", path)
	}
	return ParseProfile(b)
}

// ParseProfile decodes a JSON profile over DefaultProfile and validates it.
func ParseProfile(b []byte) (*Profile, error) {
	p := DefaultProfile()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return nil, localError(CodeConfig, err, "профиль протокола не читается", "the protocol profile cannot be read")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Validate checks that the profile is usable.
func (p *Profile) Validate() error {
	bad := func(ru, en string, a ...any) error {
		return localError(CodeConfig, nil, "профиль %q: "+ru, "profile %q: "+en, append([]any{p.Name}, a...)...)
	}
	for name, e := range map[string]Endpoint{"tempKey": p.TempKey, "signIn": p.SignIn,
		"balance": p.Balance, "operations": p.Operations, "obligations": p.Obligations} {
		switch e.Method {
		case "GET", "POST":
		default:
			return bad("%s: метод %q (нужен GET или POST)", "%s: method %q (GET or POST)", name, e.Method)
		}
		if !strings.HasPrefix(e.Path, "/") {
			return bad("%s: путь %q должен начинаться с /", "%s: path %q must start with /", name, e.Path)
		}
	}
	if p.SignIn.Method != "POST" {
		return bad("signIn: нужен метод POST", "signIn: the method must be POST")
	}
	if p.TokenHeader == "" {
		return bad("не задан tokenHeader", "no tokenHeader")
	}
	if p.SignedBytes != SignedUTF8 && p.SignedBytes != SignedDecoded {
		return bad("signedBytes %q (utf8 или base64)", "signedBytes %q (utf8 or base64)", p.SignedBytes)
	}
	if p.Signature != SigAttached && p.Signature != SigDetached {
		return bad("signature %q (attached или detached)", "signature %q (attached or detached)", p.Signature)
	}
	if p.ErrorStyle != ErrorsJSON && p.ErrorStyle != ErrorsSOAP {
		return bad("errorStyle %q (json или soap)", "errorStyle %q (json or soap)", p.ErrorStyle)
	}
	if p.Money != MoneyDecimal && p.Money != MoneyKopecks {
		return bad("money %q (decimal или kopecks)", "money %q (decimal or kopecks)", p.Money)
	}
	if p.TokenLifetimeKind != LifetimeSecs && p.TokenLifetimeKind != LifetimeTime {
		return bad("tokenLifetimeKind %q (seconds или time)", "tokenLifetimeKind %q (seconds or time)", p.TokenLifetimeKind)
	}
	switch p.TaxpayerINN.In {
	case "path":
		for _, e := range []Endpoint{p.Balance, p.Operations, p.Obligations} {
			if !strings.Contains(e.Path, "{inn}") {
				return bad("taxpayerINN в пути, но в %q нет {inn}", "taxpayerINN in the path, but %q has no {inn}", e.Path)
			}
		}
	case "query", "header", "body":
		if p.TaxpayerINN.Name == "" {
			return bad("taxpayerINN: не задано имя", "taxpayerINN: no name")
		}
	default:
		return bad("taxpayerINN.in %q (path, query, header или body)", "taxpayerINN.in %q (path, query, header or body)", p.TaxpayerINN.In)
	}
	switch p.MCHDNumber.In {
	case "", "query", "header":
	default:
		return bad("mchdNumber.in %q (query или header)", "mchdNumber.in %q (query or header)", p.MCHDNumber.In)
	}
	if p.DateFormat == "" || p.TimeFormat == "" {
		return bad("не заданы dateFormat/timeFormat", "no dateFormat/timeFormat")
	}
	if p.PageBase != 0 && p.PageBase != 1 {
		return bad("pageBase %d (0 или 1)", "pageBase %d (0 or 1)", p.PageBase)
	}
	if p.PageSize <= 0 || p.MaxPageSize <= 0 || p.MaxPeriod <= 0 {
		return bad("pageSize, maxPageSize и maxPeriodDays должны быть > 0", "pageSize, maxPageSize and maxPeriodDays must be > 0")
	}
	if len(p.INNOIDs) == 0 {
		return bad("не заданы innOIDs", "no innOIDs")
	}
	return nil
}

// TokenEncoding is the base64url variant of the token header.
func (p *Profile) TokenEncoding() *base64.Encoding {
	if p.TokenPadding {
		return base64.URLEncoding
	}
	return base64.RawURLEncoding
}

// WireCode maps a canonical error code to the code the server sends.
func (p *Profile) WireCode(c Code) string {
	if w, ok := p.ErrorCodes[string(c)]; ok {
		return w
	}
	return string(c)
}

// CanonicalCode maps a wire error code back to the canonical code; unknown
// codes give CodeUnknown.
func (p *Profile) CanonicalCode(wire string) Code {
	for c, w := range p.ErrorCodes {
		if w == wire {
			return Code(c)
		}
	}
	if _, ok := messages[Code(wire)]; ok {
		return Code(wire)
	}
	return CodeUnknown
}

// SignedContent is the bytes the client signs for the temporary key.
func (p *Profile) SignedContent(key string) ([]byte, error) {
	if p.SignedBytes == SignedUTF8 {
		return []byte(key), nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(key); err == nil {
			return b, nil
		}
	}
	return nil, localError(CodeProtocol, nil, "временный ключ не в base64, а профиль требует подписывать декодированные байты", "the temporary key is not base64, but the profile says to sign the decoded bytes")
}

// Path fills the {inn} placeholder of an endpoint path.
func (e Endpoint) PathFor(inn string) string {
	return strings.ReplaceAll(e.Path, "{inn}", inn)
}
