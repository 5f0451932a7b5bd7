package gost3410

import "math/big"

// point is a projective point (X:Y:Z), x = X/Z, y = Y/Z, coordinates in
// Montgomery form; the identity is (0:1:0).
//
// Point arithmetic uses the complete formulas of Renes, Costello and Batina,
// "Complete addition formulas for prime order elliptic curves" (2016),
// algorithms 1–3 (arbitrary a). They have no exceptional cases for points of
// odd order, which covers every point multiplied by a secret: the base point
// and, in VKO, the peer key, which is checked to lie in the subgroup of prime
// order q. (Verification runs on public data; a hand-built key outside the
// subgroup can only make it fail.)
type point struct{ x, y, z fe }

// affine is a point with Z = 1 (never the identity).
type affine struct{ x, y fe }

func (c *Curve) identity() point {
	var p point
	p.y = c.fp.one
	return p
}

// mulA sets z = a·x.
func (c *Curve) mulA(z, x *fe) {
	f := c.fp
	if c.aMinus3 {
		var t fe
		f.add(&t, x, x)
		f.add(&t, &t, x)
		f.neg(z, &t)
		return
	}
	f.mul(z, x, &c.a)
}

// add sets r = p1 + p2 (RCB algorithm 1). r may alias p1 or p2.
func (c *Curve) add(r, p1, p2 *point) {
	f := c.fp
	var t0, t1, t2, t3, t4, t5, x3, y3, z3 fe
	f.mul(&t0, &p1.x, &p2.x)
	f.mul(&t1, &p1.y, &p2.y)
	f.mul(&t2, &p1.z, &p2.z)
	f.add(&t3, &p1.x, &p1.y)
	f.add(&t4, &p2.x, &p2.y)
	f.mul(&t3, &t3, &t4)
	f.add(&t4, &t0, &t1)
	f.sub(&t3, &t3, &t4)
	f.add(&t4, &p1.x, &p1.z)
	f.add(&t5, &p2.x, &p2.z)
	f.mul(&t4, &t4, &t5)
	f.add(&t5, &t0, &t2)
	f.sub(&t4, &t4, &t5)
	f.add(&t5, &p1.y, &p1.z)
	f.add(&x3, &p2.y, &p2.z)
	f.mul(&t5, &t5, &x3)
	f.add(&x3, &t1, &t2)
	f.sub(&t5, &t5, &x3)
	c.mulA(&z3, &t4)
	f.mul(&x3, &c.b3, &t2)
	f.add(&z3, &x3, &z3)
	f.sub(&x3, &t1, &z3)
	f.add(&z3, &t1, &z3)
	f.mul(&y3, &x3, &z3)
	f.add(&t1, &t0, &t0)
	f.add(&t1, &t1, &t0)
	c.mulA(&t2, &t2)
	f.mul(&t4, &c.b3, &t4)
	f.add(&t1, &t1, &t2)
	f.sub(&t2, &t0, &t2)
	c.mulA(&t2, &t2)
	f.add(&t4, &t4, &t2)
	f.mul(&t0, &t1, &t4)
	f.add(&y3, &y3, &t0)
	f.mul(&t0, &t5, &t4)
	f.mul(&x3, &t3, &x3)
	f.sub(&x3, &x3, &t0)
	f.mul(&t0, &t3, &t1)
	f.mul(&z3, &t5, &z3)
	f.add(&z3, &z3, &t0)
	r.x, r.y, r.z = x3, y3, z3
}

