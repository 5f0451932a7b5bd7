package xsd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// Field rules check XML files whose official schema is not public (hotel
// attach.xml, ФССП transport req.xml, МВД attach.xml) by the field tables
// of the service specifications. Elements are matched by local name only:
// the namespace URIs of those files are not published.

type fieldKind int

const (
	kText     fieldKind = iota
	kGroup              // container of other fields
	kRef                // dictionary reference: children type, element[, value]
	kAny                // free subtree (ФИАС address, attachment description)
	kDate               // xs:date
	kDateTime           // xs:dateTime
	kDateOrDT           // xs:date or xs:dateTime
)

type fieldRule struct {
	path     string // local names from the document element, joined by "/"
	kind     fieldKind
	required bool // required whenever its parent element is present
	max      int  // maximum length in characters
	pattern  *regexp.Regexp
	fixed    string // required value ("" = any)
	refType  string // kRef: the value of <type> ("" = any)
	refElem  string // kRef: the value of <element> ("" = any)
	en, ru   string // what the field is
}

type ruleSet struct {
	name  string
	roots []string // accepted local names of the document element
	rules map[string]*fieldRule
	order []string
	attrs map[string]*regexp.Regexp // required attributes of the document element
	// open: elements missing from the table are allowed (the table is known
	// to be incomplete).
	open bool
	// check runs cross-field checks on the collected values.
	check func(v *ruleDoc)
}

// ruleDoc is what a rule-set check sees of the document.
type ruleDoc struct {
	values map[string][]valuePos // path → text values in document order
	res    *xmlschema.Result
	max    int
	offs   []int64 // of res.Errors: the byte offset of each (see charColumns)
	// xe is the error of the document the walk made, if any (not
	// WellFormed's, whose columns are characters already), at byte
	// offset xeOff.
	xe    *xmlschema.XMLError
	xeOff int64
}

// xmlError returns an error of the document at line, byte column col,
// byte offset off.
func (d *ruleDoc) xmlError(line, col int, off int64, en, ru string) error {
	d.xe = &xmlschema.XMLError{Line: line, Column: col, Message: en, MessageRU: ru}
	d.xeOff = off
	return d.xe
}

type valuePos struct {
	text      string
	line, col int    // col in bytes until walk ends
	off       int64  // byte offset of the element's start tag
	path      string // the error path of the element
}

func (d *ruleDoc) first(p string) (valuePos, bool) {
	v := d.values[p]
	if len(v) == 0 {
		return valuePos{}, false
	}
	return v[0], true
}

func (d *ruleDoc) add(at valuePos, rule, en, ru string) {
	if len(d.res.Errors) >= d.max {
		d.res.Truncated = true
		return
	}
	d.res.Errors = append(d.res.Errors, xmlschema.ValidationError{
		Line: at.line, Column: at.col, Path: at.path, Rule: rule, Message: en, MessageRU: ru,
	})
	d.offs = append(d.offs, at.off)
}

var ruleSets = map[string]*ruleSet{}

// newRuleSet registers an empty rule set.
func newRuleSet(name string, roots ...string) *ruleSet {
	r := &ruleSet{name: name, roots: roots, rules: map[string]*fieldRule{}, attrs: map[string]*regexp.Regexp{}}
	ruleSets[name] = r
	return r
}

func (r *ruleSet) add(f fieldRule) *ruleSet {
	if _, dup := r.rules[f.path]; dup {
		panic("xsd: duplicate field rule " + r.name + " " + f.path)
	}
	// Parents are groups.
	for p := parentPath(f.path); p != ""; p = parentPath(p) {
		if _, ok := r.rules[p]; !ok {
			r.rules[p] = &fieldRule{path: p, kind: kGroup}
			r.order = append(r.order, p)
		}
	}
	ff := f
	r.rules[f.path] = &ff
	r.order = append(r.order, f.path)
	return r
}

// need marks groups (created by add) as required.
func (r *ruleSet) need(paths ...string) {
	for _, p := range paths {
		f, ok := r.rules[p]
		if !ok || f.kind != kGroup {
			panic("xsd: need of a non-group " + r.name + " " + p)
		}
		f.required = true
	}
}

// syntaxError is the well-formedness error of doc in English and Russian:
// xmlschema.WellFormed's when it finds one, else encoding/xml's with a
// Russian sentence of its own (issue 13 item 15). A nil doc (it could not
// be read again) skips the second reading.
func syntaxError(doc []byte, se *xml.SyntaxError) *xmlschema.XMLError {
	if doc != nil {
		var xe *xmlschema.XMLError
		if err := xmlschema.WellFormed(bytes.NewReader(doc)); errors.As(err, &xe) {
			return xe
		}
	}
	return &xmlschema.XMLError{Line: se.Line, Column: 1, Message: se.Msg, MessageRU: "нарушен синтаксис XML"}
}

func parentPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

func lastStep(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// Shorthands for the tables.
func req(path string, kind fieldKind, max int, pattern string, en, ru string) fieldRule {
	f := fieldRule{path: path, kind: kind, required: true, max: max, en: en, ru: ru}
	if pattern != "" {
		f.pattern = anchored(pattern)
	}
	return f
}

func opt(path string, kind fieldKind, max int, pattern string, en, ru string) fieldRule {
	f := req(path, kind, max, pattern, en, ru)
	f.required = false
	return f
}

func anchored(s string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + s + `)$`) }

func ref(path string, required bool, typ, elem, en, ru string) fieldRule {
	return fieldRule{path: path, kind: kRef, required: required, refType: typ, refElem: elem, en: en, ru: ru}
}

func fixed(path, value, en, ru string) fieldRule {
	return fieldRule{path: path, kind: kText, required: true, fixed: value, en: en, ru: ru}
}

var (
	reDate     = regexp.MustCompile(`^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$`)
	reDateTime = regexp.MustCompile(`^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$`)
)

// open element during the walk.
type openElem struct {
	path, errPath string
	rule          *fieldRule
	line, col     int
	off           int64
	seen          map[string]bool
	counts        map[string]int
	text          strings.Builder
	skip          bool // inside a kAny subtree or an unknown element
}

// maxRuleDoc is the part of a document the field rules read.
const maxRuleDoc = 64 << 20

// validate checks a document read from in. A syntax error is said again by
// xmlschema.WellFormed (it has the Russian text too), which reads the
// document once more, and the columns of errors are counted again in
// characters: from the start of in when in can seek there
// (*bytes.Reader, *strings.Reader, a file), else from a copy of the bytes
// read, kept as they pass.
func (r *ruleSet) validate(in io.Reader, max int) (*xmlschema.Result, error) {
	src, again := rereadable(in, maxRuleDoc)
	return r.walk(src, again, max)
}

// validateBytes checks a document in memory (nothing is copied).
func (r *ruleSet) validateBytes(doc []byte, max int) (*xmlschema.Result, error) {
	if len(doc) > maxRuleDoc {
		doc = doc[:maxRuleDoc]
	}
	return r.walk(bytes.NewReader(doc), inMemory(doc), max)
}

// walk checks the document src yields; again reads it again (up to
// maxRuleDoc): for the second reading of a syntax error and the columns
// in characters.
func (r *ruleSet) walk(src io.Reader, again *reread, max int) (*xmlschema.Result, error) {
	doc := &ruleDoc{values: map[string][]valuePos{}, res: &xmlschema.Result{}, max: max}
	res, err := r.walkTokens(src, again, doc)
	ps := make([]bytePos, 0, len(res.Errors)+1)
	for i := range res.Errors {
		ps = append(ps, bytePos{col: &res.Errors[i].Column, off: doc.offs[i]})
	}
	if doc.xe != nil && err == error(doc.xe) {
		ps = append(ps, bytePos{col: &doc.xe.Column, off: doc.xeOff})
	}
	if len(ps) > 0 {
		again.charColumns(ps)
	}
	return res, err
}

