package cms

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

var allCurves = []*gost3410.Curve{
	gost3410.CurveTC26256A, gost3410.CurveTC26256B, gost3410.CurveTC26256C, gost3410.CurveTC26256D,
	gost3410.CurveTC26512A, gost3410.CurveTC26512B, gost3410.CurveTC26512C,
}

type testSigner struct {
	ca   *pki.CA
	cert *pki.Certificate
	key  *gost3410.PrivateKey
}

var (
	signersOnce sync.Once
	signers     map[*gost3410.Curve]*testSigner
	testCA      *pki.CA
)

// testSigners issues one CA (tc26-256-B) and a signer on every curve.
func testSigners(t testing.TB) map[*gost3410.Curve]*testSigner {
	signersOnce.Do(func() {
		var err error
		from, until := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().AddDate(1, 0, 0)
		testCA, err = pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Тестовый УЦ", Country: "RU"},
			NotBefore: from, NotAfter: until}, nil, nil)
		if err != nil {
			panic(err)
		}
		signers = map[*gost3410.Curve]*testSigner{}
		for _, c := range allCurves {
			cert, key, err := testCA.IssueKey(pki.Template{Subject: pki.Name{CommonName: "Подписант " + c.Name,
				INN: "500100732259", SNILS: "11223344595"}, NotBefore: from, NotAfter: until}, c)
			if err != nil {
				panic(err)
			}
			signers[c] = &testSigner{testCA, cert, key}
		}
	})
	return signers
}

