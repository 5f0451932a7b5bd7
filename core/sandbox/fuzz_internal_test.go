package sandbox

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/xsd"
)

func FuzzParseMeta(f *testing.F) {
	f.Add([]byte(`{"region":"36000000000","serviceCode":"10000000109","targetCode":"-10000000109"}`))
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
	// the ФССП templates of the catalog (schema-valid XML)
	buf.Reset()
	zw = zip.NewWriter(&buf)
	sv, _ := xsd.Lookup("60010153")
	for _, role := range []string{"req", "piev_epgu"} {
		b, _ := sv.FillTemplate(role, time.Unix(0, 0), map[string]string{"orderId": "1"})
		w, _ = zw.Create(role + ".xml")
		w.Write(b)
	}
	zw.Close()
	f.Add(buf.Bytes())
	s := &Server{verifier: FakeVerifier{Key: []byte("k")}}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "a.zip")
		os.WriteFile(p, b, 0o600)
		for _, code := range serviceCodes() {
			s.checkArchive(&order{ID: 1, Created: time.Unix(0, 0)}, findService(code), p)
		}
	})
}

// FuzzParseLegacyKey feeds arbitrary bytes as a legacy employee.key.
func FuzzParseLegacyKey(f *testing.F) {
	f.Add([]byte("-----BEGIN GOST R 34.10-2012 TEST PRIVATE KEY-----\nCurve: id-tc26-gost-3410-12-256-paramSetB\n\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n-----END GOST R 34.10-2012 TEST PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := parseLegacyKey(b)
		if err == nil && k == nil {
			t.Fatal("nil key without error")
		}
	})
}