// addAffine sets r = p1 + p2 for an affine p2 (RCB algorithm 2).
func (c *Curve) addAffine(r, p1 *point, p2 *affine) {
	f := c.fp
	var t0, t1, t2, t3, t4, t5, x3, y3, z3 fe
	f.mul(&t0, &p1.x, &p2.x)
	f.mul(&t1, &p1.y, &p2.y)
	f.add(&t3, &p2.x, &p2.y)
	f.add(&t4, &p1.x, &p1.y)
	f.mul(&t3, &t3, &t4)
	f.add(&t4, &t0, &t1)
	f.sub(&t3, &t3, &t4)
	f.mul(&t4, &p2.x, &p1.z)
	f.add(&t4, &t4, &p1.x)
	f.mul(&t5, &p2.y, &p1.z)
	f.add(&t5, &t5, &p1.y)
	c.mulA(&z3, &t4)
	f.mul(&x3, &c.b3, &p1.z)
	f.add(&z3, &x3, &z3)
	f.sub(&x3, &t1, &z3)
	f.add(&z3, &t1, &z3)
	f.mul(&y3, &x3, &z3)
	f.add(&t1, &t0, &t0)
	f.add(&t1, &t1, &t0)
	c.mulA(&t2, &p1.z)
	f.mul(&t4, &c.b3, &t4)
	f.add(&t1, &t1, &t2)
	f.sub(&t2, &t0, &t2)
	c.mulA(&t2, &t2)
	f.add(&t4, &t4, &t2)
	f.mul(&t0, &t1, &t4)
	f.add(&y3, &y3, &t0)
	f.mul(&t0, &t5, &t4)
	f.mul(&x3, &t3, &x3)
	f.sub(&x3, &x3, &t0)
	f.mul(&t0, &t3, &t1)
	f.mul(&z3, &t5, &z3)
	f.add(&z3, &z3, &t0)
	r.x, r.y, r.z = x3, y3, z3
}

// double sets r = 2p (RCB algorithm 3). r may alias p.
func (c *Curve) double(r, p *point) {
	f := c.fp
	var t0, t1, t2, t3, x3, y3, z3 fe
	f.sqr(&t0, &p.x)
	f.sqr(&t1, &p.y)
	f.sqr(&t2, &p.z)
	f.mul(&t3, &p.x, &p.y)
	f.add(&t3, &t3, &t3)
	f.mul(&z3, &p.x, &p.z)
	f.add(&z3, &z3, &z3)
	c.mulA(&x3, &z3)
	f.mul(&y3, &c.b3, &t2)
	f.add(&y3, &x3, &y3)
	f.sub(&x3, &t1, &y3)
	f.add(&y3, &t1, &y3)
	f.mul(&y3, &x3, &y3)
	f.mul(&x3, &t3, &x3)
	f.mul(&z3, &c.b3, &z3)
	c.mulA(&t2, &t2)
	f.sub(&t3, &t0, &t2)
	c.mulA(&t3, &t3)
	f.add(&t3, &t3, &z3)
	f.add(&z3, &t0, &t0)
	f.add(&t0, &z3, &t0)
	f.add(&t0, &t0, &t2)
	f.mul(&t0, &t0, &t3)
	f.add(&y3, &y3, &t0)
	f.mul(&t2, &p.y, &p.z)
	f.add(&t2, &t2, &t2)
	f.mul(&t0, &t2, &t3)
	f.sub(&x3, &x3, &t0)
	f.mul(&z3, &t2, &t1)
	f.add(&z3, &z3, &z3)
	f.add(&z3, &z3, &z3)
	r.x, r.y, r.z = x3, y3, z3
}

// selectPoint sets r = q if cond == 1 and leaves it otherwise.
func (c *Curve) selectPoint(r, q *point, cond uint64) {
	f := c.fp
	f.sel(&r.x, &r.x, &q.x, cond)
	f.sel(&r.y, &r.y, &q.y, cond)
	f.sel(&r.z, &r.z, &q.z, cond)
}

// isIdentity reports (1/0) whether p is the identity, in constant time.
func (c *Curve) isIdentity(p *point) uint64 { return c.fp.isZero(&p.z) }

// toAffine returns the affine coordinates (Montgomery form) of p ≠ O.
func (c *Curve) toAffine(p *point) (x, y fe) {
	f := c.fp
	var zi fe
	f.inv(&zi, &p.z)
	f.mul(&x, &p.x, &zi)
	f.mul(&y, &p.y, &zi)
	return
}

