package xsd

import (
	"fmt"
	"strings"
)

// Field rules of the hotel attach.xml, from the field tables of «Спецификация
// API ЕПГУ. Сервисы миграционного и регистрационного учётов для гостиниц»
// v1.3 (19.12.2022), tables 6, 14 and 22 (copied as testdata/hotels/*.tsv).
//
// UNOFFICIAL: the ППО «Территория» schemas that define attach.xml are not
// public; namespaces and element order are unknown, so elements are matched
// by local name and their order is not checked. Where the tables contradict
// themselves (the prefixes mr:/mc:/msr: for one root, "birthdate" next to
// "birthDate") the consistent reading is used.

const (
	reCyrName   = `[А-ЯЁа-яё0-9IVXLCDM \-'’,.()/]+|\[отсутствует\]`
	reLatName   = `[A-Za-z0-9 \-'’,.()/]+`
	reNoticeNum = `\d{2}/[\d\-]+/\d{2}/\d{6}`
)

// personRules adds the person block at p (uid, names, gender, birth date).
func personRules(r *ruleSet, p, uidPrefix string, lat, birthPlace bool, maxLast, maxFirst int) {
	r.add(req(p+"/uid", kText, 0, uidPrefix+`_\d+_\d+`, "person id", "идентификатор лица"))
	r.add(req(p+"/personUid", kText, 0, uidPrefix+`_\d+_\d+`, "person id", "идентификатор лица"))
	r.add(req(p+"/lastName", kText, maxLast, reCyrName, "surname", "фамилия"))
	r.add(req(p+"/firstName", kText, maxFirst, reCyrName, "given name", "имя"))
	r.add(opt(p+"/middleName", kText, maxFirst, reCyrName, "patronymic", "отчество"))
	if lat {
		r.add(opt(p+"/lastNameLat", kText, maxLast, reLatName, "surname in Latin letters", "фамилия латиницей"))
		r.add(opt(p+"/firstNameLat", kText, maxFirst, reLatName, "given name in Latin letters", "имя латиницей"))
		r.add(opt(p+"/middleNameLat", kText, maxFirst, reLatName, "patronymic in Latin letters", "отчество латиницей"))
	}
	r.add(ref(p+"/gender", true, "", "", "gender", "пол"))
	r.add(req(p+"/birthDate", kDate, 0, "", "date of birth", "дата рождения"))
	if birthPlace {
		r.add(ref(p+"/birthPlace/country", true, "Country", "", "country of birth", "страна рождения"))
		r.add(req(p+"/birthPlace/place", kText, 100, "", "place of birth", "место рождения"))
		r.add(opt(p+"/birthPlace/place2", kText, 100, "", "district of birth", "район рождения"))
		r.add(opt(p+"/birthPlace/place3", kText, 100, "", "town of birth", "город рождения"))
		r.add(opt(p+"/birthPlace/place4", kText, 100, "", "settlement of birth", "населённый пункт рождения"))
	}
}

// documentRules adds an identity document block at p.
func documentRules(r *ruleSet, p, docType string, authorityRequired, entered bool) {
	r.add(req(p+"/uid", kText, 0, `identityDoc_\d+_\d+`, "document id", "идентификатор документа"))
	r.add(ref(p+"/type", true, docType, "", "document type", "вид документа"))
	r.add(opt(p+"/series", kText, 15, `[0-9A-Za-zА-ЯЁа-яё\-]+`, "document series", "серия документа"))
	r.add(req(p+"/number", kText, 25, `[0-9A-Za-zА-ЯЁа-яё\-]+`, "document number", "номер документа"))
	if authorityRequired {
		r.add(req(p+"/authority", kText, 250, "", "issued by", "кем выдан"))
	} else {
		r.add(opt(p+"/authority", kText, 250, "", "issued by", "кем выдан"))
	}
	r.add(req(p+"/issued", kDate, 0, "", "date of issue", "дата выдачи"))
	r.add(opt(p+"/validTo", kDate, 0, "", "valid until", "срок действия"))
	r.add(ref(p+"/status", true, "DocumentStatus", "102877", "document status", "статус документа"))
	if entered {
		r.add(fixed(p+"/entered", "false", "entered", "признак внесения"))
	}
}

