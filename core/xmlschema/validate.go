package xmlschema

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/xmltok"
)

type mode uint8

const (
	mStrict mode = iota
	mLax         // no declaration: look for global declarations below
	mSkip        // not validated
)

type frame struct {
	name     QName
	line     int
	col      int
	mode     mode
	decl     *elemDecl
	typ      typeDef
	ct       *complexType
	st       *simpleType
	state    *cm
	text     textBuf
	keepText bool
	nilled   bool
	badText  bool
	childErr bool
	hasChild bool
	alts     []*cm // other content model states after a content error (resync hypotheses)
	// pending are the particles a resync assumed missing: when one of
	// them comes later (the elements were out of order), it is the same
	// mistake and is accepted without a second error.
	pending []*particle
	counts  []childCount
	last    int // index in counts of the last child name seen
	index   int
	scope   *nsScope
	value   any // typed value after end (identity constraints)
	valueOK bool
	tables  map[*idc]map[string]bool
}

// advanceAlts is called when the current state does not accept name but
// other resync hypotheses are pending: the first one that accepts it
// becomes the state, those that also accept it stay as alternatives.
func (f *frame) advanceAlts(name QName) (*cm, *particle) {
	var nd *cm
	var p *particle
	keep := f.alts[:0]
	for _, s := range f.alts {
		d, q := deriv(s, name)
		if q == nil || d.kind == kFail {
			continue
		}
		if p == nil {
			nd, p = d, q
		} else {
			keep = append(keep, d)
		}
	}
	if p == nil {
		return nil, nil // the state stays; the caller reports the error
	}
	f.alts = keep
	return nd, p
}

// childCount counts the children of one name (for paths).
type childCount struct {
	name QName
	n    int
}

// count adds a child called name and returns its position among the
// children of that name.
func (f *frame) count(name QName) int {
	if f.last < len(f.counts) && f.counts[f.last].name == name {
		f.counts[f.last].n++
		return f.counts[f.last].n
	}
	for i := range f.counts {
		if f.counts[i].name == name {
			f.last = i
			f.counts[i].n++
			return f.counts[i].n
		}
	}
	f.last = len(f.counts)
	f.counts = append(f.counts, childCount{name, 1})
	return 1
}

// textBuf collects the character data of an element.
type textBuf struct{ b []byte }

func (t *textBuf) Len() int       { return len(t.b) }
func (t *textBuf) Write(p []byte) { t.b = append(t.b, p...) }
func (t *textBuf) String() string { return string(t.b) }
func (t *textBuf) isEmpty() bool  { return len(t.b) == 0 }

type validator struct {
	s      *Schema
	o      *ValidateOptions
	res    *Result
	d      *xmltok.Decoder
	stack  []*frame
	pool   []*frame // frames reused by depth
	attrs  []attr
	ids    map[string]bool
	idrefs []pendingRef
	scopes []*idcScope
	caps   []*capture
}

type pendingRef struct {
	id        string
	line, col int
	path      string
}

func newValidator(s *Schema, o *ValidateOptions) *validator {
	return &validator{s: s, o: o, res: &Result{}, ids: map[string]bool{}}
}

