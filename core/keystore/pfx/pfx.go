// Package pfx reads and writes PKCS#12 (PFX) files with GOST keys:
//
//   - the TC26 format of R 50.1.112-2016 / RFC 9548 (OpenSSL's
//     "-keypbe gost89"): PBES2 with PBKDF2-HMAC-Streebog-512 and
//     GOST 28147-89 CFB, MAC key = last 32 bytes of a 96-byte PBKDF2;
//   - CryptoPro CSP's export: the proprietary key bag PBE
//     1.2.840.113549.1.12.1.80 (password hashed with GOST R 34.11-94, key
//     blob wrapped under a KDF_GOSTR3411_2012_256 or RFC 4357 diversified
//     KEK), certificates in 3DES or PBES2/AES bags, SHA-1/SHA-256 MAC.
//
// Every key found is checked against the certificate with the same public
// key; a wrong password gives kserr.ErrWrongPassword.
package pfx

import (
	"bytes"
	"crypto/hmac"
	"encoding/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers.
var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedBag   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
)

// Entry is a key with its certificate.
type Entry struct {
	Key          *gost3410.PrivateKey
	Certificate  []byte // DER; nil when the PFX has no matching certificate
	FriendlyName string
}

// PFX is a decoded PFX file.
type PFX struct {
	Entries      []Entry  // one per private key
	Certificates [][]byte // all certificates (DER), including CA ones
	// Format is "tc26" when the key bag used PBES2 (RFC 9548),
	// "cryptopro" for the 1.2.840.113549.1.12.1.80 bag, "plain" for an
	// unencrypted key bag.
	Format string
}

func malformed(d string) error { return kserr.New(kserr.CodeMalformed, nil, "PFX: %s", d) }

// Decode parses and decrypts a PFX. Keys that are not GOST give
// kserr.ErrUnsupported; a PFX without a private key gives
// kserr.ErrNoPrivateKey.
func Decode(data []byte, password string) (*PFX, error) {
	der, err := berToDER(data)
	if err != nil {
		return nil, malformed("not ASN.1")
	}
	s := cryptobyte.String(der)
	var seq, authSafe cryptobyte.String
	var version int
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&version) || version != 3 ||
		!seq.ReadASN1(&authSafe, cbasn1.SEQUENCE) {
		return nil, malformed("not a PKCS#12 PFX")
	}
	content, err := readDataContent(authSafe)
	if err != nil {
		return nil, err
	}
	if !seq.Empty() {
		var mac cryptobyte.String
		if !seq.ReadASN1(&mac, cbasn1.SEQUENCE) {
			return nil, malformed("macData")
		}
		if err := verifyMAC(mac, password, content); err != nil {
			return nil, err
		}
	}
	p := &PFX{}
	var keys []bagKey
	cs := cryptobyte.String(content)
	var safes cryptobyte.String
	if !cs.ReadASN1(&safes, cbasn1.SEQUENCE) {
		return nil, malformed("AuthenticatedSafe")
	}
	for !safes.Empty() {
		var ci cryptobyte.String
		var ctype asn1.ObjectIdentifier
		if !safes.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ctype) {
			return nil, malformed("ContentInfo")
		}
		var bags []byte
		switch {
		case ctype.Equal(oidData):
			var w, o cryptobyte.String
			if !ci.ReadASN1(&w, cbasn1.Tag(0).Constructed().ContextSpecific()) || !w.ReadASN1(&o, cbasn1.OCTET_STRING) {
				return nil, malformed("data ContentInfo")
			}
			bags = o
		case ctype.Equal(oidEncryptedData):
			b, err := decryptEncryptedData(ci, password)
			if err != nil {
				return nil, err
			}
			bags = b
		default:
			continue // enveloped data etc.: not used for GOST exports
		}
		k, err := p.readBags(bags, password)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k...)
	}
	if len(keys) == 0 {
		return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "PFX")
	}
	for _, k := range keys {
		e := Entry{Key: k.key, FriendlyName: k.name}
		pub := k.key.PublicKey().Raw()
		for _, c := range p.Certificates {
			if ck, err := certKey(c); err == nil && bytes.Equal(ck, pub) {
				e.Certificate = c
				break
			}
		}
		if e.Certificate == nil && p.hasEndEntity() {
			// The PFX carries a leaf certificate, but not for this key:
			// the key was decrypted wrongly or the file is inconsistent.
			return nil, kserr.New(kserr.CodeKeyMismatch, nil, "PFX")
		}
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}

