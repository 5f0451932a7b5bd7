// Package xmlschema is a pure-Go validator for W3C XML Schema 1.0
// (Structures and Datatypes, second edition).
//
// A schema is compiled once from a file system, then used to validate any
// number of instance documents, concurrently if need be:
//
//	s, err := xmlschema.Compile(os.DirFS("xsd"), "req.xsd", nil)
//	if err != nil { ... } // *SchemaError: file, line, message
//	res, err := s.Validate(f, nil)
//	if err != nil { ... } // not well-formed XML, I/O error, limits
//	for _, e := range res.Errors { fmt.Println(e.Line, e.Column, e.Path, e.MessageRU) }
//
// Validation streams the tokens of a built-in XML 1.0 tokenizer (well-formedness
// is checked as libxml2 checks it): memory is bounded by the depth of
// the document (plus the tables of identity constraints and IDs), not by
// its size. Every error carries the line and column (counted in
// characters, as an editor counts them: a tab or a Cyrillic letter is one)
// of the element start tag it is about, a path such as /EPGURequest/Applicant[1]/Snils (ancestors
// carry their position among same-named siblings, the last step only when
// it is not the first), a short stable rule id taken from the names of the
// validation rules of the specification (for example "cvc-minLength-valid",
// "cvc-complex-type.2.4.a"), and an English and a Russian message.
//
// Parsing is safe: DTDs are never fetched, external entities are never
// resolved (only internal general entities of the internal subset are
// expanded, without recursion), and depth and size limits apply.
//
// What is supported: xs:include, xs:import (schemaLocation relative to the
// including document, or a namespace → file catalog, or a fallback file
// system), xs:redefine; target namespaces and element/attribute form
// defaults; all built-in datatypes of XSD 1.0 with their lexical and value
// spaces, all facets, list and union types; XSD regular expressions
// (translated to Go's RE2 syntax: \i \c \d \w \s and negations, \p{..}
// categories and Is-block names, character-class subtraction, implicit
// anchoring); sequence, choice and all with any min/maxOccurs (counted, never
// expanded), mixed content, simple and complex content extension and
// restriction, wildcards with processContents, xsi:type, xsi:nil, nillable,
// default and fixed values, abstract elements and types, substitution
// groups, block and final, identity constraints (key, keyref, unique with
// the XPath subset of the specification), ID/IDREF.
//
// Known limits are listed in README.md next to this file.
package xmlschema
