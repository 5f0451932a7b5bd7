package gost3410

import (
	"crypto/rand"
	"encoding/asn1"
	"math/big"
	"testing"
)

// refPoint is an affine point for the independent big.Int reference
// arithmetic below (inf = the identity).
type refPoint struct {
	x, y *big.Int
	inf  bool
}

func refAdd(c *Curve, p1, p2 refPoint) refPoint {
	if p1.inf {
		return p2
	}
	if p2.inf {
		return p1
	}
	p := c.P
	var l *big.Int
	if p1.x.Cmp(p2.x) == 0 {
		sum := new(big.Int).Add(p1.y, p2.y)
		if sum.Mod(sum, p).Sign() == 0 {
			return refPoint{inf: true}
		}
		num := new(big.Int).Mul(p1.x, p1.x)
		num.Mul(num, big.NewInt(3)).Add(num, c.A)
		den := new(big.Int).Lsh(p1.y, 1)
		l = num.Mul(num, den.ModInverse(den, p))
	} else {
		num := new(big.Int).Sub(p2.y, p1.y)
		den := new(big.Int).Sub(p2.x, p1.x)
		den.Mod(den, p)
		l = num.Mul(num, den.ModInverse(den, p))
	}
	l.Mod(l, p)
	x3 := new(big.Int).Mul(l, l)
	x3.Sub(x3, p1.x).Sub(x3, p2.x).Mod(x3, p)
	y3 := new(big.Int).Sub(p1.x, x3)
	y3.Mul(y3, l).Sub(y3, p1.y).Mod(y3, p)
	return refPoint{x: x3, y: y3}
}

func refMul(c *Curve, p refPoint, k *big.Int) refPoint {
	acc := refPoint{inf: true}
	for i := k.BitLen() - 1; i >= 0; i-- {
		acc = refAdd(c, acc, acc)
		if k.Bit(i) == 1 {
			acc = refAdd(c, acc, p)
		}
	}
	return acc
}

func refG(c *Curve) refPoint { return refPoint{x: c.X, y: c.Y} }

func TestCurveParameters(t *testing.T) {
	if len(Curves()) != 9 {
		t.Fatalf("Curves() has %d entries, want 9", len(Curves()))
	}
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			if !c.P.ProbablyPrime(32) {
				t.Error("p is not prime")
			}
			if !c.Q.ProbablyPrime(32) {
				t.Error("q is not prime")
			}
			if !c.isOnCurve(c.X, c.Y) {
				t.Error("G is not on the curve")
			}
			if r := refMul(c, refG(c), c.Q); !r.inf {
				t.Error("q·G != O")
			}
			// Hasse: |p + 1 - h·q| <= 2·sqrt(p)
			n := new(big.Int).Mul(c.Cofactor, c.Q)
			tr := new(big.Int).Add(c.P, big.NewInt(1))
			tr.Sub(tr, n)
			tr.Mul(tr, tr)
			if tr.Cmp(new(big.Int).Lsh(c.P, 2)) > 0 {
				t.Error("h·q is outside the Hasse interval")
			}
			// discriminant 4a³ + 27b² ≠ 0
			d := new(big.Int).Exp(c.A, big.NewInt(3), c.P)
			d.Mul(d, big.NewInt(4))
			b2 := new(big.Int).Mul(c.B, c.B)
			d.Add(d, b2.Mul(b2, big.NewInt(27))).Mod(d, c.P)
			if d.Sign() == 0 {
				t.Error("singular curve")
			}
			wantSize := 32
			if c.P.BitLen() > 256 {
				wantSize = 64
			}
			if c.PointSize != wantSize {
				t.Errorf("PointSize = %d", c.PointSize)
			}
			if got, ok := CurveByOID(c.OID); !ok || got != c {
				t.Error("CurveByOID(canonical) failed")
			}
		})
	}
}

func TestCurveByOIDAliases(t *testing.T) {
	for _, tc := range []struct {
		oid  asn1.ObjectIdentifier
		want *Curve
	}{
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}, CurveTC26256A},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 2}, CurveTC26256B},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 1}, CurveTC26256B},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 0}, CurveTC26256B},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 3}, CurveTC26256C},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 2}, CurveTC26256C},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 4}, CurveTC26256D},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 3}, CurveTC26256D},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 1}, CurveTC26256D},
		{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0}, Curve2001Test},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 0}, CurveTC26512Test},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}, CurveTC26512A},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 2}, CurveTC26512B},
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 3}, CurveTC26512C},
	} {
		got, ok := CurveByOID(tc.oid)
		if !ok || got != tc.want {
			t.Errorf("CurveByOID(%v) = %v, %v; want %v", tc.oid, got, ok, tc.want)
		}
	}
	if _, ok := CurveByOID(asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 5}); ok {
		t.Error("unknown OID accepted")
	}
}