func (v *validator) run(r io.Reader) error {
	d := xmltok.NewDecoder(openDocument(r, v.o.MaxBytes), &xmltok.Options{CharsetReader: charsetReader, MaxDepth: v.o.MaxDepth})
	v.d = d
	scope := &nsScope{}
	for {
		k, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return v.xmlError(err)
		}
		switch k {
		case xmltok.StartElement:
			line, col := d.Pos()
			tattrs := d.Attrs()
			scope = scope.pushTok(tattrs)
			tn := d.Name()
			ns, ok := scope.lookup(tn.Prefix)
			if !ok {
				return &XMLError{Line: line, Column: col, Message: fmt.Sprintf("undeclared namespace prefix %q", tn.Prefix),
					MessageRU: fmt.Sprintf("префикс пространства имён %q не объявлен (нет xmlns:%s=\"…\")", tn.Prefix, tn.Prefix)}
			}
			attrs := v.attrs[:0]
			for _, a := range tattrs {
				if a.Name.Prefix == "xmlns" || a.Name.Prefix == "" && a.Name.Local == "xmlns" {
					continue
				}
				q := QName{"", a.Name.Local}
				if a.Name.Prefix != "" {
					u, ok := scope.lookup(a.Name.Prefix)
					if !ok {
						return &XMLError{Line: line, Column: col, Message: fmt.Sprintf("undeclared namespace prefix %q", a.Name.Prefix),
							MessageRU: fmt.Sprintf("префикс пространства имён %q не объявлен (нет xmlns:%s=\"…\")", a.Name.Prefix, a.Name.Prefix)}
					}
					q.NS = u
				}
				for _, b := range attrs {
					if b.name == q {
						return &XMLError{Line: line, Column: col, Message: fmt.Sprintf("attribute %s given twice", a.Name.Local),
							MessageRU: fmt.Sprintf("атрибут %s указан дважды", a.Name.Local)}
					}
				}
				attrs = append(attrs, attr{name: q, value: string(a.Value)})
			}
			v.attrs = attrs
			v.start(QName{ns, tn.Local}, attrs, scope, line, col)
		case xmltok.EndElement:
			v.end()
			if len(v.stack) == 0 {
				scope = &nsScope{}
			} else {
				scope = v.stack[len(v.stack)-1].scope
			}
		case xmltok.CharData:
			v.chars(d.Text())
		case xmltok.Doctype:
			doctypeEntities(d.Text(), d.SetEntity)
		}
	}
	for _, r := range v.idrefs {
		if !v.ids[r.id] {
			v.add(ValidationError{Line: r.line, Column: r.col, Path: r.path, Rule: "cvc-id.1",
				Message:   fmt.Sprintf("There is no ID/IDREF binding for IDREF '%s'.", r.id),
				MessageRU: fmt.Sprintf("Нет элемента с ID '%s', на который ссылается IDREF.", r.id)})
		}
	}
	return nil
}

// xmlError converts an error of the tokenizer or of the reader.
func (v *validator) xmlError(err error) error {
	var se *xmltok.SyntaxError
	if errors.As(err, &se) {
		return &XMLError{Line: se.Line, Column: se.Col, Message: se.Msg, MessageRU: se.MsgRU}
	}
	l, c := v.d.InputPos()
	msg, ru := err.Error(), "не удалось прочитать документ"
	if errors.Is(err, errLimit) {
		msg = fmt.Sprintf("document larger than %d bytes", v.o.MaxBytes)
		ru = fmt.Sprintf("документ больше %d байт", v.o.MaxBytes)
	}
	return &XMLError{Line: l, Column: c, Message: msg, MessageRU: ru}
}

type attr struct {
	name  QName
	value string
}

func (v *validator) add(e ValidationError) {
	if len(v.res.Errors) >= v.o.MaxErrors {
		v.res.Truncated = true
		return
	}
	v.res.Errors = append(v.res.Errors, e)
}

func (v *validator) path(extra string) string {
	var b strings.Builder
	for i, f := range v.stack {
		b.WriteByte('/')
		b.WriteString(f.name.Local)
		if i > 0 && (i < len(v.stack)-1 || f.index > 1 || extra != "") {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.index))
			b.WriteByte(']')
		}
	}
	if extra != "" {
		b.WriteString("/@")
		b.WriteString(extra)
	}
	return b.String()
}

// fail reports an error about the current (top) element.
func (v *validator) fail(f *frame, rule, en, ru string) {
	v.add(ValidationError{Line: f.line, Column: f.col, Path: v.path(""), Rule: rule,
		Message:   fmt.Sprintf("Element '%s': %s", f.name.Local, en),
		MessageRU: fmt.Sprintf("Элемент '%s': %s", f.name.Local, ru)})
}

func (v *validator) failAttr(f *frame, a QName, rule, en, ru string) {
	v.add(ValidationError{Line: f.line, Column: f.col, Path: v.path(a.Local), Rule: rule,
		Message:   fmt.Sprintf("Element '%s', attribute '%s': %s", f.name.Local, a.Local, en),
		MessageRU: fmt.Sprintf("Элемент '%s', атрибут '%s': %s", f.name.Local, a.Local, ru)})
}

// newFrame returns a cleared frame for the next depth, reusing memory.
func (v *validator) newFrame() *frame {
	n := len(v.stack)
	if n < len(v.pool) {
		f := v.pool[n]
		text, counts, alts, pending := f.text.b[:0], f.counts[:0], f.alts[:0], f.pending[:0]
		*f = frame{}
		f.text.b, f.counts, f.alts, f.pending = text, counts, alts, pending
		return f
	}
	f := &frame{}
	v.pool = append(v.pool, f)
	return f
}

