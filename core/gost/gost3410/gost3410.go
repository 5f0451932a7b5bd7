// Package gost3410 implements GOST R 34.10-2012 digital signatures (RFC 7091)
// with 256- and 512-bit keys over every standard parameter set (RFC 4357,
// RFC 7836), and the VKO GOST R 34.10-2012 key agreement (RFC 7836 §4.3).
//
// Byte conventions follow CMS and X.509 (RFC 9215, RFC 4490):
//   - a private key is stored little-endian (PKCS#8, CryptoPro containers);
//   - a public key is X little-endian || Y little-endian;
//   - the digest (Streebog output bytes) is read as a little-endian integer;
//   - a signature is s || r, each big-endian.
//
// Operations on private keys (key generation, public key derivation,
// signing, VKO) run in constant time with respect to the secret scalars:
// fixed-limb Montgomery arithmetic, full-table masked lookups and complete
// addition formulas. Verification works on public data and runs in variable
// time.
package gost3410

import (
	"crypto"
	"crypto/subtle"
	"errors"
	"io"
	"math/big"
	"sync"
)

var (
	// ErrKeySize means a raw key has the wrong length for its curve.
	ErrKeySize = errors.New("gost3410: неверная длина ключа (invalid key length)")
	// ErrKeyRange means a private key is not in [1, q-1].
	ErrKeyRange = errors.New("gost3410: закрытый ключ вне диапазона (private key out of range)")
	// ErrInvalidPublicKey means a public key is not a point of order q.
	ErrInvalidPublicKey = errors.New("gost3410: недопустимый открытый ключ (invalid public key)")
	// ErrDigestSize means a digest is not PointSize bytes long.
	ErrDigestSize = errors.New("gost3410: неверная длина хэша (invalid digest length)")
	// ErrCurveMismatch means the two keys are on different curves.
	ErrCurveMismatch = errors.New("gost3410: ключи на разных кривых (curve mismatch)")
	// ErrUKM means a VKO user keying material is empty or zero.
	ErrUKM = errors.New("gost3410: недопустимый UKM (invalid UKM)")
	// ErrHashSize means a VKO hash size other than 32 or 64 was requested.
	ErrHashSize = errors.New("gost3410: размер хэша VKO должен быть 32 или 64 (VKO hash size must be 32 or 64)")
	// ErrNilCurve means no curve was given.
	ErrNilCurve = errors.New("gost3410: кривая не задана (nil curve)")
)

// PrivateKey is a GOST R 34.10-2012 private key. It implements crypto.Signer.
type PrivateKey struct {
	Curve *Curve

	d      fe // plain scalar, 0 < d < q
	pubMu  sync.Once
	pubKey *PublicKey
}

// PublicKey is a GOST R 34.10-2012 public key: the affine point (X, Y).
type PublicKey struct {
	Curve *Curve
	X, Y  *big.Int
}

// GenerateKey returns a new private key on c with d uniform in [1, q-1].
func GenerateKey(c *Curve, rand io.Reader) (*PrivateKey, error) {
	if c == nil {
		return nil, ErrNilCurve
	}
	d, err := randScalar(c, rand)
	if err != nil {
		return nil, err
	}
	return &PrivateKey{Curve: c, d: d}, nil
}

// randScalar reads PointSize bytes from rand as a big-endian integer, keeps
// the low bitlen(q) bits and retries until the value is in [1, q-1].
func randScalar(c *Curve, rand io.Reader) (fe, error) {
	buf := make([]byte, c.PointSize)
	for {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return fe{}, err
		}
		excess := 8*c.PointSize - c.qBitLen
		buf[0] &= byte(0xff >> uint(excess))
		k := setBytesBE(buf)
		ok := c.fq.lessThanM(&k) & (1 ^ c.fq.isZero(&k))
		if ok == 1 {
			return k, nil
		}
	}
}

// NewPrivateKey returns the private key whose scalar d is given
// little-endian in raw (the PKCS#8 and CryptoPro layout). len(raw) must be
// c.PointSize and 0 < d < q.
func NewPrivateKey(c *Curve, raw []byte) (*PrivateKey, error) {
	if c == nil {
		return nil, ErrNilCurve
	}
	if len(raw) != c.PointSize {
		return nil, ErrKeySize
	}
	return newPrivateKeyBE(c, reverse(raw))
}

