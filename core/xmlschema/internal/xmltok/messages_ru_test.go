package xmltok

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestEveryMessageTranslated: each message format the tokenizer can
// produce has a Russian translation (issue 13, item 15: no English parser
// text in Russian output), and translations keep the arguments.
func TestEveryMessageTranslated(t *testing.T) {
	re := regexp.MustCompile("(?:errAt|errTok)\\([^,]*?,?\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)|eofErr\\([^,]*, \"([^\"]*)\"\\)|bad\\(\"([^\"]*)\"\\)")
	n := 0
	for _, f := range []string{"xmltok.go", "text.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			switch {
			case m[1] != "":
				format := strings.Trim(m[1], "\"`")
				format = strings.ReplaceAll(format, `\"`, `"`)
				n++
				if _, ok := ruFormats[format]; !ok && format != "unexpected EOF" {
					t.Errorf("%s: no Russian for %q", f, format)
				}
			case m[2] != "" || strings.Contains(m[0], "eofErr"):
				n++
				if _, ok := ruFormats["unexpected EOF"+m[2]]; !ok {
					t.Errorf("%s: no Russian for %q", f, "unexpected EOF"+m[2])
				}
			case m[3] != "":
				n++
				if _, ok := ruDetails[m[3]]; !ok && !strings.HasPrefix(m[3], "unexpected ") {
					t.Errorf("%s: no Russian for the XML declaration detail %q", f, m[3])
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d messages in the sources: the pattern is out of date", n)
	}
	cases := map[string]string{
		"<a><b></a>":                            "закрывающий тег </a> не соответствует открытому <b>",
		"<a>":                                   "документ оборван",
		"<a x='1' x='2'/>":                      "атрибут x указан дважды",
		"<a/><b/>":                              "лишнее содержимое после корневого элемента",
		"<a>&nbsp;</a>":                         "неверная ссылка на символ или сущность &nbsp;",
		"<?xml version='1.0' encodng='x'?><a/>": "неверное объявление <?xml …?>",
	}
	for doc, want := range cases {
		d := NewDecoder(strings.NewReader(doc), nil)
		var err error
		for err == nil {
			_, err = d.Next()
		}
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if !strings.Contains(se.MsgRU, want) {
			t.Errorf("%q: MsgRU %q, want %q (English %q)", doc, se.MsgRU, want, se.Msg)
		}
	}
}
