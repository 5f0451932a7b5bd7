package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// newTestEditor is the editor alone in a test window.
func newTestEditor(t *testing.T) (*xmlEditor, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	ed := newXMLEditor()
	w := test.NewWindow(ed)
	w.Resize(fyne.NewSize(600, 400))
	t.Cleanup(w.Close)
	w.Canvas().Focus(ed.Focusable())
	return ed, w
}

func key(a fyne.Focusable, names ...fyne.KeyName) {
	for _, n := range names {
		a.TypedKey(&fyne.KeyEvent{Name: n})
	}
}

func TestEditorTypingAndKeys(t *testing.T) {
	ed, _ := newTestEditor(t)
	var changes []string
	ed.OnChanged = func(s string) { changes = append(changes, s) }
	a := ed.Focusable()
	test.Type(a, "<a>")
	key(a, fyne.KeyReturn)
	test.Type(a, "  <b>текст</b>")
	key(a, fyne.KeyReturn) // keeps the indentation
	test.Type(a, "x")
	if got, want := ed.Text(), "<a>\n  <b>текст</b>\n  x"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	if len(changes) == 0 || changes[len(changes)-1] != ed.Text() {
		t.Error("OnChanged did not follow the edits")
	}
	key(a, fyne.KeyBackspace, fyne.KeyBackspace, fyne.KeyBackspace, fyne.KeyBackspace) // x, two spaces, the line break
	if got, want := ed.Text(), "<a>\n  <b>текст</b>"; got != want {
		t.Fatalf("after backspaces %q, want %q", got, want)
	}
	// Cyrillic columns are runes: Home, Right ×5, Delete removes «т» of «текст»
	key(a, fyne.KeyHome, fyne.KeyRight, fyne.KeyRight, fyne.KeyRight, fyne.KeyDelete)
	if got, want := ed.Text(), "<a>\n  <b>екст</b>"; got != want {
		t.Fatalf("after delete %q, want %q", got, want)
	}
	// Delete at the end of a line joins the next one
	key(a, fyne.KeyUp, fyne.KeyEnd, fyne.KeyDelete)
	if got, want := ed.Text(), "<a>  <b>екст</b>"; got != want {
		t.Fatalf("after joining %q, want %q", got, want)
	}
}

func TestEditorUndoRedo(t *testing.T) {
	ed, _ := newTestEditor(t)
	a := ed.Focusable()
	ed.SetText("<a/>")
	key(a, fyne.KeyEnd)
	test.Type(a, " один два")
	ed.Undo() // the last word with the space before it
	if got := ed.Text(); got != "<a/> один" {
		t.Fatalf("undo of a word: %q", got)
	}
	ed.Undo()
	if got := ed.Text(); got != "<a/>" {
		t.Fatalf("undo of the first word: %q", got)
	}
	ed.Undo() // nothing more: SetText starts the history
	ed.Redo()
	ed.Redo()
	if got := ed.Text(); got != "<a/> один два" {
		t.Fatalf("redo: %q", got)
	}
	ed.ReplaceAll("<b/>") // format: one undoable step
	a.TypedShortcut(&fyne.ShortcutUndo{})
	if got := ed.Text(); got != "<a/> один два" {
		t.Fatalf("undo of ReplaceAll: %q", got)
	}
	a.TypedShortcut(&fyne.ShortcutRedo{})
	if got := ed.Text(); got != "<b/>" {
		t.Fatalf("redo of ReplaceAll: %q", got)
	}
}

func TestEditorSelectionClipboard(t *testing.T) {
	ed, w := newTestEditor(t)
	a := ed.Focusable()
	ed.SetText("one two\nthree")
	cb := fyne.CurrentApp().Clipboard()
	// Shift+Right ×3 selects «one»
	a.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	key(a, fyne.KeyRight, fyne.KeyRight, fyne.KeyRight)
	a.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := ed.SelectedText(); got != "one" {
		t.Fatalf("selected %q", got)
	}
	a.TypedShortcut(&fyne.ShortcutCut{Clipboard: cb})
	if ed.Text() != " two\nthree" || cb.Content() != "one" {
		t.Fatalf("cut: text %q clipboard %q", ed.Text(), cb.Content())
	}
	// Ctrl+End, paste
	a.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	a.TypedShortcut(&fyne.ShortcutPaste{Clipboard: cb})
	if ed.Text() != " two\nthreeone" {
		t.Fatalf("paste: %q", ed.Text())
	}
	// typing replaces the selection (select all)
	a.TypedShortcut(&fyne.ShortcutSelectAll{})
	a.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if cb.Content() != " two\nthreeone" {
		t.Fatalf("copy of all: %q", cb.Content())
	}
	test.Type(a, "z")
	if ed.Text() != "z" {
		t.Fatalf("typing over a selection: %q", ed.Text())
	}
	// a click puts the cursor under the pointer; Shift+click selects to it
	ed.SetText("abcdef\nghijkl")
	pos := func(row, col int) fyne.Position {
		return fyne.NewPos(a.textX()+float32(col)*a.cw, theme.InnerPadding()+(float32(row)+0.5)*a.lh)
	}
	a.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos(1, 2)}, Button: desktop.MouseButtonPrimary})
	if r, c := ed.Cursor(); r != 1 || c != 2 {
		t.Fatalf("click: cursor %d:%d", r, c)
	}
	a.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos(1, 5)}})
	if got := ed.SelectedText(); got != "ijk" {
		t.Fatalf("drag selected %q", got)
	}
	a.DoubleTapped(&fyne.PointEvent{Position: pos(0, 3)})
	if got := ed.SelectedText(); got != "abcdef" {
		t.Fatalf("double click selected %q", got)
	}
	if w.Canvas().Focused() != a {
		t.Error("the editor lost the focus")
	}
}

