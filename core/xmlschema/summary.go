package xmlschema

import (
	"errors"
	"fmt"
	"io"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/xmltok"
)

// ErrorCount says "n errors" in Russian and English with the right plural
// form: 1 ошибка, 2 ошибки, 5 ошибок, 21 ошибка; 1 error, 2 errors.
func ErrorCount(n int) (ru, en string) {
	en = fmt.Sprintf("%d errors", n)
	if n == 1 {
		en = "1 error"
	}
	return fmt.Sprintf("%d %s", n, PluralRU(n, "ошибка", "ошибки", "ошибок")), en
}

// PluralRU picks the Russian form for n: one (1, 21, 101), few (2–4,
// 22–24) or many (0, 5–20, 11–14, 25…).
func PluralRU(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch n10, n100 := n%10, n%100; {
	case n10 == 1 && n100 != 11:
		return one
	case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
		return few
	}
	return many
}

// Summary is the one-line verdict on a document after Validate returned
// res and err, in Russian and English: «соответствует схеме» / "valid";
// «не соответствует схеме: 3 ошибки» / "invalid: 3 errors"; and for a
// document that is not well-formed (err is *XMLError) «документ не
// является корректным XML» / "not well-formed XML" — a well-formedness
// error is not a schema error. truncated adds «(показаны не все)».
func Summary(res *Result, err error) (ru, en string) {
	var xe *XMLError
	if errors.As(err, &xe) {
		return "документ не является корректным XML", "not well-formed XML"
	}
	if res == nil || res.Valid() {
		return "соответствует схеме", "valid"
	}
	ru, en = ErrorCount(len(res.Errors))
	ru, en = "не соответствует схеме: "+ru, "invalid: "+en
	if res.Truncated {
		ru, en = ru+" (показаны не все)", en+" (not all shown)"
	}
	return ru, en
}

// WellFormed reads a whole document and reports the first
// well-formedness error as *XMLError (English and Russian), nil when the
// document is well-formed XML. It lets checkers built on other parsers
// (encoding/xml) give the same bilingual messages as Validate.
func WellFormed(r io.Reader) error {
	v := newValidator(nil, &ValidateOptions{MaxDepth: 4096, MaxBytes: 1 << 30})
	d := xmltok.NewDecoder(openDocument(r, v.o.MaxBytes), &xmltok.Options{CharsetReader: charsetReader, MaxDepth: v.o.MaxDepth})
	v.d = d
	for {
		_, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return v.xmlError(err)
		}
	}
}