// batchAffine converts points with Z ≠ 0 to affine with one inversion.
func (c *Curve) batchAffine(ps []point) []affine {
	f := c.fp
	out := make([]affine, len(ps))
	if len(ps) == 0 {
		return out
	}
	prefix := make([]fe, len(ps))
	acc := f.one
	for i := range ps {
		prefix[i] = acc
		f.mul(&acc, &acc, &ps[i].z)
	}
	var inv fe
	f.inv(&inv, &acc)
	for i := len(ps) - 1; i >= 0; i-- {
		var zi fe
		f.mul(&zi, &inv, &prefix[i]) // 1/z_i
		f.mul(&inv, &inv, &ps[i].z)  // 1/(z_0…z_{i-1})
		f.mul(&out[i].x, &ps[i].x, &zi)
		f.mul(&out[i].y, &ps[i].y, &zi)
	}
	return out
}

func eqMask(a, b uint64) uint64 {
	x := a ^ b
	return 1 ^ ((x | -x) >> 63)
}

// Fixed-base multiplication uses signed 5-bit windows: k = Σ d_i·2^(5i) with
// d_i ∈ [-16, 16], and a table of j·2^(5i)·G for j = 1…16 per window, so it
// needs no doublings. Every table row is read in full for each window.
const (
	baseW       = 5
	baseEntries = 1 << (baseW - 1) // 16
)

func (c *Curve) baseWindows() int { return (c.qBitLen + 1 + baseW - 1) / baseW }

func (c *Curve) baseTable() []affine {
	c.tblOnce.Do(func() {
		nw := c.baseWindows()
		pts := make([]point, 0, nw*baseEntries)
		b := point{x: c.gx, y: c.gy, z: c.fp.one}
		for i := 0; i < nw; i++ {
			acc := b
			pts = append(pts, acc)
			for j := 2; j <= baseEntries; j++ {
				c.add(&acc, &acc, &b)
				pts = append(pts, acc)
			}
			// next base = 32·b = 2·(16·b)
			c.double(&b, &acc)
		}
		c.baseTbl = c.batchAffine(pts)
	})
	return c.baseTbl
}

// booth returns the signed digit of window i of the plain scalar k: its
// magnitude (0…16) and sign bit (1 = negative). Constant time.
func booth(k *fe, i int) (mag, neg uint64) {
	var in uint64
	start := baseW*i - 1
	if start < 0 {
		in = (k[0] << 1) & 63
	} else {
		limb, off := start/64, uint(start%64)
		in = k[limb] >> off
		if off > 64-(baseW+1) && limb+1 < maxLimbs {
			in |= k[limb+1] << (64 - off)
		}
		in &= 63
	}
	s := ^((in >> baseW) - 1) // all ones if the top bit is set
	d := uint64(1<<(baseW+1)) - in - 1
	d = (d & s) | (in &^ s)
	d = (d >> 1) + (d & 1)
	return d, s & 1
}

// scalarBaseMult returns k·G for a plain scalar k < 2^(qBitLen) in constant
// time.
func (c *Curve) scalarBaseMult(k *fe) point {
	f := c.fp
	tbl := c.baseTable()
	acc := c.identity()
	nw := c.baseWindows()
	n := f.n
	for i := 0; i < nw; i++ {
		mag, neg := booth(k, i)
		var sel affine
		row := tbl[i*baseEntries : (i+1)*baseEntries]
		for j := range row {
			m := -eqMask(mag, uint64(j+1))
			for l := 0; l < n; l++ {
				sel.x[l] |= row[j].x[l] & m
				sel.y[l] |= row[j].y[l] & m
			}
		}
		var ny fe
		f.neg(&ny, &sel.y)
		f.sel(&sel.y, &sel.y, &ny, neg)
		var t point
		c.addAffine(&t, &acc, &sel)
		c.selectPoint(&acc, &t, 1^eqMask(mag, 0))
	}
	return acc
}

