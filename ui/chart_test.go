package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func chartSeries() []chartPoint {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.Local) }
	return []chartPoint{
		{d(9, 5), 1200000}, {d(10, 1), 350000}, {d(10, 28), -1523456}, {d(11, 15), -200000}, {d(12, 5), 50000},
	}
}

// showChart puts a chart of the series on a test window of the given size.
func showChart(t *testing.T, lang i18n.Lang, pts []chartPoint) (*lineChart, fyne.Window) {
	t.Helper()
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(lang)
	test.NewTempApp(t)
	c := newLineChart("пусто")
	w := test.NewWindow(c)
	t.Cleanup(w.Close)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 400))
	c.SetPoints(pts)
	return c, w
}

func chartImage(t *testing.T, c *lineChart) image.Image {
	t.Helper()
	r := test.WidgetRenderer(c).(*chartRenderer)
	if r.img.Hidden || r.img.Image == nil {
		t.Fatal("the chart shows no image")
	}
	return r.img.Image
}

func TestChartRendersWithGonumPlot(t *testing.T) {
	c, _ := showChart(t, i18n.RU, chartSeries())
	img := chartImage(t, c)
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
		t.Fatalf("image %v, want the widget's 800×400 pixels at scale 1", b)
	}
	if len(c.px) != 5 {
		t.Fatalf("%d point positions", len(c.px))
	}
	for i := 1; i < len(c.px); i++ {
		if c.px[i].X <= c.px[i-1].X {
			t.Errorf("points not left to right: %v", c.px)
		}
	}
	// the lower balance is lower on the screen; the debt is below the
	// opening balance and inside the data area
	if !(c.px[2].Y > c.px[1].Y && c.px[1].Y > c.px[0].Y) {
		t.Errorf("y does not follow the balance: %v", c.px)
	}
	for _, p := range c.px {
		if p.X < c.area.X || p.X > c.area.X+c.areaSize.Width+0.5 || p.Y < c.area.Y-0.5 || p.Y > c.area.Y+c.areaSize.Height+0.5 {
			t.Errorf("point %v outside the data area %v %v", p, c.area, c.areaSize)
		}
	}
	// the debt area is tinted red: a pixel just above the x axis, under
	// the lowest point, has more red than green
	at := img.At(int(c.px[2].X)+3, int(c.area.Y+c.areaSize.Height)-3)
	r, g, _, a := at.RGBA()
	if a == 0 || r <= g {
		t.Errorf("no red debt area below zero: %v", at)
	}
	// the step line: the pixel on the level of the first balance, halfway
	// to the second point, is the primary colour
	mid := img.At(int((c.px[0].X+c.px[1].X)/2), int(c.px[0].Y))
	if _, _, _, a := mid.RGBA(); a == 0 {
		t.Error("no line between the first two points")
	}
}

func TestChartHoverShowsNearestPoint(t *testing.T) {
	c, _ := showChart(t, i18n.RU, chartSeries())
	var hovered []string
	c.onHover = func(p chartPoint) { hovered = append(hovered, hoverText(p)) }
	c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(c.px[2].X+4, 50)}})
	if c.hover != 2 {
		t.Fatalf("hover %d, want 2", c.hover)
	}
	r := test.WidgetRenderer(c).(*chartRenderer)
	want := "28.10.2026 · −15\u202f234,56\u202f₽"
	if r.tip.Hidden || r.tip.Text != want {
		t.Errorf("tip %q hidden=%v, want %q", r.tip.Text, r.tip.Hidden, want)
	}
	if r.dot.Position().X+r.dot.Size().Width/2 != c.px[2].X {
		t.Error("the marker is not on the point")
	}
	if r.dot.FillColor != theme.Color(theme.ColorNameError) {
		t.Error("a debt point is not marked red")
	}
	c.MouseOut()
	if c.hover != -1 || !r.tip.Hidden {
		t.Error("the tip stays after the mouse left")
	}
	// the keyboard: focus shows the last point, ← and Home move
	c.FocusGained()
	if c.hover != 4 {
		t.Errorf("focus shows point %d", c.hover)
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if c.hover != 2 {
		t.Errorf("← ← gives %d", c.hover)
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if c.hover != 0 {
		t.Errorf("Home ← gives %d", c.hover)
	}
	if len(hovered) != 5 || hovered[0] != want {
		t.Errorf("hover callbacks %q", hovered)
	}
}

func TestChartRerendersOnResizeAndTheme(t *testing.T) {
	c, w := showChart(t, i18n.RU, chartSeries())
	fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.VariantLight})
	c.Refresh()
	renders := 0
	c.onRendered = func(int) { renders++ }
	light := chartImage(t, c)
	c.Refresh()
	if renders != 0 {
		t.Errorf("a refresh with nothing changed rendered again (%d)", renders)
	}
	w.Resize(fyne.NewSize(600, 300))
	if b := chartImage(t, c).Bounds(); b.Dx() != 600 || b.Dy() != 300 {
		t.Errorf("after resize the image is %v", b)
	}
	fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.VariantDark})
	c.Refresh() // Fyne refreshes every widget on a theme change
	dark := chartImage(t, c)
	if renders != 2 {
		t.Errorf("renders %d, want 2 (resize, theme)", renders)
	}
	// the axis labels follow the theme's foreground: the light image has
	// dark ink, the dark one light ink
	if ink(light) >= 128 || ink(dark) <= 128 {
		t.Errorf("label ink light %d dark %d", ink(light), ink(dark))
	}
}

