package mchd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"github.com/gosdesk/gosdesk/xsd"
	"io"
	"io/fs"
	"strings"
	"time"
)

// Namespace is the target namespace of format 003.
const Namespace = "urn://x-artefacts/EMCHD_1"

// SchemaFile is the name of the official XSD in Schema.
const SchemaFile = "ON_EMCHD_1_928_00_01_01_01.xsd"

// SchemaEntry is where the official schema lives in the service catalog's
// embedded file system (package xsd, xsd.FS()).
const SchemaEntry = "schemas/mchd/" + SchemaFile

// Schema is the official ГНИВЦ ФНС XSD of format 003 (EMCHD_1), shipped in
// the catalog (xsd/schemas/mchd/).
var Schema = func() []byte {
	b, err := fs.ReadFile(xsd.FS(), SchemaEntry)
	if err != nil {
		panic("mchd: schema not embedded in xsd/: " + err.Error())
	}
	return b
}()

// SchemaValidator validates a МЧД file against Schema. It is the hook for
// the project's XSD validator (core/xmlschema): an adapter compiles Schema
// once and reports the violations as an error (nil when valid).
type SchemaValidator interface {
	ValidateMCHD(xml []byte) error
}

// Options tune Parse. The zero value parses without schema validation.
type Options struct {
	// Validator, when set, validates the file first; a failure is an
	// *Error with CodeSchema wrapping the validator's error.
	Validator SchemaValidator
	// MaxBytes limits the file size (default 4 MiB).
	MaxBytes int
}

// Moscow is the +03:00 zone in which МЧД dates are civil dates.
var Moscow = time.FixedZone("MSK", 3*60*60)

// Parse reads a МЧД XML file (UTF-8 or windows-1251, as its declaration says).
func Parse(data []byte, opts *Options) (*Document, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 4 << 20
	}
	if len(data) > o.MaxBytes {
		return nil, newError(CodeMalformed, nil, "файл больше %d байт", "the file is larger than %d bytes", o.MaxBytes)
	}
	var x xDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	if err := dec.Decode(&x); err != nil {
		return nil, newError(CodeMalformed, err, "", "")
	}
	if x.XMLName.Space != Namespace {
		return nil, newError(CodeMalformed, nil, "пространство имён %q вместо %q", "namespace %q instead of %q", x.XMLName.Space, Namespace)
	}
	if x.VersForm != "EMCHD_1" {
		return nil, newError(CodeMalformed, nil, "ВерсФорм=%q вместо EMCHD_1", "ВерсФорм=%q instead of EMCHD_1", x.VersForm)
	}
	if x.Document == nil || (x.Document.Dover == nil) == (x.Document.Peredov == nil) {
		return nil, newError(CodeMalformed, nil, "нет элемента Документ/Довер или Документ/Передов", "no element Документ/Довер or Документ/Передов")
	}
	d := &Document{FormatVersion: x.VersForm, FileID: x.IDFile, TaxFileID: x.IDFileNO,
		ElFormFlags: x.PrElForm, KND: x.Document.KND}
	var sv xSvDov
	var reps []xSvUpPred
	var poln xSvPoln
	if dv := x.Document.Dover; dv != nil {
		sv, reps, poln = dv.SvDov, dv.SvUpPred, dv.SvPoln
		for _, p := range dv.SvDoverit {
			d.Principals = append(d.Principals, principal(p))
		}
	} else {
		pd := x.Document.Peredov
		d.Redelegated = true
		sv, reps, poln = pd.SvPereDover, pd.SvPoluch, pd.SvPoln
	}
	if err := d.fillValidity(sv); err != nil {
		return nil, err
	}
	for _, r := range reps {
		d.Representatives = append(d.Representatives, representative(r))
	}
	if len(d.Representatives) == 0 {
		return nil, newError(CodeMalformed, nil, "нет представителя (СвУпПред)", "no representative (СвУпПред)")
	}
	d.PowersText = strings.TrimSpace(poln.TekstPoln)
	d.JointPowers = poln.Sovm == "2"
	for _, m := range poln.MashPoln {
		p := Power{Code: strings.TrimSpace(m.Code), Name: m.Name}
		for _, g := range m.Ogr {
			v := strings.TrimSpace(g.Kod)
			if v == "" {
				v = strings.TrimSpace(g.Tekst)
			}
			p.Restrictions = append(p.Restrictions, Restriction{ID: g.ID, Code: g.Code, Name: g.Name, Value: v})
		}
		d.Powers = append(d.Powers, p)
	}
	if o.Validator != nil {
		if err := o.Validator.ValidateMCHD(data); err != nil {
			return nil, newError(CodeSchema, err, "", "")
		}
		d.SchemaValidated = true
	}
	return d, nil
}

