// Package kdf implements the keyed constructions over Streebog used with
// GOST keys: HMAC_GOSTR3411_2012_256/512 (RFC 7836, section 4.1; Р 50.1.113-2016),
// KDF_GOSTR3411_2012_256 and KDF_TREE_GOSTR3411_2012_256 (RFC 7836,
// sections 4.4 and 4.5) and PBKDF2 with HMAC-Streebog-512 (RFC 9337).
package kdf

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"encoding/binary"
	"hash"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

// NewHMAC256 returns HMAC_GOSTR3411_2012_256 keyed with key (32-byte output).
func NewHMAC256(key []byte) hash.Hash { return hmac.New(streebog.New256, key) }

// NewHMAC512 returns HMAC_GOSTR3411_2012_512 keyed with key (64-byte output).
func NewHMAC512(key []byte) hash.Hash { return hmac.New(streebog.New512, key) }

// KDF256 returns the 32 bytes of KDF_GOSTR3411_2012_256(key, label, seed) =
// HMAC256(key, 0x01 || label || 0x00 || seed || 0x01 || 0x00)
// (RFC 7836, section 4.4). It equals KDFTree256(key, label, seed, 1, 32).
func KDF256(key, label, seed []byte) []byte {
	return KDFTree256(key, label, seed, 1, streebog.Size256)
}

// KDFTree256 returns length bytes of
// KDF_TREE_GOSTR3411_2012_256(key, label, seed, R=r) (RFC 7836, section 4.5):
// K(1) || K(2) || … truncated to length, where
//
//	K(i) = HMAC256(key, [i]_r || label || 0x00 || seed || [L]).
//
// [i]_r is the counter in r big-endian bytes and [L] is L = 8·length, the
// output size in bits, in big-endian with no leading zero bytes (so 256 is
// 0x01 0x00 and 512 is 0x02 0x00, as in the RFC's examples).
//
// KDFTree256 panics if r is not 1…4, if length < 1, or if the output would
// need more than 2^(8r) − 1 blocks: these are fixed parameters of a
// protocol, not data.
func KDFTree256(key, label, seed []byte, r, length int) []byte {
	if r < 1 || r > 4 {
		panic("kdf: KDF_TREE counter size r must be 1, 2, 3 or 4")
	}
	if length < 1 {
		panic("kdf: KDF_TREE output length must be positive")
	}
	blocks := (uint64(length) + streebog.Size256 - 1) / streebog.Size256
	if blocks > 1<<(8*uint(r))-1 {
		panic("kdf: KDF_TREE output length too large for the counter size")
	}
	var lenBuf [8]byte
	binary.BigEndian.PutUint64(lenBuf[:], uint64(length)*8)
	lBytes := lenBuf[:]
	for len(lBytes) > 1 && lBytes[0] == 0 {
		lBytes = lBytes[1:]
	}

	mac := NewHMAC256(key)
	out := make([]byte, 0, blocks*streebog.Size256)
	var ctr [4]byte
	for i := uint64(1); i <= blocks; i++ {
		binary.BigEndian.PutUint32(ctr[:], uint32(i))
		mac.Reset()
		mac.Write(ctr[4-r:])
		mac.Write(label)
		mac.Write([]byte{0})
		mac.Write(seed)
		mac.Write(lBytes)
		out = mac.Sum(out)
	}
	return out[:length]
}

// PBKDF2 returns keyLen bytes of PBKDF2 (RFC 8018, section 5.2) with the
// pseudorandom function HMAC_GOSTR3411_2012_512, as specified in RFC 9337.
//
// PBKDF2 panics if iter < 1 or keyLen is not in 1 … (2^32 − 1)·64; callers
// taking these from outside data (PKCS#12, PKCS#8) must check them first.
func PBKDF2(password, salt []byte, iter, keyLen int) []byte {
	if iter < 1 {
		panic("kdf: PBKDF2 iteration count must be positive")
	}
	dk, err := pbkdf2.Key(streebog.New512, string(password), salt, iter, keyLen)
	if err != nil {
		panic("kdf: " + err.Error())
	}
	return dk
}
