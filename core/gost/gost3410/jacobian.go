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

// verifyMultX returns the affine x of u1·G + u2·p (plain value) in variable
// time, or ok = false if the sum is the identity.
func (c *Curve) verifyMultX(u1, u2 *big.Int, p *point) (x *big.Int, ok bool) {
	f := c.fp
	var odd [8]point
	odd[0] = *p
	var p2 point
	c.double(&p2, p)
	for i := 1; i < 8; i++ {
		c.add(&odd[i], &odd[i-1], &p2)
	}
	oddA := c.batchAffineVT(odd[:])
	naf := wnaf(u2, 5)
	acc := jacobian{y: f.one}
	for i := len(naf) - 1; i >= 0; i-- {
		c.jDouble(&acc, &acc)
		if d := naf[i]; d > 0 {
			c.jAddAffine(&acc, &acc, &oddA[d/2])
		} else if d < 0 {
			e := oddA[(-d)/2]
			f.neg(&e.y, &e.y)
			c.jAddAffine(&acc, &acc, &e)
		}
	}
	tbl := c.baseTable()
	k := bigToFe(u1)
	for i := 0; i < c.baseWindows(); i++ {
		mag, neg := booth(&k, i)
		if mag == 0 {
			continue
		}
		e := tbl[i*baseEntries+int(mag)-1]
		if neg == 1 {
			f.neg(&e.y, &e.y)
		}
		c.jAddAffine(&acc, &acc, &e)
	}
	if f.isZero(&acc.z) == 1 {
		return nil, false
	}
	var zi fe
	f.invVT(&zi, &acc.z)
	f.sqr(&zi, &zi)
	f.mul(&zi, &acc.x, &zi)
	return f.toBig(&zi), true
}
