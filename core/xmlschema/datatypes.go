package xmlschema

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

type variety int

const (
	atomic variety = iota
	list
	union
)

type wsMode int

const (
	wsPreserve wsMode = iota
	wsReplace
	wsCollapse
)

// derivSet is a set of derivation methods (block/final).
type derivSet int

const (
	dExtension derivSet = 1 << iota
	dRestriction
	dSubstitution
	dList
	dUnion
)

// typeDef is *simpleType or *complexType.
type typeDef interface {
	typeName() QName
	baseType() typeDef
}

// facets are the facets given in one derivation step.
type facets struct {
	length, minLength, maxLength       *int
	patterns                           []*regexp.Regexp
	patternSrc                         []string
	enums                              []any
	enumSrc                            []string
	minInc, maxInc, minExc, maxExc     any
	minIncS, maxIncS, minExcS, maxExcS string
	totalDigits, fractionDigits        *int
	ws                                 *wsMode
	fixed                              map[string]bool
}

type simpleType struct {
	name     QName
	variety  variety
	base     *simpleType // nil for anySimpleType
	prim     prim
	item     *simpleType
	members  []*simpleType
	f        facets
	ws       wsMode
	final    derivSet
	builtin  bool
	lex      func(string) bool // extra lexical check of built-in derived types
	integer  bool              // lexical space of xs:integer (no '.')
	idKind   int               // 1 ID, 2 IDREF, 3 ENTITY
	node     *node
	building bool
	done     bool
}

func (t *simpleType) typeName() QName { return t.name }
func (t *simpleType) baseType() typeDef {
	if t.base == nil {
		if t.name.Local == "anySimpleType" {
			return anyType
		}
		return nil
	}
	return t.base
}

func intp(i int) *int { return &i }

var builtins = map[string]*simpleType{}

func bt(name string, base string, p prim, ws wsMode) *simpleType {
	t := &simpleType{name: QName{xsdNS, name}, prim: p, ws: ws, builtin: true, done: true}
	if base != "" {
		t.base = builtins[base]
		t.integer = t.base.integer
		t.lex = t.base.lex
		t.idKind = t.base.idKind
	}
	builtins[name] = t
	return t
}

func init() {
	bt("anySimpleType", "", pAnySimple, wsPreserve)
	for _, p := range []struct {
		n string
		p prim
	}{{"string", pString}, {"boolean", pBoolean}, {"decimal", pDecimal}, {"float", pFloat}, {"double", pDouble},
		{"duration", pDuration}, {"dateTime", pDateTime}, {"time", pTime}, {"date", pDate}, {"gYearMonth", pGYearMonth},
		{"gYear", pGYear}, {"gMonthDay", pGMonthDay}, {"gDay", pGDay}, {"gMonth", pGMonth}, {"hexBinary", pHexBinary},
		{"base64Binary", pBase64Binary}, {"anyURI", pAnyURI}, {"QName", pQName}, {"NOTATION", pNOTATION}} {
		ws := wsCollapse
		if p.p == pString {
			ws = wsPreserve
		}
		bt(p.n, "anySimpleType", p.p, ws)
	}
	bt("normalizedString", "string", pString, wsReplace)
	bt("token", "normalizedString", pString, wsCollapse)
	bt("language", "token", pString, wsCollapse).lex = isLanguage
	bt("NMTOKEN", "token", pString, wsCollapse).lex = isNmtoken
	bt("Name", "token", pString, wsCollapse).lex = isName
	bt("NCName", "Name", pString, wsCollapse).lex = isNCName
	bt("ID", "NCName", pString, wsCollapse).idKind = 1
	bt("IDREF", "NCName", pString, wsCollapse).idKind = 2
	bt("ENTITY", "NCName", pString, wsCollapse).idKind = 3
	for _, l := range [][2]string{{"NMTOKENS", "NMTOKEN"}, {"IDREFS", "IDREF"}, {"ENTITIES", "ENTITY"}} {
		t := &simpleType{name: QName{xsdNS, l[0]}, variety: list, base: builtins["anySimpleType"], item: builtins[l[1]],
			ws: wsCollapse, builtin: true, done: true}
		t.f.minLength = intp(1)
		builtins[l[0]] = t
	}
	in := bt("integer", "decimal", pDecimal, wsCollapse)
	in.integer = true
	in.f.fractionDigits = intp(0)
	rng := func(name, base, min, max string) {
		t := bt(name, base, pDecimal, wsCollapse)
		if min != "" {
			t.f.minInc, _ = parseDecimal(min, true)
			t.f.minIncS = min
		}
		if max != "" {
			t.f.maxInc, _ = parseDecimal(max, true)
			t.f.maxIncS = max
		}
	}
	rng("nonPositiveInteger", "integer", "", "0")
	rng("negativeInteger", "nonPositiveInteger", "", "-1")
	rng("long", "integer", "-9223372036854775808", "9223372036854775807")
	rng("int", "long", "-2147483648", "2147483647")
	rng("short", "int", "-32768", "32767")
	rng("byte", "short", "-128", "127")
	rng("nonNegativeInteger", "integer", "0", "")
	rng("unsignedLong", "nonNegativeInteger", "", "18446744073709551615")
	rng("unsignedInt", "unsignedLong", "", "4294967295")
	rng("unsignedShort", "unsignedInt", "", "65535")
	rng("unsignedByte", "unsignedShort", "", "255")
	rng("positiveInteger", "nonNegativeInteger", "1", "")
}

