package xmlschema

import "fmt"

// This file implements Particle Valid (Restriction) (Structures §3.9.6,
// cos-particle-restrict) for complex types derived by restriction: the
// content model of the restriction must accept nothing its base's does not.
// Both particles are first normalized: substitution group heads become a
// choice of their members and pointless groups are removed.

// rp is a normalized particle.
type rp struct {
	min, max int // max < 0: unbounded
	elem     *elemDecl
	wild     *wildcard
	comp     compositor
	kids     []*rp
}

func (p *rp) isGroup() bool { return p.elem == nil && p.wild == nil }

// normParticle normalizes p; nil means an empty (pointless) group.
func normParticle(p *particle) *rp {
	return normRec(p, 0)
}

func normRec(p *particle, depth int) *rp {
	if p == nil || p.max == 0 || depth > 64 {
		return nil // maxOccurs="0" corresponds to no particle at all
	}
	switch {
	case p.elem != nil:
		e := p.elem
		if e.global && len(e.members) > 0 {
			g := &rp{min: p.min, max: p.max, comp: cChoice}
			g.kids = append(g.kids, &rp{min: 1, max: 1, elem: e})
			for _, m := range e.members {
				g.kids = append(g.kids, &rp{min: 1, max: 1, elem: m})
			}
			return g
		}
		return &rp{min: p.min, max: p.max, elem: e}
	case p.wild != nil:
		return &rp{min: p.min, max: p.max, wild: p.wild}
	}
	g := &rp{min: p.min, max: p.max, comp: p.group.comp}
	for _, q := range p.group.particles {
		k := normRec(q, depth+1)
		if k == nil {
			continue
		}
		if k.isGroup() && k.min == 1 && k.max == 1 && k.comp == g.comp && g.comp != cAll {
			g.kids = append(g.kids, k.kids...)
			continue
		}
		g.kids = append(g.kids, k)
	}
	if len(g.kids) == 0 {
		return nil
	}
	if g.min == 1 && g.max == 1 && len(g.kids) == 1 {
		return g.kids[0]
	}
	return g
}

func (p *rp) emptiable() bool {
	if p == nil || p.min == 0 {
		return true
	}
	if !p.isGroup() {
		return false
	}
	if p.comp == cChoice {
		for _, k := range p.kids {
			if k.emptiable() {
				return true
			}
		}
		return len(p.kids) == 0
	}
	for _, k := range p.kids {
		if !k.emptiable() {
			return false
		}
	}
	return true
}

func mulOcc(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a < 0 || b < 0 {
		return -1
	}
	return a * b
}

