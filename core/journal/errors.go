package journal

import (
	"errors"
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies journal errors.
type ErrorCode int

// Error codes.
const (
	CodeOpen              ErrorCode = iota + 1 // the file cannot be opened or created
	CodeTooNew                                 // the file was written by a newer gosdesk
	CodeMigrate                                // a schema migration failed
	CodeNotFound                               // no such record
	CodeIllegalTransition                      // a state change the state machine forbids
	CodeOrderKnown                             // a second /order for a submission that has one
	CodeActive                                 // the application has an unfinished submission
	CodeStorage                                // reading or writing the file failed
	CodeCorrupt                                // PRAGMA integrity_check found damage
	CodeBackup                                 // the backup could not be written
	CodeClosed                                 // the journal is closed
	CodeInvalid                                // an argument the journal cannot store
	CodeBusy                                   // another program held the journal longer than the busy timeout
	CodeDiskFull                               // no space left for the journal
	CodeReadOnly                               // the journal file or folder is not writable
)

var codeText = map[ErrorCode]i18n.Text{
	CodeOpen:              {RU: "не удалось открыть журнал заявлений", EN: "cannot open the journal"},
	CodeTooNew:            {RU: "журнал создан более новой версией gosdesk — обновите программу (файл журнала не изменён)", EN: "the journal was written by a newer gosdesk — update the program (the journal file was not changed)"},
	CodeMigrate:           {RU: "не удалось обновить структуру журнала (файл не изменён)", EN: "cannot upgrade the journal (the file was not changed)"},
	CodeNotFound:          {RU: "запись не найдена в журнале", EN: "no such record in the journal"},
	CodeIllegalTransition: {RU: "недопустимая смена состояния отправки", EN: "illegal submission state change"},
	CodeOrderKnown:        {RU: "номер заявления уже получен — повторное резервирование запрещено", EN: "the order number is already known — a second reservation is refused"},
	CodeActive:            {RU: "отправка этого заявления ещё не завершена", EN: "this application's submission is not finished"},
	CodeStorage:           {RU: "ошибка записи или чтения журнала", EN: "journal read or write error"},
	CodeCorrupt:           {RU: "файл журнала повреждён — восстановите его из резервной копии", EN: "the journal file is damaged — restore it from a backup"},
	CodeBackup:            {RU: "не удалось создать резервную копию журнала", EN: "cannot write the journal backup"},
	CodeClosed:            {RU: "журнал закрыт", EN: "the journal is closed"},
	CodeInvalid:           {RU: "недопустимые данные для журнала", EN: "invalid data for the journal"},
	CodeBusy:              {RU: "журнал занят другой программой (gosdesk или gosctl) — повторите через минуту", EN: "the journal is busy in another program (gosdesk or gosctl) — try again in a minute"},
	CodeDiskFull:          {RU: "на диске нет места для журнала — освободите место и повторите", EN: "no disk space left for the journal — free some space and try again"},
	CodeReadOnly:          {RU: "нет прав на запись в журнал — проверьте права на папку данных", EN: "the journal is not writable — check the permissions of the data folder"},
}

// Text returns the message of the code in both languages.
func (c ErrorCode) Text() i18n.Text {
	if t, ok := codeText[c]; ok {
		return t
	}
	return i18n.Text{RU: "ошибка журнала", EN: "journal error"}
}

// Error is a journal error: Error() is Russian, English() English;
// errors.Is(err, journal.ErrNotFound) matches any error of that code.
type Error = i18n.CodedError[ErrorCode]

// Sentinels for errors.Is.
var (
	ErrOpen              = &Error{Code: CodeOpen}
	ErrTooNew            = &Error{Code: CodeTooNew}
	ErrMigrate           = &Error{Code: CodeMigrate}
	ErrNotFound          = &Error{Code: CodeNotFound}
	ErrIllegalTransition = &Error{Code: CodeIllegalTransition}
	ErrOrderKnown        = &Error{Code: CodeOrderKnown}
	ErrActive            = &Error{Code: CodeActive}
	ErrStorage           = &Error{Code: CodeStorage}
	ErrCorrupt           = &Error{Code: CodeCorrupt}
	ErrBackup            = &Error{Code: CodeBackup}
	ErrClosed            = &Error{Code: CodeClosed}
	ErrInvalid           = &Error{Code: CodeInvalid}
	ErrBusy              = &Error{Code: CodeBusy}
	ErrDiskFull          = &Error{Code: CodeDiskFull}
	ErrReadOnly          = &Error{Code: CodeReadOnly}
)

// SQLite's primary result codes (sqlite3.h) that users can act on.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteNotADB   = 26
)

// classify names what a driver error means for the user: busy, disk
// full, read-only or a damaged file; other errors keep the fallback code.
func classify(fallback ErrorCode, err error) ErrorCode {
	var se interface{ Code() int }
	if !errors.As(err, &se) {
		return fallback
	}
	switch se.Code() & 0xff {
	case sqliteBusy, sqliteLocked:
		return CodeBusy
	case sqliteReadOnly:
		return CodeReadOnly
	case sqliteFull:
		return CodeDiskFull
	case sqliteCorrupt, sqliteNotADB:
		return CodeCorrupt
	}
	return fallback
}

// bilingual is an error of code c whose specifics are said in both
// languages (fmt formats with the same arguments).
func bilingual(c ErrorCode, cause error, ru, en string, a ...any) *Error {
	return &Error{Code: c, Err: i18n.Wrap(cause, fmt.Sprintf(ru, a...), fmt.Sprintf(en, a...))}
}

// newErr makes an error of code c; a driver cause that says more (busy,
// disk full, read-only, damaged) decides the code instead.
func newErr(c ErrorCode, detail string, cause error) *Error {
	if cause != nil && c != CodeTooNew && c != CodeNotFound {
		c = classify(c, cause)
	}
	return &Error{Code: c, Detail: detail, Err: cause}
}
