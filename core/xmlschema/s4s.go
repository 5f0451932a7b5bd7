package xmlschema

import (
	"fmt"
	"strings"
)

// This file checks schema documents against the schema for schemas
// (Structures, Appendix A): which attributes each xs: element may carry in
// its context and their lexical types, which children it may have and in
// what order, no character data outside xs:appinfo and xs:documentation,
// no attribute in the XSD namespace, unique ids.

// errorRU records the first schema error with an English and a Russian
// message (both formatted with args).
func (c *compiler) errorRU(n *node, en, ru string, args ...any) {
	if c.err != nil {
		return
	}
	c.errorf(n, en, args...)
	c.err.MessageRU = fmt.Sprintf(ru, args...)
}

// schemaErr records the first schema error with ready English and Russian
// messages.
func (c *compiler) schemaErr(n *node, en, ru string) {
	if c.err != nil {
		return
	}
	c.errorf(n, "%s", en)
	c.err.MessageRU = ru
}

// atype is the lexical type of an attribute of the schema for schemas.
type atype uint8

const (
	atString atype = iota
	atID
	atNCName
	atAnyURI
	atToken
	atBool
	atQName
	atQNames
	atNonNegInt
	atMaxOccurs
	atZeroOne
	atOne
	atForm
	atUse
	atProcess
	atNSList
	atBlockDefault // #all | (extension|restriction|substitution)*
	atFinalDefault // #all | (extension|restriction|list|union)*
	atDerivER      // #all | (extension|restriction)*
	atBlockElem    // #all | (extension|restriction|substitution)*
	atFinalSimple  // #all | (list|union|restriction)*
)

// slot is one step of a child content model: a choice of child names
// (mapped to the kind of spec that checks them), min..max times (max < 0:
// unbounded).
type slot struct {
	kinds    map[string]string
	min, max int
}

type s4sSpec struct {
	attrs map[string]atype
	req   []string
	model []slot
	any   bool // any content (appinfo, documentation)
}

func sl(min, max int, kv ...string) slot {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return slot{kinds: m, min: min, max: max}
}

var (
	slAnnot   = sl(0, 1, "annotation", "annotation")
	slAttrs   = sl(0, -1, "attribute", "localAttribute", "attributeGroup", "refAttributeGroup")
	slAnyAttr = sl(0, 1, "anyAttribute", "anyAttribute")
	slFacets  = sl(0, -1, "minExclusive", "facet", "minInclusive", "facet", "maxExclusive", "facet", "maxInclusive", "facet",
		"totalDigits", "facet", "fractionDigits", "facet", "length", "facet", "minLength", "facet", "maxLength", "facet",
		"enumeration", "noFixedFacet", "whiteSpace", "facet", "pattern", "noFixedFacet")
	slStDeriv = sl(1, 1, "restriction", "stRestriction", "list", "list", "union", "union")
	slIDC     = sl(0, -1, "unique", "unique", "key", "unique", "keyref", "keyref")
	slNested  = sl(0, -1, "element", "localElement", "group", "refGroup", "choice", "choice", "sequence", "sequence", "any", "any")
)

func attrs(kv ...any) map[string]atype {
	m := map[string]atype{"id": atID}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(atype)
	}
	return m
}

var s4s map[string]*s4sSpec

