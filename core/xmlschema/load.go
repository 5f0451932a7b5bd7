package xmlschema

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

type schemaDoc struct {
	path      string
	fsys      fs.FS
	tns       string
	chameleon bool
	efq, afq  bool // element/attribute form default qualified
	blockDef  derivSet
	finalDef  derivSet
	imports   map[string]bool // namespaces this document imports
}

type compiler struct {
	fsys   fs.FS
	opts   *Options
	docs   map[string]*schemaDoc
	loaded map[string]bool
	nsDone map[string]bool

	rawElems, rawTypes, rawAttrs, rawGroups, rawAttrGroups, rawNotations map[QName]*node

	elems      map[QName]*elemDecl
	types      map[QName]typeDef
	attrs      map[QName]*attrDecl
	groups     map[QName]*modelGroup
	groupBusy  map[QName]bool
	attrGroups map[QName]*attrGroup
	agBusy     map[QName]bool
	idcs       map[QName]*idc
	allIdcs    []*idc
	allTypes   []*complexType
	allElems   []*elemDecl
	restricts  []pendingRestriction
	missing    []string // included documents that do not exist
	redefGrps  []pendingRedefine
	redefN     int

	err *SchemaError
}

// pendingRestriction is a complex type restriction whose content model is
// checked once substitution groups are known.
type pendingRestriction struct {
	t, b *complexType
	n    *node
}

// pendingRedefine is a model group redefined without a reference to its
// old definition: it must be a restriction of it (src-redefine.6.2.2).
type pendingRedefine struct {
	q, old QName
	n      *node
}

type attrGroup struct {
	uses []*attrUse
	wild *wildcard
}

func newCompiler(fsys fs.FS, opts *Options) *compiler {
	return &compiler{
		fsys: fsys, opts: opts,
		docs: map[string]*schemaDoc{}, loaded: map[string]bool{}, nsDone: map[string]bool{},
		rawElems: map[QName]*node{}, rawTypes: map[QName]*node{}, rawAttrs: map[QName]*node{},
		rawGroups: map[QName]*node{}, rawAttrGroups: map[QName]*node{}, rawNotations: map[QName]*node{},
		elems: map[QName]*elemDecl{}, types: map[QName]typeDef{}, attrs: map[QName]*attrDecl{},
		groups: map[QName]*modelGroup{}, groupBusy: map[QName]bool{},
		attrGroups: map[QName]*attrGroup{}, agBusy: map[QName]bool{}, idcs: map[QName]*idc{},
	}
}

// errorf records the first schema error.
func (c *compiler) errorf(n *node, format string, args ...any) {
	if c.err != nil {
		return
	}
	e := &SchemaError{Message: fmt.Sprintf(format, args...)}
	if n != nil && n.doc != nil {
		e.File, e.Line = n.doc.path, n.line
	}
	c.err = e
}

func (c *compiler) compile(entry string) (*Schema, error) {
	entry = path.Clean(entry)
	c.loadDoc(c.fsys, entry, "", false, nil, nil)
	if c.err != nil {
		return nil, c.err
	}
	c.buildAll()
	if c.err != nil {
		if len(c.missing) > 0 {
			c.err.Message += "; note: included schema documents not found: " + strings.Join(c.missing, ", ")
			if c.err.MessageRU != "" {
				c.err.MessageRU += "; включённые документы схемы не найдены: " + strings.Join(c.missing, ", ")
			}
		}
		return nil, c.err
	}
	s := &Schema{elems: c.elems, types: c.types, attrs: c.attrs, notations: map[QName]bool{}}
	for q := range c.rawNotations {
		s.notations[q] = true
	}
	return s, nil
}

func (c *compiler) readFile(fsys fs.FS, name string) ([]byte, fs.FS, string, error) {
	max := c.opts.MaxSchemaBytes
	if max <= 0 {
		max = 64 << 20
	}
	try := func(f fs.FS, n string) ([]byte, error) {
		fh, err := f.Open(n)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		buf := make([]byte, 0, 4096)
		lr := &limitReader{r: fh, n: max + 1}
		for {
			if len(buf) == cap(buf) {
				buf = append(buf, 0)[:len(buf)]
			}
			k, err := lr.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+k]
			if err != nil {
				if errors.Is(err, errLimit) {
					return nil, fmt.Errorf("schema document larger than %d bytes", max)
				}
				break
			}
		}
		return buf, nil
	}
	b, err := try(fsys, name)
	if err == nil {
		return b, fsys, name, nil
	}
	if u, e := url.PathUnescape(name); e == nil && u != name {
		if b, e2 := try(fsys, u); e2 == nil {
			return b, fsys, u, nil
		}
	}
	if c.opts.Fallback != nil {
		for _, n := range []string{name, path.Base(name)} {
			if b, e2 := try(c.opts.Fallback, n); e2 == nil {
				return b, c.opts.Fallback, n, nil
			}
		}
	}
	return nil, nil, name, err
}

