package gost341194_test

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/gost/gost341194"
)

func ExampleNewCryptoPro() {
	h := gost341194.NewCryptoPro()
	h.Write([]byte("abc"))
	fmt.Printf("%x\n", h.Sum(nil)) // as `openssl dgst -md_gost94` prints it
	// Output: b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c
}
