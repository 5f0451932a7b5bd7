package ui

import (
	"image/color"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The XML editor keeps the document as a slice of lines and draws only the
// rows the scroller shows: a row is a few canvas.Text runs (one per colour)
// on a monospace grid, beside its line number. Typing changes one line;
// the colouring of a line depends only on the lexer state at its start
// (inside a comment, a tag, a quoted value …), and those states are
// recomputed from the edited line down to the last visible one, so the
// cost of a keystroke does not grow with the document (a 1 MB document
// edits as fast as a 1 KB one). Fyne's Entry, which it replaces, lays out
// the whole text on every change (about a minute per keystroke at 1 MB,
// see the design brief).
//
// It does what the clerk needs from an editor: cursor keys, Home/End,
// PageUp/PageDown, Ctrl+Home/End, selection with Shift and the mouse (drag,
// double click selects a word), copy/cut/paste, select all, undo/redo
// (typing is grouped by words), auto-indent on Enter, find, a context menu
// on the right button, Shift+F10 or the Menu key (editor_menu.go). Tab is left to the window: it moves
// the focus to the next control; tabs already in a document (templates are
// indented with them) are drawn to tab stops every 4 cells.

// textPos is a place in the document: a 0-based row and a column in runes.
// Where a row is drawn, columns become cells of the monospace grid: a rune
// is one cell, a tab runs to the next tab stop (cellOf, colAtCell).
type textPos struct{ row, col int }

func (p textPos) before(q textPos) bool {
	return p.row < q.row || p.row == q.row && p.col < q.col
}

// edit is one undoable change: at `at`, removed was replaced by inserted.
type edit struct {
	at                textPos
	removed, inserted string
	before, after     textPos // cursor
	typing            bool    // typed characters: later ones join it
}

// lexState is the XML lexer's state at the start of a line.
type lexState uint8

const (
	lexText lexState = iota
	lexComment
	lexCDATA
	lexTag
	lexDQ // inside "…" in a tag
	lexSQ // inside '…' in a tag
)

// xmlEditor is the XML editor widget: a scroller around the area that
// draws and edits the text.
type xmlEditor struct {
	widget.BaseWidget
	area   *editArea
	scroll *container.Scroll

	// OnChanged is called after every edit with the new text.
	OnChanged func(string)
	// OnKey sees keys first (F1 help, Esc); true stops them.
	OnKey func(*fyne.KeyEvent) bool
}

func newXMLEditor() *xmlEditor {
	ed := &xmlEditor{}
	ed.area = newEditArea(ed)
	ed.scroll = container.NewScroll(ed.area)
	ed.scroll.OnScrolled = func(fyne.Position) { ed.area.Refresh() }
	ed.ExtendBaseWidget(ed)
	return ed
}

func (ed *xmlEditor) CreateRenderer() fyne.WidgetRenderer {
	return &xmlEditorRenderer{ed: ed}
}

type xmlEditorRenderer struct{ ed *xmlEditor }

func (r *xmlEditorRenderer) Layout(s fyne.Size) {
	r.ed.scroll.Resize(s)
	r.ed.area.Refresh()
}
func (r *xmlEditorRenderer) MinSize() fyne.Size {
	return fyne.NewSize(8*r.ed.area.cw, 3*r.ed.area.lh)
}
func (r *xmlEditorRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.ed.scroll} }
func (r *xmlEditorRenderer) Destroy()                     {}
func (r *xmlEditorRenderer) Refresh()                     { r.ed.scroll.Refresh() }

// Text is the document.
func (ed *xmlEditor) Text() string { return ed.area.text() }

// SetText replaces the document and forgets the undo history (another
// document, a template, a new application); OnChanged fires.
func (ed *xmlEditor) SetText(s string) {
	a := ed.area
	a.load(s)
	a.undo, a.redo = nil, nil
	a.cur, a.anchor = textPos{}, textPos{}
	ed.scroll.ScrollToOffset(fyne.Position{})
	a.changed()
}

// ReplaceAll replaces the document as one undoable edit (format).
func (ed *xmlEditor) ReplaceAll(s string) {
	a := ed.area
	a.anchor = textPos{}
	a.cur = a.end()
	a.replaceSelection(s, false)
	a.cur, a.anchor = textPos{}, textPos{}
	a.follow()
}

// SelectedText is the selected text ("" without a selection).
func (ed *xmlEditor) SelectedText() string { return ed.area.selectedText() }

