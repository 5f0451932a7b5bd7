package xmlschema

import "fmt"

func ferr(rule, en, ru string, args ...any) *facetError {
	return &facetError{rule: rule, en: fmt.Sprintf(en, args...), ru: fmt.Sprintf(ru, args...)}
}
