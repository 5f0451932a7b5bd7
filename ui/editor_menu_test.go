package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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

// press types a key on whatever has the focus, as the desktop driver does:
// the held keys go down (KeyDown, to a desktop.Keyable), then the key is
// typed (TypedKey), then the held keys come up — each to what has the
// focus at that moment (the menu takes it when it opens).
func press(t *testing.T, c fyne.Canvas, name fyne.KeyName, held ...fyne.KeyName) {
	t.Helper()
	focused := func() fyne.Focusable {
		f := c.Focused()
		if f == nil {
			t.Fatalf("nothing has the focus for %s", name)
		}
		return f
	}
	for _, h := range held {
		if k, ok := focused().(desktop.Keyable); ok {
			k.KeyDown(&fyne.KeyEvent{Name: h})
		}
	}
	focused().TypedKey(&fyne.KeyEvent{Name: name})
	for _, h := range held {
		if k, ok := focused().(desktop.Keyable); ok {
			k.KeyUp(&fyne.KeyEvent{Name: h})
		}
	}
}

// shiftF10 presses Shift+F10.
func shiftF10(t *testing.T, c fyne.Canvas) {
	t.Helper()
	press(t, c, fyne.KeyF10, desktop.KeyShiftLeft)
}

// belowCaret is where the keyboard's menu belongs for a caret at row and
// col of a line without tabs: at the caret's x, just below its line.
func belowCaret(a *editArea, row, col int) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(a).
		Add(fyne.NewPos(a.textX()+float32(col)*a.cw, theme.InnerPadding()+float32(row+1)*a.lh))
}

// Shift+F10 and the Menu key open the context menu at the caret, wherever
// the mouse is; the menu has the keyboard (Up/Down, Enter, Esc) and gives
// it back to the editor when it closes.
func TestEditorContextMenuFromKeyboard(t *testing.T) {
	inLang(t, i18n.RU)
	ed, w := newTestEditor(t)
	a := ed.Focusable()
	c := w.Canvas()
	cb := fyne.CurrentApp().Clipboard()
	cb.SetContent("")
	const doc = "<a>\n  <b>1</b>\n  <c>2</c>\n  <d>3</d>\n  <e>4</e>\n</a>"
	ed.SetText(doc)
	test.MoveMouse(c, fyne.NewPos(500, 300)) // far from the caret

	// Shift+F10 on line 1: below the caret, not under the mouse
	ed.MoveTo(c, 1, 3)
	shiftF10(t, c)
	items := shownItems(t, c)
	if got, want := labels(items), "(Отменить) · (Вернуть) · (Вырезать) · (Копировать) · (Вставить) · Выделить всё"; got != want {
		t.Fatalf("menu %q, want %q", got, want)
	}
	m := popUpMenu(c)
	line1 := m.Position()
	if want := belowCaret(a, 0, 2); line1 != want {
		t.Errorf("Shift+F10: menu at %v, want below the caret %v", line1, want)
	}
	if c.Focused() != m {
		t.Fatalf("the menu has no keyboard: focus on %T", c.Focused())
	}
	// Esc closes it and the editor has the keys again, Shift released
	press(t, c, fyne.KeyEscape)
	if popUpMenu(c) != nil {
		t.Fatal("Esc left the menu open")
	}
	if c.Focused() != a {
		t.Fatalf("focus on %T after Esc, not on the editor", c.Focused())
	}
	if ed.Text() != doc {
		t.Fatalf("Esc changed the text: %q", ed.Text())
	}
	press(t, c, fyne.KeyRight)
	if r, col := ed.Cursor(); r != 0 || col != 3 || ed.SelectedText() != "" {
		t.Fatalf("Right after the menu: cursor %d:%d, selection %q; want 0:3 and none", r, col, ed.SelectedText())
	}

	// the Menu key on line 5: four lines lower; «Выделить всё», the only
	// enabled item, is highlighted and Enter chooses it
	ed.MoveTo(c, 5, 1)
	press(t, c, desktop.KeyMenu)
	m = popUpMenu(c)
	if m == nil {
		t.Fatal("the Menu key opened no menu")
	}
	line5 := m.Position()
	if want := belowCaret(a, 4, 0); line5 != want {
		t.Errorf("Menu key: menu at %v, want below the caret %v", line5, want)
	}
	if line5.Y <= line1.Y || line5.Y-line1.Y != 4*a.lh {
		t.Errorf("menu at y=%v on line 5, y=%v on line 1: not four lines lower", line5.Y, line1.Y)
	}
	press(t, c, fyne.KeyReturn)
	if ed.SelectedText() != doc {
		t.Fatalf("Enter in the menu: selection %q, want the whole text", ed.SelectedText())
	}
	if popUpMenu(c) != nil || c.Focused() != a {
		t.Fatalf("after Enter: menu %v, focus on %T", popUpMenu(c) != nil, c.Focused())
	}

	// with a selection the first enabled item is «Вырезать»: Down ×3
	// reaches «Выделить всё»
	cb.SetContent("x")
	ed.Find(c, "b")
	shiftF10(t, c)
	if got, want := labels(shownItems(t, c)), "(Отменить) · (Вернуть) · Вырезать · Копировать · Вставить · Выделить всё"; got != want {
		t.Fatalf("menu with a selection %q, want %q", got, want)
	}
	press(t, c, fyne.KeyDown)
	press(t, c, fyne.KeyDown)
	press(t, c, fyne.KeyDown)
	press(t, c, fyne.KeyEnter)
	if ed.SelectedText() != doc || cb.Content() != "x" {
		t.Fatalf("Down ×3, Enter: selection %q, clipboard %q; want the whole text and x", ed.SelectedText(), cb.Content())
	}

	// Down ×2: «Вставить»
	ed.Find(c, "b")
	shiftF10(t, c)
	press(t, c, fyne.KeyDown)
	press(t, c, fyne.KeyDown)
	press(t, c, fyne.KeyReturn)
	pasted := strings.Replace(doc, "<b>1</b>", "<x>1</b>", 1)
	if ed.Text() != pasted {
		t.Fatalf("Down ×2, Enter: %q, want the paste %q", ed.Text(), pasted)
	}

	// now «Отменить» is first: Enter undoes the paste
	press(t, c, desktop.KeyMenu)
	if got, want := labels(shownItems(t, c)), "Отменить · (Вернуть) · (Вырезать) · (Копировать) · Вставить · Выделить всё"; got != want {
		t.Fatalf("menu after the paste %q, want %q", got, want)
	}
	press(t, c, fyne.KeyReturn)
	if ed.Text() != doc {
		t.Fatalf("Enter on «Отменить»: %q", ed.Text())
	}

	// Fyne's Up/Down stop on disabled items too: Enter there does nothing
	press(t, c, desktop.KeyMenu) // «Отменить» highlighted
	press(t, c, fyne.KeyDown)    // «Вернуть»
	press(t, c, fyne.KeyDown)    // «Вырезать», disabled
	press(t, c, fyne.KeyReturn)
	if ed.Text() != doc || cb.Content() != "x" || popUpMenu(c) != nil || c.Focused() != a {
		t.Fatalf("a disabled item from the keyboard: text %q, clipboard %q, menu %v, focus %T",
			ed.Text(), cb.Content(), popUpMenu(c) != nil, c.Focused())
	}

	// F10 without Shift opens nothing
	press(t, c, fyne.KeyF10)
	if popUpMenu(c) != nil {
		t.Error("F10 without Shift opened the menu")
	}
}

