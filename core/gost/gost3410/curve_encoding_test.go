package gost3410

import (
	"encoding/asn1"
	"testing"
)

func TestEncodingOID(t *testing.T) {
	want := map[*Curve]asn1.ObjectIdentifier{
		CurveTC26256A: {1, 2, 643, 7, 1, 2, 1, 1, 1},
		CurveTC26256B: {1, 2, 643, 2, 2, 35, 1},
		CurveTC26256C: {1, 2, 643, 2, 2, 35, 2},
		CurveTC26256D: {1, 2, 643, 2, 2, 35, 3},
		Curve2001Test: {1, 2, 643, 2, 2, 35, 0},
		CurveTC26512A: {1, 2, 643, 7, 1, 2, 1, 2, 1},
		CurveTC26512C: {1, 2, 643, 7, 1, 2, 1, 2, 3},
	}
	for c, oid := range want {
		if got := c.EncodingOID(); !got.Equal(oid) {
			t.Errorf("%s: EncodingOID %v, want %v", c.Name, got, oid)
		}
		if back, ok := CurveByOID(c.EncodingOID()); !ok || back != c {
			t.Errorf("%s: EncodingOID does not resolve back", c.Name)
		}
	}
}
