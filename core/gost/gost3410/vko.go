package gost3410

import (
	"hash"
	"math/big"

	"github.com/gosdesk/gosdesk/core/gost/gost341194"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

// KEK computes the VKO GOST R 34.10-2012 shared key (RFC 7836 §4.3):
//
//	K   = (cofactor · UKM · d mod q) · pub
//	KEK = Streebog(K.x || K.y), each coordinate little-endian PointSize bytes
//
// ukm is read little-endian and must not be 0 mod q. hashSize selects
// VKO_GOSTR3410_2012_256 (32, Streebog-256) or VKO_GOSTR3410_2012_512 (64,
// Streebog-512); either works with 256- and 512-bit keys. The scalar
// multiplication runs in constant time.
func (k *PrivateKey) KEK(pub *PublicKey, ukm []byte, hashSize int) ([]byte, error) {
	var h hash.Hash
	switch hashSize {
	case streebog.Size256:
		h = streebog.New256()
	case streebog.Size512:
		h = streebog.New512()
	default:
		return nil, ErrHashSize
	}
	return k.vko(pub, ukm, k.Curve.Cofactor, h)
}

// KEK2001 computes the VKO GOST R 34.10-2001 shared key (RFC 4357 §5.2):
// K = (UKM · d mod q) · pub, KEK = GOST R 34.11-94 (CryptoPro parameters)
// of K.x || K.y, each little-endian. ukm is read little-endian (normally 8
// bytes).
func (k *PrivateKey) KEK2001(pub *PublicKey, ukm []byte) ([]byte, error) {
	return k.vko(pub, ukm, big.NewInt(1), gost341194.NewCryptoPro())
}

func (k *PrivateKey) vko(pub *PublicKey, ukm []byte, cofactor *big.Int, h hash.Hash) ([]byte, error) {
	c := k.Curve
	if pub == nil || pub.Curve != c {
		return nil, ErrCurveMismatch
	}
	if !pub.valid() {
		return nil, ErrInvalidPublicKey
	}
	u := new(big.Int).SetBytes(reverse(ukm)) // UKM is public
	u.Mul(u, cofactor)
	u.Mod(u, c.Q)
	if u.Sign() == 0 {
		return nil, ErrUKM
	}
	// s = cofactor·UKM·d mod q, in constant time with respect to d.
	fq := c.fq
	uM := fq.fromBig(u)
	var dM, s fe
	fq.toMont(&dM, &k.d)
	fq.mul(&s, &uM, &dM)
	fq.fromMont(&s, &s)
	p := c.pointFromBig(pub.X, pub.Y)
	r := c.scalarMult(&p, &s)
	// r ≠ O: pub has order q and 0 < s < q.
	x, y := c.toAffine(&r)
	var xp, yp fe
	c.fp.fromMont(&xp, &x)
	c.fp.fromMont(&yp, &y)
	n := c.PointSize
	h.Write(reverse(bytesBE(&xp, n)))
	h.Write(reverse(bytesBE(&yp, n)))
	return h.Sum(nil), nil
}
