package gosttls

import (
	"encoding/asn1"
	"fmt"
	"io"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/acpkm"
	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/gost/kdf"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/pki"
)

// oidSBoxZ is id-tc26-gost-28147-param-Z, the encryptionParamSet of the
// key transport of the CNT_IMIT suites.
var oidSBoxZ = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 5, 1, 1}

// keyExchange builds the ClientKeyExchange body for suite s: it makes the
// 32-byte premaster secret, an ephemeral key on the server key's curve and
// the transport blob of RFC 9189 §8.2. It returns the body and the PMS.
func keyExchange(s *suite, server *gost3410.PublicKey, clientRandom, serverRandom []byte, rnd io.Reader) (body, pms []byte, err error) {
	pms = make([]byte, 32)
	if _, err := io.ReadFull(rnd, pms); err != nil {
		return nil, nil, err
	}
	eph, err := gost3410.GenerateKey(server.Curve, rnd)
	if err != nil {
		return nil, nil, err
	}
	spki, err := pki.MarshalPublicKeyInfo(eph.PublicKey())
	if err != nil {
		return nil, nil, err
	}
	h := streebog.New256()
	h.Write(clientRandom)
	h.Write(serverRandom)
	hash := h.Sum(nil) // H = Streebog256(r_c || r_s)
	switch s.kind {
	case kindCTROMAC:
		expMAC, expENC, err := keg(eph, server, hash)
		if err != nil {
			return nil, nil, err
		}
		psexp, err := kexp15(s, pms, expMAC, expENC, hash[24:24+s.ivLen])
		if err != nil {
			return nil, nil, err
		}
		// PSKeyTransport ::= SEQUENCE { PSEXP OCTET STRING, ephemeralPublicKey SubjectPublicKeyInfo }
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(psexp)
			b.AddBytes(spki)
		})
		body, err = b.Bytes()
		return body, pms, err
	case kindCNTIMIT:
		ukm := hash[:8]
		kek, err := eph.KEK(server, ukm, streebog.Size256)
		if err != nil {
			return nil, nil, err
		}
		wrapped, err := gost28147.KeyWrapCryptoPro(kek, ukm, pms, gost28147.SBoxZ)
		clear(kek)
		if err != nil {
			return nil, nil, err
		}
		enc, mac := wrapped[8:40], wrapped[40:44]
		// TLSGostKeyTransportBlob ::= SEQUENCE { keyBlob GostR3410-KeyTransport, ... }
		// GostR3410-KeyTransport ::= SEQUENCE {
		//   sessionEncryptedKey Gost28147-89-EncryptedKey ::= SEQUENCE { encryptedKey OCTET STRING, macKey OCTET STRING },
		//   transportParameters [0] IMPLICIT SEQUENCE { encryptionParamSet OID,
		//     ephemeralPublicKey [0] IMPLICIT SubjectPublicKeyInfo, ukm OCTET STRING } }
		spkiBody := cryptobyte.String(spki)
		var inner cryptobyte.String
		if !spkiBody.ReadASN1(&inner, cbasn1.SEQUENCE) {
			return nil, nil, fmt.Errorf("gosttls: bad ephemeral SPKI")
		}
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(enc)
					b.AddASN1OctetString(mac)
				})
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidSBoxZ)
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddBytes(inner)
					})
					b.AddASN1OctetString(ukm)
				})
			})
		})
		body, err = b.Bytes()
		return body, pms, err
	}
	return nil, nil, fmt.Errorf("gosttls: unknown suite kind")
}

// keg is the KEG function of RFC 9189 §8.2.1 (R 1323565.1.020-2018): with
// UKM = H[0:16] (1 if zero),
//
//	256-bit keys: K_EXP = KDF_TREE_GOSTR3411_2012_256(VKO_256(d, Q, UKM), "kdf tree", H[16:24], R=1), 512 bits
//	512-bit keys: K_EXP = VKO_512(d, Q, UKM)
//
// and K_EXP = K_EXP_MAC || K_EXP_ENC.
func keg(priv *gost3410.PrivateKey, pub *gost3410.PublicKey, h []byte) (expMAC, expENC []byte, err error) {
	// UKM = INT(H[0:16]) with H read big-endian (RFC 9189 §8.2.1); the
	// VKO of core/gost reads its UKM little-endian, hence the reversal.
	ukm := append([]byte(nil), h[:16]...)
	slices.Reverse(ukm)
	zero := true
	for _, x := range ukm {
		if x != 0 {
			zero = false
		}
	}
	if zero {
		ukm[0] = 1 // UKM is read little-endian: the integer 1
	}
	var out []byte
	if priv.Curve.PointSize == 64 {
		out, err = priv.KEK(pub, ukm, streebog.Size512)
		if err != nil {
			return nil, nil, err
		}
	} else {
		k, err := priv.KEK(pub, ukm, streebog.Size256)
		if err != nil {
			return nil, nil, err
		}
		out = kdf.KDFTree256(k, []byte("kdf tree"), h[16:24], 1, 64)
		clear(k)
	}
	return out[:32], out[32:64], nil
}

// kexp15 is the KExp15 key export of RFC 9189 §8.2.2 (R 1323565.1.017-2018):
//
//	KExp15(S, K_MAC, K_ENC, IV) = CTR(K_ENC, IV, S || OMAC(K_MAC, IV || S))
//
// with the suite's block cipher and a full-block OMAC.
func kexp15(s *suite, key, kMAC, kENC, iv []byte) ([]byte, error) {
	mb, err := s.newBlock(kMAC)
	if err != nil {
		return nil, err
	}
	m, err := acpkm.NewOMAC(mb, mb.BlockSize())
	if err != nil {
		return nil, err
	}
	m.Write(iv)
	m.Write(key)
	out := m.Sum(append([]byte(nil), key...))
	eb, err := s.newBlock(kENC)
	if err != nil {
		return nil, err
	}
	st, err := acpkm.NewCTR(eb, iv)
	if err != nil {
		return nil, err
	}
	st.XORKeyStream(out, out)
	return out, nil
}