func init() {
	elemModel := []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType", "complexType", "localComplexType"), slIDC}
	ctModel := []slot{slAnnot,
		sl(0, 1, "simpleContent", "simpleContent", "complexContent", "complexContent",
			"group", "refGroup", "all", "all", "choice", "choice", "sequence", "sequence"),
		slAttrs, slAnyAttr}
	stModel := []slot{slAnnot, slStDeriv}
	particleModel := []slot{slAnnot, sl(0, 1, "group", "refGroup", "all", "all", "choice", "choice", "sequence", "sequence"), slAttrs, slAnyAttr}
	s4s = map[string]*s4sSpec{
		"schema": {attrs: attrs("targetNamespace", atAnyURI, "version", atToken, "finalDefault", atFinalDefault,
			"blockDefault", atBlockDefault, "attributeFormDefault", atForm, "elementFormDefault", atForm),
			model: []slot{sl(0, -1, "include", "include", "import", "import", "redefine", "redefine", "annotation", "annotation"),
				sl(0, -1, "simpleType", "topSimpleType", "complexType", "topComplexType", "group", "topGroup",
					"attributeGroup", "topAttributeGroup", "element", "topElement", "attribute", "topAttribute",
					"notation", "notation", "annotation", "annotation")}},
		"annotation":    {attrs: attrs(), model: []slot{sl(0, -1, "appinfo", "appinfo", "documentation", "documentation")}},
		"appinfo":       {attrs: map[string]atype{"source": atAnyURI}, any: true},
		"documentation": {attrs: map[string]atype{"source": atAnyURI}, any: true},
		"include":       {attrs: attrs("schemaLocation", atAnyURI), req: []string{"schemaLocation"}, model: []slot{slAnnot}},
		"import":        {attrs: attrs("namespace", atAnyURI, "schemaLocation", atAnyURI), model: []slot{slAnnot}},
		"redefine": {attrs: attrs("schemaLocation", atAnyURI), req: []string{"schemaLocation"},
			model: []slot{sl(0, -1, "annotation", "annotation", "simpleType", "topSimpleType", "complexType", "topComplexType",
				"group", "topGroup", "attributeGroup", "topAttributeGroup")}},
		"topElement": {attrs: attrs("name", atNCName, "type", atQName, "substitutionGroup", atQName, "default", atString,
			"fixed", atString, "nillable", atBool, "abstract", atBool, "final", atDerivER, "block", atBlockElem),
			req: []string{"name"}, model: elemModel},
		"localElement": {attrs: attrs("name", atNCName, "ref", atQName, "type", atQName, "minOccurs", atNonNegInt,
			"maxOccurs", atMaxOccurs, "default", atString, "fixed", atString, "nillable", atBool, "block", atBlockElem,
			"form", atForm), model: elemModel},
		"allElement": {attrs: attrs("name", atNCName, "ref", atQName, "type", atQName, "minOccurs", atZeroOne,
			"maxOccurs", atZeroOne, "default", atString, "fixed", atString, "nillable", atBool, "block", atBlockElem,
			"form", atForm), model: elemModel},
		"topAttribute": {attrs: attrs("name", atNCName, "type", atQName, "default", atString, "fixed", atString),
			req: []string{"name"}, model: []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType")}},
		"localAttribute": {attrs: attrs("name", atNCName, "ref", atQName, "type", atQName, "use", atUse,
			"default", atString, "fixed", atString, "form", atForm),
			model: []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType")}},
		"topComplexType": {attrs: attrs("name", atNCName, "mixed", atBool, "abstract", atBool, "final", atDerivER,
			"block", atDerivER), req: []string{"name"}, model: ctModel},
		"localComplexType": {attrs: attrs("mixed", atBool), model: ctModel},
		"simpleContent": {attrs: attrs(), model: []slot{slAnnot,
			sl(1, 1, "restriction", "scRestriction", "extension", "scExtension")}},
		"complexContent": {attrs: attrs("mixed", atBool), model: []slot{slAnnot,
			sl(1, 1, "restriction", "ccRestriction", "extension", "ccExtension")}},
		"scRestriction": {attrs: attrs("base", atQName), req: []string{"base"},
			model: []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType"), slFacets, slAttrs, slAnyAttr}},
		"scExtension":   {attrs: attrs("base", atQName), req: []string{"base"}, model: []slot{slAnnot, slAttrs, slAnyAttr}},
		"ccRestriction": {attrs: attrs("base", atQName), req: []string{"base"}, model: particleModel},
		"ccExtension":   {attrs: attrs("base", atQName), req: []string{"base"}, model: particleModel},
		"topGroup": {attrs: attrs("name", atNCName), req: []string{"name"},
			model: []slot{slAnnot, sl(1, 1, "all", "groupAll", "choice", "groupChoice", "sequence", "groupSequence")}},
		"refGroup": {attrs: attrs("ref", atQName, "minOccurs", atNonNegInt, "maxOccurs", atMaxOccurs),
			req: []string{"ref"}, model: []slot{slAnnot}},
		"all": {attrs: attrs("minOccurs", atZeroOne, "maxOccurs", atOne),
			model: []slot{slAnnot, sl(0, -1, "element", "allElement")}},
		"groupAll":      {attrs: attrs(), model: []slot{slAnnot, sl(0, -1, "element", "allElement")}},
		"choice":        {attrs: attrs("minOccurs", atNonNegInt, "maxOccurs", atMaxOccurs), model: []slot{slAnnot, slNested}},
		"sequence":      {attrs: attrs("minOccurs", atNonNegInt, "maxOccurs", atMaxOccurs), model: []slot{slAnnot, slNested}},
		"groupChoice":   {attrs: attrs(), model: []slot{slAnnot, slNested}},
		"groupSequence": {attrs: attrs(), model: []slot{slAnnot, slNested}},
		"any": {attrs: attrs("minOccurs", atNonNegInt, "maxOccurs", atMaxOccurs, "namespace", atNSList,
			"processContents", atProcess), model: []slot{slAnnot}},
		"anyAttribute": {attrs: attrs("namespace", atNSList, "processContents", atProcess), model: []slot{slAnnot}},
		"topAttributeGroup": {attrs: attrs("name", atNCName), req: []string{"name"},
			model: []slot{slAnnot, slAttrs, slAnyAttr}},
		"refAttributeGroup": {attrs: attrs("ref", atQName), req: []string{"ref"}, model: []slot{slAnnot}},
		"notation": {attrs: attrs("name", atNCName, "public", atToken, "system", atAnyURI), req: []string{"name"},
			model: []slot{slAnnot}},
		"topSimpleType":   {attrs: attrs("name", atNCName, "final", atFinalSimple), req: []string{"name"}, model: stModel},
		"localSimpleType": {attrs: attrs(), model: stModel},
		"stRestriction": {attrs: attrs("base", atQName),
			model: []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType"), slFacets}},
		"list":         {attrs: attrs("itemType", atQName), model: []slot{slAnnot, sl(0, 1, "simpleType", "localSimpleType")}},
		"union":        {attrs: attrs("memberTypes", atQNames), model: []slot{slAnnot, sl(0, -1, "simpleType", "localSimpleType")}},
		"facet":        {attrs: attrs("value", atString, "fixed", atBool), req: []string{"value"}, model: []slot{slAnnot}},
		"noFixedFacet": {attrs: attrs("value", atString), req: []string{"value"}, model: []slot{slAnnot}},
		"unique": {attrs: attrs("name", atNCName), req: []string{"name"},
			model: []slot{slAnnot, sl(1, 1, "selector", "selector"), sl(1, -1, "field", "field")}},
		"keyref": {attrs: attrs("name", atNCName, "refer", atQName), req: []string{"name", "refer"},
			model: []slot{slAnnot, sl(1, 1, "selector", "selector"), sl(1, -1, "field", "field")}},
		"selector": {attrs: attrs("xpath", atString), req: []string{"xpath"}, model: []slot{slAnnot}},
		"field":    {attrs: attrs("xpath", atString), req: []string{"xpath"}, model: []slot{slAnnot}},
	}
}

// checkS4S validates the document element of a schema document.
func (c *compiler) checkS4S(root *node) {
	ids := map[string]bool{}
	c.s4sNode(root, "schema", ids)
}

func (c *compiler) s4sNode(n *node, kind string, ids map[string]bool) {
	if c.err != nil {
		return
	}
	sp := s4s[kind]
	name := n.name.Local
	for i, a := range n.attrs {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			continue
		}
		if a.Name.Space != "" {
			ns, ok := n.scope.lookup(a.Name.Space)
			if !ok {
				c.errorRU(n, "undeclared prefix %q on attribute %s of xs:%s", "необъявленный префикс %q у атрибута %s элемента xs:%s",
					a.Name.Space, a.Name.Local, name)
				return
			}
			if ns == xsdNS {
				c.errorRU(n, "attribute %s:%s in the XML Schema namespace is not allowed on xs:%s",
					"атрибут %s:%s из пространства имён XML Schema недопустим у xs:%s", a.Name.Space, a.Name.Local, name)
				return
			}
			if ns == xmlNS && a.Name.Local == "lang" {
				if _, fe := builtins["language"].validate(a.Value, n.scope); fe != nil {
					c.errorRU(n, "xml:lang %q of xs:%s is not a language code", "xml:lang %q у xs:%s не является кодом языка", a.Value, name)
					return
				}
			}
			continue
		}
		t, ok := sp.attrs[a.Name.Local]
		if !ok {
			c.errorRU(n, "attribute %q is not allowed on xs:%s here", "атрибут %q недопустим у xs:%s в этом месте", a.Name.Local, name)
			return
		}
		if t != atString {
			// every other attribute type collapses whitespace
			n.attrs[i].Value = strings.Join(strings.Fields(a.Value), " ")
		}
		if !c.s4sValue(n, t, a.Value, ids) {
			c.errorRU(n, "invalid value %q of attribute %s on xs:%s", "недопустимое значение %q атрибута %s у xs:%s", a.Value, a.Name.Local, name)
			return
		}
	}
	for _, r := range sp.req {
		if _, ok := n.attr(r); !ok {
			c.errorRU(n, "xs:%s needs the attribute %s", "у xs:%s должен быть атрибут %s", name, r)
			return
		}
	}
	if sp.any {
		return
	}
	if strings.TrimSpace(n.text) != "" {
		c.errorRU(n, "character data is not allowed in xs:%s", "текст недопустим внутри xs:%s", name)
		return
	}
	si, count := 0, 0
	for _, ch := range n.children {
		if ch.name.NS != xsdNS {
			c.errorRU(ch, "element %s is not allowed in xs:%s", "элемент %s недопустим внутри xs:%s", ch.name, name)
			return
		}
		matched := ""
		for si < len(sp.model) {
			s := sp.model[si]
			if k, ok := s.kinds[ch.name.Local]; ok && (s.max < 0 || count < s.max) {
				matched = k
				count++
				break
			}
			if count < s.min {
				break
			}
			si, count = si+1, 0
		}
		if matched == "" {
			c.errorRU(ch, "xs:%s is not allowed here in xs:%s", "xs:%s недопустим в этом месте внутри xs:%s", ch.name.Local, name)
			return
		}
		c.s4sNode(ch, matched, ids)
		if c.err != nil {
			return
		}
	}
	for ; si < len(sp.model); si, count = si+1, 0 {
		if count < sp.model[si].min {
			var want []string
			for k := range sp.model[si].kinds {
				want = append(want, "xs:"+k)
			}
			c.errorRU(n, "xs:%s is incomplete: expected %s", "xs:%s неполон: ожидается %s", name, strings.Join(sortedStrings(want), " | "))
			return
		}
	}
	c.s4sRules(n, kind)
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// s4sRules are the XML representation constraints that the schema for
// schemas cannot express.
func (c *compiler) s4sRules(n *node, kind string) {
	has := func(a string) bool { _, ok := n.attr(a); return ok }
	switch kind {
	case "topComplexType", "localComplexType":
		kids := n.xsChildren()
		if len(kids) > 1 && (kids[0].name.Local == "simpleContent" || kids[0].name.Local == "complexContent") {
			c.errorRU(kids[1], "xs:%s is not allowed after xs:%s", "xs:%s недопустим после xs:%s", kids[1].name.Local, kids[0].name.Local)
		}
	case "notation":
		if !has("public") && !has("system") {
			c.errorRU(n, "a notation declaration needs public or system", "у объявления нотации должен быть атрибут public или system")
		}
	case "localElement", "allElement":
		if has("ref") == has("name") {
			c.errorRU(n, "a local xs:element needs exactly one of name and ref", "у локального xs:element должен быть ровно один из атрибутов name и ref")
			return
		}
		if has("ref") {
			for _, a := range []string{"type", "nillable", "default", "fixed", "form", "block"} {
				if has(a) {
					c.errorRU(n, "an element reference cannot have the attribute %s", "у ссылки на элемент не может быть атрибута %s", a)
					return
				}
			}
			if len(n.xsChildren()) > 0 {
				c.errorRU(n, "an element reference cannot have content", "у ссылки на элемент не может быть содержимого")
				return
			}
		}
	case "localAttribute":
		if has("ref") == has("name") {
			c.errorRU(n, "a local xs:attribute needs exactly one of name and ref", "у локального xs:attribute должен быть ровно один из атрибутов name и ref")
			return
		}
		if has("ref") {
			for _, a := range []string{"type", "form"} {
				if has(a) {
					c.errorRU(n, "an attribute reference cannot have the attribute %s", "у ссылки на атрибут не может быть атрибута %s", a)
					return
				}
			}
			if len(n.xsChildren()) > 0 {
				c.errorRU(n, "an attribute reference cannot have content", "у ссылки на атрибут не может быть содержимого")
				return
			}
		}
		if has("default") {
			if u, ok := n.attr("use"); ok && strings.TrimSpace(u) != "optional" {
				c.errorRU(n, "an attribute with a default value must be optional", "атрибут со значением по умолчанию должен быть необязательным")
				return
			}
		}
	}
	switch kind {
	case "topElement", "localElement", "allElement", "topAttribute", "localAttribute":
		if has("default") && has("fixed") {
			c.errorRU(n, "xs:%s has both default and fixed", "у xs:%s заданы одновременно default и fixed", n.name.Local)
			return
		}
		if has("type") && len(n.xsChildren()) > 0 {
			for _, k := range n.xsChildren() {
				if k.name.Local == "simpleType" || k.name.Local == "complexType" {
					c.errorRU(n, "xs:%s has both a type attribute and an anonymous type", "у xs:%s одновременно атрибут type и анонимный тип", n.name.Local)
					return
				}
			}
		}
	case "stRestriction", "list":
		attr := map[string]string{"stRestriction": "base", "list": "itemType"}[kind]
		inner := n.child("simpleType") != nil
		if has(attr) == inner {
			c.errorRU(n, "xs:%s needs exactly one of the attribute %s and a simpleType child", "у xs:%s должен быть ровно один из атрибута %s и вложенного simpleType",
				n.name.Local, attr)
		}
	case "union":
		if !has("memberTypes") && n.child("simpleType") == nil {
			c.errorRU(n, "xs:union needs memberTypes or simpleType children", "у xs:union должны быть memberTypes или вложенные simpleType")
		} else if v, _ := n.attr("memberTypes"); has("memberTypes") && strings.TrimSpace(v) == "" && n.child("simpleType") == nil {
			c.errorRU(n, "xs:union needs memberTypes or simpleType children", "у xs:union должны быть memberTypes или вложенные simpleType")
		}
	}
}

// s4sValue checks the lexical form of an attribute value.
func (c *compiler) s4sValue(n *node, t atype, v string, ids map[string]bool) bool {
	tv := strings.Trim(v, " \t\r\n")
	oneOf := func(allowed ...string) bool {
		for _, a := range allowed {
			if tv == a {
				return true
			}
		}
		return false
	}
	set := func(all bool, allowed ...string) bool {
		if all && tv == "#all" {
			return true
		}
		for _, f := range strings.Fields(tv) {
			ok := false
			for _, a := range allowed {
				ok = ok || f == a
			}
			if !ok {
				return false
			}
		}
		return true
	}
	switch t {
	case atID:
		if !isNCName(tv) || ids[tv] {
			return false
		}
		ids[tv] = true
	case atNCName:
		return isNCName(tv)
	case atAnyURI:
		_, fe := builtins["anyURI"].validate(v, n.scope)
		return fe == nil
	case atToken:
		return true
	case atBool:
		return oneOf("true", "false", "1", "0")
	case atQName:
		_, ok := n.scope.resolveQName(tv)
		return ok
	case atQNames:
		for _, f := range strings.Fields(tv) {
			if _, ok := n.scope.resolveQName(f); !ok {
				return false
			}
		}
	case atNonNegInt:
		return isNonNegInt(tv)
	case atMaxOccurs:
		return tv == "unbounded" || isNonNegInt(tv)
	case atZeroOne, atOne:
		if !isNonNegInt(tv) {
			return false
		}
		d := strings.TrimLeft(strings.TrimPrefix(tv, "+"), "0")
		return d == "1" || d == "" && t == atZeroOne
	case atForm:
		return oneOf("qualified", "unqualified")
	case atUse:
		return oneOf("optional", "prohibited", "required")
	case atProcess:
		return oneOf("skip", "lax", "strict")
	case atNSList:
		if tv == "##any" || tv == "##other" {
			return true
		}
		for _, f := range strings.Fields(tv) {
			if f == "##any" || f == "##other" {
				return false
			}
			if strings.HasPrefix(f, "##") && f != "##targetNamespace" && f != "##local" {
				return false
			}
		}
	case atBlockDefault, atBlockElem:
		return set(true, "extension", "restriction", "substitution")
	case atFinalDefault:
		return set(true, "extension", "restriction", "list", "union")
	case atDerivER:
		return set(true, "extension", "restriction")
	case atFinalSimple:
		return set(true, "list", "union", "restriction")
	}
	return true
}

func isNonNegInt(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// boolAttr reads an xs:boolean attribute (true, false, 1, 0).
func boolAttr(n *node, name string) bool {
	v, _ := n.attr(name)
	v = strings.Trim(v, " \t\r\n")
	return v == "true" || v == "1"
}
