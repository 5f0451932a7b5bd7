// Package kserr holds the typed errors shared by the key store packages
// (core/keystore and its sub-packages). Error() is Russian (the text users
// see), English() is English; compare with errors.Is(err, kserr.ErrXxx) or
// the re-exported keystore.ErrXxx values.
package kserr

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Code classifies key store errors.
type Code int

// Error codes.
const (
	CodeMalformed        Code = iota + 1 // corrupt or truncated file
	CodeWrongPIN                         // PIN of a key container is wrong
	CodeWrongPassword                    // PFX password is wrong
	CodeUnsupported                      // algorithm or format not supported
	CodeUnknownCurve                     // curve OID not known
	CodeKeyMismatch                      // key does not match the certificate / fingerprint
	CodeNoPrivateKey                     // no private key in the source
	CodeNoCertificate                    // no certificate in the source
	CodeNotFound                         // container/certificate not found
	CodePINCancelled                     // the user cancelled the PIN dialog
	CodeCSPNotInstalled                  // CryptoPro CSP tools are not installed
	CodeCSPFailed                        // a CryptoPro CSP tool failed
	CodeNotSupportedHere                 // operation not available for this source
)

var text = map[Code]i18n.Text{
	CodeMalformed:        {RU: "файл ключа повреждён или имеет неверный формат", EN: "key file is corrupt or malformed"},
	CodeWrongPIN:         {RU: "неверный PIN-код (пароль) контейнера", EN: "wrong container PIN"},
	CodeWrongPassword:    {RU: "неверный пароль PFX-файла", EN: "wrong PFX password"},
	CodeUnsupported:      {RU: "алгоритм или формат ключа не поддерживается", EN: "unsupported key algorithm or format"},
	CodeUnknownCurve:     {RU: "неизвестные параметры эллиптической кривой", EN: "unknown elliptic curve parameters"},
	CodeKeyMismatch:      {RU: "закрытый ключ не соответствует сертификату", EN: "private key does not match the certificate"},
	CodeNoPrivateKey:     {RU: "закрытый ключ не найден", EN: "no private key found"},
	CodeNoCertificate:    {RU: "сертификат не найден", EN: "no certificate found"},
	CodeNotFound:         {RU: "ключевой контейнер или сертификат не найден", EN: "key container or certificate not found"},
	CodePINCancelled:     {RU: "ввод PIN-кода отменён", EN: "PIN entry cancelled"},
	CodeCSPNotInstalled:  {RU: "КриптоПро CSP не установлен", EN: "CryptoPro CSP is not installed"},
	CodeCSPFailed:        {RU: "ошибка КриптоПро CSP", EN: "CryptoPro CSP error"},
	CodeNotSupportedHere: {RU: "операция не поддерживается для этого источника ключей", EN: "operation not supported by this key source"},
}

// Error is a key store error. Detail carries specifics (a path, a name).
type Error = i18n.CodedError[Code]

// Sentinels for errors.Is.
var (
	ErrMalformed        = &Error{Code: CodeMalformed}
	ErrWrongPIN         = &Error{Code: CodeWrongPIN}
	ErrWrongPassword    = &Error{Code: CodeWrongPassword}
	ErrUnsupported      = &Error{Code: CodeUnsupported}
	ErrUnknownCurve     = &Error{Code: CodeUnknownCurve}
	ErrKeyMismatch      = &Error{Code: CodeKeyMismatch}
	ErrNoPrivateKey     = &Error{Code: CodeNoPrivateKey}
	ErrNoCertificate    = &Error{Code: CodeNoCertificate}
	ErrNotFound         = &Error{Code: CodeNotFound}
	ErrPINCancelled     = &Error{Code: CodePINCancelled}
	ErrCSPNotInstalled  = &Error{Code: CodeCSPNotInstalled}
	ErrCSPFailed        = &Error{Code: CodeCSPFailed}
	ErrNotSupportedHere = &Error{Code: CodeNotSupportedHere}
)

// New returns an error with the code, a cause (may be nil) and a detail.
func New(code Code, err error, format string, args ...any) *Error {
	d := format
	if len(args) > 0 {
		d = fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Detail: d, Err: err}
}

// Text returns the message of the code in both languages.
func (c Code) Text() i18n.Text {
	if t, ok := text[c]; ok {
		return t
	}
	return i18n.Text{RU: fmt.Sprintf("ошибка хранилища ключей %d", int(c)), EN: fmt.Sprintf("keystore error %d", int(c))}
}
