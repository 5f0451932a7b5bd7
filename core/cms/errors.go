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

var errorText = map[ErrorCode]i18n.Text{
	CodeMalformed:            {RU: "файл подписи повреждён или имеет неверный формат", EN: "malformed signature file"},
	CodeTruncated:            {RU: "файл подписи обрезан", EN: "signature file is truncated"},
	CodeNotSignedData:        {RU: "файл не является подписью CMS (SignedData)", EN: "not a CMS SignedData signature"},
	CodeUnsupportedAlgorithm: {RU: "алгоритм не поддерживается", EN: "unsupported algorithm"},
	CodeNoContent:            {RU: "подпись отсоединённая: нужен подписанный файл", EN: "detached signature: the signed file is needed"},
	CodeContentMismatch:      {RU: "подпись не соответствует документу", EN: "signature does not match the document"},
	CodeBadSignature:         {RU: "подпись неверна", EN: "signature is invalid"},
	CodeNoSignerCertificate:  {RU: "в подписи нет сертификата подписанта", EN: "signer certificate not found in the signature"},
	CodeSigningCertMismatch:  {RU: "атрибут signingCertificate не соответствует сертификату подписанта", EN: "signingCertificate attribute does not match the signer certificate"},
	CodeAlgorithmProtection:  {RU: "атрибут CMSAlgorithmProtection не соответствует алгоритмам подписи", EN: "CMSAlgorithmProtection does not match the signature algorithms"},
	CodeNoSigners:            {RU: "в подписи нет подписантов", EN: "signature has no signers"},
	CodeSign:                 {RU: "не удалось подписать", EN: "signing failed"},
	CodeIO:                   {RU: "ошибка чтения данных", EN: "read error"},
}

// Error is an error of this package that reaches users: Error() is in
// Russian, English() in English.
type Error = i18n.CodedError[ErrorCode]

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

// Text returns the message of the code in both languages.
func (c ErrorCode) Text() i18n.Text {
	if t, ok := errorText[c]; ok {
		return t
	}
	return i18n.Text{RU: fmt.Sprintf("ошибка cms %d", c), EN: fmt.Sprintf("cms error %d", c)}
}
