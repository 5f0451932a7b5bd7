package gost3410

import "math/big"

// Variable-time Jacobian arithmetic for signature verification, where every
// input is public. (X:Y:Z) stands for (X/Z², Y/Z³); Z = 0 is the identity.
// Formulas: dbl-2001-b (a = -3) and dbl-2007-bl (any a), madd-2007-bl, from
// the Explicit-Formulas Database (Bernstein, Lange).
type jacobian struct{ x, y, z fe }

// jDouble sets r = 2p.
func (c *Curve) jDouble(r, p *jacobian) {
	f := c.fp
	if f.isZero(&p.z) == 1 {
		*r = *p
		return
	}
	if c.aMinus3 {
		var delta, gamma, beta, alpha, t, u fe
		f.sqr(&delta, &p.z)
		f.sqr(&gamma, &p.y)
		f.mul(&beta, &p.x, &gamma)
		f.sub(&t, &p.x, &delta)
		f.add(&u, &p.x, &delta)
		f.mul(&alpha, &t, &u)
		f.add(&t, &alpha, &alpha)
		f.add(&alpha, &t, &alpha)
		// Z3 = (Y+Z)² - gamma - delta
		f.add(&t, &p.y, &p.z)
		f.sqr(&t, &t)
		f.sub(&t, &t, &gamma)
		f.sub(&r.z, &t, &delta)
		// X3 = alpha² - 8 beta
		var b4, b8 fe
		f.add(&b4, &beta, &beta)
		f.add(&b4, &b4, &b4)
		f.add(&b8, &b4, &b4)
		f.sqr(&t, &alpha)
		f.sub(&t, &t, &b8)
		// Y3 = alpha (4 beta - X3) - 8 gamma²
		f.sub(&u, &b4, &t)
		r.x = t
		f.mul(&u, &alpha, &u)
		f.sqr(&gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.sub(&r.y, &u, &gamma)
		return
	}
	var xx, yy, yyyy, zz, s, m, t fe
	f.sqr(&xx, &p.x)
	f.sqr(&yy, &p.y)
	f.sqr(&yyyy, &yy)
	f.sqr(&zz, &p.z)
	// S = 2((X+YY)² - XX - YYYY)
	f.add(&s, &p.x, &yy)
	f.sqr(&s, &s)
	f.sub(&s, &s, &xx)
	f.sub(&s, &s, &yyyy)
	f.add(&s, &s, &s)
	// M = 3 XX + a ZZ²
	f.sqr(&t, &zz)
	f.mul(&t, &t, &c.a)
	f.add(&m, &xx, &xx)
	f.add(&m, &m, &xx)
	f.add(&m, &m, &t)
	// Z3 = (Y+Z)² - YY - ZZ
	var z3 fe
	f.add(&z3, &p.y, &p.z)
	f.sqr(&z3, &z3)
	f.sub(&z3, &z3, &yy)
	f.sub(&z3, &z3, &zz)
	// X3 = M² - 2S
	var x3 fe
	f.sqr(&x3, &m)
	f.sub(&x3, &x3, &s)
	f.sub(&x3, &x3, &s)
	// Y3 = M (S - X3) - 8 YYYY
	f.sub(&t, &s, &x3)
	f.mul(&t, &m, &t)
	f.add(&yyyy, &yyyy, &yyyy)
	f.add(&yyyy, &yyyy, &yyyy)
	f.add(&yyyy, &yyyy, &yyyy)
	f.sub(&r.y, &t, &yyyy)
	r.x, r.z = x3, z3
}

// jAddAffine sets r = p + q for an affine q.
func (c *Curve) jAddAffine(r, p *jacobian, q *affine) {
	f := c.fp
	if f.isZero(&p.z) == 1 {
		r.x, r.y, r.z = q.x, q.y, f.one
		return
	}
	var z1z1, u2, s2, h, hh, i, j, rr, v fe
	f.sqr(&z1z1, &p.z)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s2, &q.y, &p.z)
	f.mul(&s2, &s2, &z1z1)
	f.sub(&h, &u2, &p.x)
	f.sub(&rr, &s2, &p.y)
	if f.isZero(&h) == 1 {
		if f.isZero(&rr) == 1 {
			pp := jacobian{x: q.x, y: q.y, z: f.one}
			c.jDouble(r, &pp)
			return
		}
		*r = jacobian{y: f.one} // P + (-P) = O
		return
	}
	f.add(&rr, &rr, &rr)
	f.sqr(&hh, &h)
	f.add(&i, &hh, &hh)
	f.add(&i, &i, &i)
	f.mul(&j, &h, &i)
	f.mul(&v, &p.x, &i)
	// X3 = r² - J - 2V
	var x3, y3, z3, t fe
	f.sqr(&x3, &rr)
	f.sub(&x3, &x3, &j)
	f.sub(&x3, &x3, &v)
	f.sub(&x3, &x3, &v)
	// Y3 = r (V - X3) - 2 Y1 J
	f.sub(&t, &v, &x3)
	f.mul(&y3, &rr, &t)
	f.mul(&t, &p.y, &j)
	f.add(&t, &t, &t)
	f.sub(&y3, &y3, &t)
	// Z3 = (Z1 + H)² - Z1Z1 - HH
	f.add(&z3, &p.z, &h)
	f.sqr(&z3, &z3)
	f.sub(&z3, &z3, &z1z1)
	f.sub(&z3, &z3, &hh)
	r.x, r.y, r.z = x3, y3, z3
}

