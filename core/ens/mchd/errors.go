package mchd

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies МЧД errors.
type ErrorCode int

// Error codes; compare with errors.Is(err, mchd.ErrXxx).
const (
	CodeMalformed ErrorCode = iota + 1
	CodeSchema
	CodeNotYetValid
	CodeExpired
	CodeRepresentativeMismatch
	CodePrincipalMismatch
	CodeNoPower
)

var errorText = map[ErrorCode][2]string{ // Russian message, what to do
	CodeMalformed:              {"файл МЧД не читается как доверенность формата EMCHD_1", "Проверьте, что выбран XML-файл МЧД формата 003 (ON_EMCHD_…xml)."},
	CodeSchema:                 {"МЧД не соответствует схеме ON_EMCHD_1_928_00_01_01_01.xsd", "Сформируйте доверенность заново в сервисе ФНС или у оператора."},
	CodeNotYetValid:            {"срок действия МЧД ещё не начался", "Проверьте дату выдачи доверенности."},
	CodeExpired:                {"срок действия МЧД истёк", "Оформите новую доверенность."},
	CodeRepresentativeMismatch: {"представитель в МЧД — не владелец выбранного сертификата", "Выберите сертификат представителя, указанного в МЧД, или другую МЧД."},
	CodePrincipalMismatch:      {"доверитель в МЧД — не тот налогоплательщик, сведения которого запрошены", "Укажите ИНН доверителя из МЧД или выберите другую МЧД."},
	CodeNoPower:                {"в МЧД нет нужного полномочия", "Оформите МЧД с полномочием, которое требуется для запроса."},
}

var errorTextEN = map[ErrorCode][2]string{ // English message, what to do
	CodeMalformed:              {"the MCHD file does not read as an EMCHD_1 power of attorney", "Check that the chosen file is an MCHD XML file of format 003 (ON_EMCHD_…xml)."},
	CodeSchema:                 {"the MCHD does not match the schema ON_EMCHD_1_928_00_01_01_01.xsd", "Issue the power of attorney again in the FTS service or with an operator."},
	CodeNotYetValid:            {"the MCHD is not valid yet", "Check the issue date of the power of attorney."},
	CodeExpired:                {"the MCHD has expired", "Issue a new power of attorney."},
	CodeRepresentativeMismatch: {"the representative in the MCHD is not the owner of the chosen certificate", "Choose the certificate of the representative the MCHD names, or another MCHD."},
	CodePrincipalMismatch:      {"the principal in the MCHD is not the taxpayer whose data is asked for", "Give the principal's INN from the MCHD or choose another MCHD."},
	CodeNoPower:                {"the MCHD lacks the power needed", "Issue an MCHD with the power the request needs."},
}

// Error is a МЧД error with a Russian message (Error) and advice (Hint);
// Localize and HintIn say them in English too.
type Error struct {
	Code     ErrorCode
	Detail   string
	DetailEN string // Detail in English; empty: Detail has no words to translate
	Err      error
}

// Sentinels for errors.Is.
var (
	ErrMalformed              = &Error{Code: CodeMalformed}
	ErrSchema                 = &Error{Code: CodeSchema}
	ErrNotYetValid            = &Error{Code: CodeNotYetValid}
	ErrExpired                = &Error{Code: CodeExpired}
	ErrRepresentativeMismatch = &Error{Code: CodeRepresentativeMismatch}
	ErrPrincipalMismatch      = &Error{Code: CodePrincipalMismatch}
	ErrNoPower                = &Error{Code: CodeNoPower}
)

// newError is an error with its specifics formatted in both languages
// (ru and en take the same arguments).
func newError(code ErrorCode, err error, ru, en string, args ...any) *Error {
	e := &Error{Code: code, Err: err, Detail: fmt.Sprintf(ru, args...)}
	if en != ru {
		e.DetailEN = fmt.Sprintf(en, args...)
	}
	return e
}

// Error is the Russian text.
func (e *Error) Error() string { return e.Localize(i18n.RU) }

// Localize says the error in language l (i18n.Localized).
func (e *Error) Localize(l i18n.Lang) string {
	s := "МЧД: " + errorText[e.Code][0]
	d := e.Detail
	if l == i18n.EN {
		s = "MCHD: " + errorTextEN[e.Code][0]
		if e.DetailEN != "" {
			d = e.DetailEN
		}
	}
	if d != "" {
		s += " (" + d + ")"
	}
	if e.Err != nil {
		s += ": " + i18n.MessageIn(l, e.Err)
	}
	return s
}

// Hint is the Russian advice on what to do.
func (e *Error) Hint() string { return e.HintIn(i18n.RU) }

// HintIn is the advice on what to do in language l.
func (e *Error) HintIn(l i18n.Lang) string {
	if l == i18n.EN {
		return errorTextEN[e.Code][1]
	}
	return errorText[e.Code][1]
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches sentinels by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
