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

var text = map[Code][2]string{ // Russian, English
	CodeMalformed:        {"файл ключа повреждён или имеет неверный формат", "key file is corrupt or malformed"},
	CodeWrongPIN:         {"неверный PIN-код (пароль) контейнера", "wrong container PIN"},
	CodeWrongPassword:    {"неверный пароль PFX-файла", "wrong PFX password"},
	CodeUnsupported:      {"алгоритм или формат ключа не поддерживается", "unsupported key algorithm or format"},
	CodeUnknownCurve:     {"неизвестные параметры эллиптической кривой", "unknown elliptic curve parameters"},
	CodeKeyMismatch:      {"закрытый ключ не соответствует сертификату", "private key does not match the certificate"},
	CodeNoPrivateKey:     {"закрытый ключ не найден", "no private key found"},
	CodeNoCertificate:    {"сертификат не найден", "no certificate found"},
	CodeNotFound:         {"ключевой контейнер или сертификат не найден", "key container or certificate not found"},
	CodePINCancelled:     {"ввод PIN-кода отменён", "PIN entry cancelled"},
	CodeCSPNotInstalled:  {"КриптоПро CSP не установлен", "CryptoPro CSP is not installed"},
	CodeCSPFailed:        {"ошибка КриптоПро CSP", "CryptoPro CSP error"},
	CodeNotSupportedHere: {"операция не поддерживается для этого источника ключей", "operation not supported by this key source"},
}

// Error is a key store error. Detail carries specifics (a path, a name).
type Error struct {
	Code   Code
	Detail string
	Err    error // underlying cause, may be nil
}

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

func (e *Error) text(lang i18n.Lang) string {
	s := text[e.Code][0]
	if lang == i18n.EN {
		s = text[e.Code][1]
	}
	if s == "" {
		s = fmt.Sprintf("keystore error %d", int(e.Code))
	}
	return i18n.Compose(lang, s, e.Detail, e.Err)
}

// Error returns the Russian text.
func (e *Error) Error() string { return e.text(i18n.RU) }

// English returns the English text.
func (e *Error) English() string { return e.text(i18n.EN) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
