package gost3410

import (
	"math/big"
	"math/bits"
)

// maxLimbs is the number of 64-bit limbs of the largest supported modulus
// (512 bits).
const maxLimbs = 8

// fe is an element of a prime field (or of the scalar ring mod q) as
// little-endian 64-bit limbs. Only the first field.n limbs are used; the
// rest stay zero. Field elements are kept in Montgomery form (x·R mod m,
// R = 2^(64n)) unless a comment says otherwise.
type fe [maxLimbs]uint64

// field implements constant-time Montgomery arithmetic modulo an odd m with
// 2^(64(n-1)) < m < 2^(64n). None of its methods branch on or index memory by
// the values of their operands: the only branch is on n, which is public.
type field struct {
	n    int
	m    fe     // modulus
	minv uint64 // -m^-1 mod 2^64
	r2   fe     // R^2 mod m (plain form)
	one  fe     // R mod m (Montgomery form of 1)
	bitl int    // bit length of m
	mBig *big.Int

	// pm is set for m = 2^(64n) - pmc with pmc < 2^32 (tc26-256-A/B,
	// tc26-512-A/C). Such fields skip Montgomery form: elements are plain,
	// one = 1 and r2 = 1, and mul reduces by folding the high half.
	pm  bool
	pmc uint64
}

func newField(m *big.Int) *field {
	f := &field{mBig: new(big.Int).Set(m), bitl: m.BitLen()}
	f.n = (m.BitLen() + 63) / 64
	if f.n > maxLimbs || m.Bit(0) == 0 {
		panic("gost3410: unsupported modulus")
	}
	f.m = bigToFe(m)
	// Newton iteration for m^-1 mod 2^64.
	inv := uint64(1)
	for i := 0; i < 6; i++ {
		inv *= 2 - f.m[0]*inv
	}
	f.minv = -inv
	R := new(big.Int).Lsh(big.NewInt(1), uint(64*f.n))
	f.one = bigToFe(new(big.Int).Mod(R, m))
	f.r2 = bigToFe(new(big.Int).Mod(new(big.Int).Mul(R, R), m))
	if c := new(big.Int).Sub(R, m); c.BitLen() <= 32 {
		f.pm, f.pmc = true, c.Uint64()
		f.one = fe{1}
		f.r2 = fe{1}
	}
	return f
}

// bigToFe converts a non-negative x < 2^512 to limbs (no reduction).
func bigToFe(x *big.Int) fe {
	var z fe
	for i, w := range x.Bits() {
		if i < maxLimbs {
			z[i] = uint64(w)
		}
	}
	return z
}

func feToBig(x *fe) *big.Int {
	b := make([]byte, 8*maxLimbs)
	for i := 0; i < maxLimbs; i++ {
		for j := 0; j < 8; j++ {
			b[len(b)-1-8*i-j] = byte(x[i] >> (8 * j))
		}
	}
	return new(big.Int).SetBytes(b)
}

// madd returns the 128-bit a*b + c + d as (hi, lo).
func madd(a, b, c, d uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(a, b)
	var cc uint64
	lo, cc = bits.Add64(lo, c, 0)
	hi += cc
	lo, cc = bits.Add64(lo, d, 0)
	hi += cc
	return
}

// mul sets z = x·y·R^-1 mod m (x·y mod m for pseudo-Mersenne m). z may
// alias x or y.
func (f *field) mul(z, x, y *fe) {
	if f.pm {
		if f.n == 4 {
			mulPM4(z, x, y, f.pmc)
			return
		}
		f.mulPMN(z, x, y)
		return
	}
	if f.n == 4 {
		mul4(z, x, y, &f.m, f.minv)
		return
	}
	f.mulN(z, x, y)
}

func (f *field) sqr(z, x *fe) {
	if f.pm && f.n == 4 {
		sqrPM4(z, x, f.pmc)
		return
	}
	f.mul(z, x, x)
}

