package cms

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies the errors of this package.
type ErrorCode int

// Error codes. Compare errors with errors.Is(err, cms.ErrXxx).
const (
	CodeMalformed ErrorCode = iota + 1
	CodeTruncated
	CodeNotSignedData
	CodeUnsupportedAlgorithm
	CodeNoContent
	CodeContentMismatch
	CodeBadSignature
	CodeNoSignerCertificate
	CodeSigningCertMismatch
	CodeAlgorithmProtection
	CodeNoSigners
	CodeSign
	CodeIO
)

var errorText = map[ErrorCode][2]string{ // Russian, English
	CodeMalformed:            {"файл подписи повреждён или имеет неверный формат", "malformed signature file"},
	CodeTruncated:            {"файл подписи обрезан", "signature file is truncated"},
	CodeNotSignedData:        {"файл не является подписью CMS (SignedData)", "not a CMS SignedData signature"},
	CodeUnsupportedAlgorithm: {"алгоритм не поддерживается", "unsupported algorithm"},
	CodeNoContent:            {"подпись отсоединённая: нужен подписанный файл", "detached signature: the signed file is needed"},
	CodeContentMismatch:      {"подпись не соответствует документу", "signature does not match the document"},
	CodeBadSignature:         {"подпись неверна", "signature is invalid"},
	CodeNoSignerCertificate:  {"в подписи нет сертификата подписанта", "signer certificate not found in the signature"},
	CodeSigningCertMismatch:  {"атрибут signingCertificate не соответствует сертификату подписанта", "signingCertificate attribute does not match the signer certificate"},
	CodeAlgorithmProtection:  {"атрибут CMSAlgorithmProtection не соответствует алгоритмам подписи", "CMSAlgorithmProtection does not match the signature algorithms"},
	CodeNoSigners:            {"в подписи нет подписантов", "signature has no signers"},
	CodeSign:                 {"не удалось подписать", "signing failed"},
	CodeIO:                   {"ошибка чтения данных", "read error"},
}

// Error is an error of this package that reaches users: Error() is in
// Russian, English() in English.
type Error struct {
	Code   ErrorCode
	Detail string
	Err    error
}

// Sentinel errors for errors.Is.
var (
	ErrMalformed            = &Error{Code: CodeMalformed}
	ErrTruncated            = &Error{Code: CodeTruncated}
	ErrNotSignedData        = &Error{Code: CodeNotSignedData}
	ErrUnsupportedAlgorithm = &Error{Code: CodeUnsupportedAlgorithm}
	ErrNoContent            = &Error{Code: CodeNoContent}
	ErrContentMismatch      = &Error{Code: CodeContentMismatch}
	ErrBadSignature         = &Error{Code: CodeBadSignature}
	ErrNoSignerCertificate  = &Error{Code: CodeNoSignerCertificate}
	ErrSigningCertMismatch  = &Error{Code: CodeSigningCertMismatch}
	ErrAlgorithmProtection  = &Error{Code: CodeAlgorithmProtection}
	ErrNoSigners            = &Error{Code: CodeNoSigners}
	ErrSign                 = &Error{Code: CodeSign}
	ErrIO                   = &Error{Code: CodeIO}
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
		s = fmt.Sprintf("cms error %d", e.Code)
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
