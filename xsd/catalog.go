package xsd

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/gosdesk/gosdesk/core/i18n"
)

//go:embed services/*.json
var servicesFS embed.FS

//go:embed schemas templates
var dataFS embed.FS

// Applicant categories (who may apply for a service).
const (
	ApplicantFL = "ФЛ" // физическое лицо (citizen)
	ApplicantIP = "ИП" // индивидуальный предприниматель
	ApplicantUL = "ЮЛ" // юридическое лицо
)

// Kinds of files of an archive.
const (
	KindTransport  = "transport"   // служебный файл (req.xml, trans_<GUID>.xml): REQ_NOT_FOUND when absent
	KindBusiness   = "business"    // бизнес-данные (piev_epgu.xml, attach.xml, req_<GUID>.xml): MPC_NOT_FOUND
	KindAttachment = "attachment"  // documents, scans
	KindSignConfig = "sign_config" // sign_config.xml of API ЕПГУ v1.13 Прил. 5
)

// Service is one entry of the catalog: an ЕПГУ service (eServiceCode) and
// what an application to it is made of.
type Service struct {
	Code   string `json:"code"`   // eServiceCode (serviceCode of /order meta)
	Target string `json:"target"` // serviceTargetCode (targetCode of /order meta)
	Name   string `json:"name"`   // name in Russian
	NameEN string `json:"nameEn"` // name in English
	Group  string `json:"group"`  // goskey, hotels, fssp, sfr, mvd
	Agency string `json:"agency"` // the agency that answers
	// AgencyEN is the agency in English (AgencyIn).
	AgencyEN string `json:"agencyEn"`
	// Spec names the source document and its version.
	Spec string `json:"spec"`
	// Applicants: who may apply (ApplicantFL, ApplicantIP, ApplicantUL).
	Applicants []string `json:"applicants"`
	// ApplicantFields are the placeholders whose values, joined with a
	// space, name the applicant in the journal's lists (the guest of a
	// hotel notice, the citizen's СНИЛС for Госключ); see ApplicantOf.
	ApplicantFields []string `json:"applicantFields,omitempty"`
	// Files the archive is made of.
	Files []File `json:"files"`
	// Signed: every file of the archive needs a detached CMS signature
	// "<file>.sig" (or sign_config.xml listing the signatures).
	Signed bool `json:"signed"`
	// ReserveOrder: the orderId goes into the XML, so the number is
	// reserved first (POST /api/gusmev/order, then /push/chunked).
	ReserveOrder bool `json:"reserveOrder"`
	// Cancel: the service allows POST /order/{id}/cancel in the statuses
	// marked CancelAllowed.
	Cancel bool `json:"cancel"`
	// Statuses the service uses (orderStatusId).
	Statuses []Status `json:"statuses"`
	// Dictionaries: НСИ dictionaries (POST /api/nsi/v1/dictionary/{code}).
	Dictionaries []Dictionary `json:"dictionaries"`
	// Placeholders: default values of the template placeholders other
	// than the built-in {orderId}, {guid}, {date}, {now}.
	Placeholders []Placeholder `json:"placeholders"`
	// Notes: things a clerk or a developer should know (Russian).
	Notes []string `json:"notes,omitempty"`
	// NotesEN are the Notes in English, one for each (NotesIn).
	NotesEN []string `json:"notesEn,omitempty"`
	// Limits of the whole archive (see CheckFiles).
	Limits ArchiveLimits `json:"limits,omitempty"`
}

// File is one file (or a family of files) of the archive.
type File struct {
	Role        string `json:"role"`        // short id used by --role: req, piev_epgu, attach, trans, sign_config, document, scan
	Name        string `json:"name"`        // exact name or path.Match pattern: req.xml, req_*.xml
	Kind        string `json:"kind"`        // KindTransport, KindBusiness, KindAttachment, KindSignConfig
	Required    bool   `json:"required"`    // the archive must contain it
	Multiple    bool   `json:"multiple"`    // several files may match Name
	Description string `json:"description"` // in Russian
	// DescriptionEN is the Description in English (DescriptionIn).
	DescriptionEN string `json:"descriptionEn"`
	// OrderIDElement is the local name of the element that must hold the
	// ЕПГУ orderId ("" when the file carries none).
	OrderIDElement string `json:"orderIdElement,omitempty"`
	// Schemas: the XSDs of an XML file. When there are several, the one
	// whose Namespace and Root match the document element applies.
	Schemas []SchemaRef `json:"schemas,omitempty"`
	// Rules names a set of field rules checked in Go (for XML files whose
	// official schema is not public): "" = none.
	Rules string `json:"rules,omitempty"`
	// Template is the template's path in the embedded file system ("" = none).
	Template string `json:"template,omitempty"`
	// Limits are the machine-readable limits of the file (size, count,
	// types; see CheckAttachment); nil: none beyond "not empty".
	Limits *Limits `json:"limits,omitempty"`
	// PairedWith is the role of the file whose name shares this one's
	// variable part (the "*" of Name): trans_<GUID>.xml needs
	// req_<GUID>.xml (see CheckFiles).
	PairedWith string `json:"pairedWith,omitempty"`
	// NameRefElement is the local name of the element of this XML that
	// must hold the name of the PairedWith file (ApplicationFileName; see
	// CheckNameRef).
	NameRefElement string `json:"nameRefElement,omitempty"`
}

