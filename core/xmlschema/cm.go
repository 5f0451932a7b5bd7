package xmlschema

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Content models are matched with Brzozowski derivatives over regular
// expressions with counted repetition: a state is an immutable expression,
// and each element name yields the derivative. Occurrence bounds stay
// numbers, so maxOccurs="100000" costs nothing.

type cmKind uint8

const (
	kEps cmKind = iota
	kFail
	kTerm
	kSeq
	kAlt
	kRep
	kAll
)

type cm struct {
	kind     cmKind
	null     bool
	a, b     *cm
	p        *particle
	min, max int
	items    []*particle
	seen     []bool
	allMin   int
	size     int
}

type cmNode = *cm

var (
	cmEps  = &cm{kind: kEps, null: true, size: 1}
	cmFail = &cm{kind: kFail, size: 1}
)

const maxCMSize = 1 << 16

func mkSeq(a, b *cm) *cm {
	switch {
	case a.kind == kFail || b.kind == kFail:
		return cmFail
	case a.kind == kEps:
		return b
	case b.kind == kEps:
		return a
	}
	return &cm{kind: kSeq, a: a, b: b, null: a.null && b.null, size: a.size + b.size + 1}
}

func mkAlt(a, b *cm) *cm {
	switch {
	case a.kind == kFail:
		return b
	case b.kind == kFail:
		return a
	case cmEqual(a, b, 0):
		return a
	}
	if a.size+b.size > maxCMSize {
		return a // pathological: keep the first alternative only
	}
	return &cm{kind: kAlt, a: a, b: b, null: a.null || b.null, size: a.size + b.size + 1}
}

func mkRep(a *cm, min, max int) *cm {
	if max == 0 || a.kind == kEps {
		return cmEps
	}
	if a.kind == kFail {
		if min == 0 {
			return cmEps
		}
		return cmFail
	}
	if min == 1 && max == 1 {
		return a
	}
	return &cm{kind: kRep, a: a, min: min, max: max, null: min == 0 || a.null, size: a.size + 1}
}

func mkAll(items []*particle, seen []bool, allMin int) *cm {
	n := &cm{kind: kAll, items: items, seen: seen, allMin: allMin, size: len(items) + 1}
	n.null = true
	any := false
	for i, p := range items {
		if seen[i] {
			any = true
		} else if p.min > 0 {
			n.null = false
		}
	}
	if allMin == 0 && !any {
		n.null = true
	}
	return n
}

func cmEqual(a, b *cm, depth int) bool {
	if a == b {
		return true
	}
	if a.kind != b.kind || a.size != b.size || depth > 50 {
		return false
	}
	switch a.kind {
	case kTerm:
		return a.p == b.p
	case kSeq, kAlt:
		return cmEqual(a.a, b.a, depth+1) && cmEqual(a.b, b.b, depth+1)
	case kRep:
		return a.min == b.min && a.max == b.max && cmEqual(a.a, b.a, depth+1)
	case kAll:
		if len(a.items) != len(b.items) || a.allMin != b.allMin {
			return false
		}
		for i := range a.items {
			if a.items[i] != b.items[i] || a.seen[i] != b.seen[i] {
				return false
			}
		}
		return true
	}
	return true
}

// buildCM compiles a particle into an expression.
func buildCM(p *particle) *cm {
	if p == nil {
		return cmEps
	}
	var body *cm
	switch {
	case p.elem != nil || p.wild != nil:
		body = &cm{kind: kTerm, p: p, size: 1}
	case p.group != nil:
		g := p.group
		switch g.comp {
		case cAll:
			return mkAll(g.particles, make([]bool, len(g.particles)), p.min)
		case cSequence:
			body = cmEps
			for i := len(g.particles) - 1; i >= 0; i-- {
				body = mkSeq(buildCM(g.particles[i]), body)
			}
		case cChoice:
			body = cmFail
			for i := len(g.particles) - 1; i >= 0; i-- {
				body = mkAltNoDedup(buildCM(g.particles[i]), body)
			}
		}
	default:
		return cmEps
	}
	return mkRep(body, p.min, p.max)
}

func mkAltNoDedup(a, b *cm) *cm {
	switch {
	case a.kind == kFail:
		return b
	case b.kind == kFail:
		return a
	}
	return &cm{kind: kAlt, a: a, b: b, null: a.null || b.null, size: a.size + b.size + 1}
}

