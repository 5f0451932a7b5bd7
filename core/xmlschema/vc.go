package xmlschema

import (
	"strconv"
	"strings"
)

// vcNS is the namespace of the conditional inclusion attributes of XSD 1.1
// (§4.2.1), which an XSD 1.0 processor may honour too: an element whose
// vc: attributes exclude version 1.0 (or ask for a type or facet this
// processor lacks) is removed from the schema document with its subtree.
const vcNS = "http://www.w3.org/2007/XMLSchema-versioning"

// vcFilter removes the excluded children of n, recursively.
func vcFilter(n *node) {
	keep := n.children[:0]
	for _, ch := range n.children {
		if vcIncluded(ch) {
			vcFilter(ch)
			keep = append(keep, ch)
		}
	}
	n.children = keep
}

func vcIncluded(n *node) bool {
	for _, a := range n.attrs {
		if a.Name.Space == "" || a.Name.Space == "xmlns" {
			continue
		}
		if ns, ok := n.scope.lookup(a.Name.Space); !ok || ns != vcNS {
			continue
		}
		v := strings.TrimSpace(a.Value)
		switch a.Name.Local {
		case "minVersion":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 1.0 {
				return false
			}
		case "maxVersion":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f <= 1.0 {
				return false
			}
		case "typeAvailable", "typeUnavailable", "facetAvailable", "facetUnavailable":
			all := true
			for _, f := range strings.Fields(v) {
				q, ok := n.scope.resolveQName(f)
				known := ok && q.NS == xsdNS
				if known && strings.HasPrefix(a.Name.Local, "type") {
					_, b := builtins[q.Local]
					known = b || q.Local == "anyType"
				} else if known {
					known = facetNames[q.Local]
				}
				all = all && known
			}
			if strings.HasSuffix(a.Name.Local, "Unavailable") == all {
				return false
			}
		}
	}
	return true
}