// resolveLocation joins a schemaLocation with the referring document's path.
func resolveLocation(base, loc string) (string, bool) {
	loc = strings.TrimSpace(loc)
	if i := strings.Index(loc, ":"); i > 1 && !strings.ContainsAny(loc[:i], "/") {
		if strings.HasPrefix(loc, "file:") {
			loc = strings.TrimPrefix(loc, "file://")
			loc = strings.TrimPrefix(loc, "file:")
			return strings.TrimPrefix(path.Clean(loc), "/"), true
		}
		return "", false // network locations are never fetched
	}
	if strings.HasPrefix(loc, "/") {
		return path.Clean(loc[1:]), true
	}
	p := path.Join(path.Dir(base), loc)
	return p, !strings.HasPrefix(p, "../")
}

// loadDoc reads a schema document. kind: "" (entry), include, import,
// redefine. wantNS is the including document's tns (include/redefine) or
// the import namespace.
func (c *compiler) loadDoc(fsys fs.FS, name, wantNS string, hasWant bool, ref *node, kind *string) *schemaDoc {
	k := ""
	if kind != nil {
		k = *kind
	}
	data, ffs, fname, err := c.readFile(fsys, name)
	if err != nil {
		if k == "import" {
			return nil // like libxml2: a missing import is skipped
		}
		if k == "include" && ref != nil && errors.Is(err, fs.ErrNotExist) {
			// Structures §4.2.1: an include that fails to resolve is not
			// an error; later errors mention it.
			c.missing = append(c.missing, fmt.Sprintf("%s (%s:%d)", name, ref.doc.path, ref.line))
			return nil
		}
		c.errorf(ref, "cannot read schema document %q: %v", name, err)
		if ref == nil {
			c.err.File = name
		}
		return nil
	}
	doc := &schemaDoc{path: fname, fsys: ffs}
	root, err := parseTree(strings.NewReader(xml11As10(string(data))), 1<<40, doc)
	if err != nil {
		c.err = &SchemaError{File: fname, Message: err.Error()}
		return nil
	}
	if root.name != (QName{xsdNS, "schema"}) {
		if ref != nil {
			c.errorRU(ref, "the document %s is not a schema document (its root is not xs:schema)",
				"документ %s не является документом схемы (корневой элемент не xs:schema)", fname)
			return nil
		}
		c.err = &SchemaError{File: fname, Line: root.line, Message: "the document element is not xs:schema",
			MessageRU: "корневой элемент документа не xs:schema"}
		return nil
	}
	normalizeAttrs(root)
	vcFilter(root)
	c.checkS4S(root)
	if c.err != nil {
		return nil
	}
	tns, hasTNS := root.attr("targetNamespace")
	if hasTNS && tns == "" {
		c.errorf(root, "targetNamespace must not be empty")
		return nil
	}
	switch k {
	case "include", "redefine":
		if !hasTNS {
			doc.chameleon = wantNS != ""
			tns = wantNS
		} else if tns != wantNS {
			c.errorf(ref, "the included document %s has targetNamespace %q, not %q", fname, tns, wantNS)
			return nil
		}
	case "import":
		if hasWant && tns != wantNS {
			c.errorf(ref, "the imported document %s has targetNamespace %q, not %q", fname, tns, wantNS)
			return nil
		}
		if !hasWant && hasTNS {
			c.errorf(ref, "the imported document %s has a targetNamespace but the import has no namespace", fname)
			return nil
		}
	}
	doc.tns = tns
	key := fmt.Sprintf("%p|%s|%s", ffs, fname, tns)
	if old, ok := c.docs[key]; ok {
		return old
	}
	c.docs[key] = doc
	doc.efq = root.attrDef("elementFormDefault", "unqualified") == "qualified"
	doc.afq = root.attrDef("attributeFormDefault", "unqualified") == "qualified"
	doc.blockDef = c.parseDerivSet(root, root.attrDef("blockDefault", ""), dExtension|dRestriction|dSubstitution)
	doc.finalDef = c.parseDerivSet(root, root.attrDef("finalDefault", ""), dExtension|dRestriction|dList|dUnion)
	for _, a := range []string{"elementFormDefault", "attributeFormDefault"} {
		if v, ok := root.attr(a); ok && v != "qualified" && v != "unqualified" {
			c.errorf(root, "invalid %s %q", a, v)
		}
	}
	if k == "" || k == "import" {
		c.nsDone[tns] = true
	}
	for _, ch := range root.children {
		if ch.name.NS != xsdNS {
			c.errorf(ch, "unexpected element %s in xs:schema", ch.name)
			continue
		}
		switch ch.name.Local {
		case "include", "redefine":
			loc, ok := ch.attr("schemaLocation")
			if !ok {
				c.errorf(ch, "xs:%s without schemaLocation", ch.name.Local)
				continue
			}
			p, ok := resolveLocation(fname, loc)
			if !ok {
				if ch.name.Local == "include" {
					continue // not fetched; libxml2 warns and goes on
				}
				c.errorf(ch, "cannot resolve schemaLocation %q", loc)
				continue
			}
			kk := ch.name.Local
			sub := c.loadDoc(ffs, p, tns, true, ch, &kk)
			if kk == "redefine" && sub != nil {
				c.redefine(ch, doc)
			}
		case "import":
			ns, hasNS := ch.attr("namespace")
			if doc.imports == nil {
				doc.imports = map[string]bool{}
			}
			doc.imports[ns] = true
			if hasNS && ns == tns || !hasNS && tns == "" {
				c.errorf(ch, "xs:import of the schema's own target namespace")
				continue
			}
			if c.nsDone[ns] {
				continue
			}
			var p string
			ok := false
			if f, found := c.opts.Catalog[ns]; found && hasNS {
				p, ok = f, true
			} else if loc, has := ch.attr("schemaLocation"); has {
				p, ok = resolveLocation(fname, loc)
			}
			if !ok {
				continue
			}
			kk := "import"
			c.loadDoc(ffs, p, ns, hasNS, ch, &kk)
		case "annotation":
		default:
			c.register(ch, doc)
		}
		if c.err != nil {
			return doc
		}
	}
	return doc
}

