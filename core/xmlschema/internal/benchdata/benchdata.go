// Package benchdata generates large instances for benchmarks: a ФССП
// 10000000367 IRequestOther document (schema
// core/xmlschema/testdata/epgu/from-specs/fssp_10000000367_v1.3__schema-42.xsd)
// grown by repeating its property blocks, valid against that schema.
package benchdata

import (
	"bytes"
	_ "embed"
	"fmt"
)

//go:embed example-25.xml
var example []byte

// SchemaPath is the schema of the generated document, relative to
// core/xmlschema.
const SchemaPath = "testdata/epgu/from-specs/fssp_10000000367_v1.3__schema-42.xsd"

// FSSP returns a valid document of at least size bytes.
func FSSP(size int) []byte {
	open := []byte("\t<fssp:NedvProperty>")
	closeTag := []byte("</fssp:NedvProperty>\n")
	i := bytes.Index(example, open)
	j := bytes.Index(example[i:], closeTag) + i + len(closeTag)
	head, block, tail := example[:i], example[i:j], example[j:]
	var b bytes.Buffer
	b.Grow(size + 8192)
	b.Write(head)
	for n := 0; b.Len()+len(tail) < size; n++ {
		// vary the content a little so that nothing is trivially cached
		b.Write(bytes.Replace(block, []byte("<fssp:sNedv>123<"), []byte(fmt.Sprintf("<fssp:sNedv>%d<", 100+n%900)), 1))
	}
	b.Write(tail)
	return b.Bytes()
}
