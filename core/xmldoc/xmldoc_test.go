package xmldoc

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestPrettyKeepsContentAndComments(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="UTF-8"?><!-- head --><r a="1"><b>  text  </b><!-- c --><m>mixed <i>x</i> tail</m><e/><c><![CDATA[<raw>]]></c></r>`)
	out, err := Pretty(in, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<!-- head -->
<r a="1">
  <b>  text  </b>
  <!-- c -->
  <m>mixed <i>x</i> tail</m>
  <e/>
  <c><![CDATA[<raw>]]></c>
</r>
`
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	again, err := Pretty(out, 2, nil)
	if err != nil || !bytes.Equal(again, out) {
		t.Fatalf("not idempotent:\n%s", again)
	}
}

func TestPrettyWindows1251(t *testing.T) {
	in := append([]byte(`<?xml version="1.0" encoding="windows-1251"?><r><n>`), 0xC8, 0xE2, 0xE0, 0xED) // Иван
	in = append(in, []byte(`</n></r>`)...)
	out, err := Pretty(in, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "<n>Иван</n>") || !strings.Contains(string(out), `encoding="UTF-8"`) {
		t.Fatalf("got %s", out)
	}
}

func TestSafeParsing(t *testing.T) {
	if _, err := Parse([]byte(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`), nil); !errors.Is(err, ErrDTD) {
		t.Fatalf("external entity: %v", err)
	}
	if _, err := Parse([]byte(strings.Repeat("<a>", 20)+strings.Repeat("</a>", 20)), &Limits{MaxDepth: 10}); !errors.Is(err, ErrLimit) {
		t.Fatalf("depth: %v", err)
	}
	if _, err := Parse([]byte("<a>"+strings.Repeat("x", 100)+"</a>"), &Limits{MaxBytes: 50}); !errors.Is(err, ErrLimit) {
		t.Fatalf("size: %v", err)
	}
	if _, err := Parse([]byte("<a><b></a>"), nil); err == nil {
		t.Fatal("mismatched tags accepted")
	}
}

func TestFill(t *testing.T) {
	tpl := []byte(`<r id="{orderId}"><g>{guid}</g><d>{date}</d><n>{now}</n><name>{lastName}</name><x>{unknown}</x></r>`)
	if got := Placeholders(tpl); strings.Join(got, ",") != "orderId,guid,date,now,lastName,unknown" {
		t.Fatalf("placeholders %v", got)
	}
	now := time.Date(2024, 3, 5, 10, 20, 30, 0, time.FixedZone("MSK", 3*3600))
	vals := Defaults(now, "12345")
	vals["lastName"] = "Иванов & сын"
	out := string(Fill(tpl, vals))
	for _, want := range []string{`id="12345"`, "<d>2024-03-05</d>", "<n>2024-03-05T10:20:30+03:00</n>", "<name>Иванов &amp; сын</name>", "<x>{unknown}</x>"} {
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
	if !regexp.MustCompile(`<g>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</g>`).MatchString(out) {
		t.Errorf("bad guid in %s", out)
	}
}

func TestIndex(t *testing.T) {
	text := []byte("ab\nжёx\r\n\nend")
	ix := NewIndex(text)
	cases := []struct {
		off int
		pos Pos
	}{{0, Pos{1, 1}}, {2, Pos{1, 3}}, {3, Pos{2, 1}}, {5, Pos{2, 2}}, {7, Pos{2, 3}}, {10, Pos{3, 1}}, {11, Pos{4, 1}}, {14, Pos{4, 4}}}
	for _, c := range cases {
		if got := ix.Pos(c.off); got != c.pos {
			t.Errorf("Pos(%d) = %v, want %v", c.off, got, c.pos)
		}
		if got := ix.Offset(c.pos); got != c.off {
			t.Errorf("Offset(%v) = %d, want %d", c.pos, got, c.off)
		}
	}
	if got := ix.Offset(Pos{1, 99}); got != 2 {
		t.Errorf("clamped offset %d", got)
	}
}

func FuzzPretty(f *testing.F) {
	f.Add([]byte(`<r a="1"><b>t</b><!-- c --></r>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		Pretty(data, 2, &Limits{MaxDepth: 100})
	})
}