// marshalPKCS8 writes a GOST private key the way the openssl gost engine
// reads it (notes §2.5).
func marshalPKCS8(k *gost3410.PrivateKey) []byte {
	keyAlg, digest := pki.KeyAlgorithmFor(k.Curve)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(keyAlg)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(k.Curve.EncodingOID())
				if k.Curve.PointSize == 32 && k.Curve != gost3410.CurveTC26256A {
					b.AddASN1ObjectIdentifier(digest)
				}
			})
		})
		b.AddASN1OctetString(k.Raw())
	})
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: b.BytesOrPanic()})
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func certPEM(c *pki.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// TestSignStructure checks the CAdES-BES layout of §2.7 byte by byte where
// it matters.
func TestSignStructure(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26256B]
	when := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	sig, err := Sign(strings.NewReader("hello"), s.key, s.cert, &SignOptions{SigningTime: when})
	if err != nil {
		t.Fatal(err)
	}
	der, err := berToDER(sig)
	if err != nil || !bytes.Equal(der, sig) {
		t.Fatal("output is not DER")
	}
	sd, err := Parse(sig)
	if err != nil {
		t.Fatal(err)
	}
	if sd.Version != 1 || !sd.Detached() || len(sd.RawCertificates) != 1 || len(sd.DigestAlgorithms) != 1 ||
		sd.DigestAlgorithms[0].Parameters != nil || !sd.DigestAlgorithms[0].Algorithm.Equal(pki.OIDStreebog256) {
		t.Fatalf("SignedData %+v", sd)
	}
	si := sd.Signers[0]
	if si.Version != 1 || si.DigestAlgorithm.Parameters != nil || si.SignatureAlgorithm.Parameters != nil ||
		!si.SignatureAlgorithm.Algorithm.Equal(pki.OIDPublicKeyGost2012_256) || len(si.Signature) != 64 {
		t.Fatalf("SignerInfo %+v", si)
	}
	want := []string{"1.2.840.113549.1.9.3", "1.2.840.113549.1.9.5", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.16.2.47"}
	if len(si.SignedAttrs) != 4 {
		t.Fatalf("%d attributes", len(si.SignedAttrs))
	}
	for i, a := range si.SignedAttrs {
		if a.Type.String() != want[i] {
			t.Errorf("attribute %d: %v, want %s", i, a.Type, want[i])
		}
	}
	if !si.SigningTime.Equal(when) || si.Attr(OIDAttrSigningTime).Values[0][0] != 0x17 {
		t.Errorf("signing time %v (want UTCTime)", si.SigningTime)
	}
	id := si.SigningCertificateV2[0]
	h := pki.Streebog256(s.cert.Raw)
	if !id.HashAlgorithm.Equal(pki.OIDStreebog256) || !bytes.Equal(id.Hash, h[:]) ||
		!bytes.Equal(id.IssuerName, s.cert.X509.RawIssuer) || id.Serial.Cmp(s.cert.SerialNumber) != 0 {
		t.Errorf("ESSCertIDv2 %+v", id)
	}
	// hashAlgorithm is written explicitly with absent parameters.
	if !bytes.Contains(si.RawSignedAttrs, []byte{0x30, 0x0a, 0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02, 0x04, 0x20}) {
		t.Error("ESSCertIDv2.hashAlgorithm not explicit")
	}
	r, err := Verify(sig, strings.NewReader("hello"))
	if err != nil || !r.Valid() || r.Signers[0].Certificate == nil {
		t.Fatalf("%v %v", err, r.Err())
	}
	// Chain included on request.
	sig2, _ := Sign(strings.NewReader("hello"), s.key, s.cert, &SignOptions{Chain: []*pki.Certificate{s.ca.Certificate}})
	sd2, _ := Parse(sig2)
	if len(sd2.Certificates) != 2 {
		t.Errorf("%d certificates with chain", len(sd2.Certificates))
	}
	// Wrong key for the certificate.
	other := testSigners(t)[gost3410.CurveTC26256A]
	if _, err := Sign(strings.NewReader("x"), other.key, s.cert, nil); !errors.Is(err, ErrSign) {
		t.Errorf("mismatched key: %v", err)
	}
}

// TestSignOpenSSLVerifies has openssl verify our signatures for every curve,
// detached and attached, with -noverify and with -CAfile; and checks that we
// verify signatures openssl makes with the same keys.
func TestSignOpenSSLVerifies(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	content := []byte("Заявление о регистрации по месту пребывания\n\x00\x01binary\xff")
	dataFile := writeFile(t, dir, "data.bin", content)
	sg := testSigners(t)
	caFile := writeFile(t, dir, "ca.pem", certPEM(testCA.Certificate))
	for _, c := range allCurves {
		s := sg[c]
		for _, attached := range []bool{false, true} {
			sig, err := Sign(bytes.NewReader(content), s.key, s.cert, &SignOptions{Attached: attached})
			if err != nil {
				t.Fatal(err)
			}
			sigFile := writeFile(t, dir, "sig.p7s", sig)
			args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", sigFile, "-out", filepath.Join(dir, "out")}
			if !attached {
				args = append(args, "-content", dataFile)
			}
			if _, err := oracle.OpenSSL(nil, append(args, "-noverify")...); err != nil {
				t.Errorf("%s attached=%v: %v", c.Name, attached, err)
				continue
			}
			if _, err := oracle.OpenSSL(nil, append(args, "-CAfile", caFile)...); err != nil {
				t.Errorf("%s attached=%v -CAfile: %v", c.Name, attached, err)
			}
			if out, _ := os.ReadFile(filepath.Join(dir, "out")); !bytes.Equal(out, content) {
				t.Errorf("%s attached=%v: openssl output differs", c.Name, attached)
			}
		}
		// OpenSSL signs, we verify.
		keyFile := writeFile(t, dir, "key.pem", marshalPKCS8(s.key))
		certFile := writeFile(t, dir, "cert.pem", certPEM(s.cert))
		md := "md_gost12_256"
		if c.PointSize == 64 {
			md = "md_gost12_512"
		}
		for _, attached := range []bool{false, true} {
			args := []string{"cms", "-sign", "-cades", "-nosmimecap", "-binary", "-in", dataFile, "-signer", certFile,
				"-inkey", keyFile, "-md", md, "-outform", "DER"}
			if attached {
				args = append(args, "-nodetach")
			}
			osig, err := oracle.OpenSSL(nil, args...)
			if err != nil {
				t.Fatal(err)
			}
			var r *Result
			if attached {
				r, err = VerifyWithOptions(osig, VerifyOptions{Roots: pki.NewTrustStore(testCA.Certificate)})
			} else {
				r, err = VerifyWithOptions(osig, VerifyOptions{Content: bytes.NewReader(content), Roots: pki.NewTrustStore(testCA.Certificate)})
			}
			if err != nil || !r.Valid() {
				t.Errorf("%s: openssl signature (attached=%v) rejected: %v %v", c.Name, attached, err, r.Err())
				continue
			}
			if si := r.Signers[0].Info; si.SigningCertificateV2 == nil {
				t.Errorf("%s: openssl -cades made no signingCertificateV2", c.Name)
			}
			if ws := r.Signers[0].CertificateWarnings; len(ws) != 0 || len(r.Signers[0].Chain) != 2 {
				t.Errorf("%s: warnings %v", c.Name, ws)
			}
			if attached && !bytes.Equal(r.Content, content) {
				t.Errorf("%s: attached content differs", c.Name)
			}
		}
	}
}

// TestTamper flips bytes of content, signed attributes and signature.
func TestTamper(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26256B]
	content := []byte("исходный документ")
	sig, err := Sign(bytes.NewReader(content), s.key, s.cert, &SignOptions{Attached: true})
	if err != nil {
		t.Fatal(err)
	}
	sd, _ := Parse(sig)
	si := sd.Signers[0]
	attrsAt := bytes.Index(sig, si.RawSignedAttrs[2:])
	sigAt := bytes.Index(sig, si.Signature)
	contentAt := bytes.Index(sig, content)
	if attrsAt < 0 || sigAt < 0 || contentAt < 0 {
		t.Fatal("parts not found")
	}
	cases := []struct {
		name string
		at   int
		n    int
		want *Error
	}{
		{"content", contentAt, len(content), ErrContentMismatch},
		{"signature", sigAt, len(si.Signature), ErrBadSignature},
		{"attributes", attrsAt, len(si.RawSignedAttrs) - 2, nil},
	}
	for _, c := range cases {
		for i := 0; i < c.n; i++ {
			bad := append([]byte{}, sig...)
			bad[c.at+i] ^= 0x01
			r, err := Verify(bad, nil)
			if err == nil && r.Valid() {
				t.Fatalf("%s: flipped byte %d accepted", c.name, i)
			}
			if c.want != nil && err == nil && !errors.Is(r.Err(), c.want) {
				t.Fatalf("%s byte %d: %v, want %v", c.name, i, r.Err(), c.want)
			}
		}
	}
	// Detached: any flipped byte of the file.
	det, _ := Sign(bytes.NewReader(content), s.key, s.cert, nil)
	for i := range content {
		bad := append([]byte{}, content...)
		bad[i] ^= 0x80
		r, err := Verify(det, bytes.NewReader(bad))
		if err != nil || r.Valid() || !errors.Is(r.Err(), ErrContentMismatch) {
			t.Fatalf("content byte %d: %v %v", i, err, r.Err())
		}
	}
	// Truncated signature: a clear error.
	for _, n := range []int{1, 10, len(det) / 2, len(det) - 1} {
		_, err := Verify(det[:n], bytes.NewReader(content))
		if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrMalformed) {
			t.Errorf("truncated to %d: %v", n, err)
		}
	}
	if _, err := Verify(det[:len(det)-1], bytes.NewReader(content)); !strings.Contains(err.Error(), "обрезан") {
		t.Errorf("truncated: %v", err)
	}
}