// TestEdwardsForms checks the Weierstrass constants of the two twisted
// Edwards curves against their RFC 7836 (e, d, u, v) definition, mapped by
// s = (e-d)/4, t = (e+d)/6, a = s²-3t², b = 2t³-ts², x = s(1+v)/(1-v)+t,
// y = s(1+v)/((1-v)u).
func TestEdwardsForms(t *testing.T) {
	for _, tc := range []struct {
		c       *Curve
		d, u, v string
	}{
		{CurveTC26256A, "0605F6B7C183FA81578BC39CFAD518132B9DF62897009AF7E522C32D6DC7BFFB", "0D",
			"60CA1E32AA475B348488C38FAB07649CE7EF8DBE87F22E81F92B2592DBA300E7"},
		{CurveTC26512C, "9E4F5D8C017D8D9F13A5CF3CDF5BFE4DAB402D54198E31EBDE28A0621050439CA6B39E0A515C06B304E2CE43E79E369E91A0CFC2BC2A22B4CA302DBB33EE7550",
			"12", "469AF79D1FB1F5E16B99592B77A01E2A0FDFB0D01794368D9A56117F7B38669522DD4B650CF789EEBF068C5D139732F0905622C04B2BAAE7600303EE73001A3D"},
	} {
		p := tc.c.P
		mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
		inv := func(x *big.Int) *big.Int { return new(big.Int).ModInverse(mod(new(big.Int).Set(x)), p) }
		e, d, u, v := big.NewInt(1), hexInt(tc.d), hexInt(tc.u), hexInt(tc.v)
		s := mod(new(big.Int).Mul(new(big.Int).Sub(e, d), inv(big.NewInt(4))))
		tt := mod(new(big.Int).Mul(new(big.Int).Add(e, d), inv(big.NewInt(6))))
		a := mod(new(big.Int).Sub(new(big.Int).Mul(s, s), new(big.Int).Mul(big.NewInt(3), new(big.Int).Mul(tt, tt))))
		b := mod(new(big.Int).Sub(new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(tt, big.NewInt(3), p)),
			new(big.Int).Mul(tt, new(big.Int).Mul(s, s))))
		one := big.NewInt(1)
		w := mod(new(big.Int).Mul(new(big.Int).Mul(s, new(big.Int).Add(one, v)), inv(new(big.Int).Sub(one, v))))
		x := mod(new(big.Int).Add(w, tt))
		y := mod(new(big.Int).Mul(w, inv(u)))
		if a.Cmp(tc.c.A) != 0 || b.Cmp(tc.c.B) != 0 || x.Cmp(tc.c.X) != 0 || y.Cmp(tc.c.Y) != 0 {
			t.Errorf("%s: Weierstrass form does not match the Edwards definition", tc.c.Name)
		}
	}
}

func randBelow(t testing.TB, n *big.Int) *big.Int {
	k, err := rand.Int(rand.Reader, n)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func checkPoint(t *testing.T, c *Curve, what string, got point, want refPoint) {
	t.Helper()
	x, y, ok := c.affineBig(&got)
	if want.inf {
		if ok {
			t.Errorf("%s: got (%x, %x), want O", what, x, y)
		}
		return
	}
	if !ok || x.Cmp(want.x) != 0 || y.Cmp(want.y) != 0 {
		t.Errorf("%s: got (%x, %x, %v), want (%x, %x)", what, x, y, ok, want.x, want.y)
	}
}

func TestPointArithmeticAgainstReference(t *testing.T) {
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			g := refG(c)
			gp := c.pointFromBig(c.X, c.Y)
			// Edge scalars plus random ones.
			scalars := []*big.Int{big.NewInt(1), big.NewInt(2), big.NewInt(15), big.NewInt(16),
				big.NewInt(17), big.NewInt(31), big.NewInt(32), big.NewInt(33),
				new(big.Int).Sub(c.Q, big.NewInt(1)), new(big.Int).Sub(c.Q, big.NewInt(2)),
				new(big.Int).Rsh(c.Q, 1)}
			for i := 0; i < 6; i++ {
				scalars = append(scalars, randBelow(t, c.Q))
			}
			for _, k := range scalars {
				want := refMul(c, g, k)
				kf := bigToFe(k)
				checkPoint(t, c, "scalarBaseMult", c.scalarBaseMult(&kf), want)
				checkPoint(t, c, "scalarMult", c.scalarMult(&gp, &kf), want)
				checkPoint(t, c, "verifyMult(k,0)", c.verifyMult(k, new(big.Int), &gp), want)
				checkPoint(t, c, "verifyMult(0,k)", c.verifyMult(new(big.Int), k, &gp), want)
				// u1·G + u2·Q with Q = 7G
				u2 := randBelow(t, c.Q)
				q := refMul(c, g, big.NewInt(7))
				qp := c.pointFromBig(q.x, q.y)
				checkPoint(t, c, "verifyMult(k,u2)", c.verifyMult(k, u2, &qp), refAdd(c, want, refMul(c, q, u2)))
			}
			var zero fe
			checkPoint(t, c, "0·G", c.scalarBaseMult(&zero), refPoint{inf: true})
			checkPoint(t, c, "0·P", c.scalarMult(&gp, &zero), refPoint{inf: true})
			// Doubling and addition edge cases of the complete formulas.
			var p2, sum point
			c.double(&p2, &gp)
			checkPoint(t, c, "double", p2, refAdd(c, g, g))
			c.add(&sum, &gp, &gp)
			checkPoint(t, c, "add(P,P)", sum, refAdd(c, g, g))
			neg := gp
			c.fp.neg(&neg.y, &neg.y)
			c.add(&sum, &gp, &neg)
			checkPoint(t, c, "add(P,-P)", sum, refPoint{inf: true})
			id := c.identity()
			c.add(&sum, &id, &gp)
			checkPoint(t, c, "add(O,P)", sum, g)
			c.double(&sum, &id)
			checkPoint(t, c, "double(O)", sum, refPoint{inf: true})
		})
	}
}

