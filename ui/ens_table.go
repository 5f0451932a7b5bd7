package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dataTable is a table of text cells: a header row of buttons (tap to
// sort, when sort is set) over a widget.List of rows. Columns have fixed
// widths except flex, which takes what is left, so the table fits the
// window without horizontal scrolling. In a narrow window (1024 px) the
// flex column first gives up width down to flexFloor (its cells end in
// «…»); only below that the table scrolls sideways, so no КБК or sum is
// ever cut and the screen never forces the window wider than the display.
type dataTable struct {
	cols   func() []string
	widths []float32
	flex   int
	rows   func() int
	cell   func(row, col int) (text string, imp widget.Importance, right bool)
	sort   func(col int)      // nil: not sortable
	sorted func() (int, bool) // the sorted column and whether descending
	header *fyne.Container
	list   *widget.List
	inner  *fyne.Container // header over list
	box    *container.Scroll
}

// flexFloor is the narrowest the flex column gets before the table scrolls.
const flexFloor = 130

// colsLayout puts objects side by side at fixed widths; flex stretches
// (and shrinks down to flexFloor).
type colsLayout struct {
	widths []float32
	flex   int
}

func (l colsLayout) fixed() float32 {
	var fixed float32
	for i, w := range l.widths {
		if i != l.flex {
			fixed += w
		}
	}
	return fixed
}

func (l colsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max32(h, o.MinSize().Height)
	}
	w := l.fixed()
	if l.flex >= 0 && l.flex < len(l.widths) {
		w += min32(l.widths[l.flex], flexFloor)
	}
	return fyne.NewSize(w, h)
}

func (l colsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := l.fixed()
	x := float32(0)
	for i, o := range objs {
		if i >= len(l.widths) {
			break
		}
		w := l.widths[i]
		if i == l.flex {
			w = max32(min32(w, flexFloor), size.Width-fixed)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func newDataTable(t *dataTable) *dataTable {
	lay := colsLayout{t.widths, t.flex}
	t.header = container.New(lay)
	for i := range t.widths {
		col := i
		b := widget.NewButton("", func() {
			if t.sort != nil {
				t.sort(col)
				t.Refresh()
			}
		})
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		t.header.Add(b)
	}
	t.list = widget.NewList(t.rows,
		func() fyne.CanvasObject {
			c := container.New(lay)
			for range t.widths {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				c.Add(l)
			}
			return c
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			for col, obj := range o.(*fyne.Container).Objects {
				l := obj.(*widget.Label)
				text, imp, right := t.cell(id, col)
				l.Importance = imp
				l.Alignment = fyne.TextAlignLeading
				if right {
					l.Alignment = fyne.TextAlignTrailing
				}
				l.SetText(text)
			}
		})
	t.inner = container.NewBorder(t.header, nil, nil, nil, t.list)
	t.box = container.NewHScroll(t.inner)
	t.Refresh()
	return t
}

// Refresh shows the header (with the sort arrow) and the rows again.
func (t *dataTable) Refresh() {
	names := t.cols()
	col, desc := -1, false
	if t.sorted != nil {
		col, desc = t.sorted()
	}
	for i, o := range t.header.Objects {
		b := o.(*widget.Button)
		if i < len(names) {
			b.SetText(names[i])
		}
		var icon fyne.Resource
		if i == col {
			icon = theme.MenuDropUpIcon()
			if desc {
				icon = theme.MenuDropDownIcon()
			}
		}
		b.SetIcon(icon)
	}
	t.list.Refresh()
}

// Length is the number of rows.
func (t *dataTable) Length() int { return t.rows() }

// tapHeader sorts by a column as a tap on its header does.
func (t *dataTable) tapHeader(col int) *widget.Button { return t.header.Objects[col].(*widget.Button) }

func min32(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}
