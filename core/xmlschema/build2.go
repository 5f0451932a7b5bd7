package xmlschema

import (
	"strconv"
	"strings"
)

func (c *compiler) fillComplex(t *complexType, n *node) {
	t.building = true
	c.allTypes = append(c.allTypes, t)
	defer func() { t.building = false; t.done = true }()
	t.abstract = boolAttr(n, "abstract")
	t.block = c.parseDerivSet(n, n.attrDef("block", derivString(n.doc.blockDef&(dExtension|dRestriction))), dExtension|dRestriction)
	t.final = c.parseDerivSet(n, n.attrDef("final", derivString(n.doc.finalDef&(dExtension|dRestriction))), dExtension|dRestriction)
	mixed := boolAttr(n, "mixed")
	t.attrs = map[QName]*attrUse{}
	kids := n.xsChildren()
	if len(kids) > 0 && (kids[0].name.Local == "simpleContent" || kids[0].name.Local == "complexContent") {
		if len(kids) > 1 {
			c.errorf(kids[1], "unexpected xs:%s after xs:%s", kids[1].name.Local, kids[0].name.Local)
			return
		}
		cc := kids[0]
		dk := cc.xsChildren()
		if len(dk) != 1 || dk[0].name.Local != "restriction" && dk[0].name.Local != "extension" {
			c.errorf(cc, "xs:%s needs one restriction or extension", cc.name.Local)
			return
		}
		d := dk[0]
		bq, has, ok := c.refAttr(d, "base")
		if !has || !ok {
			c.errorf(d, "derivation without base")
			return
		}
		base := c.resolveType(bq, d)
		if base == nil {
			return
		}
		if bt, ok := base.(*complexType); ok && bt.building {
			c.errorf(d, "circular derivation of complex type %s", bq)
			return
		}
		t.base = base
		if d.name.Local == "extension" {
			t.method = dExtension
		} else {
			t.method = dRestriction
		}
		if bct, ok := base.(*complexType); ok && bct.final&t.method != 0 {
			c.errorf(d, "the base type %s is final for %s", bq.Local, d.name.Local)
			return
		}
		if st, ok := base.(*simpleType); ok && st.final&dExtension != 0 && t.method == dExtension {
			c.errorf(d, "the base type %s is final for extension", bq.Local)
			return
		}
		if cc.name.Local == "simpleContent" {
			c.simpleContent(t, d, base)
		} else {
			if m, ok := cc.attr("mixed"); ok {
				_ = m
				mixed = boolAttr(cc, "mixed")
			}
			c.complexContent(t, d, base, mixed)
		}
		return
	}
	// implicit restriction of anyType
	t.base, t.method = anyType, dRestriction
	p, rest := c.contentParticle(kids)
	t.particle = p
	t.content = contentOf(p, mixed)
	c.attributes(t, rest, nil)
}

func contentOf(p *particle, mixed bool) contentKind {
	if mixed {
		return ctMixed
	}
	if particleIsEmpty(p) {
		return ctEmpty
	}
	return ctElement
}

func particleIsEmpty(p *particle) bool {
	if p == nil || p.max == 0 {
		return true
	}
	if p.group != nil && p.group.comp != cChoice {
		for _, q := range p.group.particles {
			if !particleIsEmpty(q) {
				return false
			}
		}
		return true
	}
	if p.group != nil && p.group.comp == cChoice {
		if len(p.group.particles) == 0 {
			return p.min == 0
		}
		return false
	}
	return false
}

// contentParticle reads an optional group/all/choice/sequence and returns
// the rest (attributes).
func (c *compiler) contentParticle(kids []*node) (*particle, []*node) {
	if len(kids) == 0 {
		return nil, nil
	}
	switch kids[0].name.Local {
	case "group", "all", "choice", "sequence":
		p := c.particle(kids[0], true)
		if p != nil && p.group != nil && p.group.comp == cAll && p.max > 1 {
			c.errorf(kids[0], "xs:all must have maxOccurs 1")
		}
		return p, kids[1:]
	}
	return nil, kids
}

