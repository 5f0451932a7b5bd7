package sandbox

import (
	"path"
	"strings"
)

// service is an entry of the sandbox's small service table (to be
// replaced by the xsd/ catalog).
type service struct {
	Code, Target string
	Name         string
	Agency       string // sender of statuses
	AgencyShort  string // stateStructureName
	OrgCode      string // stateOrgCode
	PassportID   string
	UserTypes    []string
	// ReqFile / MPCFile: glob patterns of the transport file (REQ_NOT_FOUND
	// when absent) and the business-data file (MPC_NOT_FOUND); "" = none.
	ReqFile, MPCFile string
	// OrderIDTag: local name of the element of the REQ file holding the
	// order number (REQ_VERIFY_FAILED when it differs).
	OrderIDTag string
	// Signed: every file needs a detached "<file>.sig".
	Signed bool
	// CancelStatuses: statuses where cancel is allowed (nil: no cancel).
	CancelStatuses []int
	Script         string
}

var serviceTable = []*service{
	{Code: "10000000109", Target: "-10000000109", Name: "Доставка пенсии и социальных выплат", Agency: "Социальный фонд России", AgencyShort: "СФР", OrgCode: "pfr", PassportID: "600109",
		UserTypes: []string{PersonCitizen}, ReqFile: "trans_*.xml", MPCFile: "req_*.xml", OrderIDTag: "ExternalRegistrationNumber", Script: "sfr"},
	{Code: "10000000113", Target: "-10000000113", Name: "Выдача справки о размере пенсии и иных социальных выплат на дату", Agency: "Пенсионный фонд Российской Федерации", AgencyShort: "ПФР", OrgCode: "pfr", PassportID: "600113",
		UserTypes: []string{PersonCitizen}, ReqFile: "req.xml", Script: "generic"},
	{Code: "10000000374", Target: "-10000000374", Name: "Отправка документов на подпись в Госключ", Agency: "Министерство цифрового развития, связи и массовых коммуникаций Российской Федерации", AgencyShort: "Минцифры России", OrgCode: "mincifry", PassportID: "600374",
		UserTypes: []string{PersonLegal, PersonBusinessman}, ReqFile: "req.xml", Signed: true, Script: "goskey"},
	{Code: "60010153", Target: "-60010153", Name: "Получение сведений о наличии исполнительного производства", Agency: "Федеральная служба судебных приставов", AgencyShort: "ФССП России", OrgCode: "fssp", PassportID: "60010153",
		UserTypes: []string{PersonCitizen, PersonLegal, PersonBusinessman}, ReqFile: "req.xml", MPCFile: "piev_epgu.xml", OrderIDTag: "OrderId", Script: "fssp"},
	{Code: "10000000367", Target: "-10000000367", Name: "Подача заявлений, ходатайств, объяснений в ФССП", Agency: "Федеральная служба судебных приставов", AgencyShort: "ФССП России", OrgCode: "fssp", PassportID: "600367",
		UserTypes: []string{PersonCitizen, PersonLegal, PersonBusinessman}, ReqFile: "req.xml", MPCFile: "piev_epgu.xml", OrderIDTag: "OrderId", CancelStatuses: []int{17, 21, 2}, Script: "fssp"},
	{Code: "10000103652", Target: "-1000444103652", Name: "Постановка иностранного гражданина на учёт по месту пребывания в гостинице", Agency: "Министерство внутренних дел Российской Федерации", AgencyShort: "МВД России", OrgCode: "mvd", PassportID: "412331",
		UserTypes: []string{PersonLegal, PersonBusinessman}, ReqFile: "req.xml", MPCFile: "attach.xml", OrderIDTag: "applicationNumber", Signed: true, Script: "hotels"},
	{Code: "10000103653", Target: "-1000444103653", Name: "Снятие иностранного гражданина с учёта по месту пребывания в гостинице", Agency: "Министерство внутренних дел Российской Федерации", AgencyShort: "МВД России", OrgCode: "mvd", PassportID: "412332",
		UserTypes: []string{PersonLegal, PersonBusinessman}, ReqFile: "req.xml", MPCFile: "attach.xml", OrderIDTag: "applicationNumber", Signed: true, Script: "hotels"},
	{Code: "10000103654", Target: "-1000444103654", Name: "Регистрация и снятие с регистрационного учёта граждан РФ в гостинице", Agency: "Министерство внутренних дел Российской Федерации", AgencyShort: "МВД России", OrgCode: "mvd", PassportID: "412333",
		UserTypes: []string{PersonLegal, PersonBusinessman}, ReqFile: "req.xml", MPCFile: "attach.xml", OrderIDTag: "applicationNumber", Signed: true, Script: "hotels"},
}

func findService(code string) *service {
	for _, s := range serviceTable {
		if s.Code == code {
			return s
		}
	}
	return nil
}

func (sv *service) allows(personType string) bool {
	for _, t := range sv.UserTypes {
		if t == personType {
			return true
		}
	}
	return false
}

func (sv *service) cancelAllowed(status int) bool {
	for _, c := range sv.CancelStatuses {
		if c == status {
			return true
		}
	}
	return false
}

func globMatch(pattern, name string) bool {
	ok, _ := path.Match(pattern, name)
	return ok
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

// script returns the statuses a service goes through for scenario.
func script(sv *service, scenario string) []step {
	switch sv.Script {
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
	}
	s := []step{
		{At: 1, StatusID: 17, Title: "Зарегистрировано на портале"},
		{At: 2, StatusID: 21, Title: "Заявление отправлено в ведомство"},
		{At: 4, StatusID: 2, Title: "Заявление получено ведомством", Comment: "Сообщение доставлено"},
	}
	if sv.Script == "hotels" {
		s[2].Title = "Отправлено в ведомство"
	}
	switch scenario {
	case ScenarioReject:
		return append(s, step{At: 8, StatusID: 4, Title: "Отказано в предоставлении услуги", Final: true, Result: sv.Script != "sfr"})
	case ScenarioError:
		if sv.Script == "fssp" {
			return append(s, step{At: 8, StatusID: 22, Title: "Ошибка получения заявления ведомством", Final: true})
		}
		return append(s, step{At: 8, StatusID: 24, Title: "Ошибка обработки заявления", Final: true})
	case ScenarioCorrection:
		return append(s, step{At: 8, StatusID: 15, Title: "Заявление требует исправления"})
	}
	title := "Услуга оказана"
	if sv.Script == "hotels" {
		title = "Исполнено"
	}
	return append(s, step{At: 8, StatusID: 3, Title: title, Final: true, Result: true})
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
