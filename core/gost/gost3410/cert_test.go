package gost3410

import (
	"encoding/asn1"
	"encoding/pem"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/streebog"
)

// Minimal X.509 parsing, enough to check the signatures of the TC26 example
// certificates with real Streebog digests.
type testCert struct {
	TBS    asn1.RawValue
	SigAlg asn1.RawValue
	Sig    asn1.BitString
}

type testTBS struct {
	Version  asn1.RawValue `asn1:"optional,explicit,tag:0"`
	Serial   asn1.RawValue
	SigAlg   asn1.RawValue
	Issuer   asn1.RawValue
	Validity asn1.RawValue
	Subject  asn1.RawValue
	SPKI     testSPKI
}

type testSPKI struct {
	Alg struct {
		Algorithm asn1.ObjectIdentifier
		Params    keyParams
	}
	Key asn1.BitString
}

func loadCert(t *testing.T, name string) (*testCert, *testTBS) {
	t.Helper()
	blk, _ := pem.Decode(readTestdata(t, name))
	if blk == nil {
		t.Fatal("no PEM in " + name)
	}
	var c testCert
	if _, err := asn1.Unmarshal(blk.Bytes, &c); err != nil {
		t.Fatal(err)
	}
	var tbs testTBS
	if _, err := asn1.Unmarshal(c.TBS.FullBytes, &tbs); err != nil {
		t.Fatal(err)
	}
	return &c, &tbs
}

func certPublicKey(t *testing.T, tbs *testTBS) *PublicKey {
	t.Helper()
	c, ok := CurveByOID(tbs.SPKI.Alg.Params.Curve)
	if !ok {
		t.Fatalf("unknown curve %v", tbs.SPKI.Alg.Params.Curve)
	}
	var raw []byte
	if _, err := asn1.Unmarshal(tbs.SPKI.Key.Bytes, &raw); err != nil {
		t.Fatal(err)
	}
	pub, err := NewPublicKey(c, raw)
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// TestTC26Certificates verifies the TC26 example CA certificate (self-signed,
// tc26-256-A) and the 256- and 512-bit originator certificates it issued:
// signature = s||r over Streebog-256(TBSCertificate) read little-endian.
func TestTC26Certificates(t *testing.T) {
	_, rootTBS := loadCert(t, "root256_cert.pem")
	root := certPublicKey(t, rootTBS)
	if root.Curve != CurveTC26256A {
		t.Fatalf("root key on %s", root.Curve.Name)
	}
	for _, name := range []string{"root256_cert.pem", "sender256_cert.pem", "sender512_cert.pem"} {
		cert, tbs := loadCert(t, name)
		certPublicKey(t, tbs) // the subject key must parse and be valid
		digest := streebog.Sum256(cert.TBS.FullBytes)
		if !root.Verify(digest[:], cert.Sig.Bytes) {
			t.Errorf("%s: signature does not verify", name)
		}
		tampered := append([]byte(nil), cert.TBS.FullBytes...)
		tampered[len(tampered)-1] ^= 1
		d2 := streebog.Sum256(tampered)
		if root.Verify(d2[:], cert.Sig.Bytes) {
			t.Errorf("%s: tampered TBS verifies", name)
		}
	}
}