func (d *Document) fillValidity(sv xSvDov) error {
	d.Number, d.InternalNumber = strings.TrimSpace(sv.Nom), sv.VnNom
	d.Irrevocable = sv.Vid == "2"
	d.Redelegation, d.TaxOffice, d.TaxOffices = sv.PrPeredov, sv.KodNO, sv.KodNODeist
	d.RegistryURL = strings.TrimSpace(sv.SvedSist)
	if d.Number == "" {
		return newError(CodeMalformed, nil, "нет номера доверенности (НомДовер)", "no number of the power of attorney (НомДовер)")
	}
	var err error
	if d.IssueDate, err = parseDate(sv.DataVyd); err != nil {
		return newError(CodeMalformed, err, "ДатаВыдДовер=%q", "ДатаВыдДовер=%q", sv.DataVyd)
	}
	if d.ValidUntil, err = parseDate(sv.SrokDeist); err != nil {
		return newError(CodeMalformed, err, "СрокДейст=%q", "СрокДейст=%q", sv.SrokDeist)
	}
	return nil
}

func parseDate(s string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", strings.TrimSpace(s), Moscow)
}

func person(inn, snils, pos string, f xSvedFL) *Person {
	p := &Person{INN: inn, SNILS: snils, Position: pos,
		Surname: f.FIO.Surname, Name: f.FIO.Name, Patronymic: f.FIO.Patronymic}
	p.BirthDate, _ = parseDate(f.BirthDate)
	return p
}

func principal(x xSvDoverit) Party {
	dv := x.Doverit
	switch {
	case dv.RosOrg != nil:
		o := dv.RosOrg.SvRosOrg
		p := Party{Kind: KindOrg, Name: o.Name, INN: o.INN, KPP: o.KPP, OGRN: o.OGRN}
		for _, h := range dv.RosOrg.LicoBezDov {
			if h.SvFL != nil {
				p.Heads = append(p.Heads, *person(h.SvFL.INN, h.SvFL.SNILS, h.SvFL.Position, h.SvFL.SvedFL))
			}
		}
		return p
	case dv.InOrg != nil:
		o := dv.InOrg.SvInOrg
		return Party{Kind: KindForeignOrg, Name: o.Name, INN: o.INN, KPP: o.KPP, OGRN: o.OGRN}
	case dv.IP != nil:
		pp := person(dv.IP.INN, dv.IP.SNILS, "", dv.IP.SvedFL)
		return Party{Kind: KindIP, Name: pp.FullName(), INN: dv.IP.INN, OGRN: dv.IP.OGRNIP, SNILS: dv.IP.SNILS, Person: pp}
	case dv.FL != nil:
		pp := person(dv.FL.INN, dv.FL.SNILS, "", dv.FL.SvedFL)
		return Party{Kind: KindPerson, Name: pp.FullName(), INN: dv.FL.INN, SNILS: dv.FL.SNILS, Person: pp}
	}
	return Party{Kind: KindUnknown}
}

func representative(x xSvUpPred) Party {
	pr := x.Pred
	switch {
	case pr.FL != nil:
		pp := person(pr.FL.INN, pr.FL.SNILS, pr.FL.Position, pr.FL.SvedFL)
		return Party{Kind: KindPerson, Name: pp.FullName(), INN: pp.INN, SNILS: pp.SNILS, Person: pp}
	case pr.IP != nil:
		pp := person(pr.IP.INN, pr.IP.SNILS, "", pr.IP.SvedFL)
		return Party{Kind: KindIP, Name: pp.FullName(), INN: pr.IP.INN, OGRN: pr.IP.OGRNIP, SNILS: pr.IP.SNILS, Person: pp}
	case pr.Org != nil:
		return Party{Kind: KindOrg, Name: pr.Org.Name, INN: pr.Org.INN, KPP: pr.Org.KPP, OGRN: pr.Org.OGRN}
	case pr.Filial != nil:
		return Party{Kind: KindBranch, Name: pr.Filial.Name, INN: pr.Filial.INN, KPP: pr.Filial.KPP, OGRN: pr.Filial.OGRN}
	case pr.InOrgFl != nil:
		return Party{Kind: KindBranch, Name: pr.InOrgFl.Name, INN: pr.InOrgFl.INN, KPP: pr.InOrgFl.KPP, OGRN: pr.InOrgFl.OGRN}
	}
	return Party{Kind: KindUnknown}
}

func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8":
		return in, nil
	case "windows-1251", "cp1251", "cp-1251":
		return newCP1251Reader(in), nil
	}
	return nil, fmt.Errorf("кодировка %q не поддерживается", label)
}