func (c *compiler) register(n *node, doc *schemaDoc) {
	name, ok := n.attr("name")
	var table map[QName]*node
	switch n.name.Local {
	case "element":
		table = c.rawElems
	case "simpleType", "complexType":
		table = c.rawTypes
	case "attribute":
		table = c.rawAttrs
	case "group":
		table = c.rawGroups
	case "attributeGroup":
		table = c.rawAttrGroups
	case "notation":
		table = c.rawNotations
	default:
		c.errorf(n, "unexpected element xs:%s in xs:schema", n.name.Local)
		return
	}
	if !ok || !isNCName(name) {
		c.errorf(n, "global xs:%s without a valid name", n.name.Local)
		return
	}
	for _, a := range []string{"ref", "minOccurs", "maxOccurs", "form", "use"} {
		if _, bad := n.attr(a); bad {
			c.errorf(n, "attribute %q is not allowed on a global xs:%s", a, n.name.Local)
			return
		}
	}
	q := QName{doc.tns, name}
	if n.name.Local == "attribute" && doc.tns == xsiNS {
		c.errorRU(n, "no-xsi: attributes cannot be declared in the namespace %s", "no-xsi: в пространстве имён %s нельзя объявлять атрибуты", xsiNS)
		return
	}
	if old, dup := table[q]; dup && old != n {
		c.errorf(n, "duplicate global xs:%s %q (first at %s:%d)", n.name.Local, name, old.doc.path, old.line)
		return
	}
	table[q] = n
}

