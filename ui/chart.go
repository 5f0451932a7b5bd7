package ui

import (
	"image"
	"image/color"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// The balance chart is drawn by gonum.org/v1/plot (gonum's plotting
// library, maintained with gonum itself): its axes, ticks, grid, step line
// and markers are rendered by vgimg into an image at the window's pixel
// size and shown by a canvas.Image. The image is drawn again when the
// size, the scale, the theme's colours (light/dark) or the points change.
// The Go module proxy serves no chart library made for Fyne; gonum/plot
// was chosen over go-analyze/charts for its release history and because
// it gives the data→canvas transform the hover needs. The hover (nearest
// point's date and balance) is a Fyne overlay placed with that transform.

// chartPoint is one value of a series: money in kopecks on a date.
type chartPoint struct {
	At      time.Time
	Kopecks int64
}

// lineChart is a chart of money over time: the balance as a step line
// (it holds until the next operation), the debt area below zero in red,
// Russian dates on the time axis, compact roubles on the value axis,
// labels at the last point and at the minimum, and the nearest point's
// date and value on hover, tap or the arrow keys.
type lineChart struct {
	widget.BaseWidget
	points []chartPoint
	empty  string // the hint shown without points
	hover  int    // index of the hovered point, -1 none
	focus  bool

	// where the last render put the points and the data area (Fyne units)
	px         []fyne.Position
	area       fyne.Position // top-left of the data area
	areaSize   fyne.Size
	labels     []chartBox       // the point labels drawn into the image (the tip covers or keeps off them)
	onRendered func(points int) // after each new image (trace)
	onHover    func(p chartPoint)
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
	c.px = nil
	c.Refresh()
}

func (c *lineChart) MinSize() fyne.Size { return fyne.NewSize(360, 200) }

func (c *lineChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, img: canvas.NewImageFromImage(nil)}
	r.img.FillMode = canvas.ImageFillStretch
	r.img.ScaleMode = canvas.ImageScaleSmooth
	r.hint = canvas.NewText(c.empty, theme.Color(theme.ColorNamePlaceHolder))
	r.guide = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	r.guide2 = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	r.dot = canvas.NewCircle(theme.Color(theme.ColorNamePrimary))
	r.tipBG = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	r.tip = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.tip.TextStyle.Bold = true
	r.Refresh()
	return r
}

// MouseIn/MouseMoved/MouseOut: the hover label.
func (c *lineChart) MouseIn(e *desktop.MouseEvent)    { c.MouseMoved(e) }
func (c *lineChart) MouseOut()                        { c.setHover(-1) }
func (c *lineChart) MouseMoved(e *desktop.MouseEvent) { c.hoverAt(e.Position.X) }

// Tapped shows the nearest point (touch screens, and a click keeps the
// keyboard on the chart).
func (c *lineChart) Tapped(e *fyne.PointEvent) {
	c.hoverAt(e.Position.X)
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Focus(c)
	}
}

// Keyboard: Tab reaches the chart, ←/→ step through the points, Home/End
// jump to the first/last one.
func (c *lineChart) FocusGained() {
	c.focus = true
	if c.hover < 0 && len(c.points) > 0 {
		c.setHover(len(c.points) - 1)
	}
}
func (c *lineChart) FocusLost()     { c.focus = false; c.setHover(-1) }
func (c *lineChart) TypedRune(rune) {}
func (c *lineChart) TypedKey(e *fyne.KeyEvent) {
	n := len(c.points)
	if n == 0 {
		return
	}
	i := c.hover
	switch e.Name {
	case fyne.KeyLeft:
		i--
	case fyne.KeyRight:
		i++
	case fyne.KeyHome:
		i = 0
	case fyne.KeyEnd:
		i = n - 1
	default:
		return
	}
	c.setHover(min(max(i, 0), n-1))
}

// hoverAt selects the point nearest to x (Fyne units in the widget) on
// the time axis, as the last render placed them.
func (c *lineChart) hoverAt(x float32) {
	if len(c.px) == 0 {
		return
	}
	best, bestD := -1, float32(math.MaxFloat32)
	for i, p := range c.px {
		if d := float32(math.Abs(float64(p.X - x))); d < bestD {
			best, bestD = i, d
		}
	}
	c.setHover(best)
}

