// Package pbe implements the password-based encryption schemes met in
// PKCS#8 and PKCS#12 files with GOST keys: PBES2 (PBKDF2 with the
// HMAC-Streebog or HMAC-SHA PRFs; GOST 28147-89 CFB with key meshing or
// AES-CBC) and the PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC scheme that
// CryptoPro uses for certificate bags, plus the RFC 7292 and TC26 MAC keys.
package pbe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"errors"
	"hash"
	"io"
	"unicode/utf16"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers.
var (
	OIDPBES2            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	OIDPBKDF2           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	OIDPBEWithSHA3DES   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	OIDCryptoProPBE     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 80}
	OIDHMACSHA1         = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	OIDHMACSHA256       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	OIDHMACSHA512       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	OIDHMACStreebog256  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 4, 1}
	OIDHMACStreebog512  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 4, 2}
	OIDGost28147        = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 21}
	OIDAES128CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	OIDAES192CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	OIDAES256CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	OIDSHA1             = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	OIDSHA256           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	OIDSHA512           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	OIDStreebog256      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDStreebog512      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	OIDGost28147ParamZ  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 5, 1, 1}
	OIDGost28147ParamCP = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 31, 1}
)

// Errors. ErrUnsupported: unknown scheme; ErrMalformed: bad parameters or
// padding (a wrong password shows as ErrDecrypt when a padding check fails).
var (
	ErrUnsupported = errors.New("pbe: unsupported encryption scheme")
	ErrMalformed   = errors.New("pbe: malformed parameters")
	ErrDecrypt     = errors.New("pbe: decryption failed (wrong password?)")
)

// MaxIterations bounds the iteration counts accepted from files (real
// ones use 2000–2048; 10⁶ keeps a hostile file from stalling the app).
// Fuzz tests lower it.
var MaxIterations = 1 << 20

// HashByOID returns the hash of a digest algorithm OID.
func HashByOID(oid asn1.ObjectIdentifier) (func() hash.Hash, bool) {
	switch {
	case oid.Equal(OIDSHA1):
		return sha1.New, true
	case oid.Equal(OIDSHA256):
		return sha256.New, true
	case oid.Equal(OIDSHA512):
		return sha512.New, true
	case oid.Equal(OIDStreebog256):
		return streebog.New256, true
	case oid.Equal(OIDStreebog512):
		return streebog.New512, true
	}
	return nil, false
}

func prfByOID(oid asn1.ObjectIdentifier) (func() hash.Hash, bool) {
	switch {
	case oid == nil || oid.Equal(OIDHMACSHA1):
		return sha1.New, true
	case oid.Equal(OIDHMACSHA256):
		return sha256.New, true
	case oid.Equal(OIDHMACSHA512):
		return sha512.New, true
	case oid.Equal(OIDHMACStreebog256):
		return streebog.New256, true
	case oid.Equal(OIDHMACStreebog512):
		return streebog.New512, true
	}
	return nil, false
}

// BMPString returns the PKCS#12 password encoding: UTF-16BE with a
// terminating zero; the empty password gives just the terminator.
func BMPString(password string) []byte {
	u := utf16.Encode([]rune(password))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}

// PKCS12KDF is the key derivation of RFC 7292 Appendix B.2 with hash h of
// block size v: id 1 = key, 2 = IV, 3 = MAC key. pass is a BMPString.
func PKCS12KDF(h func() hash.Hash, id byte, pass, salt []byte, iter, n int) []byte {
	hh := h()
	u, v := hh.Size(), hh.BlockSize()
	D := make([]byte, v)
	for i := range D {
		D[i] = id
	}
	fill := func(b []byte) []byte {
		if len(b) == 0 {
			return nil
		}
		l := v * ((len(b) + v - 1) / v)
		out := make([]byte, l)
		for i := range out {
			out[i] = b[i%len(b)]
		}
		return out
	}
	I := append(fill(salt), fill(pass)...)
	var out []byte
	for len(out) < n {
		hh.Reset()
		hh.Write(D)
		hh.Write(I)
		A := hh.Sum(nil)
		for j := 1; j < iter; j++ {
			hh.Reset()
			hh.Write(A)
			A = hh.Sum(A[:0])
		}
		out = append(out, A...)
		if len(out) >= n {
			break
		}
		B := make([]byte, v)
		for i := range B {
			B[i] = A[i%u]
		}
		for j := 0; j < len(I); j += v {
			carry := 1
			for k := v - 1; k >= 0; k-- {
				s := int(I[j+k]) + int(B[k]) + carry
				I[j+k] = byte(s)
				carry = s >> 8
			}
		}
	}
	return out[:n]
}

// AlgorithmIdentifier is a parsed AlgorithmIdentifier.
type AlgorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters []byte // full DER of the parameters, nil when absent
}