// TestCoSign adds a second and third signer (different curves) to a
// detached and an attached signature.
func TestCoSign(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	sg := testSigners(t)
	content := []byte("документ с несколькими подписями")
	dir := t.TempDir()
	dataFile := writeFile(t, dir, "data", content)
	for _, attached := range []bool{false, true} {
		sig, err := Sign(bytes.NewReader(content), sg[gost3410.CurveTC26256B].key, sg[gost3410.CurveTC26256B].cert, &SignOptions{Attached: attached})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*gost3410.Curve{gost3410.CurveTC26512A, gost3410.CurveTC26256A} {
			sd, err := Parse(sig)
			if err != nil {
				t.Fatal(err)
			}
			var in io.Reader
			if !attached {
				in = bytes.NewReader(content)
			}
			if err := sd.AddSigner(in, sg[c].key, sg[c].cert, nil); err != nil {
				t.Fatal(err)
			}
			if sig, err = sd.Marshal(); err != nil {
				t.Fatal(err)
			}
		}
		opts := VerifyOptions{}
		if !attached {
			opts.Content = bytes.NewReader(content)
		}
		r, err := VerifyWithOptions(sig, opts)
		if err != nil || !r.Valid() || len(r.Signers) != 3 {
			t.Fatalf("attached=%v: %v %v", attached, err, r)
		}
		sd, _ := Parse(sig)
		if len(sd.DigestAlgorithms) != 2 || len(sd.Certificates) != 3 {
			t.Errorf("digest algorithms %d, certificates %d", len(sd.DigestAlgorithms), len(sd.Certificates))
		}
		args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", writeFile(t, dir, "co.p7s", sig), "-noverify", "-out", os.DevNull}
		if !attached {
			args = append(args, "-content", dataFile)
		}
		if _, err := oracle.OpenSSL(nil, args...); err != nil {
			t.Errorf("openssl on co-signed (attached=%v): %v", attached, err)
		}
		// Co-signing different content is refused.
		if !attached {
			sd, _ := Parse(sig)
			err := sd.AddSigner(strings.NewReader("другой"), sg[gost3410.CurveTC26256C].key, sg[gost3410.CurveTC26256C].cert, nil)
			if !errors.Is(err, ErrContentMismatch) {
				t.Errorf("co-signing other content: %v", err)
			}
		}
	}
	// A co-signed signature where one signer is broken: per-signer result.
	sd, _ := Parse(mustSign(t, content, true))
	sd.AddSigner(nil, sg[gost3410.CurveTC26256D].key, sg[gost3410.CurveTC26256D].cert, nil)
	sd.Signers[1].Signature[3] ^= 1
	sd.Signers[1].Raw = nil
	r, err := sd.Verify(VerifyOptions{})
	if err != nil || r.Valid() || !r.Signers[0].SignatureValid || r.Signers[1].SignatureValid {
		t.Errorf("per-signer: %v %+v", err, r)
	}
}

