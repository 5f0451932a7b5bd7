package pfx

import (
	"crypto/hmac"
	"encoding/asn1"
	"unicode/utf16"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/gost/gost341194"
	"github.com/gosdesk/gosdesk/core/gost/kdf"
	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// cryptoProPasswordKey derives the key of the CryptoPro key bag PBE
// (1.2.840.113549.1.12.1.80): K₀ = UTF-16LE(password),
// Kᵢ = H94(Kᵢ₋₁ || salt || uint16_be(i)) for i = 1..iter.
func cryptoProPasswordKey(password string, salt []byte, iter int) []byte {
	u := utf16.Encode([]rune(password))
	k := make([]byte, 0, 2*len(u))
	for _, c := range u {
		k = append(k, byte(c), byte(c>>8))
	}
	h := gost341194.NewCryptoPro()
	for i := 1; i <= iter; i++ {
		h.Reset()
		h.Write(k)
		h.Write(salt)
		h.Write([]byte{byte(i >> 8), byte(i)})
		k = h.Sum(k[:0])
	}
	return k
}

// Key blob types (bytes 4–5 of the CryptoAPI blob header).
const (
	blob2012_256 = 0xaa46
	blob2012_512 = 0xaa42
	blob2001     = 0xaa24
)

// decryptCryptoPro decrypts a CryptoPro key bag: params SEQUENCE { salt,
// iterations }, content GOST 28147-89 CFB (CryptoPro-A, IV = salt[:8]).
func decryptCryptoPro(params []byte, password string, ct []byte) (*gost3410.PrivateKey, error) {
	salt, iter, err := pbe.ParseSaltIter(params)
	if err != nil || len(salt) < 8 {
		return nil, malformed("CryptoPro PBE parameters")
	}
	key := cryptoProPasswordKey(password, salt, iter)
	st, err := gost28147.NewCFBDecrypter(key, salt[:8], gost28147.SBoxCryptoProA, false)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	st.XORKeyStream(plain, ct)

	// SEQUENCE { version, algorithm, OCTET STRING blob, ... }
	s := cryptobyte.String(plain)
	var seq, blob cryptobyte.String
	var v int
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&v) || !seq.SkipASN1(cbasn1.SEQUENCE) ||
		!seq.ReadASN1(&blob, cbasn1.OCTET_STRING) || len(blob) < 16 {
		return nil, kserr.ErrWrongPassword
	}
	btype := int(blob[4]) | int(blob[5])<<8
	b := cryptobyte.String(blob[16:])
	var outer, inner, ukm, wrapped, encKey, mac, info cryptobyte.String
	if !b.ReadASN1(&outer, cbasn1.SEQUENCE) || !outer.ReadASN1(&inner, cbasn1.SEQUENCE) ||
		!inner.ReadASN1(&ukm, cbasn1.OCTET_STRING) || len(ukm) != 8 ||
		!inner.ReadASN1(&wrapped, cbasn1.SEQUENCE) || !wrapped.ReadASN1(&encKey, cbasn1.OCTET_STRING) ||
		!wrapped.ReadASN1(&mac, cbasn1.OCTET_STRING) ||
		!inner.ReadASN1(&info, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, malformed("CryptoPro key blob")
	}
	curve, err := blobCurve(info)
	if err != nil {
		return nil, err
	}
	var kek []byte
	switch btype {
	case blob2012_256, blob2012_512:
		kek = kdf.KDF256(key, []byte{0x26, 0xbd, 0xb8, 0x78}, ukm)
	case blob2001:
		if kek, err = gost28147.KeyDiversifyCryptoPro(key, ukm, gost28147.SBoxCryptoProA); err != nil {
			return nil, err
		}
	default:
		return nil, kserr.New(kserr.CodeUnsupported, nil, "CryptoPro key blob type %04x", btype)
	}
	if len(encKey) != curve.PointSize || len(encKey)%8 != 0 {
		return nil, malformed("CryptoPro key blob: key size")
	}
	blk, err := gost28147.NewCipher(kek, gost28147.SBoxCryptoProA)
	if err != nil {
		return nil, err
	}
	d := make([]byte, len(encKey))
	for i := 0; i < len(d); i += 8 {
		blk.Decrypt(d[i:i+8], encKey[i:i+8])
	}
	// The blob MAC is GOST 28147-89 MAC of d under the KEK with the UKM
	// as IV, as in the RFC 4357 key wrap.
	if !checkBlobMAC(kek, ukm, d, mac) {
		return nil, kserr.ErrWrongPassword
	}
	k, err := gost3410.NewPrivateKey(curve, d)
	if err != nil {
		return nil, kserr.ErrWrongPassword
	}
	return k, nil
}

func checkBlobMAC(kek, ukm, d, want []byte) bool {
	m, err := gost28147.NewMAC(kek, ukm, gost28147.SBoxCryptoProA, len(want), false)
	if err != nil || len(want) == 0 {
		return false
	}
	m.Write(d)
	return hmac.Equal(m.Sum(nil), want)
}

// blobCurve reads [0] { attributes BIT STRING, [0] { alg, { curve, digest } } }.
func blobCurve(info cryptobyte.String) (*gost3410.Curve, error) {
	var alg, params cryptobyte.String
	var algOID, curveOID asn1.ObjectIdentifier
	info.SkipOptionalASN1(cbasn1.BIT_STRING)
	if !info.ReadASN1(&alg, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!alg.ReadASN1ObjectIdentifier(&algOID) || !alg.ReadASN1(&params, cbasn1.SEQUENCE) ||
		!params.ReadASN1ObjectIdentifier(&curveOID) {
		return nil, malformed("CryptoPro key blob: parameters")
	}
	c, ok := gost3410.CurveByOID(curveOID)
	if !ok {
		return nil, kserr.New(kserr.CodeUnknownCurve, nil, "%v", curveOID)
	}
	return c, nil
}