func (v *validator) start(name QName, attrs []attr, scope *nsScope, line, col int) {
	f := v.newFrame()
	f.name, f.line, f.col, f.scope, f.index = name, line, col, scope, 1
	var parent *frame
	if n := len(v.stack); n > 0 {
		parent = v.stack[n-1]
		f.index = parent.count(name)
		parent.hasChild = true
	}
	v.stack = append(v.stack, f)
	var decl *elemDecl
	switch {
	case parent == nil:
		decl = v.s.elems[name]
		if decl == nil {
			v.fail(f, "cvc-elt.1", "No matching global declaration available for the validation root.",
				"нет глобального объявления для корневого элемента.")
			f.mode = mSkip
			return
		}
	case parent.mode == mSkip:
		f.mode = mSkip
		return
	case parent.mode == mLax:
		decl = v.s.elems[name]
		if decl == nil {
			f.mode = mLax
			v.laxAttrs(f, attrs)
			v.idcStart(f, attrs)
			return
		}
	default:
		if parent.nilled {
			v.stack = v.stack[:len(v.stack)-1]
			v.fail(parent, "cvc-elt.3.2.1", "The element has xsi:nil=\"true\" and must have no content.",
				"у элемента xsi:nil=\"true\", содержимого быть не должно.")
			v.stack = append(v.stack, f)
			f.mode = mSkip
			return
		}
		if parent.ct == nil || parent.ct.content == ctSimple || parent.ct.content == ctEmpty {
			if !parent.childErr {
				parent.childErr = true
				if parent.ct != nil && parent.ct.content == ctEmpty {
					v.fail(f, "cvc-complex-type.2.1", "This element is not expected: the parent's content type is empty.",
						"элемент здесь не ожидается: у родителя пустое содержимое.")
				} else {
					v.fail(f, "cvc-complex-type.2.2", "This element is not expected: the parent has a simple type.",
						"элемент здесь не ожидается: родитель имеет простой тип.")
				}
			}
			f.mode = mSkip
			return
		}
		nd, p := deriv(parent.state, name)
		if p == nil {
			for i, pp := range parent.pending {
				if matchTerm(pp, name) {
					// an element the resync took as missing, only late:
					// the elements were out of order, one mistake
					nd, p = parent.state, pp
					parent.pending = append(parent.pending[:i], parent.pending[i+1:]...)
					break
				}
			}
		}
		if p == nil && len(parent.alts) > 0 {
			nd, p = parent.advanceAlts(name)
		} else {
			parent.alts = parent.alts[:0]
		}
		if p == nil {
			exp := expected(parent.state)
			if exp == "" {
				v.fail(f, "cvc-complex-type.2.4.d", "This element is not expected. No more elements are allowed here.",
					"элемент здесь не ожидается: больше элементов быть не должно.")
			} else {
				v.fail(f, "cvc-complex-type.2.4.a", fmt.Sprintf("This element is not expected. Expected is ( %s ).", exp),
					fmt.Sprintf("элемент здесь не ожидается. Ожидается ( %s ).", exp))
			}
			// The end of the parent reports nothing more about its
			// content (as xmllint).
			parent.childErr = true
			// Resynchronise, so that one mistake gives one error while
			// the following siblings are still checked: either elements
			// are missing before this one (continue after inserting the
			// nearest ones that make it acceptable), or this one is out
			// of place (skip it). Both hypotheses are kept until a later
			// sibling decides; an element fails only when all do.
			skip := parent.state
			if rd, rp, ins := resync(skip, name); rp != nil {
				nd, p = rd, rp
				parent.alts = append(parent.alts[:0], skip)
				parent.pending = append(parent.pending[:0], ins...)
			} else {
				parent.alts = parent.alts[:0]
				f.mode = mSkip
				if d := v.s.elems[name]; d != nil {
					decl, f.mode = d, mStrict
				} else {
					return
				}
				break
			}
		}
		parent.state = nd
		if p.elem != nil {
			decl = p.elem
			if decl.name != name {
				for _, m := range p.elem.members {
					if m.name == name {
						decl = m
						break
					}
				}
				head := p.elem
				if head.block&dSubstitution != 0 || !typeDerives(decl.typ, head.typ, head.block|blockOf(head.typ)) {
					v.fail(f, "cvc-elt.4.3", fmt.Sprintf("The element cannot substitute for '%s' (blocked).", head.name.Local),
						fmt.Sprintf("элемент не может заменять '%s' (подстановка запрещена).", head.name.Local))
				}
			}
		} else {
			switch p.wild.process {
			case pcSkip:
				f.mode = mSkip
				return
			case pcLax:
				decl = v.s.elems[name]
				if decl == nil {
					if xt := v.xsiType(f, attrs); xt != nil {
						v.assess(f, nil, xt, attrs)
						return
					}
					f.mode = mLax
					v.laxAttrs(f, attrs)
					return
				}
			default:
				decl = v.s.elems[name]
				if decl == nil {
					if xt := v.xsiType(f, attrs); xt != nil {
						v.assess(f, nil, xt, attrs)
						return
					}
					v.fail(f, "cvc-complex-type.2.4.c", "No matching global element declaration available, but demanded by the strict wildcard.",
						"нет глобального объявления элемента, а строгий шаблон any его требует.")
					f.mode = mSkip
					return
				}
			}
		}
	}
	if decl.abstract {
		v.fail(f, "cvc-elt.2", "The element is abstract and cannot appear in a document.",
			"элемент объявлен абстрактным и не может встречаться в документе.")
	}
	v.assess(f, decl, decl.typ, attrs)
}

