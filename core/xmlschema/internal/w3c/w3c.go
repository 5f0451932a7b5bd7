// Package w3c runs the W3C XML Schema test suite (w3c/xsdtests) against
// core/xmlschema in-process, under an XSD 1.0 profile, and scores it per
// test set.
package w3c

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// Profile holds the version tokens a test may require.
var Profile = map[string]bool{"1.0": true, "1.0-2e": true, "XML-1.0": true, "XML-1.0-5e": true, "Unicode_6.0.0": true,
	"CTR-all-compile": true, "restricted-xpath-in-CTA": true, "comments-and-PIs-excluded": true}

type href struct {
	Href string `xml:"http://www.w3.org/1999/xlink href,attr"`
}

type expected struct {
	Validity string `xml:"validity,attr"`
	Version  string `xml:"version,attr"`
}

type test struct {
	Name     string     `xml:"name,attr"`
	Version  string     `xml:"version,attr"`
	Docs     []href     `xml:"schemaDocument"`
	Inst     []href     `xml:"instanceDocument"`
	Expected []expected `xml:"expected"`
}

type group struct {
	Name      string `xml:"name,attr"`
	Version   string `xml:"version,attr"`
	Schema    *test  `xml:"schemaTest"`
	Instances []test `xml:"instanceTest"`
}

type testSet struct {
	Name    string  `xml:"name,attr"`
	Version string  `xml:"version,attr"`
	Groups  []group `xml:"testGroup"`
}

// Score counts the results of one test set.
type Score struct {
	Set                       string
	SchemaRun, SchemaPass     int
	InstanceRun, InstancePass int
	Failures                  []string // "group/test"
}

func (s *Score) Percent() float64 {
	n := s.SchemaRun + s.InstanceRun
	if n == 0 {
		return 0
	}
	return 100 * float64(s.SchemaPass+s.InstancePass) / float64(n)
}

func applies(version string) bool {
	if strings.TrimSpace(version) == "" {
		return true
	}
	for _, t := range strings.Fields(version) {
		if Profile[t] {
			return true
		}
	}
	return false
}

func want(es []expected) (string, bool) {
	def := ""
	for _, e := range es {
		if e.Version == "" {
			def = e.Validity
		} else if applies(e.Version) {
			return e.Validity, true
		}
	}
	return def, def != ""
}

// Sets lists the test set files of suite.xml (paths inside fsys).
func Sets(fsys fs.FS) ([]string, error) {
	b, err := fs.ReadFile(fsys, "suite.xml")
	if err != nil {
		return nil, err
	}
	var s struct {
		Refs []href `xml:"testSetRef"`
	}
	if err := xml.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	var out []string
	for _, r := range s.Refs {
		out = append(out, r.Href)
	}
	return out, nil
}

// Run scores one test set; only groups accepted by filter (nil: all) run.
func Run(fsys fs.FS, setPath string, filter func(group string) bool) (*Score, error) {
	b, err := fs.ReadFile(fsys, setPath)
	if err != nil {
		return nil, err
	}
	var ts testSet
	if err := xml.Unmarshal(b, &ts); err != nil {
		return nil, fmt.Errorf("%s: %v", setPath, err)
	}
	sc := &Score{Set: setPath}
	if !applies(ts.Version) {
		return sc, nil
	}
	dir := path.Dir(setPath)
	for _, g := range ts.Groups {
		if g.Schema == nil || !applies(g.Version) || filter != nil && !filter(g.Name) {
			continue
		}
		var schema *xmlschema.Schema
		compiled := false
		if applies(g.Schema.Version) {
			if w, ok := want(g.Schema.Expected); ok && w != "indeterminate" {
				schema, err = compileDocs(fsys, dir, g.Schema.Docs)
				compiled = err == nil
				sc.SchemaRun++
				if compiled == (w == "valid") {
					sc.SchemaPass++
				} else {
					sc.Failures = append(sc.Failures, g.Name+"/"+g.Schema.Name)
				}
			}
		}
		for _, it := range g.Instances {
			if !applies(it.Version) || len(it.Inst) != 1 {
				continue
			}
			w, ok := want(it.Expected)
			if !ok || w == "indeterminate" {
				continue
			}
			sc.InstanceRun++
			valid := false
			if compiled {
				valid = validateDoc(fsys, path.Join(dir, it.Inst[0].Href), schema)
			} else if schema == nil && g.Schema != nil {
				// an invalid schema: the instance cannot be valid
				valid = false
			}
			if compiled && valid == (w == "valid") {
				sc.InstancePass++
			} else {
				sc.Failures = append(sc.Failures, g.Name+"/"+it.Name)
			}
		}
	}
	return sc, nil
}

func compileDocs(fsys fs.FS, dir string, docs []href) (s *xmlschema.Schema, err error) {
	if len(docs) == 0 {
		return nil, fmt.Errorf("no schema documents")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		if len(docs) == 1 {
			s, err = xmlschema.Compile(fsys, path.Join(dir, docs[0].Href), nil)
			return
		}
		// several documents: a wrapper imports (or includes) each
		var w bytes.Buffer
		w.WriteString(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">`)
		for _, d := range docs {
			p := path.Join(dir, d.Href)
			tns := targetNamespace(fsys, p)
			if tns == "" {
				fmt.Fprintf(&w, `<xs:include schemaLocation="/%s"/>`, p)
			} else {
				fmt.Fprintf(&w, `<xs:import namespace="%s" schemaLocation="/%s"/>`, tns, p)
			}
		}
		w.WriteString(`</xs:schema>`)
		s, err = xmlschema.Compile(overlay{fsys, "_wrapper.xsd", w.Bytes()}, "_wrapper.xsd", nil)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		return nil, fmt.Errorf("timeout")
	}
	return s, err
}

func validateDoc(fsys fs.FS, p string, s *xmlschema.Schema) (ok bool) {
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	res, err := s.Validate(f, nil)
	return err == nil && res.Valid()
}

func targetNamespace(fsys fs.FS, p string) string {
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "targetNamespace" && a.Name.Space == "" {
					return a.Value
				}
			}
			return ""
		}
	}
}

// overlay adds one in-memory file to a file system.
type overlay struct {
	fs.FS
	name string
	data []byte
}

func (o overlay) Open(name string) (fs.File, error) {
	if name == o.name {
		return &memFile{Reader: bytes.NewReader(o.data), name: name, size: int64(len(o.data))}, nil
	}
	return o.FS.Open(name)
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return nil, fmt.Errorf("no stat") }
func (m *memFile) Close() error               { return nil }

// SortScores orders scores by set name.
func SortScores(s []*Score) { sort.Slice(s, func(i, j int) bool { return s[i].Set < s[j].Set }) }
