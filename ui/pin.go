package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
)

// errPINCancelled: the person closed the PIN dialog.
var errPINCancelled = i18n.New("ввод ПИН-кода отменён", "PIN entry cancelled")

// pinPrompt is the keystore.PINPrompt of the window: the core calls it
// from its working goroutine; the dialog runs on the UI goroutine and the
// answer comes back over a channel.
func (a *App) pinPrompt() keystore.PINPrompt {
	return func(ctx context.Context, req keystore.PINRequest) (string, bool, error) {
		type answer struct {
			pin      string
			remember bool
			ok       bool
		}
		ch := make(chan answer, 1)
		a.ui.Do(func() {
			pin := widget.NewPasswordEntry()
			remember := widget.NewCheck(i18n.T("Запомнить в системном хранилище паролей", "Remember in the system keyring"), nil)
			label := i18n.T("ПИН-код", "PIN")
			if req.Password {
				label = i18n.T("Пароль PFX", "PFX password")
			}
			who := ""
			if req.Entry != nil && req.Entry.Certificate != nil {
				who = certOwner(req.Entry.Certificate)
			}
			items := []*widget.FormItem{}
			if who != "" {
				items = append(items, widget.NewFormItem(i18n.T("Сертификат", "Certificate"), widget.NewLabel(who)))
			}
			items = append(items, widget.NewFormItem(label, pin), widget.NewFormItem("", remember))
			if req.LastError != nil {
				l := widget.NewLabel(i18n.T("Неверный ПИН-код, попытка ", "Wrong PIN, attempt ") + itoa(req.Attempt))
				l.Importance = widget.DangerImportance
				items = append([]*widget.FormItem{widget.NewFormItem("", l)}, items...)
			}
			d := dialog.NewForm(i18n.T("Введите ПИН-код ключа", "Enter the key PIN"), i18n.T("Подписать", "Sign"), i18n.T("Отмена", "Cancel"), items,
				func(ok bool) { ch <- answer{pin.Text, remember.Checked, ok} }, a.win)
			pin.OnSubmitted = func(string) { d.Submit() }
			a.keyed(d, d.Submit, d.Dismiss, nil)
			a.trace("pin shown")
			d.Resize(fyne.NewSize(460, 220))
			d.Show()
			a.win.Canvas().Focus(pin)
		})
		select {
		case <-ctx.Done():
			return "", false, ctx.Err()
		case ans := <-ch:
			if !ans.ok {
				return "", false, errors.Join(errPINCancelled)
			}
			return ans.pin, ans.remember, nil
		}
	}
}