// NewPrivateKeyBE is NewPrivateKey for a big-endian d.
func NewPrivateKeyBE(c *Curve, raw []byte) (*PrivateKey, error) {
	if c == nil {
		return nil, ErrNilCurve
	}
	if len(raw) != c.PointSize {
		return nil, ErrKeySize
	}
	return newPrivateKeyBE(c, raw)
}

func newPrivateKeyBE(c *Curve, be []byte) (*PrivateKey, error) {
	d := setBytesBE(be)
	if c.fq.lessThanM(&d)&(1^c.fq.isZero(&d)) != 1 {
		return nil, ErrKeyRange
	}
	return &PrivateKey{Curve: c, d: d}, nil
}

// Raw returns d little-endian, PointSize bytes.
func (k *PrivateKey) Raw() []byte {
	return reverse(bytesBE(&k.d, k.Curve.PointSize))
}

// PublicKey returns the public key d·G (computed once).
func (k *PrivateKey) PublicKey() *PublicKey {
	k.pubMu.Do(func() {
		c := k.Curve
		p := c.scalarBaseMult(&k.d)
		x, y, _ := c.affineBig(&p)
		k.pubKey = &PublicKey{Curve: c, X: x, Y: y}
	})
	return k.pubKey
}

// Public returns the *PublicKey; it makes PrivateKey a crypto.Signer.
func (k *PrivateKey) Public() crypto.PublicKey { return k.PublicKey() }

// Equal reports whether x is a *PrivateKey with the same curve and scalar.
func (k *PrivateKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*PrivateKey)
	if !ok || o.Curve != k.Curve {
		return false
	}
	return subtle.ConstantTimeCompare(bytesBE(&k.d, k.Curve.PointSize), bytesBE(&o.d, o.Curve.PointSize)) == 1
}

// NewPublicKey parses raw = X || Y, each little-endian PointSize bytes (the
// contents of the SubjectPublicKeyInfo OCTET STRING). It rejects points that
// are not on the curve or not of order q.
func NewPublicKey(c *Curve, raw []byte) (*PublicKey, error) {
	if c == nil {
		return nil, ErrNilCurve
	}
	if len(raw) != 2*c.PointSize {
		return nil, ErrKeySize
	}
	x := new(big.Int).SetBytes(reverse(raw[:c.PointSize]))
	y := new(big.Int).SetBytes(reverse(raw[c.PointSize:]))
	p := &PublicKey{Curve: c, X: x, Y: y}
	if !p.valid() {
		return nil, ErrInvalidPublicKey
	}
	return p, nil
}

// valid checks that the key is an affine point of the curve in the subgroup
// of order q (the identity has no affine form, so it is excluded).
func (p *PublicKey) valid() bool {
	c := p.Curve
	if c == nil || p.X == nil || p.Y == nil || !c.isOnCurve(p.X, p.Y) {
		return false
	}
	if c.Cofactor.Cmp(big.NewInt(1)) == 0 {
		return true // a prime-order group: every affine point has order q
	}
	pt := c.pointFromBig(p.X, p.Y)
	qm1 := new(big.Int).Sub(c.Q, big.NewInt(1))
	// (q-1)·P == -P  ⇔  q·P == O
	r := c.verifyMult(new(big.Int), qm1, &pt)
	x, y, ok := c.affineBig(&r)
	if !ok {
		return false
	}
	negY := new(big.Int).Sub(c.P, p.Y)
	negY.Mod(negY, c.P)
	return x.Cmp(p.X) == 0 && y.Cmp(negY) == 0
}

// Raw returns X || Y, each little-endian PointSize bytes.
func (p *PublicKey) Raw() []byte {
	n := p.Curve.PointSize
	out := make([]byte, 2*n)
	p.X.FillBytes(out[:n])
	p.Y.FillBytes(out[n:])
	copy(out[:n], reverse(out[:n]))
	copy(out[n:], reverse(out[n:]))
	return out
}

// Equal reports whether x is a *PublicKey with the same curve and point.
func (p *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	if !ok {
		return false
	}
	return p.Curve == o.Curve && p.X.Cmp(o.X) == 0 && p.Y.Cmp(o.Y) == 0
}