func isNameStart(r rune) bool {
	return r == ':' || r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xC0 && r <= 0xD6 ||
		r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF || r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF ||
		r >= 0x200C && r <= 0x200D || r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF ||
		r >= 0x3001 && r <= 0xD7FF || r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

func isNameChar(r rune) bool {
	return isNameStart(r) || r == '-' || r == '.' || r >= '0' && r <= '9' || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if i == 0 && !isNameStart(r) || !isNameChar(r) {
			return false
		}
	}
	return true
}

func isNCName(s string) bool { return isName(s) && !strings.Contains(s, ":") }

func isNmtoken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isNameChar(r) {
			return false
		}
	}
	return true
}

func isLanguage(s string) bool {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		if len(p) < 1 || len(p) > 8 {
			return false
		}
		for _, c := range p {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

func normalizeWS(s string, m wsMode) string {
	switch m {
	case wsReplace:
		if strings.ContainsAny(s, "\t\n\r") {
			s = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, s)
		}
	case wsCollapse:
		if needsCollapse(s) {
			s = strings.Join(strings.FieldsFunc(s, isXMLSpace), " ")
		}
	}
	return s
}

func isXMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func needsCollapse(s string) bool {
	prev := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\t', '\n', '\r':
			return true
		case ' ':
			if prev {
				return true
			}
			prev = true
		default:
			prev = false
		}
	}
	return prev && len(s) > 0
}

// facetError describes a value that is not valid for a simple type.
type facetError struct {
	rule string
	en   string
	ru   string
}

// primitive finds the primitive ancestor type.
func (t *simpleType) primitiveType() *simpleType {
	for u := t; u != nil; u = u.base {
		if u.base != nil && u.base.name.Local == "anySimpleType" && u.base.builtin {
			return u
		}
	}
	return t
}

// validate checks a lexical value (not yet normalised) and returns its value.
// ns resolves QName prefixes (may be nil).
func (t *simpleType) validate(s string, ns *nsScope) (any, *facetError) {
	if t.variety == atomic && len(s) > 0 && (isXMLSpace(rune(s[0])) || isXMLSpace(rune(s[len(s)-1]))) {
		if fe := libxml2Blanks(t, s); fe != nil {
			return nil, fe
		}
	}
	s = normalizeWS(s, t.ws)
	return t.validateNorm(s, ns)
}

func (t *simpleType) validateNorm(s string, ns *nsScope) (any, *facetError) {
	var v any
	var fe *facetError
	switch t.variety {
	case list:
		var items listVal
		if s != "" {
			for _, it := range strings.Split(s, " ") {
				iv, e := t.item.validate(it, ns)
				if e != nil {
					return nil, e
				}
				items = append(items, iv)
			}
		}
		v = items
	case union:
		var first *facetError
		for _, m := range t.members {
			mv, e := m.validate(s, ns)
			if e == nil {
				v = mv
				break
			}
			if first == nil {
				first = e
			}
		}
		if v == nil {
			return nil, &facetError{"cvc-datatype-valid.1.2.3", "'" + s + "' is not valid for any member type of the union " + typeLabel(t),
				"значение '" + s + "' не подходит ни к одному типу объединения " + typeLabel(t)}
		}
	default:
		v, fe = t.parseAtomic(s, ns)
		if fe != nil {
			return nil, fe
		}
	}
	// facets of every derivation step
	for u := t; u != nil; u = u.base {
		if e := u.f.check(s, v, u); e != nil {
			return nil, e
		}
		if u.variety != t.variety {
			break
		}
	}
	return v, nil
}