// Cursor is the cursor's 0-based row and rune column.
func (ed *xmlEditor) Cursor() (row, col int) { return ed.area.cur.row, ed.area.cur.col }

// Undo and Redo step through the edit history.
func (ed *xmlEditor) Undo() { ed.area.undoEdit() }
func (ed *xmlEditor) Redo() { ed.area.redoEdit() }

// Focusable is what takes the keyboard (canvas.Focus).
func (ed *xmlEditor) Focusable() *editArea { return ed.area }

// MoveTo puts the cursor at a 1-based line and column and focuses the editor.
func (ed *xmlEditor) MoveTo(c fyne.Canvas, line, col int) {
	a := ed.area
	p := a.clamp(textPos{line - 1, col - 1})
	a.cur, a.anchor = p, p
	if c != nil {
		c.Focus(a)
	}
	a.follow()
}

// Find selects the next occurrence of what after the cursor (wrapping
// around) and reports whether there is one.
func (ed *xmlEditor) Find(c fyne.Canvas, what string) bool {
	if what == "" {
		return false
	}
	a := ed.area
	text := a.text()
	from := a.offsetOf(a.cur)
	i := strings.Index(text[from:], what)
	if i >= 0 {
		i += from
	} else if i = strings.Index(text, what); i < 0 {
		return false
	}
	a.anchor = a.posOf(i)
	a.cur = a.posOf(i + len(what))
	if c != nil {
		c.Focus(a)
	}
	a.follow()
	return true
}

// editArea is the scroller's content: as large as the whole document, it
// draws only the visible rows and takes keyboard and mouse input.
type editArea struct {
	widget.BaseWidget
	ed      *xmlEditor
	lines   []string
	states  []lexState // states[i]: the lexer state at the start of line i
	valid   int        // states[:valid] are up to date
	maxCols int        // the widest line, in cells
	cw, lh  float32    // cell width, row height

	cur, anchor textPos // the selection runs from anchor to cur
	shift       bool
	focused     bool
	undo, redo  []edit

	cache   string
	cacheOK bool
}

func newEditArea(ed *xmlEditor) *editArea {
	a := &editArea{ed: ed, lines: []string{""}, states: []lexState{lexText}, valid: 1}
	a.measure()
	a.ExtendBaseWidget(a)
	return a
}

func (a *editArea) measure() {
	sz := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Monospace: true})
	a.cw, a.lh = sz.Width, sz.Height
}

// load splits s into lines (CRLF as LF).
func (a *editArea) load(s string) {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	a.lines = strings.Split(s, "\n")
	a.states = make([]lexState, len(a.lines))
	a.valid = 1
	a.maxCols = 0
	for _, l := range a.lines {
		if n := lineCells(l); n > a.maxCols {
			a.maxCols = n
		}
	}
	a.cache, a.cacheOK = s, true
}

func (a *editArea) text() string {
	if !a.cacheOK {
		a.cache, a.cacheOK = strings.Join(a.lines, "\n"), true
	}
	return a.cache
}

func (a *editArea) end() textPos {
	r := len(a.lines) - 1
	return textPos{r, utf8.RuneCountInString(a.lines[r])}
}

func (a *editArea) clamp(p textPos) textPos {
	if p.row < 0 {
		return textPos{}
	}
	if p.row >= len(a.lines) {
		return a.end()
	}
	if p.col < 0 {
		p.col = 0
	}
	if n := utf8.RuneCountInString(a.lines[p.row]); p.col > n {
		p.col = n
	}
	return p
}