// mul4 is the 4-limb CIOS Montgomery multiplication, unrolled.
func mul4(z, x, y, m *fe, minv uint64) {
	y0, y1, y2, y3 := y[0], y[1], y[2], y[3]
	m0, m1, m2, m3 := m[0], m[1], m[2], m[3]
	var t0, t1, t2, t3, t4, t5, c, mm uint64

	// i = 0
	xi := x[0]
	c, t0 = bits.Mul64(xi, y0)
	c, t1 = madd(xi, y1, c, 0)
	c, t2 = madd(xi, y2, c, 0)
	c, t3 = madd(xi, y3, c, 0)
	t4 = c
	mm = t0 * minv
	c, _ = madd(mm, m0, t0, 0)
	c, t0 = madd(mm, m1, t1, c)
	c, t1 = madd(mm, m2, t2, c)
	c, t2 = madd(mm, m3, t3, c)
	t3, t4 = bits.Add64(t4, c, 0)

	for _, xi := range [3]uint64{x[1], x[2], x[3]} {
		c, t0 = madd(xi, y0, t0, 0)
		c, t1 = madd(xi, y1, t1, c)
		c, t2 = madd(xi, y2, t2, c)
		c, t3 = madd(xi, y3, t3, c)
		t4, t5 = bits.Add64(t4, c, 0)
		mm = t0 * minv
		c, _ = madd(mm, m0, t0, 0)
		c, t0 = madd(mm, m1, t1, c)
		c, t1 = madd(mm, m2, t2, c)
		c, t2 = madd(mm, m3, t3, c)
		var cc uint64
		t3, cc = bits.Add64(t4, c, 0)
		t4 = t5 + cc
	}

	// Conditional final subtraction: (t4:t3..t0) < 2m.
	var b uint64
	var u0, u1, u2, u3 uint64
	u0, b = bits.Sub64(t0, m0, 0)
	u1, b = bits.Sub64(t1, m1, b)
	u2, b = bits.Sub64(t2, m2, b)
	u3, b = bits.Sub64(t3, m3, b)
	_, b = bits.Sub64(t4, 0, b)
	// b == 1: t < m, keep t.
	mask := -b
	z[0] = t0&mask | u0&^mask
	z[1] = t1&mask | u1&^mask
	z[2] = t2&mask | u2&^mask
	z[3] = t3&mask | u3&^mask
}

// mulN is the generic CIOS Montgomery multiplication for n ≤ maxLimbs.
func (f *field) mulN(z, x, y *fe) {
	n := f.n
	var t [maxLimbs + 2]uint64
	for i := 0; i < n; i++ {
		xi := x[i]
		var c uint64
		for j := 0; j < n; j++ {
			c, t[j] = madd(xi, y[j], t[j], c)
		}
		t[n], t[n+1] = bits.Add64(t[n], c, 0)
		mm := t[0] * f.minv
		c, _ = madd(mm, f.m[0], t[0], 0)
		for j := 1; j < n; j++ {
			c, t[j-1] = madd(mm, f.m[j], t[j], c)
		}
		var cc uint64
		t[n-1], cc = bits.Add64(t[n], c, 0)
		t[n] = t[n+1] + cc
		t[n+1] = 0
	}
	var u fe
	var b uint64
	for j := 0; j < n; j++ {
		u[j], b = bits.Sub64(t[j], f.m[j], b)
	}
	_, b = bits.Sub64(t[n], 0, b)
	mask := -b
	for j := 0; j < n; j++ {
		z[j] = t[j]&mask | u[j]&^mask
	}
}

// add sets z = x + y mod m (x, y < m).
func (f *field) add(z, x, y *fe) {
	if f.n == 4 {
		var c, b uint64
		var s, u [4]uint64
		s[0], c = bits.Add64(x[0], y[0], 0)
		s[1], c = bits.Add64(x[1], y[1], c)
		s[2], c = bits.Add64(x[2], y[2], c)
		s[3], c = bits.Add64(x[3], y[3], c)
		u[0], b = bits.Sub64(s[0], f.m[0], 0)
		u[1], b = bits.Sub64(s[1], f.m[1], b)
		u[2], b = bits.Sub64(s[2], f.m[2], b)
		u[3], b = bits.Sub64(s[3], f.m[3], b)
		_, b = bits.Sub64(c, 0, b)
		mask := -b
		z[0] = s[0]&mask | u[0]&^mask
		z[1] = s[1]&mask | u[1]&^mask
		z[2] = s[2]&mask | u[2]&^mask
		z[3] = s[3]&mask | u[3]&^mask
		return
	}
	n := f.n
	var s, u fe
	var c, b uint64
	for j := 0; j < n; j++ {
		s[j], c = bits.Add64(x[j], y[j], c)
	}
	for j := 0; j < n; j++ {
		u[j], b = bits.Sub64(s[j], f.m[j], b)
	}
	_, b = bits.Sub64(c, 0, b)
	mask := -b
	for j := 0; j < n; j++ {
		z[j] = s[j]&mask | u[j]&^mask
	}
}