type bagKey struct {
	key        *gost3410.PrivateKey
	name       string
	localKeyID []byte
}

// hasEndEntity reports whether some certificate is a GOST non-CA one.
func (p *PFX) hasEndEntity() bool {
	for _, der := range p.Certificates {
		c, err := pki.ParseCertificate(der)
		if err == nil && c.PublicKeyInfo != nil && c.PublicKeyInfo.IsGost() && !c.IsCA {
			return true
		}
	}
	return false
}

func certKey(der []byte) ([]byte, error) {
	c, err := pki.ParseCertificate(der)
	if err != nil || c.PublicKeyInfo == nil || !c.PublicKeyInfo.IsGost() {
		return nil, kserr.ErrUnsupported
	}
	return c.PublicKeyInfo.Key, nil
}

func readDataContent(ci cryptobyte.String) ([]byte, error) {
	var ctype asn1.ObjectIdentifier
	var w, o cryptobyte.String
	if !ci.ReadASN1ObjectIdentifier(&ctype) || !ctype.Equal(oidData) ||
		!ci.ReadASN1(&w, cbasn1.Tag(0).Constructed().ContextSpecific()) || !w.ReadASN1(&o, cbasn1.OCTET_STRING) {
		return nil, kserr.New(kserr.CodeUnsupported, nil, "PFX: only password-integrity PFX files are supported")
	}
	return o, nil
}

func decryptEncryptedData(ci cryptobyte.String, password string) ([]byte, error) {
	var w, ed, eci, alg, ct cryptobyte.String
	var v int
	var ctype asn1.ObjectIdentifier
	if !ci.ReadASN1(&w, cbasn1.Tag(0).Constructed().ContextSpecific()) || !w.ReadASN1(&ed, cbasn1.SEQUENCE) ||
		!ed.ReadASN1Integer(&v) || !ed.ReadASN1(&eci, cbasn1.SEQUENCE) || !eci.ReadASN1ObjectIdentifier(&ctype) ||
		!eci.ReadASN1Element(&alg, cbasn1.SEQUENCE) || !eci.ReadASN1(&ct, cbasn1.Tag(0).ContextSpecific()) {
		return nil, malformed("EncryptedData")
	}
	plain, err := pbe.Decrypt(alg, password, ct)
	if err != nil {
		return nil, pbeError(err)
	}
	return plain, nil
}

func pbeError(err error) error {
	switch err {
	case pbe.ErrDecrypt:
		return kserr.ErrWrongPassword
	case pbe.ErrUnsupported:
		return kserr.New(kserr.CodeUnsupported, err, "PFX")
	}
	return kserr.New(kserr.CodeMalformed, err, "PFX")
}

func (p *PFX) readBags(der []byte, password string) ([]bagKey, error) {
	s := cryptobyte.String(der)
	var bags cryptobyte.String
	if !s.ReadASN1(&bags, cbasn1.SEQUENCE) {
		return nil, kserr.ErrWrongPassword // garbage after a stream cipher
	}
	var keys []bagKey
	for !bags.Empty() {
		var bag, val cryptobyte.String
		var id asn1.ObjectIdentifier
		if !bags.ReadASN1(&bag, cbasn1.SEQUENCE) || !bag.ReadASN1ObjectIdentifier(&id) ||
			!bag.ReadASN1(&val, cbasn1.Tag(0).Constructed().ContextSpecific()) {
			return nil, kserr.ErrWrongPassword
		}
		var name string
		var keyID []byte
		var attrs cryptobyte.String
		if bag.ReadASN1(&attrs, cbasn1.SET) {
			name, keyID = parseAttrs(attrs)
		}
		switch {
		case id.Equal(oidCertBag):
			var cb, cv, c cryptobyte.String
			var ct asn1.ObjectIdentifier
			if !val.ReadASN1(&cb, cbasn1.SEQUENCE) || !cb.ReadASN1ObjectIdentifier(&ct) {
				return nil, malformed("CertBag")
			}
			if ct.Equal(oidX509Cert) && cb.ReadASN1(&cv, cbasn1.Tag(0).Constructed().ContextSpecific()) &&
				cv.ReadASN1(&c, cbasn1.OCTET_STRING) {
				p.Certificates = append(p.Certificates, append([]byte(nil), c...))
			}
		case id.Equal(oidKeyBag):
			var pk cryptobyte.String
			if !val.ReadASN1Element(&pk, cbasn1.SEQUENCE) {
				return nil, malformed("KeyBag")
			}
			k, err := pkcs8.ParsePrivateKey(pk)
			if err != nil {
				return nil, err
			}
			p.setFormat("plain")
			keys = append(keys, bagKey{k, name, keyID})
		case id.Equal(oidShroudedBag):
			var epki cryptobyte.String
			if !val.ReadASN1Element(&epki, cbasn1.SEQUENCE) {
				return nil, malformed("PKCS8ShroudedKeyBag")
			}
			k, format, err := decryptShrouded(epki, password)
			if err != nil {
				return nil, err
			}
			p.setFormat(format)
			keys = append(keys, bagKey{k, name, keyID})
		}
	}
	return keys, nil
}

