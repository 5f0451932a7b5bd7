package ui

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ScreensVar names the folder where TestScreens writes a PNG of every
// screen (light and dark, Russian and English); `make screens` sets it and
// builds the contact sheet under build/screens/.
const ScreensVar = "GOSDESK_SCREENS"

// variantTheme is Fyne's default theme forced to light or dark.
type variantTheme struct{ v fyne.ThemeVariant }

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.v)
}
func (t variantTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t variantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (t variantTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// TestScreens renders every screen at the content size of a maximised
// window on a 1366×768 laptop. Without GOSDESK_SCREENS it still builds and
// lays out each state (a panic or a missing widget fails).
func TestScreens(t *testing.T) {
	dir := os.Getenv(ScreensVar)
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	type state struct {
		name string
		set  func(a *App)
	}
	states := []state{
		{"01-first-run", func(a *App) { a.shell.show(screenNewApp); a.showFirstRun() }},
		{"02-new-empty", func(a *App) { a.shell.show(screenNewApp) }},
		{"03-new-template", func(a *App) { chooseHotelQuiet(a) }},
		{"04-new-error", func(a *App) {
			n := chooseHotelQuiet(a)
			n.docSelect.SetSelected("attach.xml")
			n.editor.Find(a.win.Canvas(), "1979-05-12")
			n.editor.Focusable().TypedRune('1')
			n.validateNow()
		}},
		{"05-new-attachments", func(a *App) {
			n := chooseHotelQuiet(a)
			d := os.TempDir()
			var ps []string
			for _, name := range []string{"form.FormStep10.Panel1.caseAttachment1.pdf", "паспорт гостя.docx"} {
				p := filepath.Join(d, name)
				_ = os.WriteFile(p, []byte("%PDF-1.4\n"), 0o600)
				ps = append(ps, p)
			}
			n.addAttachments(ps)
		}},
		{"06-confirm", func(a *App) {
			a.useCertificate(a.certs.entries[0], false)
			n := chooseHotelQuiet(a)
			n.confirm(n.application())
		}},
		{"07-orders", func(a *App) {
			a.useCertificate(a.certs.entries[0], false)
			n := chooseHotelQuiet(a)
			n.send(n.application())
		}},
		{"08-certificates", func(a *App) {
			a.shell.show(screenCerts)
			a.certs.list.Select(len(a.certs.entries) - 1)
		}},
		{"09-settings", func(a *App) { a.shell.show(screenSettings) }},
		{"10-batch-placeholder", func(a *App) { a.shell.show(screenBatch) }},
		{"11-help", func(a *App) { a.shell.help() }},
		{"12-editor-scrolled", func(a *App) {
			n := chooseHotelQuiet(a)
			n.docSelect.SetSelected("attach.xml")
			n.editor.SetText(hotelDoc(t, 12<<10))
			n.editor.MoveTo(a.win.Canvas(), 150, 5)
			n.validateNow()
		}},
		// Fyne's own words in the window's language (ui/fynelang.go)
		{"13-file-dialog", func(a *App) { a.shell.show(screenCerts); a.certs.pickPFX() }},
	}
	for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			variant := "light"
			if v == theme.VariantDark {
				variant = "dark"
			}
			for _, st := range states {
				// Without a folder, two of the four combinations are enough to
				// build and lay out every state; with one, all are written.
				if dir == "" && (lang == i18n.RU) != (v == theme.VariantLight) {
					continue
				}
				t.Run(string(lang)+"-"+variant+"-"+st.name, func(t *testing.T) {
					a, _ := newTestApp(t, lang)
					a.fa.Settings().SetTheme(variantTheme{v})
					a.win.Resize(fyne.NewSize(1366, 738))
					st.set(a)
					img := a.win.Canvas().Capture()
					if dir == "" {
						return
					}
					f, err := os.Create(filepath.Join(dir, string(lang)+"-"+variant+"-"+st.name+".png"))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if err := png.Encode(f, img); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// chooseHotelQuiet is chooseHotel without a *testing.T.
func chooseHotelQuiet(a *App) *newApplication {
	n := a.newApp
	a.shell.show(screenNewApp)
	n.search.SetText("гостиниц")
	n.chooseService("10000103652")
	n.insertTemplate()
	n.validateNow()
	return n
}