// matchTerm reports whether particle p (element or wildcard) matches q.
func matchTerm(p *particle, q QName) bool {
	if p.elem != nil {
		if p.elem.name == q {
			return true
		}
		for _, m := range p.elem.members {
			if m.name == q {
				return true
			}
		}
		return false
	}
	return p.wild.allows(q.NS)
}

// deriv returns the derivative of n by the element name q and the particle
// that matched it (nil when none did).
func deriv(n *cm, q QName) (*cm, *particle) {
	switch n.kind {
	case kTerm:
		if matchTerm(n.p, q) {
			return cmEps, n.p
		}
		return cmFail, nil
	case kSeq:
		da, pa := deriv(n.a, q)
		r := mkSeq(da, n.b)
		if n.a.null {
			db, pb := deriv(n.b, q)
			if pa == nil {
				pa = pb
			}
			r = mkAlt(r, db)
		}
		return r, pa
	case kAlt:
		da, pa := deriv(n.a, q)
		db, pb := deriv(n.b, q)
		if pa == nil {
			pa = pb
		}
		return mkAlt(da, db), pa
	case kRep:
		if n.max == 0 {
			return cmFail, nil
		}
		da, pa := deriv(n.a, q)
		if da.kind == kFail {
			return cmFail, nil
		}
		min, max := n.min-1, n.max-1
		if min < 0 {
			min = 0
		}
		if n.max < 0 {
			max = -1
		}
		rest := n // a{0,unbounded} stays itself: no new node per repetition
		if min != n.min || max != n.max {
			rest = mkRep(n.a, min, max)
		}
		return mkSeq(da, rest), pa
	case kAll:
		for i, p := range n.items {
			if !n.seen[i] && p.max != 0 && matchTerm(p, q) {
				s := append([]bool(nil), n.seen...)
				s[i] = true
				return mkAll(n.items, s, n.allMin), p
			}
		}
		return cmFail, nil
	}
	return cmFail, nil
}

// first lists the particles that can match next.
func first(n *cm, out []*particle) []*particle {
	switch n.kind {
	case kTerm:
		return append(out, n.p)
	case kSeq:
		out = first(n.a, out)
		if n.a.null {
			out = first(n.b, out)
		}
	case kAlt:
		out = first(n.b, first(n.a, out))
	case kRep:
		if n.max != 0 {
			out = first(n.a, out)
		}
	case kAll:
		for i, p := range n.items {
			if !n.seen[i] && p.max != 0 {
				out = append(out, p)
			}
		}
	}
	return out
}