func (c *lineChart) setHover(i int) {
	if i == c.hover {
		return
	}
	c.hover = i
	if i >= 0 && i < len(c.points) && c.onHover != nil {
		c.onHover(c.points[i])
	}
	c.Refresh()
}

// chartBox is a rectangle on the widget, in Fyne units; a point label's
// box knows the point it labels.
type chartBox struct {
	pos   fyne.Position
	size  fyne.Size
	point int // the labelled point's index (point labels only)
}

// contains: o lies entirely inside b.
func (b chartBox) contains(o chartBox) bool {
	return b.pos.X <= o.pos.X && b.pos.Y <= o.pos.Y &&
		o.pos.X+o.size.Width <= b.pos.X+b.size.Width && o.pos.Y+o.size.Height <= b.pos.Y+b.size.Height
}

func (b chartBox) overlaps(o chartBox) bool {
	return b.pos.X < o.pos.X+o.size.Width && o.pos.X < b.pos.X+b.size.Width &&
		b.pos.Y < o.pos.Y+o.size.Height && o.pos.Y < b.pos.Y+b.size.Height
}

// hoverText is the tip: «05.12.2026 · −15 234,56 ₽».
func hoverText(p chartPoint) string {
	return p.At.Format("02.01.2006") + " · " + formatRub(p.Kopecks)
}

type chartRenderer struct {
	c      *lineChart
	img    *canvas.Image
	hint   *canvas.Text
	guide  *canvas.Line // the vertical guide above the hovered point
	guide2 *canvas.Line // and below it
	dot    *canvas.Circle
	tipBG  *canvas.Rectangle
	tip    *canvas.Text
	// masks blank a point label the tip would cut through (a chart too
	// small to keep them apart); one per label, hidden otherwise
	masks []*canvas.Rectangle
	key   chartKey // what the image shows
}

// chartKey is everything the image depends on: a new key, a new render.
type chartKey struct {
	w, h   int // pixels
	dpi    int
	scale  float32
	fg, bg color.RGBA
	lang   i18n.Lang
	points *chartPoint // the series' backing array (SetPoints copies)
	n      int
}

func (r *chartRenderer) Layout(fyne.Size)   { r.Refresh() }
func (r *chartRenderer) MinSize() fyne.Size { return r.c.MinSize() }
func (r *chartRenderer) Destroy()           {}
func (r *chartRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.img, r.hint}
	for _, m := range r.masks {
		objs = append(objs, m)
	}
	// the marker over the tip: a tip that takes the place of the point's
	// own label ends where that label ended, next to the marker
	return append(objs, r.guide, r.guide2, r.tipBG, r.tip, r.dot)
}

func rgba(c color.Color) color.RGBA {
	return color.RGBAModel.Convert(c).(color.RGBA)
}

// scale is the canvas scale (pixels per Fyne unit), 1 before the widget
// is on a canvas.
func (c *lineChart) scale() float32 {
	if a := fyne.CurrentApp(); a != nil {
		if cv := a.Driver().CanvasForObject(c); cv != nil && cv.Scale() > 0 {
			return cv.Scale()
		}
	}
	return 1
}

func (r *chartRenderer) Refresh() {
	c := r.c
	size := c.Size()
	fg := theme.Color(theme.ColorNameForeground)
	r.hint.Text = c.empty
	r.hint.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.hint.TextSize = theme.TextSize()
	for _, o := range []fyne.CanvasObject{r.guide, r.guide2, r.dot, r.tipBG, r.tip} {
		o.Hide()
	}
	for _, m := range r.masks {
		m.Hide()
	}
	if len(c.points) == 0 || size.Width < 40 || size.Height < 40 {
		r.img.Hide()
		r.hint.Show()
		hs := r.hint.MinSize()
		r.hint.Resize(hs)
		r.hint.Move(fyne.NewPos((size.Width-hs.Width)/2, (size.Height-hs.Height)/2))
		if len(c.points) > 0 {
			r.hint.Hide()
		}
		r.hint.Refresh()
		c.px = nil
		return
	}
	r.hint.Hide()
	scale := c.scale()
	key := chartKey{w: int(math.Ceil(float64(size.Width * scale))), h: int(math.Ceil(float64(size.Height * scale))),
		dpi: int(math.Round(float64(72 * scale))), scale: scale, fg: rgba(fg), bg: rgba(theme.Color(theme.ColorNameBackground)),
		lang: i18n.Current(), points: &c.points[0], n: len(c.points)}
	if key != r.key || c.px == nil {
		img, px, area, areaSize, labels := renderChart(c.points, key)
		r.key = key
		c.px, c.area, c.areaSize, c.labels = px, area, areaSize, labels
		r.img.Image = img
		r.img.Show()
		r.img.Resize(size)
		r.img.Move(fyne.NewPos(0, 0))
		r.img.Refresh()
		if c.onRendered != nil {
			c.onRendered(len(c.points))
		}
	} else {
		r.img.Resize(size)
	}
	r.showHover(size)
}

