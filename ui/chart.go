package ui

import (
	"image/color"
	"math"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// The balance chart is drawn with Fyne's canvas primitives: the Go module
// proxy serves no chart library made for Fyne (fyneline, fynefigure and
// fyne-charts answer 403), and github.com/wcharczuk/go-chart/v2 is archived
// and paints a PNG outside the theme (no dark variant, no hover, blurry
// when scaled). Lines, texts and circles follow the theme and the scale.

// chartPoint is one value of a series: money in kopecks on a date.
type chartPoint struct {
	At      time.Time
	Kopecks int64
}

// lineChart is a line chart of money over time: axes, grid with value
// labels, date labels, a marker and a value label at each end and at the
// minimum, and the nearest point's date and value on hover.
type lineChart struct {
	widget.BaseWidget
	points []chartPoint
	empty  string // the hint shown without points
	hover  int    // index of the hovered point, -1 none
}

func newLineChart(empty string) *lineChart {
	c := &lineChart{empty: empty, hover: -1}
	c.ExtendBaseWidget(c)
	return c
}

// SetPoints replaces the series (sorted by date).
func (c *lineChart) SetPoints(p []chartPoint) {
	p = append([]chartPoint(nil), p...)
	sort.SliceStable(p, func(i, j int) bool { return p[i].At.Before(p[j].At) })
	c.points = p
	c.hover = -1
	c.Refresh()
}

func (c *lineChart) MinSize() fyne.Size { return fyne.NewSize(360, 200) }

func (c *lineChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	r.Refresh()
	return r
}

// MouseIn/MouseMoved/MouseOut: the hover label.
func (c *lineChart) MouseIn(e *desktop.MouseEvent)    { c.MouseMoved(e) }
func (c *lineChart) MouseOut()                        { c.hover = -1; c.Refresh() }
func (c *lineChart) MouseMoved(e *desktop.MouseEvent) { c.hoverAt(e.Position.X) }

func (c *lineChart) hoverAt(x float32) {
	if len(c.points) == 0 {
		return
	}
	pl := plotArea(c.Size())
	best, bestD := -1, float32(math.MaxFloat32)
	xs := c.xs(pl)
	for i, px := range xs {
		if d := float32(math.Abs(float64(px - x))); d < bestD {
			best, bestD = i, d
		}
	}
	if best != c.hover {
		c.hover = best
		c.Refresh()
	}
}

// plot is the drawing area inside the axes.
type plot struct{ x, y, w, h float32 }

func plotArea(s fyne.Size) plot {
	const left, right, top, bottom = 104, 24, 16, 30
	return plot{left, top, max32(s.Width-left-right, 10), max32(s.Height-top-bottom, 10)}
}

func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

// span is the date range of the series (a day at least).
func (c *lineChart) span() (time.Time, time.Time) {
	a, b := c.points[0].At, c.points[len(c.points)-1].At
	if !b.After(a) {
		a, b = a.Add(-12*time.Hour), b.Add(12*time.Hour)
	}
	return a, b
}

func (c *lineChart) xs(pl plot) []float32 {
	a, b := c.span()
	out := make([]float32, len(c.points))
	for i, p := range c.points {
		out[i] = pl.x + pl.w*float32(p.At.Sub(a))/float32(b.Sub(a))
	}
	return out
}

// yRange is a rounded value range with zero inside when near, and a tick
// step of 1, 2 or 5 × 10ⁿ kopecks.
func (c *lineChart) yRange() (lo, hi, step float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range c.points {
		v := float64(p.Kopecks)
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	if hi < 0 && hi > lo/2 {
		hi = 0
	}
	if hi == lo {
		hi, lo = hi+100_00, lo-100_00
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

type chartRenderer struct {
	c    *lineChart
	objs []fyne.CanvasObject
}

func (r *chartRenderer) Layout(fyne.Size)             { r.Refresh() }
func (r *chartRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Destroy()                     {}

func chartText(s string, c color.Color, size float32, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle.Bold = bold
	return t
}

// place puts t at (x, y) aligned by ax (0 left, 0.5 centre, 1 right).
func place(t *canvas.Text, x, y, ax float32) *canvas.Text {
	sz := t.MinSize()
	t.Resize(sz)
	t.Move(fyne.NewPos(x-sz.Width*ax, y-sz.Height/2))
	return t
}

func (r *chartRenderer) Refresh() {
	c := r.c
	size := c.Size()
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	lineCol := theme.Color(theme.ColorNamePrimary)
	debt := theme.Color(theme.ColorNameError)
	small := theme.CaptionTextSize()
	var objs []fyne.CanvasObject
	if len(c.points) == 0 {
		t := chartText(c.empty, theme.Color(theme.ColorNamePlaceHolder), theme.TextSize(), false)
		objs = append(objs, place(t, size.Width/2, size.Height/2, 0.5))
		r.objs = objs
		return
	}
	pl := plotArea(size)
	lo, hi, step := c.yRange()
	yOf := func(v float64) float32 { return pl.y + pl.h - pl.h*float32((v-lo)/(hi-lo)) }
	// horizontal grid and value labels
	for v := lo; v <= hi+step/2; v += step {
		y := yOf(v)
		l := canvas.NewLine(grid)
		l.StrokeWidth = 1
		if v == 0 {
			l.StrokeColor = fg
		}
		l.Position1, l.Position2 = fyne.NewPos(pl.x, y), fyne.NewPos(pl.x+pl.w, y)
		objs = append(objs, l, place(chartText(compactRub(int64(v)), fg, small, false), pl.x-6, y, 1))
	}
	// axes
	ax := canvas.NewLine(fg)
	ax.StrokeWidth = 1
	ax.Position1, ax.Position2 = fyne.NewPos(pl.x, pl.y), fyne.NewPos(pl.x, pl.y+pl.h)
	bx := canvas.NewLine(fg)
	bx.StrokeWidth = 1
	bx.Position1, bx.Position2 = fyne.NewPos(pl.x, pl.y+pl.h), fyne.NewPos(pl.x+pl.w, pl.y+pl.h)
	objs = append(objs, ax, bx)
	// date labels: up to 6, evenly spread over the range
	a, b := c.span()
	n := 5
	if pl.w < 500 {
		n = 3
	}
	layout := "02.01"
	if b.Year() != a.Year() || b.Sub(a) > 300*24*time.Hour {
		layout = "02.01.06"
	}
	for i := 0; i <= n; i++ {
		t := a.Add(time.Duration(float64(b.Sub(a)) * float64(i) / float64(n)))
		x := pl.x + pl.w*float32(i)/float32(n)
		tick := canvas.NewLine(fg)
		tick.Position1, tick.Position2 = fyne.NewPos(x, pl.y+pl.h), fyne.NewPos(x, pl.y+pl.h+4)
		al := float32(0.5)
		if i == 0 {
			al = 0
		} else if i == n {
			al = 1
		}
		objs = append(objs, tick, place(chartText(t.Format(layout), fg, small, false), x, pl.y+pl.h+14, al))
	}
	// the line (a step after each operation: the balance holds until the
	// next one), markers at each point
	xs := c.xs(pl)
	for i := range c.points {
		y := yOf(float64(c.points[i].Kopecks))
		if i > 0 {
			py := yOf(float64(c.points[i-1].Kopecks))
			h := canvas.NewLine(lineCol)
			h.StrokeWidth = 2
			h.Position1, h.Position2 = fyne.NewPos(xs[i-1], py), fyne.NewPos(xs[i], py)
			v := canvas.NewLine(lineCol)
			v.StrokeWidth = 2
			v.Position1, v.Position2 = fyne.NewPos(xs[i], py), fyne.NewPos(xs[i], y)
			objs = append(objs, h, v)
		}
	}
	minI := 0
	for i, p := range c.points {
		if p.Kopecks < c.points[minI].Kopecks {
			minI = i
		}
	}
	label := map[int]bool{0: true, len(c.points) - 1: true, minI: true}
	for i, p := range c.points {
		col := lineCol
		if p.Kopecks < 0 {
			col = debt
		}
		dot := canvas.NewCircle(col)
		r := float32(3)
		if i == c.hover {
			r = 5
		}
		y := yOf(float64(p.Kopecks))
		dot.Resize(fyne.NewSize(2*r, 2*r))
		dot.Move(fyne.NewPos(xs[i]-r, y-r))
		objs = append(objs, dot)
		if label[i] && i != c.hover {
			al := float32(0.5)
			if xs[i] < pl.x+60 {
				al = 0
			} else if xs[i] > pl.x+pl.w-60 {
				al = 1
			}
			objs = append(objs, place(chartText(formatRub(p.Kopecks), col, small, true), xs[i], y-12, al))
		}
	}
	if c.hover >= 0 && c.hover < len(c.points) {
		p := c.points[c.hover]
		tip := chartText(p.At.Format("02.01.2006")+"  "+formatRub(p.Kopecks), fg, theme.TextSize(), true)
		sz := tip.MinSize()
		x := xs[c.hover] - sz.Width/2
		x = float32(math.Max(float64(pl.x), math.Min(float64(x), float64(pl.x+pl.w-sz.Width))))
		y := yOf(float64(p.Kopecks)) - sz.Height - 10
		if y < 0 {
			y = yOf(float64(p.Kopecks)) + 10
		}
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
		bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = grid, 1, 4
		bg.Resize(fyne.NewSize(sz.Width+12, sz.Height+6))
		bg.Move(fyne.NewPos(x-6, y-3))
		tip.Resize(sz)
		tip.Move(fyne.NewPos(x, y))
		objs = append(objs, bg, tip)
	}
	r.objs = objs
}

// compactRub is an axis label: «−15 тыс. ₽», «1,2 млн ₽».
func compactRub(k int64) string {
	v := float64(k) / 100
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	thousand := i18n.T("тыс.", "k")
	million := i18n.T("млн", "M")
	switch {
	case v >= 1e6:
		return sign + trimZero(v/1e6) + "\u202f" + million + "\u202f₽"
	case v >= 1e3:
		return sign + trimZero(v/1e3) + "\u202f" + thousand + "\u202f₽"
	}
	return sign + trimZero(v) + "\u202f₽"
}

func trimZero(v float64) string {
	s := formatFloat1(v)
	if len(s) > 2 && (s[len(s)-2:] == ",0" || s[len(s)-2:] == ".0") {
		s = s[:len(s)-2]
	}
	return s
}

func formatFloat1(v float64) string {
	r := int64(math.Round(v * 10))
	s := itoa(int(r / 10))
	if i18n.Current() == i18n.EN {
		return s + "." + itoa(int(r%10))
	}
	return s + "," + itoa(int(r%10))
}
