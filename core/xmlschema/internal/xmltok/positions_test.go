package xmltok

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// offsetOf is the byte offset in text of a 1-based line and column
// counted in characters; -1 when there is no such place.
func offsetOf(text []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		k := bytes.IndexByte(text[off:], '\n')
		if k < 0 {
			return -1
		}
		off += k + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(text) || text[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRune(text[off:])
		off += n
	}
	return off
}

// checkPositions reads data (UTF-8) and checks that the position of every
// token and attribute, read back as characters, is where its markup
// starts.
func checkPositions(t *testing.T, data []byte, r io.Reader, how string) {
	t.Helper()
	text := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // the BOM is not a column
	d := NewDecoder(r, nil)
	at := func(what string, line, col int) []byte {
		off := offsetOf(text, line, col)
		if off < 0 {
			t.Fatalf("%.60q %s: %s at %d:%d is outside the text", data, how, what, line, col)
		}
		return text[off:]
	}
	for {
		k, err := d.Next()
		if err != nil {
			return
		}
		if k == CharData || k == Doctype {
			continue // text comes in chunks wherever the reads end
		}
		l, c := d.Pos()
		rest := at("token", l, c)
		bad := false
		switch k {
		case StartElement:
			bad = !bytes.HasPrefix(rest, []byte("<"+d.RawName()))
			for _, a := range d.Attrs() {
				if !bytes.HasPrefix(at("attribute", a.Line, a.Col), []byte(a.Name.String())) {
					t.Errorf("%.60q %s: attribute %s at %d:%d: %.20q", data, how, a.Name, a.Line, a.Col, at("", a.Line, a.Col))
				}
			}
		case EndElement:
			off := len(text) - len(rest)
			bad = !bytes.HasPrefix(rest, []byte("</"+d.RawName())) && !bytes.HasSuffix(text[:off], []byte("/>"))
		case Comment:
			bad = !bytes.HasPrefix(rest, []byte("<!--"))
		case ProcInst:
			bad = !bytes.HasPrefix(rest, []byte("<?"+d.Name().Local))
		}
		if bad {
			t.Errorf("%.60q %s: token %d at %d:%d: %.20q", data, how, k, l, c, rest)
		}
	}
}

// positionDocs have multi-byte characters everywhere before markup:
// text, names, attribute values, references, comments, processing
// instructions, CDATA, DOCTYPE; lines longer than the buffer.
func positionDocs() []string {
	long := strings.Repeat("Жё😀\t", 3*bufSize/10)
	return []string{
		"<УТ:Запрос xmlns:УТ='urn:ут' УТ:вид=\"ж\tё\r\nз\" ё='😀'>\r\n\t<УТ:ДатаРождения а='б'>1979-05-12</УТ:ДатаРождения><б/>\r\n</УТ:Запрос>",
		"\xEF\xBB\xBF<а б='в'>ж<г/>😀<д е='&lt;ж'/></а>",
		"<?xml version='1.0'?>\n<!DOCTYPE а [<!ENTITY ж 'ё'><!-- ж -->]>\n<а>&ж;<б ж='&ж;ж' ё='1'/>&ж;<?пи ж?><!--😀--><в/></а>",
		"<a><![CDATA[ж😀]]><b/>\t<!--ё--><c d='ж'\n   e='😀' f='g'/><ж></ж ><з\n/></a>",
		"<a>" + long + "<b ж='" + long + "' e='1'/>" + long + "<c/></a>",
		"<a>\n" + long + "<!--" + long + "--><b/>\n<?p " + long + "?><c/><d " + strings.Repeat(" ", bufSize) + "ё='1' ж='2'/></a>",
	}
}

// TestPositionsCountCharacters: columns are characters, wherever the
// multi-byte ones are and however the input arrives.
func TestPositionsCountCharacters(t *testing.T) {
	docs := positionDocs()
	for _, c := range corpus {
		if c.err == "" {
			docs = append(docs, c.doc)
		}
	}
	// an attribute name across the end of the first buffer
	for shift := range 40 {
		docs = append(docs, "<r>"+strings.Repeat("x", bufSize-30+shift)+"<e b='1' ёжик"+strings.Repeat("a", 20)+"='1'/></r>")
	}
	for _, doc := range docs {
		data := []byte(doc)
		checkPositions(t, data, bytes.NewReader(data), "whole")
		checkPositions(t, data, iotest.OneByteReader(bytes.NewReader(data)), "one byte at a time")
		checkPositions(t, data, iotest.HalfReader(bytes.NewReader(data)), "half reads")
	}
}

// TestErrorColumnsCountCharacters: errors after multi-byte characters on
// their line, whether the characters were read or not.
func TestErrorColumnsCountCharacters(t *testing.T) {
	for _, c := range []struct{ doc, err string }{
		{"<ж>\n  <б></ж>", "2:6"},
		{"<а б='1' б='2'/>", "1:10"},
		{"<а>ж\x01</а>", "1:5"},
		{"<а>😀&x;</а>", "1:5"},
		{"<а>жж]]>b</а>", "1:8"},
		{"<а>&жж", "1:7"},
		{"<а б=\"ж<\"/>", "1:8"},
		{"<а>\t<!--ж -- --></а>", "1:11"},
		{"<а б\n='ж' ёё/>", "2:8"},
		{"<ж:а:б/>", "1:2"},
		{"<а>" + strings.Repeat("ж", bufSize) + "<1/></а>", fmt.Sprintf("1:%d", 5+bufSize)},
	} {
		for _, r := range []io.Reader{strings.NewReader(c.doc), iotest.OneByteReader(strings.NewReader(c.doc))} {
			err := check(nil, r)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("%.40q: %v, want a syntax error", c.doc, err)
				continue
			}
			if got := fmt.Sprintf("%d:%d", se.Line, se.Col); got != c.err {
				t.Errorf("%.40q: error at %s (%s), want %s", c.doc, got, se.Msg, c.err)
			}
		}
	}
}
