package ui

import (
	"image/color"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The XML editor is Fyne's multi-line Entry (editing, selection, clipboard,
// undo/redo, input methods) drawn with transparent text over a RichText that
// shows the same text coloured: tags, attributes, values, comments and
// unfilled {placeholders}. Both use the monospace face and the same insets,
// so the glyphs line up; a gutter beside them numbers the lines, and one
// outer scroller moves all three together.
//
// Per the design brief an Entry serves documents of a few tens of KB; above
// colourLimit the colouring is switched off (plain text stays editable).

// colourLimit is the size above which the editor stops colouring.
const colourLimit = 64 << 10

// codeEntry is the editing layer: an Entry that reports F1 and keeps the
// editor's scroller on the cursor.
type codeEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent) bool
}

func newCodeEntry() *codeEntry {
	e := &codeEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = container.ScrollNone
	e.TextStyle = fyne.TextStyle{Monospace: true}
	e.ExtendBaseWidget(e)
	return e
}

func (e *codeEntry) TypedKey(k *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// xmlEditor is the XML editor widget.
type xmlEditor struct {
	widget.BaseWidget
	entry   *codeEntry
	colour  *widget.RichText
	layer   *fyne.Container // holds colour, placed at the first visible row
	all     []widget.RichTextSegment
	gutter  *widget.RichText
	scroll  *container.Scroll
	content *fyne.Container
	lines   int
	// following guards followCursor: moving the scroller refreshes the
	// Entry, which reports its cursor again.
	following bool

	// OnChanged is called after every edit with the new text.
	OnChanged func(string)
	// OnKey sees keys first (F1 help); true stops them.
	OnKey func(*fyne.KeyEvent) bool
}

func newXMLEditor() *xmlEditor {
	ed := &xmlEditor{entry: newCodeEntry()}
	ed.colour = widget.NewRichText()
	ed.gutter = widget.NewRichText()
	ed.entry.onKey = func(k *fyne.KeyEvent) bool { return ed.OnKey != nil && ed.OnKey(k) }
	ed.entry.OnChanged = func(s string) {
		ed.recolour(s)
		if ed.OnChanged != nil {
			ed.OnChanged(s)
		}
	}
	ed.entry.OnCursorChanged = ed.followCursor
	ed.layer = container.NewWithoutLayout(ed.colour)
	text := container.NewStack(ed.layer, container.NewThemeOverride(ed.entry, newInkTheme()))
	bg := newThemedRect(theme.ColorNameInputBackground)
	ed.content = container.NewBorder(nil, nil, ed.gutter, nil, text)
	ed.scroll = container.NewScroll(container.NewStack(bg, ed.content))
	ed.scroll.OnScrolled = func(fyne.Position) { ed.showVisible() }
	ed.recolour("")
	ed.ExtendBaseWidget(ed)
	return ed
}

func (ed *xmlEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(ed.scroll)
}

// Text is the document.
func (ed *xmlEditor) Text() string { return ed.entry.Text }

// SetText replaces the document (OnChanged fires).
func (ed *xmlEditor) SetText(s string) {
	ed.entry.SetText(s)
	ed.recolour(s)
}

// recolour rebuilds the coloured layer and the line numbers.
func (ed *xmlEditor) recolour(s string) {
	if len(s) > colourLimit {
		ed.all = nil
		ed.colour.Segments = nil
		ed.colour.Refresh()
		ed.setInk(false)
	} else {
		ed.all = colourXML(s)
		ed.showVisible()
		ed.setInk(true)
	}
	n := strings.Count(s, "\n") + 1
	if n != ed.lines {
		ed.lines = n
		var b strings.Builder
		w := len(strconv.Itoa(n))
		for i := 1; i <= n; i++ {
			num := strconv.Itoa(i)
			b.WriteString(strings.Repeat(" ", w-len(num)))
			b.WriteString(num)
			if i < n {
				b.WriteByte('\n')
			}
		}
		ed.gutter.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: b.String(), Style: widget.RichTextStyle{
			Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Monospace: true}}}}
		ed.gutter.Refresh()
	}
}

// showVisible puts into the coloured layer only the rows the scroller
// shows (plus a margin): the cost of colouring does not grow with the
// document. The layer is moved down to its first row.
func (ed *xmlEditor) showVisible() {
	if ed.all == nil {
		return
	}
	lh := ed.lineHeight()
	first, rows := 0, 200
	if ed.scroll != nil && ed.scroll.Size().Height > 0 {
		first = int(ed.scroll.Offset.Y/lh) - 20
		rows = int(ed.scroll.Size().Height/lh) + 40
	}
	if first < 0 {
		first = 0
	}
	ed.colour.Segments = sliceRows(ed.all, first, first+rows)
	ed.colour.Refresh()
	ed.colour.Move(fyne.NewPos(0, float32(first)*lh))
	ed.colour.Resize(fyne.NewSize(ed.colour.MinSize().Width, float32(rows+1)*lh+2*theme.InnerPadding()))
}