// showHover places the guide, the marker and the tip at the hovered point.
func (r *chartRenderer) showHover(size fyne.Size) {
	c := r.c
	if c.hover < 0 || c.hover >= len(c.px) {
		return
	}
	p, at := c.points[c.hover], c.px[c.hover]
	col := theme.Color(theme.ColorNamePrimary)
	if p.Kopecks < 0 {
		col = theme.Color(theme.ColorNameError)
	}
	r.tip.Text = hoverText(p)
	r.tip.TextSize = theme.TextSize()
	r.tip.Color = theme.Color(theme.ColorNameForeground)
	sz := r.tip.MinSize()
	x := at.X - sz.Width/2
	x = float32(math.Max(float64(c.area.X), math.Min(float64(x), float64(size.Width-sz.Width-8))))
	pl := placeTip(at, sz, size, x, c.hover, c.labels)
	x, y := pl.x, pl.y
	// the labels left on screen: not under the tip, not blanked
	hidden := map[int]bool{}
	for _, i := range pl.covered {
		hidden[i] = true
	}
	for _, i := range pl.masked {
		hidden[i] = true
	}
	for len(r.masks) < len(c.labels) {
		r.masks = append(r.masks, canvas.NewRectangle(color.Transparent))
	}
	for _, i := range pl.masked {
		m, l := r.masks[i], c.labels[i]
		m.FillColor = theme.Color(theme.ColorNameBackground)
		m.Resize(l.size)
		m.Move(l.pos)
		m.Show()
		m.Refresh()
	}

	// the guide runs through the data area, stopping short of a point's
	// label (a line through «−15 234,56 ₽» makes it hard to read)
	top, bottom := c.area.Y, c.area.Y+c.areaSize.Height
	for i, l := range c.labels {
		if hidden[i] || at.X < l.pos.X || at.X > l.pos.X+l.size.Width {
			continue
		}
		if l.pos.Y >= at.Y {
			bottom = min(bottom, l.pos.Y)
		} else {
			top = max(top, l.pos.Y+l.size.Height)
		}
	}
	for _, g := range []*canvas.Line{r.guide, r.guide2} {
		g.StrokeColor = theme.Color(theme.ColorNameForeground)
		g.StrokeWidth = 1
	}
	r.guide.Position1, r.guide.Position2 = fyne.NewPos(at.X, top), fyne.NewPos(at.X, at.Y)
	r.guide2.Position1, r.guide2.Position2 = fyne.NewPos(at.X, at.Y), fyne.NewPos(at.X, max(bottom, at.Y))
	const rad = 6
	r.dot.FillColor = col
	r.dot.StrokeColor = theme.Color(theme.ColorNameBackground)
	r.dot.StrokeWidth = 2
	r.dot.Resize(fyne.NewSize(2*rad, 2*rad))
	r.dot.Move(fyne.NewPos(at.X-rad, at.Y-rad))
	r.tipBG.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	r.tipBG.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.tipBG.StrokeWidth, r.tipBG.CornerRadius = 1, 4
	b := tipBox(x, y, sz)
	r.tipBG.Resize(b.size)
	r.tipBG.Move(b.pos)
	r.tip.Resize(sz)
	r.tip.Move(fyne.NewPos(x, y))
	for _, o := range []fyne.CanvasObject{r.guide, r.guide2, r.dot, r.tipBG, r.tip} {
		o.Show()
		o.Refresh()
	}
}

