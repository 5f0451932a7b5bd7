package ui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// inLang sets the language for the test.
func inLang(t *testing.T, l i18n.Lang) {
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(l)
}

// cellPos is the point of the editor area in the middle of row, at x cells
// from the start of the text.
func cellPos(a *editArea, row int, x float32) fyne.Position {
	return fyne.NewPos(a.textX()+x*a.cw, theme.InnerPadding()+(float32(row)+0.5)*a.lh)
}

// popUpMenu is the pop-up menu shown on c (nil without one).
func popUpMenu(c fyne.Canvas) *widget.PopUpMenu {
	for _, ov := range c.Overlays().List() {
		for _, o := range test.LaidOutObjects(ov) {
			if m, ok := o.(*widget.PopUpMenu); ok && m.Visible() {
				return m
			}
		}
	}
	return nil
}

// menuEntry is a shown menu item: what it says and the widget to tap.
type menuEntry struct {
	item *fyne.MenuItem
	obj  fyne.Tappable
}

// shownItems are the items of the pop-up menu (separators left out).
func shownItems(t *testing.T, c fyne.Canvas) []menuEntry {
	t.Helper()
	m := popUpMenu(c)
	if m == nil {
		t.Fatal("no pop-up menu is shown")
	}
	var out []menuEntry
	for _, o := range m.Items {
		f := reflect.ValueOf(o).Elem().FieldByName("Item") // widget's menuItem is not exported
		if !f.IsValid() {
			continue // a separator
		}
		out = append(out, menuEntry{f.Interface().(*fyne.MenuItem), o.(fyne.Tappable)})
	}
	return out
}

func labels(items []menuEntry) string {
	var l []string
	for _, it := range items {
		s := it.item.Label
		if it.item.Disabled {
			s = "(" + s + ")"
		}
		l = append(l, s)
	}
	return strings.Join(l, " · ")
}

// rightClick opens the menu at a cell of a row and returns its items.
func rightClick(t *testing.T, w fyne.Window, a *editArea, row int, x float32) []menuEntry {
	t.Helper()
	test.TapSecondaryAt(a, cellPos(a, row, x))
	return shownItems(t, w.Canvas())
}

// choose taps the item with the label, as the mouse does.
func choose(t *testing.T, items []menuEntry, label string) {
	t.Helper()
	for _, it := range items {
		if it.item.Label == label {
			test.Tap(it.obj)
			return
		}
	}
	t.Fatalf("no item %q in %s", label, labels(items))
}

func TestEditorContextMenu(t *testing.T) {
	inLang(t, i18n.RU)
	ed, w := newTestEditor(t)
	a := ed.Focusable()
	c := w.Canvas()
	cb := fyne.CurrentApp().Clipboard()
	cb.SetContent("")
	ed.SetText("один два\nтри")

	// no selection, nothing to undo, empty clipboard: only «Выделить всё»;
	// the click puts the cursor under the pointer
	items := rightClick(t, w, a, 0, 2)
	if got, want := labels(items), "(Отменить) · (Вернуть) · (Вырезать) · (Копировать) · (Вставить) · Выделить всё"; got != want {
		t.Fatalf("menu %q, want %q", got, want)
	}
	if r, col := ed.Cursor(); r != 0 || col != 2 {
		t.Errorf("right click: cursor %d:%d, want 0:2", r, col)
	}
	want := fyne.CurrentApp().Driver().AbsolutePositionForObject(a).Add(cellPos(a, 0, 2))
	if got := popUpMenu(c).Position(); got != want {
		t.Errorf("menu at %v, want under the pointer %v", got, want)
	}
	choose(t, items, "Вырезать") // disabled: nothing happens
	if ed.Text() != "один два\nтри" || cb.Content() != "" {
		t.Fatalf("a disabled item acted: %q, clipboard %q", ed.Text(), cb.Content())
	}
	choose(t, items, "Выделить всё")
	if ed.SelectedText() != "один два\nтри" {
		t.Fatalf("select all selected %q", ed.SelectedText())
	}
	if popUpMenu(c) != nil {
		t.Error("the menu stays after its item was chosen")
	}
	if c.Focused() != a {
		t.Errorf("focus on %T after the menu, not on the editor", c.Focused())
	}

	// a right click inside the selection keeps it: copy
	ed.Find(c, "два")
	items = rightClick(t, w, a, 0, 6)
	if ed.SelectedText() != "два" {
		t.Fatalf("a right click inside the selection left %q selected", ed.SelectedText())
	}
	if got, want := labels(items), "(Отменить) · (Вернуть) · Вырезать · Копировать · (Вставить) · Выделить всё"; got != want {
		t.Fatalf("menu with a selection %q, want %q", got, want)
	}
	choose(t, items, "Копировать")
	if cb.Content() != "два" || ed.Text() != "один два\nтри" || ed.SelectedText() != "два" {
		t.Fatalf("copy: clipboard %q, text %q, selection %q", cb.Content(), ed.Text(), ed.SelectedText())
	}

	// cut
	choose(t, rightClick(t, w, a, 0, 7.9), "Вырезать")
	if cb.Content() != "два" || ed.Text() != "один \nтри" {
		t.Fatalf("cut: clipboard %q, text %q", cb.Content(), ed.Text())
	}

	// paste where the right click landed (a click outside a selection
	// moves the cursor away from it)
	ed.Find(c, "один")
	items = rightClick(t, w, a, 1, 3)
	if ed.SelectedText() != "" {
		t.Fatalf("a right click outside the selection kept %q", ed.SelectedText())
	}
	if got, want := labels(items), "Отменить · (Вернуть) · (Вырезать) · (Копировать) · Вставить · Выделить всё"; got != want {
		t.Fatalf("menu after a cut %q, want %q", got, want)
	}
	choose(t, items, "Вставить")
	if ed.Text() != "один \nтридва" {
		t.Fatalf("paste: %q", ed.Text())
	}

	// undo, redo
	choose(t, rightClick(t, w, a, 0, 0), "Отменить")
	if ed.Text() != "один \nтри" {
		t.Fatalf("undo: %q", ed.Text())
	}
	items = rightClick(t, w, a, 0, 0)
	if got, want := labels(items), "Отменить · Вернуть · (Вырезать) · (Копировать) · Вставить · Выделить всё"; got != want {
		t.Fatalf("menu after undo %q, want %q", got, want)
	}
	choose(t, items, "Вернуть")
	if ed.Text() != "один \nтридва" {
		t.Fatalf("redo: %q", ed.Text())
	}

	// an empty document: nothing to select
	ed.SetText("")
	if got := labels(rightClick(t, w, a, 0, 0)); !strings.HasSuffix(got, "(Выделить всё)") {
		t.Errorf("empty document: %q", got)
	}
}

func TestEditorContextMenuEnglish(t *testing.T) {
	inLang(t, i18n.EN)
	ed, w := newTestEditor(t)
	fyne.CurrentApp().Clipboard().SetContent("x")
	ed.SetText("<a/>")
	ed.Find(w.Canvas(), "a")
	if got, want := labels(rightClick(t, w, ed.Focusable(), 0, 1.5)), "(Undo) · (Redo) · Cut · Copy · Paste · Select all"; got != want {
		t.Fatalf("menu %q, want %q", got, want)
	}
}
