package ui

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// asErr is errors.As.
func asErr[T any](err error, target *T) bool { return errors.As(err, target) }

// explain turns any error into what a person reads: what happened, what to
// do, and the technical detail for «Подробнее». Errors of core/… are already
// bilingual (i18n.Localized); a Go error string is never the first line.
func explain(err error) (what, do, detail string) {
	var ue *userError
	if asErr(err, &ue) {
		detail = ""
		if ue.Err != nil {
			detail = i18n.MessageIn(i18n.EN, ue.Err) + "\n" + fmt.Sprintf("%T", ue.Err)
		}
		return ue.What.String(), ue.Do.String(), detail
	}
	what = i18n.Message(err)
	detail = i18n.MessageIn(i18n.EN, err) + "\n" + fmt.Sprintf("%T", err)
	var pe *workflow.ProblemsError
	var re *workflow.RemoteError
	var hinted interface{ HintIn(i18n.Lang) string } // МЧД and ЕНС errors say what to do
	switch {
	case asErr(err, &hinted) && !strings.Contains(what, hinted.HintIn(i18n.Current())):
		do = hinted.HintIn(i18n.Current())
	case asErr(err, &pe):
		do = i18n.T("Исправьте перечисленное и нажмите «Подписать и отправить» ещё раз. Номер заявления не израсходован.",
			"Fix what is listed and press Sign and send again. No order number was used.")
	case asErr(err, &re):
		do = i18n.T("Проверьте подключение и окружение в «Настройках» и повторите. Если ошибка повторяется, передайте сведения из «Подробнее» в поддержку.",
			"Check the connection and the environment in Settings and try again. If it persists, pass the details to support.")
	case workflow.IsInput(err):
		do = i18n.T("Исправьте указанное и повторите.", "Correct what is named and try again.")
	default:
		do = i18n.T("Повторите действие. Если ошибка повторяется, передайте сведения из «Подробнее» в поддержку.",
			"Try again. If it persists, pass the details to support.")
	}
	if what != "" {
		if r := []rune(what); len(r) > 0 {
			what = strings.ToUpper(string(r[0])) + string(r[1:])
		}
		if !strings.HasSuffix(what, ".") && !strings.HasSuffix(what, "\n") {
			what += "."
		}
	}
	return what, do, detail
}

// errorView is the body of an error: two sentences and the expander.
func errorView(err error) fyne.CanvasObject {
	what, do, detail := explain(err)
	w := widget.NewLabel(what)
	w.Wrapping = fyne.TextWrapWord
	w.TextStyle.Bold = true
	d := widget.NewLabel(do)
	d.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{w, d}
	if detail != "" {
		det := widget.NewEntry()
		det.MultiLine = true
		det.Wrapping = fyne.TextWrapWord
		det.SetText(detail)
		det.SetMinRowsVisible(4)
		acc := widget.NewAccordion(widget.NewAccordionItem(i18n.T("Подробнее", "Details"), det))
		objs = append(objs, acc)
	}
	return container.NewVBox(objs...)
}

// showError shows an error dialog (OK on Enter, closes on Esc).
func showError(w fyne.Window, err error) {
	if err == nil {
		return
	}
	d := dialog.NewCustom(i18n.T("Ошибка", "Error"), i18n.T("Понятно", "OK"), errorView(err), w)
	if a := appOf(w); a != nil {
		a.keyed(d, d.Hide, d.Hide, nil)
		what, _, _ := explain(err)
		a.trace("error %s", what)
	}
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}

// apps maps windows to their App (for errors shown from helpers).
var apps sync.Map

func appOf(w fyne.Window) *App {
	if v, ok := apps.Load(w); ok {
		return v.(*App)
	}
	return nil
}
