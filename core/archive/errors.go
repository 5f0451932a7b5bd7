package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies the errors of this package.
type ErrorCode int

// Error codes. Compare errors with errors.Is(err, archive.ErrXxx).
const (
	CodeUnknownService ErrorCode = iota + 1
	CodeBadName
	CodeDuplicate
	CodeUnexpectedFile
	CodeMissingFile
	CodeTooManyFiles
	CodeEmptyFile
	CodeFileTooLarge
	CodeArchiveTooLarge
	CodeTypeNotAllowed
	CodeTypeMismatch
	CodeInvalidXML
	CodeOrderIDNeeded
	CodePlaceholder
	CodeNoSigner
	CodeSign
	CodeIO
	CodeNotZip
	CodeUnsafeEntry
	CodeTooManyEntries
	CodeExpansion
	CodeResultTooLarge
	CodeSignatureMissing
	CodeSignatureInvalid
	CodeDictionary
)

var errorText = map[ErrorCode]i18n.Text{
	CodeUnknownService: {RU: "услуги нет в каталоге: выберите услугу из списка", EN: "the service is not in the catalog: pick a service from the list"},
	CodeBadName: {RU: "недопустимое имя файла: имя не может быть пустым, содержать папки, «..», управляющие символы и символы \\ / : * ? \" < > |; переименуйте файл",
		EN: "invalid file name: a name cannot be empty or contain folders, \"..\", control characters or \\ / : * ? \" < > |; rename the file"},
	CodeDuplicate:        {RU: "имя повторяется: в архиве не может быть двух файлов с одним именем; переименуйте или уберите один из них", EN: "duplicate name: an archive cannot hold two files of the same name; rename or remove one of them"},
	CodeUnexpectedFile:   {RU: "услуга не принимает файл с таким именем: назовите файл так, как требует спецификация услуги, или уберите его", EN: "the service accepts no file of this name: name it as the service specification says, or remove it"},
	CodeMissingFile:      {RU: "нет обязательного файла: добавьте его в заявление", EN: "a required file is missing: add it to the application"},
	CodeTooManyFiles:     {RU: "слишком много файлов этого вида: уберите лишние", EN: "too many files of this kind: remove the extra ones"},
	CodeEmptyFile:        {RU: "файл пуст: выберите файл с содержимым", EN: "the file is empty: pick a file with content"},
	CodeFileTooLarge:     {RU: "файл больше, чем допускает услуга: уменьшите его (например, отсканируйте с меньшим разрешением) или разделите на части", EN: "the file is larger than the service allows: make it smaller (e.g. scan at a lower resolution) or split it"},
	CodeArchiveTooLarge:  {RU: "вложения вместе больше, чем допускает услуга: уберите или уменьшите часть файлов", EN: "the attachments together are larger than the service allows: remove or shrink some files"},
	CodeTypeNotAllowed:   {RU: "услуга не принимает файлы этого типа: сохраните документ в одном из допустимых форматов", EN: "the service does not accept files of this type: save the document in one of the allowed formats"},
	CodeTypeMismatch:     {RU: "содержимое файла не соответствует его расширению: сохраните файл заново в нужном формате", EN: "the file content does not match its extension: save the file again in the right format"},
	CodeInvalidXML:       {RU: "XML-файл не соответствует требованиям услуги: исправьте его в редакторе", EN: "the XML file does not meet the service's requirements: fix it in the editor"},
	CodeOrderIDNeeded:    {RU: "в XML нужен номер заявления ЕПГУ: сначала зарезервируйте номер (отправка сделает это сама)", EN: "the XML needs the EPGU order number: reserve a number first (sending does it for you)"},
	CodePlaceholder:      {RU: "в XML остались незаполненные поля {…}: заполните их", EN: "the XML still has unfilled {…} fields: fill them in"},
	CodeNoSigner:         {RU: "услуга требует подписи УКЭП: выберите сертификат", EN: "the service requires a qualified signature: pick a certificate"},
	CodeSign:             {RU: "не удалось подписать файл: проверьте сертификат и ключ", EN: "signing the file failed: check the certificate and the key"},
	CodeIO:               {RU: "ошибка чтения или записи файла: проверьте, что файл доступен и на диске есть место", EN: "file read or write error: check that the file is accessible and the disk has space"},
	CodeNotZip:           {RU: "файл не является ZIP-архивом или повреждён: скачайте результат заново", EN: "not a ZIP archive or damaged: download the result again"},
	CodeUnsafeEntry:      {RU: "архив содержит опасный элемент (путь вне папки, абсолютный путь или ссылку) — он не распакован; сообщите в поддержку ведомства", EN: "the archive holds an unsafe entry (a path outside the folder, an absolute path or a link); it was not extracted; report it to the agency"},
	CodeTooManyEntries:   {RU: "в архиве слишком много файлов — он не распакован; сообщите в поддержку ведомства", EN: "the archive holds too many files; it was not extracted; report it to the agency"},
	CodeExpansion:        {RU: "файл в архиве сжат подозрительно сильно (возможна «ZIP-бомба») — он не распакован", EN: "a file in the archive is compressed suspiciously well (a possible zip bomb); it was not extracted"},
	CodeResultTooLarge:   {RU: "архив при распаковке превышает допустимый размер — он не распакован; освободите место или сообщите в поддержку ведомства", EN: "the archive expands beyond the allowed size; it was not extracted"},
	CodeSignatureMissing: {RU: "нет файла подписи", EN: "the signature file is missing"},
	CodeSignatureInvalid: {RU: "подпись не прошла проверку", EN: "the signature does not verify"},
	CodeDictionary:       {RU: "значение не из справочника: выберите его из списка в редакторе", EN: "a value is not in its dictionary: pick it from the list in the editor"},
}