// tipBox is the tip's background around its text at x, y.
func tipBox(x, y float32, sz fyne.Size) chartBox {
	return chartBox{pos: fyne.NewPos(x-6, y-3), size: fyne.NewSize(sz.Width+12, sz.Height+6)}
}

// tipPlace is where the tip's text goes and what it does to the point
// labels drawn in the image (indexes into the labels).
type tipPlace struct {
	x, y    float32
	covered []int // under the tip's opaque box entirely: hidden by it
	masked  []int // blanked (a chart too small to keep them apart)
}

// placeTip places the tip of the point at (index hover) so that the same
// amount is never written twice and the tip never cuts through a point's
// label (the last balance is labelled above its point, the lowest one
// below its point):
//
//   - a labelled point: the tip takes its label's place, its box over the
//     whole label and ending where the label ends next to the point (the
//     tip repeats the amount with the date);
//   - otherwise above the point, else below it, else just above or below
//     a label in the way, the nearest to the point, inside the widget;
//   - where nothing is free (a very small chart), above the point (at
//     the widget's top when above leaves it), and the labels it cuts are
//     blanked.
func placeTip(at fyne.Position, sz, size fyne.Size, x float32, hover int, labels []chartBox) tipPlace {
	const gap = 14
	inside := func(b chartBox) bool {
		return b.pos.X >= 0 && b.pos.Y >= 0 && b.pos.X+b.size.Width <= size.Width && b.pos.Y+b.size.Height <= size.Height
	}
	free := func(b chartBox, skip int) bool {
		for i, l := range labels {
			if i != skip && b.overlaps(l) {
				return false
			}
		}
		return true
	}
	// a labelled point: over its own label
	for i, l := range labels {
		if l.point != hover {
			continue
		}
		y := l.pos.Y + l.size.Height - 3 - sz.Height // the box ends at the label's bottom
		if l.pos.Y+l.size.Height/2 > at.Y {
			y = l.pos.Y + 3 // a label below its point: the box starts at its top
		}
		// the box over the label from its left to its right edge
		lx := min(max(x, l.pos.X+l.size.Width-sz.Width-6), l.pos.X+6)
		if b := tipBox(lx, y, sz); b.contains(l) && inside(b) && free(b, i) {
			return tipPlace{x: lx, y: y, covered: []int{i}}
		}
	}
	// the marker stays visible
	dot := chartBox{pos: fyne.NewPos(at.X-8, at.Y-8), size: fyne.NewSize(16, 16)}
	ok := func(y float32) bool {
		b := tipBox(x, y, sz)
		return inside(b) && free(b, -1) && !b.overlaps(dot)
	}
	above, below := at.Y-sz.Height-gap, at.Y+gap
	if ok(above) {
		return tipPlace{x: x, y: above}
	}
	if ok(below) {
		return tipPlace{x: x, y: below}
	}
	var near []float32
	for _, l := range labels {
		near = append(near, l.pos.Y-5-sz.Height, l.pos.Y+l.size.Height+5)
	}
	sort.Slice(near, func(i, j int) bool {
		return math.Abs(float64(near[i]+sz.Height/2-at.Y)) < math.Abs(float64(near[j]+sz.Height/2-at.Y))
	})
	for _, y := range near {
		if ok(y) {
			return tipPlace{x: x, y: y}
		}
	}
	y := min(max(above, 3), size.Height-sz.Height-3) // above, or at the widget's top
	pl := tipPlace{x: x, y: y}
	b := tipBox(x, y, sz)
	for i, l := range labels {
		switch {
		case b.contains(l):
			pl.covered = append(pl.covered, i)
		case b.overlaps(l):
			pl.masked = append(pl.masked, i)
		}
	}
	return pl
}

// chartFont is the plot's face: the app theme's own font (Noto Sans in
// Fyne's theme) added to gonum's font cache, so that the chart reads like
// the rest of the window and has «₽» (Liberation Sans, gonum's embedded
// face, lacks it); Liberation Sans if the theme's font does not parse.
func chartFont(size float32, bold bool) font.Font {
	chartFontOnce.Do(func() {
		var coll font.Collection
		for _, st := range []fyne.TextStyle{{}, {Bold: true}} {
			ff, err := opentype.Parse(theme.DefaultTheme().Font(st).Content())
			if err != nil {
				return
			}
			f := font.Font{Typeface: "GosdeskTheme"}
			if st.Bold {
				f.Weight = xfont.WeightBold
			}
			coll = append(coll, font.Face{Font: f, Face: ff})
		}
		font.DefaultCache.Add(coll)
		chartTypeface = "GosdeskTheme"
	})
	f := font.Font{Typeface: chartTypeface}
	if chartTypeface == "Liberation" {
		f.Variant = "Sans"
	}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return font.From(f, font.Length(size))
}

