package pfx

import (
	"crypto/rand"
	"crypto/sha1"
	"io"
	"unicode/utf16"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/keystore/internal/pbe"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// EncodeOptions configure Encode.
type EncodeOptions struct {
	FriendlyName string    // shown by CSP/Windows on import; optional
	CACerts      [][]byte  // extra certificates (DER) to include
	Iterations   int       // PBKDF2 iterations; 2000 when 0
	Rand         io.Reader // crypto/rand.Reader when nil
}

// Encode writes a PFX in the TC26 format (R 50.1.112-2016 / RFC 9548), as
// OpenSSL writes it with "-keypbe gost89 -certpbe gost89": the key in a
// PBES2 (PBKDF2-HMAC-Streebog-512, GOST 28147-89 CFB, S-box Z) shrouded
// bag, the certificates in a PBES2 EncryptedData, and an
// HMAC-Streebog-512 MAC.
func Encode(key *gost3410.PrivateKey, cert []byte, password string, opts EncodeOptions) ([]byte, error) {
	if key == nil {
		return nil, kserr.New(kserr.CodeNoPrivateKey, nil, "")
	}
	r := opts.Rand
	if r == nil {
		r = rand.Reader
	}
	iter := opts.Iterations
	if iter == 0 {
		iter = 2000
	}
	keyID := sha1.Sum(key.PublicKey().Raw())
	attrs := func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			if opts.FriendlyName != "" {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidFriendlyName)
					b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.Tag(30), func(b *cryptobyte.Builder) {
							for _, c := range utf16.Encode([]rune(opts.FriendlyName)) {
								b.AddUint16(c)
							}
						})
					})
				})
			}
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidLocalKeyID)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddASN1OctetString(keyID[:]) })
			})
		})
	}

	// Key bag.
	epki, err := encryptKey(key, password, iter, r)
	if err != nil {
		return nil, err
	}
	var kb cryptobyte.Builder
	kb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidShroudedBag)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(epki) })
			attrs(b)
		})
	})
	keyBags, err := kb.Bytes()
	if err != nil {
		return nil, err
	}

	// Certificate bags.
	var cb cryptobyte.Builder
	cb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		all := append([][]byte{}, opts.CACerts...)
		if cert != nil {
			all = append([][]byte{cert}, all...)
		}
		for i, c := range all {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidCertBag)
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidX509Cert)
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1OctetString(c)
						})
					})
				})
				if i == 0 && cert != nil {
					attrs(b)
				}
			})
		}
	})
	certBags, err := cb.Bytes()
	if err != nil {
		return nil, err
	}
	certAlg, certCT, err := pbe.EncryptGost(password, certBags, iter, r)
	if err != nil {
		return nil, err
	}

	var as cryptobyte.Builder
	as.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidEncryptedData)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1Int64(0)
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidData)
						b.AddBytes(certAlg)
						b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(certCT) })
					})
				})
			})
		})
		addData(b, keyBags)
	})
	authSafe, err := as.Bytes()
	if err != nil {
		return nil, err
	}

	salt := make([]byte, 32)
	if _, err := io.ReadFull(r, salt); err != nil {
		return nil, err
	}
	macKey, err := pbe.GostMACKey(streebog.New512, password, salt, iter)
	if err != nil {
		return nil, err
	}
	mac := pbe.HMAC(streebog.New512, macKey, authSafe)

	var out cryptobyte.Builder
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		addData(b, authSafe)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(pbe.OIDStreebog512)
				})
				b.AddASN1OctetString(mac)
			})
			b.AddASN1OctetString(salt)
			b.AddASN1Int64(int64(iter))
		})
	})
	return out.Bytes()
}

// addData adds ContentInfo { data, [0] OCTET STRING content }.
func addData(b *cryptobyte.Builder, content []byte) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(content)
		})
	})
}

func encryptKey(key *gost3410.PrivateKey, password string, iter int, r io.Reader) ([]byte, error) {
	der, err := pkcs8.MarshalPrivateKey(key)
	if err != nil {
		return nil, err
	}
	alg, ct, err := pbe.EncryptGost(password, der, iter, r)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(alg)
		b.AddASN1OctetString(ct)
	})
	return b.Bytes()
}
