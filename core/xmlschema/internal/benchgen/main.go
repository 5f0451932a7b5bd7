// Command benchgen writes the generated ФССП 10000000367 benchmark document
// (see package benchdata) so that other validators can be timed on it:
//
//	go run ./core/xmlschema/internal/benchgen -o /tmp/fssp-10mb.xml -size 10485760
//	/usr/bin/time -v xmllint --noout --schema core/xmlschema/testdata/epgu/from-specs/fssp_10000000367_v1.3__schema-42.xsd /tmp/fssp-10mb.xml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/benchdata"
)

func main() {
	out := flag.String("o", "fssp-bench.xml", "output file")
	size := flag.Int("size", 10<<20, "minimum size in bytes")
	flag.Parse()
	if err := os.WriteFile(*out, benchdata.FSSP(*size), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s (schema core/xmlschema/%s)\n", *out, benchdata.SchemaPath)
}
