package workflow

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestValidateColumnsOfTheEditedText: Problem.Col is the column, in
// characters, of the text as given (the GUI's editor text) — also after
// {orderId} placeholders on the line, which are checked as a longer
// number.
func TestValidateColumnsOfTheEditedText(t *testing.T) {
	e := newEnv(t, envOptions{})
	app := e.hotelApp(0)
	var attach string
	for _, d := range app.Documents {
		if d.Name == "attach.xml" {
			attach = string(d.Data)
		}
	}
	for _, c := range []struct{ old, new string }{
		{"<umms:uid>org_{orderId}</umms:uid>", "<umms:uid>org_{orderId}</umms:uid>\t<!--ж😀-->¤<mc:bogus/>"},
		{"<umms:uid>respPersonData_{orderId}_1</umms:uid>", "<umms:uid>respPersonData_{orderId}_1</umms:uid><!--{orderId}ё{orderId}-->¤<mc:bogus/>"},
		{"<umms:uid>org_{orderId}</umms:uid>", "<umms:uid>org_{orderId}</umms:uid><a>{orderId}¤</b>"},
		{"<umms:uid>org_{orderId}</umms:uid>", "¤<mc:bogus/><umms:uid>org_{orderId}</umms:uid>"},
	} {
		if !strings.Contains(attach, c.old) {
			t.Fatalf("%q not in attach.xml", c.old)
		}
		doc := strings.Replace(attach, c.old, c.new, 1)
		i := strings.Index(doc, "¤")
		ls := strings.LastIndexByte(doc[:i], '\n') + 1
		line, col := strings.Count(doc[:i], "\n")+1, utf8.RuneCountInString(doc[ls:i])+1
		doc = doc[:i] + doc[i+len("¤"):]
		probs, err := e.core.Validate(app.Service, "attach.xml", []byte(doc))
		if err != nil || len(probs) == 0 {
			t.Fatalf("%q: %v %v", c.new, err, probs)
		}
		if p := probs[0]; p.Line != line || p.Col != col {
			t.Errorf("%q: %s at %d:%d, want %d:%d", c.new, p.Text.EN, p.Line, p.Col, line, col)
		}
	}
}

func TestUnfilledColumn(t *testing.T) {
	doc := []byte("a\nж{orderId}б{orderId}{orderId}в\n")
	// filled line 2: ж1000000000б10000000001000000000в
	for _, c := range []struct{ line, col, want int }{
		{1, 1, 1}, {2, 1, 1}, {2, 2, 2}, {2, 7, 2}, {2, 11, 2}, {2, 12, 11}, {2, 13, 12},
		{2, 23, 21}, {2, 33, 30}, {2, 34, 31},
	} {
		if got := unfilledColumn(doc, c.line, c.col); got != c.want {
			t.Errorf("%d:%d → %d, want %d", c.line, c.col, got, c.want)
		}
	}
}
