package gost3410

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"testing"
)

func benchSign(b *testing.B, c *Curve) {
	prv, err := GenerateKey(c, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	prv.PublicKey()
	c.baseTable()
	digest := make([]byte, c.PointSize)
	rand.Read(digest)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := prv.Sign(rand.Reader, digest, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchVerify(b *testing.B, c *Curve) {
	prv, _ := GenerateKey(c, rand.Reader)
	pub := prv.PublicKey()
	digest := make([]byte, c.PointSize)
	rand.Read(digest)
	sig, _ := prv.Sign(rand.Reader, digest, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !pub.Verify(digest, sig) {
			b.Fatal("verify failed")
		}
	}
}

// BenchmarkSign256 and BenchmarkVerify256 use tc26-256-B (= CryptoPro-A,
// XchA), the curve of most CryptoPro keys.
func BenchmarkSign256(b *testing.B)   { benchSign(b, CurveTC26256B) }
func BenchmarkVerify256(b *testing.B) { benchVerify(b, CurveTC26256B) }
func BenchmarkSign512(b *testing.B)   { benchSign(b, CurveTC26512A) }
func BenchmarkVerify512(b *testing.B) { benchVerify(b, CurveTC26512A) }

func BenchmarkSign256A(b *testing.B)   { benchSign(b, CurveTC26256A) }
func BenchmarkVerify256A(b *testing.B) { benchVerify(b, CurveTC26256A) }

// The Go standard library's P-256 ECDSA, for comparison in the same run.
func BenchmarkECDSAP256Sign(b *testing.B) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	d := make([]byte, 32)
	rand.Read(d)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ecdsa.SignASN1(rand.Reader, k, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkECDSAP256Verify(b *testing.B) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	d := make([]byte, 32)
	rand.Read(d)
	sig, _ := ecdsa.SignASN1(rand.Reader, k, d)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !ecdsa.VerifyASN1(&k.PublicKey, d, sig) {
			b.Fatal("verify failed")
		}
	}
}

func BenchmarkPublicKey256(b *testing.B) {
	c := CurveTC26256B
	c.baseTable()
	for i := 0; i < b.N; i++ {
		prv, _ := GenerateKey(c, rand.Reader)
		prv.PublicKey()
	}
}

func BenchmarkFieldMul256(b *testing.B) {
	f := CurveTC26256B.fp
	x := f.fromBig(CurveTC26256B.Y)
	for i := 0; i < b.N; i++ {
		f.mul(&x, &x, &x)
	}
}

func BenchmarkFieldMul512(b *testing.B) {
	f := CurveTC26512A.fp
	x := f.fromBig(CurveTC26512A.Y)
	for i := 0; i < b.N; i++ {
		f.mul(&x, &x, &x)
	}
}
