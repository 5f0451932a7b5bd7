package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// An error after Cyrillic text, an emoji, tabs and {orderId} on its line
// is reported at the element's line:column in characters, through the real
// core, and a click on it puts the cursor on the element's «<».
func TestNewApplicationErrorAfterCyrillic(t *testing.T) {
	prev := i18n.Current()
	t.Cleanup(func() { i18n.Set(prev) })
	i18n.Set(i18n.RU)
	a := syncApp(t, test.NewTempApp(t), realBackend(t), Environment{Name: "sandbox", Sandbox: true}, func() time.Time { return fixedNow })
	a.win.Resize(fyne.NewSize(1366, 740))
	n := a.newApp
	n.chooseService("10000103652")
	n.docSelect.SetSelected("attach.xml")
	n.insertTemplate()
	tmpl := n.editor.Text()
	for _, c := range []struct{ old, new, at string }{
		{"<umms:birthDate>1979-05-12</umms:birthDate>", "\t<!--жжжж 😀-->\t<umms:birthDate>12.05.1979</umms:birthDate>", "<umms:birthDate>"},
		{"<umms:uid>org_{orderId}</umms:uid>", "<umms:uid>org_{orderId}</umms:uid><!--ё{orderId}😀--><mc:bogus/>", "<mc:bogus/>"},
	} {
		if !strings.Contains(tmpl, c.old) {
			t.Fatalf("%q not in the template", c.old)
		}
		n.editor.SetText(strings.Replace(tmpl, c.old, c.new, 1))
		n.validateNow()
		if !n.validated || len(n.problems) == 0 {
			t.Fatalf("%q: no problem reported", c.new)
		}
		p := n.problems[0]
		lines := strings.Split(n.editor.Text(), "\n")
		if p.Line < 1 || p.Line > len(lines) {
			t.Fatalf("%q: problem on line %d", c.new, p.Line)
		}
		line := []rune(lines[p.Line-1])
		if p.Col < 1 || p.Col > len(line) || !strings.HasPrefix(string(line[p.Col-1:]), c.at) {
			t.Fatalf("%q: problem %d:%d does not point at %s in %q", c.new, p.Line, p.Col, c.at, string(line))
		}
		n.probList.Select(0)
		if r, col := n.editor.Cursor(); r != p.Line-1 || col != p.Col-1 {
			t.Errorf("%q: cursor %d:%d, error %d:%d", c.new, r, col, p.Line, p.Col)
		}
	}
}
