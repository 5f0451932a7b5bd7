package xmlschema

import (
	"fmt"
	"strings"
)

// parseXPath parses the XPath subset of identity constraints (Structures
// §3.11.6): Path ('|' Path)*, Path = ('.//')? Step ('/' Step)*, Step = '.'
// or a name test with an optional child:: axis, with a final attribute
// step (@ or attribute::) allowed in fields. Whitespace may separate
// tokens. ".//." selects the context node and all its descendants.
func parseXPath(src string, scope *nsScope, field bool) ([]xpath, error) {
	toks, err := xpathTokens(src)
	if err != nil {
		return nil, err
	}
	var out []xpath
	i := 0
	peek := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k]
		}
		return ""
	}
	for {
		var x xpath
		if peek(0) == "." && peek(1) == "//" {
			x.desc = true
			i += 2
		}
		for {
			t := peek(0)
			isAttr := false
			switch {
			case t == "":
				return nil, fmt.Errorf("incomplete path %q", src)
			case t == ".":
				i++
				goto next
			case t == "@":
				isAttr = true
				i++
			case (t == "attribute" || t == "child") && peek(1) == "::":
				isAttr = t == "attribute"
				i += 2
			}
			if nt := peek(0); nt == "" || strings.ContainsAny(nt[:1], "./|@") || nt == "::" {
				return nil, fmt.Errorf("bad name test in %q", src)
			}
			{
				nt, err := parseNameTest(peek(0), scope)
				if err != nil {
					return nil, fmt.Errorf("%v in %q", err, src)
				}
				i++
				if isAttr {
					if !field || peek(0) == "/" {
						return nil, fmt.Errorf("attribute step not allowed in %q", src)
					}
					x.attr = &nt
				} else {
					x.steps = append(x.steps, nt)
				}
			}
		next:
			if peek(0) != "/" {
				break
			}
			i++
		}
		if len(x.steps) == 0 && x.attr == nil && !x.desc {
			x.self = true
		}
		out = append(out, x)
		switch peek(0) {
		case "":
			return out, nil
		case "|":
			i++
		default:
			return nil, fmt.Errorf("unexpected %q in %q", peek(0), src)
		}
	}
}

// xpathTokens splits an identity-constraint XPath into tokens: . / // | @
// :: * and names (QName, NCName:*).
func xpathTokens(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '/':
			if i+1 < len(s) && s[i+1] == '/' {
				out = append(out, "//")
				i += 2
			} else {
				out = append(out, "/")
				i++
			}
		case c == '.' || c == '|' || c == '@' || c == '*':
			out = append(out, string(c))
			i++
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			out = append(out, "::")
			i += 2
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n/|@*:", rune(s[j])) {
				j++
			}
			if j < len(s) && s[j] == ':' && (j+1 >= len(s) || s[j+1] != ':') {
				j++
				if j < len(s) && s[j] == '*' {
					j++
				} else {
					for j < len(s) && !strings.ContainsRune(" \t\r\n/|@*:", rune(s[j])) {
						j++
					}
				}
			}
			if j == i {
				return nil, fmt.Errorf("unexpected %q in %q", s[i:i+1], s)
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out, nil
}

func parseNameTest(s string, scope *nsScope) (nameTest, error) {
	if s == "*" {
		return nameTest{any: true}, nil
	}
	if p, ok := strings.CutSuffix(s, ":*"); ok {
		if !isNCName(p) {
			return nameTest{}, fmt.Errorf("bad name test %q", s)
		}
		u, ok := scope.lookup(p)
		if !ok {
			return nameTest{}, fmt.Errorf("undeclared prefix %q", p)
		}
		return nameTest{nsAny: true, q: QName{NS: u}}, nil
	}
	pre, loc, has := strings.Cut(s, ":")
	if !has {
		if !isNCName(s) {
			return nameTest{}, fmt.Errorf("bad name test %q", s)
		}
		return nameTest{q: QName{"", s}}, nil // no default namespace in XPath 1.0
	}
	if !isNCName(pre) || !isNCName(loc) {
		return nameTest{}, fmt.Errorf("bad name test %q", s)
	}
	u, ok := scope.lookup(pre)
	if !ok {
		return nameTest{}, fmt.Errorf("undeclared prefix %q", pre)
	}
	return nameTest{q: QName{u, loc}}, nil
}

// matchSteps reports whether the element names rel (relative to the
// context node) are selected by x's element steps.
func (x *xpath) matchSteps(rel []QName) bool {
	if x.desc && len(x.steps) == 0 {
		return true // .//. : the context node and every descendant
	}
	if x.desc {
		if len(rel) < len(x.steps) || len(rel) == 0 {
			return false
		}
		rel = rel[len(rel)-len(x.steps):]
	} else if len(rel) != len(x.steps) {
		return false
	}
	for i, s := range x.steps {
		if !s.matches(rel[i]) {
			return false
		}
	}
	return true
}