// xsiType resolves an xsi:type attribute (nil when absent or unknown).
func (v *validator) xsiType(f *frame, attrs []attr) typeDef {
	for _, a := range attrs {
		if a.name == (QName{xsiNS, "type"}) {
			q, ok := f.scope.resolveQName(a.value)
			if !ok {
				return nil
			}
			return v.lookupType(q)
		}
	}
	return nil
}

func (v *validator) lookupType(q QName) typeDef {
	if q.NS == xsdNS {
		if q.Local == "anyType" {
			return anyType
		}
		if t, ok := builtins[q.Local]; ok {
			return t
		}
	}
	return v.s.types[q]
}

// assess validates the element's attributes and sets up its content.
func (v *validator) assess(f *frame, decl *elemDecl, typ typeDef, attrs []attr) {
	f.decl = decl
	for _, a := range attrs {
		if a.name.NS != xsiNS {
			continue
		}
		switch a.name.Local {
		case "type":
			q, ok := f.scope.resolveQName(a.value)
			if !ok {
				v.failAttr(f, a.name, "cvc-elt.4.1", fmt.Sprintf("The value '%s' is not a valid QName.", a.value),
					fmt.Sprintf("значение '%s' не является QName.", a.value))
				continue
			}
			xt := v.lookupType(q)
			if xt == nil {
				v.failAttr(f, a.name, "cvc-elt.4.2", fmt.Sprintf("The type '%s' is not defined.", a.value),
					fmt.Sprintf("тип '%s' не определён.", a.value))
				continue
			}
			if decl != nil {
				blocked := decl.block | blockOf(typ)
				if !typeDerives(xt, typ, blocked&(dExtension|dRestriction)) {
					v.failAttr(f, a.name, "cvc-elt.4.3", fmt.Sprintf("The type '%s' is not validly derived from the declared type.", a.value),
						fmt.Sprintf("тип '%s' не является допустимым производным от объявленного.", a.value))
					continue
				}
			}
			typ = xt
		case "nil":
			b, fe := builtins["boolean"].validate(a.value, nil)
			if fe != nil {
				v.failAttr(f, a.name, "cvc-datatype-valid.1.2.1", fmt.Sprintf("'%s' is not a valid boolean.", a.value),
					fmt.Sprintf("'%s' — не логическое значение.", a.value))
				continue
			}
			if decl == nil || !decl.nillable {
				v.fail(f, "cvc-elt.3.1", "The element is not nillable.", "элемент не допускает xsi:nil.")
				continue
			}
			if b.(boolVal) {
				f.nilled = true
				if decl.fixed {
					v.fail(f, "cvc-elt.3.2.2", "The element has a fixed value and cannot be nil.",
						"у элемента фиксированное значение, xsi:nil недопустим.")
				}
			}
		}
	}
	f.typ = typ
	switch t := typ.(type) {
	case *complexType:
		if t.abstract {
			v.fail(f, "cvc-type.2", "The type of the element is abstract.", "тип элемента абстрактный.")
		}
		f.ct = t
		f.state = t.cm
		if t.content == ctSimple {
			f.st = t.simple
			f.keepText = true
		}
		if t.content == ctMixed && decl != nil && decl.hasDefault {
			f.keepText = true
		}
	case *simpleType:
		f.st = t
		f.keepText = true
	}
	v.checkAttrs(f, attrs)
	v.idcStart(f, attrs)
}