func addOcc(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

// effRange is the effective total range of a particle (Structures
// §3.8.6, Effective Total Range).
func (p *rp) effRange() (int, int) {
	if !p.isGroup() {
		return p.min, p.max
	}
	var mn, mx int
	if p.comp == cChoice {
		for i, k := range p.kids {
			a, b := k.effRange()
			if i == 0 || a < mn {
				mn = a
			}
			if b < 0 || mx >= 0 && b > mx {
				mx = b
			}
		}
	} else {
		for _, k := range p.kids {
			a, b := k.effRange()
			mn += a
			mx = addOcc(mx, b)
		}
	}
	return mulOcc(p.min, mn), mulOcc(p.max, mx)
}

func occOK(rmin, rmax, bmin, bmax int) bool {
	return rmin >= bmin && (bmax < 0 || rmax >= 0 && rmax <= bmax)
}

// restrictOK reports whether r is a valid restriction of b; why names the
// first rule broken.
type restrictCheck struct {
	why   string
	whyRU string
	steps int
}

func (rc *restrictCheck) fail(en, ru string) bool {
	if rc.why == "" {
		rc.why, rc.whyRU = en, ru
	}
	return false
}

func (rc *restrictCheck) ok(r, b *rp) bool {
	rc.steps++
	if rc.steps > 200000 {
		return true // pathological models: give up (accept)
	}
	switch {
	case r.elem != nil && b.elem != nil:
		return rc.nameAndType(r, b)
	case r.elem != nil && b.wild != nil:
		if !b.wild.allows(r.elem.name.NS) {
			return rc.fail("element "+r.elem.name.Local+" is not allowed by the base type's wildcard",
				"элемент "+r.elem.name.Local+" не допускается шаблоном any базового типа")
		}
		if !occOK(r.min, r.max, b.min, b.max) {
			return rc.fail("the occurrence range of element "+r.elem.name.Local+" is wider than the base type's wildcard's",
				"диапазон повторений элемента "+r.elem.name.Local+" шире, чем у шаблона any базового типа")
		}
		return true
	case r.elem != nil: // RecurseAsIfGroup
		g := &rp{min: 1, max: 1, comp: b.comp, kids: []*rp{r}}
		return rc.ok(g, b)
	case r.wild != nil && b.wild != nil:
		if !occOK(r.min, r.max, b.min, b.max) {
			return rc.fail("the occurrence range of a wildcard is wider than the base type's",
				"диапазон повторений шаблона any шире, чем в базовом типе")
		}
		if !wildSubset(r.wild, b.wild) {
			return rc.fail("a wildcard allows namespaces that the base type's wildcard does not",
				"шаблон any допускает пространства имён, которых не допускает шаблон базового типа")
		}
		if r.wild.process > b.wild.process { // strict > lax > skip
			return rc.fail("a wildcard's processContents is weaker than the base type's",
				"processContents шаблона any слабее, чем в базовом типе")
		}
		return true
	case r.wild != nil:
		return rc.fail("a wildcard cannot restrict an element or a model group",
			"шаблон any не может ограничивать элемент или группу")
	case b.wild != nil: // group : any
		// NSRecurseCheckCardinality; members are checked against the
		// wildcard without its occurrence range (the group's effective
		// total range is checked below).
		open := &rp{min: 0, max: -1, wild: b.wild}
		for _, k := range r.kids {
			if !rc.ok(k, open) {
				return false
			}
		}
		mn, mx := r.effRange()
		if !occOK(mn, mx, b.min, b.max) {
			return rc.fail("the occurrence range of a group is wider than the base type's wildcard's",
				"диапазон повторений группы шире, чем у шаблона any базового типа")
		}
		return true
	case b.elem != nil:
		return rc.fail("a model group cannot restrict the element "+b.elem.name.Local,
			"группа не может ограничивать элемент "+b.elem.name.Local)
	}
	// group : group
	switch {
	case r.comp == b.comp && r.comp != cChoice: // all:all, sequence:sequence
		return rc.recurse(r, b, false)
	case r.comp == cChoice && b.comp == cChoice:
		return rc.recurse(r, b, true)
	case r.comp == cSequence && b.comp == cAll:
		return rc.unordered(r, b)
	case r.comp == cSequence && b.comp == cChoice:
		return rc.mapAndSum(r, b)
	}
	return rc.fail("xs:"+compName(r.comp)+" cannot restrict xs:"+compName(b.comp),
		"xs:"+compName(r.comp)+" не может ограничивать xs:"+compName(b.comp))
}

func compName(c compositor) string {
	switch c {
	case cChoice:
		return "choice"
	case cAll:
		return "all"
	}
	return "sequence"
}

func (rc *restrictCheck) groupOcc(r, b *rp) bool {
	if !occOK(r.min, r.max, b.min, b.max) {
		return rc.fail("the occurrence range of xs:"+compName(r.comp)+" is wider than the base type's",
			"диапазон повторений xs:"+compName(r.comp)+" шире, чем в базовом типе")
	}
	return true
}

// recurse is rcase-Recurse (lax: rcase-RecurseLax): an order-preserving
// mapping of r's particles onto b's; unmapped particles of b must be
// emptiable unless lax.
func (rc *restrictCheck) recurse(r, b *rp, lax bool) bool {
	if !rc.groupOcc(r, b) {
		return false
	}
	nr, nb := len(r.kids), len(b.kids)
	// memo[i][j]: r.kids[i:] maps onto b.kids[j:]; 0 unknown, 1 yes, 2 no
	memo := make([]uint8, (nr+1)*(nb+1))
	var f func(i, j int) bool
	f = func(i, j int) bool {
		m := &memo[i*(nb+1)+j]
		if *m != 0 {
			return *m == 1
		}
		res := false
		if i == nr {
			res = true
			for k := j; k < nb && !lax; k++ {
				if !b.kids[k].emptiable() {
					res = false
					break
				}
			}
		} else {
			for k := j; k < nb; k++ {
				if rc.ok(r.kids[i], b.kids[k]) && f(i+1, k+1) {
					res = true
					break
				}
				if !lax && !b.kids[k].emptiable() {
					break
				}
			}
		}
		if res {
			*m = 1
		} else {
			*m = 2
		}
		return res
	}
	if f(0, 0) {
		return true
	}
	return rc.fail("the content model is not a valid restriction of the base type's xs:"+compName(b.comp),
		"модель содержимого не является допустимым ограничением xs:"+compName(b.comp)+" базового типа")
}

// unordered is rcase-RecurseUnordered (sequence restricting all).
func (rc *restrictCheck) unordered(r, b *rp) bool {
	if !rc.groupOcc(r, b) {
		return false
	}
	used := make([]bool, len(b.kids))
	for _, k := range r.kids {
		found := false
		for j, bk := range b.kids {
			if !used[j] && rc.ok(k, bk) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return rc.fail("a particle of the xs:sequence has no counterpart in the base type's xs:all",
				"частице xs:sequence нет соответствия в xs:all базового типа")
		}
	}
	for j, bk := range b.kids {
		if !used[j] && !bk.emptiable() {
			return rc.fail("a required particle of the base type's xs:all is missing",
				"отсутствует обязательная частица xs:all базового типа")
		}
	}
	return true
}

// mapAndSum is rcase-MapAndSum (sequence restricting choice).
func (rc *restrictCheck) mapAndSum(r, b *rp) bool {
	for _, k := range r.kids {
		found := false
		for _, bk := range b.kids {
			if rc.ok(k, bk) {
				found = true
				break
			}
		}
		if !found {
			return rc.fail("a particle of the xs:sequence has no counterpart in the base type's xs:choice",
				"частице xs:sequence нет соответствия в xs:choice базового типа")
		}
	}
	n := len(r.kids)
	if !occOK(mulOcc(r.min, n), mulOcc(r.max, n), b.min, b.max) {
		return rc.fail("the occurrence range of xs:sequence is wider than the base type's xs:choice",
			"диапазон повторений xs:sequence шире, чем у xs:choice базового типа")
	}
	return true
}

// nameAndType is rcase-NameAndTypeOK.
func (rc *restrictCheck) nameAndType(r, b *rp) bool {
	re, be := r.elem, b.elem
	name := re.name.Local
	if re.name != be.name {
		return rc.fail("element "+name+" does not match the base type's element "+be.name.Local,
			"элемент "+name+" не соответствует элементу "+be.name.Local+" базового типа")
	}
	if !occOK(r.min, r.max, b.min, b.max) {
		return rc.fail("the occurrence range of element "+name+" is wider than in the base type",
			"диапазон повторений элемента "+name+" шире, чем в базовом типе")
	}
	if re == be {
		return true
	}
	if re.nillable && !be.nillable {
		return rc.fail("element "+name+" is nillable but not in the base type",
			"элемент "+name+" допускает nil, а в базовом типе — нет")
	}
	if be.hasDefault && be.fixed {
		if !re.hasDefault || !re.fixed || re.defVal != nil && be.defVal != nil && !equalValues(re.defVal, be.defVal) ||
			(re.defVal == nil || be.defVal == nil) && re.def != be.def {
			return rc.fail("element "+name+" must keep the fixed value of the base type",
				"элемент "+name+" должен сохранить фиксированное значение базового типа")
		}
	}
	for _, k := range re.idcs {
		found := false
		for _, bk := range be.idcs {
			found = found || bk.name == k.name
		}
		if !found {
			return rc.fail("element "+name+" has an identity constraint that the base type's does not have",
				"у элемента "+name+" есть ограничение идентичности, которого нет в базовом типе")
		}
	}
	if be.block&^re.block != 0 {
		return rc.fail("element "+name+" blocks fewer substitutions than in the base type",
			"элемент "+name+" блокирует меньше подстановок, чем в базовом типе")
	}
	if !typeDerives(re.typ, be.typ, dExtension|dList|dUnion) {
		return rc.fail("the type of element "+name+" is not a restriction of its type in the base type",
			"тип элемента "+name+" не является ограничением его типа в базовом типе")
	}
	return true
}

// checkParticleRestriction checks derivation-ok-restriction 5 for the
// content models of a complex type derived by restriction.
func (c *compiler) checkParticleRestriction(t, b *complexType, n *node) {
	if b == anyType || t.content != ctElement && t.content != ctMixed || b.content != ctElement && b.content != ctMixed {
		return
	}
	r, bp := normParticle(t.particle), normParticle(b.particle)
	if r == nil {
		if !bp.emptiable() {
			c.errorRU(n, "derivation-ok-restriction.5: the restriction is empty but the base type's content is not emptiable",
				"derivation-ok-restriction.5: ограничение пусто, а содержимое базового типа не может быть пустым")
		}
		return
	}
	if bp == nil {
		c.errorRU(n, "derivation-ok-restriction.5: the base type's content is empty but the restriction's is not",
			"derivation-ok-restriction.5: содержимое базового типа пусто, а у ограничения — нет")
		return
	}
	rc := &restrictCheck{}
	if !rc.ok(r, bp) {
		c.schemaErr(n, fmt.Sprintf("cos-particle-restrict: the content model is not a valid restriction of the base type %s: %s", ctLabel(b), rc.whyOr()),
			fmt.Sprintf("cos-particle-restrict: модель содержимого не является допустимым ограничением базового типа %s: %s", ctLabel(b), rc.whyRUOr()))
	}
}

func (rc *restrictCheck) whyOr() string {
	if rc.why == "" {
		return "no valid mapping"
	}
	return rc.why
}

func (rc *restrictCheck) whyRUOr() string {
	if rc.whyRU == "" {
		return "нет допустимого соответствия"
	}
	return rc.whyRU
}

func ctLabel(t *complexType) string {
	if t.name.Local == "" {
		return "(anonymous)"
	}
	return t.name.Local
}

// checkGroupRedefine: a model group redefined without referring to itself
// must be a valid restriction of its old definition (src-redefine.6.2.2).
func (c *compiler) checkGroupRedefine(r pendingRedefine) {
	if r.n.name.Local == "attributeGroup" {
		c.checkAttrGroupRedefine(r)
		return
	}
	g, old := c.namedGroup(r.q, r.n), c.namedGroup(r.old, r.n)
	if c.err != nil || g == nil || old == nil {
		return
	}
	np := normParticle(&particle{min: 1, max: 1, group: g})
	op := normParticle(&particle{min: 1, max: 1, group: old})
	switch {
	case np == nil:
		if op.emptiable() {
			return
		}
	case op != nil:
		rc := &restrictCheck{}
		if rc.ok(np, op) {
			return
		}
	}
	name := r.q.Local
	c.schemaErr(r.n, "src-redefine.6.2.2: the redefined group "+name+" is not a valid restriction of its old definition",
		"src-redefine.6.2.2: переопределённая группа "+name+" не является допустимым ограничением прежнего определения")
}

// checkElementsConsistent: element particles of one content model with the
// same name must have the same type (cos-element-consistent).
func (c *compiler) checkElementsConsistent(t *complexType) {
	if t.particle == nil {
		return
	}
	seen := map[QName]typeDef{}
	var walk func(p *particle, depth int) bool
	walk = func(p *particle, depth int) bool {
		if p == nil || depth > 64 {
			return true
		}
		switch {
		case p.elem != nil:
			for i, e := range append([]*elemDecl{p.elem}, p.elem.members...) {
				if i > 0 && !p.elem.global {
					break
				}
				if old, ok := seen[e.name]; ok && old != e.typ {
					c.schemaErr(t.node, "cos-element-consistent: elements named "+e.name.Local+" in one content model have different types",
						"cos-element-consistent: элементы "+e.name.Local+" в одной модели содержимого имеют разные типы")
					return false
				}
				seen[e.name] = e.typ
			}
		case p.group != nil:
			for _, q := range p.group.particles {
				if !walk(q, depth+1) {
					return false
				}
			}
		}
		return true
	}
	walk(t.particle, 0)
}

// checkAttrGroupRedefine: an attribute group redefined without referring to
// itself must be a restriction of its old definition (src-redefine.7.2.2,
// with the attribute rules of derivation-ok-restriction 2-4).
func (c *compiler) checkAttrGroupRedefine(r pendingRedefine) {
	g, old := c.namedAttrGroup(r.q, r.n), c.namedAttrGroup(r.old, r.n)
	if c.err != nil || g == nil || old == nil {
		return
	}
	find := func(l []*attrUse, q QName) *attrUse {
		for _, u := range l {
			if u.decl != nil && u.decl.name == q {
				return u
			}
		}
		return nil
	}
	name := r.q.Local
	fail := func(en, ru string) {
		c.schemaErr(r.n, "src-redefine.7.2.2: the redefined attribute group "+name+" is not a restriction of its old definition: "+en,
			"src-redefine.7.2.2: переопределённая группа атрибутов "+name+" не является ограничением прежнего определения: "+ru)
	}
	for _, u := range g.uses {
		if u.decl == nil {
			continue
		}
		a := u.decl.name.Local
		bu := find(old.uses, u.decl.name)
		if bu == nil {
			if old.wild == nil || !old.wild.allows(u.decl.name.NS) {
				fail("attribute "+a+" is not allowed by the old definition", "атрибут "+a+" не допускается прежним определением")
				return
			}
			continue
		}
		if bu.required && !u.required {
			fail("attribute "+a+" must stay required", "атрибут "+a+" должен остаться обязательным")
			return
		}
		if bu.decl != u.decl && u.decl.typ != nil && bu.decl.typ != nil && !typeDerives(u.decl.typ, bu.decl.typ, 0) {
			fail("the type of attribute "+a+" is not derived from its old type", "тип атрибута "+a+" не является производным от прежнего")
			return
		}
		if bu.fixed && (!u.fixed || !equalValues(bu.defVal, u.defVal)) {
			fail("attribute "+a+" must keep its fixed value", "атрибут "+a+" должен сохранить фиксированное значение")
			return
		}
	}
	for _, bu := range old.uses {
		if bu.decl != nil && bu.required && find(g.uses, bu.decl.name) == nil {
			fail("the required attribute "+bu.decl.name.Local+" is missing", "отсутствует обязательный атрибут "+bu.decl.name.Local)
			return
		}
	}
	if g.wild != nil && (old.wild == nil || !wildSubset(g.wild, old.wild)) {
		fail("the attribute wildcard is not a subset of the old one", "шаблон anyAttribute не является подмножеством прежнего")
	}
}
