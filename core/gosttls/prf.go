package gosttls

import (
	"encoding/binary"

	"github.com/gosdesk/gosdesk/core/gost/kdf"
)

// prf is PRF_TLS_GOSTR3411_2012_256 (RFC 9189 §8.1): the TLS 1.2 PRF
// P_hash of RFC 5246 §5 with HMAC_GOSTR3411_2012_256.
func prf(secret []byte, label string, seed []byte, n int) []byte {
	ls := append([]byte(label), seed...)
	out := make([]byte, 0, n+32)
	h := kdf.NewHMAC256(secret)
	h.Write(ls)
	a := h.Sum(nil) // A(1)
	for len(out) < n {
		h.Reset()
		h.Write(a)
		h.Write(ls)
		out = h.Sum(out)
		h.Reset()
		h.Write(a)
		a = h.Sum(a[:0])
	}
	return out[:n]
}

// tlstree derives the record key of sequence number seq from the root key
// (RFC 9189 §8.1):
//
//	TLSTREE(K, i) = KDF_3(KDF_2(KDF_1(K, STR_8(i & C1)), STR_8(i & C2)), STR_8(i & C3))
//	KDF_j(K, D)   = KDF_GOSTR3411_2012_256(K, "levelj", D)
//
// The three levels are cached: the key changes only when i & C3 does.
type tlstree struct {
	root  []byte
	c     [3]uint64
	valid bool
	seed  [3]uint64
	key   [3][]byte
}

func (t *tlstree) derive(seq uint64) []byte {
	labels := [3]string{"level1", "level2", "level3"}
	parent := t.root
	for j := 0; j < 3; j++ {
		s := seq & t.c[j]
		if !t.valid || t.seed[j] != s {
			var d [8]byte
			binary.BigEndian.PutUint64(d[:], s)
			t.key[j] = kdf.KDF256(parent, []byte(labels[j]), d[:])
			t.seed[j] = s
			// every lower level must be recomputed
			for k := j + 1; k < 3; k++ {
				t.key[k] = nil
			}
		}
		if t.key[j] == nil {
			var d [8]byte
			binary.BigEndian.PutUint64(d[:], s)
			t.key[j] = kdf.KDF256(parent, []byte(labels[j]), d[:])
			t.seed[j] = s
		}
		parent = t.key[j]
	}
	t.valid = true
	return t.key[2]
}
