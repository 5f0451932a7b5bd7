package keystore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/keystore/csp"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// Fixtures of the sub-packages (copied there from shared/fixtures with provenance).
const (
	containers = "container/testdata"
	pfxDir     = "pfx/testdata"
)

type promptLog struct {
	answers  []string
	reqs     []PINRequest
	remember bool
}

func (p *promptLog) prompt(ctx context.Context, r PINRequest) (string, bool, error) {
	p.reqs = append(p.reqs, r)
	if len(p.answers) == 0 {
		return "", false, ErrPINCancelled
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, p.remember, nil
}

func TestListContainersAndFiles(t *testing.T) {
	s := &Store{
		ContainerRoots: []string{containers + "/kovserg", containers + "/corefx", containers + "/91team"},
		Files:          []string{pfxDir + "/pfx1.pfx", pfxDir + "/pycades-test.pfx", "pkcs8/testdata/g2012256.pem"},
	}
	entries, errs := s.List(context.Background())
	// pfx-0829/pfx-3407 are non-GOST containers: reported, not listed.
	if len(errs) != 2 {
		t.Errorf("errors: %v", errs)
	}
	byKind := map[SourceKind]int{}
	needPIN := 0
	for _, e := range entries {
		byKind[e.Source]++
		if e.NeedsPIN {
			needPIN++
		}
		if e.Source == SourceContainer && (e.Certificate == nil || len(e.ID) != 40) {
			t.Errorf("container entry without certificate: %+v", e)
		}
	}
	// 10 GOST containers, two of them with a second certificate.
	if byKind[SourceContainer] != 12 || byKind[SourcePFX] != 2 || byKind[SourcePEM] != 1 {
		t.Errorf("entries by kind: %v", byKind)
	}
	// kovserg ×3 (PIN 1) and pfx1.pfx (password).
	if needPIN != 4 {
		t.Errorf("%d entries need a PIN", needPIN)
	}
}

func TestOpenContainerPINFlow(t *testing.T) {
	keyring.MockInit()
	p := &promptLog{answers: []string{"2", "1"}, remember: true}
	s := &Store{ContainerRoots: []string{containers + "/kovserg"}, Prompt: p.prompt, Cache: &PINCache{}}
	e, err := s.Lookup(context.Background(), "g2012256")
	if err != nil {
		t.Fatal(err)
	}
	sg, err := s.Open(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.reqs) != 2 || p.reqs[0].LastError != nil || !errors.Is(p.reqs[1].LastError, ErrWrongPIN) ||
		p.reqs[1].Attempt != 2 || p.reqs[0].Password {
		t.Errorf("prompts: %+v", p.reqs)
	}
	if PrivateKey(sg) == nil || sg.Certificate().Thumbprint() != e.ID {
		t.Error("signer")
	}
	// Remembered: no prompt the second time.
	p.reqs = nil
	if _, err := s.Open(context.Background(), e); err != nil || len(p.reqs) != 0 {
		t.Errorf("remembered PIN not used: %v, %d prompts", err, len(p.reqs))
	}
	// A stale remembered PIN is dropped and the user asked again.
	s.Cache.Set(e, "0")
	p.answers = []string{"1"}
	if _, err := s.Open(context.Background(), e); err != nil || len(p.reqs) != 1 {
		t.Errorf("stale PIN: %v, %d prompts", err, len(p.reqs))
	}
	// Three wrong PINs.
	s.Cache.Delete(e)
	p.reqs, p.answers = nil, []string{"3", "4", "5", "1"}
	if _, err := s.Open(context.Background(), e); !errors.Is(err, ErrWrongPIN) || len(p.reqs) != 3 {
		t.Errorf("3 wrong PINs: %v, %d prompts", err, len(p.reqs))
	}
	// Cancel.
	p.answers = nil
	if _, err := s.Open(context.Background(), e); !errors.Is(err, ErrPINCancelled) {
		t.Errorf("cancel: %v", err)
	}
	// Static PIN (CLI --pin-env).
	s2 := &Store{ContainerRoots: s.ContainerRoots, Prompt: StaticPIN("7")}
	if _, err := s2.Open(context.Background(), e); !errors.Is(err, ErrWrongPIN) || !strings.Contains(err.Error(), "неверный PIN-код") {
		t.Errorf("static wrong PIN: %v", err)
	}
}

// TestSignVerifiedByOpenSSL signs with keys from a real container, a real
// CryptoPro PFX and a PEM file, and has OpenSSL verify the CAdES-BES.
func TestSignVerifiedByOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data.txt")
	os.WriteFile(data, []byte("Заявление для ЕПГУ\n"), 0o600)
	signers := map[string]func() (Signer, error){
		"container 2012-256": func() (Signer, error) { return OpenContainer(containers+"/91team/srv.000", "") },
		"container 2012-512": func() (Signer, error) { return OpenContainer(containers+"/kovserg/g2012512.000", "1") },
		"CryptoPro PFX":      func() (Signer, error) { return OpenFile(pfxDir+"/pfx2.pfx", "1234567890", "") },
		"TC26 PFX":           func() (Signer, error) { return OpenFile(pfxDir+"/signer-cpA.gost89.pfx", "1234", "") },
		"PEM":                func() (Signer, error) { return OpenFile("pkcs8/testdata/g2012256.pem", "", "") },
	}
	for name, open := range signers {
		sg, err := open()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, _ := os.Open(data)
		// The fixtures are old test certificates: expired on purpose.
		sig, err := SignCMS(context.Background(), sg, f, &cms.SignOptions{AllowInvalidCertificate: true})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sf := filepath.Join(dir, "sig.p7s")
		os.WriteFile(sf, sig, 0o600)
		if _, err := oracle.OpenSSL(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", sf,
			"-content", data, "-noverify", "-out", os.DevNull); err != nil {
			t.Errorf("%s: OpenSSL rejects the signature: %v", name, err)
		}
	}
}