// ParseAlgorithmIdentifier parses the DER of an AlgorithmIdentifier.
func ParseAlgorithmIdentifier(der []byte) (AlgorithmIdentifier, error) {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	var a AlgorithmIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.Algorithm) {
		return a, ErrMalformed
	}
	if !seq.Empty() {
		var p cryptobyte.String
		if !seq.ReadAnyASN1Element(&p, nil) {
			return a, ErrMalformed
		}
		a.Parameters = p
	}
	return a, nil
}

// Decrypt decrypts data encrypted under the scheme algID (DER
// AlgorithmIdentifier) with the password. The CryptoPro scheme
// 1.2.840.113549.1.12.1.80 is not handled here (see package pfx).
func Decrypt(algID []byte, password string, data []byte) ([]byte, error) {
	a, err := ParseAlgorithmIdentifier(algID)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Algorithm.Equal(OIDPBES2):
		return decryptPBES2(a.Parameters, password, data)
	case a.Algorithm.Equal(OIDPBEWithSHA3DES):
		return decryptPKCS12_3DES(a.Parameters, password, data)
	}
	return nil, ErrUnsupported
}

// ParseSaltIter parses PKCS#12 PBE parameters SEQUENCE { salt, iterations }.
func ParseSaltIter(params []byte) (salt []byte, iter int, err error) {
	s := cryptobyte.String(params)
	var seq, sl cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&sl, cbasn1.OCTET_STRING) ||
		!seq.ReadASN1Integer(&iter) || iter < 1 || iter > MaxIterations {
		return nil, 0, ErrMalformed
	}
	return sl, iter, nil
}

func decryptPKCS12_3DES(params []byte, password string, data []byte) ([]byte, error) {
	salt, iter, err := ParseSaltIter(params)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 || len(data)%8 != 0 {
		return nil, ErrMalformed
	}
	pass := BMPString(password)
	var last error
	// OpenSSL tries the empty password both as a lone terminator and as
	// no bytes at all; do the same.
	for _, p := range [][]byte{pass, nil} {
		key := PKCS12KDF(sha1.New, 1, p, salt, iter, 24)
		iv := PKCS12KDF(sha1.New, 2, p, salt, iter, 8)
		b, err := des.NewTripleDESCipher(key)
		if err != nil {
			return nil, err
		}
		out := make([]byte, len(data))
		cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, data)
		if out, err := unpad(out, 8); err == nil {
			return out, nil
		} else {
			last = err
		}
		if password != "" {
			break
		}
	}
	return nil, last
}

func unpad(b []byte, bs int) ([]byte, error) {
	if len(b) == 0 {
		return nil, ErrDecrypt
	}
	n := int(b[len(b)-1])
	if n == 0 || n > bs || n > len(b) {
		return nil, ErrDecrypt
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, ErrDecrypt
		}
	}
	return b[:len(b)-n], nil
}

type pbes2Params struct {
	salt   []byte
	iter   int
	keyLen int
	prf    asn1.ObjectIdentifier
	enc    AlgorithmIdentifier
}

func parsePBES2(params []byte) (*pbes2Params, error) {
	s := cryptobyte.String(params)
	var seq, kdf, kdfSeq, kdfParams, encElem cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&kdf, cbasn1.SEQUENCE) ||
		!seq.ReadASN1Element(&encElem, cbasn1.SEQUENCE) {
		return nil, ErrMalformed
	}
	var kdfOID asn1.ObjectIdentifier
	if !kdf.ReadASN1ObjectIdentifier(&kdfOID) {
		return nil, ErrMalformed
	}
	if !kdfOID.Equal(OIDPBKDF2) {
		return nil, ErrUnsupported
	}
	_ = kdfSeq
	if !kdf.ReadASN1(&kdfParams, cbasn1.SEQUENCE) {
		return nil, ErrMalformed
	}
	p := &pbes2Params{}
	var salt cryptobyte.String
	if !kdfParams.ReadASN1(&salt, cbasn1.OCTET_STRING) || !kdfParams.ReadASN1Integer(&p.iter) ||
		p.iter < 1 || p.iter > MaxIterations {
		return nil, ErrMalformed
	}
	p.salt = salt
	if kdfParams.PeekASN1Tag(cbasn1.INTEGER) {
		if !kdfParams.ReadASN1Integer(&p.keyLen) || p.keyLen < 1 || p.keyLen > 64 {
			return nil, ErrMalformed
		}
	}
	if kdfParams.PeekASN1Tag(cbasn1.SEQUENCE) {
		var prf cryptobyte.String
		kdfParams.ReadASN1(&prf, cbasn1.SEQUENCE)
		if !prf.ReadASN1ObjectIdentifier(&p.prf) {
			return nil, ErrMalformed
		}
	}
	var err error
	if p.enc, err = ParseAlgorithmIdentifier(encElem); err != nil {
		return nil, err
	}
	return p, nil
}