// sub sets z = x - y mod m (x, y < m).
func (f *field) sub(z, x, y *fe) {
	if f.n == 4 {
		var c, b uint64
		var d [4]uint64
		d[0], b = bits.Sub64(x[0], y[0], 0)
		d[1], b = bits.Sub64(x[1], y[1], b)
		d[2], b = bits.Sub64(x[2], y[2], b)
		d[3], b = bits.Sub64(x[3], y[3], b)
		mask := -b
		z[0], c = bits.Add64(d[0], f.m[0]&mask, 0)
		z[1], c = bits.Add64(d[1], f.m[1]&mask, c)
		z[2], c = bits.Add64(d[2], f.m[2]&mask, c)
		z[3], _ = bits.Add64(d[3], f.m[3]&mask, c)
		return
	}
	n := f.n
	var d fe
	var b, c uint64
	for j := 0; j < n; j++ {
		d[j], b = bits.Sub64(x[j], y[j], b)
	}
	mask := -b
	for j := 0; j < n; j++ {
		z[j], c = bits.Add64(d[j], f.m[j]&mask, c)
	}
}

// neg sets z = -x mod m.
func (f *field) neg(z, x *fe) {
	var zero fe
	f.sub(z, &zero, x)
}

// isZero returns 1 if x == 0 and 0 otherwise, in constant time.
func (f *field) isZero(x *fe) uint64 {
	var acc uint64
	for j := 0; j < f.n; j++ {
		acc |= x[j]
	}
	return 1 ^ ((acc | -acc) >> 63)
}

// equal returns 1 if x == y, in constant time.
func (f *field) equal(x, y *fe) uint64 {
	var acc uint64
	for j := 0; j < f.n; j++ {
		acc |= x[j] ^ y[j]
	}
	return 1 ^ ((acc | -acc) >> 63)
}

// lessThanM returns 1 if the plain value x < m, in constant time.
func (f *field) lessThanM(x *fe) uint64 {
	var b uint64
	for j := 0; j < f.n; j++ {
		_, b = bits.Sub64(x[j], f.m[j], b)
	}
	for j := f.n; j < maxLimbs; j++ {
		_, b = bits.Sub64(x[j], 0, b)
	}
	return b
}

// sel sets z = y if cond == 1 and z = x if cond == 0.
func (f *field) sel(z, x, y *fe, cond uint64) {
	mask := -cond
	for j := 0; j < f.n; j++ {
		z[j] = x[j]&^mask | y[j]&mask
	}
}

// toMont sets z = x·R mod m for a plain x < m.
func (f *field) toMont(z, x *fe) { f.mul(z, x, &f.r2) }

// fromMont sets z to the plain value of the Montgomery-form x.
func (f *field) fromMont(z, x *fe) {
	var one fe
	one[0] = 1
	f.mul(z, x, &one)
}

// exp sets z = x^e for a public exponent e (Montgomery form in and out).
// It runs in time independent of x.
func (f *field) exp(z, x *fe, e *big.Int) {
	var tbl [16]fe
	tbl[0] = f.one
	tbl[1] = *x
	for i := 2; i < 16; i++ {
		f.mul(&tbl[i], &tbl[i-1], x)
	}
	acc := f.one
	nb := (e.BitLen() + 3) / 4 * 4
	for i := nb - 4; i >= 0; i -= 4 {
		for k := 0; k < 4; k++ {
			f.sqr(&acc, &acc)
		}
		w := e.Bit(i) | e.Bit(i+1)<<1 | e.Bit(i+2)<<2 | e.Bit(i+3)<<3
		f.mul(&acc, &acc, &tbl[w]) // w is public
	}
	*z = acc
}

// inv sets z = x^-1 (Fermat; x = 0 gives 0). Montgomery form in and out.
func (f *field) inv(z, x *fe) {
	e := new(big.Int).Sub(f.mBig, big.NewInt(2))
	f.exp(z, x, e)
}

// fromBig sets z to the Montgomery form of x mod m (for public values).
func (f *field) fromBig(x *big.Int) fe {
	v := bigToFe(new(big.Int).Mod(x, f.mBig))
	var z fe
	f.toMont(&z, &v)
	return z
}

// toBig returns the plain value of the Montgomery-form x (public values).
func (f *field) toBig(x *fe) *big.Int {
	var v fe
	f.fromMont(&v, x)
	return feToBig(&v)
}

// setBytesBE reads a big-endian byte string of at most 8n bytes into plain
// limbs, in constant time.
func setBytesBE(b []byte) fe {
	var z fe
	for i := 0; i < len(b); i++ {
		bi := len(b) - 1 - i
		z[i/8] |= uint64(b[bi]) << (8 * (i % 8))
	}
	return z
}

// bytesBE writes the plain limbs x as size big-endian bytes.
func bytesBE(x *fe, size int) []byte {
	out := make([]byte, size)
	for i := 0; i < size; i++ {
		out[size-1-i] = byte(x[i/8] >> (8 * (i % 8)))
	}
	return out
}

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i := range b {
		out[len(b)-1-i] = b[i]
	}
	return out
}
