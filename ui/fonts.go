package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// regularFont is closed when WarmFonts has parsed the regular font; nil when
// WarmFonts was not called (tests).
var regularFont chan struct{}

// WarmFonts parses the fonts the window uses on other goroutines, as early
// as the Fyne app exists: call it before opening the core, then New.
//
// Fyne's font cache is safe for concurrent use but has no single flight:
// two goroutines measuring the same style at once both parse its font (tens
// of milliseconds each). So New waits for the regular style here instead of
// parsing it a second time on the UI goroutine (waitRegularFont, after the
// window is created); the monospace (editor) and bold styles, needed a
// little later, are parsed meanwhile, each on its own goroutine. The sample
// holds runes that need a system fallback font (✔ →), so that lookup happens
// here too.
func WarmFonts() {
	const sample = "Жж Mm 0123 ✔ → «»"
	done := make(chan struct{})
	regularFont = done
	go func() {
		defer close(done)
		fyne.MeasureText(sample, theme.TextSize(), fyne.TextStyle{})
	}()
	for _, st := range []fyne.TextStyle{{Monospace: true}, {Bold: true}, {Monospace: true, Bold: true}} {
		go func() {
			fyne.MeasureText(sample, theme.TextSize(), st)
		}()
	}
}

// waitRegularFont waits (at most a second) for WarmFonts' regular font.
func waitRegularFont() {
	if regularFont == nil {
		return
	}
	select {
	case <-regularFont:
	case <-time.After(time.Second):
	}
}
