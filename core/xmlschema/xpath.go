package xmlschema

import (
	"fmt"
	"strings"
)

// parseXPath parses the XPath subset of identity constraints (Structures
// §3.11.6): Path ('|' Path)*, Path = ('.//')? Step ('/' Step)*, with a final
// attribute step allowed in fields.
func parseXPath(src string, scope *nsScope, field bool) ([]xpath, error) {
	var out []xpath
	for _, alt := range strings.Split(src, "|") {
		alt = strings.TrimSpace(alt)
		if alt == "" {
			return nil, fmt.Errorf("empty path in %q", src)
		}
		var x xpath
		if strings.HasPrefix(alt, ".//") {
			x.desc = true
			alt = strings.TrimSpace(alt[3:])
		} else if strings.HasPrefix(alt, "//") || strings.HasPrefix(alt, "/") {
			return nil, fmt.Errorf("absolute path in %q", src)
		}
		steps := strings.Split(alt, "/")
		for i, st := range steps {
			st = strings.TrimSpace(st)
			last := i == len(steps)-1
			if st == "." {
				if x.desc && i == 0 && len(steps) == 1 {
					return nil, fmt.Errorf("invalid path %q", src)
				}
				continue
			}
			isAttr := false
			switch {
			case strings.HasPrefix(st, "@"):
				isAttr, st = true, strings.TrimSpace(st[1:])
			case strings.HasPrefix(st, "attribute::"):
				isAttr, st = true, strings.TrimSpace(st[len("attribute::"):])
			case strings.HasPrefix(st, "child::"):
				st = strings.TrimSpace(st[len("child::"):])
			}
			if isAttr && (!field || !last) {
				return nil, fmt.Errorf("attribute step not allowed in %q", src)
			}
			nt, err := parseNameTest(st, scope)
			if err != nil {
				return nil, fmt.Errorf("%v in %q", err, src)
			}
			if isAttr {
				x.attr = &nt
			} else {
				x.steps = append(x.steps, nt)
			}
		}
		if len(x.steps) == 0 && x.attr == nil {
			if x.desc {
				return nil, fmt.Errorf("invalid path %q", src)
			}
			x.self = true
		}
		out = append(out, x)
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