// redefine replaces components with those of the xs:redefine element; a
// self-reference in a new definition refers to the old one.
func (c *compiler) redefine(r *node, doc *schemaDoc) {
	for _, ch := range r.xsChildren() {
		name, _ := ch.attr("name")
		q := QName{doc.tns, name}
		var table map[QName]*node
		var refAttr string
		switch ch.name.Local {
		case "simpleType", "complexType":
			table, refAttr = c.rawTypes, "base"
		case "group":
			table, refAttr = c.rawGroups, "ref"
		case "attributeGroup":
			table, refAttr = c.rawAttrGroups, "ref"
		default:
			c.errorf(ch, "xs:%s is not allowed in xs:redefine", ch.name.Local)
			return
		}
		old, ok := table[q]
		if !ok {
			c.errorf(ch, "xs:redefine of %q, which the redefined schema does not define", name)
			return
		}
		if old.name.Local != ch.name.Local {
			c.errorf(ch, "xs:redefine changes the kind of %q", name)
			return
		}
		c.redefN++
		hidden := QName{q.NS, fmt.Sprintf("%s\x00redefined%d", q.Local, c.redefN)}
		table[hidden] = old
		table[q] = ch
		found := 0
		var walk func(n *node)
		walk = func(n *node) {
			if n.name.NS == xsdNS && n.name.Local == ch.name.Local || refAttr == "base" && (n.name.Local == "restriction" || n.name.Local == "extension") {
				if v, has := n.attr(refAttr); has {
					if rq, ok := c.qname(n, v); ok && rq == q {
						if n.override == nil {
							n.override = map[string]QName{}
						}
						n.override[refAttr] = hidden
						found++
					}
				}
			}
			for _, k := range n.children {
				walk(k)
			}
		}
		for _, k := range ch.children {
			walk(k)
		}
		if refAttr == "base" && found != 1 {
			c.errorf(ch, "a redefined type must derive from its old definition")
		}
		if ch.name.Local == "group" && found > 1 {
			c.errorf(ch, "a redefined group may refer to itself at most once")
		}
		if (ch.name.Local == "group" || ch.name.Local == "attributeGroup") && found == 0 {
			c.redefGrps = append(c.redefGrps, pendingRedefine{q, hidden, ch})
		}
	}
}

// qname resolves a QName-valued attribute value in the scope of n.
func (c *compiler) qname(n *node, v string) (QName, bool) {
	q, ok := n.scope.resolveQName(v)
	if !ok {
		return q, false
	}
	if q.NS == "" && n.doc.chameleon {
		q.NS = n.doc.tns
	}
	if q.NS != n.doc.tns && q.NS != xsdNS && !n.doc.imports[q.NS] {
		ns := q.NS
		if ns == "" {
			ns = "(no namespace)"
		}
		c.errorRU(n, "src-resolve.4.2: %s refers to namespace %s, which this schema document does not import",
			"src-resolve.4.2: %s ссылается на пространство имён %s, которое этот документ схемы не импортирует", v, ns)
		return q, false
	}
	return q, true
}

// refAttr resolves a QName attribute of n, honouring redefine overrides.
func (c *compiler) refAttr(n *node, attr string) (QName, bool, bool) {
	if q, ok := n.override[attr]; ok {
		return q, true, true
	}
	v, has := n.attr(attr)
	if !has {
		return QName{}, false, true
	}
	q, ok := c.qname(n, v)
	if !ok {
		c.errorf(n, "cannot resolve the QName %q of attribute %s", v, attr)
	}
	return q, true, ok
}

func (c *compiler) parseDerivSet(n *node, v string, allowed derivSet) derivSet {
	v = strings.TrimSpace(v)
	if v == "#all" {
		return allowed
	}
	var s derivSet
	for _, f := range strings.Fields(v) {
		var d derivSet
		switch f {
		case "extension":
			d = dExtension
		case "restriction":
			d = dRestriction
		case "substitution":
			d = dSubstitution
		case "list":
			d = dList
		case "union":
			d = dUnion
		}
		if d == 0 || d&allowed == 0 {
			c.errorf(n, "invalid derivation set value %q", f)
			return 0
		}
		s |= d
	}
	return s
}

// xml11As10 rewrites the version of an XML 1.1 declaration to 1.0 so that a
// schema document in XML 1.1 is read (as XML 1.0 5th edition, whose name
// characters are those of XML 1.1).
func xml11As10(s string) string {
	head := s
	if len(head) > 200 {
		head = head[:200]
	}
	i := strings.Index(head, "<?xml")
	if i < 0 || strings.TrimLeft(head[:i], "\ufeff") != "" {
		return s
	}
	end := strings.Index(head, "?>")
	if end < 0 {
		return s
	}
	decl := head[i:end]
	for _, v := range []string{`version="1.1"`, `version='1.1'`} {
		if j := strings.Index(decl, v); j >= 0 {
			k := i + j + len(v) - 2
			return s[:k] + "0" + s[k+1:]
		}
	}
	return s
}

// normalizeAttrs applies XML attribute-value normalization (XML 1.0
// §3.3.3: tab, CR and LF become spaces) to the attributes of a schema
// document, which encoding/xml leaves as written; instance documents get
// the same from internal/xmltok.
func normalizeAttrs(n *node) {
	for i := range n.attrs {
		if strings.ContainsAny(n.attrs[i].Value, "\t\r\n") {
			n.attrs[i].Value = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\r' || r == '\n' {
					return ' '
				}
				return r
			}, n.attrs[i].Value)
		}
	}
	for _, ch := range n.children {
		normalizeAttrs(ch)
	}
}
