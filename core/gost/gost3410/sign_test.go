package gost3410

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

type sigVector struct {
	Name, Curve           string
	D, E, K, Qx, Qy, R, S string
}

type vectorFile struct {
	Signatures []sigVector
	TK26CMS    struct {
		Name, Curve, File string
		DBE               string `json:"d_be"`
		PubLE             string `json:"pub_le"`
		Message           string
		Streebog256       string
		SignatureOffset   int `json:"signature_offset"`
	} `json:"tk26cms"`
	VKO struct {
		Name, Curve, UKM string
		APrivLE          string `json:"a_priv_le"`
		APubLE           string `json:"a_pub_le"`
		BPrivLE          string `json:"b_priv_le"`
		BPubLE           string `json:"b_pub_le"`
		KEK256, KEK512   string
	} `json:"vko"`
}

func loadVectors(t testing.TB) *vectorFile {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectorFile
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return &v
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func curveByString(t testing.TB, s string) *Curve {
	t.Helper()
	var id asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			t.Fatal(err)
		}
		id = append(id, n)
	}
	c, ok := CurveByOID(id)
	if !ok {
		t.Fatalf("no curve %s", s)
	}
	return c
}

// TestStandardExamples reproduces the examples of GOST R 34.10-2012
// appendix A (RFC 7091 §7): public key, then r and s from the fixed k.
func TestStandardExamples(t *testing.T) {
	for _, v := range loadVectors(t).Signatures {
		t.Run(v.Name, func(t *testing.T) {
			c := curveByString(t, v.Curve)
			prv, err := NewPrivateKeyBE(c, unhex(t, v.D))
			if err != nil {
				t.Fatal(err)
			}
			pub := prv.PublicKey()
			if pub.X.Cmp(hexInt(v.Qx)) != 0 || pub.Y.Cmp(hexInt(v.Qy)) != 0 {
				t.Fatalf("Q = (%X, %X)", pub.X, pub.Y)
			}
			// The standard states e directly as an integer: SignDigestBE.
			sig, err := prv.SignDigestBE(bytes.NewReader(unhex(t, v.K)), unhex(t, v.E))
			if err != nil {
				t.Fatal(err)
			}
			want := append(unhex(t, v.S), unhex(t, v.R)...)
			if !bytes.Equal(sig, want) {
				t.Fatalf("sig = %X\nwant  %X", sig, want)
			}
			if !pub.VerifyDigestBE(unhex(t, v.E), sig) {
				t.Fatal("VerifyDigestBE rejected the standard's signature")
			}
			// The same numbers in the CMS byte order.
			if !pub.Verify(reverse(unhex(t, v.E)), sig) {
				t.Fatal("Verify rejected the little-endian digest")
			}
			if pub.Verify(unhex(t, v.E), sig) {
				t.Fatal("Verify accepted the digest in the wrong byte order")
			}
			sig2, err := prv.Sign(bytes.NewReader(unhex(t, v.K)), reverse(unhex(t, v.E)), nil)
			if err != nil || !bytes.Equal(sig2, want) {
				t.Fatalf("Sign (LE digest) = %X, %v", sig2, err)
			}
			// Round trip of the raw encodings.
			prv2, err := NewPrivateKey(c, prv.Raw())
			if err != nil || !prv2.Equal(prv) || !bytes.Equal(prv.Raw(), reverse(unhex(t, v.D))) {
				t.Fatal("private key Raw round trip")
			}
			pub2, err := NewPublicKey(c, pub.Raw())
			if err != nil || !pub2.Equal(pub) {
				t.Fatalf("public key Raw round trip: %v", err)
			}
		})
	}
}

