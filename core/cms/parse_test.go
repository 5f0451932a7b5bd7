package cms

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCryptoPro(t *testing.T) {
	raw := readFile(t, "gost_test.txt.p7s")
	if !bytes.HasPrefix(raw, []byte{0x30, 0x80}) {
		t.Fatal("fixture is expected to be BER with indefinite length")
	}
	sd, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if sd.Version != 1 || len(sd.DigestAlgorithms) != 1 || sd.DigestAlgorithms[0].Algorithm.String() != "1.2.643.7.1.1.2.2" ||
		sd.DigestAlgorithms[0].Parameters != nil {
		t.Errorf("digest algorithms %+v", sd.DigestAlgorithms)
	}
	if !sd.ContentType.Equal(OIDData) || !bytes.Equal(sd.Content, readFile(t, "gost_test.txt")) {
		t.Errorf("content %q", sd.Content)
	}
	if len(sd.Certificates) != 1 || sd.Certificates[0].Subject.OGRN != "1245000085846" {
		t.Fatalf("certificates: %d", len(sd.Certificates))
	}
	if len(sd.Signers) != 1 {
		t.Fatalf("%d signers", len(sd.Signers))
	}
	si := sd.Signers[0]
	if si.Version != 1 || !bytes.Equal(si.IssuerName, sd.Certificates[0].X509.RawIssuer) ||
		si.Serial.Cmp(sd.Certificates[0].SerialNumber) != 0 {
		t.Errorf("sid does not match the certificate")
	}
	if len(si.SignedAttrs) != 4 || !si.ContentType.Equal(OIDData) || len(si.MessageDigest) != 32 {
		t.Errorf("attrs: %d, ct %v, md %x", len(si.SignedAttrs), si.ContentType, si.MessageDigest)
	}
	if want := time.Date(2025, 6, 23, 16, 32, 8, 0, time.UTC); !si.SigningTime.Equal(want) {
		t.Errorf("signing time %v", si.SigningTime)
	}
	if len(si.SigningCertificateV2) != 1 {
		t.Fatalf("signingCertificateV2: %+v", si.SigningCertificateV2)
	}
	id := si.SigningCertificateV2[0]
	if id.HashAlgorithm.String() != "1.2.643.7.1.1.2.2" || len(id.Hash) != 32 ||
		!bytes.Equal(id.IssuerName, si.IssuerName) || id.Serial.Cmp(si.Serial) != 0 {
		t.Errorf("ESSCertIDv2 %+v", id)
	}
	if si.SignatureAlgorithm.Algorithm.String() != "1.2.643.7.1.1.1.1" || len(si.Signature) != 64 {
		t.Errorf("signature %v %d", si.SignatureAlgorithm, len(si.Signature))
	}
	if !bytes.HasPrefix(si.RawSignedAttrs, []byte{0x31, 0x82}) {
		t.Errorf("raw signed attrs %x", si.RawSignedAttrs[:4])
	}
}

func TestParseFixtures(t *testing.T) {
	for _, f := range []struct {
		name     string
		detached bool
		attrs    int
		certs    int
	}{
		{"tk26cms-signed-256.der", false, -1, 0},
		{"signed_a111.pem", false, 4, 1},
		{"signed_a121.pem", false, -1, 1},
		{"openssl-made/data.txt.detached.p7s", true, 4, 1},
		{"openssl-made/data.txt.attached.p7s", false, 4, 1},
		{"openssl-made/data.txt.cades-bes.detached.p7s", true, 4, 1},
		{"openssl-made/data.txt.cades-bes.attached.p7s", false, 4, 1},
		{"openssl-made/data.txt.cades-bes.tcA.detached.p7s", true, 4, 1},
	} {
		sd, err := Parse(readFile(t, f.name))
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		if sd.Detached() != f.detached || len(sd.Certificates) != f.certs || len(sd.Signers) != 1 {
			t.Errorf("%s: detached %v certs %d signers %d", f.name, sd.Detached(), len(sd.Certificates), len(sd.Signers))
			continue
		}
		si := sd.Signers[0]
		if f.attrs < 0 && si.SignedAttrs != nil || f.attrs >= 0 && len(si.SignedAttrs) != f.attrs {
			t.Errorf("%s: %d signed attributes", f.name, len(si.SignedAttrs))
		}
	}
}

func TestParseErrors(t *testing.T) {
	good := readFile(t, "openssl-made/data.txt.cades-bes.detached.p7s")
	ber := readFile(t, "gost_test.txt.p7s")
	for i := 1; i < len(good); i += 7 {
		if _, err := Parse(good[:i]); err == nil {
			t.Fatalf("truncated at %d: no error", i)
		}
	}
	for i := 1; i < len(ber); i += 5 {
		_, err := Parse(ber[:i])
		if err == nil {
			t.Fatalf("BER truncated at %d: no error", i)
		}
	}
	if _, err := Parse(ber[:len(ber)-30]); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated BER: %v", err)
	}
	if _, err := Parse(good[:len(good)/2]); !errors.Is(err, ErrTruncated) || err.Error() == "" {
		t.Errorf("truncated DER: %v", err)
	}
	if _, err := Parse(nil); !errors.Is(err, ErrTruncated) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Parse([]byte("hello")); !errors.Is(err, ErrMalformed) {
		t.Errorf("text: %v", err)
	}
	// A certificate is not SignedData.
	cert := readFile(t, "openssl-made/signer-cpA.cert.der")
	if _, err := Parse(cert); err == nil {
		t.Error("certificate parsed as SignedData")
	}
	if _, err := Parse(append(append([]byte{}, good...), 1, 2)); !errors.Is(err, ErrMalformed) {
		t.Errorf("trailing garbage: %v", err)
	}
	if _, err := Parse(append(append([]byte{}, good...), 0, 0)); err != nil {
		t.Errorf("trailing zeros: %v", err)
	}
}

func TestBERToDERKeepsDER(t *testing.T) {
	good := readFile(t, "openssl-made/data.txt.cades-bes.attached.p7s")
	out, err := berToDER(good)
	if err != nil || !bytes.Equal(out, good) {
		t.Fatalf("DER changed: %v", err)
	}
	// Indefinite SEQUENCE with a constructed OCTET STRING in two pieces.
	in := []byte{0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 'a', 0x04, 0x02, 'b', 'c', 0x00, 0x00, 0x02, 0x81, 0x01, 0x05, 0x00, 0x00}
	out, err = berToDER(in)
	want := []byte{0x30, 0x08, 0x04, 0x03, 'a', 'b', 'c', 0x02, 0x01, 0x05}
	if err != nil || !bytes.Equal(out, want) {
		t.Fatalf("got %x, %v; want %x", out, err, want)
	}
}

func TestParseBase64AndPEM(t *testing.T) {
	der := readFile(t, "openssl-made/data.txt.cades-bes.detached.p7s")
	b64 := []byte(encodeBase64Lines(der))
	sd1, err := Parse(b64)
	if err != nil {
		t.Fatal(err)
	}
	pemData := []byte("-----BEGIN CMS-----\n" + encodeBase64Lines(der) + "\n-----END CMS-----\n")
	sd2, err := Parse(pemData)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sd1.Signers[0].Signature, sd2.Signers[0].Signature) {
		t.Fatal("different")
	}
}