func (c *compiler) complexContent(t *complexType, d *node, base typeDef, mixed bool) {
	bct, ok := base.(*complexType)
	if !ok {
		c.errorf(d, "complexContent needs a complex base type")
		return
	}
	p, rest := c.contentParticle(d.xsChildren())
	if t.method == dRestriction {
		t.particle = p
		t.content = contentOf(p, mixed)
		if t.content == ctMixed && bct.content != ctMixed {
			c.errorf(d, "a mixed type cannot restrict an element-only type")
		}
		if bct.content == ctSimple && t.content != ctEmpty {
			c.errorf(d, "complexContent restriction of a simple content type")
		}
		c.attributes(t, rest, bct)
		c.checkRestriction(t, bct, d)
		c.restricts = append(c.restricts, pendingRestriction{t, bct, d})
		return
	}
	// extension
	if bct.content == ctSimple {
		if !particleIsEmpty(p) {
			c.errorf(d, "complexContent extension of a type with simple content")
			return
		}
		t.content, t.simple = ctSimple, bct.simple
		c.attributes(t, rest, bct)
		return
	}
	switch {
	case particleIsEmpty(p):
		if mixed && bct.content == ctElement {
			c.errorRU(d, "cos-ct-extends.1.4: a mixed extension of an element-only type", "cos-ct-extends.1.4: смешанное расширение типа с только элементным содержимым")
			return
		}
		t.particle = bct.particle
		t.content = bct.content
		if mixed && bct.content == ctEmpty {
			t.content = ctMixed
		}
	case bct.content == ctEmpty:
		t.particle = p
		t.content = contentOf(p, mixed)
	default:
		if mixed != (bct.content == ctMixed) {
			c.errorf(d, "an extension must be mixed exactly when its base is")
			return
		}
		if bct.particle.group != nil && bct.particle.group.comp == cAll || p.group != nil && p.group.comp == cAll {
			c.errorf(d, "xs:all cannot be extended with more content")
			return
		}
		t.particle = &particle{min: 1, max: 1, group: &modelGroup{comp: cSequence, particles: []*particle{bct.particle, p}}}
		t.content = bct.content
	}
	c.attributes(t, rest, bct)
}

func (c *compiler) simpleContent(t *complexType, d *node, base typeDef) {
	t.content = ctSimple
	kids := d.xsChildren()
	switch b := base.(type) {
	case *simpleType:
		if t.method == dRestriction {
			c.errorf(d, "simpleContent restriction needs a complex base type")
			return
		}
		t.simple = b
		c.attributes(t, kids, nil)
	case *complexType:
		var bs *simpleType
		switch {
		case b.content == ctSimple:
			bs = b.simple
		case b.content == ctMixed && particleEmptiable(b.particle) && t.method == dRestriction:
			bs = builtins["anySimpleType"]
			if len(kids) == 0 || kids[0].name.Local != "simpleType" {
				c.errorRU(d, "src-ct.2.2: a simpleContent restriction of a mixed type needs a simpleType child",
					"src-ct.2.2: ограничение simpleContent смешанного типа должно содержать simpleType")
				return
			}
		default:
			c.errorf(d, "simpleContent base %s does not have simple content", b.name.Local)
			return
		}
		if t.method == dExtension {
			t.simple = bs
			c.attributes(t, kids, b)
			return
		}
		st := &simpleType{node: d}
		var rest []*node
		var inner *simpleType
		for i, k := range kids {
			if k.name.Local == "simpleType" && i == 0 {
				inner = c.anonSimple(k)
				continue
			}
			if facetNames[k.name.Local] {
				continue
			}
			rest = append(rest, k)
		}
		if inner != nil {
			if !simpleDerivedFrom(inner, bs) {
				c.errorf(d, "the simpleType of a simpleContent restriction must derive from the base's content type")
			}
			bs = inner
		}
		if bs == nil {
			bs = builtins["anySimpleType"]
		}
		st.restrictFrom(bs)
		c.parseFacets(st, d)
		t.simple = st
		c.attributes(t, rest, b)
		c.checkRestriction(t, b, d)
	}
}

func simpleDerivedFrom(t, b *simpleType) bool {
	for u := t; u != nil; u = u.base {
		if u == b {
			return true
		}
	}
	if b.name.Local == "anySimpleType" {
		return true
	}
	if b.variety == union {
		for _, m := range b.members {
			if simpleDerivedFrom(t, m) {
				return true
			}
		}
	}
	return false
}

