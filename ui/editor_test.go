package ui

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gosdesk/gosdesk/core/i18n"
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

// drawnCell is the cell where the text s is drawn, in the first text run
// that holds it (-1 if none does).
func drawnCell(ed *xmlEditor, s string) float32 {
	a := ed.area
	for _, o := range test.WidgetRenderer(a).Objects() {
		if t, ok := o.(*canvas.Text); ok {
			if i := strings.Index(t.Text, s); i >= 0 {
				return (t.Position().X-a.textX())/a.cw + float32(utf8.RuneCountInString(t.Text[:i]))
			}
		}
	}
	return -1
}

// caretX is the x of the drawn cursor, in cells from the start of the text.
func caretX(ed *xmlEditor) float32 {
	a := ed.area
	c := test.WidgetRenderer(a).(*editAreaRenderer).cursor
	return (c.Position().X + 1 - a.textX()) / a.cw
}

// Tabs reach the next tab stop (every 4 cells) in the drawing, the cursor,
// clicks, drags, the selection and Up/Down; columns stay characters.
func TestEditorTabStops(t *testing.T) {
	ed, _ := newTestEditor(t)
	a := ed.Focusable()
	ed.SetText("\tx\n  \ty\nab\tc\n    z")
	x0 := a.textX()

	// drawing: «x» after a whole tab, «y» after two spaces and a tab
	// reaching the same stop, «c» after «ab» and a half tab, «z» after four
	// spaces
	for _, c := range []string{"x", "y", "c", "z"} {
		if got := drawnCell(ed, c); got != 4 {
			t.Errorf("«%s» drawn at cell %v, want 4", c, got)
		}
	}

	// the cursor after a tab (MoveTo's columns are characters, 1-based)
	for _, c := range []struct{ line, col, cell int }{{1, 2, 4}, {1, 3, 5}, {2, 3, 2}, {2, 4, 4}, {3, 3, 2}, {3, 4, 4}, {3, 5, 5}, {4, 5, 4}} {
		ed.MoveTo(nil, c.line, c.col)
		if got := caretX(ed); got != float32(c.cell) {
			t.Errorf("cursor at %d:%d drawn at cell %v, want %d", c.line, c.col, got, c.cell)
		}
	}

	// a click in the tab's span: its left half before the tab, its right
	// half after it
	for _, c := range []struct {
		row  int
		x    float32
		want int
	}{{0, 0.4, 0}, {0, 1.9, 0}, {0, 2.1, 1}, {0, 3.9, 1}, {0, 4.4, 1}, {0, 4.6, 2}, {2, 2.9, 2}, {2, 3.1, 3}, {2, 4.6, 4}, {1, 2.9, 2}, {1, 3.1, 3}} {
		a.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: cellPos(a, c.row, c.x)}, Button: desktop.MouseButtonPrimary})
		if r, col := ed.Cursor(); r != c.row || col != c.want {
			t.Errorf("click on row %d at cell %v: cursor %d:%d, want column %d", c.row, c.x, r, col, c.want)
		}
	}

	// a drag across tabs selects whole characters, the highlight covers
	// their cells
	a.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: cellPos(a, 0, 3)}, Button: desktop.MouseButtonPrimary})
	a.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: cellPos(a, 2, 4.9)}})
	if got := ed.SelectedText(); got != "x\n  \ty\nab\tc" {
		t.Fatalf("drag selected %q", got)
	}
	sel := test.WidgetRenderer(a).(*editAreaRenderer).sel
	type span struct{ from, to float32 }
	var got []span
	for _, r := range sel {
		got = append(got, span{(r.Position().X - x0) / a.cw, (r.Position().X + r.Size().Width - x0) / a.cw})
	}
	// row 0 from after the tab to the line break, row 1 whole (5 cells and
	// the line break), row 2 to after «c»
	if want := []span{{4, 6}, {0, 6}, {0, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("selection highlight %v, want %v", got, want)
	}

	// Up and Down keep the cell: from after the tab of row 0 (cell 4) to
	// after four spaces of row 3, and back
	ed.MoveTo(nil, 1, 2)
	key(a, fyne.KeyDown, fyne.KeyDown, fyne.KeyDown)
	if r, col := ed.Cursor(); r != 3 || col != 4 {
		t.Errorf("Down ×3 from 1:2: cursor %d:%d, want 3:4", r, col)
	}
	key(a, fyne.KeyUp)
	if r, col := ed.Cursor(); r != 2 || col != 3 {
		t.Errorf("Up to «ab<tab>c»: cursor %d:%d, want 2:3", r, col)
	}
}

// A line of tabs wider than the view scrolls sideways to the cursor's
// cell, and the area is as wide as the line's cells.
func TestEditorTabsScrollSideways(t *testing.T) {
	ed, _ := newTestEditor(t)
	a := ed.Focusable()
	ed.SetText("<a>\n" + strings.Repeat("\t", 100) + "<b/>\n</a>")
	if min := x0Cells(a, a.MinSize().Width); min < 404 {
		t.Errorf("the area is %v cells wide, the line needs 404", min)
	}
	ed.MoveTo(nil, 2, 105) // after «<b/>»: cell 404
	off, view := ed.scroll.Offset.X, ed.scroll.Size().Width
	x := a.textX() + 404*a.cw
	if x < off || x > off+view {
		t.Errorf("cursor at x %v, the view shows %v…%v", x, off, off+view)
	}
	if got := drawnCell(ed, "<b"); got != 400 {
		t.Errorf("«<b» drawn at cell %v, want 400 (%v)", got, shown(ed))
	}
}

func x0Cells(a *editArea, w float32) float32 { return (w - a.textX()) / a.cw }

// An error's line:column counts characters (a tab is one): the click on it
// puts the cursor on that character, drawn after the tabs' cells.
func TestNewApplicationErrorAfterTabs(t *testing.T) {
	a, _ := newTestApp(t, i18n.RU)
	n := chooseHotel(t, a)
	n.docSelect.SetSelected("attach.xml")
	if !n.editor.Find(a.win.Canvas(), "1979-05-12") {
		t.Fatal("no birth date in the template")
	}
	test.Type(n.editor.Focusable(), "12.05.1979")
	n.validateNow()
	if len(n.problems) == 0 {
		t.Fatal("the invalid date is not reported")
	}
	p := n.problems[0]
	line := strings.Split(n.editor.Text(), "\n")[p.Line-1]
	tabs := len(line) - len(strings.TrimLeft(line, "\t"))
	if tabs == 0 || p.Col != tabs+1 || !strings.HasPrefix(line[tabs:], "<umms:birthDate>") {
		t.Fatalf("problem %d:%d on %q: the test wants the element after tabs", p.Line, p.Col, line)
	}
	n.probList.Select(0)
	if r, c := n.editor.Cursor(); r != p.Line-1 || c != p.Col-1 {
		t.Errorf("cursor %d:%d, error %d:%d", r, c, p.Line, p.Col)
	}
	if got := caretX(n.editor); got != float32(4*tabs) {
		t.Errorf("cursor drawn at cell %v, want %d (after %d tabs)", got, 4*tabs, tabs)
	}
}