// byteCol is the byte offset of rune column col in line s.
func byteCol(s string, col int) int {
	i := 0
	for n := 0; n < col && i < len(s); n++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// tabStop is the distance between tab stops, in cells.
const tabStop = 4

// tabSpaces is what a tab is drawn as at most: tabStop spaces.
var tabSpaces = strings.Repeat(" ", tabStop)

// cellOf is the cell (display column) where rune column col of line s
// starts: a tab reaches the next multiple of tabStop, any other rune is one
// cell wide. Lines without a tab cost one IndexByte.
func cellOf(s string, col int) int {
	if strings.IndexByte(s, '\t') < 0 {
		return col
	}
	cell, n := 0, 0
	for _, r := range s {
		if n == col {
			return cell
		}
		if r == '\t' {
			cell += tabStop - cell%tabStop
		} else {
			cell++
		}
		n++
	}
	return cell + col - n
}

// cellsAfter is the cell reached from cell by the runes of s.
func cellsAfter(cell int, s string) int {
	if strings.IndexByte(s, '\t') < 0 {
		return cell + utf8.RuneCountInString(s)
	}
	for _, r := range s {
		if r == '\t' {
			cell += tabStop - cell%tabStop
		} else {
			cell++
		}
	}
	return cell
}

// lineCells is the width of line s in cells.
func lineCells(s string) int { return cellsAfter(0, s) }

// colAtCell is the rune column of line s nearest to x, a position in cells
// from the start of the line: a click in the left half of a character (or
// of a tab's span) goes before it, in the right half after it. Past the
// end it is the column past the end (clamp limits it).
func colAtCell(s string, x float32) int {
	if strings.IndexByte(s, '\t') < 0 {
		return int(x + 0.5)
	}
	cell, n := 0, 0
	for _, r := range s {
		w := 1
		if r == '\t' {
			w = tabStop - cell%tabStop
		}
		if x < float32(cell)+float32(w)/2 {
			return n
		}
		cell += w
		n++
	}
	return n + max(int(x-float32(cell)+0.5), 0)
}

// expandTabs is s, which starts at cell, with its tabs as spaces up to
// their tab stops: one rune per cell.
func expandTabs(s string, cell int) string {
	if strings.IndexByte(s, '\t') < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\t' {
			w := tabStop - cell%tabStop
			b.WriteString(tabSpaces[:w])
			cell += w
			continue
		}
		b.WriteRune(r)
		cell++
	}
	return b.String()
}

// cellX is the x of p's cell relative to textX.
func (a *editArea) cellX(p textPos) float32 {
	return float32(cellOf(a.lines[p.row], p.col)) * a.cw
}

// offsetOf is the byte offset of p in the text.
func (a *editArea) offsetOf(p textPos) int {
	off := 0
	for i := 0; i < p.row && i < len(a.lines); i++ {
		off += len(a.lines[i]) + 1
	}
	return off + byteCol(a.lines[p.row], p.col)
}

// posOf is the position of a byte offset of the text.
func (a *editArea) posOf(off int) textPos {
	for r, l := range a.lines {
		if off <= len(l) {
			return textPos{r, utf8.RuneCountInString(l[:off])}
		}
		off -= len(l) + 1
	}
	return a.end()
}

// endOf is where text inserted at p ends.
func endOf(p textPos, s string) textPos {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return textPos{p.row + strings.Count(s, "\n"), utf8.RuneCountInString(s[i+1:])}
	}
	return textPos{p.row, p.col + utf8.RuneCountInString(s)}
}

// selection is the selected range, start before end.
func (a *editArea) selection() (textPos, textPos) {
	if a.cur.before(a.anchor) {
		return a.cur, a.anchor
	}
	return a.anchor, a.cur
}

func (a *editArea) between(from, to textPos) string {
	if from.row == to.row {
		l := a.lines[from.row]
		return l[byteCol(l, from.col):byteCol(l, to.col)]
	}
	var b strings.Builder
	l := a.lines[from.row]
	b.WriteString(l[byteCol(l, from.col):])
	for r := from.row + 1; r < to.row; r++ {
		b.WriteByte('\n')
		b.WriteString(a.lines[r])
	}
	b.WriteByte('\n')
	l = a.lines[to.row]
	b.WriteString(l[:byteCol(l, to.col)])
	return b.String()
}

func (a *editArea) selectedText() string {
	s, e := a.selection()
	if s == e {
		return ""
	}
	return a.between(s, e)
}

// replace puts s in place of [from, to) and returns the end of s. Only the
// touched lines change; the lexer states below them are recomputed lazily.
func (a *editArea) replace(from, to textPos, s string) textPos {
	head := a.lines[from.row][:byteCol(a.lines[from.row], from.col)]
	tl := a.lines[to.row]
	tail := tl[byteCol(tl, to.col):]
	mid := strings.Split(s, "\n")
	mid[0] = head + mid[0]
	mid[len(mid)-1] += tail
	old := to.row - from.row + 1
	if d := len(mid) - old; d != 0 {
		lines := make([]string, 0, len(a.lines)+d)
		lines = append(lines, a.lines[:from.row]...)
		lines = append(lines, mid...)
		lines = append(lines, a.lines[to.row+1:]...)
		a.lines = lines
		states := make([]lexState, len(a.lines))
		copy(states, a.states[:from.row+1])
		a.states = states
	} else {
		copy(a.lines[from.row:], mid)
	}
	for _, l := range mid {
		if n := lineCells(l); n > a.maxCols {
			a.maxCols = n
		}
	}
	if a.valid > from.row+1 {
		a.valid = from.row + 1
	}
	a.cacheOK = false
	return endOf(from, s)
}

