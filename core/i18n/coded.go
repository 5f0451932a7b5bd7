package i18n

// Code is an error code of a package whose errors reach users: an integer
// kind that knows its message in both languages.
type Code interface {
	~int
	Text() Text
}

// CodedError is the error type of core/pki, core/cms and core/keystore:
// Error() is Russian (the text users see), English() and Localize give the
// other languages, errors.Is matches any error of the same code (so the
// package's sentinels work), and the cause stays reachable with Unwrap.
//
//	type Error = i18n.CodedError[ErrorCode]
//	var ErrExpired = &Error{Code: CodeExpired}
type CodedError[C Code] struct {
	Code   C
	Detail string // specifics: a name, a date, a path
	Err    error  // the cause, may be nil
}

// Localize says the error in language l: "text: detail: cause".
func (e *CodedError[C]) Localize(l Lang) string {
	return Compose(l, e.Code.Text().In(l), e.Detail, e.Err)
}

// Error returns the Russian text.
func (e *CodedError[C]) Error() string { return e.Localize(RU) }

// English returns the English text.
func (e *CodedError[C]) English() string { return e.Localize(EN) }

// Unwrap returns the cause.
func (e *CodedError[C]) Unwrap() error { return e.Err }

// Is reports whether target is an error of the same type and code.
func (e *CodedError[C]) Is(target error) bool {
	t, ok := target.(*CodedError[C])
	return ok && t.Code == e.Code
}
