package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// The editor's context menu: what a right click on any text field offers
// (Fyne's Entry has the same), each item doing what its shortcut does and
// showing that shortcut. Items that would do nothing are disabled: cut and
// copy without a selection, paste with an empty clipboard, undo and redo
// with no history, select all in an empty document. (The editor has no
// read-only mode, so nothing else is ever disabled.)
//
// The keyboard opens it too: Shift+F10 or the Menu key show it at the caret,
// just below the caret's line (above it when there is no room below), not
// where the mouse happens to be. Fyne's PopUpMenu takes the keyboard when it
// shows: the first item that would do something is highlighted, Up/Down move,
// Enter chooses, Esc closes it. The editor keeps its focus underneath (the
// menu is an overlay with its own focus), so typing goes on where it was.

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
	a.popUp(widget.NewPopUpMenu(a.contextMenu(), c), d.AbsolutePositionForObject(a).Add(e.Position))
}

// menuKey reports whether k opens the context menu: the Menu key, or F10
// with Shift held (the editor follows Shift by KeyDown/KeyUp; the driver
// hands Shift+F10 to TypedKey, as it is no shortcut).
func (a *editArea) menuKey(k *fyne.KeyEvent) bool {
	return k.Name == desktop.KeyMenu || k.Name == fyne.KeyF10 && a.shift
}

// showMenuAtCaret opens the context menu from the keyboard: below the
// caret's line, the caret scrolled into view first, the first enabled item
// highlighted so that Enter chooses it.
func (a *editArea) showMenuAtCaret() {
	a.follow()
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(a)
	if c == nil {
		return
	}
	caret := d.AbsolutePositionForObject(a).Add(a.caretPos())
	menu := a.contextMenu()
	m := widget.NewPopUpMenu(menu, c)
	pos := caret.AddXY(0, a.lh)
	// no room below (where Fyne would push the menu up over the line):
	// above the line
	h := m.MinSize().Height
	if _, area := c.InteractiveArea(); pos.Y+h > area.Height && caret.Y >= h {
		pos.Y = caret.Y - h
	}
	a.popUp(m, pos)
	// ActivateNext with nothing active highlights the first item, then each
	// call the next one (separators are skipped, disabled items are not)
	n := 0
	for _, it := range menu.Items {
		if it.IsSeparator {
			continue
		}
		n++
		if !it.Disabled {
			for ; n > 0; n-- {
				m.ActivateNext()
			}
			break
		}
	}
}

// caretPos is the top left corner of the caret in the area.
func (a *editArea) caretPos() fyne.Position {
	return fyne.NewPos(a.textX()+a.cellX(a.cur), theme.InnerPadding()+float32(a.cur.row)*a.lh)
}

// popUp shows m at pos, an absolute position on its canvas. The menu takes the keys from here on, Shift's
// release too: the editor forgets that Shift is down, or it would still
// extend the selection after the menu closes.
func (a *editArea) popUp(m *widget.PopUpMenu, pos fyne.Position) {
	a.shift = false
	m.ShowAtPosition(pos)
}

// contextMenu is the menu for the editor's state now.
func (a *editArea) contextMenu() *fyne.Menu {
	cb := fyne.CurrentApp().Clipboard()
	item := func(label string, sc fyne.KeyboardShortcut, off bool) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, nil)
		m.Action = func() {
			// Fyne's menu runs the highlighted item on Enter even when
			// it is disabled (Up/Down do not skip disabled items)
			if !m.Disabled {
				a.TypedShortcut(sc)
			}
		}
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
