package xmltok

import (
	"bytes"
	"testing"
	"testing/iotest"
)

// FuzzTokenizer compares the verdict with encoding/xml's (refCheck) on
// arbitrary bytes, allowing only the documented differences, checks
// that reading one byte at a time gives the same tokens, and that the
// positions (in characters) are where the markup starts.
func FuzzTokenizer(f *testing.F) {
	for _, c := range corpus {
		f.Add([]byte(c.doc))
	}
	for _, doc := range positionDocs()[:4] {
		f.Add([]byte(doc))
	}
	f.Add([]byte("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e 'x y'>]>\n<r a='&e;&#10;'>&e;<![CDATA[]]]]><!--c--><?p q?></r>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := check(data, nil)
		ref := refCheck(data)
		if (err == nil) != (ref == nil) && !explained(data, err, ref) {
			t.Errorf("%q: %v; encoding/xml: %v", data, err, ref)
		}
		whole := transcript(data, nil, nil)
		if one := transcript(nil, iotest.OneByteReader(bytes.NewReader(data)), nil); one != whole {
			t.Errorf("%q one byte at a time:\n got %s\nwant %s", data, one, whole)
		}
		checkPositions(t, data, bytes.NewReader(data), "whole")
	})
}