// caseHeader adds the header of a case (uid, requestId, date) at p.
func caseHeader(r *ruleSet, p string) {
	r.add(req(p+"/uid", kText, 50, `\d+`, "case id (EPGU order number)", "идентификатор дела (номер заявления на ЕПГУ)"))
	r.add(req(p+"/requestId", kText, 50, `\d+`, "request id (EPGU order number)", "идентификатор запроса (номер заявления на ЕПГУ)"))
	r.add(req(p+"/date", kDateTime, 0, "", "date and time of the request", "дата и время запроса"))
}

// supplier adds the МВД routing block at p.
func supplier(r *ruleSet, p string, employeeID bool) {
	r.add(req(p+"/supplierInfo", kText, 100, `\d+`, "supplier in the MVD system", "поставщик в ИС МВД России"))
	if employeeID {
		r.add(req(p+"/employee/ummsId", kText, 10, `\d+`, "user in the MVD system", "пользователь в ИС МВД России"))
	} else {
		r.add(req(p+"/employee", kText, 10, `\d+`, "user in the MVD system", "пользователь в ИС МВД России"))
	}
	r.add(ref(p+"/subdivision", true, "officialOrgan.fms", "", "MVD subdivision", "подразделение МВД России"))
}

func residenceDoc(r *ruleSet, p string, visa bool) {
	r.add(req(p+"/uid", kText, 0, `resPermitDocCase_\d+_\d+`, "document id", "идентификатор документа"))
	r.add(ref(p+"/type", true, "mig.dwellingEvidenceType", "", "document giving the right of stay", "документ, подтверждающий право на пребывание"))
	r.add(opt(p+"/series", kText, 15, "", "series", "серия"))
	r.add(req(p+"/number", kText, 25, "", "number", "номер"))
	r.add(req(p+"/issued", kDate, 0, "", "date of issue", "дата выдачи"))
	r.add(opt(p+"/validFrom", kDate, 0, "", "valid from", "действителен с"))
	r.add(opt(p+"/validTo", kDate, 0, "", "valid until", "действителен по"))
	r.add(ref(p+"/status", true, "DocumentStatus", "102877", "document status", "статус документа"))
	r.add(opt(p+"/authority", kText, 250, "", "issued by", "кем выдан"))
	r.add(ref(p+"/authorityOrgan", false, "", "", "issuing authority", "орган выдачи"))
	r.add(opt(p+"/decisionNumber", kText, 25, "", "decision number", "номер решения"))
	r.add(opt(p+"/decisionDate", kDate, 0, "", "decision date", "дата решения"))
	if visa {
		r.add(ref(p+"/category", true, "VisaCategory", "", "visa category", "категория визы"))
		r.add(ref(p+"/visitPurpose", true, "EntryGoal", "", "purpose of the trip", "цель поездки"))
		r.add(ref(p+"/multiplicity", true, "VisaMultiplicity", "", "visa multiplicity", "кратность визы"))
		r.add(req(p+"/identifier", kText, 9, `[А-ЯЁ]{1,3}\d{1,6}|[А-ЯЁ0-9]{1,9}`, "visa identifier", "идентификатор визы"))
	}
}

