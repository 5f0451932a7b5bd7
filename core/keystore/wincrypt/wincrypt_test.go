package wincrypt

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/pki"
)

// TestSigningCertificateV2MatchesCryptoPro encodes the attribute for the
// signer of a real CryptoPro CAdES-BES signature and finds exactly those
// bytes in the signature's signed attributes.
func TestSigningCertificateV2MatchesCryptoPro(t *testing.T) {
	der, err := os.ReadFile("testdata/gost_test.signer.cer")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pki.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	v, err := SigningCertificateV2(cert)
	if err != nil {
		t.Fatal(err)
	}
	p7s, _ := os.ReadFile("testdata/gost_test.txt.p7s")
	oid := []byte{0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f}
	i := bytes.Index(p7s, oid)
	if i < 0 {
		t.Fatal("no signingCertificateV2 in the fixture")
	}
	set := p7s[i+len(oid):]
	if set[0] != 0x31 || set[1] != 0x82 {
		t.Fatalf("unexpected SET header % x", set[:4])
	}
	got := set[4 : 4+int(set[2])<<8|int(set[3])]
	if !bytes.Equal(got, v) {
		t.Errorf("signingCertificateV2 differs:\n got %x\nwant %x", v, got)
	}
	if DigestOID(cert).String() != "1.2.643.7.1.1.2.2" {
		t.Error("digest OID")
	}
}

func TestSigningTime(t *testing.T) {
	b, _ := SigningTime(time.Date(2024, 9, 13, 12, 40, 36, 5e8, time.FixedZone("MSK", 3*3600)))
	if string(b[2:]) != "240913094036Z" || b[0] != 0x17 {
		t.Errorf("%q", b)
	}
	b, _ = SigningTime(time.Date(2051, 1, 1, 0, 0, 0, 0, time.UTC))
	if b[0] != 0x18 {
		t.Errorf("GeneralizedTime expected, got %x", b[0])
	}
}

func TestStubOutsideWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		return
	}
	if Available() {
		t.Error("Available on " + runtime.GOOS)
	}
	if _, err := List(); !errors.Is(err, kserr.ErrNotSupportedHere) {
		t.Errorf("List: %v", err)
	}
}

// TestCompilesForWindows builds (and vets) the key store for windows/amd64
// without cgo, so the CryptoAPI code cannot rot on Linux CI.
func TestCompilesForWindows(t *testing.T) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	for _, args := range [][]string{{"build", "./core/keystore/..."}, {"vet", "./core/keystore/wincrypt/"}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GOOS=windows go %v: %v\n%s", args, err, out)
		}
	}
}