func (t *simpleType) parseAtomic(s string, ns *nsScope) (any, *facetError) {
	bad := func() (any, *facetError) {
		en, ru := hintFor(t, s)
		return nil, &facetError{"cvc-datatype-valid.1.2.1", "'" + s + "' is not a valid value of the atomic type " + typeLabel(t) + en,
			"'" + s + "' — недопустимое значение для типа " + typeLabel(t) + ru}
	}
	if t.lex != nil && !t.lex(s) {
		return bad()
	}
	pt := t.primitiveType()
	switch pt.prim {
	case pAnySimple:
		return strVal{pString, s}, nil
	case pString:
		if !isXMLString(s) {
			return bad()
		}
		return strVal{pString, s}, nil
	case pAnyURI:
		if strings.Count(s, "#") > 1 || strings.HasPrefix(s, "#") && strings.Contains(s[1:], "#") {
			return bad()
		}
		return strVal{pAnyURI, s}, nil
	case pBoolean:
		switch s {
		case "true", "1":
			return boolVal(true), nil
		case "false", "0":
			return boolVal(false), nil
		}
		return bad()
	case pDecimal:
		d, ok := parseDecimal(s, t.integer)
		if !ok {
			return bad()
		}
		return d, nil
	case pFloat, pDouble:
		f, ok := parseFloat(s, pt.prim == pDouble)
		if !ok {
			return bad()
		}
		return f, nil
	case pDuration:
		d, ok := parseDuration(s)
		if !ok {
			return bad()
		}
		return d, nil
	case pDateTime, pTime, pDate, pGYearMonth, pGYear, pGMonthDay, pGDay, pGMonth:
		d, ok := parseDateTime(s, pt.prim)
		if !ok {
			return bad()
		}
		return d, nil
	case pHexBinary:
		b, ok := parseHex(s)
		if !ok {
			return bad()
		}
		return b, nil
	case pBase64Binary:
		b, ok := parseBase64(s)
		if !ok {
			return bad()
		}
		return b, nil
	case pQName, pNOTATION:
		if ns == nil {
			ns = &nsScope{}
		}
		q, ok := ns.resolveQName(s)
		if !ok {
			return bad()
		}
		return qnVal{pt.prim, q}, nil
	}
	return bad()
}

// isXMLString reports whether every rune of s (invalid UTF-8 counting as
// U+FFFD) is an XML character; a byte loop equivalent to isXMLChar on each
// rune: only C0 controls and U+FFFE/U+FFFF can fail.
func isXMLString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 {
			if c != '\t' && c != '\n' && c != '\r' {
				return false
			}
		} else if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
			return false
		}
	}
	return true
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func typeLabel(t *simpleType) string {
	if t.name.Local != "" {
		return "'" + prefixed(t.name) + "'"
	}
	return "(anonymous)"
}

func prefixed(q QName) string {
	if q.NS == xsdNS {
		return "xs:" + q.Local
	}
	return q.Local
}

// valueLength is the length of a value for the length facets.
func valueLength(s string, v any, t *simpleType) (int, bool) {
	switch x := v.(type) {
	case listVal:
		return len(x), true
	case binVal:
		return len(x.b), true
	case qnVal:
		return 0, false // length facets do not constrain QName and NOTATION
	case strVal:
		return utf8.RuneCountInString(s), true
	}
	return 0, false
}