// Text returns the message of the code in both languages.
func (c ErrorCode) Text() i18n.Text {
	if t, ok := errorText[c]; ok {
		return t
	}
	return i18n.Text{RU: fmt.Sprintf("ошибка архива %d", c), EN: fmt.Sprintf("archive error %d", c)}
}

// Error is an error of this package that reaches users. It is an
// i18n.CodedError with the name of the file it is about: Error() is
// «Файл «name»: text: detail: cause» in Russian, English() the same in
// English.
type Error struct {
	i18n.CodedError[ErrorCode]
	File string // the file in the archive (or on disk) the error is about; "" for the whole archive
	// text is a complete message (the catalog's rules say the file, the
	// limit and what to do); it overrides the composed one.
	text *i18n.Text
	// detailEN is the English Detail ("" = Detail in both languages).
	detailEN string
}

// Message says the error in language l without the «файл «name»:»
// prefix, for lists that show the file in a column of their own. A
// catalog rule's message (the limit and what to do) comes through with
// only that prefix taken off.
func (e *Error) Message(l i18n.Lang) string {
	if e.text != nil {
		s := e.text.In(l)
		prefix := fmt.Sprintf("файл «%s»: ", e.File)
		if l == i18n.EN {
			prefix = fmt.Sprintf("file %q: ", e.File)
		}
		return strings.TrimPrefix(s, prefix)
	}
	detail := e.Detail
	if l == i18n.EN && e.detailEN != "" {
		detail = e.detailEN
	}
	return i18n.Compose(l, e.Code.Text().In(l), detail, e.Err)
}

// Localize says the error in language l.
func (e *Error) Localize(l i18n.Lang) string {
	if e.text != nil {
		return e.text.In(l)
	}
	s := e.Message(l)
	if e.File == "" {
		return s
	}
	if l == i18n.EN {
		return fmt.Sprintf("file %q: %s", e.File, s)
	}
	return fmt.Sprintf("файл «%s»: %s", e.File, s)
}

// Error returns the Russian text.
func (e *Error) Error() string { return e.Localize(i18n.RU) }

// English returns the English text.
func (e *Error) English() string { return e.Localize(i18n.EN) }

