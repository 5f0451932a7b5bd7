// Command xsdvalidate validates XML files against an XML Schema with
// core/xmlschema. It exits 0 when every file is valid, 1 when one is
// invalid (or not well-formed), 2 when the schema is invalid or on a usage
// error; it serves the W3C test suite runner and benchmarks.
//
//	xsdvalidate [-q] [-ru] SCHEMA.xsd FILE.xml...
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

func main() {
	quiet := flag.Bool("q", false, "print nothing, only set the exit status")
	ru := flag.Bool("ru", false, "print messages in Russian")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: xsdvalidate [-q] [-ru] SCHEMA.xsd FILE.xml...")
		os.Exit(2)
	}
	s, err := xmlschema.CompileFile(flag.Arg(0), nil)
	if err != nil {
		if !*quiet {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args()[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
			continue
		}
		res, err := s.Validate(f, nil)
		f.Close()
		if !*quiet {
			for _, e := range res.Errors {
				msg := e.Message
				if *ru {
					msg = e.MessageRU
				}
				fmt.Fprintf(os.Stderr, "%s:%d:%d: %s [%s] %s\n", name, e.Line, e.Column, e.Path, e.Rule, msg)
			}
		}
		switch {
		case err != nil:
			if !*quiet {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				fmt.Fprintf(os.Stderr, "%s fails to validate\n", name)
			}
			status = 1
		case !res.Valid():
			if !*quiet {
				fmt.Fprintf(os.Stderr, "%s fails to validate\n", name)
			}
			status = 1
		default:
			if !*quiet {
				fmt.Fprintf(os.Stderr, "%s validates\n", name)
			}
		}
	}
	os.Exit(status)
}