func (f *facets) check(s string, v any, t *simpleType) *facetError {
	if f.length != nil || f.minLength != nil || f.maxLength != nil {
		if n, ok := valueLength(s, v, t); ok {
			if f.length != nil && n != *f.length {
				return ferr("cvc-length-valid", "'%s' has length %d, the type requires exactly %d", "длина значения '%s' равна %d, а должна быть ровно %d", s, n, *f.length)
			}
			if f.minLength != nil && n < *f.minLength {
				return ferr("cvc-minLength-valid", "'%s' has length %d, the type requires at least %d", "длина значения '%s' равна %d, а должна быть не меньше %d", s, n, *f.minLength)
			}
			if f.maxLength != nil && n > *f.maxLength {
				return ferr("cvc-maxLength-valid", "'%s' has length %d, the type allows at most %d", "длина значения '%s' равна %d, а должна быть не больше %d", s, n, *f.maxLength)
			}
		}
	}
	if len(f.patterns) > 0 {
		ok := false
		for _, p := range f.patterns {
			if p.MatchString(s) {
				ok = true
				break
			}
		}
		if !ok {
			return ferr("cvc-pattern-valid", "'%s' does not match the pattern '%s'", "значение '%s' не соответствует шаблону '%s'", s, strings.Join(f.patternSrc, "' | '"))
		}
	}
	if len(f.enums) > 0 {
		ok := false
		for _, e := range f.enums {
			if equalValues(e, v) {
				ok = true
				break
			}
		}
		if !ok {
			set := strings.Join(f.enumSrc, "', '")
			if len(set) > 200 {
				set = set[:200] + "…"
			}
			return ferr("cvc-enumeration-valid", "'%s' is not one of the allowed values {'%s'}", "значение '%s' не входит в список допустимых {'%s'}", s, set)
		}
	}
	if f.minInc != nil {
		if c := compare(v, f.minInc); c != 0 && c != 1 {
			return ferr("cvc-minInclusive-valid", "'%s' is less than the minimum %s", "значение '%s' меньше минимального %s", s, f.minIncS)
		}
	}
	if f.maxInc != nil {
		if c := compare(v, f.maxInc); c != 0 && c != -1 {
			return ferr("cvc-maxInclusive-valid", "'%s' is greater than the maximum %s", "значение '%s' больше максимального %s", s, f.maxIncS)
		}
	}
	if f.minExc != nil {
		if c := compare(v, f.minExc); c != 1 {
			return ferr("cvc-minExclusive-valid", "'%s' must be greater than %s", "значение '%s' должно быть больше %s", s, f.minExcS)
		}
	}
	if f.maxExc != nil {
		if c := compare(v, f.maxExc); c != -1 {
			return ferr("cvc-maxExclusive-valid", "'%s' must be less than %s", "значение '%s' должно быть меньше %s", s, f.maxExcS)
		}
	}
	if d, ok := v.(decVal); ok {
		if f.totalDigits != nil && d.totalDigits() > *f.totalDigits {
			return ferr("cvc-totalDigits-valid", "'%s' has %d digits, the type allows at most %d", "в значении '%s' %d цифр, допускается не больше %d", s, d.totalDigits(), *f.totalDigits)
		}
		if f.fractionDigits != nil && len(d.fp) > *f.fractionDigits {
			return ferr("cvc-fractionDigits-valid", "'%s' has %d fraction digits, the type allows at most %d", "в значении '%s' %d знаков после запятой, допускается не больше %d", s, len(d.fp), *f.fractionDigits)
		}
	}
	return nil
}

// libxml2Blanks mirrors libxml2 (the reference validator of this project),
// which rejects leading and/or trailing whitespace in the values of some
// built-in types although whiteSpace="collapse" applies to them: the
// dateTime family and duration, and the bounded integer types.
func libxml2Blanks(t *simpleType, s string) *facetError {
	b := t
	for b != nil && !b.builtin {
		b = b.base
	}
	if b == nil {
		return nil
	}
	lead := isXMLSpace(rune(s[0]))
	trail := isXMLSpace(rune(s[len(s)-1]))
	bad := false
	switch b.name.Local {
	case "date", "dateTime", "gYear", "gYearMonth":
		bad = lead || trail
	case "time", "gMonthDay", "gMonth", "gDay", "duration":
		bad = trail
	case "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "nonPositiveInteger":
		bad = lead || trail
	}
	if !bad {
		return nil
	}
	en, ru := hintFor(t, s)
	return &facetError{"cvc-datatype-valid.1.2.1", "'" + s + "' is not a valid value of the atomic type " + typeLabel(t) + " (no surrounding whitespace allowed)" + en,
		"'" + s + "' — недопустимое значение для типа " + typeLabel(t) + " (пробелы по краям не допускаются)" + ru}
}