// Is reports whether target is an *Error of the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinel errors for errors.Is.
var (
	ErrUnknownService   = sentinel(CodeUnknownService)
	ErrBadName          = sentinel(CodeBadName)
	ErrDuplicate        = sentinel(CodeDuplicate)
	ErrUnexpectedFile   = sentinel(CodeUnexpectedFile)
	ErrMissingFile      = sentinel(CodeMissingFile)
	ErrTooManyFiles     = sentinel(CodeTooManyFiles)
	ErrEmptyFile        = sentinel(CodeEmptyFile)
	ErrFileTooLarge     = sentinel(CodeFileTooLarge)
	ErrArchiveTooLarge  = sentinel(CodeArchiveTooLarge)
	ErrTypeNotAllowed   = sentinel(CodeTypeNotAllowed)
	ErrTypeMismatch     = sentinel(CodeTypeMismatch)
	ErrInvalidXML       = sentinel(CodeInvalidXML)
	ErrOrderIDNeeded    = sentinel(CodeOrderIDNeeded)
	ErrPlaceholder      = sentinel(CodePlaceholder)
	ErrNoSigner         = sentinel(CodeNoSigner)
	ErrSign             = sentinel(CodeSign)
	ErrIO               = sentinel(CodeIO)
	ErrNotZip           = sentinel(CodeNotZip)
	ErrUnsafeEntry      = sentinel(CodeUnsafeEntry)
	ErrTooManyEntries   = sentinel(CodeTooManyEntries)
	ErrExpansion        = sentinel(CodeExpansion)
	ErrResultTooLarge   = sentinel(CodeResultTooLarge)
	ErrSignatureMissing = sentinel(CodeSignatureMissing)
	ErrSignatureInvalid = sentinel(CodeSignatureInvalid)
	ErrDictionary       = sentinel(CodeDictionary)
)

func sentinel(c ErrorCode) *Error { return &Error{CodedError: i18n.CodedError[ErrorCode]{Code: c}} }

func newError(code ErrorCode, file string, cause error, format string, args ...any) *Error {
	e := &Error{File: file}
	e.Code, e.Err = code, cause
	if format != "" {
		e.Detail = fmt.Sprintf(format, args...)
	}
	return e
}

// newErrorBi is newError with a detail in Russian and English (same
// arguments).
func newErrorBi(code ErrorCode, file string, cause error, ru, en string, args ...any) *Error {
	return newErrorT(code, file, cause, i18n.Text{RU: fmt.Sprintf(ru, args...), EN: fmt.Sprintf(en, args...)})
}

// newErrorT is newError with a detail in both languages.
func newErrorT(code ErrorCode, file string, cause error, detail i18n.Text) *Error {
	e := newError(code, file, cause, "")
	e.Detail, e.detailEN = detail.RU, detail.EN
	return e
}

// Problems is every problem found at once (Check, Pack): one line each.
// errors.Is(problems, ErrX) reports whether any of them is an ErrX.
type Problems []*Error

// Localize lists the problems in language l, one per line.
func (p Problems) Localize(l i18n.Lang) string {
	lines := make([]string, len(p))
	for i, e := range p {
		lines[i] = e.Localize(l)
	}
	return strings.Join(lines, "\n")
}

// Error returns the Russian text.
func (p Problems) Error() string { return p.Localize(i18n.RU) }

// English returns the English text.
func (p Problems) English() string { return p.Localize(i18n.EN) }

// Unwrap returns the problems for errors.Is and errors.As.
func (p Problems) Unwrap() []error {
	out := make([]error, len(p))
	for i, e := range p {
		out[i] = e
	}
	return out
}

// err returns nil for no problems.
func (p Problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// AsProblems returns the problems of err: the Problems it is or wraps, a
// single *Error as one problem, nil otherwise.
func AsProblems(err error) Problems {
	var p Problems
	if errors.As(err, &p) {
		return p
	}
	var e *Error
	if errors.As(err, &e) {
		return Problems{e}
	}
	return nil
}

// ioError says a file error in both languages: not found and no access
// are named; other causes are kept.
func ioError(file string, err error) *Error {
	var pe *fs.PathError
	p := ""
	if errors.As(err, &pe) {
		p = pe.Path
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newErrorBi(CodeIO, file, nil, "файл %s не найден", "file %s not found", p)
	case errors.Is(err, fs.ErrPermission):
		return newErrorBi(CodeIO, file, nil, "нет доступа к файлу %s", "no access to file %s", p)
	}
	return newError(CodeIO, file, err, "")
}
