package gosttls

import (
	"bytes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"hash"

	"github.com/gosdesk/gosdesk/core/gost/acpkm"
	"github.com/gosdesk/gosdesk/core/gost/gost28147"
)

// recordCipher protects the records of one direction.
type recordCipher interface {
	// seal returns the protected fragment of plaintext (a record of type typ
	// with sequence number seq).
	seal(seq uint64, typ uint8, plaintext []byte) ([]byte, error)
	// open returns the plaintext of a protected fragment, or errBadMAC.
	open(seq uint64, typ uint8, fragment []byte) ([]byte, error)
}

// macHeader is seq_num || type || version || length (RFC 5246 §6.2.3.1).
func macHeader(seq uint64, typ uint8, n int) []byte {
	var h [13]byte
	binary.BigEndian.PutUint64(h[:], seq)
	h[8] = typ
	binary.BigEndian.PutUint16(h[9:], versionTLS12)
	binary.BigEndian.PutUint16(h[11:], uint16(n))
	return h[:]
}

// ctrOMAC is the record protection of the CTR_OMAC suites (RFC 9189
// §4.1.1): for record i,
//
//	K_MAC_i = TLSTREE(MAC_write_key, i), K_ENC_i = TLSTREE(write_key, i)
//	IV_i    = (write_IV + i) mod 2^(n/2)
//	MAC_i   = OMAC(K_MAC_i, i || type || version || length || fragment)
//	record  = CTR-ACPKM(K_ENC_i, IV_i, fragment || MAC_i)
//
// The CTR mode re-keys by ACPKM every 4096 bytes (Kuznyechik) or 1024
// bytes (Magma) inside a record, as OpenSSL's kuznyechik-ctr-acpkm and
// magma-ctr-acpkm do (checked against it with 16 KB records).
type ctrOMAC struct {
	s       *suite
	macTree tlstree
	encTree tlstree
	iv      []byte
	macKey  []byte // last derived keys and their ciphers
	encKey  []byte
	macBlk  cipher.Block
	encBlk  cipher.Block
}

func newCTROMAC(s *suite, macKey, encKey, iv []byte) *ctrOMAC {
	return &ctrOMAC{s: s,
		macTree: tlstree{root: bytes.Clone(macKey), c: s.c},
		encTree: tlstree{root: bytes.Clone(encKey), c: s.c},
		iv:      bytes.Clone(iv)}
}

func (c *ctrOMAC) ciphers(seq uint64) (mac, enc cipher.Block, err error) {
	mk := c.macTree.derive(seq)
	if c.macBlk == nil || !bytes.Equal(mk, c.macKey) {
		if c.macBlk, err = c.s.newBlock(mk); err != nil {
			return nil, nil, err
		}
		c.macKey = bytes.Clone(mk)
	}
	c.encKey = c.encTree.derive(seq)
	return c.macBlk, nil, nil
}

// recordIV is (IV + seq) mod 2^(8·len(IV)), big-endian.
func recordIV(iv []byte, seq uint64) []byte {
	out := bytes.Clone(iv)
	carry := uint64(0)
	for i := len(out) - 1; i >= 0; i-- {
		v := uint64(out[i]) + (seq & 0xff) + carry
		out[i] = byte(v)
		carry = v >> 8
		seq >>= 8
	}
	return out
}

// stream is CTR-ACPKM keyed with K_ENC_i from IV_i.
func (c *ctrOMAC) stream(seq uint64) (cipher.Stream, error) {
	return acpkm.NewCTRACPKM(c.s.newBlock, c.encKey, recordIV(c.iv, seq), c.s.section)
}

func (c *ctrOMAC) tag(mac cipher.Block, seq uint64, typ uint8, plaintext []byte) ([]byte, error) {
	h, err := acpkm.NewOMAC(mac, c.s.macLen)
	if err != nil {
		return nil, err
	}
	h.Write(macHeader(seq, typ, len(plaintext)))
	h.Write(plaintext)
	return h.Sum(nil), nil
}

func (c *ctrOMAC) seal(seq uint64, typ uint8, plaintext []byte) ([]byte, error) {
	mac, _, err := c.ciphers(seq)
	if err != nil {
		return nil, err
	}
	t, err := c.tag(mac, seq, typ, plaintext)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(plaintext)+len(t))
	out = append(append(out, plaintext...), t...)
	st, err := c.stream(seq)
	if err != nil {
		return nil, err
	}
	st.XORKeyStream(out, out)
	return out, nil
}

func (c *ctrOMAC) open(seq uint64, typ uint8, fragment []byte) ([]byte, error) {
	if len(fragment) < c.s.macLen {
		return nil, errBadMAC
	}
	mac, _, err := c.ciphers(seq)
	if err != nil {
		return nil, err
	}
	buf := bytes.Clone(fragment)
	st, err := c.stream(seq)
	if err != nil {
		return nil, err
	}
	st.XORKeyStream(buf, buf)
	n := len(buf) - c.s.macLen
	t, err := c.tag(mac, seq, typ, buf[:n])
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(t, buf[n:]) != 1 {
		return nil, errBadMAC
	}
	return buf[:n], nil
}

// cntIMIT is the record protection of the 28147 CNT_IMIT suites (RFC 9189
// §4.1.2, CryptoPro's TLS): the GOST 28147-89 gamma (counter mode, S-box
// Z, CryptoPro key meshing) and the GOST 28147-89 MAC both run over the
// whole connection; the MAC of record i covers the MAC inputs of records
// 0…i, so every record authenticates all before it.
type cntIMIT struct {
	stream cipher.Stream
	mac    hash.Hash
}

func newCNTIMIT(macKey, encKey, iv []byte) (*cntIMIT, error) {
	st, err := gost28147.NewCNT(encKey, iv, gost28147.SBoxZ, true)
	if err != nil {
		return nil, err
	}
	m, err := gost28147.NewMAC(macKey, nil, gost28147.SBoxZ, gost28147.DefaultMACSize, true)
	if err != nil {
		return nil, err
	}
	return &cntIMIT{stream: st, mac: m}, nil
}

func (c *cntIMIT) seal(seq uint64, typ uint8, plaintext []byte) ([]byte, error) {
	c.mac.Write(macHeader(seq, typ, len(plaintext)))
	c.mac.Write(plaintext)
	out := make([]byte, 0, len(plaintext)+gost28147.DefaultMACSize)
	out = c.mac.Sum(append(out, plaintext...))
	c.stream.XORKeyStream(out, out)
	return out, nil
}

func (c *cntIMIT) open(seq uint64, typ uint8, fragment []byte) ([]byte, error) {
	if len(fragment) < gost28147.DefaultMACSize {
		return nil, errBadMAC
	}
	buf := bytes.Clone(fragment)
	c.stream.XORKeyStream(buf, buf)
	n := len(buf) - gost28147.DefaultMACSize
	c.mac.Write(macHeader(seq, typ, n))
	c.mac.Write(buf[:n])
	if subtle.ConstantTimeCompare(c.mac.Sum(nil), buf[n:]) != 1 {
		return nil, errBadMAC
	}
	return buf[:n], nil
}
