package pki

import "encoding/asn1"

// knownCurveOIDs are the curve parameter OIDs GOST keys may carry.
var knownCurveOIDs = []asn1.ObjectIdentifier{
	{1, 2, 643, 7, 1, 2, 1, 1, 1}, {1, 2, 643, 7, 1, 2, 1, 1, 2}, {1, 2, 643, 7, 1, 2, 1, 1, 3}, {1, 2, 643, 7, 1, 2, 1, 1, 4},
	{1, 2, 643, 7, 1, 2, 1, 2, 0}, {1, 2, 643, 7, 1, 2, 1, 2, 1}, {1, 2, 643, 7, 1, 2, 1, 2, 2}, {1, 2, 643, 7, 1, 2, 1, 2, 3},
	{1, 2, 643, 2, 2, 35, 0}, {1, 2, 643, 2, 2, 35, 1}, {1, 2, 643, 2, 2, 35, 2}, {1, 2, 643, 2, 2, 35, 3},
	{1, 2, 643, 2, 2, 36, 0}, {1, 2, 643, 2, 2, 36, 1},
}

func knownCurve(p *PublicKeyInfo) bool {
	if p == nil {
		return false
	}
	for _, o := range knownCurveOIDs {
		if o.Equal(p.CurveOID) {
			// 512-bit curves only with 512-bit keys and vice versa.
			is512 := len(o) == 9 && o[7] == 2 && o[6] == 1
			return is512 == (len(p.Key) == 128)
		}
	}
	return false
}