// replaceSelection is an edit by the clerk: recorded for undo.
func (a *editArea) replaceSelection(s string, typing bool) {
	from, to := a.selection()
	removed := ""
	if from != to {
		removed = a.between(from, to)
	}
	before := a.cur
	end := a.replace(from, to, s)
	a.cur, a.anchor = end, end
	a.redo = nil
	if n := len(a.undo); typing && removed == "" && n > 0 {
		last := &a.undo[n-1]
		if last.typing && last.after == before && !(s == " " && !strings.HasSuffix(last.inserted, " ")) {
			last.inserted += s
			last.after = end
			a.changed()
			return
		}
	}
	a.undo = append(a.undo, edit{at: from, removed: removed, inserted: s, before: before, after: end, typing: typing})
	a.changed()
}

func (a *editArea) undoEdit() {
	n := len(a.undo)
	if n == 0 {
		return
	}
	e := a.undo[n-1]
	a.undo = a.undo[:n-1]
	a.replace(e.at, endOf(e.at, e.inserted), e.removed)
	a.cur, a.anchor = e.before, e.before
	a.redo = append(a.redo, e)
	a.changed()
}

func (a *editArea) redoEdit() {
	n := len(a.redo)
	if n == 0 {
		return
	}
	e := a.redo[n-1]
	a.redo = a.redo[:n-1]
	a.replace(e.at, endOf(e.at, e.removed), e.inserted)
	a.cur, a.anchor = e.after, e.after
	e.typing = false
	a.undo = append(a.undo, e)
	a.changed()
}

// changed redraws, keeps the cursor in view and tells the owner.
func (a *editArea) changed() {
	a.follow()
	if a.ed.OnChanged != nil {
		a.ed.OnChanged(a.text())
	}
}

// follow scrolls so that the cursor is visible and redraws.
func (a *editArea) follow() {
	sc := a.ed.scroll
	min := a.MinSize()
	if a.Size().Height < min.Height || a.Size().Width < min.Width {
		sc.Refresh() // the document grew: the scroller resizes the area
	}
	vs := sc.Size()
	if vs.Height > 0 && vs.Width > 0 {
		pad := theme.InnerPadding()
		off := sc.Offset
		top := pad + float32(a.cur.row)*a.lh
		if top < off.Y {
			off.Y = top - pad
		} else if top+a.lh+pad > off.Y+vs.Height {
			off.Y = top + a.lh + pad - vs.Height
		}
		x := a.textX() + a.cellX(a.cur)
		if x-a.textX() < off.X {
			off.X = x - a.textX()
		} else if x+2*a.cw > off.X+vs.Width {
			off.X = x + 2*a.cw - vs.Width
		}
		if off.X < 0 {
			off.X = 0
		}
		if off.Y < 0 {
			off.Y = 0
		}
		sc.ScrollToOffset(off)
	}
	a.Refresh()
}

// gutterWidth is the width of the line numbers column.
func (a *editArea) gutterWidth() float32 {
	return float32(len(strconv.Itoa(len(a.lines)))+1)*a.cw + theme.InnerPadding()
}

// textX is where column 0 starts.
func (a *editArea) textX() float32 { return a.gutterWidth() + theme.InnerPadding()/2 }

func (a *editArea) MinSize() fyne.Size {
	a.ExtendBaseWidget(a)
	pad := theme.InnerPadding()
	return fyne.NewSize(a.textX()+float32(a.maxCols+2)*a.cw+pad, float32(len(a.lines))*a.lh+2*pad)
}

// posAt is the text position under a point of the area.
func (a *editArea) posAt(p fyne.Position) textPos {
	y := p.Y - theme.InnerPadding()
	if y < 0 {
		return textPos{}
	}
	row := int(y / a.lh)
	if row >= len(a.lines) {
		return a.end()
	}
	return a.clamp(textPos{row, colAtCell(a.lines[row], (p.X-a.textX())/a.cw)})
}

