package xmltok

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
)

// corpus holds tricky inputs with the position of the expected error
// ("" for a well-formed document).
var corpus = []struct{ doc, err string }{
	{`<a/>`, ""},
	{"\xEF\xBB\xBF<a/>", ""},
	{"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone='yes'?>\n<a/>", ""},
	{"<?xml version='1.1'?><a/>", ""},
	{`<a b="1" c='2' d = "3"></a >`, ""},
	{"<a\n  b=\"x\ty\r\nz\"\n/>", ""},
	{`<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x10FFFF;</a>`, ""},
	{`<a><![CDATA[<&]]]]><![CDATA[>]]></a>`, ""},
	{`<a>]]</a>`, ""},
	{`<a>] ]></a>`, ""},
	{`<a b="]]>"/>`, ""},
	{"<!-- c --><?pi data?><a><!----><?p?></a><!-- - -->\n", ""},
	{`<!DOCTYPE a [<!ENTITY e "v"> <!-- x --> <!ELEMENT a ANY>]><a>&e;</a>`, ""},
	{`<!DOCTYPE a SYSTEM "a>b.dtd"><a/>`, ""},
	{"<p:a xmlns:p='u' p:b='1'><p:c/></p:a>", ""},
	{"<а б='в'>д</а>", ""},
	{"<a>\u00e9\u4e2d\U0001F600</a>", ""},
	{"  \n<a/>\n\t ", ""},
	{"", "1:1"},
	{"  ", "1:1"},
	{"<a>", "1:4"},
	{"<a></b>", "1:4"},
	{"</a>", "1:1"},
	{"<a/><b/>", "1:5"},
	{"<a/>x", "1:5"},
	{"x<a/>", "1:1"},
	{"<a/>&#32;", "1:5"},
	{"<a/><![CDATA[ ]]>", "1:5"},
	{"<a/>\u00a0", "1:5"},
	{"<a b='1' b='2'/>", "1:10"},
	{"<a b='1'c='2'/>", "1:9"},
	{"<a b=1/>", "1:6"},
	{"<a b/>", "1:5"},
	{"<a b='<'/>", "1:7"},
	{"<a>&x;</a>", "1:4"},
	{"<a>&amp</a>", "1:4"},
	{"<a>&#0;</a>", "1:4"},
	{"<a>&#xD800;</a>", "1:4"},
	{"<a>&#xFFFE;</a>", "1:4"},
	{"<a>&#X41;</a>", "1:4"},
	{"<a>a]]>b</a>", "1:7"},
	{"<a>\x01</a>", "1:4"},
	{"<a>\xff</a>", "1:4"},
	{"<a>\xed\xa0\x80</a>", "1:4"},
	{"<a>\xef\xbf\xbe</a>", "1:4"},
	{"<a>\n\n  \x0b</a>", "3:3"},
	{"<1a/>", "1:2"},
	{"<a:b:c/>", "1:2"},
	{"<a><!-- -- --></a>", "1:9"},
	{"<a><!-- \x01 --></a>", "1:9"},
	{"<a><![CDATA[x</a>", "1:18"},
	{"<a><!ELEMENT x></a>", "1:4"},
	{"<!ELEMENT x><a/>", "1:1"},
	{"<a/><!DOCTYPE a>", "1:5"},
	{"<!DOCTYPE a><!DOCTYPE a><a/>", "1:13"},
	{" <?xml version='1.0'?><a/>", "1:2"},
	{"<a/><?xml version='1.0'?>", "1:5"},
	{"<?XML version='1.0'?><a/>", "1:1"},
	{"<?xml encoding='UTF-8'?><a/>", "1:1"},
	{"<?xml version='2.0'?><a/>", "1:1"},
	{"<?xml version='1.0' encoding='KOI8-R'?><a/>", "1:1"},
	{"<?pi\x01?><a/>", "1:5"},
	{"<?pi\"x\"?><a/>", "1:5"},
	{"<a></a\n x>", "2:2"},
	{"<a/ >", "1:3"},
	{"<a>\n<b>\n</a>", "3:1"},
}

func TestCorpus(t *testing.T) {
	for _, c := range corpus {
		err := check([]byte(c.doc), nil)
		ref := refCheck([]byte(c.doc))
		if (err == nil) != (c.err == "") {
			t.Errorf("%q: error %v, want error at %q", c.doc, err, c.err)
			continue
		}
		if (err == nil) != (ref == nil) && !explained([]byte(c.doc), err, ref) {
			t.Errorf("%q: %v, encoding/xml: %v (not a documented difference)", c.doc, err, ref)
		}
		if err == nil {
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %T %v, want *SyntaxError", c.doc, err, err)
			continue
		}
		if got := fmt.Sprintf("%d:%d", se.Line, se.Col); got != c.err {
			t.Errorf("%q: error at %s (%s), want %s", c.doc, got, se.Msg, c.err)
		}
	}
}

