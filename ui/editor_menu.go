package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// The editor's context menu: what a right click on any text field offers
// (Fyne's Entry has the same), each item doing what its shortcut does and
// showing that shortcut. Items that would do nothing are disabled: cut and
// copy without a selection, paste with an empty clipboard, undo and redo
// with no history, select all in an empty document. (The editor has no
// read-only mode, so nothing else is ever disabled.)

// TappedSecondary opens the context menu under the pointer. A right click
// inside the selection keeps it (to copy or cut it); elsewhere it moves
// the cursor there first, as a left click does.
func (a *editArea) TappedSecondary(e *fyne.PointEvent) {
	a.focus()
	p := a.posAt(e.Position)
	if s, t := a.selection(); s == t || p.before(s) || t.before(p) {
		a.cur, a.anchor = p, p
		a.Refresh()
	}
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(a)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(a.contextMenu(), c, d.AbsolutePositionForObject(a).Add(e.Position))
}

// contextMenu is the menu for the editor's state now.
func (a *editArea) contextMenu() *fyne.Menu {
	cb := fyne.CurrentApp().Clipboard()
	item := func(label string, sc fyne.KeyboardShortcut, off bool) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, func() { a.TypedShortcut(sc) })
		m.Shortcut = sc // shown beside the label
		m.Disabled = off
		return m
	}
	s, e := a.selection()
	noSel := s == e
	return fyne.NewMenu("",
		item(i18n.T("Отменить", "Undo"), &fyne.ShortcutUndo{}, len(a.undo) == 0),
		item(i18n.T("Вернуть", "Redo"), &fyne.ShortcutRedo{}, len(a.redo) == 0),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("Вырезать", "Cut"), &fyne.ShortcutCut{Clipboard: cb}, noSel),
		item(i18n.T("Копировать", "Copy"), &fyne.ShortcutCopy{Clipboard: cb}, noSel),
		item(i18n.T("Вставить", "Paste"), &fyne.ShortcutPaste{Clipboard: cb}, cb.Content() == ""),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("Выделить всё", "Select all"), &fyne.ShortcutSelectAll{}, a.end() == textPos{}),
	)
}