// ensureStates brings the lexer states up to row last.
func (a *editArea) ensureStates(last int) {
	if last >= len(a.lines) {
		last = len(a.lines) - 1
	}
	for a.valid <= last {
		a.states[a.valid] = lexLine(a.lines[a.valid-1], a.states[a.valid-1], nil)
		a.valid++
	}
}

// --- input ---

func (a *editArea) FocusGained() { a.focused = true; a.Refresh() }
func (a *editArea) FocusLost()   { a.focused = false; a.shift = false; a.Refresh() }

func (a *editArea) TypedRune(r rune) {
	a.replaceSelection(string(r), r != '\n')
}

func (a *editArea) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil && !a.focused {
		c.Focus(a)
	}
}

func (a *editArea) Tapped(*fyne.PointEvent) { a.focus() }

func (a *editArea) DoubleTapped(e *fyne.PointEvent) {
	p := a.posAt(e.Position)
	runes := []rune(a.lines[p.row])
	s, t := p.col, p.col
	word := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '.'
	}
	for s > 0 && word(runes[s-1]) {
		s--
	}
	for t < len(runes) && word(runes[t]) {
		t++
	}
	a.anchor, a.cur = textPos{p.row, s}, textPos{p.row, t}
	a.Refresh()
}

func (a *editArea) MouseDown(e *desktop.MouseEvent) {
	if e.Button != desktop.MouseButtonPrimary {
		return
	}
	a.focus()
	a.cur = a.posAt(e.Position)
	if e.Modifier&fyne.KeyModifierShift == 0 {
		a.anchor = a.cur
	}
	a.Refresh()
}
func (a *editArea) MouseUp(*desktop.MouseEvent) {}

func (a *editArea) Dragged(e *fyne.DragEvent) {
	a.cur = a.posAt(e.Position)
	a.follow()
}
func (a *editArea) DragEnd() {}

func (a *editArea) Cursor() desktop.Cursor { return desktop.TextCursor }

func (a *editArea) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		a.shift = true
	}
}

func (a *editArea) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		a.shift = false
	}
}

// sameCell is the position on row drawn under or over c (Up, Down, PageUp,
// PageDown): the same cell, or the nearest character boundary where a tab
// spans it.
func (a *editArea) sameCell(c textPos, row int) textPos {
	return textPos{row, colAtCell(a.lines[row], float32(cellOf(a.lines[c.row], c.col)))}
}

// move puts the cursor at p, extending the selection with Shift.
func (a *editArea) move(p textPos, extend bool) {
	a.cur = a.clamp(p)
	if !extend {
		a.anchor = a.cur
	}
	a.follow()
}

