package gost3410

import (
	"bytes"
	"testing"
)

func fuzzCurve(b byte) *Curve { return allCurves[int(b)%len(allCurves)] }

// FuzzNewPublicKey: arbitrary bytes never panic; an accepted key is on the
// curve and round-trips through Raw.
func FuzzNewPublicKey(f *testing.F) {
	v := loadVectors(f)
	f.Add(byte(1), unhex(f, v.TK26CMS.PubLE))
	f.Add(byte(5), unhex(f, v.VKO.APubLE))
	f.Add(byte(0), make([]byte, 64))
	f.Add(byte(7), bytes.Repeat([]byte{0xff}, 128))
	f.Fuzz(func(t *testing.T, ci byte, raw []byte) {
		c := fuzzCurve(ci)
		p, err := NewPublicKey(c, raw)
		if err != nil {
			return
		}
		if !c.isOnCurve(p.X, p.Y) || !bytes.Equal(p.Raw(), raw) {
			t.Fatal("accepted key is not canonical or not on the curve")
		}
	})
}

// FuzzNewPrivateKey: arbitrary bytes never panic; an accepted key
// round-trips and gives a valid public key.
func FuzzNewPrivateKey(f *testing.F) {
	v := loadVectors(f)
	f.Add(byte(5), unhex(f, v.VKO.APrivLE))
	f.Add(byte(1), reverse(unhex(f, v.TK26CMS.DBE)))
	f.Add(byte(0), make([]byte, 32))
	f.Add(byte(1), bytes.Repeat([]byte{0xff}, 32))
	f.Fuzz(func(t *testing.T, ci byte, raw []byte) {
		c := fuzzCurve(ci)
		k, err := NewPrivateKey(c, raw)
		if err != nil {
			return
		}
		if !bytes.Equal(k.Raw(), raw) {
			t.Fatal("Raw round trip")
		}
		if _, err := NewPublicKey(c, k.PublicKey().Raw()); err != nil {
			t.Fatalf("derived public key rejected: %v", err)
		}
	})
}

// FuzzVerify: arbitrary digests and signatures never panic and, for the
// fixed key, only the known signature of the known digest verifies.
func FuzzVerify(f *testing.F) {
	v := loadVectors(f)
	tk := v.TK26CMS
	pub, err := NewPublicKey(CurveTC26256B, unhex(f, tk.PubLE))
	if err != nil {
		f.Fatal(err)
	}
	der := readTestdata(f, tk.File)
	sig := der[tk.SignatureOffset:]
	digest := unhex(f, tk.Streebog256)
	f.Add(digest, sig)
	f.Add(digest, make([]byte, 64))
	f.Add([]byte{}, []byte{})
	f.Add(make([]byte, 32), bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, d, s []byte) {
		ok := pub.Verify(d, s)
		pub.VerifyDigestBE(d, s)
		if ok && !(bytes.Equal(d, digest) && bytes.Equal(s, sig)) {
			t.Fatalf("forgery accepted: %x %x", d, s)
		}
	})
}
