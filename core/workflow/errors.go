package workflow

import (
	"errors"
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// InputError is a mistake in what the caller passed (an option, a file
// name, a CSV row): nothing was sent. gosctl exits with 2 on it; the GUI
// shows it next to the field. Text says everything; Err is the cause for
// errors.Is/As and is not printed again.
type InputError struct {
	Text i18n.Text
	Err  error
}

func (e *InputError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localized.
func (e *InputError) Localize(l i18n.Lang) string { return e.Text.In(l) }

func (e *InputError) Unwrap() error { return e.Err }

// inputf makes an InputError from Russian and English formats.
func inputf(ru, en string, a ...any) *InputError {
	return &InputError{Text: i18n.Text{RU: fmt.Sprintf(ru, a...), EN: fmt.Sprintf(en, a...)}}
}

// IsInput reports whether err is (or wraps) an InputError.
func IsInput(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// Problem is one finding of the local checks (Validate, batch rows):
// where and what, in the current language.
type Problem struct {
	File   string // archive file name or CSV file
	Row    int    // CSV row (1-based, header is row 1), 0 if none
	Column string // CSV column name
	Line   int    // line in File, 0 if none
	Col    int    // column in the line
	Path   string // XML path, e.g. /EPGURequest/Applicant[1]/Snils
	Text   i18n.Text
}

// String renders the problem as FILE:LINE:COL: PATH: text (or
// FILE, строка N, столбец C: text for CSV rows).
func (p Problem) String() string {
	s := p.File
	switch {
	case p.Row > 0:
		s += fmt.Sprintf(i18n.T(", строка %d", ", row %d"), p.Row)
		if p.Column != "" {
			s += fmt.Sprintf(i18n.T(", столбец «%s»", ", column %q"), p.Column)
		}
	case p.Line > 0:
		s += fmt.Sprintf(":%d:%d", p.Line, p.Col)
	}
	if p.Path != "" {
		s += ": " + p.Path
	}
	return s + ": " + p.Text.String()
}

// ProblemsError carries every problem found before sending.
type ProblemsError struct {
	Problems []Problem
}

func (e *ProblemsError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localized: a summary line and one line per
// problem.
func (e *ProblemsError) Localize(l i18n.Lang) string {
	s := fmt.Sprintf(i18n.Text{RU: "проверка не пройдена, ничего не отправлено (%d): ", EN: "checks failed, nothing sent (%d): "}.In(l), len(e.Problems))
	for i, p := range e.Problems {
		if i > 0 {
			s += "; "
		}
		s += p.String()
	}
	return s
}
