package gost28147_test

import (
	"encoding/hex"
	"fmt"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
)

// Decrypting a PBES2/gost89 bag (RFC 9548): CFB with S-box Z and CryptoPro
// key meshing, as OpenSSL's "gost89" cipher writes it.
func ExampleNewCFBDecrypter() {
	key := make([]byte, 32) // from PBKDF2 in real use
	iv := []byte("8bytesIV")
	enc, _ := gost28147.NewCFBEncrypter(key, iv, gost28147.SBoxZ, true)
	ct := make([]byte, 5)
	enc.XORKeyStream(ct, []byte("hello"))

	dec, _ := gost28147.NewCFBDecrypter(key, iv, gost28147.SBoxZ, true)
	pt := make([]byte, len(ct))
	dec.XORKeyStream(pt, ct)
	fmt.Println(string(pt))
	// Output: hello
}

func ExampleNewCipher() {
	key, _ := hex.DecodeString("ccddeeff8899aabb4455667700112233f3f2f1f0f7f6f5f4fbfaf9f8fffefdfc")
	b, _ := gost28147.NewCipher(key, gost28147.SBoxZ)
	dst := make([]byte, 8)
	src, _ := hex.DecodeString("1032547698badcfe")
	b.Encrypt(dst, src)
	fmt.Printf("%x\n", dst)
	// Output: 3dcad8c2e501e94e
}
