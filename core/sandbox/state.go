package sandbox

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// state is everything the sandbox keeps (persisted as state.json).
type state struct {
	Secret      string            `json:"secret"`
	FakeKey     string            `json:"fakeKey"`
	IDs         *Identities       `json:"identities"`
	NextOrderID int64             `json:"nextOrderId"`
	NextHistID  int64             `json:"nextHistId"`
	Orders      map[int64]*order  `json:"orders"`
	Scenarios   map[string]string `json:"scenarios"`
	Creds       Credentials       `json:"credentials"`
}

// Credentials are the test identities the sandbox created. With
// Options.FakeSignatures the "certificates" are fakecms test certificates,
// the key file is a placeholder and there is no container.
type Credentials struct {
	// System is the mnemonic of the test ВИС.
	System string `json:"system"`
	// APIKey of the test employee (organisation flow).
	APIKey string `json:"apiKey"`
	// OtherSystem/OtherAPIKey: a second ВИС (foreign-order checks).
	OtherSystem string `json:"otherSystem"`
	OtherAPIKey string `json:"otherApiKey"`
	// CertPath: the employee's test certificate (PEM).
	CertPath string `json:"certPath"`
	// KeyPath: the employee's key as unencrypted PKCS#8 PEM ("PRIVATE
	// KEY"; a test key).
	KeyPath string `json:"keyPath"`
	// ContainerPath: the same key and certificate as a CryptoPro container
	// folder protected by PIN (gosctl sign --container DIR --pin-env VAR).
	ContainerPath string `json:"containerPath,omitempty"`
	// PIN of the container.
	PIN string `json:"pin"`
	// SystemCertPath: certificate of the system (OAuth2 client_secret).
	SystemCertPath string `json:"systemCertPath"`
	// CACertPath: the sandbox test CA (trust it to verify results).
	CACertPath string `json:"caCertPath"`
	// CitizenOID is the test citizen who consents in the OAuth2 flows.
	CitizenOID  int64  `json:"citizenOid"`
	RedirectURI string `json:"redirectUri"`
	OrgOID      int64  `json:"orgOid"`
	EmployeeOID int64  `json:"employeeOid"`
}

// Test identity constants (made-up values).
const (
	TestSystem      = "GOSDESK_SB"
	OtherSystem     = "OTHER_SB"
	TestOrgOID      = 1000000101
	OtherOrgOID     = 1000000102
	TestEmployeeOID = 1000000201
	OtherEmployee   = 1000000202
	NoPushEmployee  = 1000000203
	TestCitizenOID  = 1000000301
	NoConsentOID    = 1000000302
	TestRedirectURI = "http://127.0.0.1/esia-callback"
)

func (s *Server) statePath() string {
	if s.opts.DataDir == "" {
		return ""
	}
	return filepath.Join(s.opts.DataDir, "state.json")
}