// walkTokens is walk without the conversion of columns.
func (r *ruleSet) walkTokens(src io.Reader, again *reread, doc *ruleDoc) (*xmlschema.Result, error) {
	d := xml.NewDecoder(src)
	d.Strict = true
	d.CharsetReader = charsetReader
	var stack []*openElem
	rootSeen := false
	for {
		line, col := d.InputPos()
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return doc.res, syntaxError(again.all(), se)
			}
			return doc.res, doc.xmlError(line, col, off, err.Error(), "документ не читается: ошибка чтения или кодировки")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 256 {
				return doc.res, doc.xmlError(line, col, off, "document too deep", "слишком глубокая вложенность элементов")
			}
			name := t.Name.Local
			e := &openElem{line: line, col: col, off: off, seen: map[string]bool{}, counts: map[string]int{}}
			if len(stack) == 0 {
				if rootSeen {
					return doc.res, doc.xmlError(line, col, off, "more than one document element", "больше одного корневого элемента")
				}
				rootSeen = true
				e.path, e.errPath = name, "/"+name
				at := valuePos{line: line, col: col, off: off, path: e.errPath}
				if !contains(r.roots, name) {
					doc.add(at, "gosdesk-field-root",
						fmt.Sprintf("the document element is %s, expected %s", name, strings.Join(r.roots, " or ")),
						fmt.Sprintf("корневой элемент %s, ожидается %s", name, strings.Join(r.roots, " или ")))
					e.skip = true
				} else {
					e.rule = r.rules[name]
					r.checkAttrs(doc, t, at)
				}
				stack = append(stack, e)
				continue
			}
			parent := stack[len(stack)-1]
			parent.counts[name]++
			parent.seen[name] = true
			e.path = parent.path + "/" + name
			e.errPath = stepPath(stack, name, parent.counts[name])
			if parent.skip {
				e.skip = true
				stack = append(stack, e)
				continue
			}
			if parent.rule != nil && parent.rule.kind == kRef {
				if name != "type" && name != "element" && name != "value" {
					doc.add(valuePos{line: line, col: col, off: off, path: e.errPath}, "gosdesk-field-unknown",
						fmt.Sprintf("element %s is not allowed in a dictionary reference (type, element, value)", name),
						fmt.Sprintf("элемент %s недопустим в ссылке на справочник (type, element, value)", name))
					e.skip = true
				}
				e.rule = &fieldRule{path: e.path, kind: kText}
				stack = append(stack, e)
				continue
			}
			e.rule = r.rules[e.path]
			if e.rule == nil {
				if !r.open {
					doc.add(valuePos{line: line, col: col, off: off, path: e.errPath}, "gosdesk-field-unknown",
						fmt.Sprintf("element %s is not in the field table of the service", name),
						fmt.Sprintf("элемента %s нет в таблице полей услуги", name))
				}
				e.skip = true
			} else if e.rule.kind == kAny {
				e.skip = true
			}
			stack = append(stack, e)
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				if top.keepsText() && top.text.Len() < 1<<16 {
					top.text.Write(t)
				}
			}
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			r.closeElem(doc, e)
		}
	}
	if !rootSeen {
		return doc.res, &xmlschema.XMLError{Line: 1, Column: 1, Message: "no document element", MessageRU: "нет корневого элемента"}
	}
	if r.check != nil && !doc.res.Truncated {
		r.check(doc)
	}
	return doc.res, nil
}

