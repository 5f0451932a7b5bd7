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

var errorText = map[ErrorCode]i18n.Text{
	CodeMalformed:            {RU: "сертификат повреждён или имеет неверный формат", EN: "malformed certificate"},
	CodeUnsupportedAlgorithm: {RU: "алгоритм не поддерживается", EN: "unsupported algorithm"},
	CodeUnknownCurve:         {RU: "неизвестные параметры эллиптической кривой", EN: "unknown elliptic curve parameters"},
	CodeBadPublicKey:         {RU: "неверный открытый ключ", EN: "invalid public key"},
	CodeBadSignature:         {RU: "подпись сертификата неверна", EN: "certificate signature is invalid"},
	CodeExpired:              {RU: "сертификат истёк", EN: "certificate has expired"},
	CodeNotYetValid:          {RU: "срок действия сертификата ещё не наступил", EN: "certificate is not yet valid"},
	CodeUntrusted:            {RU: "не удалось построить цепочку до доверенного корневого сертификата", EN: "no chain to a trusted root certificate"},
	CodeNotCA:                {RU: "сертификат издателя не является сертификатом УЦ", EN: "issuer certificate is not a CA certificate"},
	CodeIssue:                {RU: "не удалось выпустить сертификат", EN: "certificate issuing failed"},
}

// Error is an error of this package that reaches users: Error() is in
// Russian, English() in English. Detail carries specifics (a name, a date).
type Error = i18n.CodedError[ErrorCode]

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

// Text returns the message of the code in both languages.
func (c ErrorCode) Text() i18n.Text {
	if t, ok := errorText[c]; ok {
		return t
	}
	return i18n.Text{RU: fmt.Sprintf("ошибка pki %d", c), EN: fmt.Sprintf("pki error %d", c)}
}
