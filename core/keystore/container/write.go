package container

import (
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// WriteOptions configure Write.
type WriteOptions struct {
	Name        string    // container name for name.key; required
	PIN         string    // "" for a container without a PIN
	Certificate []byte    // DER certificate stored in the header; optional
	Exportable  bool      // set the pkaExportable key attribute
	Rand        io.Reader // crypto/rand.Reader when nil
}

// Write creates a container folder dir (which must not exist) holding the
// GOST R 34.10-2012 key, protected by opts.PIN, with a reserve copy in
// masks2.key/primary2.key, in the layout CryptoPro CSP uses.
//
// The files open with this package and with tools following the public
// description of the format. The 4-byte MACs CSP keeps in header.key and
// masks.key are not reproduced (their algorithm is not public), so CSP's
// own acceptance of a written container is not verified.
func Write(dir string, key *gost3410.PrivateKey, opts WriteOptions) (*Container, error) {
	if key == nil || key.Curve == nil {
		return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "")
	}
	if opts.Name == "" {
		return nil, kserr.New(kserr.CodeMalformed, nil, "empty container name")
	}
	for i := 0; i < len(opts.PIN); i++ {
		if opts.PIN[i] >= 0x80 {
			return nil, kserr.New(kserr.CodeUnsupported, nil, "PIN must be ASCII (CSP's PIN KDF is defined for ASCII)")
		}
	}
	r := opts.Rand
	if r == nil {
		r = rand.Reader
	}
	c := key.Curve
	alg, digest := OIDGost2012_256, OIDStreebog256
	if c.PointSize == 64 {
		alg, digest = OIDGost2012_512, OIDStreebog512
	}
	pub := key.PublicKey().Raw()
	hdr, err := marshalHeader(alg, c.OID, digest, pub[:8], opts)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		FileHeader: hdr,
		FileName:   marshalName(opts.Name),
	}
	for _, pair := range [][2]string{{FileMasks, FilePrimary}, {FileMasks2, FilePrimary2}} {
		m, p, err := maskKey(key, opts.PIN, r)
		if err != nil {
			return nil, err
		}
		files[pair[0]], files[pair[1]] = m, p
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "%s", dir)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			os.RemoveAll(dir)
			return nil, kserr.New(kserr.CodeMalformed, err, "%s", dir)
		}
	}
	return Open(dir)
}

// maskKey returns masks.key and primary.key for the key under the PIN.
func maskKey(key *gost3410.PrivateKey, pin string, r io.Reader) (masks, primary []byte, err error) {
	c := key.Curve
	salt := make([]byte, 12)
	if _, err := io.ReadFull(r, salt); err != nil {
		return nil, nil, err
	}
	var m *big.Int
	for m == nil || m.Sign() == 0 {
		buf := make([]byte, c.PointSize+8)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, nil, err
		}
		m = new(big.Int).SetBytes(buf)
		m.Mod(m, c.Q)
	}
	d := leInt(key.Raw())
	km := d.Mul(d, m)
	km.Mod(km, c.Q)
	kek, err := pinKey(pin, salt, false)
	if err != nil {
		return nil, nil, err
	}
	enc, err := ecb(kek, leBytes(km, c.PointSize), false, false)
	if err != nil {
		return nil, nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1OctetString(leBytes(m, c.PointSize))
		b.AddASN1OctetString(salt)
		b.AddASN1OctetString(make([]byte, 4))
	})
	if masks, err = b.Bytes(); err != nil {
		return nil, nil, err
	}
	var p cryptobyte.Builder
	p.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1OctetString(enc) })
	primary, err = p.Bytes()
	return masks, primary, err
}

func addBitString(b *cryptobyte.Builder, bits []int, n int) {
	var v byte
	for _, i := range bits {
		v |= 0x80 >> uint(i)
	}
	b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) {
		b.AddUint8(uint8(8 - n))
		b.AddUint8(v)
	})
}

func marshalHeader(alg, curve, digest asn1.ObjectIdentifier, fp []byte, opts WriteOptions) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(OIDContainerAlgorithm)
			})
			cattrs := []int{AttrReservePrimary}
			if opts.PIN != "" {
				cattrs = append(cattrs, AttrSoftPassword)
			}
			addBitString(b, cattrs, 2)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				var kattrs []int
				if opts.Exportable {
					kattrs = append(kattrs, KeyAttrExportable)
				}
				addBitString(b, kattrs, 1)
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(alg)
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(curve)
						b.AddASN1ObjectIdentifier(digest)
					})
				})
			})
			if opts.Certificate != nil {
				b.AddASN1(cbasn1.Tag(5).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(opts.Certificate) })
			}
			b.AddASN1(cbasn1.Tag(10).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(fp) })
		})
		b.AddASN1OctetString(make([]byte, 4))
	})
	return b.Bytes()
}

func marshalName(name string) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(name)) })
	})
	return b.BytesOrPanic()
}

// NewDir returns a free folder name for a container named name under
// root, as CSP names them: the first 8 characters of the name (characters
// outside [A-Za-z0-9_-] replaced by '_') and the extension .000, .001, ...
func NewDir(root, name string) (string, error) {
	var sb strings.Builder
	for _, r := range name {
		if sb.Len() >= 8 {
			break
		}
		if r < 0x80 && (r == '-' || r == '_' || (r >= '0' && r <= '9') || (r|0x20 >= 'a' && r|0x20 <= 'z')) {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('_')
		}
	}
	base := sb.String()
	if base == "" {
		base = "key"
	}
	for i := 0; i < 1000; i++ {
		p := filepath.Join(root, fmt.Sprintf("%s.%03d", base, i))
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", kserr.New(kserr.CodeMalformed, nil, "no free container folder in %s", root)
}