// TestReaders checks that the tokens and errors do not depend on how the
// input arrives: whole, one byte at a time, or in 3-byte pieces.
func TestReaders(t *testing.T) {
	for _, c := range corpus {
		want := transcript([]byte(c.doc), nil, nil)
		if got := transcript(nil, iotest.OneByteReader(strings.NewReader(c.doc)), nil); got != want {
			t.Errorf("%q one byte at a time:\n got %s\nwant %s", c.doc, got, want)
		}
		if got := transcript(nil, iotest.HalfReader(strings.NewReader(c.doc)), nil); got != want {
			t.Errorf("%q half reads:\n got %s\nwant %s", c.doc, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"<?xml version=\"1.0\"?>\n<p:a xmlns:p='u' p:b=\"x\ty\r\nz\" c='&lt;&#x9;'>t&amp;\r\nu<![CDATA[<c>\r]]><b/></p:a>",
			`<p|a@2:1 xmlns:p="u"@2:6 p:b="x y z"@2:18 c="<\t"@3:4> @3:18T"t&\nu<c>\n" <|b@4:18/> </b> </p:a> EOF`},
		{"<!DOCTYPE a [<!-- <x> -->]><!--c--><a><?t d?></a>",
			`D"DOCTYPE a [ ]" C@1:28 <|a@1:36> P(t)@1:39 </a> EOF`},
		{"<a>\n  <b>x</b>\n</a>",
			`<|a@1:1> @1:4T"\n  " <|b@2:3> @2:6T"x" </b> @2:11T"\n" </a> EOF`},
		{"\xEF\xBB\xBF<a/>", `<|a@1:1/> </a> EOF`},
	} {
		if got := transcript([]byte(c.doc), nil, nil); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.doc, got, c.want)
		}
	}
}

// TestLongText crosses buffer boundaries with references, CRLF, CDATA and
// multi-byte characters; the text must come out whole and positions right.
func TestLongText(t *testing.T) {
	var doc, want bytes.Buffer
	doc.WriteString("<a>")
	for doc.Len() < 3*bufSize {
		doc.WriteString("ab&amp;c\r\nЖ<![CDATA[]]x\r]]>&#x4E2D;")
		want.WriteString("ab&c\nЖ]]x\n中")
	}
	doc.WriteString("</a>\n<!-- end -->")
	lines := bytes.Count(doc.Bytes(), []byte("\n"))
	for _, r := range []io.Reader{bytes.NewReader(doc.Bytes()), iotest.HalfReader(bytes.NewReader(doc.Bytes()))} {
		d := NewDecoder(r, nil)
		var got []byte
		chunks := 0
		for {
			k, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if k == CharData {
				got = append(got, d.Text()...)
				chunks++
			}
			if k == Comment {
				if l, _ := d.Pos(); l != lines+1 {
					t.Errorf("comment on line %d, want %d", l, lines+1)
				}
				break
			}
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("text of %d bytes in %d chunks differs from the %d bytes expected", len(got), chunks, want.Len())
		}
		if _, err := d.Next(); err != io.EOF {
			t.Errorf("end: %v", err)
		}
	}
}

func TestCharset(t *testing.T) {
	body, _ := charmap.Windows1251.NewEncoder().String("<а б='в'>Привет</а>")
	doc := "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n" + body
	cr := func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "windows-1251") {
			return charmap.Windows1251.NewDecoder().Reader(r), nil
		}
		return nil, errors.New("unknown")
	}
	got := transcript([]byte(doc), nil, &Options{CharsetReader: cr})
	want := `<|а@2:1 б="в"@2:4> @2:10T"Привет" </а> EOF`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if err := check([]byte(doc), nil); err == nil || !strings.Contains(err.Error(), "no charset reader") {
		t.Errorf("without a charset reader: %v", err)
	}
	bad := strings.Replace(doc, "windows-1251", "x-unknown", 1)
	if got := transcript([]byte(bad), nil, &Options{CharsetReader: cr}); !strings.Contains(got, "opening charset") {
		t.Errorf("unknown charset: %s", got)
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("<a>", 11) + strings.Repeat("</a>", 11)
	if got := transcript([]byte(deep), nil, &Options{MaxDepth: 10}); !strings.Contains(got, "nested deeper than 10") {
		t.Errorf("depth: %s", got)
	}
	if got := transcript([]byte(deep), nil, &Options{MaxDepth: 11}); !strings.HasSuffix(got, "EOF") {
		t.Errorf("depth 11: %s", got)
	}
	big := "<a b='" + strings.Repeat("x", 300<<10) + "'/>"
	if got := transcript([]byte(big), nil, &Options{MaxTokenBytes: 100 << 10}); !strings.Contains(got, "token larger than") {
		t.Errorf("token: %.200s", got)
	}
	if got := transcript([]byte(big), nil, nil); !strings.HasSuffix(got, "EOF") {
		t.Errorf("300 KiB attribute: %.200s", got)
	}
	// memory stays bounded on a long flat document
	d := NewDecoder(io.MultiReader(strings.NewReader("<r>"), &repeatReader{s: "<x a='1'>text &amp; more</x>\n", n: 200000}, strings.NewReader("</r>")), nil)
	for {
		_, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(d.buf) > bufSize {
		t.Errorf("buffer grew to %d bytes", len(d.buf))
	}
}

type repeatReader struct {
	s    string
	n    int
	left string
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left == "" {
		if r.n == 0 {
			return 0, io.EOF
		}
		r.n--
		r.left = r.s
	}
	n := copy(p, r.left)
	r.left = r.left[n:]
	return n, nil
}

// TestReaderError passes errors of the reader through unchanged.
func TestReaderError(t *testing.T) {
	boom := errors.New("boom")
	d := NewDecoder(io.MultiReader(strings.NewReader("<a>text"), iotest.ErrReader(boom)), nil)
	var err error
	for err == nil {
		_, err = d.Next()
	}
	if err != boom {
		t.Errorf("got %v, want the reader's error", err)
	}
}
