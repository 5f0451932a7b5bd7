// Command mkicon draws assets/icon.png: a rounded blue square with a white
// seal ring and a check mark (a signed document). Run: go run ./internal/tools/mkicon
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

func main() {
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue := color.NRGBA{0x1f, 0x5f, 0xbf, 0xff}
	red := color.NRGBA{0xd5, 0x2b, 0x1e, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			// rounded square, radius 40
			r := 40.0
			dx := math.Max(math.Max(r-fx, fx-(n-r)), 0)
			dy := math.Max(math.Max(r-fy, fy-(n-r)), 0)
			if dx*dx+dy*dy > r*r {
				continue
			}
			c := blue
			if fy > n*0.78 {
				c = red // a band like the tricolour's lower stripe
			}
			d := math.Hypot(fx-128, fy-112)
			if d > 62 && d < 76 {
				c = white
			}
			// check mark: two thick segments
			if segDist(fx, fy, 96, 112, 120, 138) < 9 || segDist(fx, fy, 120, 138, 164, 88) < 9 {
				c = white
			}
			img.Set(x, y, c)
		}
	}
	f, err := os.Create("assets/icon.png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := ((px-ax)*vx + (py-ay)*vy) / (vx*vx + vy*vy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-(ax+t*vx), py-(ay+t*vy))
}
