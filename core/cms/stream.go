package cms

import (
	"bytes"
	"crypto"
	"io"

	"github.com/gosdesk/gosdesk/core/pki"
)

// SignTo signs content and writes the DER signature to w. A detached
// signature streams content once. An attached signature of an
// io.ReadSeeker (a file) reads it twice, hashing and then copying, and never
// holds it in memory; the second pass is hashed again and a file changed in
// between is an error. Other readers are buffered for attached signatures.
func SignTo(w io.Writer, content io.Reader, signer crypto.Signer, cert *pki.Certificate, opts *SignOptions) error {
	if opts == nil {
		opts = &SignOptions{}
	}
	rs, seekable := content.(io.ReadSeeker)
	if !opts.Attached || !seekable {
		sig, err := Sign(content, signer, cert, opts)
		if err != nil {
			return err
		}
		_, err = w.Write(sig)
		if err != nil {
			return newError(CodeIO, err, "")
		}
		return nil
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return newError(CodeIO, err, "")
	}
	end, err := rs.Seek(0, io.SeekEnd)
	if err != nil {
		return newError(CodeIO, err, "")
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return newError(CodeIO, err, "")
	}
	size := end - start
	// Pass 1: hash and sign as a detached signature.
	detached := *opts
	detached.Attached = false
	sd := &SignedData{Version: 1, ContentType: OIDData}
	if err := sd.AddSigner(io.LimitReader(rs, size), signer, cert, &detached); err != nil {
		return err
	}
	head, tail, err := sd.marshalParts()
	if err != nil {
		return err
	}
	// ContentInfo { OID, [0] { SignedData { head, encap, tail } } } with
	// encap = SEQ { OID data, [0] { OCTET STRING content } }.
	oid := oidDER(OIDData)
	octHdr := derHeader(0x04, size)
	explicit := derHeader(0xa0, int64(len(octHdr))+size)
	encapLen := int64(len(oid)+len(explicit)+len(octHdr)) + size
	encapHdr := derHeader(0x30, encapLen)
	sdLen := int64(len(head)+len(encapHdr)) + encapLen + int64(len(tail))
	sdHdr := derHeader(0x30, sdLen)
	ctx := derHeader(0xa0, int64(len(sdHdr))+sdLen)
	signedDataOID := oidDER(OIDSignedData)
	ciLen := int64(len(signedDataOID)+len(ctx)+len(sdHdr)) + sdLen
	var pre bytes.Buffer
	pre.Write(derHeader(0x30, ciLen))
	pre.Write(signedDataOID)
	pre.Write(ctx)
	pre.Write(sdHdr)
	pre.Write(head)
	pre.Write(encapHdr)
	pre.Write(oid)
	pre.Write(explicit)
	pre.Write(octHdr)
	if _, err := w.Write(pre.Bytes()); err != nil {
		return newError(CodeIO, err, "")
	}
	// Pass 2: copy, hashing again.
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return newError(CodeIO, err, "")
	}
	si := sd.Signers[0]
	h, _ := pki.NewHash(si.DigestAlgorithm.Algorithm)
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(rs, size))
	if err != nil {
		return newError(CodeIO, err, "")
	}
	if n != size || !bytes.Equal(h.Sum(nil), si.MessageDigest) {
		return newError(CodeIO, nil, "файл изменился во время подписи")
	}
	if _, err := w.Write(tail); err != nil {
		return newError(CodeIO, err, "")
	}
	return nil
}

// derHeader returns a DER tag and definite length for n content bytes.
func derHeader(tag byte, n int64) []byte {
	switch {
	case n < 0x80:
		return []byte{tag, byte(n)}
	case n < 1<<8:
		return []byte{tag, 0x81, byte(n)}
	case n < 1<<16:
		return []byte{tag, 0x82, byte(n >> 8), byte(n)}
	case n < 1<<24:
		return []byte{tag, 0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	case n < 1<<32:
		return []byte{tag, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	default:
		return []byte{tag, 0x88, byte(n >> 56), byte(n >> 48), byte(n >> 40), byte(n >> 32), byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	}
}
