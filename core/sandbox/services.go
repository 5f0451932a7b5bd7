package sandbox

import (
	"path"
	"strings"

	"github.com/gosdesk/gosdesk/xsd"
)

// service is a service of the xsd/ catalog (files, signatures, applicants,
// cancel statuses, status titles) with what only the sandbox needs: the
// status script and the portal fields of the agency.
type service struct {
	xsd.Service
	profile
}

// profile is the sandbox-only part of a service: the status script and the
// portal's agency fields (not in the catalog).
type profile struct {
	Script      string // generic, goskey, fssp, hotels, sfr
	Sender      string // "sender" of statuses (full agency name)
	AgencyShort string // stateStructureName
	OrgCode     string // stateOrgCode
}

// profiles by catalog group.
var profiles = map[string]profile{
	"goskey": {Script: "goskey", Sender: "Министерство цифрового развития, связи и массовых коммуникаций Российской Федерации", AgencyShort: "Минцифры России", OrgCode: "mincifry"},
	"hotels": {Script: "hotels", Sender: "Министерство внутренних дел Российской Федерации", AgencyShort: "МВД России", OrgCode: "mvd"},
	"mvd":    {Script: "generic", Sender: "Министерство внутренних дел Российской Федерации", AgencyShort: "МВД России", OrgCode: "mvd"},
	"fssp":   {Script: "fssp", Sender: "Федеральная служба судебных приставов", AgencyShort: "ФССП России", OrgCode: "fssp"},
	"sfr":    {Script: "sfr", Sender: "Социальный фонд России", AgencyShort: "СФР", OrgCode: "pfr"},
}

// passportIDs: servicePassportId of the portal order (made-up where the
// specs show none).
var passportIDs = map[string]string{
	"10000000109": "600109", "10000000374": "600374", "60010153": "60010153", "10000000367": "600367",
	"10000103652": "412331", "10000103653": "412332", "10000103654": "412333",
}

// findService returns the catalog service with its sandbox profile, nil
// for codes the catalog does not know (service_not_found).
func findService(code string) *service {
	s, ok := xsd.Lookup(code)
	if !ok {
		return nil
	}
	p, ok := profiles[s.Group]
	if !ok {
		p = profile{Script: "generic", Sender: s.Agency, AgencyShort: s.Agency, OrgCode: s.Group}
	}
	return &service{Service: s, profile: p}
}

// serviceCodes lists the codes of the catalog.
func serviceCodes() []string {
	var codes []string
	for _, s := range xsd.Services() {
		codes = append(codes, s.Code)
	}
	return codes
}

// PassportID is servicePassportId of the service's orders.
func (sv *service) PassportID() string {
	if id, ok := passportIDs[sv.Code]; ok {
		return id
	}
	return sv.Code
}

// allows reports whether personType (PERSON, LEGAL, BUSINESSMAN) may apply,
// by the catalog's applicants.
func (sv *service) allows(personType string) bool { return sv.AllowsPersonType(personType) }

// cancelAllowed reports whether an order in status may be cancelled.
func (sv *service) cancelAllowed(status int) bool { return sv.Cancel && sv.CancelAllowed(status) }

// title is the catalog's title of status id, or def when the catalog does
// not list it.
func (sv *service) title(id int, def string) string {
	if st, ok := sv.Status(id); ok && st.Title != "" {
		return st.Title
	}
	return def
}

// Scenarios: the final outcome of a status script.
const (
	ScenarioSuccess    = "success"
	ScenarioReject     = "reject"
	ScenarioError      = "error"
	ScenarioCorrection = "correction"
	ScenarioExpired    = "expired" // Госключ: signing time ran out
)

// step is one portal status of a script; At is in Timing.Step units after
// the gu-smev DONE.
type step struct {
	At       int
	StatusID int
	Title    string
	Comment  string
	Final    bool
	OrgCode  string // stateOrgStatusCode
	Result   bool   // carries result files
}

// script returns the statuses a service goes through for scenario. Titles
// come from the catalog where it lists the status.
func script(sv *service, scenario string) []step {
	s := rawScript(sv.Script, scenario)
	for i := range s {
		if s[i].OrgCode == "" || s[i].StatusID == 3 {
			// Госключ keeps its specific titles of status 4 (reject/expired)
			s[i].Title = sv.title(s[i].StatusID, s[i].Title)
		}
	}
	return s
}

func rawScript(kind, scenario string) []step {
	switch kind {
	case "goskey":
		s := []step{{At: 1, StatusID: 17, Title: "Заявление в очереди на отправку"}}
		switch scenario {
		case ScenarioReject:
			return append(s, step{At: 4, StatusID: 4, Title: "Отказ в подписании документов", Final: true, OrgCode: "SIGN_REJECT"})
		case ScenarioExpired:
			return append(s, step{At: 4, StatusID: 4, Title: "Истекло время подписания документов", Final: true, OrgCode: "expired"})
		case ScenarioError:
			return append(s, step{At: 4, StatusID: 5, Title: "Ошибка отправки заявления в ведомство", Final: true, OrgCode: "REQUEST_ERROR"})
		}
		return append(s, step{At: 4, StatusID: 3, Title: "Документы подписаны", Final: true, OrgCode: "done", Result: true})
	case "hotels":
		// HOT1.3 Табл. 4: 2 «Отправлено в ведомство» (sent to SMEV, not yet
		// registered), 1 «Принято от заявителя» (registered by the agency),
		// then 3 «Исполнено» / 4 «Отказ».
		s := []step{
			{At: 1, StatusID: 2, Title: "Отправлено в ведомство"},
			{At: 4, StatusID: 1, Title: "Принято от заявителя"},
		}
		switch scenario {
		case ScenarioReject:
			return append(s, step{At: 8, StatusID: 4, Title: "Отказ", Final: true, Result: true})
		case ScenarioError:
			return append(s, step{At: 8, StatusID: 24, Title: "Ошибка обработки заявления", Final: true})
		case ScenarioCorrection:
			return append(s, step{At: 8, StatusID: 15, Title: "Заявление требует исправления"})
		}
		return append(s, step{At: 8, StatusID: 3, Title: "Исполнено", Final: true, Result: true})
	}
	s := []step{
		{At: 1, StatusID: 17, Title: "Зарегистрировано на портале"},
		{At: 2, StatusID: 21, Title: "Заявление отправлено в ведомство"},
		{At: 4, StatusID: 2, Title: "Заявление получено ведомством", Comment: "Сообщение доставлено"},
	}
	switch scenario {
	case ScenarioReject:
		return append(s, step{At: 8, StatusID: 4, Title: "Отказано в предоставлении услуги", Final: true, Result: kind != "sfr"})
	case ScenarioError:
		if kind == "fssp" {
			return append(s, step{At: 8, StatusID: 22, Title: "Ошибка получения заявления ведомством", Final: true})
		}
		return append(s, step{At: 8, StatusID: 24, Title: "Ошибка обработки заявления", Final: true})
	case ScenarioCorrection:
		return append(s, step{At: 8, StatusID: 15, Title: "Заявление требует исправления"})
	}
	return append(s, step{At: 8, StatusID: 3, Title: "Услуга оказана", Final: true, Result: true})
}

func mimeByName(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml":
		return "application/xml"
	case ".pdf":
		return "application/pdf"
	case ".zip":
		return "application/zip"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".tif", ".tiff":
		return "image/tiff"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}
