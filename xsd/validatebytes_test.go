package xsd

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// onlyReader hides every method of a reader but Read (a pipe: the field
// rules keep the bytes read for a syntax error's second reading).
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// variants are documents of every checked file of the catalog: the filled
// template, one with an element dropped, one with many errors, cut short,
// and with a syntax error.
func variants(t *testing.T) []struct {
	name string
	f    File
	doc  []byte
} {
	t.Helper()
	var out []struct {
		name string
		f    File
		doc  []byte
	}
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, Moscow)
	for _, s := range Services() {
		for _, role := range s.Roles() {
			f, _ := s.File(role)
			if len(f.Schemas) == 0 && f.Rules == "" {
				continue
			}
			b, err := s.FillTemplate(role, now, map[string]string{"orderId": "3500308079"})
			if err != nil {
				t.Fatalf("%s/%s: %v", s.Code, role, err)
			}
			// many errors: an unknown element before each of 40 end tags
			many := bytes.Replace(b, []byte("</"), []byte("<bogus>x</bogus></"), 40)
			for _, v := range []struct {
				name string
				doc  []byte
			}{
				{"template", b},
				{"dropped", dropFirstElement(b)},
				{"many", many},
				{"cut", b[:len(b)*2/3]},
				{"syntax", bytes.Replace(b, []byte("</"), []byte("</x"), 3)},
				{"empty", nil},
			} {
				out = append(out, struct {
					name string
					f    File
					doc  []byte
				}{s.Code + "/" + role + "/" + v.name, f, v.doc})
			}
		}
	}
	return out
}

func sameVerdict(t *testing.T, what string, res1 *xmlschema.Result, err1 error, res2 *xmlschema.Result, err2 error) {
	t.Helper()
	if !reflect.DeepEqual(res1, res2) || fmt.Sprint(err1) != fmt.Sprint(err2) {
		t.Errorf("%s: verdicts differ:\n  %v %+v\n  %v %+v", what, err1, res1, err2, res2)
	}
}

// TestValidateBytesSame: ValidateBytes, Validate of a seekable reader and
// of a plain one give the same verdict, syntax errors included.
func TestValidateBytesSame(t *testing.T) {
	for _, v := range variants(t) {
		res, err := v.f.ValidateBytes(v.doc, nil)
		res2, err2 := v.f.Validate(bytes.NewReader(v.doc))
		sameVerdict(t, v.name+" reader", res, err, res2, err2)
		res3, err3 := v.f.Validate(onlyReader{bytes.NewReader(v.doc)})
		sameVerdict(t, v.name+" plain reader", res, err, res3, err3)
		if strings.HasSuffix(v.name, "/syntax") {
			if _, ok := err.(*xmlschema.XMLError); !ok {
				t.Errorf("%s: %v, want an XMLError", v.name, err)
			}
		}
	}
}

// TestValidateReaderOffset: a seekable reader is read again from where it
// stood, not from its start.
func TestValidateReaderOffset(t *testing.T) {
	s, _ := Lookup("10000103652")
	f, _ := s.File("attach")
	doc := []byte("<case><a></b></case>")
	want, wantErr := f.ValidateBytes(doc, nil)
	r := bytes.NewReader(append([]byte("junk"), doc...))
	r.Seek(4, io.SeekStart)
	res, err := f.Validate(r)
	sameVerdict(t, "offset", want, wantErr, res, err)
}

// hotelDoc1MB is the hotel guest notice grown to 1 MB with comments (as
// ui's BenchmarkKeystroke types into).
func hotelDoc1MB(b testing.TB) (File, []byte) {
	s, _ := Lookup("10000103652")
	f, _ := s.File("attach")
	tmpl, err := s.FillTemplate("attach", time.Date(2025, 6, 1, 12, 0, 0, 0, Moscow), map[string]string{"orderId": "1000000000"})
	if err != nil {
		b.Fatal(err)
	}
	var pad bytes.Buffer
	for i := 1; pad.Len() < 1<<20-len(tmpl); i++ {
		fmt.Fprintf(&pad, "<!-- примечание %d: номер 101, завтрак включён, гость прибыл поездом -->\n", i)
	}
	i := bytes.LastIndex(tmpl, []byte("</"))
	return f, append(append(append([]byte{}, tmpl[:i]...), pad.Bytes()...), tmpl[i:]...)
}

// BenchmarkRules1MB is the field-rule check of a 1 MB hotel attach.xml:
// from a reader and from memory.
func BenchmarkRules1MB(b *testing.B) {
	f, doc := hotelDoc1MB(b)
	run := func(b *testing.B, check func() (*xmlschema.Result, error)) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			res, err := check()
			if err != nil || !res.Valid() {
				b.Fatalf("%v %v", err, res)
			}
		}
	}
	b.Run("reader", func(b *testing.B) {
		run(b, func() (*xmlschema.Result, error) { return f.Validate(bytes.NewReader(doc)) })
	})
	b.Run("bytes", func(b *testing.B) {
		run(b, func() (*xmlschema.Result, error) { return f.ValidateBytes(doc, nil) })
	})
}