// SchemaRef points to an embedded schema.
type SchemaRef struct {
	Namespace string `json:"namespace"` // target namespace of the document element
	Root      string `json:"root"`      // local name of the document element
	Entry     string `json:"entry"`     // path in the embedded file system, under schemas/
	Source    string `json:"source"`    // source document and version
	// Unofficial: reconstructed by the project, not published by the agency.
	Unofficial bool `json:"unofficial,omitempty"`
}

// Status is a portal order status (orderStatusId) used by a service.
type Status struct {
	ID            int    `json:"id"`
	Title         string `json:"title"`   // in Russian, as the portal says it
	TitleEN       string `json:"titleEn"` // in English (TitleIn)
	Final         bool   `json:"final,omitempty"`
	CancelAllowed bool   `json:"cancelAllowed,omitempty"`
}

// Dictionary is an НСИ dictionary a service's form refers to.
type Dictionary struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type"` // ONELEVEL, SUBTREE
	// RefTypes are the values of <type> of the coded fields of the XML
	// (<x><type>Citizenship</type><element>DEU</element></x>) whose
	// <element> must be an item of this dictionary (see CodedValues).
	RefTypes []string `json:"refTypes,omitempty"`
	// Fields are elements of the XML (local names from the document
	// element, "/"-joined; a suffix of the element's path matches, e.g.
	// "subdivision/code") whose text must be an item of this dictionary.
	Fields []string `json:"fields,omitempty"`
	// Column is the dictionary column <element> (or a field) holds: "" for
	// the item's value (id), or an attribute such as "code_alpha_3".
	Column string `json:"column,omitempty"`
}

// Placeholder is a template field with its default (sample) value.
type Placeholder struct {
	Name          string `json:"name"`
	Default       string `json:"default"`
	Description   string `json:"description"`   // what the field is, in Russian
	DescriptionEN string `json:"descriptionEn"` // in English (DescriptionIn)
}

var (
	loadOnce sync.Once
	services []*Service
	loadErr  error
)

func load() {
	names, err := fs.Glob(servicesFS, "services/*.json")
	if err != nil {
		loadErr = err
		return
	}
	for _, n := range names {
		b, err := servicesFS.ReadFile(n)
		if err != nil {
			loadErr = err
			return
		}
		s := new(Service)
		if err := json.Unmarshal(b, s); err != nil {
			loadErr = fmt.Errorf("xsd: %s: %w", n, err)
			return
		}
		services = append(services, s)
	}
	sort.Slice(services, func(i, j int) bool {
		if services[i].Group != services[j].Group {
			return groupOrder(services[i].Group) < groupOrder(services[j].Group)
		}
		return services[i].Code < services[j].Code
	})
}

func groupOrder(g string) int {
	switch g {
	case "goskey":
		return 0
	case "hotels":
		return 1
	case "fssp":
		return 2
	case "sfr":
		return 3
	case "mvd":
		return 4
	}
	return 5
}

func all() []*Service {
	loadOnce.Do(load)
	if loadErr != nil {
		// The catalog is embedded and checked by the tests: a broken one
		// is a build defect.
		panic(loadErr)
	}
	return services
}

// Services returns the catalog, ordered by group and code.
func Services() []Service {
	var out []Service
	for _, s := range all() {
		out = append(out, *s)
	}
	return out
}

// Lookup returns the service with the given eServiceCode.
func Lookup(code string) (Service, bool) {
	for _, s := range all() {
		if s.Code == code {
			return *s, true
		}
	}
	return Service{}, false
}

// File returns the file of the given role.
func (s Service) File(role string) (File, bool) {
	for _, f := range s.Files {
		if f.Role == role {
			return f, true
		}
	}
	return File{}, false
}

