package xmlschema

// Schema is a compiled XML Schema. It is immutable and safe for
// concurrent use.
type Schema struct {
	elems     map[QName]*elemDecl
	types     map[QName]typeDef
	attrs     map[QName]*attrDecl
	notations map[QName]bool
}

type elemDecl struct {
	name       QName
	typ        typeDef
	nillable   bool
	abstract   bool
	hasDefault bool
	def        string // default or fixed lexical value
	fixed      bool
	defVal     any
	block      derivSet
	final      derivSet
	head       *elemDecl
	members    []*elemDecl // transitive substitution group (not including itself)
	idcs       []*idc
	global     bool
	node       *node
	building   bool
}

type attrDecl struct {
	name     QName
	typ      *simpleType
	def      string
	hasDef   bool
	fixed    bool
	defVal   any
	global   bool
	node     *node
	building bool
}

type attrUse struct {
	prohibited QName
	decl       *attrDecl
	required   bool
	def        string
	hasDef     bool
	fixed      bool
	defVal     any
}

type contentKind int

const (
	ctEmpty contentKind = iota
	ctSimple
	ctElement
	ctMixed
)

type complexType struct {
	name     QName
	base     typeDef
	method   derivSet // dExtension or dRestriction
	abstract bool
	final    derivSet
	block    derivSet
	content  contentKind
	particle *particle
	simple   *simpleType
	attrs    map[QName]*attrUse
	attrList []*attrUse
	wild     *wildcard
	cm       cmNode
	node     *node
	building bool
	done     bool
}

func (t *complexType) typeName() QName { return t.name }
func (t *complexType) baseType() typeDef {
	if t == anyType {
		return nil
	}
	return t.base
}

type compositor int

const (
	cSequence compositor = iota
	cChoice
	cAll
)

type modelGroup struct {
	comp      compositor
	particles []*particle
}

type particle struct {
	min, max int // max < 0: unbounded
	elem     *elemDecl
	group    *modelGroup
	wild     *wildcard
}

type wcKind int

const (
	wcAny wcKind = iota
	wcNot
	wcSet
)

type processMode int

const (
	pcStrict processMode = iota
	pcLax
	pcSkip
)

type wildcard struct {
	kind    wcKind
	not     string
	set     map[string]bool
	process processMode
}

func (w *wildcard) allows(ns string) bool {
	switch w.kind {
	case wcAny:
		return true
	case wcNot:
		return ns != w.not && ns != ""
	}
	return w.set[ns]
}

type idcKind int

const (
	idcUnique idcKind = iota
	idcKey
	idcKeyref
)

type idc struct {
	name     QName
	kind     idcKind
	selector []xpath
	fields   [][]xpath
	refer    *idc
	referQ   QName
	node     *node
}

// xpath is one alternative of a restricted XPath expression.
type xpath struct {
	desc  bool // starts with .//
	steps []nameTest
	attr  *nameTest // final attribute step (fields only)
	self  bool      // the expression is "." (no steps)
}

type nameTest struct {
	any   bool // *
	nsAny bool // prefix:*
	q     QName
}

func (t nameTest) matches(q QName) bool {
	if t.any {
		return true
	}
	if t.nsAny {
		return t.q.NS == q.NS
	}
	return t.q == q
}

var anyType *complexType

func init() {
	w := &wildcard{kind: wcAny, process: pcLax}
	anyType = &complexType{
		name:    QName{xsdNS, "anyType"},
		content: ctMixed,
		particle: &particle{min: 1, max: 1, group: &modelGroup{comp: cSequence,
			particles: []*particle{{min: 0, max: -1, wild: w}}}},
		attrs:  map[QName]*attrUse{},
		wild:   w,
		done:   true,
		method: dRestriction,
	}
	anyType.base = anyType
	anyType.cm = buildCM(anyType.particle)
}