func TestFieldArithmetic(t *testing.T) {
	for _, c := range Curves() {
		for _, f := range []*field{c.fp, c.fq} {
			m := f.mBig
			for i := 0; i < 50; i++ {
				a, b := randBelow(t, m), randBelow(t, m)
				if i == 0 {
					a = new(big.Int).Sub(m, big.NewInt(1))
					b = new(big.Int).Sub(m, big.NewInt(1))
				}
				am, bm := f.fromBig(a), f.fromBig(b)
				var z fe
				f.mul(&z, &am, &bm)
				if want := new(big.Int).Mod(new(big.Int).Mul(a, b), m); f.toBig(&z).Cmp(want) != 0 {
					t.Fatalf("%s mul", c.Name)
				}
				f.add(&z, &am, &bm)
				if want := new(big.Int).Mod(new(big.Int).Add(a, b), m); f.toBig(&z).Cmp(want) != 0 {
					t.Fatalf("%s add", c.Name)
				}
				f.sub(&z, &am, &bm)
				if want := new(big.Int).Mod(new(big.Int).Sub(a, b), m); f.toBig(&z).Cmp(want) != 0 {
					t.Fatalf("%s sub", c.Name)
				}
				f.inv(&z, &am)
				if want := new(big.Int).ModInverse(a, m); a.Sign() != 0 && f.toBig(&z).Cmp(want) != 0 {
					t.Fatalf("%s inv", c.Name)
				}
				pa := bigToFe(a)
				if f.lessThanM(&pa) != 1 {
					t.Fatalf("%s lessThanM", c.Name)
				}
			}
			pm := f.m
			if f.lessThanM(&pm) != 0 {
				t.Fatalf("%s lessThanM(m)", c.Name)
			}
		}
	}
}

func TestJacobianVerifyMult(t *testing.T) {
	for _, c := range Curves() {
		g := refG(c)
		for i := 0; i < 8; i++ {
			u1, u2 := randBelow(t, c.Q), randBelow(t, c.Q)
			if i == 0 {
				u1 = new(big.Int)
			}
			if i == 1 {
				u2 = new(big.Int)
			}
			q := refMul(c, g, randBelow(t, c.Q))
			if i == 2 { // u1·G + u2·Q = O with Q = G, u2 = q - u1
				q = g
				u2 = new(big.Int).Sub(c.Q, u1)
			}
			if i == 3 { // doubling inside the additions: Q = G, u2 = u1
				q = g
				u2 = new(big.Int).Set(u1)
			}
			want := refAdd(c, refMul(c, g, u1), refMul(c, q, u2))
			qp := c.pointFromBig(q.x, q.y)
			x, ok := c.verifyMultX(u1, u2, &qp)
			if want.inf != !ok || (ok && x.Cmp(want.x) != 0) {
				t.Errorf("%s case %d: got %x %v, want %x %v", c.Name, i, x, ok, want.x, want.inf)
			}
			if !want.inf {
				r := new(big.Int).Mod(want.x, c.Q)
				if !c.verifyCheck(u1, u2, &qp, r) {
					t.Errorf("%s case %d: verifyCheck rejected x mod q", c.Name, i)
				}
				r.Add(r, big.NewInt(1))
				if c.verifyCheck(u1, u2, &qp, r) {
					t.Errorf("%s case %d: verifyCheck accepted x mod q + 1", c.Name, i)
				}
			} else if c.verifyCheck(u1, u2, &qp, big.NewInt(0)) {
				t.Errorf("%s case %d: verifyCheck accepted the identity", c.Name, i)
			}
		}
	}
}

func TestFieldSquare(t *testing.T) {
	for _, c := range Curves() {
		f := c.fp
		for i := 0; i < 200; i++ {
			a := randBelow(t, f.mBig)
			if i == 0 {
				a.Sub(f.mBig, big.NewInt(1))
			}
			am := f.fromBig(a)
			var z fe
			f.sqr(&z, &am)
			if want := new(big.Int).Mod(new(big.Int).Mul(a, a), f.mBig); f.toBig(&z).Cmp(want) != 0 {
				t.Fatalf("%s sqr", c.Name)
			}
		}
	}
}

// verifyMultX is u1·G + u2·p with the Jacobian formulas but the fixed-base
// comb for G (a second path to cross-check verifyCheck against).
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