// TestTK26CMS checks the TC26 CMS example: d → public key, and the
// signature stored in the SignedData over Streebog-256("Test message").
func TestTK26CMS(t *testing.T) {
	v := loadVectors(t).TK26CMS
	c := curveByString(t, v.Curve)
	if c != CurveTC26256B {
		t.Fatal("XchA must be tc26-256-B")
	}
	prv, err := NewPrivateKeyBE(c, unhex(t, v.DBE))
	if err != nil {
		t.Fatal(err)
	}
	if got := prv.PublicKey().Raw(); !bytes.Equal(got, unhex(t, v.PubLE)) {
		t.Fatalf("public key %X", got)
	}
	der, err := os.ReadFile("testdata/" + v.File)
	if err != nil {
		t.Fatal(err)
	}
	off := v.SignatureOffset
	if len(der) != off+64 || der[off-2] != 0x04 || der[off-1] != 0x40 {
		t.Fatal("unexpected layout of the SignedData fixture")
	}
	if !bytes.Contains(der, []byte(v.Message)) {
		t.Fatal("eContent not found")
	}
	sig := der[off:]
	pub, err := NewPublicKey(c, unhex(t, v.PubLE))
	if err != nil {
		t.Fatal(err)
	}
	digest := unhex(t, v.Streebog256)
	if h := streebog.Sum256([]byte(v.Message)); !bytes.Equal(h[:], digest) {
		t.Fatalf("Streebog-256(%q) = %x", v.Message, h)
	}
	if !pub.Verify(digest, sig) {
		t.Fatal("TK26CMS signature does not verify")
	}
	if pub.VerifyDigestBE(digest, sig) {
		t.Fatal("TK26CMS signature verifies with a big-endian digest")
	}
	bad := append([]byte(nil), digest...)
	bad[0] ^= 1
	if pub.Verify(bad, sig) {
		t.Fatal("verified a wrong digest")
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			prv, err := GenerateKey(c, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			var signer crypto.Signer = prv
			pub := signer.Public().(*PublicKey)
			if !c.isOnCurve(pub.X, pub.Y) {
				t.Fatal("public key off the curve")
			}
			for i := 0; i < 5; i++ {
				digest := make([]byte, c.PointSize)
				rand.Read(digest)
				sig, err := signer.Sign(rand.Reader, digest, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(sig) != 2*c.PointSize {
					t.Fatalf("signature length %d", len(sig))
				}
				if !pub.Verify(digest, sig) {
					t.Fatal("own signature rejected")
				}
				digest[i] ^= 0x80
				if pub.Verify(digest, sig) {
					t.Fatal("modified digest accepted")
				}
				digest[i] ^= 0x80
				sig[len(sig)-1] ^= 1
				if pub.Verify(digest, sig) {
					t.Fatal("modified signature accepted")
				}
				sbe, err := prv.SignDigestBE(rand.Reader, digest)
				if err != nil || !pub.VerifyDigestBE(digest, sbe) {
					t.Fatal("SignDigestBE/VerifyDigestBE round trip")
				}
			}
		})
	}
}

// TestSignDeterministic: the nonce comes from rand, so a fixed reader gives a
// fixed signature, and different readers different ones.
func TestSignDeterministic(t *testing.T) {
	c := CurveTC26256B
	prv, _ := GenerateKey(c, rand.Reader)
	digest := bytes.Repeat([]byte{7}, 32)
	seed := bytes.Repeat([]byte{0x11}, 32)
	s1, _ := prv.Sign(bytes.NewReader(seed), digest, nil)
	s2, _ := prv.Sign(bytes.NewReader(seed), digest, nil)
	if !bytes.Equal(s1, s2) {
		t.Fatal("same k, different signatures")
	}
	s3, _ := prv.Sign(bytes.NewReader(bytes.Repeat([]byte{0x12}, 32)), digest, nil)
	if bytes.Equal(s1, s3) {
		t.Fatal("different k, same signature")
	}
	// An exhausted reader is an error, not a panic or a weak nonce.
	if _, err := prv.Sign(bytes.NewReader(nil), digest, nil); err == nil {
		t.Fatal("empty reader accepted")
	}
}

// TestZeroDigest: e ≡ 0 (mod q) must be replaced by e = 1 (GOST R 34.10-2012
// §6.1 step 2).
func TestZeroDigest(t *testing.T) {
	for _, c := range []*Curve{CurveTC26256B, CurveTC26256A, CurveTC26512A} {
		prv, _ := GenerateKey(c, rand.Reader)
		pub := prv.PublicKey()
		n := c.PointSize
		zero := make([]byte, n)
		one := make([]byte, n)
		one[n-1] = 1
		qd := c.Q.FillBytes(make([]byte, n))
		k := bytes.Repeat([]byte{0x21}, n)
		s0, err := prv.SignDigestBE(bytes.NewReader(k), zero)
		if err != nil {
			t.Fatal(err)
		}
		s1, _ := prv.SignDigestBE(bytes.NewReader(k), one)
		sq, _ := prv.SignDigestBE(bytes.NewReader(k), qd)
		if !bytes.Equal(s0, s1) || !bytes.Equal(sq, s1) {
			t.Fatalf("%s: e ≡ 0 not treated as e = 1", c.Name)
		}
		if !pub.VerifyDigestBE(zero, s1) || !pub.VerifyDigestBE(qd, s1) || !pub.VerifyDigestBE(one, s0) {
			t.Fatalf("%s: verify of e ≡ 0", c.Name)
		}
	}
}