func (p *PFX) setFormat(f string) {
	if p.Format == "" {
		p.Format = f
	}
}

func parseAttrs(s cryptobyte.String) (name string, keyID []byte) {
	for !s.Empty() {
		var a, vals cryptobyte.String
		var id asn1.ObjectIdentifier
		if !s.ReadASN1(&a, cbasn1.SEQUENCE) || !a.ReadASN1ObjectIdentifier(&id) || !a.ReadASN1(&vals, cbasn1.SET) {
			return
		}
		var v cryptobyte.String
		switch {
		case id.Equal(oidFriendlyName):
			if vals.ReadASN1(&v, cbasn1.Tag(30)) { // BMPString
				r := make([]rune, 0, len(v)/2)
				for i := 0; i+1 < len(v); i += 2 {
					r = append(r, rune(v[i])<<8|rune(v[i+1]))
				}
				name = string(r)
			}
		case id.Equal(oidLocalKeyID):
			if vals.ReadASN1(&v, cbasn1.OCTET_STRING) {
				keyID = v
			}
		}
	}
	return
}

// decryptShrouded decrypts an EncryptedPrivateKeyInfo: PBES2 (TC26) or the
// CryptoPro PBE.
func decryptShrouded(epki []byte, password string) (*gost3410.PrivateKey, string, error) {
	s := cryptobyte.String(epki)
	var seq, algElem, ct cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&algElem, cbasn1.SEQUENCE) ||
		!seq.ReadASN1(&ct, cbasn1.OCTET_STRING) {
		return nil, "", malformed("EncryptedPrivateKeyInfo")
	}
	alg, err := pbe.ParseAlgorithmIdentifier(algElem)
	if err != nil {
		return nil, "", malformed("key bag algorithm")
	}
	if alg.Algorithm.Equal(pbe.OIDCryptoProPBE) {
		k, err := decryptCryptoPro(alg.Parameters, password, ct)
		return k, "cryptopro", err
	}
	k, err := pkcs8.DecryptPrivateKey(epki, password)
	return k, "tc26", err
}

func verifyMAC(mac cryptobyte.String, password string, content []byte) error {
	var di, dalg, digest, salt cryptobyte.String
	var halg asn1.ObjectIdentifier
	iter := 1
	if !mac.ReadASN1(&di, cbasn1.SEQUENCE) || !di.ReadASN1(&dalg, cbasn1.SEQUENCE) ||
		!dalg.ReadASN1ObjectIdentifier(&halg) || !di.ReadASN1(&digest, cbasn1.OCTET_STRING) ||
		!mac.ReadASN1(&salt, cbasn1.OCTET_STRING) {
		return malformed("macData")
	}
	if !mac.Empty() && (!mac.ReadASN1Integer(&iter) || iter < 1 || iter > pbe.MaxIterations) {
		return malformed("macData iterations")
	}
	h, ok := pbe.HashByOID(halg)
	if !ok {
		return kserr.New(kserr.CodeUnsupported, nil, "PFX MAC digest %v", halg)
	}
	var candidates [][]byte
	if halg.Equal(pbe.OIDStreebog256) || halg.Equal(pbe.OIDStreebog512) {
		k, err := pbe.GostMACKey(h, password, salt, iter)
		if err != nil {
			return err
		}
		candidates = append(candidates, k)
	}
	size := h().Size()
	candidates = append(candidates, pbe.PKCS12KDF(h, 3, pbe.BMPString(password), salt, iter, size))
	if password == "" {
		candidates = append(candidates, pbe.PKCS12KDF(h, 3, nil, salt, iter, size))
	}
	for _, k := range candidates {
		if hmac.Equal(pbe.HMAC(h, k, content), digest) {
			return nil
		}
	}
	return kserr.ErrWrongPassword
}
