package sandbox

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func FuzzParseMeta(f *testing.F) {
	f.Add([]byte(`{"region":"36000000000","serviceCode":"10000000113","targetCode":"-10000000113"}`))
	f.Add([]byte(`{"region":45}`))
	f.Fuzz(func(t *testing.T, b []byte) { parseMeta(b) })
}

func FuzzXMLChecks(f *testing.F) {
	f.Add([]byte(`<a><OrderId>12</OrderId></a>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		wellFormed(b)
		elementText(b, "OrderId")
	})
}

// FuzzCheckArchive feeds arbitrary bytes as an uploaded archive.
func FuzzCheckArchive(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("req.xml")
	w.Write([]byte("<r><OrderId>1</OrderId></r>"))
	w, _ = zw.Create("piev_epgu.xml")
	w.Write([]byte("<p/>"))
	zw.Close()
	f.Add(buf.Bytes())
	s := &Server{verifier: FakeVerifier{Key: []byte("k")}}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "a.zip")
		os.WriteFile(p, b, 0o600)
		for _, sv := range serviceTable {
			s.checkArchive(&order{ID: 1, Created: time.Unix(0, 0)}, sv, p)
		}
	})
}