func init() {
	// 10000103652: arrival of a foreign citizen (table 6).
	r := newRuleSet("hotels-10000103652", "case")
	r.attrs["schemaVersion"] = anchored(`1\.0`)
	caseHeader(r, "case")
	supplier(r, "case", false)
	r.add(req("case/number", kText, 25, reNoticeNum, "notification number", "номер уведомления"))
	r.add(req("case/notificationNumber", kText, 25, reNoticeNum, "notification number", "номер уведомления"))
	r.add(req("case/host/organization/uid", kText, 0, `org_\d+`, "organisation id", "идентификатор организации"))
	r.add(req("case/host/organization/inn", kText, 12, `\d{10}|\d{12}`, "INN", "ИНН"))
	r.add(opt("case/host/organization/kpp", kText, 9, `\d{9}`, "KPP", "КПП"))
	r.add(req("case/host/organization/name", kText, 100, "", "name of the place of stay", "название места размещения"))
	r.add(fieldRule{path: "case/host/organization/address", kind: kAny, required: true, en: "actual address", ru: "фактический адрес"})
	personRules(r, "case/host/personDataDocument/person", "respPersonData", false, false, 60, 60)
	documentRules(r, "case/host/personDataDocument/document", "organizationPersonDocumentType", false, false)
	r.add(ref("case/host/personDataDocument/authorityOrgan", true, "", "", "issued by (sender's document)", "кем выдан (документ отправителя)"))
	r.add(opt("case/host/personDataDocument/decisionNumber", kText, 25, "", "decision number", "номер решения"))
	r.add(opt("case/host/personDataDocument/decisionDate", kDate, 0, "", "decision date", "дата решения"))
	r.add(fixed("case/host/personDataDocument/entered", "false", "entered", "признак внесения"))
	personRules(r, "case/personDataDocument/person", "personDataCase", true, true, 100, 50)
	r.add(ref("case/personDataDocument/person/citizenship", true, "Citizenship", "", "citizenship", "гражданство"))
	documentRules(r, "case/personDataDocument/document", "mig.identityDocumentType", true, true)
	residenceDoc(r, "case/docResidence/visa", true)
	residenceDoc(r, "case/docResidence/permResidencePermit", false)
	residenceDoc(r, "case/docResidence/tempResidencePermit", false)
	r.add(req("case/migrationCard/uid", kText, 0, `migCard_\d+_\d+`, "migration card id", "идентификатор миграционной карты"))
	r.add(req("case/migrationCard/series", kText, 25, `\d{4}|РБ`, "migration card series", "серия миграционной карты"))
	r.add(req("case/migrationCard/number", kText, 25, `\d{7}`, "migration card number", "номер миграционной карты"))
	r.add(ref("case/migrationCard/entranceCheckpoint", true, "officialOrgan.kppPik", "", "border checkpoint", "КПП въезда"))
	r.add(req("case/migrationCard/entranceDate", kDate, 0, "", "date of entry", "дата въезда"))
	r.add(req("case/migrationCard/stayPeriod/dateFrom", kDate, 0, "", "stay from", "срок пребывания с"))
	r.add(req("case/migrationCard/stayPeriod/dateTo", kDate, 0, "", "stay until", "срок пребывания до"))
	r.add(req("case/representative/person/lastName", kText, 100, reCyrName, "representative's surname", "фамилия представителя"))
	r.add(req("case/representative/person/firstName", kText, 50, reCyrName, "representative's given name", "имя представителя"))
	r.add(opt("case/representative/person/middleName", kText, 50, reCyrName, "representative's patronymic", "отчество представителя"))
	r.add(req("case/representative/person/birthDate", kDate, 0, "", "representative's date of birth", "дата рождения представителя"))
	r.add(ref("case/representative/person/gender", true, "", "", "representative's gender", "пол представителя"))
	rp := "case/representative/personDataDocument"
	r.add(ref(rp+"/type", true, "mig.LRDocumentType", "", "representative's document type", "вид документа представителя"))
	r.add(opt(rp+"/series", kText, 15, "", "series", "серия"))
	r.add(req(rp+"/number", kText, 25, "", "number", "номер"))
	r.add(req(rp+"/authority", kText, 250, "", "issued by", "кем выдан"))
	r.add(req(rp+"/issued", kDate, 0, "", "date of issue", "дата выдачи"))
	r.add(opt(rp+"/validTo", kDate, 0, "", "valid until", "срок действия"))
	r.add(opt(rp+"/decisionNumber", kText, 25, "", "decision number", "номер решения"))
	r.add(opt(rp+"/decisionDate", kDate, 0, "", "decision date", "дата решения"))
	r.add(ref(rp+"/status", true, "DocumentStatus", "102877", "document status", "статус документа"))
	r.add(fixed(rp+"/entered", "false", "entered", "признак внесения"))
	r.add(ref("case/entrancePurpose", true, "VisitPurpose", "", "purpose of entry", "цель въезда"))
	r.add(req("case/stayPeriod/dateFrom", kDate, 0, "", "date of entry into the RF", "дата въезда в РФ"))
	r.add(req("case/stayPeriod/dateTo", kDate, 0, "", "stay until", "пребывание до"))
	r.add(req("case/notificationReceived", kDate, 0, "", "check-in date", "дата прибытия"))
	r.add(fieldRule{path: "case/caseAttachment", kind: kAny, en: "scanned document", ru: "скан документа"})
	r.add(fieldRule{path: "case/stayPlace", kind: kAny, required: true, en: "place of stay", ru: "место пребывания"})
	r.add(ref("case/stateProgramMember", true, "mig.specialStatus", "1019", "state programme member", "участник госпрограммы"))
	r.add(ref("case/prolongationReason", false, "ProlongationReason", "10406", "prolongation reason", "основание продления"))
	r.need("case/host", "case/host/organization", "case/host/personDataDocument", "case/host/personDataDocument/person",
		"case/host/personDataDocument/document", "case/personDataDocument", "case/personDataDocument/person",
		"case/personDataDocument/document", "case/personDataDocument/person/birthPlace", "case/stayPeriod",
		"case/migrationCard/stayPeriod", "case/representative/person", "case/representative/personDataDocument")
	r.check = func(d *ruleDoc) {
		checkHeader(d, "case")
		sameValue(d, "case/number", "case/notificationNumber", "notification number", "номер уведомления")
		checkIDs(d, "case/uid")
		notBefore(d, "case/personDataDocument/document/issued", "case/personDataDocument/person/birthDate", "date of issue", "date of birth", "дата выдачи", "дата рождения")
		notBefore(d, "case/personDataDocument/document/validTo", "case/personDataDocument/document/issued", "valid until", "date of issue", "срок действия", "дата выдачи")
		notBefore(d, "case/stayPeriod/dateTo", "case/stayPeriod/dateFrom", "stay until", "date of entry", "пребывание до", "дата въезда")
		notBefore(d, "case/stayPeriod/dateTo", "case/notificationReceived", "stay until", "check-in date", "пребывание до", "дата прибытия")
	}

	// 10000103653: departure of a foreign citizen (table 14).
	r = newRuleSet("hotels-10000103653", "case")
	r.attrs["schemaVersion"] = anchored(`1\.0`)
	caseHeader(r, "case")
	supplier(r, "case", false)
	r.add(req("case/number", kText, 25, reNoticeNum, "notification number (as in the arrival notification)", "номер уведомления (как в уведомлении о прибытии)"))
	r.add(req("case/notificationNumber", kText, 25, reNoticeNum, "notification number (as in the arrival notification)", "номер уведомления (как в уведомлении о прибытии)"))
	r.add(req("case/unregDate", kDateTime, 0, "", "date of deregistration", "дата снятия с учёта"))
	r.add(ref("case/reason", true, "mig.stayingRemovalReason", "", "reason for deregistration", "причина снятия с учёта"))
	r.check = func(d *ruleDoc) {
		checkHeader(d, "case")
		sameValue(d, "case/number", "case/notificationNumber", "notification number", "номер уведомления")
	}

	// 10000103654: stay of a citizen of the RF (table 22).
	r = newRuleSet("hotels-10000103654", "form5")
	r.attrs["schemaVersion"] = anchored(`1\.0`)
	caseHeader(r, "form5")
	r.add(req("form5/number", kText, 50, `\d+`, "number (EPGU order number)", "номер (номер заявления на ЕПГУ)"))
	c := "form5/case"
	r.add(req(c+"/organization", kText, 100, "", "name of the place of stay", "название места пребывания"))
	r.add(fieldRule{path: c + "/stayingAddress", kind: kAny, required: true, en: "address of the place of stay", ru: "адрес места пребывания"})
	supplier(r, c, true)
	r.add(req(c+"/date", kDateOrDT, 0, "", "date the data was entered", "дата ввода сведений"))
	personRules(r, c+"/declarant/person", "personDataCase", false, true, 100, 50)
	documentRules(r, c+"/declarant/document", "DocumentType", false, false)
	r.add(ref(c+"/declarant/document/authorityOrgan", false, "officialOrgan.fms", "", "issuing MVD subdivision", "подразделение, выдавшее документ"))
	r.add(fieldRule{path: c + "/livingAddress", kind: kAny, required: true, en: "address of residence", ru: "адрес места жительства"})
	r.add(fixed(c+"/homeless", "false", "homeless", "признак отсутствия места жительства"))
	r.add(req(c+"/representative/person/uid", kText, 0, `personDataCase_\d+_\d+`, "representative's id", "идентификатор представителя"))
	r.add(req(c+"/representative/person/personUid", kText, 0, `personDataCase_\d+_\d+`, "representative's id", "идентификатор представителя"))
	r.add(req(c+"/representative/person/lastName", kText, 100, reCyrName, "representative's surname", "фамилия представителя"))
	r.add(req(c+"/representative/person/firstName", kText, 100, reCyrName, "representative's given name", "имя представителя"))
	r.add(opt(c+"/representative/person/middleName", kText, 50, reCyrName, "representative's patronymic", "отчество представителя"))
	documentRules(r, c+"/representative/document", "reg.reprLivingIdentDocumentType", true, true)
	r.add(ref(c+"/representative/type", true, "reg.RelationType", "", "relation to the minor", "кем приходится несовершеннолетнему"))
	r.add(req(c+"/stayingPeriod/dateFrom", kDate, 0, "", "stay from", "срок пребывания с"))
	r.add(req(c+"/stayingPeriod/dateTo", kDate, 0, "", "stay until", "срок пребывания по"))
	r.add(req(c+"/alp/createDate", kDateOrDT, 0, "", "date of the arrival sheet", "дата адресного листка прибытия"))
	r.add(req(c+"/alp/createdBy", kText, 250, "", "arrival sheet made by", "кем составлен адресный листок"))
	r.need(c, c+"/employee", c+"/declarant", c+"/declarant/person", c+"/declarant/person/birthPlace", c+"/declarant/document",
		c+"/representative/person", c+"/representative/document", c+"/stayingPeriod", c+"/alp")
	r.check = func(d *ruleDoc) {
		checkHeader(d, "form5")
		sameValue(d, "form5/uid", "form5/number", "number", "номер")
		checkIDs(d, "form5/uid")
		if _, ok := d.first(c + "/declarant/document/authority"); !ok {
			if _, ok := d.first(c + "/declarant/document/authorityOrgan/type"); !ok {
				at, _ := d.first(c + "/declarant/document/number")
				d.add(at, "gosdesk-field-required", "declarant's document: authority or authorityOrgan is required",
					"документ заявителя: нужен authority или authorityOrgan (кем выдан)")
			}
		}
		notBefore(d, c+"/stayingPeriod/dateTo", c+"/stayingPeriod/dateFrom", "stay until", "stay from", "срок пребывания по", "срок пребывания с")
		notBefore(d, c+"/declarant/document/issued", c+"/declarant/person/birthDate", "date of issue", "date of birth", "дата выдачи", "дата рождения")
	}
}

