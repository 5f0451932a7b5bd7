package xmlschema

import (
	"fmt"
	"strings"
)

// Identity constraints are evaluated while streaming: each constraint of an
// element in scope opens an idcScope; elements selected by its selector
// open targets; fields capture attribute values at once and element values
// when the element ends.

type idcScope struct {
	k       *idc
	depth   int // stack index of the owner element
	owner   *frame
	targets []*idcTarget
	table   map[string]bool
	refs    []*idcTarget
}

type idcTarget struct {
	scope     *idcScope
	depth     int
	vals      []string
	set       []bool
	shown     []string
	line, col int
	path      string
	dupErr    bool
}

type capture struct {
	t     *idcTarget
	field int
	depth int
}

func (v *validator) idcStart(f *frame, attrs []attr) {
	depth := len(v.stack) - 1
	if f.decl != nil && f.mode == mStrict {
		for _, k := range f.decl.idcs {
			s := &idcScope{k: k, depth: depth, owner: f}
			if k.kind != idcKeyref {
				s.table = map[string]bool{}
			}
			v.scopes = append(v.scopes, s)
		}
	}
	if len(v.scopes) == 0 {
		return
	}
	for _, s := range v.scopes {
		rel := v.relNames(s.depth, depth)
		for i := range s.k.selector {
			x := &s.k.selector[i]
			descSelf := x.desc && len(x.steps) == 0 // .//.
			if x.self && depth == s.depth || !x.self && (depth > s.depth || descSelf) && x.matchSteps(rel) {
				n := len(s.k.fields)
				t := &idcTarget{scope: s, depth: depth, vals: make([]string, n), set: make([]bool, n), shown: make([]string, n),
					line: f.line, col: f.col, path: v.path("")}
				s.targets = append(s.targets, t)
				break
			}
		}
		for _, t := range s.targets {
			if t.depth > depth {
				continue
			}
			rel2 := v.relNames(t.depth, depth)
			for fi, alts := range s.k.fields {
				// a node selected by several alternatives counts once
				var seen map[QName]bool
				captured := false
				once := func(q QName) bool {
					if seen[q] {
						return false
					}
					if seen == nil {
						seen = map[QName]bool{}
					}
					seen[q] = true
					return true
				}
				for ai := range alts {
					x := &alts[ai]
					if !(x.self && depth == t.depth || len(x.steps) == 0 && !x.desc && depth == t.depth || x.matchSteps(rel2)) {
						continue
					}
					if x.attr == nil {
						if len(x.steps) == 0 && depth != t.depth {
							continue
						}
						if !captured {
							captured = true
							v.caps = append(v.caps, &capture{t: t, field: fi, depth: depth})
						}
						continue
					}
					for _, a := range attrs {
						if x.attr.matches(a.name) && once(a.name) {
							v.setField(f, t, fi, v.attrTyped(f, a), a.value)
						}
					}
					// attributes supplied by a default or fixed value
					if f.ct != nil && f.mode == mStrict {
						for _, u := range f.ct.attrList {
							if !u.hasDef || u.defVal == nil || !x.attr.matches(u.decl.name) || hasAttr(attrs, u.decl.name) || !once(u.decl.name) {
								continue
							}
							v.setField(f, t, fi, u.defVal, u.def)
						}
					}
				}
			}
		}
	}
}

func (v *validator) relNames(from, to int) []QName {
	if to <= from {
		return nil
	}
	out := make([]QName, 0, to-from)
	for i := from + 1; i <= to; i++ {
		out = append(out, v.stack[i].name)
	}
	return out
}

func (v *validator) attrTyped(f *frame, a attr) any {
	if f.ct != nil {
		if u, ok := f.ct.attrs[a.name]; ok {
			if val, fe := u.decl.typ.validate(a.value, f.scope); fe == nil {
				return val
			}
			return nil
		}
	}
	if d := v.s.attrs[a.name]; d != nil {
		if val, fe := d.typ.validate(a.value, f.scope); fe == nil {
			return val
		}
		return nil
	}
	return strVal{pAnySimple, a.value}
}

func (v *validator) setField(f *frame, t *idcTarget, fi int, val any, shown string) {
	if t.set[fi] {
		if !t.dupErr {
			t.dupErr = true
			v.fail(f, "cvc-identity-constraint.3", fmt.Sprintf("The field of '%s' matches more than one node.", t.scope.k.name.Local),
				fmt.Sprintf("поле ограничения '%s' указывает больше чем на один узел.", t.scope.k.name.Local))
		}
		return
	}
	if val == nil {
		return
	}
	k := valueKey(val)
	if sv, ok := val.(strVal); ok && sv.p == pAnySimple {
		k = "s:" + sv.s
	}
	t.vals[fi], t.set[fi], t.shown[fi] = k, true, shown
}