func TestEditorFindAndMoveTo(t *testing.T) {
	ed, w := newTestEditor(t)
	ed.SetText("<a>x</a>\n<b>x</b>\n")
	if !ed.Find(w.Canvas(), "x") || ed.SelectedText() != "x" {
		t.Fatal("first x not found")
	}
	if r, _ := ed.Cursor(); r != 0 {
		t.Fatalf("first x on row %d", r)
	}
	ed.Find(w.Canvas(), "x")
	if r, _ := ed.Cursor(); r != 1 {
		t.Fatalf("second x on row %d", r)
	}
	ed.Find(w.Canvas(), "x") // wraps around
	if r, _ := ed.Cursor(); r != 0 {
		t.Fatalf("wrapped x on row %d", r)
	}
	if ed.Find(w.Canvas(), "нет") {
		t.Error("found what is not there")
	}
	ed.MoveTo(w.Canvas(), 2, 4)
	if r, c := ed.Cursor(); r != 1 || c != 3 || ed.SelectedText() != "" {
		t.Fatalf("MoveTo 2:4 → %d:%d", r, c)
	}
	ed.MoveTo(w.Canvas(), 99, 99) // past the end: the last position
	if r, c := ed.Cursor(); r != 2 || c != 0 {
		t.Fatalf("MoveTo past the end → %d:%d", r, c)
	}
}

// shown is what the editor draws: text runs with their colours.
func shown(ed *xmlEditor) map[string]fyne.ThemeColorName {
	th := ed.area.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	names := []fyne.ThemeColorName{colourTag, colourAttr, colourValue, colourComment, colourPlaceholder, colourText, theme.ColorNamePlaceHolder}
	out := map[string]fyne.ThemeColorName{}
	for _, o := range test.WidgetRenderer(ed.area).Objects() {
		if t, ok := o.(*canvas.Text); ok {
			for _, n := range names {
				if t.Color == th.Color(n, v) {
					out[t.Text] = n
					break
				}
			}
		}
	}
	return out
}

func TestEditorColours(t *testing.T) {
	ed, _ := newTestEditor(t)
	ed.SetText("<guest id=\"{guestId}\">\n<!-- a comment\nstill the comment -->\n<name>{surname}</name>\n</guest>")
	got := shown(ed)
	for text, want := range map[string]fyne.ThemeColorName{
		"<guest":                colourTag,
		"id":                    colourAttr,
		"\"":                    colourValue,
		"{guestId}":             colourPlaceholder,
		"{surname}":             colourPlaceholder,
		"still the comment -->": colourComment, // the state carries over the line break
		"<name":                 colourTag,
		"4":                     theme.ColorNamePlaceHolder, // a line number
	} {
		if got[text] != want {
			t.Errorf("%q drawn in %q, want %q (all: %v)", text, got[text], want, got)
		}
	}
	// an edit that opens a comment recolours the lines below it
	a := ed.Focusable()
	ed.MoveTo(nil, 4, 1)
	test.Type(a, "<!--")
	if got := shown(ed); got["</guest>"] != colourComment {
		t.Errorf("after opening a comment on line 4 the line below is not comment: %v", got)
	}
	ed.Undo()
	if got := shown(ed); got["{surname}"] != colourPlaceholder || got["</guest"] != colourTag {
		t.Errorf("after undo: %v", got)
	}
}

// A 1 MB document: only the visible rows are drawn, and an edit at the
// end keeps the cursor in view.
func TestEditorDrawsVisibleRowsOnly(t *testing.T) {
	ed, w := newTestEditor(t)
	line := "<!-- примечание: номер 101, завтрак включён, гость прибыл поездом -->\n"
	doc := "<root>\n" + strings.Repeat(line, (1<<20)/len(line)) + "</root>"
	ed.SetText(doc)
	n := len(test.WidgetRenderer(ed.area).Objects())
	rows := int(w.Canvas().Size().Height/ed.area.lh) + 2
	if n > 6*rows {
		t.Fatalf("%d objects drawn for about %d visible rows", n, rows)
	}
	a := ed.Focusable()
	a.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	test.Type(a, "\n")
	if !strings.HasSuffix(ed.Text(), "</root>\n") || len(ed.Text()) != len(doc)+1 {
		t.Fatal("the newline did not land at the end")
	}
	last := strings.Count(ed.Text(), "\n") + 1
	if ed.scroll.Offset.Y < float32(last-rows)*ed.area.lh-ed.scroll.Size().Height {
		t.Errorf("scrolled to %v, the cursor is on line %d", ed.scroll.Offset, last)
	}
	got := shown(ed)
	if got[itoa(last)] == "" || got["</root"] != colourTag {
		t.Errorf("the end of the document is not drawn: %v", got)
	}
}