// sliceRows returns the segments of rows [from, to) of a coloured text.
func sliceRows(segs []widget.RichTextSegment, from, to int) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	row := 0
	for _, sg := range segs {
		ts := sg.(*widget.TextSegment)
		text := ts.Text
		for text != "" && row < to {
			i := strings.IndexByte(text, '\n')
			part := text
			if i >= 0 {
				part = text[:i+1]
			}
			if row >= from {
				if n := len(out); n > 0 && out[n-1].(*widget.TextSegment).Style.ColorName == ts.Style.ColorName {
					out[n-1].(*widget.TextSegment).Text += part
				} else {
					out = append(out, &widget.TextSegment{Text: part, Style: ts.Style})
				}
			}
			text = text[len(part):]
			if i >= 0 {
				row++
			}
		}
		if row >= to {
			break
		}
	}
	if len(out) == 0 {
		out = append(out, &widget.TextSegment{Text: " ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}})
	}
	// a trailing newline would add an empty row: drop it
	if last := out[len(out)-1].(*widget.TextSegment); strings.HasSuffix(last.Text, "\n") {
		last.Text = strings.TrimSuffix(last.Text, "\n")
	}
	return out
}

// setInk shows the Entry's own text (large documents) or hides it under
// the coloured layer.
func (ed *xmlEditor) setInk(coloured bool) {
	for _, o := range ed.content.Objects {
		if st, ok := o.(*fyne.Container); ok {
			for _, c := range st.Objects {
				if ov, ok := c.(*container.ThemeOverride); ok {
					ink := newInkTheme()
					if coloured {
						ov.Theme = ink
					} else {
						ov.Theme = ink.base
					}
					ov.Refresh()
				}
			}
		}
	}
}

// lineHeight is the distance between two text rows, measured the way the
// Entry lays them out (a monospace RichText of two rows minus one row).
func (ed *xmlEditor) lineHeight() float32 {
	row := func(s string) float32 {
		r := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}})
		return r.MinSize().Height
	}
	if h := row("M\nM") - row("M"); h > 0 {
		return h
	}
	return fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Monospace: true}).Height
}

// followCursor keeps the cursor inside the visible part of the scroller.
func (ed *xmlEditor) followCursor() {
	if ed.scroll == nil || ed.following {
		return
	}
	ed.following = true
	defer func() { ed.following = false }()
	lh := ed.lineHeight()
	pad := theme.InnerPadding()
	top := pad + float32(ed.entry.CursorRow)*lh
	bottom := top + lh + pad
	off := ed.scroll.Offset
	vh := ed.scroll.Size().Height
	if vh <= 0 {
		return
	}
	switch {
	case top < off.Y:
		off.Y = top - pad
	case bottom > off.Y+vh:
		off.Y = bottom - vh
	default:
		return
	}
	if off.Y < 0 {
		off.Y = 0
	}
	if d := off.Y - ed.scroll.Offset.Y; d > -1 && d < 1 {
		return
	}
	ed.scroll.ScrollToOffset(off)
	ed.showVisible()
}

// MoveTo puts the cursor at a 1-based line and column and focuses the editor.
func (ed *xmlEditor) MoveTo(c fyne.Canvas, line, col int) {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	lines := strings.Split(ed.entry.Text, "\n")
	if line > len(lines) {
		line = len(lines)
	}
	if n := utf8.RuneCountInString(lines[line-1]); col-1 > n {
		col = n + 1
	}
	ed.entry.CursorRow, ed.entry.CursorColumn = line-1, col-1
	ed.entry.Refresh()
	if c != nil {
		c.Focus(ed.entry)
	}
	ed.followCursor()
}