func (s *Server) loadOrSeed() error {
	if p := s.statePath(); p != "" {
		if b, err := os.ReadFile(p); err == nil {
			st := &state{}
			if err := json.Unmarshal(b, st); err != nil {
				return fmt.Errorf("sandbox: %s: %w", p, err)
			}
			s.st = st
			// identifiers of earlier sandboxes failed their checksums
			for oid, o := range map[int64][2]string{TestOrgOID: {TestOrgINN, TestOrgOGRN}, OtherOrgOID: {OtherOrgINN, OtherOrgOGRN}} {
				if org := st.IDs.Orgs[oid]; org != nil {
					org.INN, org.OGRN = o[0], o[1]
				}
			}
			for oid, snils := range map[int64]string{NoPushEmployee: "132-435-465 34", NoConsentOID: "145-526-171 57"} {
				if u := st.IDs.Users[oid]; u != nil {
					u.SNILS = snils
				}
			}
			s.secret, _ = hex.DecodeString(st.Secret)
			s.fakeKey, _ = hex.DecodeString(st.FakeKey)
			return nil
		}
	}
	s.secret, _ = hex.DecodeString(randomHex(32))
	s.fakeKey, _ = hex.DecodeString(randomHex(32))
	st := &state{Secret: hex.EncodeToString(s.secret), FakeKey: hex.EncodeToString(s.fakeKey), IDs: newIdentities(),
		NextOrderID: 3_500_000_000, NextHistID: 15_000_000_000, Orders: map[int64]*order{}, Scenarios: map[string]string{}}
	s.st = st
	s.seed()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

func (s *Server) seed() {
	ids := s.st.IDs
	ids.Orgs[TestOrgOID] = &Org{OID: TestOrgOID, Name: "ООО «Песочница»", OGRN: TestOrgOGRN, INN: TestOrgINN, Type: PersonLegal}
	ids.Orgs[OtherOrgOID] = &Org{OID: OtherOrgOID, Name: "ООО «Другая система»", OGRN: OtherOrgOGRN, INN: OtherOrgINN, Type: PersonLegal}
	ids.Users[TestEmployeeOID] = &User{OID: TestEmployeeOID, Name: "Иванов Иван Иванович", SNILS: "112-233-445 95", OrgOID: TestOrgOID, CanPush: true}
	ids.Users[OtherEmployee] = &User{OID: OtherEmployee, Name: "Петров Пётр Петрович", SNILS: "123-456-789 64", OrgOID: OtherOrgOID, CanPush: true}
	ids.Users[NoPushEmployee] = &User{OID: NoPushEmployee, Name: "Сидоров Сидор Сидорович", SNILS: "132-435-465 34", OrgOID: TestOrgOID}
	ids.Users[TestCitizenOID] = &User{OID: TestCitizenOID, Name: "Смирнова Анна Сергеевна", SNILS: "000-729-729 38", Consent: true}
	ids.Users[NoConsentOID] = &User{OID: NoConsentOID, Name: "Кузнецов Олег Павлович", SNILS: "145-526-171 57"}
	grants := map[string]Grant{}
	for _, code := range serviceCodes() {
		grants[code] = Grant{PersonalData: true}
	}
	ids.Systems[TestSystem] = &System{Mnemonic: TestSystem, OwnerOrgOID: TestOrgOID, Services: grants,
		RedirectURIs: []string{TestRedirectURI}}
	other := map[string]Grant{"60010153": {}, "10000000367": {}}
	ids.Systems[OtherSystem] = &System{Mnemonic: OtherSystem, OwnerOrgOID: OtherOrgOID, Services: other}
	key, otherKey, noPushKey := randomUUID(), randomUUID(), randomUUID()
	ids.APIKeys[key] = &APIKey{Key: key, System: TestSystem, UserOID: TestEmployeeOID, OrgOID: TestOrgOID}
	ids.APIKeys[otherKey] = &APIKey{Key: otherKey, System: OtherSystem, UserOID: OtherEmployee, OrgOID: OtherOrgOID}
	ids.APIKeys[noPushKey] = &APIKey{Key: noPushKey, System: TestSystem, UserOID: NoPushEmployee, OrgOID: TestOrgOID}
	c := &s.st.Creds
	c.System, c.APIKey, c.OtherSystem, c.OtherAPIKey = TestSystem, key, OtherSystem, otherKey
	c.PIN = "12345678"
	c.CitizenOID, c.RedirectURI, c.OrgOID, c.EmployeeOID = TestCitizenOID, TestRedirectURI, TestOrgOID, TestEmployeeOID
}

// NoPushAPIKey returns the API key of an employee without the right to
// send orders (push_denied checks).
func (s *Server) NoPushAPIKey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.st.IDs.APIKeys {
		if v.UserOID == NoPushEmployee {
			return k
		}
	}
	return ""
}

// Credentials returns the created test identities.
func (s *Server) Credentials() Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Creds
}

// PrintCredentials writes the test API key, certificate paths and PIN.
func (s *Server) PrintCredentials(w io.Writer) {
	c := s.Credentials()
	fmt.Fprintf(w, "Песочница ЕСИА/ЕПГУ: %s\n", s.URL())
	fmt.Fprintf(w, "  система (мнемоника): %s\n", c.System)
	fmt.Fprintf(w, "  тестовый API-ключ:   %s\n", c.APIKey)
	fmt.Fprintf(w, "  сертификат сотрудника: %s\n", c.CertPath)
	fmt.Fprintf(w, "  ключ сотрудника:       %s (PKCS#8)\n", c.KeyPath)
	if c.ContainerPath != "" {
		fmt.Fprintf(w, "  контейнер КриптоПро:   %s\n", c.ContainerPath)
	}
	fmt.Fprintf(w, "  PIN контейнера:        %s\n", c.PIN)
	if c.CACertPath != "" {
		fmt.Fprintf(w, "  тестовый УЦ:           %s\n", c.CACertPath)
	}
	fmt.Fprintf(w, "  сертификат системы:    %s\n", c.SystemCertPath)
	fmt.Fprintf(w, "  redirect_uri:          %s\n", c.RedirectURI)
}

// EmployeeSigner signs as the test employee of the test organisation
// (certificate issued by the sandbox test CA, or a fakecms test signer with
// Options.FakeSignatures).
func (s *Server) EmployeeSigner() TestSigner { return s.signers[idEmployee] }

// OtherEmployeeSigner signs as the employee of the other organisation.
func (s *Server) OtherEmployeeSigner() TestSigner { return s.signers[idOther] }

// PersonalSigner signs with a certificate without organisation data.
func (s *Server) PersonalSigner() TestSigner { return s.signers[idPersonal] }

// SystemSigner signs as the test system (OAuth2 client_secret).
func (s *Server) SystemSigner() TestSigner { return s.signers[idSystem] }

// AgencySigner signs result documents ("Госключ").
func (s *Server) AgencySigner() TestSigner { return s.signers[idAgency] }

// TestCA returns the DER certificate of the sandbox test CA (nil with
// Options.FakeSignatures).
func (s *Server) TestCA() []byte {
	if s.pki == nil {
		return nil
	}
	return s.pki.ca.Certificate.Raw
}

func (s *Server) saveLocked() error {
	p := s.statePath()
	if p == "" {
		return nil
	}
	b, err := json.Marshal(s.st)
	if err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}