// expected renders the names that may come next, for error messages.
func expected(n *cm) string {
	ps := first(n, nil)
	seen := map[string]bool{}
	var names []string
	for _, p := range ps {
		var s string
		switch {
		case p.elem != nil:
			s = p.elem.name.Local
			if !seen[s] {
				seen[s] = true
				names = append(names, s)
			}
			for _, m := range p.elem.members {
				if !seen[m.name.Local] {
					seen[m.name.Local] = true
					names = append(names, m.name.Local)
				}
			}
			continue
		case p.wild.kind == wcAny:
			s = "##any"
		case p.wild.kind == wcNot:
			s = "##other"
		default:
			var l []string
			for k := range p.wild.set {
				if k == "" {
					k = "##local"
				}
				l = append(l, k)
			}
			sort.Strings(l)
			s = "{" + strings.Join(l, " ") + "}:*"
		}
		if !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	return strings.Join(names, ", ")
}

// ---- Unique Particle Attribution ----

// overlap reports whether two different particles can match the same
// element name, and returns a representative name.
func overlap(a, b *particle) (QName, bool) {
	names := func(p *particle) []QName {
		if p.elem == nil {
			return nil
		}
		out := []QName{p.elem.name}
		for _, m := range p.elem.members {
			out = append(out, m.name)
		}
		return out
	}
	switch {
	case a.elem != nil && b.elem != nil:
		for _, x := range names(a) {
			for _, y := range names(b) {
				if x == y {
					return x, true
				}
			}
		}
	case a.elem != nil:
		for _, x := range names(a) {
			if b.wild.allows(x.NS) {
				return x, true
			}
		}
	case b.elem != nil:
		return overlap(b, a)
	default:
		if ns, ok := wildOverlap(a.wild, b.wild); ok {
			return QName{ns, "*"}, true
		}
	}
	return QName{}, false
}

func wildOverlap(a, b *wildcard) (string, bool) {
	cands := []string{"", "urn:x-probe-namespace", a.not, b.not}
	for k := range a.set {
		cands = append(cands, k)
	}
	for k := range b.set {
		cands = append(cands, k)
	}
	for _, ns := range cands {
		if a.allows(ns) && b.allows(ns) {
			return ns, true
		}
	}
	return "", false
}

func (c *compiler) checkUPA(t *complexType) {
	if t.cm == nil || t.content == ctSimple || t.content == ctEmpty {
		return
	}
	ids := map[*particle]int{}
	var key func(n *cm, b *strings.Builder)
	key = func(n *cm, b *strings.Builder) {
		b.WriteByte(byte('0' + n.kind))
		switch n.kind {
		case kTerm:
			id, ok := ids[n.p]
			if !ok {
				id = len(ids)
				ids[n.p] = id
			}
			b.WriteString(strconv.Itoa(id))
		case kSeq, kAlt:
			b.WriteByte('(')
			key(n.a, b)
			b.WriteByte(',')
			key(n.b, b)
			b.WriteByte(')')
		case kRep:
			fmt.Fprintf(b, "%d:%d(", n.min, n.max)
			key(n.a, b)
			b.WriteByte(')')
		case kAll:
			for i := range n.items {
				if n.seen[i] {
					b.WriteByte('1')
				} else {
					b.WriteByte('0')
				}
			}
		}
	}
	seen := map[string]bool{}
	queue := []*cm{t.cm}
	for steps := 0; len(queue) > 0 && steps < 500; steps++ {
		n := queue[0]
		queue = queue[1:]
		var b strings.Builder
		key(n, &b)
		if seen[b.String()] || b.Len() > 4096 {
			continue
		}
		seen[b.String()] = true
		ps := first(n, nil)
		// distinct particles
		var uniq []*particle
		for _, p := range ps {
			dup := false
			for _, u := range uniq {
				if u == p {
					dup = true
					break
				}
			}
			if !dup {
				uniq = append(uniq, p)
			}
		}
		for i := range uniq {
			for j := i + 1; j < len(uniq); j++ {
				if q, ok := overlap(uniq[i], uniq[j]); ok {
					name := "type"
					if t.name.Local != "" {
						name = "type " + t.name.Local
					}
					c.errorf(t.node, "the content model of %s is not deterministic: %s can match two particles (Unique Particle Attribution)", name, q.Local)
					return
				}
			}
		}
		for _, p := range uniq {
			var q QName
			if p.elem != nil {
				q = p.elem.name
			} else {
				ns, _ := wildOverlap(p.wild, p.wild)
				q = QName{ns, "\x00any"}
			}
			d, _ := deriv(n, q)
			if d.kind != kFail {
				queue = append(queue, d)
			}
			if p.elem != nil {
				for _, m := range p.elem.members {
					d, _ := deriv(n, m.name)
					if d.kind != kFail {
						queue = append(queue, d)
					}
				}
			}
		}
	}
}

// resync looks for the state nearest to n (fewest elements inserted, up to
// resyncDepth) in which q is accepted, so that after one missing element
// the following siblings are checked against the right position of the
// content model instead of each failing in turn. It returns the
// derivative by q from that state, the particle that matched and the
// particles that had to be inserted, or nil when no such state is close.
func resync(n *cm, q QName) (*cm, *particle, []*particle) {
	const resyncDepth, resyncStates = 6, 256
	type node struct {
		s    *cm
		path []*particle
	}
	queue := []node{{n, nil}}
	visited := 0
	for len(queue) > 0 && visited < resyncStates {
		cur := queue[0]
		queue = queue[1:]
		visited++
		if len(cur.path) > 0 {
			if d, p := deriv(cur.s, q); p != nil && d.kind != kFail {
				return d, p, cur.path
			}
		}
		if len(cur.path) >= resyncDepth {
			continue
		}
		seen := map[QName]bool{}
		for _, p := range first(cur.s, nil) {
			if p.elem == nil || p.elem.abstract || seen[p.elem.name] {
				continue // wildcards and abstract heads cannot be inserted by name
			}
			seen[p.elem.name] = true
			if d, _ := deriv(cur.s, p.elem.name); d.kind != kFail {
				queue = append(queue, node{d, append(append([]*particle(nil), cur.path...), p)})
			}
		}
	}
	return nil, nil, nil
}
