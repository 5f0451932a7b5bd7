package pki

import (
	"fmt"
	"strconv"
)

// Issuers of test certificates (the sandbox, its ЕНС demo PKI, gosctl pki
// issue) check their subjects with CheckIdentifiers before issuing, so that
// no generated ИНН, ИНН ЮЛ, ОГРН, ОГРНИП or СНИЛС fails its checksum
// (issue 13, item 16: the sandbox's own employee had ИНН 7700000018, which
// `certs show` flags). CA.Issue itself stays permissive: tests of the
// warnings about such certificates need them.

// CheckIdentifiers returns an error naming the first identifier of n that
// is malformed or fails its checksum (nil: all present ones are valid).
func CheckIdentifiers(n Name) error {
	for _, c := range []struct {
		label, v string
		ok       func(string) bool
	}{
		{"ИНН", n.INN, ValidINN}, {"ИНН ЮЛ", n.INNLE, ValidINN}, {"ОГРН", n.OGRN, ValidOGRN},
		{"ОГРНИП", n.OGRNIP, ValidOGRNIP}, {"СНИЛС", n.SNILS, ValidSNILS},
	} {
		if c.v != "" && !c.ok(c.v) {
			return newError(CodeIssue, nil, "%s %s: неверная контрольная сумма", c.label, c.v)
		}
	}
	if n.INNLE != "" && len(n.INNLE) != 10 {
		return newError(CodeIssue, nil, "ИНН ЮЛ %s: нужно 10 цифр", n.INNLE)
	}
	return nil
}

// INN10 completes the first 9 digits of a legal entity's ИНН with its
// check digit (test data generators).
func INN10(first9 string) string {
	d, ok := digits(first9, 9)
	if !ok {
		panic("pki.INN10: need 9 digits")
	}
	return first9 + strconv.Itoa(weighted(d, []int{2, 4, 10, 3, 5, 9, 4, 6, 8})%11%10)
}

// INN12 completes the first 10 digits of a person's ИНН with its two
// check digits.
func INN12(first10 string) string {
	d, ok := digits(first10, 10)
	if !ok {
		panic("pki.INN12: need 10 digits")
	}
	c1 := weighted(d, []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10
	d = append(d, c1)
	c2 := weighted(d, []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10
	return fmt.Sprintf("%s%d%d", first10, c1, c2)
}

// OGRN13 completes the first 12 digits of an ОГРН with its check digit.
func OGRN13(first12 string) string {
	n, err := strconv.ParseUint(first12, 10, 64)
	if err != nil || len(first12) != 12 {
		panic("pki.OGRN13: need 12 digits")
	}
	return first12 + strconv.FormatUint(n%11%10, 10)
}

// SNILS11 completes the first 9 digits of a СНИЛС with its check number.
func SNILS11(first9 string) string {
	d, ok := digits(first9, 9)
	if !ok {
		panic("pki.SNILS11: need 9 digits")
	}
	s := 0
	for i, x := range d {
		s += x * (9 - i)
	}
	for s > 101 {
		s %= 101
	}
	if s == 100 || s == 101 {
		s = 0
	}
	return fmt.Sprintf("%s%02d", first9, s)
}