// attributes builds the attribute uses and wildcard of t from its
// attribute children, starting from base's (extension: added; restriction:
// overridden).
func (c *compiler) attributes(t *complexType, kids []*node, base *complexType) {
	uses, wild := c.attrChildren(kids, t.node)
	if base != nil {
		for _, u := range base.attrList {
			if _, own := uses.find(u.decl.name); !own {
				t.add(u)
			} else if t.method == dExtension {
				c.errorf(t.node, "attribute %s is declared again in the extension", u.decl.name.Local)
			}
		}
	}
	for _, u := range uses {
		if u.decl == nil { // prohibited
			continue
		}
		if base != nil && t.method == dRestriction {
			if bu, ok := base.attrs[u.decl.name]; ok {
				if bu.decl != u.decl && u.decl.typ != nil && bu.decl.typ != nil && !typeDerives(u.decl.typ, bu.decl.typ, 0) {
					c.errorRU(t.node, "derivation-ok-restriction.2.1.2: the type of attribute %s is not derived from its type in the base type",
						"derivation-ok-restriction.2.1.2: тип атрибута %s не является производным от его типа в базовом типе", u.decl.name.Local)
				}
				if bu.required && !u.required {
					c.errorf(t.node, "attribute %s is required in the base type", u.decl.name.Local)
				}
				if bu.fixed && (!u.fixed || !equalValues(bu.defVal, u.defVal)) {
					c.errorf(t.node, "attribute %s must keep the base type's fixed value", u.decl.name.Local)
				}
			} else if base.wild == nil || !base.wild.allows(u.decl.name.NS) {
				if base != anyType {
					c.errorf(t.node, "attribute %s is not allowed by the base type", u.decl.name.Local)
				}
			}
		}
		t.add(u)
	}
	for _, u := range uses {
		if u.decl == nil {
			if bu, ok := t.attrs[u.prohibited]; ok {
				if bu.required {
					c.errorf(t.node, "a required attribute of the base type cannot be prohibited")
				}
				t.remove(u.prohibited)
			}
		}
	}
	switch {
	case base == nil || t.method == dRestriction:
		t.wild = wild
		if base != nil && wild != nil && base != anyType && (base.wild == nil || !wildSubset(wild, base.wild)) {
			c.errorf(t.node, "the attribute wildcard is not a subset of the base type's")
		}
	default:
		switch {
		case wild == nil:
			t.wild = base.wild
		case base.wild == nil:
			t.wild = wild
		default:
			t.wild = wildUnion(wild, base.wild)
		}
	}
	nid := 0
	for _, u := range t.attrList {
		if isIDType(u.decl.typ) {
			nid++
		}
	}
	if nid > 1 {
		c.errorf(t.node, "a complex type may have at most one ID attribute")
	}
}

type useList []*attrUse

func (l useList) find(q QName) (*attrUse, bool) {
	for _, u := range l {
		if u.decl != nil && u.decl.name == q || u.decl == nil && u.prohibited == q {
			return u, true
		}
	}
	return nil, false
}

func (t *complexType) add(u *attrUse) {
	if _, ok := t.attrs[u.decl.name]; ok {
		t.remove(u.decl.name)
	}
	t.attrs[u.decl.name] = u
	t.attrList = append(t.attrList, u)
}

func (t *complexType) remove(q QName) {
	delete(t.attrs, q)
	for i, u := range t.attrList {
		if u.decl.name == q {
			t.attrList = append(t.attrList[:i:i], t.attrList[i+1:]...)
			return
		}
	}
}

// attrChildren reads attribute, attributeGroup and anyAttribute children.
// A prohibited use has a nil decl and the name in prohibited.
func (c *compiler) attrChildren(kids []*node, owner *node) (useList, *wildcard) {
	var uses useList
	var wild *wildcard
	var groupWild []*wildcard
	for i, k := range kids {
		switch k.name.Local {
		case "attribute":
			u := c.attrUseOf(k)
			if u == nil {
				continue
			}
			q := u.name()
			if _, dup := uses.find(q); dup {
				c.errorf(k, "duplicate attribute %s", q.Local)
				continue
			}
			uses = append(uses, u)
		case "attributeGroup":
			q, has, ok := c.refAttr(k, "ref")
			if !has || !ok {
				c.errorf(k, "attributeGroup reference without ref")
				continue
			}
			g := c.namedAttrGroup(q, k)
			if g == nil {
				continue
			}
			for _, u := range g.uses {
				if _, dup := uses.find(u.name()); dup {
					c.errorf(k, "duplicate attribute %s", u.name().Local)
					continue
				}
				uses = append(uses, u)
			}
			if g.wild != nil {
				groupWild = append(groupWild, g.wild)
			}
		case "anyAttribute":
			if i != len(kids)-1 {
				c.errorf(k, "anyAttribute must come last")
			}
			wild = c.wildcardOf(k)
		default:
			c.errorf(k, "unexpected xs:%s", k.name.Local)
		}
	}
	for _, g := range groupWild {
		if wild == nil {
			wild = g
		} else {
			wild = wildIntersect(wild, g)
		}
	}
	return uses, wild
}