func (a *editArea) TypedKey(k *fyne.KeyEvent) {
	if a.ed.OnKey != nil && a.ed.OnKey(k) {
		return
	}
	if a.menuKey(k) {
		a.showMenuAtCaret()
		return
	}
	c := a.cur
	rows := 1
	if h := a.ed.scroll.Size().Height; h > 0 {
		rows = int(h/a.lh) - 1
	}
	s, e := a.selection()
	switch k.Name {
	case fyne.KeyLeft:
		switch {
		case s != e && !a.shift:
			a.move(s, false)
		case c.col > 0:
			a.move(textPos{c.row, c.col - 1}, a.shift)
		case c.row > 0:
			a.move(textPos{c.row - 1, utf8.RuneCountInString(a.lines[c.row-1])}, a.shift)
		}
	case fyne.KeyRight:
		switch {
		case s != e && !a.shift:
			a.move(e, false)
		case c.col < utf8.RuneCountInString(a.lines[c.row]):
			a.move(textPos{c.row, c.col + 1}, a.shift)
		case c.row < len(a.lines)-1:
			a.move(textPos{c.row + 1, 0}, a.shift)
		}
	case fyne.KeyUp:
		a.move(a.sameCell(c, max(c.row-1, 0)), a.shift)
	case fyne.KeyDown:
		a.move(a.sameCell(c, min(c.row+1, len(a.lines)-1)), a.shift)
	case fyne.KeyPageUp:
		a.move(a.sameCell(c, max(c.row-rows, 0)), a.shift)
	case fyne.KeyPageDown:
		a.move(a.sameCell(c, min(c.row+rows, len(a.lines)-1)), a.shift)
	case fyne.KeyHome:
		// first the indentation's end, then column 0
		ind := utf8.RuneCountInString(a.lines[c.row]) - utf8.RuneCountInString(strings.TrimLeft(a.lines[c.row], " \t"))
		col := ind
		if c.col == ind {
			col = 0
		}
		a.move(textPos{c.row, col}, a.shift)
	case fyne.KeyEnd:
		a.move(textPos{c.row, utf8.RuneCountInString(a.lines[c.row])}, a.shift)
	case fyne.KeyBackspace:
		if s == e {
			if c.col > 0 {
				a.anchor = textPos{c.row, c.col - 1}
			} else if c.row > 0 {
				a.anchor = textPos{c.row - 1, utf8.RuneCountInString(a.lines[c.row-1])}
			}
		}
		if a.anchor != a.cur {
			a.replaceSelection("", false)
		}
	case fyne.KeyDelete:
		if s == e {
			if c.col < utf8.RuneCountInString(a.lines[c.row]) {
				a.anchor = textPos{c.row, c.col + 1}
			} else if c.row < len(a.lines)-1 {
				a.anchor = textPos{c.row + 1, 0}
			}
		}
		if a.anchor != a.cur {
			a.replaceSelection("", false)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		l := a.lines[c.row]
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if byteCol(l, c.col) < len(indent) {
			indent = indent[:byteCol(l, c.col)]
		}
		a.replaceSelection("\n"+indent, false)
	}
}

func (a *editArea) TypedShortcut(sc fyne.Shortcut) {
	switch sc := sc.(type) {
	case *fyne.ShortcutCopy:
		if t := a.selectedText(); t != "" {
			sc.Clipboard.SetContent(t)
		}
	case *fyne.ShortcutCut:
		if t := a.selectedText(); t != "" {
			sc.Clipboard.SetContent(t)
			a.replaceSelection("", false)
		}
	case *fyne.ShortcutPaste:
		if t := sc.Clipboard.Content(); t != "" {
			a.replaceSelection(strings.ReplaceAll(t, "\r\n", "\n"), false)
		}
	case *fyne.ShortcutSelectAll:
		a.anchor, a.cur = textPos{}, a.end()
		a.Refresh()
	case *fyne.ShortcutUndo:
		a.undoEdit()
	case *fyne.ShortcutRedo:
		a.redoEdit()
	case *desktop.CustomShortcut:
		if sc.Modifier&fyne.KeyModifierShortcutDefault == 0 {
			return
		}
		ext := sc.Modifier&fyne.KeyModifierShift != 0
		switch sc.KeyName {
		case fyne.KeyHome:
			a.move(textPos{}, ext)
		case fyne.KeyEnd:
			a.move(a.end(), ext)
		}
	}
}

// --- drawing ---

func (a *editArea) CreateRenderer() fyne.WidgetRenderer {
	r := &editAreaRenderer{a: a}
	r.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.gutterBg = canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	r.cursor = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	r.gutterLine = canvas.NewLine(theme.Color(theme.ColorNameSeparator))
	r.Refresh()
	return r
}

type editAreaRenderer struct {
	a          *editArea
	bg         *canvas.Rectangle
	gutterBg   *canvas.Rectangle
	gutterLine *canvas.Line
	cursor     *canvas.Rectangle
	sel        []*canvas.Rectangle
	texts      []*canvas.Text
	nums       []*canvas.Text
	objects    []fyne.CanvasObject
}

func (r *editAreaRenderer) Layout(fyne.Size)             { r.Refresh() }
func (r *editAreaRenderer) MinSize() fyne.Size           { return r.a.MinSize() }
func (r *editAreaRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *editAreaRenderer) Destroy()                     {}

// Refresh lays out the visible rows only.
func (r *editAreaRenderer) Refresh() {
	a := r.a
	th := a.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	pad := theme.InnerPadding()
	size := a.Size()
	sc := a.ed.scroll
	off, view := sc.Offset, sc.Size()
	if view.Height <= 0 {
		view = size
	}
	first := int((off.Y - pad) / a.lh)
	if first < 0 {
		first = 0
	}
	last := int((off.Y+view.Height-pad)/a.lh) + 1
	if last >= len(a.lines) {
		last = len(a.lines) - 1
	}
	a.ensureStates(last)
	x0 := a.textX()
	c0 := int(off.X / a.cw)                // first visible column
	c1 := int((off.X+view.Width)/a.cw) + 2 // after the last

	r.bg.FillColor = col(theme.ColorNameInputBackground)
	r.bg.Resize(size)
	r.objects = append(r.objects[:0], r.bg)

	// selection
	ns := 0
	s, e := a.selection()
	if s != e {
		for row := max(first, s.row); row <= min(last, e.row); row++ {
			line := a.lines[row]
			from, to := 0, lineCells(line)+1 // +1: the line break
			if row == s.row {
				from = cellOf(line, s.col)
			}
			if row == e.row {
				to = cellOf(line, e.col)
			}
			if ns == len(r.sel) {
				r.sel = append(r.sel, canvas.NewRectangle(color.Transparent))
			}
			rect := r.sel[ns]
			ns++
			rect.FillColor = col(theme.ColorNameSelection)
			rect.Move(fyne.NewPos(x0+float32(from)*a.cw, pad+float32(row)*a.lh))
			rect.Resize(fyne.NewSize(float32(to-from)*a.cw, a.lh))
			rect.Refresh()
			r.objects = append(r.objects, rect)
		}
	}

	// text runs
	nt := 0
	text := func(s string, x, y float32, c color.Color, bold bool) {
		if nt == len(r.texts) {
			t := canvas.NewText("", color.Black)
			r.texts = append(r.texts, t)
		}
		t := r.texts[nt]
		nt++
		t.Text, t.Color = s, c
		t.TextStyle = fyne.TextStyle{Monospace: true, Bold: bold}
		t.TextSize = theme.TextSize()
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(float32(utf8.RuneCountInString(s))*a.cw, a.lh))
		t.Refresh()
		r.objects = append(r.objects, t)
	}
	for row := first; row <= last; row++ {
		line := a.lines[row]
		y := pad + float32(row)*a.lh
		tabs := strings.IndexByte(line, '\t') >= 0
		colAt, byteAt := 0, 0 // cells
		lexLine(line, a.states[row], func(from, to int, c fyne.ThemeColorName) {
			// cells of the run (runs come in order); with tabs the run
			// is drawn with spaces up to the tab stops
			run := line[from:to]
			if tabs {
				colAt = cellsAfter(colAt, line[byteAt:from])
				run = expandTabs(run, colAt)
			} else {
				colAt += utf8.RuneCountInString(line[byteAt:from])
			}
			start := colAt
			colAt += utf8.RuneCountInString(run)
			byteAt = to
			end := colAt
			if end <= c0 || start >= c1 {
				return
			}
			if start < c0 || end > c1 {
				rs := []rune(run)
				lo, hi := max(c0-start, 0), min(c1-start, len(rs))
				run = string(rs[lo:hi])
				start += lo
			}
			if strings.TrimSpace(run) == "" {
				return
			}
			text(run, x0+float32(start)*a.cw, y, col(c), c == colourPlaceholder)
		})
	}

	// cursor
	if a.focused {
		r.cursor.FillColor = col(theme.ColorNamePrimary)
		r.cursor.Move(fyne.NewPos(x0+a.cellX(a.cur)-1, pad+float32(a.cur.row)*a.lh))
		r.cursor.Resize(fyne.NewSize(2, a.lh))
		r.cursor.Refresh()
		r.objects = append(r.objects, r.cursor)
	}

	// line numbers, pinned to the left edge of the view
	gw := a.gutterWidth()
	r.gutterBg.FillColor = col(theme.ColorNameBackground)
	r.gutterBg.Move(fyne.NewPos(off.X, 0))
	r.gutterBg.Resize(fyne.NewSize(gw, size.Height))
	r.gutterLine.StrokeColor = col(theme.ColorNameSeparator)
	r.gutterLine.Position1 = fyne.NewPos(off.X+gw, 0)
	r.gutterLine.Position2 = fyne.NewPos(off.X+gw, size.Height)
	r.gutterLine.Refresh()
	r.objects = append(r.objects, r.gutterBg, r.gutterLine)
	nn := 0
	for row := first; row <= last; row++ {
		if nn == len(r.nums) {
			r.nums = append(r.nums, canvas.NewText("", color.Black))
		}
		t := r.nums[nn]
		nn++
		t.Text = strconv.Itoa(row + 1)
		t.Color = col(theme.ColorNamePlaceHolder)
		t.TextStyle = fyne.TextStyle{Monospace: true}
		t.TextSize = theme.TextSize()
		t.Move(fyne.NewPos(off.X+gw-pad*0.75-float32(len(t.Text))*a.cw, pad+float32(row)*a.lh))
		t.Resize(fyne.NewSize(float32(len(t.Text))*a.cw, a.lh))
		t.Refresh()
		r.objects = append(r.objects, t)
	}
	// drop what is no longer shown
	clear(r.texts[nt:])
	r.texts = r.texts[:nt]
	r.nums = r.nums[:nn]
	r.sel = r.sel[:ns]
}