var (
	chartFontOnce sync.Once
	chartTypeface font.Typeface = "Liberation"
)

// plotText is a label for the plot's font: its minus sign is the en dash
// (Noto Sans has no U+2212; Fyne's own text falls back to another font).
func plotText(s string) string { return strings.ReplaceAll(s, "−", "–") }

// paddedText is gonum's plain text with room around it: gonum puts a
// tick label right against its tick mark (a value axis label's «₽»
// touched the tick, a date's digits the tick above it) and has no option
// for a gap; the box the axes and the plot reserve for a label grows by
// the padding and the text is drawn inside it. One line of text only.
type paddedText struct {
	text.Handler
	left, right, top, bottom vg.Length
}

func (h paddedText) Box(txt string, fnt font.Font) (w, ht, depth vg.Length) {
	w, ht, depth = h.Handler.Box(txt, fnt)
	return w + h.left + h.right, ht + h.top, depth + h.bottom
}

func (h paddedText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	// the plain handler aligns by the padded height (through sty) but by
	// the text's own width: move the text into its padded box
	pt.X += vg.Length(sty.XAlign)*(h.left+h.right) + h.left
	pt.Y += h.bottom
	h.Handler.Draw(c, txt, sty, pt)
}

// pointLabel is a point's value written next to it on a background of the
// window's colour (the step line and the grid do not run through its
// words); the plot keeps room for it inside the image.
type pointLabel struct {
	xy     plotter.XY
	text   string
	style  text.Style
	offset vg.Point
	bg     color.Color
	point  int          // the index of the labelled point
	drawn  vg.Rectangle // where Plot put it
}

func (l *pointLabel) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	pt := vg.Point{X: tx(l.xy.X), Y: ty(l.xy.Y)}.Add(l.offset)
	r := l.style.Rectangle(l.text).Add(pt)
	c.FillPolygon(l.bg, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
	c.FillText(l.style, pt, l.text)
	l.drawn = r
}

func (l *pointLabel) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: p.X.Norm(l.xy.X), Y: p.Y.Norm(l.xy.Y), Rectangle: l.style.Rectangle(l.text).Add(l.offset)}}
}

// chartYRange is the value range in roubles: zero inside when near (so a
// debt is seen against it), a margin above and below.
func chartYRange(pts []chartPoint) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		v := float64(p.Kopecks) / 100
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	if hi < 0 && hi > lo/2 {
		hi = 0
	}
	if hi == lo {
		hi, lo = hi+100, lo-100
	}
	m := (hi - lo) * 0.08
	if lo != 0 {
		lo -= m
	}
	if hi != 0 {
		hi += m
	}
	return lo, hi
}