func (u *attrUse) name() QName {
	if u.decl == nil {
		return u.prohibited
	}
	return u.decl.name
}

func (c *compiler) attrUseOf(n *node) *attrUse {
	use := n.attrDef("use", "optional")
	u := &attrUse{}
	switch use {
	case "optional":
	case "required":
		u.required = true
	case "prohibited":
	default:
		c.errorf(n, "invalid use %q", use)
		return nil
	}
	def, hasDef := n.attr("default")
	fix, hasFix := n.attr("fixed")
	if hasDef && hasFix {
		c.errorf(n, "attribute has both default and fixed")
		return nil
	}
	if hasDef && use != "optional" {
		c.errorf(n, "an attribute with a default must be optional")
		return nil
	}
	var d *attrDecl
	if q, has, ok := c.refAttr(n, "ref"); has {
		if !ok {
			return nil
		}
		for _, a := range []string{"name", "type", "form"} {
			if _, bad := n.attr(a); bad {
				c.errorf(n, "attribute reference with %s", a)
				return nil
			}
		}
		if len(n.xsChildren()) > 0 {
			c.errorf(n, "attribute reference with content")
			return nil
		}
		d = c.globalAttr(q, n)
		if d == nil {
			return nil
		}
		if d.fixed && hasDef || d.fixed && hasFix && fix != d.def {
			// value equality is checked below when both parse
			if hasDef {
				c.errorf(n, "attribute %s is fixed in its declaration", q.Local)
				return nil
			}
		}
	} else {
		name, ok := n.attr("name")
		if !ok || !isNCName(name) {
			c.errorf(n, "attribute without a valid name")
			return nil
		}
		if name == "xmlns" {
			c.errorf(n, "an attribute cannot be named xmlns")
			return nil
		}
		form := n.attrDef("form", "")
		ns := ""
		switch form {
		case "qualified":
			ns = n.doc.tns
		case "unqualified":
		case "":
			if n.doc.afq {
				ns = n.doc.tns
			}
		default:
			c.errorf(n, "invalid form %q", form)
			return nil
		}
		if ns == xsiNS {
			c.errorRU(n, "no-xsi: attributes cannot be declared in the namespace %s", "no-xsi: в пространстве имён %s нельзя объявлять атрибуты", xsiNS)
			return nil
		}
		d = &attrDecl{name: QName{ns, name}, node: n}
		c.fillAttr(d, n, false)
	}
	if use == "prohibited" {
		return &attrUse{prohibited: d.name}
	}
	u.decl = d
	switch {
	case hasDef:
		u.def, u.hasDef = def, true
	case hasFix:
		u.def, u.hasDef, u.fixed = fix, true, true
	case d.hasDef:
		u.def, u.hasDef, u.fixed, u.defVal = d.def, true, d.fixed, d.defVal
	}
	if u.hasDef && d.typ != nil && u.defVal == nil {
		if isIDType(d.typ) {
			c.errorf(n, "an ID attribute cannot have a default or fixed value")
			return nil
		}
		v, fe := d.typ.validate(u.def, n.scope)
		if fe != nil {
			c.errorf(n, "the default or fixed value %q is not valid: %s", u.def, fe.en)
			return nil
		}
		u.defVal = v
		if d.fixed && hasFix && !equalValues(v, d.defVal) {
			c.errorf(n, "the fixed value differs from the declaration's")
			return nil
		}
	}
	return u
}

func (c *compiler) globalAttr(q QName, ref *node) *attrDecl {
	if q.NS == xsiNS {
		return xsiAttr(q)
	}
	if a, ok := c.attrs[q]; ok {
		return a
	}
	n, ok := c.rawAttrs[q]
	if !ok && q.NS == xmlNS {
		if a := xmlAttr(q); a != nil {
			c.attrs[q] = a
			return a
		}
	}
	if !ok {
		if ref != nil {
			c.errorf(ref, "no global attribute declaration %s", q)
		}
		return nil
	}
	a := &attrDecl{name: q, global: true, node: n}
	c.attrs[q] = a
	c.fillAttr(a, n, true)
	return a
}