// checkHeader: uid and requestId are both the ЕПГУ order number.
func checkHeader(d *ruleDoc, root string) {
	sameValue(d, root+"/uid", root+"/requestId", "case id and request id (the EPGU order number)", "идентификатор дела и идентификатор запроса (номер заявления на ЕПГУ)")
}

func sameValue(d *ruleDoc, a, b, en, ru string) {
	va, ok1 := d.first(a)
	vb, ok2 := d.first(b)
	if ok1 && ok2 && va.text != vb.text {
		d.add(vb, "gosdesk-field-equal",
			fmt.Sprintf("%s differ: %q and %q", en, va.text, vb.text),
			fmt.Sprintf("%s различаются: %q и %q", ru, va.text, vb.text))
	}
}

// checkIDs: every object id (org_…, respPersonData_…, identityDoc_…, …)
// is built from the ЕПГУ order number held at orderPath.
func checkIDs(d *ruleDoc, orderPath string) {
	o, ok := d.first(orderPath)
	if !ok || o.text == "" {
		return
	}
	for p, vs := range d.values {
		s := lastStep(p)
		if s != "uid" && s != "personUid" || p == orderPath {
			continue
		}
		for _, v := range vs {
			parts := strings.Split(v.text, "_")
			if len(parts) >= 2 && parts[1] != o.text {
				d.add(v, "gosdesk-field-orderId",
					fmt.Sprintf("id %q is not built from the order number %s", v.text, o.text),
					fmt.Sprintf("идентификатор %q построен не из номера заявления %s", v.text, o.text))
			}
		}
	}
}

// notBefore: the date at a must not be earlier than the date at b (both
// xs:date or xs:dateTime; compared on their date part).
func notBefore(d *ruleDoc, a, b, enA, enB, ruA, ruB string) {
	va, ok1 := d.first(a)
	vb, ok2 := d.first(b)
	if !ok1 || !ok2 || len(va.text) < 10 || len(vb.text) < 10 {
		return
	}
	if reDate.MatchString(va.text[:10]) && reDate.MatchString(vb.text[:10]) && va.text[:10] < vb.text[:10] {
		d.add(va, "gosdesk-field-dateOrder",
			fmt.Sprintf("%s %s is earlier than %s %s", enA, va.text[:10], enB, vb.text[:10]),
			fmt.Sprintf("%s %s раньше, чем %s %s", ruA, va.text[:10], ruB, vb.text[:10]))
	}
}