// renderChart draws the series into an image of key.w×key.h pixels and
// returns it with each point's position, the data area and the point
// labels' boxes in Fyne units.
func renderChart(pts []chartPoint, key chartKey) (image.Image, []fyne.Position, fyne.Position, fyne.Size, []chartBox) {
	fg := color.Color(key.fg)
	grid := theme.Color(theme.ColorNameSeparator)
	lineCol := theme.Color(theme.ColorNamePrimary)
	debt := theme.Color(theme.ColorNameError)
	small := theme.CaptionTextSize() + 1

	p := plot.New()
	p.BackgroundColor = nil // the window's own background shows through
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Color = fg
		ax.Tick.Color = fg
		ax.Tick.Length = 4
		ax.Tick.Label.Color = fg
		ax.Tick.Label.Font = chartFont(small, false)
	}
	// a gap between a tick label and its tick mark: left of the value
	// axis, below the time axis
	p.Y.Tick.Label.Handler = paddedText{Handler: plot.DefaultTextHandler, right: 4}
	p.X.Tick.Label.Handler = paddedText{Handler: plot.DefaultTextHandler, top: 4}
	p.X.Tick.Marker = plot.TickerFunc(dateTicks)
	p.Y.Tick.Marker = plot.TickerFunc(rubTicks)

	xys := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		xys[i] = plotter.XY{X: float64(pt.At.Unix()), Y: float64(pt.Kopecks) / 100}
	}
	x0, x1 := xys[0].X, xys[len(xys)-1].X
	if x1 <= x0 {
		x0, x1 = x0-43200, x1+43200
	}
	lo, hi := chartYRange(pts)

	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = grid
	g.Horizontal.Width = 0.5
	p.Add(g)
	if lo < 0 { // the debt area: everything below zero, in red
		band, _ := plotter.NewPolygon(plotter.XYs{{X: x0, Y: lo}, {X: x1, Y: lo}, {X: x1, Y: 0}, {X: x0, Y: 0}})
		dc := rgba(debt)
		band.Color = color.NRGBA{R: dc.R, G: dc.G, B: dc.B, A: 36}
		band.LineStyle.Width = 0
		p.Add(band)
		zero, _ := plotter.NewLine(plotter.XYs{{X: x0, Y: 0}, {X: x1, Y: 0}})
		zero.Color = fg
		zero.Width = 1
		p.Add(zero)
	}
	line, _ := plotter.NewLine(xys)
	line.StepStyle = plotter.PostStep // the balance holds until the next operation
	line.Color = lineCol
	line.Width = 2
	p.Add(line)
	dots, _ := plotter.NewScatter(xys)
	dots.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		col := lineCol
		if xys[i].Y < 0 {
			col = debt
		}
		return draw.GlyphStyle{Color: col, Radius: 3, Shape: draw.CircleGlyph{}}
	}
	p.Add(dots)
	// labels: the last balance above its point, the lowest one below
	// its point (the hover tip takes a label's place or keeps off it:
	// placeTip)
	minI, last := 0, len(pts)-1
	for i, pt := range pts {
		if pt.Kopecks < pts[minI].Kopecks {
			minI = i
		}
	}
	var labels []*pointLabel
	label := func(i int, below bool) {
		col := lineCol
		if pts[i].Kopecks < 0 {
			col = debt
		}
		xa := draw.XCenter
		if i == 0 {
			xa = draw.XLeft
		} else if i == last {
			xa = draw.XRight
		}
		ya, off := draw.YBottom, vg.Length(6)
		if below {
			ya, off = draw.YTop, -6
		}
		bg := color.NRGBA{R: key.bg.R, G: key.bg.G, B: key.bg.B, A: 220} // the line shows faintly through
		l := &pointLabel{xy: xys[i], point: i, text: plotText(formatRub(pts[i].Kopecks)), offset: vg.Point{Y: off}, bg: bg,
			style: text.Style{Color: col, Font: chartFont(small, true), XAlign: xa, YAlign: ya,
				Handler: paddedText{Handler: plot.DefaultTextHandler, left: 3, right: 3, top: 1, bottom: 1}}}
		labels = append(labels, l)
		p.Add(l)
	}
	label(last, false)
	if minI != last {
		label(minI, true)
	}
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = lo, hi

	// 1 pt of the plot = 1 Fyne unit: the DPI is 72 × the canvas scale
	w := vg.Length(float64(key.w) * 72 / float64(key.dpi))
	h := vg.Length(float64(key.h) * 72 / float64(key.dpi))
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(key.dpi), vgimg.UseBackgroundColor(color.Transparent))
	dc := draw.New(cv)
	dc = draw.Crop(dc, 8, -16, 6, -14) // a margin around the axes' and the points' labels
	p.Draw(dc)

	data := p.DataCanvas(dc)
	tx, ty := p.Transforms(&data)
	f := float32(key.dpi) / 72 / key.scale // points → Fyne units (≈ 1)
	toFyne := func(x, y vg.Length) fyne.Position {
		// vg's origin is bottom-left, in points; Fyne's is top-left, in units
		return fyne.NewPos(float32(x)*f, float32(h-y)*f)
	}
	px := make([]fyne.Position, len(xys))
	for i, v := range xys {
		px[i] = toFyne(tx(v.X), ty(v.Y))
	}
	box := func(r vg.Rectangle) chartBox {
		tl, br := toFyne(r.Min.X, r.Max.Y), toFyne(r.Max.X, r.Min.Y)
		return chartBox{pos: tl, size: fyne.NewSize(br.X-tl.X, br.Y-tl.Y)}
	}
	var boxes []chartBox
	for _, l := range labels {
		b := box(l.drawn)
		b.point = l.point
		boxes = append(boxes, b)
	}
	area := box(data.Rectangle)
	return cv.Image(), px, area.pos, area.size, boxes
}