// xmlAttr is the built-in declaration of the attributes of the XML
// namespace (xml.xsd), used when its namespace is imported without a
// document.
func xmlAttr(q QName) *attrDecl {
	var t *simpleType
	switch q.Local {
	case "lang":
		t = builtins["language"]
	case "space":
		t = &simpleType{name: QName{xmlNS, "space"}}
		t.restrictFrom(builtins["NCName"])
		for _, v := range []string{"default", "preserve"} {
			val, _ := builtins["NCName"].validate(v, nil)
			t.f.enums = append(t.f.enums, val)
			t.f.enumSrc = append(t.f.enumSrc, v)
		}
	case "base":
		t = builtins["anyURI"]
	case "id":
		t = builtins["ID"]
	default:
		return nil
	}
	return &attrDecl{name: q, typ: t, global: true}
}

func xsiAttr(q QName) *attrDecl {
	t := builtins["anySimpleType"]
	switch q.Local {
	case "type":
		t = builtins["QName"]
	case "nil":
		t = builtins["boolean"]
	}
	return &attrDecl{name: q, typ: t, global: true}
}

func (c *compiler) fillAttr(a *attrDecl, n *node, global bool) {
	a.building = true
	defer func() { a.building = false }()
	if global {
		if _, ok := n.attr("use"); ok {
			c.errorf(n, "use on a global attribute")
		}
		if n.doc.tns == xsiNS {
			c.errorf(n, "attributes cannot be declared in the XSI namespace")
		}
	}
	var st *simpleType
	if q, has, ok := c.refAttr(n, "type"); has {
		if ok {
			t := c.resolveType(q, n)
			if t != nil {
				s, isS := t.(*simpleType)
				if !isS {
					c.errorf(n, "the type of an attribute must be simple")
				}
				st = s
			}
		}
	}
	for _, k := range n.xsChildren() {
		if k.name.Local == "simpleType" {
			if st != nil {
				c.errorf(n, "attribute has both type and a simpleType child")
			}
			st = c.anonSimple(k)
		} else {
			c.errorf(k, "unexpected xs:%s in xs:attribute", k.name.Local)
		}
	}
	if st == nil {
		st = builtins["anySimpleType"]
	}
	a.typ = st
	if global {
		def, hasDef := n.attr("default")
		fix, hasFix := n.attr("fixed")
		if hasDef && hasFix {
			c.errorf(n, "attribute has both default and fixed")
		}
		if hasDef {
			a.def, a.hasDef = def, true
		} else if hasFix {
			a.def, a.hasDef, a.fixed = fix, true, true
		}
		if a.hasDef {
			if isIDType(st) {
				c.errorf(n, "an ID attribute cannot have a default or fixed value")
			}
			v, fe := st.validate(a.def, n.scope)
			if fe != nil {
				c.errorf(n, "the default or fixed value %q is not valid: %s", a.def, fe.en)
			}
			a.defVal = v
		}
	}
}

func (c *compiler) namedAttrGroup(q QName, ref *node) *attrGroup {
	if g, ok := c.attrGroups[q]; ok {
		return g
	}
	n, ok := c.rawAttrGroups[q]
	if !ok {
		if ref != nil {
			c.errorf(ref, "no attribute group %s", q)
		}
		return nil
	}
	if c.agBusy[q] {
		c.errorf(ref, "circular attribute group %s", q.Local)
		return nil
	}
	c.agBusy[q] = true
	uses, wild := c.attrChildren(n.xsChildren(), n)
	delete(c.agBusy, q)
	g := &attrGroup{wild: wild}
	for _, u := range uses {
		g.uses = append(g.uses, u)
	}
	c.attrGroups[q] = g
	return g
}

// ---- particles ----

func (c *compiler) occurs(n *node) (int, int, bool) {
	min, max := 1, 1
	if v, ok := n.attr("minOccurs"); ok {
		i, ok := occursValue(v)
		if !ok {
			c.errorf(n, "invalid minOccurs %q", v)
			return 0, 0, false
		}
		min = i
	}
	if v, ok := n.attr("maxOccurs"); ok {
		v = strings.TrimSpace(v)
		if v == "unbounded" {
			max = -1
		} else {
			i, ok := occursValue(v)
			if !ok {
				c.errorf(n, "invalid maxOccurs %q", v)
				return 0, 0, false
			}
			max = i
		}
	}
	if max >= 0 && (min > max || min == max && min == maxOccursClamp && occursGreater(n.attrDef("minOccurs", "1"), n.attrDef("maxOccurs", "1"))) {
		c.errorf(n, "minOccurs is greater than maxOccurs")
		return 0, 0, false
	}
	return min, max, true
}

