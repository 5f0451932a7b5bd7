package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// WarmFonts parses the fonts the window uses while the window is built;
// call it off the UI goroutine at start.
//
// Fyne's font cache is safe for concurrent use but has no single flight:
// two goroutines measuring the same style at once both parse its font. The
// UI goroutine measures the regular style first (the first labels of the
// window), so that one is left to it; the monospace (editor) and bold
// styles, which it needs a little later, are parsed here meanwhile, each on
// its own goroutine. The sample holds the runes that need a system fallback
// font (✔ →), so that lookup happens here too.
func WarmFonts() {
	const sample = "Жж Mm 0123 ✔ → «»"
	var wg sync.WaitGroup
	for _, st := range []fyne.TextStyle{{Monospace: true}, {Bold: true}, {Monospace: true, Bold: true}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fyne.MeasureText(sample, theme.TextSize(), st)
		}()
	}
	wg.Wait()
}
