package cms

import (
	"bytes"
	"encoding/asn1"
	"sort"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// addAlgorithm writes an AlgorithmIdentifier (parameters absent when nil).
func addAlgorithm(b *cryptobyte.Builder, a AlgorithmIdentifier) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(a.Algorithm)
		if a.Parameters != nil {
			b.AddBytes(a.Parameters)
		}
	})
}

// addSetOf writes the DER elements sorted, as DER requires for SET OF.
func addSetOf(b *cryptobyte.Builder, tag cbasn1.Tag, elems [][]byte) {
	sorted := append([][]byte{}, elems...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, e := range sorted {
			b.AddBytes(e)
		}
	})
}

func marshalAlgorithm(a AlgorithmIdentifier) []byte {
	var b cryptobyte.Builder
	addAlgorithm(&b, a)
	return b.BytesOrPanic()
}

// Marshal encodes sd as a DER ContentInfo. Existing signer infos and
// certificates are written back byte for byte; SETs are DER-sorted.
func (sd *SignedData) Marshal() ([]byte, error) {
	head, tail, err := sd.marshalParts()
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(OIDSignedData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddBytes(head)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(sd.ContentType)
					if sd.Content != nil {
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1OctetString(sd.Content)
						})
					}
				})
				b.AddBytes(tail)
			})
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, newError(CodeSign, err, "кодирование")
	}
	return out, nil
}

// marshalParts returns the DER of the SignedData fields before
// encapContentInfo (version, digestAlgorithms) and after it (certificates,
// crls, signerInfos).
func (sd *SignedData) marshalParts() (head, tail []byte, err error) {
	var digests [][]byte
	seen := map[string]bool{}
	for _, a := range sd.DigestAlgorithms {
		der := marshalAlgorithm(a)
		if !seen[string(der)] {
			seen[string(der)] = true
			digests = append(digests, der)
		}
	}
	var signers [][]byte
	for _, si := range sd.Signers {
		if si.Raw == nil {
			return nil, nil, newError(CodeSign, nil, "SignerInfo без DER")
		}
		signers = append(signers, si.Raw)
	}
	version := int64(sd.Version)
	if version == 0 {
		version = 1
	}
	var h cryptobyte.Builder
	h.AddASN1Int64(version)
	addSetOf(&h, cbasn1.SET, digests)
	var t cryptobyte.Builder
	if len(sd.RawCertificates) > 0 {
		addSetOf(&t, cbasn1.Tag(0).Constructed().ContextSpecific(), sd.RawCertificates)
	}
	if len(sd.RawCRLs) > 0 {
		addSetOf(&t, cbasn1.Tag(1).Constructed().ContextSpecific(), sd.RawCRLs)
	}
	addSetOf(&t, cbasn1.SET, signers)
	if head, err = h.Bytes(); err == nil {
		tail, err = t.Bytes()
	}
	if err != nil {
		return nil, nil, newError(CodeSign, err, "кодирование")
	}
	return head, tail, nil
}

func oidDER(o asn1.ObjectIdentifier) []byte {
	var b cryptobyte.Builder
	b.AddASN1ObjectIdentifier(o)
	return b.BytesOrPanic()
}