func mustSign(t *testing.T, content []byte, attached bool) []byte {
	s := testSigners(t)[gost3410.CurveTC26256B]
	sig, err := Sign(bytes.NewReader(content), s.key, s.cert, &SignOptions{Attached: attached})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// patternReader yields n bytes without holding them.
type patternReader struct{ n, off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if int64(len(b)) > p.n-p.off {
		b = b[:p.n-p.off]
	}
	for i := range b {
		b[i] = byte((p.off + int64(i)) * 7)
	}
	p.off += int64(len(b))
	return len(b), nil
}

// TestSignStreaming signs 64 MiB detached and checks that memory use does
// not grow with the input, then verifies it streaming too.
func TestSignStreaming(t *testing.T) {
	const size = 64 << 20
	s := testSigners(t)[gost3410.CurveTC26256B]
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sig, err := Sign(&patternReader{n: size}, s.key, s.cert, nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("signing %d MiB allocated %d bytes", size>>20, alloc)
	}
	r, err := Verify(sig, &patternReader{n: size})
	if err != nil || !r.Valid() {
		t.Fatalf("%v %v", err, r.Err())
	}
	r, err = Verify(sig, &patternReader{n: size - 1})
	if err != nil || r.Valid() {
		t.Fatal("shorter content accepted")
	}
}

func BenchmarkSignSmall(b *testing.B) {
	s := testSigners(b)[gost3410.CurveTC26256B]
	for i := 0; i < b.N; i++ {
		if _, err := Sign(strings.NewReader("small file"), s.key, s.cert, &SignOptions{Rand: rand.Reader}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSignRefusesBadCertificate(t *testing.T) {
	ca := testSigners(t)[gost3410.CurveTC26256B].ca
	old, oldKey, err := ca.IssueKey(pki.Template{Subject: pki.Name{CommonName: "old"},
		NotBefore: time.Now().AddDate(-2, 0, 0), NotAfter: time.Now().AddDate(-1, 0, 0)}, gost3410.CurveTC26256B)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sign(strings.NewReader("x"), oldKey, old, nil)
	if !errors.Is(err, pki.ErrExpired) || !strings.Contains(err.Error(), "сертификат истёк") {
		t.Errorf("expired: %v", err)
	}
	if _, err := Sign(strings.NewReader("x"), oldKey, old, &SignOptions{AllowInvalidCertificate: true}); err != nil {
		t.Errorf("allowed: %v", err)
	}
	enc, encKey, _ := ca.IssueKey(pki.Template{Subject: pki.Name{CommonName: "enc"}, KeyUsage: x509.KeyUsageKeyEncipherment}, gost3410.CurveTC26256B)
	if _, err := Sign(strings.NewReader("x"), encKey, enc, nil); !errors.Is(err, ErrSign) {
		t.Errorf("not for signing: %v", err)
	}
	// Verifying a signature made with the expired certificate: the
	// signature is valid, the certificate problem is reported apart.
	sig, _ := Sign(strings.NewReader("x"), oldKey, old, &SignOptions{AllowInvalidCertificate: true})
	r, err := Verify(sig, strings.NewReader("x"))
	if err != nil || !r.Valid() {
		t.Fatalf("%v %v", err, r.Err())
	}
	found := false
	for _, w := range r.Signers[0].CertificateWarnings {
		found = found || w.Code == pki.WarnExpired
	}
	if !found {
		t.Errorf("no expiry warning: %v", r.Signers[0].CertificateWarnings)
	}
}

// TestVerifyOpenSSL2001 verifies a GOST R 34.10-2001 / 34.11-94 CAdES made
// by openssl now, and the certificate's 1.2.643.2.2.3 self-signature.
func TestVerifyOpenSSL2001(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "k.pem")
	cert := filepath.Join(dir, "c.pem")
	data := writeFile(t, dir, "d.txt", []byte("документ 2001"))
	for _, args := range [][]string{
		{"genpkey", "-algorithm", "gost2001", "-pkeyopt", "paramset:A", "-out", key},
		{"req", "-new", "-x509", "-key", key, "-md_gost94", "-days", "30", "-subj", "/CN=GOST 2001 test", "-out", cert},
	} {
		if _, err := oracle.OpenSSL(nil, args...); err != nil {
			t.Fatal(err)
		}
	}
	sig, err := oracle.OpenSSL(nil, "cms", "-sign", "-cades", "-nosmimecap", "-binary", "-in", data, "-signer", cert,
		"-inkey", key, "-md", "md_gost94", "-outform", "DER")
	if err != nil {
		t.Fatal(err)
	}
	certPEMData, _ := os.ReadFile(cert)
	cs, err := pki.ParseCertificates(certPEMData)
	if err != nil {
		t.Fatal(err)
	}
	r, err := VerifyWithOptions(sig, VerifyOptions{Content: strings.NewReader("документ 2001"), Roots: pki.NewTrustStore(cs[0])})
	if err != nil || !r.Valid() || len(r.Signers[0].Chain) != 1 {
		t.Fatalf("%v %v %v", err, r.Err(), r.Signers[0].CertificateWarnings)
	}
	if err := cs[0].CheckSignatureFrom(cs[0]); err != nil {
		t.Fatal(err)
	}
	r, _ = Verify(sig, strings.NewReader("документ 2002"))
	if r.Valid() {
		t.Fatal("other content accepted")
	}
}

// BenchmarkSignStream measures detached signing throughput (compare with
// streebog's own benchmark).
func BenchmarkSignStream(b *testing.B) {
	s := testSigners(b)[gost3410.CurveTC26256B]
	const size = 16 << 20
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		if _, err := Sign(io.LimitReader(zeroReader{}, size), s.key, s.cert, nil); err != nil {
			b.Fatal(err)
		}
	}
}

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

func TestSignRefuses2001(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26256B]
	c := *s.cert
	pk := *c.PublicKeyInfo
	pk.Algorithm = pki.OIDPublicKeyGost2001
	c.PublicKeyInfo = &pk
	if _, err := Sign(strings.NewReader("x"), s.key, &c, nil); !errors.Is(err, ErrUnsupportedAlgorithm) {
		t.Errorf("2001 key: %v", err)
	}
}

// TestCoSignCryptoPro adds our signer to the real CryptoPro signature (BER,
// attached): the CryptoPro signer must stay valid after re-encoding as DER.
func TestCoSignCryptoPro(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	sd, err := Parse(readFile(t, "gost_test.txt.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	s := testSigners(t)[gost3410.CurveTC26512C]
	if err := sd.AddSigner(nil, s.key, s.cert, nil); err != nil {
		t.Fatal(err)
	}
	out, err := sd.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Verify(out, nil)
	if err != nil || !r.Valid() || len(r.Signers) != 2 {
		t.Fatalf("%v %v", err, r.Err())
	}
	if r.Signers[0].Certificate.Subject.OGRN != "1245000085846" && r.Signers[1].Certificate.Subject.OGRN != "1245000085846" {
		t.Error("CryptoPro signer lost")
	}
	if _, err := oracle.OpenSSL(out, "cms", "-verify", "-binary", "-inform", "DER", "-noverify", "-out", os.DevNull); err != nil {
		t.Error(err)
	}
}

// TestVerifyExternalCertificate verifies a signature that carries no
// certificate with the certificate given apart.
func TestVerifyExternalCertificate(t *testing.T) {
	s := testSigners(t)[gost3410.CurveTC26256C]
	sig := mustSignWith(t, s, []byte("doc"))
	sd, _ := Parse(sig)
	sd.RawCertificates, sd.Certificates = nil, nil
	bare, err := sd.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Verify(bare, strings.NewReader("doc"))
	if err != nil || r.Valid() || !errors.Is(r.Err(), ErrNoSignerCertificate) || r.Signers[0].Certificate != nil {
		t.Fatalf("without certificate: %v %v", err, r.Err())
	}
	r, err = VerifyWithOptions(bare, VerifyOptions{Content: strings.NewReader("doc"), Certificates: []*pki.Certificate{s.cert}})
	if err != nil || !r.Valid() || r.Signers[0].Certificate != s.cert {
		t.Fatalf("with certificate: %v %v", err, r.Err())
	}
	// A certificate of another key with the same issuer and serial is
	// rejected by signingCertificateV2 before the signature maths.
	other := testSigners(t)[gost3410.CurveTC26256D]
	fake := *other.cert
	fake.SerialNumber = s.cert.SerialNumber
	r, _ = VerifyWithOptions(bare, VerifyOptions{Content: strings.NewReader("doc"), Certificates: []*pki.Certificate{&fake}})
	if r.Valid() || !errors.Is(r.Err(), ErrSigningCertMismatch) {
		t.Fatalf("other certificate: %v", r.Err())
	}
}

func mustSignWith(t *testing.T, s *testSigner, content []byte) []byte {
	t.Helper()
	sig, err := Sign(bytes.NewReader(content), s.key, s.cert, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}
