package gost3410

import (
	"bytes"
	"crypto/rand"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

// Test-only encoders of the key formats the OpenSSL GOST engine reads
// (shared/specs/notes/gost.md §2.5).

var (
	oidAlg256    = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidAlg512    = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	oidDigest256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidDigest512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
)

// paramOID is a curve OID as a key names it (canonical or alias).
type paramOID struct {
	name string // OpenSSL paramset name, for messages
	oid  asn1.ObjectIdentifier
}

// The parameter sets the OpenSSL GOST engine supports (genpkey paramset:
// 0 A B C XA XB TCA TCB TCC TCD for 256 bits, A B C for 512 bits).
var (
	opensslParams256 = []paramOID{
		{"0", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0}},
		{"A", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 1}},
		{"B", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 2}},
		{"C", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 3}},
		{"XA", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 0}},
		{"XB", asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 1}},
		{"TCA", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}},
		{"TCB", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 2}},
		{"TCC", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 3}},
		{"TCD", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 4}},
	}
	opensslParams512 = []paramOID{
		{"A", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}},
		{"B", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 2}},
		{"C", asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 3}},
	}
)

type algID struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters keyParams
}

type keyParams struct {
	Curve  asn1.ObjectIdentifier
	Digest asn1.ObjectIdentifier `asn1:"optional"`
}

// algorithmFor mirrors what openssl genpkey writes: CryptoPro curve OIDs
// carry the Streebog-256 OID, tc26 256-bit OIDs do not, 512-bit keys carry
// Streebog-512.
func algorithmFor(c *Curve, p asn1.ObjectIdentifier) algID {
	if c.PointSize == 64 {
		return algID{oidAlg512, keyParams{p, oidDigest512}}
	}
	if len(p) == 7 && p[4] == 2 { // 1.2.643.2.2.x
		return algID{oidAlg256, keyParams{p, oidDigest256}}
	}
	return algID{oidAlg256, keyParams{Curve: p}}
}

func pkcs8PEM(t testing.TB, k *PrivateKey, p asn1.ObjectIdentifier) []byte {
	return pkcs8Raw(t, algorithmFor(k.Curve, p), k.Raw())
}

func spkiPEM(t testing.TB, pub *PublicKey, p asn1.ObjectIdentifier) []byte {
	return spkiRaw(t, algorithmFor(pub.Curve, p), pub.Raw())
}

// pkcs8Raw: SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING (LE d) }.
func pkcs8Raw(t testing.TB, alg algID, d []byte) []byte {
	der, err := asn1.Marshal(struct {
		Version int
		Alg     algID
		Key     []byte
	}{0, alg, d})
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// spkiRaw: SEQUENCE { AlgorithmIdentifier, BIT STRING (OCTET STRING (LE X || LE Y)) }.
func spkiRaw(t testing.TB, alg algID, xy []byte) []byte {
	inner, err := asn1.Marshal(xy)
	if err != nil {
		t.Fatal(err)
	}
	der, err := asn1.Marshal(struct {
		Alg algID
		Key asn1.BitString
	}{alg, asn1.BitString{Bytes: inner, BitLength: 8 * len(inner)}})
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

const oraclePairs = 500 // per direction per key size

// TestOracleOpenSSL: for 256- and 512-bit keys, cycling through every
// parameter set the OpenSSL GOST engine supports, 500 random pairs in each
// direction: OpenSSL signs and we verify; we sign and OpenSSL verifies. A
// few of our signatures are corrupted on purpose and must be rejected.
func TestOracleOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, fam := range []struct {
		name   string
		params []paramOID
	}{{"256", opensslParams256}, {"512", opensslParams512}} {
		t.Run(fam.name, func(t *testing.T) {
			dir := t.TempDir()
			var mu sync.Mutex
			var failures []string
			fail := func(format string, args ...any) {
				mu.Lock()
				defer mu.Unlock()
				if len(failures) < 10 {
					failures = append(failures, fmt.Sprintf(format, args...))
				}
			}
			oracle.Parallel(oraclePairs, func(i int) {
				po := fam.params[i%len(fam.params)]
				c, ok := CurveByOID(po.oid)
				if !ok {
					fail("no curve for %v", po.oid)
					return
				}
				prv, err := GenerateKey(c, rand.Reader)
				if err != nil {
					fail("%v", err)
					return
				}
				pub := prv.PublicKey()
				base := filepath.Join(dir, fmt.Sprint(i))
				keyPath, pubPath := base+".key.pem", base+".pub.pem"
				digPath, osslSig, ourSig := base+".dgst", base+".ossl.sig", base+".our.sig"
				writeFile(t, keyPath, pkcs8PEM(t, prv, po.oid))
				writeFile(t, pubPath, spkiPEM(t, pub, po.oid))
				digest := make([]byte, c.PointSize)
				rand.Read(digest)
				writeFile(t, digPath, digest)

				// OpenSSL signs, we verify.
				if _, err := oracle.OpenSSL(nil, "pkeyutl", "-sign", "-inkey", keyPath,
					"-in", digPath, "-out", osslSig); err != nil {
					fail("%s #%d: openssl sign: %v", po.name, i, err)
					return
				}
				sig, err := os.ReadFile(osslSig)
				if err != nil {
					fail("%v", err)
					return
				}
				if !pub.Verify(digest, sig) {
					fail("%s #%d: OpenSSL signature rejected: key %x digest %x sig %x",
						po.name, i, prv.Raw(), digest, sig)
				}

				// We sign, OpenSSL verifies (every 25th signature corrupted).
				ours, err := prv.Sign(rand.Reader, digest, nil)
				if err != nil {
					fail("%v", err)
					return
				}
				corrupt := i%25 == 7
				if corrupt {
					ours[i%len(ours)] ^= 0x10
				}
				writeFile(t, ourSig, ours)
				out, err := oracle.OpenSSL(nil, "pkeyutl", "-verify", "-pubin", "-inkey", pubPath,
					"-in", digPath, "-sigfile", ourSig)
				verified := err == nil && bytes.Contains(out, []byte("Signature Verified Successfully"))
				if verified == corrupt {
					fail("%s #%d: OpenSSL verify = %v (corrupted %v): %v %s key %x digest %x sig %x",
						po.name, i, verified, corrupt, err, out, prv.Raw(), digest, ours)
				}
			})
			if len(failures) > 0 {
				t.Fatal(strings.Join(failures, "\n"))
			}
		})
	}
}
