package xmlschema

import (
	"sort"
	"strconv"
	"strings"
)

func (c *compiler) buildAll() {
	keys := func(m map[QName]*node) []QName {
		out := make([]QName, 0, len(m))
		for q := range m {
			if !strings.Contains(q.Local, "\x00") {
				out = append(out, q)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
		return out
	}
	for _, q := range keys(c.rawTypes) {
		c.namedType(q, nil)
	}
	for _, q := range keys(c.rawAttrs) {
		c.globalAttr(q, nil)
	}
	for _, q := range keys(c.rawAttrGroups) {
		c.namedAttrGroup(q, nil)
	}
	for _, q := range keys(c.rawGroups) {
		c.namedGroup(q, nil)
	}
	for _, q := range keys(c.rawElems) {
		c.globalElem(q, nil)
	}
	if c.err != nil {
		return
	}
	// keyrefs
	for _, k := range c.allIdcs {
		if k.kind == idcKeyref {
			r, ok := c.idcs[k.referQ]
			if !ok || r.kind == idcKeyref {
				c.errorf(k.node, "keyref %q refers to %s, which is not a key or unique constraint", k.name.Local, k.referQ)
				return
			}
			if len(r.fields) != len(k.fields) {
				c.errorf(k.node, "keyref %q has %d fields, its key %d", k.name.Local, len(k.fields), len(r.fields))
				return
			}
			k.refer = r
		}
	}
	// substitution groups
	for _, e := range c.allElems {
		if !e.global {
			continue
		}
		seen := map[*elemDecl]bool{e: true}
		for h := e.head; h != nil; h = h.head {
			if seen[h] {
				c.errorf(e.node, "circular substitution group at element %q", e.name.Local)
				return
			}
			seen[h] = true
			if h.block&dSubstitution == 0 {
				h.members = append(h.members, e)
			}
		}
		if e.head != nil {
			if !c.derivedOK(e.typ, e.head.typ, e.head.final) {
				c.errorf(e.node, "the type of element %q is not validly derived from the type of its substitution group head %q", e.name.Local, e.head.name.Local)
				return
			}
		}
	}
	// values and content models
	for _, e := range c.allElems {
		if e.hasDefault {
			e.defVal = c.checkValueConstraint(e.node, e.typ, e.def)
		}
	}
	for _, r := range c.restricts {
		c.checkParticleRestriction(r.t, r.b, r.n)
		if c.err != nil {
			return
		}
	}
	for _, r := range c.redefGrps {
		c.checkGroupRedefine(r)
	}
	for _, t := range c.allTypes {
		c.checkElementsConsistent(t)
		if c.err != nil {
			return
		}
	}
	for _, t := range c.allTypes {
		if t.cm == nil {
			t.cm = buildCM(t.particle)
		}
		c.checkUPA(t)
		if c.err != nil {
			return
		}
	}
}

// checkValueConstraint validates a default/fixed value against a type.
func (c *compiler) checkValueConstraint(n *node, t typeDef, v string) any {
	var st *simpleType
	switch x := t.(type) {
	case *simpleType:
		st = x
	case *complexType:
		switch x.content {
		case ctSimple:
			st = x.simple
		case ctMixed:
			if x.particle != nil && !particleEmptiable(x.particle) {
				c.errorf(n, "a default or fixed value requires emptiable mixed content")
			}
			return strVal{pString, v}
		default:
			c.errorf(n, "a default or fixed value is not allowed for element-only or empty content")
			return nil
		}
	}
	if st == nil {
		return nil
	}
	if st.idKind == 1 || isIDType(st) {
		c.errorf(n, "a default or fixed value is not allowed for an ID")
	}
	val, fe := st.validate(v, n.scope)
	if fe != nil {
		c.errorf(n, "the default or fixed value %q is not valid: %s", v, fe.en)
		return nil
	}
	return val
}

func isIDType(st *simpleType) bool {
	for u := st; u != nil; u = u.base {
		if u.idKind == 1 {
			return true
		}
	}
	return false
}

func particleEmptiable(p *particle) bool {
	if p == nil || p.min == 0 {
		return true
	}
	if p.group != nil {
		switch p.group.comp {
		case cChoice:
			if len(p.group.particles) == 0 {
				return false
			}
			for _, q := range p.group.particles {
				if particleEmptiable(q) {
					return true
				}
			}
			return false
		default:
			for _, q := range p.group.particles {
				if !particleEmptiable(q) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// ---- elements ----

func (c *compiler) globalElem(q QName, ref *node) *elemDecl {
	if e, ok := c.elems[q]; ok {
		return e
	}
	n, ok := c.rawElems[q]
	if !ok {
		if ref != nil {
			c.errorf(ref, "no global element declaration %s", q)
		}
		return nil
	}
	e := &elemDecl{name: q, global: true, node: n}
	c.elems[q] = e
	c.fillElem(e, n)
	return e
}

func (c *compiler) fillElem(e *elemDecl, n *node) {
	c.allElems = append(c.allElems, e)
	doc := n.doc
	e.nillable = boolAttr(n, "nillable")
	if e.global {
		e.abstract = boolAttr(n, "abstract")
		e.final = c.parseDerivSet(n, n.attrDef("final", derivString(doc.finalDef&(dExtension|dRestriction))), dExtension|dRestriction)
	}
	e.block = c.parseDerivSet(n, n.attrDef("block", derivString(doc.blockDef)), dExtension|dRestriction|dSubstitution)
	if d, ok := n.attr("default"); ok {
		e.hasDefault, e.def = true, d
		if _, ok := n.attr("fixed"); ok {
			c.errorf(n, "element %q has both default and fixed", e.name.Local)
		}
	} else if f, ok := n.attr("fixed"); ok {
		e.hasDefault, e.def, e.fixed = true, f, true
	}
	if hq, has, ok := c.refAttr(n, "substitutionGroup"); has && ok && e.global {
		e.head = c.globalElem(hq, n)
	}
	// a group referred to from inside this declaration's type is not a
	// circular group reference
	busy := c.groupBusy
	c.groupBusy = map[QName]bool{}
	defer func() { c.groupBusy = busy }()
	var st, ct *node
	for _, ch := range n.xsChildren() {
		switch ch.name.Local {
		case "simpleType":
			st = ch
		case "complexType":
			ct = ch
		case "unique", "key", "keyref":
			c.buildIDC(e, ch)
		default:
			c.errorf(ch, "unexpected xs:%s in xs:element", ch.name.Local)
		}
	}
	tq, hasType, ok := c.refAttr(n, "type")
	switch {
	case hasType && (st != nil || ct != nil):
		c.errorf(n, "element %q has both a type attribute and an anonymous type", e.name.Local)
	case hasType:
		if ok {
			e.typ = c.resolveType(tq, n)
		}
	case st != nil:
		e.typ = c.anonSimple(st)
	case ct != nil:
		e.typ = c.anonComplex(ct)
	case e.head != nil:
		e.typ = e.head.typ
		if e.typ == nil && e.head.building {
			e.typ = anyType
		}
	default:
		e.typ = anyType
	}
	if e.typ == nil {
		e.typ = anyType
	}
}

func derivString(d derivSet) string {
	var p []string
	for _, x := range []struct {
		d derivSet
		s string
	}{{dExtension, "extension"}, {dRestriction, "restriction"}, {dSubstitution, "substitution"}, {dList, "list"}, {dUnion, "union"}} {
		if d&x.d != 0 {
			p = append(p, x.s)
		}
	}
	return strings.Join(p, " ")
}

func (c *compiler) buildIDC(e *elemDecl, n *node) {
	name, _ := n.attr("name")
	k := &idc{name: QName{n.doc.tns, name}, node: n}
	switch n.name.Local {
	case "key":
		k.kind = idcKey
	case "keyref":
		k.kind = idcKeyref
		if q, has, ok := c.refAttr(n, "refer"); has && ok {
			k.referQ = q
		} else if !has {
			c.errorf(n, "keyref without refer")
		}
	}
	if !isNCName(name) {
		c.errorf(n, "identity constraint without a valid name")
		return
	}
	if _, dup := c.idcs[k.name]; dup {
		c.errorf(n, "duplicate identity constraint %q", name)
		return
	}
	c.idcs[k.name] = k
	c.allIdcs = append(c.allIdcs, k)
	for _, ch := range n.xsChildren() {
		xp, _ := ch.attr("xpath")
		switch ch.name.Local {
		case "selector":
			if k.selector != nil {
				c.errorf(ch, "more than one selector")
			}
			p, err := parseXPath(xp, ch.scope, false)
			if err != nil {
				c.errorf(ch, "selector: %v", err)
			}
			k.selector = p
		case "field":
			p, err := parseXPath(xp, ch.scope, true)
			if err != nil {
				c.errorf(ch, "field: %v", err)
			}
			k.fields = append(k.fields, p)
		}
	}
	if k.selector == nil || len(k.fields) == 0 {
		c.errorf(n, "identity constraint %q needs a selector and fields", name)
	}
	e.idcs = append(e.idcs, k)
}

// ---- types ----

func (c *compiler) resolveType(q QName, ref *node) typeDef {
	if q.NS == xsdNS {
		if q.Local == "anyType" {
			return anyType
		}
		if t, ok := builtins[q.Local]; ok {
			return t
		}
	}
	t := c.namedType(q, ref)
	if t == nil {
		if ref != nil {
			c.errorf(ref, "type %s is not defined", q)
		}
		return nil
	}
	return t
}

func (c *compiler) namedType(q QName, ref *node) typeDef {
	if t, ok := c.types[q]; ok {
		return t
	}
	n, ok := c.rawTypes[q]
	if !ok {
		return nil
	}
	if n.name.Local == "simpleType" {
		t := &simpleType{name: q, node: n}
		c.types[q] = t
		c.fillSimple(t, n)
		return t
	}
	t := &complexType{name: q, node: n}
	c.types[q] = t
	c.fillComplex(t, n)
	return t
}

func (c *compiler) anonSimple(n *node) *simpleType {
	if _, ok := n.attr("name"); ok {
		c.errorf(n, "a local simpleType must not have a name")
	}
	t := &simpleType{node: n}
	c.fillSimple(t, n)
	return t
}

func (c *compiler) anonComplex(n *node) *complexType {
	if _, ok := n.attr("name"); ok {
		c.errorf(n, "a local complexType must not have a name")
	}
	t := &complexType{node: n}
	c.fillComplex(t, n)
	return t
}

// simpleBase resolves the base of a simple type derivation.
func (c *compiler) simpleRef(n *node, attr string) *simpleType {
	q, has, ok := c.refAttr(n, attr)
	if !has || !ok {
		return nil
	}
	t := c.resolveType(q, n)
	if t == nil {
		return nil
	}
	st, isSimple := t.(*simpleType)
	if !isSimple {
		c.errorf(n, "%s is not a simple type", q)
		return nil
	}
	if st.building {
		c.errorf(n, "circular definition of simple type %s", q)
		return nil
	}
	return st
}

func (c *compiler) fillSimple(t *simpleType, n *node) {
	t.building = true
	defer func() { t.building = false; t.done = true }()
	t.final = c.parseDerivSet(n, n.attrDef("final", derivString(n.doc.finalDef&(dRestriction|dList|dUnion))), dRestriction|dList|dUnion)
	kids := n.xsChildren()
	if len(kids) != 1 {
		c.errorf(n, "simpleType needs exactly one of restriction, list, union")
		t.base, t.prim, t.ws = builtins["anySimpleType"], pAnySimple, wsPreserve
		return
	}
	d := kids[0]
	switch d.name.Local {
	case "restriction":
		base := c.simpleRef(d, "base")
		var inner *node
		for _, ch := range d.xsChildren() {
			if ch.name.Local == "simpleType" {
				inner = ch
			}
		}
		if base == nil && inner != nil {
			if _, has := d.attr("base"); has {
				c.errorf(d, "restriction has both base and a simpleType child")
			}
			base = c.anonSimple(inner)
		}
		if base == nil {
			if _, has := d.attr("base"); !has {
				c.errorf(d, "restriction without base")
			}
			base = builtins["anySimpleType"]
		}
		if base.name == (QName{xsdNS, "anySimpleType"}) {
			c.errorf(d, "a simple type cannot restrict xs:anySimpleType directly")
		}
		if base.final&dRestriction != 0 {
			c.errorf(d, "the base type %s is final for restriction", base.name.Local)
		}
		t.restrictFrom(base)
		c.parseFacets(t, d)
	case "list":
		t.variety = list
		t.base = builtins["anySimpleType"]
		t.ws = wsCollapse
		it := c.simpleRef(d, "itemType")
		for _, ch := range d.xsChildren() {
			if ch.name.Local == "simpleType" {
				if it != nil {
					c.errorf(d, "list has both itemType and a simpleType child")
				}
				it = c.anonSimple(ch)
			}
		}
		if it == nil {
			c.errorf(d, "list without item type")
			it = builtins["string"]
		}
		if it.variety == list || it.variety == union && unionHasList(it) {
			c.errorf(d, "the item type of a list must be atomic or a union of atomic types")
		}
		if it.final&dList != 0 {
			c.errorf(d, "the item type is final for list")
		}
		t.item = it
	case "union":
		t.variety = union
		t.base = builtins["anySimpleType"]
		t.ws = wsCollapse
		if v, ok := d.attr("memberTypes"); ok {
			for _, m := range strings.Fields(v) {
				q, ok := c.qname(d, m)
				if !ok {
					c.errorf(d, "cannot resolve member type %q", m)
					continue
				}
				mt := c.resolveType(q, d)
				st, ok := mt.(*simpleType)
				if !ok {
					if mt != nil {
						c.errorf(d, "member type %s is not simple", q)
					}
					continue
				}
				if st.building {
					c.errorf(d, "circular union %s", q)
					continue
				}
				t.members = append(t.members, st)
			}
		}
		for _, ch := range d.xsChildren() {
			if ch.name.Local == "simpleType" {
				t.members = append(t.members, c.anonSimple(ch))
			}
		}
		if len(t.members) == 0 {
			c.errorf(d, "union without member types")
		}
		for _, m := range t.members {
			if m.final&dUnion != 0 {
				c.errorf(d, "member type %s is final for union", m.name.Local)
			}
		}
	default:
		c.errorf(d, "unexpected xs:%s in simpleType", d.name.Local)
	}
}

func unionHasList(t *simpleType) bool {
	for _, m := range t.members {
		if m.variety == list || m.variety == union && unionHasList(m) {
			return true
		}
	}
	return false
}

func (t *simpleType) restrictFrom(base *simpleType) {
	t.base = base
	t.variety = base.variety
	t.prim = base.prim
	t.item = base.item
	t.members = base.members
	t.ws = base.ws
	t.lex = base.lex
	t.integer = base.integer
	t.idKind = base.idKind
}

var facetNames = map[string]bool{"length": true, "minLength": true, "maxLength": true, "pattern": true, "enumeration": true,
	"whiteSpace": true, "maxInclusive": true, "maxExclusive": true, "minInclusive": true, "minExclusive": true,
	"totalDigits": true, "fractionDigits": true}

func (c *compiler) facetAllowed(t *simpleType, f string) bool {
	switch f {
	case "pattern", "enumeration":
		return true
	case "whiteSpace":
		return t.variety != union
	}
	if t.variety == union {
		return false
	}
	if t.variety == list {
		return f == "length" || f == "minLength" || f == "maxLength"
	}
	p := t.primitiveType().prim
	switch f {
	case "length", "minLength", "maxLength":
		switch p {
		case pString, pAnyURI, pHexBinary, pBase64Binary, pQName, pNOTATION:
			return true
		}
	case "totalDigits", "fractionDigits":
		return p == pDecimal
	case "maxInclusive", "maxExclusive", "minInclusive", "minExclusive":
		switch p {
		case pDecimal, pFloat, pDouble, pDuration, pDateTime, pTime, pDate, pGYearMonth, pGYear, pGMonthDay, pGDay, pGMonth:
			return true
		}
	}
	return false
}

// effective facet lookups along the base chain
func (t *simpleType) effInt(get func(*facets) *int) *int {
	for u := t; u != nil; u = u.base {
		if v := get(&u.f); v != nil {
			return v
		}
	}
	return nil
}

func (t *simpleType) effVal(get func(*facets) any) any {
	for u := t; u != nil; u = u.base {
		if v := get(&u.f); v != nil {
			return v
		}
	}
	return nil
}

func (c *compiler) parseFacets(t *simpleType, d *node) {
	base := t.base
	seen := map[string]bool{}
	for _, f := range d.xsChildren() {
		name := f.name.Local
		switch name {
		case "simpleType", "attribute", "attributeGroup", "anyAttribute": // simpleContent restriction
			continue
		}
		if !facetNames[name] {
			c.errorf(f, "unexpected xs:%s in restriction", name)
			return
		}
		if name != "pattern" && name != "enumeration" {
			if seen[name] {
				c.errorf(f, "facet %s given twice", name)
				return
			}
			seen[name] = true
		}
		if !c.facetAllowed(t, name) {
			c.errorf(f, "facet %s does not apply to this type", name)
			return
		}
		v, ok := f.attr("value")
		if !ok {
			c.errorf(f, "facet %s without value", name)
			return
		}
		if boolAttr(f, "fixed") {
			if t.f.fixed == nil {
				t.f.fixed = map[string]bool{}
			}
			t.f.fixed[name] = true
		}
		if base.isFixed(name) {
			c.errorf(f, "facet %s is fixed in the base type", name)
		}
		switch name {
		case "length", "minLength", "maxLength", "totalDigits", "fractionDigits":
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || name == "totalDigits" && n == 0 {
				c.errorf(f, "invalid %s value %q", name, v)
				return
			}
			switch name {
			case "length":
				t.f.length = intp(n)
			case "minLength":
				t.f.minLength = intp(n)
			case "maxLength":
				t.f.maxLength = intp(n)
			case "totalDigits":
				t.f.totalDigits = intp(n)
			case "fractionDigits":
				t.f.fractionDigits = intp(n)
			}
		case "pattern":
			re, err := CompileRegexp(v)
			if err != nil {
				c.errorf(f, "invalid pattern: %v", err)
				return
			}
			t.f.patterns = append(t.f.patterns, re)
			t.f.patternSrc = append(t.f.patternSrc, v)
		case "enumeration":
			val, fe := base.validate(v, f.scope)
			if fe != nil {
				c.errorf(f, "enumeration value %q is not valid for the base type: %s", v, fe.en)
				return
			}
			if t.variety == atomic && t.prim == pNOTATION {
				if q, ok := f.scope.resolveQName(v); ok {
					if _, declared := c.rawNotations[q]; !declared {
						c.errorRU(f, "enumeration value %q is not a declared notation", "значение перечисления %q не является объявленной нотацией", v)
						return
					}
				}
			}
			t.f.enums = append(t.f.enums, val)
			t.f.enumSrc = append(t.f.enumSrc, v)
		case "whiteSpace":
			var m wsMode
			switch strings.TrimSpace(v) {
			case "preserve":
				m = wsPreserve
			case "replace":
				m = wsReplace
			case "collapse":
				m = wsCollapse
			default:
				c.errorf(f, "invalid whiteSpace %q", v)
				return
			}
			if m < base.ws {
				c.errorf(f, "whiteSpace %s is weaker than the base type's", v)
			}
			if t.variety == list && m != wsCollapse {
				c.errorf(f, "whiteSpace of a list must be collapse")
			}
			t.f.ws = &m
			t.ws = m
		default: // bounds
			val, fe := base.validate(v, f.scope)
			if fe != nil {
				// bounds are checked against the base's value space only
				val2, fe2 := base.primitiveType().validate(v, f.scope)
				if fe2 != nil {
					c.errorf(f, "%s value %q is not valid: %s", name, v, fe.en)
					return
				}
				_ = val2
				c.errorf(f, "%s value %q is not valid for the base type: %s", name, v, fe.en)
				return
			}
			switch name {
			case "minInclusive":
				t.f.minInc, t.f.minIncS = val, v
			case "maxInclusive":
				t.f.maxInc, t.f.maxIncS = val, v
			case "minExclusive":
				t.f.minExc, t.f.minExcS = val, v
			case "maxExclusive":
				t.f.maxExc, t.f.maxExcS = val, v
			}
		}
		if c.err != nil {
			return
		}
	}
	c.checkFacetConsistency(t, d)
}

func (t *simpleType) isFixed(name string) bool {
	for u := t; u != nil; u = u.base {
		if u.f.fixed[name] {
			// a fixed facet may be repeated with the same value; treat as error only if value differs
			return false
		}
	}
	return false
}

func (c *compiler) checkFacetConsistency(t *simpleType, d *node) {
	f := &t.f
	if f.length != nil && (f.minLength != nil || f.maxLength != nil) {
		c.errorf(d, "length together with minLength or maxLength")
		return
	}
	bl := t.base
	get := func(g func(*facets) *int) *int { return bl.effInt(g) }
	minL := func(x *facets) *int { return x.minLength }
	maxL := func(x *facets) *int { return x.maxLength }
	lenF := func(x *facets) *int { return x.length }
	effMin, effMax := t.effInt(minL), t.effInt(maxL)
	if effMin != nil && effMax != nil && *effMin > *effMax {
		c.errorf(d, "minLength is greater than maxLength")
		return
	}
	if b := get(maxL); b != nil && f.maxLength != nil && *f.maxLength > *b {
		c.errorf(d, "maxLength %d is greater than the base type's %d", *f.maxLength, *b)
		return
	}
	if b := get(minL); b != nil && f.minLength != nil && *f.minLength < *b {
		c.errorf(d, "minLength %d is less than the base type's %d", *f.minLength, *b)
		return
	}
	if b := get(lenF); b != nil && f.length != nil && *f.length != *b {
		c.errorf(d, "length differs from the base type's")
		return
	}
	if b := get(lenF); b != nil && (f.minLength != nil && *f.minLength > *b || f.maxLength != nil && *f.maxLength < *b) {
		c.errorf(d, "min/maxLength contradict the base type's length")
		return
	}
	if f.length != nil {
		if b := get(minL); b != nil && *f.length < *b {
			c.errorf(d, "length is less than the base type's minLength")
			return
		}
		if b := get(maxL); b != nil && *f.length > *b {
			c.errorf(d, "length is greater than the base type's maxLength")
			return
		}
	}
	td := t.effInt(func(x *facets) *int { return x.totalDigits })
	fd := t.effInt(func(x *facets) *int { return x.fractionDigits })
	if td != nil && fd != nil && *fd > *td {
		c.errorf(d, "fractionDigits is greater than totalDigits")
		return
	}
	if b := get(func(x *facets) *int { return x.totalDigits }); b != nil && f.totalDigits != nil && *f.totalDigits > *b {
		c.errorf(d, "totalDigits is greater than the base type's")
		return
	}
	if b := get(func(x *facets) *int { return x.fractionDigits }); b != nil && f.fractionDigits != nil && *f.fractionDigits > *b {
		c.errorf(d, "fractionDigits is greater than the base type's")
		return
	}
	if f.minInc != nil && f.minExc != nil || f.maxInc != nil && f.maxExc != nil {
		c.errorf(d, "both inclusive and exclusive bounds on the same side")
		return
	}
	minI := t.effVal(func(x *facets) any { return x.minInc })
	minE := t.effVal(func(x *facets) any { return x.minExc })
	maxI := t.effVal(func(x *facets) any { return x.maxInc })
	maxE := t.effVal(func(x *facets) any { return x.maxExc })
	bad := func(a, b any, ok func(int) bool) bool {
		if a == nil || b == nil {
			return false
		}
		return !ok(compare(a, b))
	}
	le := func(x int) bool { return x == -1 || x == 0 }
	lt := func(x int) bool { return x == -1 }
	if bad(minI, maxI, le) || bad(minE, maxE, le) && compare(minE, maxE) != -1 || bad(minI, maxE, lt) || bad(minE, maxI, lt) {
		c.errorf(d, "the lower bound is above the upper bound")
		return
	}
	// bounds narrowing the base's
	bMinI := bl.effVal(func(x *facets) any { return x.minInc })
	bMaxI := bl.effVal(func(x *facets) any { return x.maxInc })
	bMinE := bl.effVal(func(x *facets) any { return x.minExc })
	bMaxE := bl.effVal(func(x *facets) any { return x.maxExc })
	ge := func(x int) bool { return x == 1 || x == 0 }
	gt := func(x int) bool { return x == 1 }
	if f.minInc != nil && (bad(f.minInc, bMinI, ge) || bad(f.minInc, bMinE, gt) || bad(f.minInc, bMaxI, le) || bad(f.minInc, bMaxE, lt)) ||
		f.maxInc != nil && (bad(f.maxInc, bMaxI, le) || bad(f.maxInc, bMaxE, lt) || bad(f.maxInc, bMinI, ge) || bad(f.maxInc, bMinE, gt)) ||
		f.minExc != nil && (bad(f.minExc, bMinE, ge) || bad(f.minExc, bMinI, ge) || bad(f.minExc, bMaxI, lt) || bad(f.minExc, bMaxE, lt)) ||
		f.maxExc != nil && (bad(f.maxExc, bMaxE, le) || bad(f.maxExc, bMaxI, le) || bad(f.maxExc, bMinI, gt) || bad(f.maxExc, bMinE, gt)) {
		c.errorf(d, "a bound is outside the base type's range")
		return
	}
	_ = bMinE
}
