package mchd

import (
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// PartyKind is the kind of a principal or representative.
type PartyKind int

// Kinds of parties (ТипДоверит 1..4, ТипПред 1..5).
const (
	KindUnknown    PartyKind = iota
	KindOrg                  // Russian legal entity
	KindForeignOrg           // foreign legal entity
	KindIP                   // sole proprietor (ИП)
	KindPerson               // individual (ФЛ)
	KindBranch               // branch (филиал) of a Russian or foreign company
)

var kindNames = [...]string{"неизвестно", "российская организация", "иностранная организация",
	"индивидуальный предприниматель", "физическое лицо", "филиал"}

var kindNamesEN = [...]string{"unknown", "Russian organisation", "foreign organisation",
	"sole proprietor", "individual", "branch"}

// In names the kind in language l.
func (k PartyKind) In(l i18n.Lang) string {
	if k < 0 || int(k) >= len(kindNames) {
		k = KindUnknown
	}
	if l == i18n.EN {
		return kindNamesEN[k]
	}
	return kindNames[k]
}

// String names the kind in Russian.
func (k PartyKind) String() string { return k.In(i18n.RU) }

// Person is an individual named in a МЧД.
type Person struct {
	INN        string // ИННФЛ, 12 digits, may be empty
	SNILS      string // as written ("123-456-789 01")
	Position   string // Должность
	Surname    string
	Name       string
	Patronymic string
	BirthDate  time.Time // zero when absent
}

// FullName is "Фамилия Имя Отчество".
func (p Person) FullName() string {
	s := p.Surname
	for _, x := range []string{p.Name, p.Patronymic} {
		if x != "" {
			s += " " + x
		}
	}
	return s
}

// Party is a principal or a representative.
type Party struct {
	Kind  PartyKind
	Name  string // organisation name or ФИО
	INN   string // ИННЮЛ (10) for organisations, ИННФЛ (12) for people and ИП
	KPP   string
	OGRN  string // ОГРН or ОГРНИП
	SNILS string
	// Person is set for individuals, ИП and individual representatives.
	Person *Person
	// Heads act for an organisation without a power of attorney
	// (ЛицоБезДов), normally the director who signs the МЧД.
	Heads []Person
}

// Restriction is a restriction of a power (ОгрСвПолн).
type Restriction struct {
	ID, Code, Name, Value string
}

// Power is one machine-readable power (МашПолн).
type Power struct {
	Code         string // КодПолн from the ФНС classifier, e.g. "2_FNS99"
	Name         string // НаимПолн
	Restrictions []Restriction
}

// Document is a parsed МЧД.
type Document struct {
	FormatVersion string // ВерсФорм, "EMCHD_1"
	FileID        string // ИдФайл
	TaxFileID     string // ИдФайлНО (tax МЧД)
	ElFormFlags   string // ПрЭлФорм
	KND           string // Документ/@КНД ("1110415" for the tax authority)

	Number         string    // НомДовер, the registry GUID
	InternalNumber string    // ВнНомДовер
	IssueDate      time.Time // ДатаВыдДовер
	ValidUntil     time.Time // СрокДейст, inclusive
	Irrevocable    bool      // ВидДовер = 2
	Redelegation   string    // ПрПередов: 1 none, 2 once, 3 onward
	TaxOffice      string    // КодНО
	TaxOffices     []string  // КодНОДейст (empty: all)
	RegistryURL    string    // СведСист
	// Redelegated reports a Передов document (передоверие): validity,
	// representatives and powers then come from its own СвПереДовер,
	// СвПолучПолн and СвПолн, and Principals is empty.
	Redelegated bool

	Principals      []Party
	Representatives []Party
	Powers          []Power
	PowersText      string // ТекстПолн, when powers are free text
	JointPowers     bool   // ПрСовмПолн = 2

	// SchemaValidated reports that a SchemaValidator accepted the file.
	SchemaValidated bool
}

// ForTax reports a МЧД for tax relations (4th flag of ПрЭлФорм, or КНД 1110415).
func (d *Document) ForTax() bool {
	return (len(d.ElFormFlags) >= 4 && d.ElFormFlags[3] == '1') || d.KND == "1110415"
}

// Signer is who must sign the МЧД for the principal: the first head of an
// organisation principal, or the principal individual / ИП.
func (d *Document) Signer() *Person {
	if len(d.Principals) == 0 {
		return nil
	}
	p := d.Principals[0]
	if len(p.Heads) > 0 {
		return &p.Heads[0]
	}
	return p.Person
}

// PowerCodes lists the codes of the machine-readable powers.
func (d *Document) PowerCodes() []string {
	var s []string
	for _, p := range d.Powers {
		s = append(s, p.Code)
	}
	return s
}
