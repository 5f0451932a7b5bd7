package xmltok

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/benchdata"
)

// BenchmarkTokenize reads the 10 MB benchmark document token by token.
func BenchmarkTokenize(b *testing.B) {
	doc := benchdata.FSSP(10 << 20)
	benchTokenize(b, doc)
}

// BenchmarkTokenizeASCII is BenchmarkTokenize with every non-ASCII
// character made an x: the path of ASCII-only documents.
func BenchmarkTokenizeASCII(b *testing.B) {
	doc := bytes.Map(func(r rune) rune {
		if r >= 0x80 {
			return 'x'
		}
		return r
	}, benchdata.FSSP(10<<20))
	benchTokenize(b, doc)
}

// BenchmarkEncodingXML is the same loop with encoding/xml's RawToken, for
// comparison.
func BenchmarkEncodingXML(b *testing.B) {
	doc := benchdata.FSSP(10 << 20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchTokenize reads doc token by token, b.N times.
func benchTokenize(b *testing.B, doc []byte) {
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := NewDecoder(bytes.NewReader(doc), nil)
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