// scalarMult returns k·p for a plain scalar k < 2^(qBitLen) in constant
// time (fixed 4-bit windows, full-table lookups, complete formulas).
func (c *Curve) scalarMult(p *point, k *fe) point {
	var tbl [16]point
	tbl[0] = c.identity()
	tbl[1] = *p
	for i := 2; i < 16; i++ {
		c.add(&tbl[i], &tbl[i-1], p)
	}
	acc := c.identity()
	nibbles := (c.qBitLen + 3) / 4
	for i := nibbles - 1; i >= 0; i-- {
		for j := 0; j < 4; j++ {
			c.double(&acc, &acc)
		}
		w := (k[i/16] >> (4 * uint(i%16))) & 15
		var sel point
		for j := range tbl {
			c.selectPoint(&sel, &tbl[j], eqMask(w, uint64(j)))
		}
		c.add(&acc, &acc, &sel)
	}
	return acc
}

// wnaf returns the width-w NAF of a non-negative k, least significant first.
func wnaf(k *big.Int, w uint) []int8 {
	k = new(big.Int).Set(k)
	out := make([]int8, 0, k.BitLen()+1)
	mod := int64(1) << w
	half := mod >> 1
	for k.Sign() > 0 {
		var d int64
		if k.Bit(0) == 1 {
			d = int64(k.Uint64() & uint64(mod-1))
			if d >= half {
				d -= mod
			}
			k.Sub(k, big.NewInt(d))
		}
		out = append(out, int8(d))
		k.Rsh(k, 1)
	}
	return out
}

// verifyMult returns u1·G + u2·p in variable time (public inputs only).
func (c *Curve) verifyMult(u1, u2 *big.Int, p *point) point {
	f := c.fp
	// u2·p with a width-5 NAF over the odd multiples p, 3p, …, 15p.
	var odd [8]point
	odd[0] = *p
	var p2 point
	c.double(&p2, p)
	for i := 1; i < 8; i++ {
		c.add(&odd[i], &odd[i-1], &p2)
	}
	oddA := c.batchAffine(odd[:])
	naf := wnaf(u2, 5)
	acc := c.identity()
	for i := len(naf) - 1; i >= 0; i-- {
		c.double(&acc, &acc)
		if d := naf[i]; d > 0 {
			c.addAffine(&acc, &acc, &oddA[d/2])
		} else if d < 0 {
			e := oddA[(-d)/2]
			f.neg(&e.y, &e.y)
			c.addAffine(&acc, &acc, &e)
		}
	}
	// u1·G with the fixed-base table, variable-time lookups.
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
		c.addAffine(&acc, &acc, &e)
	}
	return acc
}

// isOnCurve reports whether affine (x, y) (plain big.Ints in [0, P)) lies on
// the curve.
func (c *Curve) isOnCurve(x, y *big.Int) bool {
	if x.Sign() < 0 || x.Cmp(c.P) >= 0 || y.Sign() < 0 || y.Cmp(c.P) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(y, y)
	lhs.Mod(lhs, c.P)
	rhs := new(big.Int).Mul(x, x)
	rhs.Add(rhs, c.A)
	rhs.Mul(rhs, x)
	rhs.Add(rhs, c.B)
	rhs.Mod(rhs, c.P)
	return lhs.Cmp(rhs) == 0
}

// pointFromBig converts affine big.Int coordinates into a projective point.
func (c *Curve) pointFromBig(x, y *big.Int) point {
	return point{x: c.fp.fromBig(x), y: c.fp.fromBig(y), z: c.fp.one}
}

// affineBig returns the plain affine coordinates of p, or ok = false for O.
func (c *Curve) affineBig(p *point) (x, y *big.Int, ok bool) {
	if c.isIdentity(p) == 1 {
		return nil, nil, false
	}
	ax, ay := c.toAffine(p)
	return c.fp.toBig(&ax), c.fp.toBig(&ay), true
}
