package gost3410

import "math/bits"

// mulPM4 sets z = x·y mod p for p = 2^256 - c (c < 2^32), plain (not
// Montgomery) representation, in constant time. x, y < p.
func mulPM4(z, x, y *fe, c uint64) {
	x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
	y0, y1, y2, y3 := y[0], y[1], y[2], y[3]
	var hi, lo, cc, carry uint64
	var t0, t1, t2, t3, t4, t5, t6, t7 uint64
	t1, t0 = bits.Mul64(x0, y0)
	hi, lo = bits.Mul64(x0, y1)
	t1, cc = bits.Add64(t1, lo, 0)
	t2 = hi + cc
	hi, lo = bits.Mul64(x0, y2)
	t2, cc = bits.Add64(t2, lo, 0)
	t3 = hi + cc
	hi, lo = bits.Mul64(x0, y3)
	t3, cc = bits.Add64(t3, lo, 0)
	t4 = hi + cc
	carry = 0
	hi, lo = bits.Mul64(x1, y0)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t1, cc = bits.Add64(t1, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x1, y1)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t2, cc = bits.Add64(t2, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x1, y2)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t3, cc = bits.Add64(t3, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x1, y3)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t4, cc = bits.Add64(t4, lo, 0)
	carry = hi + cc
	t5 = carry
	carry = 0
	hi, lo = bits.Mul64(x2, y0)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t2, cc = bits.Add64(t2, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x2, y1)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t3, cc = bits.Add64(t3, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x2, y2)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t4, cc = bits.Add64(t4, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x2, y3)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t5, cc = bits.Add64(t5, lo, 0)
	carry = hi + cc
	t6 = carry
	carry = 0
	hi, lo = bits.Mul64(x3, y0)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t3, cc = bits.Add64(t3, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x3, y1)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t4, cc = bits.Add64(t4, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x3, y2)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t5, cc = bits.Add64(t5, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x3, y3)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t6, cc = bits.Add64(t6, lo, 0)
	carry = hi + cc
	t7 = carry
	// r = t0..t3 + c·(t4..t7)
	var r0, r1, r2, r3, top uint64
	hi, lo = bits.Mul64(t4, c)
	r0, cc = bits.Add64(t0, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t5, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r1, cc = bits.Add64(t1, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t6, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r2, cc = bits.Add64(t2, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t7, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r3, cc = bits.Add64(t3, lo, 0)
	top = hi + cc
	// fold top·c (top ≤ 2^32)
	hi, lo = bits.Mul64(top, c)
	r0, cc = bits.Add64(r0, lo, 0)
	r1, cc = bits.Add64(r1, hi, cc)
	r2, cc = bits.Add64(r2, 0, cc)
	r3, cc = bits.Add64(r3, 0, cc)
	// a final carry is worth c more; r0 is then tiny, so this cannot carry again
	r0, cc = bits.Add64(r0, c&-cc, 0)
	r1, cc = bits.Add64(r1, 0, cc)
	r2, cc = bits.Add64(r2, 0, cc)
	r3, _ = bits.Add64(r3, 0, cc)
	// r < 2^256 < 2p: subtract p = 2^256 - c once if r >= p, i.e. if r + c carries
	var u0, u1, u2, u3 uint64
	u0, cc = bits.Add64(r0, c, 0)
	u1, cc = bits.Add64(r1, 0, cc)
	u2, cc = bits.Add64(r2, 0, cc)
	u3, cc = bits.Add64(r3, 0, cc)
	mask := -cc
	z[0] = r0&^mask | u0&mask
	z[1] = r1&^mask | u1&mask
	z[2] = r2&^mask | u2&mask
	z[3] = r3&^mask | u3&mask
}

// sqrPM4 is mulPM4(z, x, x) with the cross products computed once.
func sqrPM4(z, x *fe, c uint64) {
	x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
	var hi, lo, cc, carry uint64
	var t0, t1, t2, t3, t4, t5, t6, t7 uint64
	t2, t1 = bits.Mul64(x0, x1)
	hi, lo = bits.Mul64(x0, x2)
	t2, cc = bits.Add64(t2, lo, 0)
	t3 = hi + cc
	hi, lo = bits.Mul64(x0, x3)
	t3, cc = bits.Add64(t3, lo, 0)
	t4 = hi + cc
	hi, lo = bits.Mul64(x1, x2)
	t3, cc = bits.Add64(t3, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(x1, x3)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	t4, cc = bits.Add64(t4, lo, 0)
	t5 = hi + cc
	hi, lo = bits.Mul64(x2, x3)
	t5, cc = bits.Add64(t5, lo, 0)
	t6 = hi + cc
	t7 = t6 >> 63
	t6 = t6<<1 | t5>>63
	t5 = t5<<1 | t4>>63
	t4 = t4<<1 | t3>>63
	t3 = t3<<1 | t2>>63
	t2 = t2<<1 | t1>>63
	t1 <<= 1
	h0, l0 := bits.Mul64(x0, x0)
	h1, l1 := bits.Mul64(x1, x1)
	h2, l2 := bits.Mul64(x2, x2)
	h3, l3 := bits.Mul64(x3, x3)
	t0 = l0
	t1, cc = bits.Add64(t1, h0, 0)
	t2, cc = bits.Add64(t2, l1, cc)
	t3, cc = bits.Add64(t3, h1, cc)
	t4, cc = bits.Add64(t4, l2, cc)
	t5, cc = bits.Add64(t5, h2, cc)
	t6, cc = bits.Add64(t6, l3, cc)
	t7, _ = bits.Add64(t7, h3, cc)
	// r = t0..t3 + c·(t4..t7)
	var r0, r1, r2, r3, top uint64
	hi, lo = bits.Mul64(t4, c)
	r0, cc = bits.Add64(t0, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t5, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r1, cc = bits.Add64(t1, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t6, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r2, cc = bits.Add64(t2, lo, 0)
	carry = hi + cc
	hi, lo = bits.Mul64(t7, c)
	lo, cc = bits.Add64(lo, carry, 0)
	hi += cc
	r3, cc = bits.Add64(t3, lo, 0)
	top = hi + cc
	// fold top·c (top ≤ 2^32)
	hi, lo = bits.Mul64(top, c)
	r0, cc = bits.Add64(r0, lo, 0)
	r1, cc = bits.Add64(r1, hi, cc)
	r2, cc = bits.Add64(r2, 0, cc)
	r3, cc = bits.Add64(r3, 0, cc)
	// a final carry is worth c more; r0 is then tiny, so this cannot carry again
	r0, cc = bits.Add64(r0, c&-cc, 0)
	r1, cc = bits.Add64(r1, 0, cc)
	r2, cc = bits.Add64(r2, 0, cc)
	r3, _ = bits.Add64(r3, 0, cc)
	// r < 2^256 < 2p: subtract p = 2^256 - c once if r >= p, i.e. if r + c carries
	var u0, u1, u2, u3 uint64
	u0, cc = bits.Add64(r0, c, 0)
	u1, cc = bits.Add64(r1, 0, cc)
	u2, cc = bits.Add64(r2, 0, cc)
	u3, cc = bits.Add64(r3, 0, cc)
	mask := -cc
	z[0] = r0&^mask | u0&mask
	z[1] = r1&^mask | u1&mask
	z[2] = r2&^mask | u2&mask
	z[3] = r3&^mask | u3&mask
}

// mulPMN is mulPM4 for any n ≤ maxLimbs: p = 2^(64n) - c, c < 2^32.
func (f *field) mulPMN(z, x, y *fe) {
	n := f.n
	c := f.pmc
	var t [2 * maxLimbs]uint64
	for i := 0; i < n; i++ {
		var carry uint64
		for j := 0; j < n; j++ {
			hi, lo := bits.Mul64(x[i], y[j])
			var cc uint64
			lo, cc = bits.Add64(lo, carry, 0)
			hi += cc
			t[i+j], cc = bits.Add64(t[i+j], lo, 0)
			carry = hi + cc
		}
		t[i+n] = carry
	}
	var r fe
	var carry, cc uint64
	for j := 0; j < n; j++ {
		hi, lo := bits.Mul64(t[n+j], c)
		lo, cc = bits.Add64(lo, carry, 0)
		hi += cc
		r[j], cc = bits.Add64(t[j], lo, 0)
		carry = hi + cc
	}
	hi, lo := bits.Mul64(carry, c)
	r[0], cc = bits.Add64(r[0], lo, 0)
	r[1], cc = bits.Add64(r[1], hi, cc)
	for j := 2; j < n; j++ {
		r[j], cc = bits.Add64(r[j], 0, cc)
	}
	r[0], cc = bits.Add64(r[0], c&-cc, 0)
	for j := 1; j < n; j++ {
		r[j], cc = bits.Add64(r[j], 0, cc)
	}
	var u fe
	u[0], cc = bits.Add64(r[0], c, 0)
	for j := 1; j < n; j++ {
		u[j], cc = bits.Add64(r[j], 0, cc)
	}
	mask := -cc
	for j := 0; j < n; j++ {
		z[j] = r[j]&^mask | u[j]&mask
	}
}