// ink is the mean grey level of the opaque pixels in the left margin
// (the value axis' labels).
func ink(img image.Image) int {
	var sum, n int
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < 60; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c.A > 200 {
				sum += (int(c.R) + int(c.G) + int(c.B)) / 3
				n++
			}
		}
	}
	if n == 0 {
		return -1
	}
	return sum / n
}

func TestChartDateTicks(t *testing.T) {
	prev := i18n.Current()
	defer i18n.Set(prev)
	i18n.Set(i18n.RU)
	u := func(y int, m time.Month, d int) float64 {
		return float64(time.Date(y, m, d, 0, 0, 0, 0, time.Local).Unix())
	}
	labels := func(lo, hi float64) string {
		var l []string
		for _, tk := range dateTicks(lo, hi) {
			if tk.Label != "" {
				l = append(l, tk.Label)
			}
		}
		return strings.Join(l, "|")
	}
	if got := labels(u(2026, 9, 5), u(2027, 1, 20)); got != "окт 2026|ноя|дек|янв 2027" {
		t.Errorf("months: %q", got)
	}
	if got := labels(u(2026, 12, 1), u(2026, 12, 5)); got != "1 дек 2026|2 дек|3 дек|4 дек|5 дек" {
		t.Errorf("days: %q", got)
	}
	if got := labels(u(2026, 11, 1), u(2026, 12, 5)); got != "2 ноя 2026|9 ноя|16 ноя|23 ноя|30 ноя" {
		t.Errorf("weeks: %q", got)
	}
	if got := labels(u(2024, 1, 1), u(2026, 12, 5)); got != "янв 2024|июл|янв 2025|июл|янв 2026|июл" {
		t.Errorf("years: %q", got)
	}
	i18n.Set(i18n.EN)
	if got := labels(u(2026, 12, 1), u(2026, 12, 3)); got != "Dec 1, 2026|Dec 2|Dec 3" {
		t.Errorf("en days: %q", got)
	}
	var major []string
	for _, tk := range rubTicks(-17000, 13000) {
		if tk.Label != "" {
			major = append(major, tk.Label)
		}
	}
	if got := strings.Join(major, "|"); got != "–15\u202fk\u202f₽|–10\u202fk\u202f₽|–5\u202fk\u202f₽|0\u202f₽|5\u202fk\u202f₽|10\u202fk\u202f₽" {
		t.Errorf("value ticks %q", got)
	}
}

func TestChartEmptyAndSinglePoint(t *testing.T) {
	c, _ := showChart(t, i18n.RU, nil)
	r := test.WidgetRenderer(c).(*chartRenderer)
	if !r.img.Hidden || r.hint.Hidden || r.hint.Text != "пусто" {
		t.Error("an empty chart shows no hint")
	}
	c.SetPoints([]chartPoint{{time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), -250000}})
	chartImage(t, c)
	if len(c.px) != 1 || !r.hint.Hidden {
		t.Error("one point is not drawn")
	}
}

