package gost3410

import (
	"crypto"
	"io"
	"math/big"
)

// Sign signs digest (the hash function's output bytes, read as a
// little-endian integer, the CMS/X.509 convention) and returns s || r, each
// big-endian PointSize bytes. The nonce k is read from rand (PointSize bytes,
// big-endian, retried until 0 < k < q), so a fixed reader gives a fixed
// signature. opts is ignored and may be nil.
func (k *PrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if len(digest) != k.Curve.PointSize {
		return nil, ErrDigestSize
	}
	return k.sign(rand, reverse(digest))
}

// SignDigestBE is Sign for a digest read as a big-endian integer (the raw
// form of CryptoPro's csptest and of the standard's own examples).
func (k *PrivateKey) SignDigestBE(rand io.Reader, digest []byte) ([]byte, error) {
	if len(digest) != k.Curve.PointSize {
		return nil, ErrDigestSize
	}
	return k.sign(rand, digest)
}

// digestScalar returns e = digest mod q, or 1 if that is 0 (the digest is
// public, so big.Int is fine here).
func (c *Curve) digestScalar(be []byte) *big.Int {
	e := new(big.Int).SetBytes(be)
	e.Mod(e, c.Q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	return e
}

func (k *PrivateKey) sign(rand io.Reader, digestBE []byte) ([]byte, error) {
	c := k.Curve
	fq := c.fq
	e := c.digestScalar(digestBE)
	eM := fq.fromBig(e)
	var dM fe
	fq.toMont(&dM, &k.d)
	for {
		kk, err := randScalar(c, rand)
		if err != nil {
			return nil, err
		}
		C := c.scalarBaseMult(&kk)
		cx, _ := c.toAffine(&C) // C ≠ O since 0 < k < q
		var x fe
		c.fp.fromMont(&x, &cx)
		// r = x mod q; x < p < 2q for every supported curve with q close
		// to p, but cofactor-4 curves have p ≈ 4q: reduce generally. r is
		// public (part of the signature).
		r := new(big.Int).Mod(feToBig(&x), c.Q)
		if r.Sign() == 0 {
			continue
		}
		// s = r·d + k·e mod q, in Montgomery form.
		rM := fq.fromBig(r)
		var kM, s, t fe
		fq.toMont(&kM, &kk)
		fq.mul(&s, &rM, &dM)
		fq.mul(&t, &kM, &eM)
		fq.add(&s, &s, &t)
		fq.fromMont(&s, &s)
		if fq.isZero(&s) == 1 {
			continue
		}
		n := c.PointSize
		out := make([]byte, 0, 2*n)
		out = append(out, bytesBE(&s, n)...)
		out = append(out, r.FillBytes(make([]byte, n))...)
		return out, nil
	}
}

// Verify reports whether sig (s || r, big-endian) is a valid signature of
// digest (read little-endian, the CMS/X.509 convention) under p.
func (p *PublicKey) Verify(digest, sig []byte) bool {
	if p == nil || p.Curve == nil || len(digest) != p.Curve.PointSize {
		return false
	}
	return p.verify(reverse(digest), sig)
}

// VerifyDigestBE is Verify for a digest read as a big-endian integer.
func (p *PublicKey) VerifyDigestBE(digest, sig []byte) bool {
	if p == nil || p.Curve == nil || len(digest) != p.Curve.PointSize {
		return false
	}
	return p.verify(digest, sig)
}

func (p *PublicKey) verify(digestBE, sig []byte) bool {
	c := p.Curve
	n := c.PointSize
	if len(sig) != 2*n || p.X == nil || p.Y == nil || !c.isOnCurve(p.X, p.Y) {
		return false
	}
	s := new(big.Int).SetBytes(sig[:n])
	r := new(big.Int).SetBytes(sig[n:])
	if s.Sign() <= 0 || s.Cmp(c.Q) >= 0 || r.Sign() <= 0 || r.Cmp(c.Q) >= 0 {
		return false
	}
	e := c.digestScalar(digestBE)
	v := new(big.Int).ModInverse(e, c.Q)
	z1 := new(big.Int).Mul(s, v)
	z1.Mod(z1, c.Q)
	z2 := new(big.Int).Mul(r, v)
	z2.Neg(z2)
	z2.Mod(z2, c.Q)
	q := c.pointFromBig(p.X, p.Y)
	return c.verifyCheck(z1, z2, &q, r)
}