// invVT sets z = x^-1 in variable time (public values only).
func (f *field) invVT(z, x *fe) {
	v := f.toBig(x)
	v.ModInverse(v, f.mBig)
	*z = f.fromBig(v)
}

// batchAffineVT is batchAffine with a variable-time inversion.
func (c *Curve) batchAffineVT(ps []point) []affine {
	f := c.fp
	out := make([]affine, len(ps))
	prefix := make([]fe, len(ps))
	acc := f.one
	for i := range ps {
		prefix[i] = acc
		f.mul(&acc, &acc, &ps[i].z)
	}
	var inv fe
	f.invVT(&inv, &acc)
	for i := len(ps) - 1; i >= 0; i-- {
		var zi fe
		f.mul(&zi, &inv, &prefix[i])
		f.mul(&inv, &inv, &ps[i].z)
		f.mul(&out[i].x, &ps[i].x, &zi)
		f.mul(&out[i].y, &ps[i].y, &zi)
	}
	return out
}

// gWNAF is the window of the wNAF of u1 in verification; gOddTable holds
// the affine odd multiples G, 3G, …, (2^(gWNAF-1)-1)G.
const gWNAF = 7

func (c *Curve) gOddTable() []affine {
	c.gOddOnce.Do(func() {
		n := 1 << (gWNAF - 2)
		pts := make([]point, n)
		pts[0] = point{x: c.gx, y: c.gy, z: c.fp.one}
		var g2 point
		c.double(&g2, &pts[0])
		for i := 1; i < n; i++ {
			c.add(&pts[i], &pts[i-1], &g2)
		}
		c.gOdd = c.batchAffineVT(pts)
	})
	return c.gOdd
}

// verifyCheck reports whether the affine x of u1·G + u2·p is ≡ r (mod q),
// in variable time (public inputs only). It interleaves a width-7 NAF of u1
// over a fixed table of G with a width-5 NAF of u2 over the odd multiples
// of p, sharing the doublings, and compares x without an inversion.
func (c *Curve) verifyCheck(u1, u2 *big.Int, p *point, r *big.Int) bool {
	f := c.fp
	var odd [8]point
	odd[0] = *p
	var p2 point
	c.double(&p2, p)
	for i := 1; i < 8; i++ {
		c.add(&odd[i], &odd[i-1], &p2)
	}
	oddA := c.batchAffineVT(odd[:])
	gTbl := c.gOddTable()
	naf1 := wnaf(u1, gWNAF)
	naf2 := wnaf(u2, 5)
	acc := jacobian{y: f.one}
	addDigit := func(tbl []affine, d int8) {
		if d > 0 {
			c.jAddAffine(&acc, &acc, &tbl[d/2])
		} else if d < 0 {
			e := tbl[(-d)/2]
			f.neg(&e.y, &e.y)
			c.jAddAffine(&acc, &acc, &e)
		}
	}
	for i := max(len(naf1), len(naf2)) - 1; i >= 0; i-- {
		c.jDouble(&acc, &acc)
		if i < len(naf2) {
			addDigit(oddA, naf2[i])
		}
		if i < len(naf1) {
			addDigit(gTbl, naf1[i])
		}
	}
	if f.isZero(&acc.z) == 1 {
		return false
	}
	// x = X/Z² ≡ r (mod q) with x < p: x = r + j·q for some j ≥ 0 with
	// r + j·q < p. Check X == (r + j·q)·Z² for each candidate.
	var zz fe
	f.sqr(&zz, &acc.z)
	for cand := new(big.Int).Set(r); cand.Cmp(c.P) < 0; cand.Add(cand, c.Q) {
		cm := f.fromBig(cand)
		f.mul(&cm, &cm, &zz)
		if f.equal(&cm, &acc.x) == 1 {
			return true
		}
	}
	return false
}
