package sandbox

// Person types of ЕСИА tokens and API ЕПГУ (access_denied_user).
const (
	PersonCitizen     = "PERSON"      // ФЛ
	PersonLegal       = "LEGAL"       // ЮЛ
	PersonBusinessman = "BUSINESSMAN" // ИП
)

// System is a ВИС registered with API ЕПГУ.
type System struct {
	Mnemonic string `json:"mnemonic"`
	// OwnerOrgOID: the organisation owning the system.
	OwnerOrgOID int64 `json:"ownerOrgOid"`
	// Services granted to the system, by service code.
	Services map[string]Grant `json:"services"`
	// RedirectURIs allowed for the citizen OAuth2 flows.
	RedirectURIs []string `json:"redirectUris"`
	// CertificateDER of the system (client_secret of the OAuth2 flows).
	CertificateDER []byte `json:"certificate"`
	// RequestsPerMinute overrides the 2,000/min limit (0: default).
	RequestsPerMinute int `json:"requestsPerMinute,omitempty"`
	// Disabled systems get access_denied_system.
	Disabled bool `json:"disabled,omitempty"`
}

// Grant is the access of a system to a service.
type Grant struct {
	// UserTypes allowed (PERSON, LEGAL, BUSINESSMAN); empty: the service's.
	UserTypes []string `json:"userTypes,omitempty"`
	// OwnerIsConsumer: «Владелец ИС является организацией-потребителем»;
	// orders only with tokens of the owner organisation.
	OwnerIsConsumer bool `json:"ownerIsConsumer,omitempty"`
	// PersonalData: the system may download files with personal data.
	PersonalData bool `json:"personalData"`
}

// Org is an organisation (ЮЛ/ИП) known to ЕСИА.
type Org struct {
	OID  int64  `json:"oid"`
	Name string `json:"name"`
	OGRN string `json:"ogrn"`
	INN  string `json:"inn"`
	Type string `json:"type"` // LEGAL or BUSINESSMAN
}

// User is an ЕСИА account.
type User struct {
	OID   int64  `json:"oid"`
	Name  string `json:"name"`
	SNILS string `json:"snils"`
	// Employee of OrgOID (0: none). Head of the organisation or holding a
	// power of attorney (CanPush) may send orders (push_denied otherwise).
	OrgOID  int64 `json:"orgOid,omitempty"`
	CanPush bool  `json:"canPush"`
	// Consent: the citizen gave the APIPGU consent (permissions).
	Consent bool `json:"consent"`
}

// APIKey binds an API key to an employee and a system.
type APIKey struct {
	Key     string `json:"key"`
	System  string `json:"system"`
	UserOID int64  `json:"userOid"`
	OrgOID  int64  `json:"orgOid"`
	Blocked bool   `json:"blocked,omitempty"`
}

// Identities is the sandbox's ЕСИА/partners registry.
type Identities struct {
	Systems map[string]*System `json:"systems"`
	Orgs    map[int64]*Org     `json:"orgs"`
	Users   map[int64]*User    `json:"users"`
	APIKeys map[string]*APIKey `json:"apiKeys"`
}

func newIdentities() *Identities {
	return &Identities{Systems: map[string]*System{}, Orgs: map[int64]*Org{}, Users: map[int64]*User{}, APIKeys: map[string]*APIKey{}}
}
