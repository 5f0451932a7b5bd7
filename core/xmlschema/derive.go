package xmlschema

// typeDerives reports whether d is b or derived from it without using any
// method in blocked (Structures §3.4.6 / §3.14.6 derivation checks).
func typeDerives(d, b typeDef, blocked derivSet) bool {
	if d == nil || b == nil {
		return false
	}
	used := derivSet(0)
	cur := d
	for i := 0; cur != nil && i < 1000; i++ {
		if cur == b {
			return used&blocked == 0
		}
		switch x := cur.(type) {
		case *complexType:
			if x == anyType {
				cur = nil
				continue
			}
			used |= x.method
			if bx, ok := x.base.(*complexType); ok && bx != nil {
				used |= bx.block & 0 // the base's own block is checked by the caller
			}
			cur = x.base
		case *simpleType:
			used |= dRestriction
			cur = x.baseType()
		}
	}
	if bs, ok := b.(*simpleType); ok && bs.variety == union {
		if ds, ok := d.(*simpleType); ok {
			for _, m := range bs.members {
				if typeDerives(ds, m, blocked) {
					return true
				}
			}
		}
	}
	return false
}

// derivedOK is the check for substitution group members: final of the head.
func (c *compiler) derivedOK(d, b typeDef, final derivSet) bool {
	return typeDerives(d, b, final)
}

// blockOf is the {prohibited substitutions} of a type.
func blockOf(t typeDef) derivSet {
	if ct, ok := t.(*complexType); ok {
		return ct.block
	}
	return 0
}

// checkRestriction verifies the parts of a complex type restriction that
// are cheap to check: occurrence ranges of the whole content.
func (c *compiler) checkRestriction(t, b *complexType, n *node) {
	if b == anyType {
		return
	}
	if b.content == ctEmpty && t.content != ctEmpty {
		c.errorf(n, "a restriction of an empty type must be empty")
		return
	}
	if t.content == ctEmpty && b.content == ctSimple {
		c.errorRU(n, "derivation-ok-restriction.5.2: an empty restriction of a type with simple content",
			"derivation-ok-restriction.5.2: пустое ограничение типа с простым содержимым")
		return
	}
	if t.content == ctEmpty && b.content != ctEmpty && b.content != ctSimple && !particleEmptiable(b.particle) {
		c.errorf(n, "a restriction cannot be empty when the base type's content is not emptiable")
		return
	}
	if (t.content == ctElement || t.content == ctMixed) && b.content == ctSimple {
		c.errorf(n, "a complex content restriction of a simple content type")
		return
	}
	for _, u := range b.attrList {
		if u.required {
			if _, ok := t.attrs[u.decl.name]; !ok {
				c.errorf(n, "required attribute %s of the base type is missing", u.decl.name.Local)
				return
			}
		}
	}
}
