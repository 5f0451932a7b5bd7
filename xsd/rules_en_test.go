package xsd

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// quoted are the values an English message quotes (%q): data, such as a
// value the field must hold («ФССП»), not words of the message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// The field rules' messages reach the window: in English they name each
// field and its format in English, whatever the fault.
func TestFieldRuleMessagesInEnglish(t *testing.T) {
	for name, rs := range ruleSets {
		for _, p := range rs.order {
			f := rs.rules[p]
			if f.ru != "" {
				english(t, name+" "+p, f.en)
			}
			if f.pattern != nil && hasCyrillic(f.pattern.String()) {
				src := strings.TrimSuffix(strings.TrimPrefix(f.pattern.String(), "^(?:"), ")$")
				if _, ok := patternWords[src]; !ok {
					t.Errorf("%s %s: the format %s has no English words", name, p, src)
				}
			}
			if f.kind == kGroup || f.kind == kAny {
				continue
			}
			// every fault a value can have: empty, not the fixed value,
			// too long, not the format, not a date
			doc := &ruleDoc{values: map[string][]valuePos{}, res: &xmlschema.Result{}, max: 100}
			for _, v := range []string{"", "!", strings.Repeat("!", f.max+1)} {
				checkValue(doc, f, valuePos{text: v, path: "/" + p})
			}
			for _, e := range doc.res.Errors {
				if hasCyrillic(quoted.ReplaceAllString(e.Message, "")) {
					t.Errorf("%s %s: Russian in the English message %q", name, p, e.Message)
				}
				if e.MessageRU == "" {
					t.Errorf("%s %s: no Russian message for %q", name, p, e.Message)
				}
			}
		}
	}
}