// --- colouring ---

// Token colours of the XML colouring (theme colour names, so that light and
// dark themes both read well).
const (
	colourTag         = theme.ColorNamePrimary
	colourAttr        = theme.ColorNameSuccess
	colourValue       = theme.ColorNameHyperlink
	colourComment     = theme.ColorNamePlaceHolder
	colourPlaceholder = theme.ColorNameWarning
	colourText        = theme.ColorNameForeground
)

// lexLine colours one line given the lexer state at its start and returns
// the state at its end. It is tolerant: broken XML still gives runs that
// cover the line in order. emit (may be nil) gets byte ranges.
func lexLine(s string, st lexState, emit func(from, to int, c fyne.ThemeColorName)) lexState {
	if emit == nil {
		emit = func(int, int, fyne.ThemeColorName) {}
	}
	// text runs may hold {placeholders}
	text := func(from, to int, c fyne.ThemeColorName) {
		for from < to {
			i := strings.IndexByte(s[from:to], '{')
			if i < 0 {
				emit(from, to, c)
				return
			}
			i += from
			j := strings.IndexByte(s[i:to], '}')
			if j < 0 || !isPlaceholderName(s[i+1:i+j]) {
				emit(from, i+1, c)
				from = i + 1
				continue
			}
			if i > from {
				emit(from, i, c)
			}
			emit(i, i+j+1, colourPlaceholder)
			from = i + j + 1
		}
	}
	// quoted finishes a quoted value: the run starts at from, its closing
	// quote q is looked for from i on.
	quoted := func(from, i int, q byte) (int, lexState) {
		j := strings.IndexByte(s[i:], q)
		if j < 0 {
			text(from, len(s), colourValue)
			if q == '"' {
				return len(s), lexDQ
			}
			return len(s), lexSQ
		}
		text(from, i+j+1, colourValue)
		return i + j + 1, lexTag
	}
	i := 0
	for i < len(s) {
		switch st {
		case lexText:
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				text(i, len(s), colourText)
				return st
			}
			if j > 0 {
				text(i, i+j, colourText)
			}
			i += j
			switch {
			case strings.HasPrefix(s[i:], "<!--"):
				emit(i, i+4, colourComment)
				i += 4
				st = lexComment
			case strings.HasPrefix(s[i:], "<![CDATA["):
				emit(i, i+9, colourTag)
				i += 9
				st = lexCDATA
			default:
				k := i + 1
				if k < len(s) && (s[k] == '/' || s[k] == '?' || s[k] == '!') {
					k++
				}
				for k < len(s) && !isSpace(s[k]) && s[k] != '>' && s[k] != '/' && s[k] != '<' && s[k] != '?' {
					k++
				}
				emit(i, k, colourTag)
				i = k
				st = lexTag
			}
		case lexComment, lexCDATA:
			end, c := "-->", colourComment
			if st == lexCDATA {
				end, c = "]]>", colourText
			}
			j := strings.Index(s[i:], end)
			if j < 0 {
				emit(i, len(s), c)
				return st
			}
			if st == lexCDATA {
				emit(i, i+j, c)
				emit(i+j, i+j+3, colourTag)
			} else {
				emit(i, i+j+3, c)
			}
			i += j + 3
			st = lexText
		case lexDQ:
			i, st = quoted(i, i, '"')
		case lexSQ:
			i, st = quoted(i, i, '\'')
		case lexTag:
			switch c := s[i]; {
			case c == '"' || c == '\'':
				i, st = quoted(i, i+1, c)
			case c == '>':
				emit(i, i+1, colourTag)
				i++
				st = lexText
			case c == '/' || c == '?':
				emit(i, i+1, colourTag)
				i++
			case c == '<':
				st = lexText // a broken tag: start over
			case isSpace(c) || c == '=':
				j := i
				for j < len(s) && (isSpace(s[j]) || s[j] == '=') {
					j++
				}
				emit(i, j, colourText)
				i = j
			default:
				j := i
				for j < len(s) && !isSpace(s[j]) && s[j] != '=' && s[j] != '>' && s[j] != '/' && s[j] != '"' && s[j] != '\'' && s[j] != '<' {
					j++
				}
				emit(i, j, colourAttr)
				i = j
			}
		}
	}
	return st
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isPlaceholderName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
