package mchd

import "encoding/xml"

// Raw XML shapes of EMCHD_1 (only what the model needs). encoding/xml
// matches local names in any namespace; the namespace is checked apart.

type xDoc struct {
	XMLName  xml.Name   `xml:"Доверенность"`
	VersForm string     `xml:"ВерсФорм,attr"`
	PrElForm string     `xml:"ПрЭлФорм,attr"`
	IDFile   string     `xml:"ИдФайл,attr"`
	IDFileNO string     `xml:"ИдФайлНО,attr"`
	Document *xDocument `xml:"Документ"`
}

type xDocument struct {
	KND     string    `xml:"КНД,attr"`
	Dover   *xDover   `xml:"Довер"`
	Peredov *xPeredov `xml:"Передов"`
}

type xDover struct {
	SvDov     xSvDov       `xml:"СвДов"`
	SvDoverit []xSvDoverit `xml:"СвДоверит"`
	SvUpPred  []xSvUpPred  `xml:"СвУпПред"`
	SvPoln    xSvPoln      `xml:"СвПолн"`
}

type xPeredov struct {
	SvPereDover xSvDov      `xml:"СвПереДовер"`
	SvPoluch    []xSvUpPred `xml:"СвПолучПолн"`
	SvPoln      xSvPoln     `xml:"СвПолн"`
}

type xSvDov struct {
	Vid        string   `xml:"ВидДовер,attr"`
	PrPeredov  string   `xml:"ПрПередов,attr"`
	VnNom      string   `xml:"ВнНомДовер,attr"`
	Nom        string   `xml:"НомДовер,attr"`
	DataVyd    string   `xml:"ДатаВыдДовер,attr"`
	SrokDeist  string   `xml:"СрокДейст,attr"`
	KodNO      string   `xml:"КодНО,attr"`
	KodNODeist []string `xml:"КодНОДейст"`
	SvedSist   string   `xml:"СведСист"`
}

type xSvDoverit struct {
	Tip     string   `xml:"ТипДоверит,attr"`
	Doverit xDoverit `xml:"Доверит"`
}

type xDoverit struct {
	RosOrg *struct {
		SvRosOrg   xOrg `xml:"СвРосОрг"`
		LicoBezDov []struct {
			SvFL *xFL `xml:"СвФЛ"`
		} `xml:"ЛицоБезДов"`
	} `xml:"РосОргДовер"`
	InOrg *struct {
		SvInOrg xOrg `xml:"СвИнОрг"`
	} `xml:"ИнОргДовер"`
	IP *xIP  `xml:"ИПДовер"`
	FL *xFL2 `xml:"ФЛДовер"`
}

type xOrg struct {
	Name string `xml:"НаимОрг,attr"`
	INN  string `xml:"ИННЮЛ,attr"`
	KPP  string `xml:"КПП,attr"`
	OGRN string `xml:"ОГРН,attr"`
}

type xSvedFL struct {
	BirthDate string `xml:"ДатаРожд,attr"`
	FIO       struct {
		Surname    string `xml:"Фамилия,attr"`
		Name       string `xml:"Имя,attr"`
		Patronymic string `xml:"Отчество,attr"`
	} `xml:"ФИО"`
}

// xFL is СвФЛТип (a person with ИНН, СНИЛС, position).
type xFL struct {
	INN      string  `xml:"ИННФЛ,attr"`
	SNILS    string  `xml:"СНИЛС,attr"`
	Position string  `xml:"Должность,attr"`
	SvedFL   xSvedFL `xml:"СведФЛ"`
}

// xIP is СведИПТип.
type xIP struct {
	OGRNIP string  `xml:"ОГРНИП,attr"`
	INN    string  `xml:"ИННФЛ,attr"`
	SNILS  string  `xml:"СНИЛС,attr"`
	Name   string  `xml:"НаимИП,attr"`
	SvedFL xSvedFL `xml:"СведФЛ"`
}

// xFL2 is ФЛДоверТип.
type xFL2 struct {
	INN    string  `xml:"ИННФЛ,attr"`
	SNILS  string  `xml:"СНИЛС,attr"`
	SvedFL xSvedFL `xml:"СведФЛ"`
}

type xSvUpPred struct {
	Tip  string `xml:"ТипПред,attr"`
	Pred struct {
		Org     *xOrg `xml:"СведОрг"`
		IP      *xIP  `xml:"СведИП"`
		FL      *xFL  `xml:"СведФизЛ"`
		Filial  *xOrg `xml:"СведФилиал"`
		InOrgFl *xOrg `xml:"СведИО"`
	} `xml:"Пред"`
}

type xSvPoln struct {
	Tip       string `xml:"ТипПолн,attr"`
	Sovm      string `xml:"ПрСовмПолн,attr"`
	TekstPoln string `xml:"ТекстПолн"`
	MashPoln  []struct {
		Code string `xml:"КодПолн,attr"`
		Name string `xml:"НаимПолн,attr"`
		Ogr  []struct {
			ID    string `xml:"ИдОгр,attr"`
			Code  string `xml:"КодОгр,attr"`
			Name  string `xml:"НаимОгр,attr"`
			Kod   string `xml:"КодЗначОгр"`
			Tekst string `xml:"ТексЗначОгр"`
		} `xml:"ОгрСвПолн"`
	} `xml:"МашПолн"`
}
