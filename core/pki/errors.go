package pki

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies the errors of this package.
type ErrorCode int

// Error codes. Compare errors with errors.Is(err, pki.ErrXxx).
const (
	CodeMalformed ErrorCode = iota + 1
	CodeUnsupportedAlgorithm
	CodeUnknownCurve
	CodeBadPublicKey
	CodeBadSignature
	CodeExpired
	CodeNotYetValid
	CodeUntrusted
	CodeNotCA
	CodeIssue
)

var errorText = map[ErrorCode][2]string{ // Russian, English
	CodeMalformed:            {"сертификат повреждён или имеет неверный формат", "malformed certificate"},
	CodeUnsupportedAlgorithm: {"алгоритм не поддерживается", "unsupported algorithm"},
	CodeUnknownCurve:         {"неизвестные параметры эллиптической кривой", "unknown elliptic curve parameters"},
	CodeBadPublicKey:         {"неверный открытый ключ", "invalid public key"},
	CodeBadSignature:         {"подпись сертификата неверна", "certificate signature is invalid"},
	CodeExpired:              {"сертификат истёк", "certificate has expired"},
	CodeNotYetValid:          {"срок действия сертификата ещё не наступил", "certificate is not yet valid"},
	CodeUntrusted:            {"не удалось построить цепочку до доверенного корневого сертификата", "no chain to a trusted root certificate"},
	CodeNotCA:                {"сертификат издателя не является сертификатом УЦ", "issuer certificate is not a CA certificate"},
	CodeIssue:                {"не удалось выпустить сертификат", "certificate issuing failed"},
}

// Error is an error of this package that reaches users: Error() is in
// Russian, English() in English. Detail carries specifics (a name, a date).
type Error struct {
	Code   ErrorCode
	Detail string
	Err    error // underlying cause, may be nil
}

// Sentinel errors for errors.Is.
var (
	ErrMalformed            = &Error{Code: CodeMalformed}
	ErrUnsupportedAlgorithm = &Error{Code: CodeUnsupportedAlgorithm}
	ErrUnknownCurve         = &Error{Code: CodeUnknownCurve}
	ErrBadPublicKey         = &Error{Code: CodeBadPublicKey}
	ErrBadSignature         = &Error{Code: CodeBadSignature}
	ErrExpired              = &Error{Code: CodeExpired}
	ErrNotYetValid          = &Error{Code: CodeNotYetValid}
	ErrUntrusted            = &Error{Code: CodeUntrusted}
	ErrNotCA                = &Error{Code: CodeNotCA}
	ErrIssue                = &Error{Code: CodeIssue}
)

func newError(code ErrorCode, err error, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...), Err: err}
}

func (e *Error) text(lang i18n.Lang) string {
	t := errorText[e.Code]
	s := t[0]
	if lang == i18n.EN {
		s = t[1]
	}
	if s == "" {
		s = fmt.Sprintf("pki error %d", e.Code)
	}
	return i18n.Compose(lang, s, e.Detail, e.Err)
}

// Error returns the Russian message.
func (e *Error) Error() string { return e.text(i18n.RU) }

// English returns the English message.
func (e *Error) English() string { return e.text(i18n.EN) }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is a *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
