package xmlschema

import (
	"bytes"
	"testing"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/benchdata"
)

// BenchmarkValidateLarge validates a generated 10 MB ФССП 10000000367
// document (internal/benchgen writes the same file for xmllint).
func BenchmarkValidateLarge(b *testing.B) {
	s, err := CompileFile(benchdata.SchemaPath, nil)
	if err != nil {
		b.Fatal(err)
	}
	doc := benchdata.FSSP(10 << 20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.Validate(bytes.NewReader(doc), nil)
		if err != nil || !res.Valid() {
			b.Fatalf("%v %v", err, res.Errors)
		}
	}
}

func BenchmarkCompileFSSP(b *testing.B) {
	for b.Loop() {
		if _, err := CompileFile(benchdata.SchemaPath, nil); err != nil {
			b.Fatal(err)
		}
	}
}