func (v *validator) idcEnd(f *frame) {
	if len(v.scopes) == 0 && f.tables == nil {
		return
	}
	depth := len(v.stack) - 1
	// element-valued fields
	if len(v.caps) > 0 {
		keep := v.caps[:0]
		for _, c := range v.caps {
			if c.depth != depth {
				keep = append(keep, c)
				continue
			}
			if f.ct != nil && f.ct.content != ctSimple && f.mode == mStrict {
				v.fail(f, "cvc-identity-constraint.3", fmt.Sprintf("The field of '%s' selects an element without simple content.", c.t.scope.k.name.Local),
					fmt.Sprintf("поле ограничения '%s' указывает на элемент без простого содержимого.", c.t.scope.k.name.Local))
				continue
			}
			if f.nilled {
				continue
			}
			var val any
			if f.valueOK {
				val = f.value
			} else if f.mode != mStrict {
				val = strVal{pAnySimple, strings.TrimSpace(f.text.String())}
			}
			v.setField(f, c.t, c.field, val, f.text.String())
		}
		v.caps = keep
	}
	// targets ending here
	for _, s := range v.scopes {
		keep := s.targets[:0]
		for _, t := range s.targets {
			if t.depth != depth {
				keep = append(keep, t)
				continue
			}
			v.finishTarget(f, t)
		}
		s.targets = keep
	}
	// scopes owned by this element
	keep := v.scopes[:0]
	var owned []*idcScope
	for _, s := range v.scopes {
		if s.depth == depth && s.owner == f {
			owned = append(owned, s)
		} else {
			keep = append(keep, s)
		}
	}
	v.scopes = keep
	for _, s := range owned {
		if s.k.kind != idcKeyref {
			if f.tables == nil {
				f.tables = map[*idc]map[string]bool{}
			}
			if old := f.tables[s.k]; old != nil {
				for k := range s.table {
					old[k] = true
				}
			} else {
				f.tables[s.k] = s.table
			}
		}
	}
	for _, s := range owned {
		if s.k.kind == idcKeyref {
			tab := f.tables[s.k.refer]
			for _, t := range s.refs {
				key := strings.Join(t.vals, "\x00")
				if !tab[key] {
					v.add(ValidationError{Line: t.line, Column: t.col, Path: t.path, Rule: "cvc-identity-constraint.4.3",
						Message:   fmt.Sprintf("No match found for key-sequence ['%s'] of keyref '%s'.", strings.Join(t.shown, "', '"), s.k.name.Local),
						MessageRU: fmt.Sprintf("для ссылки keyref '%s' нет ключа со значением ['%s'].", s.k.name.Local, strings.Join(t.shown, "', '"))})
				}
			}
		}
	}
	// propagate node tables upwards
	if f.tables != nil && depth > 0 {
		p := v.stack[depth-1]
		if p.tables == nil {
			p.tables = map[*idc]map[string]bool{}
		}
		for k, tab := range f.tables {
			if old := p.tables[k]; old != nil {
				for x := range tab {
					old[x] = true
				}
			} else {
				p.tables[k] = tab
			}
		}
	}
}

func (v *validator) finishTarget(f *frame, t *idcTarget) {
	s := t.scope
	for _, ok := range t.set {
		if !ok {
			if s.k.kind == idcKey {
				v.add(ValidationError{Line: t.line, Column: t.col, Path: t.path, Rule: "cvc-identity-constraint.4.2.1",
					Message:   fmt.Sprintf("Key '%s': not all fields evaluate to a value.", s.k.name.Local),
					MessageRU: fmt.Sprintf("ключ '%s': не все поля ключа заданы.", s.k.name.Local)})
			}
			return
		}
	}
	key := strings.Join(t.vals, "\x00")
	switch s.k.kind {
	case idcKeyref:
		s.refs = append(s.refs, t)
	default:
		if s.table[key] {
			rule := "cvc-identity-constraint.4.1"
			if s.k.kind == idcKey {
				rule = "cvc-identity-constraint.4.2.2"
			}
			v.add(ValidationError{Line: t.line, Column: t.col, Path: t.path, Rule: rule,
				Message:   fmt.Sprintf("Duplicate key-sequence ['%s'] in %s '%s'.", strings.Join(t.shown, "', '"), kindName(s.k.kind), s.k.name.Local),
				MessageRU: fmt.Sprintf("повторяется значение ['%s'] ограничения '%s'.", strings.Join(t.shown, "', '"), s.k.name.Local)})
			return
		}
		s.table[key] = true
	}
}

func kindName(k idcKind) string {
	switch k {
	case idcKey:
		return "key"
	case idcKeyref:
		return "keyref"
	}
	return "unique"
}

func hasAttr(attrs []attr, q QName) bool {
	for _, a := range attrs {
		if a.name == q {
			return true
		}
	}
	return false
}