func (v *validator) checkAttrs(f *frame, attrs []attr) {
	var seen map[QName]bool
	for _, a := range attrs {
		if a.name.NS == xsiNS {
			switch a.name.Local {
			case "type", "nil", "schemaLocation", "noNamespaceSchemaLocation":
				continue
			}
		}
		if f.ct == nil {
			v.failAttr(f, a.name, "cvc-type.3.1.1", "The attribute is not allowed: the element has a simple type.",
				"атрибут недопустим: у элемента простой тип.")
			continue
		}
		if u, ok := f.ct.attrs[a.name]; ok {
			if seen == nil {
				seen = map[QName]bool{}
			}
			seen[a.name] = true
			val := v.attrValue(f, a, u.decl.typ)
			if val != nil && u.fixed && !equalValues(val, u.defVal) {
				v.failAttr(f, a.name, "cvc-au", fmt.Sprintf("The value '%s' does not match the fixed value '%s'.", a.value, u.def),
					fmt.Sprintf("значение '%s' не совпадает с фиксированным '%s'.", a.value, u.def))
			}
			continue
		}
		w := f.ct.wild
		if w == nil || !w.allows(a.name.NS) {
			v.failAttr(f, a.name, "cvc-complex-type.3.2.2", "The attribute is not allowed.", "атрибут не предусмотрен схемой.")
			continue
		}
		if w.process == pcSkip {
			continue
		}
		if d := v.s.attrs[a.name]; d != nil {
			val := v.attrValue(f, a, d.typ)
			if val != nil && d.fixed && !equalValues(val, d.defVal) {
				v.failAttr(f, a.name, "cvc-au", fmt.Sprintf("The value '%s' does not match the fixed value '%s'.", a.value, d.def),
					fmt.Sprintf("значение '%s' не совпадает с фиксированным '%s'.", a.value, d.def))
			}
		} else if w.process == pcStrict {
			v.failAttr(f, a.name, "cvc-complex-type.3.2.2", "No matching global attribute declaration available, but demanded by the strict wildcard.",
				"нет глобального объявления атрибута, а строгий шаблон anyAttribute его требует.")
		}
	}
	if f.ct != nil {
		for _, u := range f.ct.attrList {
			if u.required && !seen[u.decl.name] {
				v.fail(f, "cvc-complex-type.4", fmt.Sprintf("The attribute '%s' is required but missing.", u.decl.name.Local),
					fmt.Sprintf("отсутствует обязательный атрибут '%s'.", u.decl.name.Local))
			}
		}
	}
}

func (v *validator) laxAttrs(f *frame, attrs []attr) {
	for _, a := range attrs {
		if a.name.NS == xsiNS {
			continue
		}
		if d := v.s.attrs[a.name]; d != nil {
			v.attrValue(f, a, d.typ)
		}
	}
}

func (v *validator) attrValue(f *frame, a attr, t *simpleType) any {
	val, fe := t.validate(a.value, f.scope)
	if fe != nil {
		v.failAttr(f, a.name, fe.rule, fe.en, fe.ru)
		return nil
	}
	v.trackIDs(f, t, val, a.name.Local)
	return val
}

