package kdf_test

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/gost/kdf"
)

func ExamplePBKDF2() {
	fmt.Printf("%x\n", kdf.PBKDF2([]byte("password"), []byte("salt"), 2, 16))
	// Output: 5a585bafdfbb6e8830d6d68aa3b43ac0
}