// TestChartPNG writes the chart alone, light and dark, to $GOSDESK_SCREENS.
func TestChartPNG(t *testing.T) {
	dir := os.Getenv(ScreensVar)
	if dir == "" {
		t.Skip("GOSDESK_SCREENS not set")
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		c, w := showChart(t, i18n.RU, chartSeries())
		fyne.CurrentApp().Settings().SetTheme(variantTheme{v})
		w.Content().Refresh()
		c.hoverAt(c.px[2].X)
		name := "ru-24-chart-light.png"
		if v == theme.VariantDark {
			name = "ru-24-chart-dark.png"
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkChartRender: one image of the balance chart (the ЕНС screen's
// size on a 1366×768 laptop), drawn again on resize and theme change.
func BenchmarkChartRender(b *testing.B) {
	test.NewTempApp(b)
	pts := chartSeries()
	key := chartKey{w: 1120, h: 370, dpi: 72, scale: 1, points: &pts[0], n: len(pts)}
	for b.Loop() {
		renderChart(pts, key)
	}
}

// TestChartLabelsKeepClear: the axes' labels keep a gap from their tick
// marks, and hovering the last point (labelled above it) shows its amount
// once: the tip takes the label's place instead of standing beside it.
func TestChartLabelsKeepClear(t *testing.T) {
	c, w := showChart(t, i18n.RU, chartSeries())
	fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.VariantLight})
	w.Content().Refresh()
	img := chartImage(t, c)
	ink := func(x, y int) bool {
		_, _, _, a := img.At(x, y).RGBA()
		return a > 0x5000
	}
	top, bottom := int(c.area.Y), int(c.area.Y+c.areaSize.Height)
	left, right := int(c.area.X), int(c.area.X+c.areaSize.Width)

	// the value axis: its line is the fullest column left of the data;
	// left of it the tick marks, a gap, the labels
	colInk := func(x int) (n int) {
		for y := top; y <= bottom; y++ {
			if ink(x, y) {
				n++
			}
		}
		return n
	}
	axis, best := 0, 0
	for x := 0; x < left; x++ {
		if n := colInk(x); n > best {
			axis, best = x, n
		}
	}
	x := axis - 1
	for x > 0 && colInk(x) > 0 {
		x-- // the ticks
	}
	gap := 0
	for ; x > 0 && colInk(x) == 0; x-- {
		gap++
	}
	if gap < 8 || x <= 0 {
		t.Errorf("value labels %d px from their ticks (axis at x=%d), want 8 or more (the axis puts them 4 px off)", gap, axis)
	}

	// the time axis: its line is the fullest row below the data
	rowInk := func(y int) (n int) {
		for x := left; x <= right; x++ {
			if ink(x, y) {
				n++
			}
		}
		return n
	}
	axis, best = 0, 0
	for y := bottom + 1; y < img.Bounds().Dy(); y++ {
		if n := rowInk(y); n > best {
			axis, best = y, n
		}
	}
	y := axis + 1
	for y < img.Bounds().Dy() && rowInk(y) > 0 {
		y++
	}
	gap = 0
	for ; y < img.Bounds().Dy() && rowInk(y) == 0; y++ {
		gap++
	}
	if gap < 6 || y >= img.Bounds().Dy() {
		t.Errorf("date labels %d px below their ticks (axis at y=%d), want 6 or more (the axis puts them 4 px off)", gap, axis)
	}
	// and a margin at the right edge (the last point's label, the last date)
	for x := img.Bounds().Dx() - 8; x < img.Bounds().Dx(); x++ {
		if columnInk(img, x) > 0 {
			t.Errorf("ink %d px from the right edge", img.Bounds().Dx()-x)
			break
		}
	}

	// the last balance's label: its ink above and left of the point, in
	// the line's colour
	last := c.px[len(c.px)-1]
	primary := rgba(theme.Color(theme.ColorNamePrimary))
	near := func(a, b color.RGBA) bool {
		d := func(x, y uint8) int { return max(int(x), int(y)) - min(int(x), int(y)) }
		return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40
	}
	labelInk := func(shot image.Image) (pts []image.Point) {
		for y := int(last.Y) - 40; y < int(last.Y)-6; y++ {
			for x := int(last.X) - 160; x < int(last.X)-2; x++ {
				if near(rgba(shot.At(x, y)), primary) {
					pts = append(pts, image.Pt(x, y))
				}
			}
		}
		return pts
	}
	before := w.Canvas().Capture()
	lbl := labelInk(before)
	if len(lbl) < 30 {
		t.Fatalf("no label above the last point (%d pixels)", len(lbl))
	}
	kept := func(shot image.Image) (n int) {
		for _, p := range lbl {
			if near(rgba(shot.At(p.X, p.Y)), primary) {
				n++
			}
		}
		return n
	}
	// hovering another point leaves the last balance's label as it is
	c.setHover(0)
	if k := kept(w.Canvas().Capture()); k < len(lbl)*95/100 {
		t.Errorf("hovering the first point hides the last one's label: %d of %d pixels left", k, len(lbl))
	}
	// hovering the last point: the tip takes its label's place, so the
	// amount is written once (the tip repeats it with the date)
	c.setHover(len(c.px) - 1)
	after := w.Canvas().Capture()
	if k := kept(after); k > len(lbl)*5/100 {
		t.Errorf("hovering the last point shows its amount twice: %d of %d label pixels left beside the tip", k, len(lbl))
	}
	r := test.WidgetRenderer(c).(*chartRenderer)
	if r.tip.Hidden || r.tip.Text != "05.12.2026 · 500,00\u202f₽" {
		t.Errorf("tip %q hidden=%v", r.tip.Text, r.tip.Hidden)
	}
	if tp, ts := r.tipBG.Position(), r.tipBG.Size(); tp.X < 0 || tp.Y < 0 || tp.X+ts.Width > c.Size().Width || tp.Y+ts.Height > c.Size().Height {
		t.Errorf("the tip %v %v leaves the chart %v", tp, ts, c.Size())
	}
	if dir := os.Getenv(ScreensVar); dir != "" {
		f, err := os.Create(filepath.Join(dir, "ru-25-chart-hover-last.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, after); err != nil {
			t.Fatal(err)
		}
	}
}

// columnInk counts the opaque pixels of column x.
func columnInk(img image.Image, x int) (n int) {
	for y := 0; y < img.Bounds().Dy(); y++ {
		if _, _, _, a := img.At(x, y).RGBA(); a > 0x5000 {
			n++
		}
	}
	return n
}

// shownLabels are the point labels the user sees while the tip is shown:
// those not under the tip's opaque box and not blanked by a mask.
func shownLabels(t *testing.T, c *lineChart) []chartBox {
	t.Helper()
	r := test.WidgetRenderer(c).(*chartRenderer)
	if r.tipBG.Hidden {
		return c.labels
	}
	if _, _, _, a := r.tipBG.FillColor.RGBA(); a != 0xffff {
		t.Fatalf("the tip's background is not opaque: %v", r.tipBG.FillColor)
	}
	tip := chartBox{pos: r.tipBG.Position(), size: r.tipBG.Size()}
	var out []chartBox
	for i, l := range c.labels {
		if tip.contains(l) {
			continue
		}
		if i < len(r.masks) && !r.masks[i].Hidden && (chartBox{pos: r.masks[i].Position(), size: r.masks[i].Size()}).contains(l) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestChartTipNeverOverlapsALabel: whichever point is hovered, on a large
// or a cramped chart, the tip («05.12.2026 · −886 649,78 ₽») never cuts
// through a point's value label, and a labelled point's amount is not
// written twice (its label gives way to the tip, which repeats it).
func TestChartTipNeverOverlapsALabel(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.Local) }
	series := []struct {
		name string
		pts  []chartPoint
	}{
		{"mixed", chartSeries()},
		// the e2e run's ЕНС (28-ens-chart): the debt grows, the last
		// balance is close to the lowest one, at the bottom of the chart
		{"debt", []chartPoint{{d(9, 1), -75000000}, {d(9, 20), -69000000}, {d(9, 22), -74000000}, {d(9, 24), -74200000},
			{d(10, 28), -63000000}, {d(10, 29), -89500000}, {d(11, 1), -89804598}, {d(11, 28), -76500000},
			{d(11, 30), -88664978}, {d(12, 2), -88664978}, {d(12, 5), -88664978}}},
		// the last balance is the lowest: one label, above its point
		{"last lowest", []chartPoint{{d(9, 5), 0}, {d(10, 1), -200000}, {d(11, 1), -50000000}, {d(12, 5), -88664978}}},
		{"flat", []chartPoint{{d(12, 1), -88664978}, {d(12, 5), -88664978}}},
		{"one", []chartPoint{{d(12, 5), 50000}}},
	}
	sizes := []fyne.Size{{Width: 1120, Height: 370}, {Width: 800, Height: 400}, {Width: 600, Height: 220}, {Width: 500, Height: 200}, {Width: 700, Height: 160}}
	for _, s := range series {
		c, w := showChart(t, i18n.RU, s.pts)
		r := test.WidgetRenderer(c).(*chartRenderer)
		for _, size := range sizes {
			w.Resize(size)
			for i := range c.px {
				c.setHover(i)
				if r.tip.Hidden {
					t.Fatalf("%s %v: no tip for point %d", s.name, size, i)
				}
				tip := chartBox{pos: r.tipBG.Position(), size: r.tipBG.Size()}
				if tip.pos.X < 0 || tip.pos.Y < 0 || tip.pos.X+tip.size.Width > size.Width || tip.pos.Y+tip.size.Height > size.Height {
					t.Errorf("%s %v point %d: the tip %v leaves the chart", s.name, size, i, tip)
				}
				for _, l := range shownLabels(t, c) {
					if tip.overlaps(l) {
						t.Errorf("%s %v point %d: the tip %v %v overlaps the label of point %d at %v %v",
							s.name, size, i, tip.pos, tip.size, l.point, l.pos, l.size)
					}
					if l.point == i {
						t.Errorf("%s %v point %d: its amount is shown twice, in the tip %v and in its label %v",
							s.name, size, i, tip.pos, l.pos)
					}
				}
			}
			c.setHover(-1)
			if got := shownLabels(t, c); len(got) != len(c.labels) || len(c.labels) == 0 {
				t.Errorf("%s %v: without the tip %d of %d labels shown", s.name, size, len(got), len(c.labels))
			}
		}
	}
}

// TestChartTipCrampedBlanksLabels: where no place keeps the tip off the
// labels (a chart far below its minimum size), the tip stays inside the
// widget and the labels it cuts are blanked rather than half covered.
func TestChartTipCrampedBlanksLabels(t *testing.T) {
	size := fyne.NewSize(200, 60)
	sz := fyne.NewSize(80, 19)
	labels := []chartBox{
		{pos: fyne.NewPos(20, 2), size: fyne.NewSize(80, 18), point: 5},
		{pos: fyne.NewPos(90, 40), size: fyne.NewSize(80, 18), point: 6},
	}
	pl := placeTip(fyne.NewPos(100, 30), sz, size, 60, 2, labels)
	b := tipBox(pl.x, pl.y, sz)
	if b.pos.Y < 0 || b.pos.Y+b.size.Height > size.Height {
		t.Errorf("the tip %v leaves the chart", b)
	}
	for i, l := range labels {
		cut := b.overlaps(l) && !b.contains(l)
		masked := false
		for _, m := range pl.masked {
			masked = masked || m == i
		}
		if cut != masked {
			t.Errorf("label %d: cut %v, blanked %v (tip %v)", i, cut, masked, b)
		}
	}
	if len(pl.masked) == 0 {
		t.Errorf("nothing blanked: tip %v", b)
	}
	// a labelled point: its own label gives way to the tip, which covers it
	labels = []chartBox{{pos: fyne.NewPos(400, 100), size: fyne.NewSize(82, 18), point: 3}}
	pl = placeTip(fyne.NewPos(482, 124), sz, fyne.NewSize(600, 300), 442, 3, labels)
	if b := tipBox(pl.x, pl.y, sz); !b.contains(labels[0]) || len(pl.covered) != 1 || b.pos.Y+b.size.Height > 124-5 {
		t.Errorf("the tip %v does not take the label's place %v (covered %v)", b, labels[0], pl.covered)
	}
}
