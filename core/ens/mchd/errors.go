package mchd

import "fmt"

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

// Error is a МЧД error with a Russian message (Error) and advice (Hint).
type Error struct {
	Code   ErrorCode
	Detail string
	Err    error
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

func newError(code ErrorCode, err error, format string, args ...any) *Error {
	return &Error{Code: code, Err: err, Detail: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	s := "МЧД: " + errorText[e.Code][0]
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Hint is the Russian advice on what to do.
func (e *Error) Hint() string { return errorText[e.Code][1] }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches sentinels by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
