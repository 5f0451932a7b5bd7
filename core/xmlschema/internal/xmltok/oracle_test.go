package xmltok

import (
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// xmllintDiffers lists the corpus inputs on which the verdict differs from
// libxml2's on purpose: a name with two colons (encoding/xml refused it
// too; libxml2 only reports a namespace error), and an encoding the test
// gives no charset reader for.
var xmllintDiffers = map[string]bool{
	"<a:b:c/>": true,
	"<?xml version='1.0' encoding='KOI8-R'?><a/>": true,
}

// TestCorpusMatchesXmllint checks every corpus verdict, the stricter
// rules included, against xmllint --noout.
func TestCorpusMatchesXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	for _, c := range corpus {
		_, err := oracle.Run([]byte(c.doc), "xmllint", "--noout", "-")
		lint := err == nil
		mine := check([]byte(c.doc), nil) == nil
		if lint != mine && !xmllintDiffers[c.doc] {
			t.Errorf("%q: xmllint well-formed=%v, ours %v", c.doc, lint, mine)
		}
		if lint == mine && xmllintDiffers[c.doc] {
			t.Errorf("%q: listed as differing from xmllint but agrees", c.doc)
		}
	}
}

// TestStricterRulesMatchXmllint: every rule this package adds to
// encoding/xml's is one that libxml2 enforces too.
func TestStricterRulesMatchXmllint(t *testing.T) {
	oracle.RequireTool(t, "xmllint", "libxml2-utils")
	n := 0
	for _, c := range corpus {
		err := check([]byte(c.doc), nil)
		if err == nil || refCheck([]byte(c.doc)) != nil {
			continue
		}
		n++
		if _, lerr := oracle.Run([]byte(c.doc), "xmllint", "--noout", "-"); lerr == nil {
			t.Errorf("%q: we refuse (%v), encoding/xml and xmllint accept", c.doc, err)
		}
		found := false
		for _, s := range stricter {
			found = found || strings.Contains(err.Error(), s)
		}
		if !found {
			t.Errorf("%q: %v is not in the list of stricter rules", c.doc, err)
		}
	}
	if n < 10 {
		t.Errorf("only %d corpus inputs exercise the stricter rules", n)
	}
}