// FileFor returns the file whose Name matches the base name of a file
// (e.g. "req.xml", "req_0b8c….xml", "attach.xml").
func (s Service) FileFor(name string) (File, bool) {
	base := path.Base(name)
	for _, f := range s.Files {
		if f.Name == base {
			return f, true
		}
	}
	// The most specific pattern wins: "*.sig" before "*". A signature
	// "<file>.sig" is a signature even when the file's own pattern matches
	// it too (form.FormStep10.Panel1.caseAttachment1.0.sig).
	isSig := strings.HasSuffix(strings.ToLower(base), ".sig")
	best, score := -1, -1
	for i, f := range s.Files {
		if isSig && !strings.HasSuffix(f.Name, ".sig") && s.hasSignatureRole() {
			continue
		}
		if ok, _ := path.Match(f.Name, base); ok {
			if n := len(strings.Trim(f.Name, "*?")); n > score {
				best, score = i, n
			}
		}
	}
	if best < 0 {
		return File{}, false
	}
	return s.Files[best], true
}

// hasSignatureRole reports whether a file pattern of the service names
// signatures ("*.sig").
func (s Service) hasSignatureRole() bool {
	for _, f := range s.Files {
		if strings.HasSuffix(f.Name, ".sig") {
			return true
		}
	}
	return false
}

// Allows reports whether the applicant category may apply.
func (s Service) Allows(applicant string) bool {
	for _, a := range s.Applicants {
		if a == applicant {
			return true
		}
	}
	return false
}

// AllowsPersonType is Allows for the personType of an ЕСИА token:
// PERSON (ФЛ), BUSINESSMAN (ИП), LEGAL (ЮЛ).
func (s Service) AllowsPersonType(personType string) bool {
	switch personType {
	case "PERSON":
		return s.Allows(ApplicantFL)
	case "BUSINESSMAN":
		return s.Allows(ApplicantIP)
	case "LEGAL":
		return s.Allows(ApplicantUL)
	}
	return false
}

// Status returns the status with the given id.
func (s Service) Status(id int) (Status, bool) {
	for _, st := range s.Statuses {
		if st.ID == id {
			return st, true
		}
	}
	return Status{}, false
}

// CancelAllowed reports whether an order in status id may be cancelled.
func (s Service) CancelAllowed(id int) bool {
	st, ok := s.Status(id)
	return s.Cancel && ok && st.CancelAllowed
}

// Roles lists the roles of the XML files that can be validated or have a
// template.
func (s Service) Roles() []string {
	var r []string
	for _, f := range s.Files {
		if len(f.Schemas) > 0 || f.Rules != "" || f.Template != "" {
			r = append(r, f.Role)
		}
	}
	return r
}

// FS returns the embedded file system holding schemas/ and templates/.
func FS() fs.FS { return dataFS }

// The catalog speaks both languages of the window: every text a person
// reads (the name, the agency, who applies, the files, the fields, the
// statuses, the notes) has an English twin in services/*.json, and the
// methods below pick the one of a language (i18n.Current() for the
// window's). Russian is the catalog's own text; an English twin that is
// missing falls back to it.

// pick returns en in English when it is not empty, else ru.
func pick(l i18n.Lang, ru, en string) string {
	if l == i18n.EN && en != "" {
		return en
	}
	return ru
}

// NameIn returns the service's name in language l.
func (s Service) NameIn(l i18n.Lang) string { return pick(l, s.Name, s.NameEN) }

// AgencyIn returns the agency that answers, in language l.
func (s Service) AgencyIn(l i18n.Lang) string { return pick(l, s.Agency, s.AgencyEN) }

// ApplicantsIn lists who may apply, in language l: the codes ФЛ, ИП, ЮЛ
// in Russian, "individual", "sole proprietor", "legal entity" in English.
func (s Service) ApplicantsIn(l i18n.Lang) []string {
	out := make([]string, len(s.Applicants))
	for i, a := range s.Applicants {
		out[i] = ApplicantName(a, l)
	}
	return out
}

// ApplicantName says an applicant category (ApplicantFL, ApplicantIP,
// ApplicantUL) in language l: the code itself in Russian.
func ApplicantName(code string, l i18n.Lang) string {
	if l != i18n.EN {
		return code
	}
	switch code {
	case ApplicantFL:
		return "individual"
	case ApplicantIP:
		return "sole proprietor"
	case ApplicantUL:
		return "legal entity"
	}
	return code
}

// NotesIn returns the notes in language l.
func (s Service) NotesIn(l i18n.Lang) []string {
	if l != i18n.EN || len(s.NotesEN) != len(s.Notes) {
		return s.Notes
	}
	return s.NotesEN
}

// DescriptionIn returns what the file is, in language l.
func (f File) DescriptionIn(l i18n.Lang) string { return pick(l, f.Description, f.DescriptionEN) }

// DescriptionIn returns what the template field is, in language l.
func (p Placeholder) DescriptionIn(l i18n.Lang) string {
	return pick(l, p.Description, p.DescriptionEN)
}

// TitleIn returns the status's title in language l.
func (st Status) TitleIn(l i18n.Lang) string { return pick(l, st.Title, st.TitleEN) }