func decryptPBES2(params []byte, password string, data []byte) ([]byte, error) {
	p, err := parsePBES2(params)
	if err != nil {
		return nil, err
	}
	prf, ok := prfByOID(p.prf)
	if !ok {
		return nil, ErrUnsupported
	}
	switch {
	case p.enc.Algorithm.Equal(OIDGost28147):
		iv, sbox, err := parseGostParams(p.enc.Parameters)
		if err != nil {
			return nil, err
		}
		key, err := pbkdf2.Key(prf, password, p.salt, p.iter, 32)
		if err != nil {
			return nil, err
		}
		st, err := gost28147.NewCFBDecrypter(key, iv, sbox, true)
		if err != nil {
			return nil, err
		}
		out := make([]byte, len(data))
		st.XORKeyStream(out, data)
		return out, nil
	case p.enc.Algorithm.Equal(OIDAES128CBC), p.enc.Algorithm.Equal(OIDAES192CBC), p.enc.Algorithm.Equal(OIDAES256CBC):
		kl := map[int]int{2: 16, 22: 24, 42: 32}[p.enc.Algorithm[len(p.enc.Algorithm)-1]]
		s := cryptobyte.String(p.enc.Parameters)
		var iv cryptobyte.String
		if !s.ReadASN1(&iv, cbasn1.OCTET_STRING) || len(iv) != 16 || len(data)%16 != 0 || len(data) == 0 {
			return nil, ErrMalformed
		}
		key, err := pbkdf2.Key(prf, password, p.salt, p.iter, kl)
		if err != nil {
			return nil, err
		}
		b, _ := aes.NewCipher(key)
		out := make([]byte, len(data))
		cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, data)
		return unpad(out, 16)
	}
	return nil, ErrUnsupported
}

// parseGostParams parses Gost28147-89-Parameters ::= SEQUENCE { iv OCTET
// STRING (8), encryptionParamSet OID }.
func parseGostParams(params []byte) ([]byte, *gost28147.SBox, error) {
	s := cryptobyte.String(params)
	var seq, iv cryptobyte.String
	var ps asn1.ObjectIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&iv, cbasn1.OCTET_STRING) || len(iv) != 8 ||
		!seq.ReadASN1ObjectIdentifier(&ps) {
		return nil, nil, ErrMalformed
	}
	sbox, ok := gost28147.SBoxByOID(ps)
	if !ok {
		return nil, nil, ErrUnsupported
	}
	return iv, sbox, nil
}

// EncryptGost encrypts plaintext with PBES2 { PBKDF2-HMAC-Streebog-512,
// GOST 28147-89 CFB with S-box Z and key meshing } — the scheme of
// RFC 9548 / OpenSSL's "-keypbe gost89" — and returns the DER
// AlgorithmIdentifier and the ciphertext.
func EncryptGost(password string, plaintext []byte, iter int, rand io.Reader) (algID, ct []byte, err error) {
	salt := make([]byte, 32)
	iv := make([]byte, 8)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, nil, err
	}
	if _, err := io.ReadFull(rand, iv); err != nil {
		return nil, nil, err
	}
	key, err := pbkdf2.Key(streebog.New512, password, salt, iter, 32)
	if err != nil {
		return nil, nil, err
	}
	st, err := gost28147.NewCFBEncrypter(key, iv, gost28147.SBoxZ, true)
	if err != nil {
		return nil, nil, err
	}
	ct = make([]byte, len(plaintext))
	st.XORKeyStream(ct, plaintext)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(OIDPBES2)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(OIDPBKDF2)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(salt)
					b.AddASN1Int64(int64(iter))
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(OIDHMACStreebog512)
						b.AddASN1NULL()
					})
				})
			})
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(OIDGost28147)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(iv)
					b.AddASN1ObjectIdentifier(OIDGost28147ParamZ)
				})
			})
		})
	})
	algID, err = b.Bytes()
	return algID, ct, err
}

// GostMACKey derives the PFX MAC key of RFC 9548 for a GOST MAC digest:
// the last 32 bytes of PBKDF2-HMAC-<digest>(password, salt, iter, 96).
func GostMACKey(h func() hash.Hash, password string, salt []byte, iter int) ([]byte, error) {
	k, err := pbkdf2.Key(h, password, salt, iter, 96)
	if err != nil {
		return nil, err
	}
	return k[64:], nil
}

// HMAC computes HMAC-h(key, data).
func HMAC(h func() hash.Hash, key, data []byte) []byte {
	m := hmac.New(h, key)
	m.Write(data)
	return m.Sum(nil)
}
