package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// actionsMenu is the main menu «Действия» of Пакет, Госключ and ЕНС: each
// item switches to its screen and does what its button does. The keys
// work while a text field has the focus (Fyne tries main-menu shortcuts
// first), so people — and the e2e run, which drives the real window with
// xdotool — reach every action without the mouse.
func (a *App) actionsMenu() *fyne.Menu {
	cs := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	item := func(label string, key fyne.KeyName, mod fyne.KeyModifier, f func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		return m
	}
	on := func(screen int, f func()) func() {
		return func() {
			if a.shell.current != screen {
				a.shell.show(screen)
			}
			f()
		}
	}
	b, g, e := a.batch, a.goskey, a.ens
	return fyne.NewMenu(i18n.T("Действия", "Actions"),
		item(i18n.T("Пакет: выбрать CSV гостей…", "Batch: choose the guests' CSV…"), fyne.KeyO, cs, on(screenBatch, b.pickCSV)),
		item(i18n.T("Пакет: проверить все строки", "Batch: check every row"), fyne.KeyK, cs, on(screenBatch, func() {
			if !b.checkBtn.Disabled() {
				b.prepare()
			}
		})),
		item(i18n.T("Пакет: следующая строка с ошибкой", "Batch: next row with a problem"), fyne.KeyN, cs, on(screenBatch, b.selectNextProblem)),
		item(i18n.T("Пакет: исправить строку…", "Batch: fix the row…"), fyne.KeyE, cs, on(screenBatch, func() {
			if !b.fixBtn.Disabled() {
				b.editRow()
			}
		})),
		item(i18n.T("Пакет: подписать и отправить все", "Batch: sign and send all"), fyne.KeyReturn, cs, on(screenBatch, func() {
			if !b.sendBtn.Disabled() {
				b.confirmSend()
			}
		})),
		item(i18n.T("Сохранить CSV (отчёт пакета, операции ЕНС)…", "Save CSV (batch report, ENS operations)…"), fyne.KeyS, cs, func() {
			switch {
			case a.shell.current == screenENS && !e.exportBtn.Disabled():
				e.exportCSV()
			case a.shell.current == screenBatch && !b.reportBtn.Disabled():
				b.saveReport()
			}
		}),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("Госключ: добавить документы…", "Goskey: add documents…"), fyne.KeyD, cs, on(screenGoskey, g.pickDocs)),
		item(i18n.T("Госключ: подписать и отправить", "Goskey: sign and send"), fyne.KeyG, cs, on(screenGoskey, g.send)),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("ЕНС: войти", "ENS: sign in"), fyne.KeyL, cs, on(screenENS, e.login)),
		item(i18n.T("ЕНС: обновить", "ENS: refresh"), fyne.KeyR, fyne.KeyModifierShortcutDefault, on(screenENS, e.reload)),
		item(i18n.T("ЕНС: операции", "ENS: operations"), fyne.Key1, cs, on(screenENS, func() { e.tabs.SelectIndex(0) })),
		item(i18n.T("ЕНС: обязательства", "ENS: obligations"), fyne.Key2, cs, on(screenENS, func() { e.tabs.SelectIndex(1) })),
		item(i18n.T("ЕНС: график сальдо (←/→ — по точкам)", "ENS: balance chart (←/→ step through the points)"), fyne.Key3, cs, on(screenENS, e.openChart)),
	)
}

// selectNextProblem selects the next preview row with a problem (after
// the selected one, from the top again at the end).
func (b *batchScreen) selectNextProblem() {
	if b.batch == nil {
		return
	}
	rows := b.rows()
	bad := map[int]bool{}
	for _, p := range b.batch.Problems {
		bad[p.Row] = true
	}
	start := 0
	for i, r := range rows {
		if r == b.selected {
			start = i + 1
		}
	}
	for k := 0; k < len(rows); k++ {
		i := (start + k) % len(rows)
		if bad[rows[i]] {
			b.preview.Select(i)
			b.preview.ScrollTo(i)
			return
		}
	}
}

// openChart shows the balance chart tab and gives the chart the keyboard.
func (e *ensScreen) openChart() {
	e.tabs.SelectIndex(2)
	e.a.win.Canvas().Focus(e.chart)
}
