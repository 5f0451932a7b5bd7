// Command packbench measures core/archive for `make bench`
// (internal/tools/bench.sh): it packs and signs an application to
// Госключ 10000000374 whose documents are the files given, with the
// sandbox's test key, and prints the archive's size and the time taken.
// Peak memory is measured from outside (/usr/bin/time -v).
//
//	packbench keys DIR                      # the sandbox's test key and certificate → DIR/employee.{key,cer}
//	packbench pack -key K -cert C -out DIR FILE…
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/xsd"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: packbench keys DIR | packbench pack -key K -cert C -out DIR FILE…")
	}
	switch os.Args[1] {
	case "keys":
		if len(os.Args) != 3 {
			fail("usage: packbench keys DIR")
		}
		srv, err := sandbox.New(sandbox.Options{DataDir: os.Args[2]})
		check(err)
		c := srv.Credentials()
		fmt.Println(c.KeyPath, c.CertPath)
		check(srv.Close())
	case "pack":
		fs := flag.NewFlagSet("pack", flag.ExitOnError)
		key := fs.String("key", "", "PKCS#8 PEM key")
		cert := fs.String("cert", "", "PEM certificate")
		out := fs.String("out", os.TempDir(), "folder of the archive")
		check(fs.Parse(os.Args[2:]))
		signer, err := keystore.OpenFile(*key, "", *cert)
		check(err)
		const code = "10000000374"
		sv, _ := xsd.Lookup(code)
		req, err := sv.FillTemplate("req", time.Now(), nil)
		check(err)
		files := []archive.Input{{Name: "req.xml", Data: req}}
		for _, p := range fs.Args() {
			files = append(files, archive.Input{Name: filepath.Base(p), Path: p})
		}
		start := time.Now()
		a, err := archive.Pack(context.Background(), archive.Spec{Service: code, Files: files, Signer: signer, TempDir: *out})
		check(err)
		d := time.Since(start)
		fmt.Printf("%d %.3f %s\n", a.Size, d.Seconds(), a.Path)
	default:
		fail("unknown command " + os.Args[1])
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "packbench:", msg)
	os.Exit(1)
}