func (v *validator) trackIDs(f *frame, t *simpleType, val any, attrName string) {
	kind := 0
	for u := t; u != nil && kind == 0; u = u.base {
		kind = u.idKind
	}
	it := t
	if t.variety == list && t.item != nil {
		for u := t.item; u != nil && kind == 0; u = u.base {
			kind = u.idKind
		}
		it = t.item
	}
	_ = it
	if kind == 0 {
		return
	}
	var vals []string
	switch x := val.(type) {
	case strVal:
		vals = []string{x.s}
	case listVal:
		for _, e := range x {
			if s, ok := e.(strVal); ok {
				vals = append(vals, s.s)
			}
		}
	}
	for _, s := range vals {
		switch kind {
		case 1:
			if v.ids[s] {
				if attrName != "" {
					v.failAttr(f, QName{"", attrName}, "cvc-id.2", fmt.Sprintf("The ID '%s' is not unique.", s),
						fmt.Sprintf("идентификатор ID '%s' повторяется.", s))
				} else {
					v.fail(f, "cvc-id.2", fmt.Sprintf("The ID '%s' is not unique.", s), fmt.Sprintf("идентификатор ID '%s' повторяется.", s))
				}
			}
			v.ids[s] = true
		case 2:
			if len(v.idrefs) < 1<<20 {
				v.idrefs = append(v.idrefs, pendingRef{s, f.line, f.col, v.path(attrName)})
			}
		}
	}
}

func (v *validator) chars(t []byte) {
	f := v.stack[len(v.stack)-1]
	if f.mode != mStrict {
		return
	}
	if f.nilled {
		if !f.badText && !isAllSpace(t) {
			f.badText = true
			v.fail(f, "cvc-elt.3.2.1", "The element has xsi:nil=\"true\" and must have no content.",
				"у элемента xsi:nil=\"true\", содержимого быть не должно.")
		}
		return
	}
	if f.keepText {
		if f.text.Len()+len(t) > 64<<20 {
			return
		}
		f.text.Write(t)
		return
	}
	if f.ct != nil && (f.ct.content == ctElement || f.ct.content == ctEmpty) && !f.badText && !isAllSpace(t) {
		f.badText = true
		if f.ct.content == ctEmpty {
			v.fail(f, "cvc-complex-type.2.1", "Character content is not allowed: the content type is empty.",
				"текст недопустим: содержимое элемента должно быть пустым.")
		} else {
			v.fail(f, "cvc-complex-type.2.3", "Character content other than whitespace is not allowed because the content type is 'element-only'.",
				"текст недопустим: элемент может содержать только другие элементы.")
		}
	}
}

func isAllSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

func (v *validator) end() {
	f := v.stack[len(v.stack)-1]
	if f.mode == mStrict && !f.nilled {
		switch {
		case f.st != nil:
			if f.hasChild && !f.childErr {
				f.childErr = true
				v.fail(f, "cvc-complex-type.2.2", "Element content is not allowed: the type is simple.",
					"вложенные элементы недопустимы: у элемента простой тип.")
			}
			s := f.text.String()
			if s == "" && f.decl != nil && f.decl.hasDefault && !f.hasChild {
				s = f.decl.def
			}
			val, fe := f.st.validate(s, f.scope)
			if fe != nil {
				v.fail(f, fe.rule, fe.en, fe.ru)
			} else {
				f.value, f.valueOK = val, true
				if f.decl != nil && f.decl.fixed && f.decl.defVal != nil && !equalValues(val, f.decl.defVal) {
					v.fail(f, "cvc-elt.5.2.2.2.2", fmt.Sprintf("The value '%s' does not match the fixed value '%s'.", s, f.decl.def),
						fmt.Sprintf("значение '%s' не совпадает с фиксированным '%s'.", s, f.decl.def))
				}
				v.trackIDs(f, f.st, val, "")
			}
		case f.ct != nil:
			if (f.ct.content == ctElement || f.ct.content == ctMixed) && !f.state.null && !f.childErr {
				v.fail(f, "cvc-complex-type.2.4.b", fmt.Sprintf("Missing child element(s). Expected is ( %s ).", expected(f.state)),
					fmt.Sprintf("не хватает вложенных элементов. Ожидается ( %s ).", expected(f.state)))
			}
			if f.ct.content == ctMixed && f.decl != nil && f.decl.fixed && !f.hasChild {
				if s := f.text.String(); s != "" && s != f.decl.def {
					v.fail(f, "cvc-elt.5.2.2.2.1", fmt.Sprintf("The value '%s' does not match the fixed value '%s'.", s, f.decl.def),
						fmt.Sprintf("значение '%s' не совпадает с фиксированным '%s'.", s, f.decl.def))
				}
			}
		}
	}
	v.idcEnd(f)
	v.stack = v.stack[:len(v.stack)-1]
}
