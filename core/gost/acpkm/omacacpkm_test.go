package acpkm

import (
	"encoding/hex"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/kuznyechik"
	"github.com/gosdesk/gosdesk/core/gost/magma"
)

// R 1323565.1.017-2018 A.4.2 (RFC 8645 Appendix A): ACPKM-Master(K, T* =
// 768 bits) key material, i.e. CTR-ACPKM with IV 1^64 over 144 zero bytes.
func TestACPKMMasterVector(t *testing.T) {
	s, err := NewCTRACPKM(kuznyechik.NewCipher, unhex(t, kKey), unhex(t, "ffffffffffffffff"), 96)
	got := stream(t, s, err, make([]byte, 144))
	want := "0cabf1f2efbc4ac16048df1a24c605b2c0d1673d7586a8ec0dd42c45a4f95bae" +
		"0f2e2617e47148680fc3e6178df2c137c9dda89cffa491feadd9b3eab703bb31" +
		"bc7e927f0494729f51b49d3df9c9460800fbbcf5edee610ea02f01093c7bc742" +
		"d7d6271501b177775263c2a3495a8318a81c79a04f29660ea3fda874c630799e" +
		"142c577914fea90d3bc2502e833685d9"
	if hex.EncodeToString(got) != want {
		t.Fatalf("ACPKM-Master = %x", got)
	}
}

// R 1323565.1.017-2018 A.3.1, A.3.2 (Magma, N = 128 bits, T* = 640 bits) and
// A.4.1, A.4.2 (Kuznyechik, N = 256 bits, T* = 768 bits); the key is the
// 256-bit key of GOST R 34.13-2015 A.1 in both cases.
func TestOMACACPKMVectors(t *testing.T) {
	p := unhex(t, kP+"33445566778899aabbcceeff0a001122")
	cases := []struct {
		name            string
		kuz             bool
		n, tstar, inLen int
		want            string
	}{
		{"A.3.1", false, 16, 80, 12, "a0540e3730acbcf3"},
		{"A.3.2", false, 16, 80, 40, "34008dad5496bb8e"},
		{"A.4.1", true, 32, 96, 24, "b5367f47b62b995eeb2a648c5843145e"},
		{"A.4.2", true, 32, 96, 80, "fbb8dcee45bea67c35f58c5700898e5d"},
	}
	for _, c := range cases {
		nc := magma.NewCipher
		bs := 8
		if c.kuz {
			nc, bs = kuznyechik.NewCipher, 16
		}
		h, err := NewOMACACPKM(nc, unhex(t, kKey), c.n, c.tstar, bs)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(p[:c.inLen])
		got := hex.EncodeToString(h.Sum(nil))
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		// Sum leaves the state alone; byte-wise writes after Reset agree.
		if again := hex.EncodeToString(h.Sum(nil)); again != got {
			t.Errorf("%s: second Sum %s", c.name, again)
		}
		h.Reset()
		for i := 0; i < c.inLen; i++ {
			h.Write(p[i : i+1])
		}
		if again := hex.EncodeToString(h.Sum(nil)); again != got {
			t.Errorf("%s: byte-wise %s", c.name, again)
		}
	}
	if _, err := NewOMACACPKM(magma.NewCipher, unhex(t, kKey), 12, 80, 8); err != ErrSectionSize {
		t.Error("bad section size accepted")
	}
	if _, err := NewOMACACPKM(magma.NewCipher, unhex(t, kKey), 16, 80, 9); err != ErrMACSize {
		t.Error("bad MAC size accepted")
	}
}