func stepPath(stack []*openElem, name string, n int) string {
	// Ancestors carry their position among same-named siblings; the last
	// step only when it is not the first (as core/xmlschema does).
	var b strings.Builder
	for i, e := range stack {
		b.WriteString("/")
		b.WriteString(lastStep(e.path))
		if i > 0 {
			b.WriteString("[" + strconv.Itoa(stack[i-1].counts[lastStep(e.path)]) + "]")
		}
	}
	b.WriteString("/" + name)
	if n > 1 {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

func (r *ruleSet) checkAttrs(doc *ruleDoc, t xml.StartElement, at valuePos) {
	for name, re := range r.attrs {
		v, ok := "", false
		for _, a := range t.Attr {
			if a.Name.Space == "" && a.Name.Local == name {
				v, ok = a.Value, true
			}
		}
		switch {
		case !ok:
			doc.add(at, "gosdesk-field-required",
				fmt.Sprintf("attribute %s is required", name),
				fmt.Sprintf("нет обязательного атрибута %s", name))
		case !re.MatchString(v):
			doc.add(at, "gosdesk-field-pattern",
				fmt.Sprintf("attribute %s: value %q is not allowed", name, v),
				fmt.Sprintf("атрибут %s: недопустимое значение %q", name, v))
		}
	}
}

// keepsText reports whether closeElem reads the element's text (groups,
// dictionary references and skipped elements have none to check).
func (e *openElem) keepsText() bool {
	return !e.skip && e.rule != nil && e.rule.kind != kGroup && e.rule.kind != kRef
}

func (r *ruleSet) closeElem(doc *ruleDoc, e *openElem) {
	if e.skip || e.rule == nil {
		return
	}
	at := valuePos{line: e.line, col: e.col, off: e.off, path: e.errPath}
	switch e.rule.kind {
	case kGroup:
		r.checkRequired(doc, e, at)
	case kRef:
		if !e.seen["type"] || !e.seen["element"] {
			doc.add(at, "gosdesk-field-ref",
				fmt.Sprintf("%s: a dictionary reference needs the elements type and element", e.rule.en),
				fmt.Sprintf("%s: ссылке на справочник нужны элементы type и element", e.rule.ru))
			return
		}
		for _, c := range []struct{ child, want string }{{"type", e.rule.refType}, {"element", e.rule.refElem}} {
			vs := doc.values[e.path+"/"+c.child]
			if c.want == "" || len(vs) == 0 {
				continue
			}
			if got := vs[len(vs)-1]; got.text != c.want {
				doc.add(got, "gosdesk-field-ref",
					fmt.Sprintf("%s: %s must be %q, not %q", e.rule.en, c.child, c.want, got.text),
					fmt.Sprintf("%s: %s должен быть %q, а не %q", e.rule.ru, c.child, c.want, got.text))
			}
		}
	default:
		text := strings.TrimSpace(e.text.String())
		at.text = text
		doc.values[e.path] = append(doc.values[e.path], at)
		checkValue(doc, e.rule, at)
	}
}

func (r *ruleSet) checkRequired(doc *ruleDoc, e *openElem, at valuePos) {
	for _, p := range r.order {
		f := r.rules[p]
		if !f.required || parentPath(p) != e.path {
			continue
		}
		if !e.seen[lastStep(p)] {
			doc.add(at, "gosdesk-field-required",
				fmt.Sprintf("required element %s (%s) is missing", lastStep(p), f.en),
				fmt.Sprintf("нет обязательного элемента %s (%s)", lastStep(p), f.ru))
		}
	}
}

func checkValue(doc *ruleDoc, f *fieldRule, at valuePos) {
	v := at.text
	name := lastStep(f.path)
	if parentRule := parentPath(f.path); f.en == "" && parentRule != "" {
		// a child of a dictionary reference
		name = lastStep(parentRule) + "/" + name
	}
	bad := func(rule, en, ru string) {
		doc.add(at, rule, fmt.Sprintf("%s (%s): %s", name, f.en, en), fmt.Sprintf("%s (%s): %s", name, f.ru, ru))
	}
	if v == "" {
		if f.required || f.fixed != "" {
			bad("gosdesk-field-required", "the value is empty", "пустое значение")
		}
		return
	}
	if f.fixed != "" && v != f.fixed {
		bad("gosdesk-field-fixed", fmt.Sprintf("the value must be %q, not %q", f.fixed, v),
			fmt.Sprintf("значение должно быть %q, а не %q", f.fixed, v))
	}
	if f.max > 0 && utf8.RuneCountInString(v) > f.max {
		bad("gosdesk-field-maxLength", fmt.Sprintf("%d characters, at most %d allowed", utf8.RuneCountInString(v), f.max),
			fmt.Sprintf("%d символов, допустимо не более %d", utf8.RuneCountInString(v), f.max))
	}
	if f.pattern != nil && !f.pattern.MatchString(v) {
		src := strings.TrimSuffix(strings.TrimPrefix(f.pattern.String(), "^(?:"), ")$")
		bad("gosdesk-field-pattern", fmt.Sprintf("value %q does not match the format %s", v, patternEN(src)),
			fmt.Sprintf("значение %q не соответствует формату %s", v, src))
	}
	switch f.kind {
	case kDate:
		if !reDate.MatchString(v) {
			bad("gosdesk-field-date", fmt.Sprintf("%q is not a date YYYY-MM-DD", v), fmt.Sprintf("%q — не дата ГГГГ-ММ-ДД", v))
		}
	case kDateTime:
		if !reDateTime.MatchString(v) {
			bad("gosdesk-field-dateTime", fmt.Sprintf("%q is not a date-time YYYY-MM-DDThh:mm:ss+03:00", v), fmt.Sprintf("%q — не дата и время ГГГГ-ММ-ДДTчч:мм:сс+03:00", v))
		}
	case kDateOrDT:
		if !reDate.MatchString(v) && !reDateTime.MatchString(v) {
			bad("gosdesk-field-date", fmt.Sprintf("%q is not a date or a date-time", v), fmt.Sprintf("%q — не дата и не дата со временем", v))
		}
	}
}

// patternWords say in English the formats whose expressions hold Cyrillic
// letters: an English message names them in words, the Russian one shows
// the expression.
var patternWords = map[string]string{
	reCyrName:                           `(Cyrillic letters, digits, Roman numerals, spaces and - ' ’ , . ( ) /, or the Russian word for "absent" in square brackets)`,
	`[0-9A-Za-zА-ЯЁа-яё\-]+`:            "(Latin or Cyrillic letters, digits and -)",
	`[0-9A-Za-zА-ЯЁа-яё]+`:              "(Latin or Cyrillic letters and digits)",
	`[A-Za-zА-ЯЁа-яё]{2}`:               "(two Latin or Cyrillic letters)",
	`\d{4}|РБ`:                          "(4 digits, or the Cyrillic letters RB for Belarus)",
	`[А-ЯЁ]{1,3}\d{1,6}|[А-ЯЁ0-9]{1,9}`: "(1 to 3 Cyrillic capital letters and 1 to 6 digits, or up to 9 Cyrillic capital letters and digits)",
}

// patternEN is the format of a field in an English message: the
// expression src, or its words when it holds Cyrillic letters.
func patternEN(src string) string {
	if w, ok := patternWords[src]; ok {
		return w
	}
	return src
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}
