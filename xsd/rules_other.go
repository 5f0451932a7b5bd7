package xsd

// Field rules of the ФССП transport req.xml (EPGURequest, namespace
// urn://x-artifacts-fssp-ru/mvv/smev3/epgu/1.0.1) — its ВС schema is not
// public — from «Приложение 60010153 Наличие ИП» v1.8 table 4 and
// «Приложение 10000000367» v1.3 table 4; and of the МВД 10000000585
// attach.xml from «Уведомления о трудовой деятельности» v1.3 tables 4, 10
// and 16 (those tables list only some fields: the rule set is open).

func fsspReq(name, serviceCode, targetCode, receiver, department string) {
	r := newRuleSet(name, "EPGURequest")
	r.attrs["Env"] = anchored(`DEV|SVCDEV|PROD`)
	p := "EPGURequest/DataRequest"
	r.add(req(p+"/OrderId", kText, 20, `[1-9]\d*|0`, "EPGU order number", "номер заявления на ЕПГУ"))
	r.add(req(p+"/Date", kDateTime, 0, "", "date and time of the request", "дата и время запроса"))
	r.add(fixed(p+"/Department", "ФССП", "agency code", "код ведомства"))
	if department != "" {
		r.add(fixed(p+"/DepartmentCode", department, "agency subdivision code", "код подразделения ведомства"))
	} else {
		r.add(req(p+"/DepartmentCode", kText, 10, `\d+`, "agency subdivision code (ReceiverAddr)", "код подразделения ведомства (ReceiverAddr)"))
	}
	r.add(fixed(p+"/ReceiverID", receiver, "SMEV 3 receiver id", "идентификатор получателя в СМЭВ 3"))
	r.add(fixed(p+"/ServiceCode", serviceCode, "service code", "код услуги"))
	r.add(fixed(p+"/TargetCode", targetCode, "target code", "код цели"))
	r.add(req(p+"/StatementDate", kDate, 0, "", "date of the application", "дата заявления"))
	r.need(p)
}

func init() {
	fsspReq("fssp-req-60010153", "10001449665", "10001505301", "FSSP10", "00000")
	fsspReq("fssp-req-10000000367", "-10002600000", "-10002600000", "FSSP09", "")

	r := newRuleSet("mvd-10000000585", "EPGURequest")
	r.open = true
	for _, n := range []string{"employmentNotification", "dismissionNotification", "wageNotification"} {
		p := "EPGURequest/" + n
		r.add(req(p+"/orderId", kText, 20, `\d+`, "EPGU order number", "номер заявления на ЕПГУ"))
		r.add(fixed(p+"/serviceCode", "10000000585", "service code", "код услуги"))
		r.add(fixed(p+"/procedureCode", "001", "procedure code", "код процедуры"))
		r.add(req(p+"/userType", kText, 0, `LEGAL|BUSINESS`, "applicant type", "тип заявителя"))
		r.add(fixed(p+"/supplierInfo", "0000000000000105", "supplier code", "код поставщика"))
		r.add(fixed(p+"/subdivision/type", "officialOrgan.fms", "type of the MVD body", "тип органа обращения"))
		r.add(req(p+"/subdivision/code", kText, 0, "", "MVD office (MVDR23_OFFICE recordId)", "код органа (recordId MVDR23_OFFICE)"))
		r.add(req(p+"/subdivision/name", kText, 0, "", "MVD office name", "наименование органа"))
		r.add(opt(p+"/contactPhone", kText, 10, `\d{10}`, "employer's phone (10 digits)", "телефон работодателя (10 цифр)"))
		w := p + "/Worker/FioWithLatin"
		r.add(req(w+"/FamilyName", kText, 100, reCyrName, "worker's surname", "фамилия работника"))
		r.add(req(w+"/FirstName", kText, 50, reCyrName, "worker's given name", "имя работника"))
		r.add(opt(w+"/Patronymic", kText, 50, reCyrName, "worker's patronymic", "отчество работника"))
		r.add(req(w+"/BirthDate", kDate, 10, "", "worker's date of birth", "дата рождения работника"))
		r.add(opt(w+"/BirthPlace", kText, 99, "", "worker's place of birth", "место рождения работника"))
		d := p + "/Worker/Document"
		r.add(opt(d+"/Series", kText, 15, `\S+`, "document series", "серия ДУЛ"))
		r.add(req(d+"/Number", kText, 25, `[0-9A-Za-zА-ЯЁа-яё]+`, "document number", "номер ДУЛ"))
		r.add(opt(d+"/IssueDate", kDate, 10, "", "date of issue", "дата выдачи ДУЛ"))
		r.add(opt(d+"/Issuer", kText, 125, "", "issued by", "кем выдан ДУЛ"))
		wp := p + "/WorkPermitInfo"
		r.add(opt(wp+"/docSeries", kText, 3, `\d{2,3}`, "work permit series", "серия документа трудовой миграции"))
		r.add(opt(wp+"/docNumber", kText, 10, `\d+`, "work permit number", "номер документа трудовой миграции"))
		r.add(opt(wp+"/blankSeries", kText, 2, `[A-Za-zА-ЯЁа-яё]{2}`, "blank series", "серия бланка"))
		r.add(opt(wp+"/blankNumber", kText, 7, `\d{7}`, "blank number", "номер бланка"))
		r.add(opt(p+"/ProfessionVal", kText, 75, "", "profession (free text)", "профессия вручную"))
		r.add(opt(p+"/contractSignedDate", kDate, 10, "", "date of the contract", "дата заключения договора"))
	}
	r.check = func(d *ruleDoc) {
		n := 0
		for _, k := range []string{"employmentNotification", "dismissionNotification", "wageNotification"} {
			if _, ok := d.first("EPGURequest/" + k + "/orderId"); ok {
				n++
			}
		}
		if n != 1 {
			d.add(valuePos{line: 1, col: 1, path: "/EPGURequest"}, "gosdesk-field-required",
				"EPGURequest must hold exactly one of employmentNotification, dismissionNotification, wageNotification",
				"EPGURequest должен содержать ровно одно из employmentNotification, dismissionNotification, wageNotification")
		}
	}
}
