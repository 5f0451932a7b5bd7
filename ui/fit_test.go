package ui

import (
	"testing"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Every screen fits a 1024×768 display (a small laptop, a virtual machine,
// Wine's default desktop): the content's minimum size leaves room for the
// window's title bar. A screen wider than that makes the window larger than
// the display and its right edge unreachable.
func TestEveryScreenFits1024x768(t *testing.T) {
	const maxW, maxH = 1024, 768 - 40
	for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
		a, _ := newTestApp(t, lang)
		for i := screenNewApp; i <= screenSettings; i++ {
			a.shell.show(i)
			if m := a.win.Content().MinSize(); m.Width > maxW || m.Height > maxH {
				t.Errorf("%s «%s»: needs at least %.0f×%.0f, more than a %d×%d display offers", lang, screenTitle(i), m.Width, m.Height, maxW, maxH)
			}
		}
	}
}