// The keyboard's menu follows the caret out of view (the editor scrolls to
// it first) and, where there is no room below the caret's line, opens
// above it instead of covering it.
func TestEditorContextMenuFromKeyboardAtTheBottom(t *testing.T) {
	inLang(t, i18n.EN)
	ed, w := newTestEditor(t)
	a := ed.Focusable()
	c := w.Canvas()
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "<line n=\"%d\"/>\n", i+1)
	}
	ed.SetText(b.String())
	ed.MoveTo(c, 100, 4)
	ed.scroll.ScrollToOffset(fyne.Position{}) // the caret out of view
	press(t, c, desktop.KeyMenu)
	m := popUpMenu(c)
	if m == nil {
		t.Fatal("the Menu key opened no menu")
	}
	caret := belowCaret(a, 98, 3) // the top of line 100
	if caret.Y < 0 || caret.Y+a.lh > c.Size().Height {
		t.Fatalf("the caret at y=%v is not in the %v high window", caret.Y, c.Size().Height)
	}
	if got := m.Position(); got.X != caret.X || got.Y+m.Size().Height > caret.Y {
		t.Errorf("menu at %v, %v high; want above the caret's line at %v", got, m.Size().Height, caret)
	}
	if got := labels(shownItems(t, c)); got != "(Undo) · (Redo) · (Cut) · (Copy) · (Paste) · Select all" {
		t.Errorf("menu %q", got)
	}
}

// In Новое заявление the screen's own keys (F1, Esc) leave the menu keys to
// the editor, and the help lists them.
func TestNewApplicationEditorMenuKey(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
		a, _ := newTestApp(t, l)
		n := chooseHotel(t, a)
		c := a.win.Canvas()
		ed := n.editor.Focusable()
		n.editor.MoveTo(c, 2, 1)
		shiftF10(t, c)
		m := popUpMenu(c)
		if m == nil {
			t.Fatalf("%s: Shift+F10 in the editor opened no menu", l)
		}
		if want := belowCaret(ed, 1, 0); m.Position() != want {
			t.Errorf("%s: menu at %v, want below the caret %v", l, m.Position(), want)
		}
		press(t, c, fyne.KeyEscape)
		if popUpMenu(c) != nil || c.Focused() != ed {
			t.Fatalf("%s: after Esc menu %v, focus on %T", l, popUpMenu(c) != nil, c.Focused())
		}
		press(t, c, desktop.KeyMenu)
		if popUpMenu(c) == nil {
			t.Fatalf("%s: the Menu key in the editor opened no menu", l)
		}
		press(t, c, fyne.KeyEscape)

		a.shell.help()
		want := map[i18n.Lang]string{
			i18n.RU: "Shift+F10 или клавиша меню — контекстное меню редактора",
			i18n.EN: "Shift+F10 or the Menu key — the editor's context menu",
		}[l]
		if got := texts(c); !strings.Contains(got, want) {
			t.Errorf("%s: the help lacks %q", l, want)
		}
	}
}