// months: nominative for a month tick («дек 2026»), genitive for a day
// («5 дек»); English has one form.
var (
	monthsRU  = []string{"янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"}
	monthsRUg = []string{"янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"}
	monthsEN  = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func monthLabel(t time.Time, year bool) string {
	m := monthsRU
	if i18n.Current() == i18n.EN {
		m = monthsEN
	}
	s := m[t.Month()-1]
	if year {
		s += " " + itoa(t.Year())
	}
	return s
}

func dayLabel(t time.Time, year bool) string {
	var s string
	if i18n.Current() == i18n.EN {
		s = monthsEN[t.Month()-1] + " " + itoa(t.Day())
		if year {
			s += ", " + itoa(t.Year())
		}
		return s
	}
	s = itoa(t.Day()) + " " + monthsRUg[t.Month()-1]
	if year {
		s += " " + itoa(t.Year())
	}
	return s
}

// dateTicks are the time axis' marks (values are Unix seconds): month
// starts for a long range, days or weeks for a short one, at most about
// six labels; the year is written on the first label and where it turns.
func dateTicks(lo, hi float64) []plot.Tick {
	a, b := time.Unix(int64(lo), 0).In(time.Local), time.Unix(int64(math.Ceil(hi)), 0).In(time.Local)
	days := b.Sub(a).Hours() / 24
	var ticks []plot.Tick
	prevYear := 0
	add := func(t time.Time, label func(time.Time, bool) string) {
		v := float64(t.Unix())
		if v < lo || v > hi {
			return
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label(t, prevYear != t.Year())})
		prevYear = t.Year()
	}
	if days > 70 {
		months := int(days/30.4) + 1
		step := 12
		for _, s := range []int{1, 2, 3, 6, 12} {
			if months/s <= 6 {
				step = s
				break
			}
		}
		m := time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, time.Local)
		if m.Before(a) {
			m = m.AddDate(0, 1, 0)
		}
		for ; (int(m.Month())-1)%step != 0; m = m.AddDate(0, 1, 0) {
		}
		for ; !m.After(b); m = m.AddDate(0, step, 0) {
			add(m, monthLabel)
		}
		return ticks
	}
	step := 14
	for _, s := range []int{1, 2, 3, 7, 14} {
		if days/float64(s) <= 6 {
			step = s
			break
		}
	}
	d := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.Local)
	if d.Before(a) {
		d = d.AddDate(0, 0, 1)
	}
	if step >= 7 { // weeks start on Monday
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
	}
	for ; !d.After(b); d = d.AddDate(0, 0, step) {
		add(d, dayLabel)
	}
	if step > 1 && days <= 62 { // a small mark for each day
		for m := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.Local); !m.After(b); m = m.AddDate(0, 0, 1) {
			if v := float64(m.Unix()); v >= lo && v <= hi {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// rubTicks are the value axis' marks: a step of 1, 2 or 5 × 10ⁿ roubles
// giving four to six labels, zero among them when in range (the debt
// line), a small mark halfway between.
func rubTicks(lo, hi float64) []plot.Tick {
	if hi <= lo {
		return []plot.Tick{{Value: lo, Label: plotText(compactRub(int64(math.Round(lo * 100))))}}
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		if math.Abs(v) < step/1e6 {
			v = 0
		}
		ts = append(ts, plot.Tick{Value: v, Label: plotText(compactRub(int64(math.Round(v * 100))))})
		if v+step/2 <= hi {
			ts = append(ts, plot.Tick{Value: v + step/2})
		}
	}
	if first := math.Ceil(lo/step)*step - step/2; first >= lo {
		ts = append(ts, plot.Tick{Value: first})
	}
	return ts
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

func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}