// particle builds the particle of an element, group ref, any, or a model
// group; top says whether it is the content of a complex type.
func (c *compiler) particle(n *node, top bool) *particle {
	min, max, ok := c.occurs(n)
	if !ok {
		return nil
	}
	p := &particle{min: min, max: max}
	switch n.name.Local {
	case "element":
		if q, has, ok := c.refAttr(n, "ref"); has {
			if !ok {
				return nil
			}
			for _, a := range []string{"name", "type", "nillable", "default", "fixed", "form", "block"} {
				if _, bad := n.attr(a); bad {
					c.errorf(n, "element reference with %s", a)
					return nil
				}
			}
			p.elem = c.globalElem(q, n)
			if p.elem == nil {
				return nil
			}
		} else {
			name, ok := n.attr("name")
			if !ok || !isNCName(name) {
				c.errorf(n, "element without a valid name")
				return nil
			}
			for _, a := range []string{"abstract", "final", "substitutionGroup"} {
				if _, bad := n.attr(a); bad {
					c.errorf(n, "%s is not allowed on a local element", a)
					return nil
				}
			}
			ns := ""
			switch n.attrDef("form", "") {
			case "qualified":
				ns = n.doc.tns
			case "":
				if n.doc.efq {
					ns = n.doc.tns
				}
			case "unqualified":
			default:
				c.errorf(n, "invalid form")
				return nil
			}
			e := &elemDecl{name: QName{ns, name}, node: n}
			c.fillElem(e, n)
			p.elem = e
		}
	case "any":
		p.wild = c.wildcardOf(n)
	case "group":
		q, has, ok := c.refAttr(n, "ref")
		if !has || !ok {
			c.errorf(n, "group reference without ref")
			return nil
		}
		g := c.namedGroup(q, n)
		if g == nil {
			return nil
		}
		if g.comp == cAll && (!top || max != 1) {
			c.errorf(n, "a group with xs:all must be the whole content with maxOccurs 1")
		}
		p.group = g
	case "sequence", "choice", "all":
		g := &modelGroup{}
		switch n.name.Local {
		case "choice":
			g.comp = cChoice
		case "all":
			g.comp = cAll
			if !top {
				c.errorf(n, "xs:all must be the whole content of a type")
			}
			if max != 1 || min > 1 {
				c.errorf(n, "xs:all must have maxOccurs 1 and minOccurs 0 or 1")
			}
		}
		for _, k := range n.xsChildren() {
			switch k.name.Local {
			case "element", "any", "group", "sequence", "choice":
				if g.comp == cAll && k.name.Local != "element" {
					c.errorf(k, "xs:all may hold only elements")
					continue
				}
			default:
				c.errorf(k, "unexpected xs:%s in xs:%s", k.name.Local, n.name.Local)
				continue
			}
			q := c.particle(k, false)
			if q == nil {
				continue
			}
			if g.comp == cAll && (q.max > 1 || q.max < 0) {
				c.errorf(k, "an element in xs:all must have maxOccurs 0 or 1")
			}
			g.particles = append(g.particles, q)
		}
		p.group = g
	default:
		c.errorf(n, "unexpected xs:%s", n.name.Local)
		return nil
	}
	return p
}

func (c *compiler) namedGroup(q QName, ref *node) *modelGroup {
	if c.groupBusy[q] {
		c.errorf(ref, "circular model group %s", q.Local)
		return nil
	}
	if g, ok := c.groups[q]; ok {
		return g
	}
	n, ok := c.rawGroups[q]
	if !ok {
		if ref != nil {
			c.errorf(ref, "no model group %s", q)
		}
		return nil
	}
	kids := n.xsChildren()
	if len(kids) != 1 {
		c.errorf(n, "a model group definition needs exactly one of all, choice, sequence")
		return nil
	}
	for _, a := range []string{"minOccurs", "maxOccurs"} {
		if _, bad := kids[0].attr(a); bad {
			c.errorf(kids[0], "%s is not allowed in a model group definition", a)
			return nil
		}
	}
	// The group is registered before it is built: a reference from inside
	// an element declaration's type is not circular (groupBusy is reset
	// there) and gets this group, filled in below.
	g := &modelGroup{}
	c.groups[q] = g
	c.groupBusy[q] = true
	p := c.particle(kids[0], true)
	delete(c.groupBusy, q)
	if p == nil || p.group == nil {
		c.errorf(n, "a model group definition needs exactly one of all, choice, sequence")
		return nil
	}
	*g = *p.group
	return g
}

