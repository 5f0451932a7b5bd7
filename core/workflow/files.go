package workflow

import (
	"errors"
	"os"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// fileText explains a file-system error in both languages.
func fileText(name string, err error) i18n.Text {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return i18n.Text{RU: name + ": файл не найден", EN: name + ": no such file"}
	case errors.Is(err, os.ErrPermission):
		return i18n.Text{RU: name + ": нет прав на чтение", EN: name + ": permission denied"}
	}
	return i18n.Text{RU: name + ": ошибка чтения: " + err.Error(), EN: name + ": read error: " + err.Error()}
}

// fileErr is fileText as an error that still matches os.ErrNotExist.
type fileErr struct {
	text i18n.Text
	err  error
}

func (e *fileErr) Error() string               { return e.text.In(i18n.EN) }
func (e *fileErr) Localize(l i18n.Lang) string { return e.text.In(l) }
func (e *fileErr) Unwrap() error               { return e.err }

func fileError(name string, err error) error { return &fileErr{fileText(name, err), err} }
