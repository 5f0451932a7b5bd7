package gosttls

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/kdf"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKExp15Magma checks KExp15 with the example of R 1323565.1.017-2018
// (Magma, the vector the OpenSSL GOST engine tests with).
func TestKExp15Magma(t *testing.T) {
	key := unhex(t, "8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef")
	kENC := unhex(t, "202122232425262728292a2b2c2d2e2f38393a3b3c3d3e3f3031323334353637")
	kMAC := unhex(t, "08090a0b0c0d0e0f0001020304050607101112131415161718191a1b1c1d1e1f")
	iv := unhex(t, "67bed654")
	want := unhex(t, "cfd5a12d5b81b6e1e99c916d07900c6ac12703fb3abded55567bf3742c899c755dafe7b42e3a8bd9")
	got, err := kexp15(suiteByID(TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC), key, kMAC, kENC, iv)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("KExp15 = %x\nwant     %x", got, want)
	}
}

// TestTLSTREE checks TLSTREE (Kuznyechik constants) with K_root = FF…FF
// and seq = 63, and KDF_TREE with R 50.1.113-2016's example.
func TestTLSTREE(t *testing.T) {
	root := bytes.Repeat([]byte{0xff}, 32)
	tr := tlstree{root: root, c: suiteByID(TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC).c}
	want := unhex(t, "507642d958c520c6d7eef5ca8a5316d4f34b855d2dd4bcbf4e5bf0ff641a19ff")
	if got := tr.derive(63); !bytes.Equal(got, want) {
		t.Fatalf("TLSTREE(FF…, 63) = %x, want %x", got, want)
	}
	kt := kdf.KDFTree256(unhex(t, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
		unhex(t, "26bdb878"), unhex(t, "af21434145656378"), 1, 64)
	if want := unhex(t, "22b6837845c6bef65ea71672b265831086d3c76aebe6dae91cad51d83f79d16b074c9330599d7f8d712fca54392f4ddde93751206b3584c8f43f9e6dc51531f9"); !bytes.Equal(kt, want) {
		t.Fatalf("KDF_TREE = %x", kt)
	}
}
