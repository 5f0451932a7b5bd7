package streebog

import "strconv"

// lpsTable[k][v] is the contribution of byte value v in byte position j of
// input word k to output word j of the transformation LPS = L∘P∘S.
// S maps every byte through pi, P (tau) moves byte j of word k to byte k of
// word j, and L applies l to every word; l is linear, so the eight
// contributions to an output word can be XORed together.
var lpsTable [8][256]uint64

// c holds the iteration constants C_1 … C_12 as little-endian 64-bit words.
var c [12][8]uint64

// lin is the linear transformation l of one 64-bit word (RFC 6986, 6.3).
func lin(x uint64) uint64 {
	var r uint64
	for i := range 64 {
		if x>>(63-i)&1 != 0 {
			r ^= a[i]
		}
	}
	return r
}

func init() {
	var tauInv [64]int
	for i, t := range tau {
		tauInv[t] = i
	}
	for k := range 8 {
		// P moves byte 8k (byte 0 of word k) to position tauInv[8k]; every
		// byte of word k lands at the same byte position of its output word.
		shift := 8 * uint(tauInv[8*k]%8)
		for v := range 256 {
			lpsTable[k][v] = lin(uint64(pi[v]) << shift)
		}
	}
	for i, s := range cHex {
		for j := range 8 {
			// Word j holds digits (7-j)*16 … (8-j)*16 of the big-endian
			// number: the least significant word comes last in the text.
			w, err := strconv.ParseUint(s[(7-j)*16:(8-j)*16], 16, 64)
			if err != nil {
				panic("streebog: bad iteration constant: " + err.Error())
			}
			c[i][j] = w
		}
	}
}