func (c *compiler) wildcardOf(n *node) *wildcard {
	w := &wildcard{}
	switch n.attrDef("processContents", "strict") {
	case "strict":
	case "lax":
		w.process = pcLax
	case "skip":
		w.process = pcSkip
	default:
		c.errorf(n, "invalid processContents")
	}
	ns := strings.TrimSpace(n.attrDef("namespace", "##any"))
	switch ns {
	case "##any":
		w.kind = wcAny
	case "##other":
		w.kind, w.not = wcNot, n.doc.tns
	default:
		w.kind, w.set = wcSet, map[string]bool{}
		for _, f := range strings.Fields(ns) {
			switch f {
			case "##targetNamespace":
				w.set[n.doc.tns] = true
			case "##local":
				w.set[""] = true
			case "##any", "##other":
				c.errorf(n, "%s cannot appear in a namespace list", f)
			default:
				w.set[f] = true
			}
		}
	}
	return w
}

func wildSubset(a, b *wildcard) bool {
	switch {
	case b.kind == wcAny:
		return true
	case a.kind == wcAny:
		return false
	case a.kind == wcNot:
		return b.kind == wcNot && a.not == b.not
	case b.kind == wcNot:
		for ns := range a.set {
			if ns == b.not || ns == "" {
				return false
			}
		}
		return true
	}
	for ns := range a.set {
		if !b.set[ns] {
			return false
		}
	}
	return true
}

func wildUnion(a, b *wildcard) *wildcard {
	w := &wildcard{process: a.process}
	switch {
	case a.kind == wcAny || b.kind == wcAny:
		w.kind = wcAny
	case a.kind == wcSet && b.kind == wcSet:
		w.kind, w.set = wcSet, map[string]bool{}
		for k := range a.set {
			w.set[k] = true
		}
		for k := range b.set {
			w.set[k] = true
		}
	case a.kind == wcNot && b.kind == wcNot:
		if a.not == b.not {
			w.kind, w.not = wcNot, a.not
		} else {
			w.kind, w.not = wcNot, ""
		}
	default:
		not, set := a, b
		if a.kind == wcSet {
			not, set = b, a
		}
		if set.set[not.not] {
			w.kind = wcAny
		} else {
			w.kind, w.not = wcNot, not.not
		}
	}
	return w
}

func wildIntersect(a, b *wildcard) *wildcard {
	w := &wildcard{process: a.process}
	switch {
	case a.kind == wcAny:
		*w = *b
		w.process = a.process
	case b.kind == wcAny:
		*w = *a
	case a.kind == wcSet || b.kind == wcSet:
		w.kind, w.set = wcSet, map[string]bool{}
		for _, k := range []string{} {
			_ = k
		}
		src, other := a, b
		if a.kind != wcSet {
			src, other = b, a
		}
		for k := range src.set {
			if other.allows(k) {
				w.set[k] = true
			}
		}
	default:
		if a.not == b.not {
			w.kind, w.not = wcNot, a.not
		} else if a.not == "" {
			w.kind, w.not = wcNot, b.not
		} else {
			w.kind, w.not = wcNot, a.not
		}
	}
	return w
}

// maxOccursClamp is the value that occurrence bounds above it are read as
// (the content model counts, so any large bound works the same).
const maxOccursClamp = 1 << 30

// occursValue reads a nonNegativeInteger occurrence bound.
func occursValue(v string) (int, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "+")
	if !isNonNegInt(v) {
		return 0, false
	}
	d := strings.TrimLeft(v, "0")
	if len(d) > 10 {
		return maxOccursClamp, true
	}
	i, err := strconv.Atoi(v)
	if err != nil || i > maxOccursClamp {
		return maxOccursClamp, true
	}
	return i, true
}

// occursGreater compares two large decimal bounds.
func occursGreater(a, b string) bool {
	a = strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(a), "+"), "0")
	b = strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(b), "+"), "0")
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