func TestOpenFileErrors(t *testing.T) {
	if _, err := OpenFile(pfxDir+"/pfx1.pfx", "wrong", ""); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := OpenFile(pfxDir+"/RsaTestCert_RSA.pfx", "", ""); !errors.Is(err, ErrUnsupported) {
		t.Errorf("RSA: %v", err)
	}
	if _, err := OpenContainer(containers+"/corefx/pfx-0829.000", ""); !errors.Is(err, ErrUnsupported) {
		t.Errorf("non-GOST container: %v", err)
	}
	// A key with somebody else's certificate.
	if _, err := OpenFile("pkcs8/testdata/signer-cpA.key.pem", "", "pkcs8/testdata/g2012256.pem"); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	if _, err := OpenFile("pkcs8/testdata/signer-cpA.key.pem", "", "pkcs8/testdata/signer-cpA.cert.pem"); err != nil {
		t.Errorf("key + separate certificate: %v", err)
	}
}

func TestPFXPasswordPrompt(t *testing.T) {
	keyring.MockInit()
	p := &promptLog{answers: []string{"12345"}}
	s := &Store{Files: []string{pfxDir + "/pfx1.pfx"}, Prompt: p.prompt}
	entries, _ := s.List(context.Background())
	if len(entries) != 1 || !entries[0].NeedsPIN || entries[0].Certificate != nil {
		t.Fatalf("%+v", entries)
	}
	sg, err := s.Open(context.Background(), entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(p.reqs) != 1 || !p.reqs[0].Password || sg.Certificate() == nil || entries[0].ID == "" {
		t.Errorf("prompts %+v", p.reqs)
	}
}

// fakeCSP answers certmgr/cryptcp like CSP with one certificate whose key
// needs PIN 1234.
type fakeCSP struct {
	cert  []byte
	calls []string
}

func (f *fakeCSP) LookPath(name string) (string, error) {
	if name == "csptest" {
		return "", errors.New("absent")
	}
	return "/opt/cprocsp/bin/amd64/" + name, nil
}

func (f *fakeCSP) Run(ctx context.Context, path string, args []string) ([]byte, []byte, error) {
	name := filepath.Base(path)
	f.calls = append(f.calls, name+" "+strings.Join(args, " "))
	switch {
	case name == "certmgr" && args[0] == "-list":
		return []byte("1-------\nSubject             : CN=x\nSHA1 Hash           : 0xABCDEF\nPrivateKey Link     : Yes\nContainer           : SCARD\\rutoken\\0A00\n[ErrorCode: 0x00000000]\n"), nil, nil
	case name == "certmgr" && args[0] == "-export":
		os.WriteFile(args[len(args)-1], f.cert, 0o600)
		return nil, nil, nil
	case name == "cryptcp":
		pin := ""
		for i, a := range args {
			if a == "-pin" {
				pin = args[i+1]
			}
		}
		if pin != "1234" {
			return []byte("[ErrorCode: 0x8010006b]"), nil, errors.New("exit status 1")
		}
		os.WriteFile(args[len(args)-1], []byte{0x30, 0x00}, 0o600)
		return []byte("[ErrorCode: 0x00000000]"), nil, nil
	}
	return nil, nil, errors.New("unexpected")
}

func TestCSPSource(t *testing.T) {
	keyring.MockInit()
	cert, _ := os.ReadFile(containers + "/91team/srv.000.primary.cer.derived")
	f := &fakeCSP{cert: cert}
	p := &promptLog{answers: []string{"1234"}, remember: true}
	s := &Store{CSP: &csp.Client{Runner: f}, Prompt: p.prompt, Cache: &PINCache{}}
	entries, errs := s.List(context.Background())
	if len(errs) != 0 || len(entries) != 1 || entries[0].Source != SourceCSP || entries[0].Certificate == nil ||
		entries[0].ID != "ABCDEF" || entries[0].Location != `SCARD\rutoken\0A00` {
		t.Fatalf("%+v %v", entries, errs)
	}
	sg, err := s.Open(context.Background(), entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sg.Sign(nil, make([]byte, 32), nil); !errors.Is(err, ErrNotSupportedHere) {
		t.Errorf("digest signing: %v", err)
	}
	sig, err := SignCMS(context.Background(), sg, bytes.NewReader([]byte("x")), &cms.SignOptions{})
	if err != nil || !bytes.Equal(sig, []byte{0x30, 0x00}) {
		t.Fatalf("%v %x", err, sig)
	}
	// First try without a PIN, then the prompted one.
	var cryptcp []string
	for _, c := range f.calls {
		if strings.HasPrefix(c, "cryptcp") {
			cryptcp = append(cryptcp, c)
		}
	}
	if len(cryptcp) != 2 || strings.Contains(cryptcp[0], "-pin") || !strings.Contains(cryptcp[1], "-pin 1234") {
		t.Errorf("cryptcp calls %v", cryptcp)
	}
	if pin, ok := s.Cache.Get(entries[0]); !ok || pin != "1234" {
		t.Error("PIN not remembered")
	}
}