func TestVerifyRejectsOutOfRange(t *testing.T) {
	c := CurveTC26256C // q < 2^255, so s+q and r+q still fit in 32 bytes
	prv, _ := GenerateKey(c, rand.Reader)
	pub := prv.PublicKey()
	digest := bytes.Repeat([]byte{3}, 32)
	sig, _ := prv.Sign(rand.Reader, digest, nil)
	s := new(big.Int).SetBytes(sig[:32])
	r := new(big.Int).SetBytes(sig[32:])
	mk := func(s, r *big.Int) []byte {
		out := make([]byte, 64)
		s.FillBytes(out[:32])
		r.FillBytes(out[32:])
		return out
	}
	if !pub.Verify(digest, mk(s, r)) {
		t.Fatal("valid signature rejected")
	}
	zero := new(big.Int)
	// s + q, r + q would verify if ranges were not checked (both < 2^256).
	for name, bad := range map[string][]byte{
		"s=0":   mk(zero, r),
		"r=0":   mk(s, zero),
		"s+q":   mk(new(big.Int).Add(s, c.Q), r),
		"r+q":   mk(s, new(big.Int).Add(r, c.Q)),
		"s=q":   mk(c.Q, r),
		"r=q":   mk(s, c.Q),
		"r||s":  mk(r, s),
		"short": sig[:63],
		"long":  append(append([]byte(nil), sig...), 0),
		"empty": nil,
	} {
		if pub.Verify(digest, bad) {
			t.Errorf("%s accepted", name)
		}
	}
	if pub.Verify(digest[:31], sig) || pub.Verify(append(digest, 0), sig) {
		t.Error("digest of wrong length accepted")
	}
	if _, err := prv.Sign(rand.Reader, digest[:31], nil); err != ErrDigestSize {
		t.Error("Sign accepted a short digest")
	}
}

func TestKeyValidation(t *testing.T) {
	c := CurveTC26256B
	n := c.PointSize
	qLE := reverse(c.Q.FillBytes(make([]byte, n)))
	qm1LE := reverse(new(big.Int).Sub(c.Q, big.NewInt(1)).FillBytes(make([]byte, n)))
	for name, raw := range map[string][]byte{
		"zero":  make([]byte, n),
		"q":     qLE,
		"ones":  bytes.Repeat([]byte{0xff}, n),
		"short": make([]byte, n-1),
	} {
		if _, err := NewPrivateKey(c, raw); err == nil {
			t.Errorf("NewPrivateKey(%s) accepted", name)
		}
	}
	if _, err := NewPrivateKey(c, qm1LE); err != nil {
		t.Errorf("q-1 rejected: %v", err)
	}
	if _, err := NewPrivateKey(nil, qm1LE); err == nil {
		t.Error("nil curve accepted")
	}

	prv, _ := GenerateKey(c, rand.Reader)
	raw := prv.PublicKey().Raw()
	bad := append([]byte(nil), raw...)
	bad[5] ^= 1
	if _, err := NewPublicKey(c, bad); err != ErrInvalidPublicKey {
		t.Errorf("off-curve key: %v", err)
	}
	if _, err := NewPublicKey(c, make([]byte, 2*n)); err == nil {
		t.Error("(0,0) accepted")
	}
	if _, err := NewPublicKey(c, raw[:2*n-1]); err != ErrKeySize {
		t.Error("short key accepted")
	}
	// x ≥ p with the same residue must be rejected too.
	big1 := append(reverse(new(big.Int).Add(prv.PublicKey().X, c.P).FillBytes(make([]byte, n+1)))[:n], raw[n:]...)
	if _, err := NewPublicKey(c, big1); err == nil {
		t.Error("non-canonical x accepted")
	}
}

// TestSmallOrderPublicKey: on the cofactor-4 curves a point of order 2 (or a
// point outside the q-subgroup) is not a valid public key.
func TestSmallOrderPublicKey(t *testing.T) {
	for _, c := range []*Curve{CurveTC26256A, CurveTC26512C} {
		// A point of order 2 is (x, 0) with x a root of x³ + ax + b.
		// Find one by trying to take cube roots is awkward; instead take
		// G + T where T has order 2 is unnecessary: any point P with
		// q·P ≠ O. Search small x for points and keep one not in the
		// subgroup.
		found := false
		for x := int64(1); x < 200 && !found; x++ {
			bx := big.NewInt(x)
			rhs := new(big.Int).Mul(bx, bx)
			rhs.Add(rhs, c.A).Mul(rhs, bx).Add(rhs, c.B).Mod(rhs, c.P)
			y := new(big.Int).ModSqrt(rhs, c.P)
			if y == nil {
				continue
			}
			if r := refMul(c, refPoint{x: bx, y: y}, c.Q); r.inf {
				continue // in the subgroup
			}
			found = true
			n := c.PointSize
			raw := append(reverse(bx.FillBytes(make([]byte, n))), reverse(y.FillBytes(make([]byte, n)))...)
			if _, err := NewPublicKey(c, raw); err != ErrInvalidPublicKey {
				t.Errorf("%s: point outside the subgroup accepted: %v", c.Name, err)
			}
			// A hand-built key outside the subgroup must not panic Verify
			// or KEK.
			bad := &PublicKey{Curve: c, X: bx, Y: y}
			sig := make([]byte, 2*n)
			sig[n-1], sig[2*n-1] = 1, 1
			if bad.Verify(make([]byte, n), sig) {
				t.Errorf("%s: verified with a key outside the subgroup", c.Name)
			}
			prv, _ := GenerateKey(c, rand.Reader)
			if _, err := prv.KEK(bad, []byte{1}, 32); err != ErrInvalidPublicKey {
				t.Errorf("%s: KEK with a key outside the subgroup: %v", c.Name, err)
			}
		}
		if !found {
			t.Fatalf("%s: no test point found", c.Name)
		}
	}
}