// Find selects the next occurrence of what after the cursor (wrapping
// around) and reports whether there is one.
func (ed *xmlEditor) Find(c fyne.Canvas, what string) bool {
	if what == "" {
		return false
	}
	text := ed.entry.Text
	runes := []rune(text)
	cur := ed.entry.CursorTextOffset()
	if sel := ed.entry.SelectedText(); sel == what {
		cur++ // the cursor is at the start or end of the last match: go on
	}
	start := indexRunes(runes, []rune(what), cur)
	if start < 0 {
		start = indexRunes(runes, []rune(what), 0)
	}
	if start < 0 {
		return false
	}
	row, col := 0, 0
	for _, r := range runes[:start] {
		if r == '\n' {
			row++
			col = 0
		} else {
			col++
		}
	}
	if c != nil {
		c.Focus(ed.entry)
	}
	// Drop any selection, then select with Shift+Right as a person would.
	if ed.entry.SelectedText() != "" {
		ed.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	}
	ed.entry.CursorRow, ed.entry.CursorColumn = row, col
	ed.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	for range []rune(what) {
		ed.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	ed.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	ed.followCursor()
	return true
}

func indexRunes(s, sub []rune, from int) int {
	if from < 0 {
		from = 0
	}
	for i := from; i+len(sub) <= len(s); i++ {
		match := true
		for j := range sub {
			if s[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// inkTheme hides the Entry's own glyphs and background so that the coloured
// layer beneath shows through; cursor and selection stay visible.
type inkTheme struct{ base fyne.Theme }

func newInkTheme() *inkTheme {
	var base fyne.Theme
	if a := fyne.CurrentApp(); a != nil && a.Settings() != nil {
		base = a.Settings().Theme()
	}
	if _, ink := base.(*inkTheme); ink || base == nil {
		base = theme.DefaultTheme()
	}
	return &inkTheme{base: base}
}

func (t *inkTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameForeground, theme.ColorNameInputBackground, theme.ColorNameInputBorder, theme.ColorNameDisabled:
		return color.Transparent
	}
	return t.base.Color(n, v)
}
func (t *inkTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t *inkTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }
func (t *inkTheme) Size(n fyne.ThemeSizeName) float32       { return t.base.Size(n) }

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

// colourXML splits an XML text into coloured segments. It is a tolerant
// lexer: any text, even broken XML, gives segments whose concatenation is
// the text itself (so the layer always lines up with the Entry).
func colourXML(s string) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	add := func(text string, c fyne.ThemeColorName, bold bool) {
		if text == "" {
			return
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: widget.RichTextStyle{
			Inline: true, ColorName: c, TextStyle: fyne.TextStyle{Monospace: true, Bold: bold}}})
	}
	// text runs may hold {placeholders}
	addText := func(text string, c fyne.ThemeColorName) {
		for text != "" {
			i := strings.IndexByte(text, '{')
			if i < 0 {
				add(text, c, false)
				return
			}
			j := strings.IndexByte(text[i:], '}')
			if j < 0 || !isPlaceholderName(text[i+1:i+j]) {
				add(text[:i+1], c, false)
				text = text[i+1:]
				continue
			}
			add(text[:i], c, false)
			add(text[i:i+j+1], colourPlaceholder, false)
			text = text[i+j+1:]
		}
	}
	for s != "" {
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				end = len(s)
			} else {
				end += 3
			}
			add(s[:end], colourComment, false)
			s = s[end:]
		case s[0] == '<':
			end := tagEnd(s)
			colourTagText(s[:end], add, addText)
			s = s[end:]
		default:
			end := strings.IndexByte(s, '<')
			if end < 0 {
				end = len(s)
			}
			addText(s[:end], colourText)
			s = s[end:]
		}
	}
	if len(segs) == 0 {
		add(" ", colourText, false)
	}
	return segs
}

// tagEnd finds the end of a tag starting at s[0]=='<', skipping quoted values.
func tagEnd(s string) int {
	var q byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i + 1
		case c == '<':
			return i
		}
	}
	return len(s)
}

// colourTagText colours one tag: name, attribute names, quoted values.
func colourTagText(t string, add func(string, fyne.ThemeColorName, bool), addText func(string, fyne.ThemeColorName)) {
	i := 1
	for i < len(t) && !isSpace(t[i]) && t[i] != '>' && t[i] != '/' || (i < len(t) && i <= 2 && (t[i] == '/' || t[i] == '?' || t[i] == '!')) {
		i++
	}
	add(t[:i], colourTag, false)
	rest := t[i:]
	for rest != "" {
		switch c := rest[0]; {
		case c == '"' || c == '\'':
			j := strings.IndexByte(rest[1:], c)
			if j < 0 {
				addText(rest, colourValue)
				return
			}
			addText(rest[:j+2], colourValue)
			rest = rest[j+2:]
		case c == '>' || c == '/' || c == '?':
			add(rest[:1], colourTag, false)
			rest = rest[1:]
		case isSpace(c) || c == '=':
			j := 0
			for j < len(rest) && (isSpace(rest[j]) || rest[j] == '=') {
				j++
			}
			add(rest[:j], colourText, false)
			rest = rest[j:]
		default:
			j := 0
			for j < len(rest) && !isSpace(rest[j]) && rest[j] != '=' && rest[j] != '>' && rest[j] != '/' && rest[j] != '"' && rest[j] != '\'' {
				j++
			}
			add(rest[:j], colourAttr, false)
			rest = rest[j:]
		}
	}
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

// themedRect is a rectangle filled with a theme colour that follows theme
// changes (light/dark).
type themedRect struct {
	widget.BaseWidget
	name fyne.ThemeColorName
}

func newThemedRect(n fyne.ThemeColorName) *themedRect {
	r := &themedRect{name: n}
	r.ExtendBaseWidget(r)
	return r
}

func (r *themedRect) CreateRenderer() fyne.WidgetRenderer {
	rect := canvas.NewRectangle(theme.Color(r.name))
	return &themedRectRenderer{r: r, rect: rect}
}

type themedRectRenderer struct {
	r    *themedRect
	rect *canvas.Rectangle
}

func (t *themedRectRenderer) Layout(s fyne.Size)           { t.rect.Resize(s) }
func (t *themedRectRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (t *themedRectRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{t.rect} }
func (t *themedRectRenderer) Destroy()                     {}
func (t *themedRectRenderer) Refresh() {
	t.rect.FillColor = t.r.Theme().Color(t.r.name, fyne.CurrentApp().Settings().ThemeVariant())
	t.rect.Refresh()
}
