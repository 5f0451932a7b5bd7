package csp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEnglish(t *testing.T) {
	certs, code := ParseList(read(t, "certmgr-csp4-en.txt"))
	if code != 0 || len(certs) != 2 {
		t.Fatalf("code %x, %d certs", code, len(certs))
	}
	c := certs[0]
	if c.Index != 1 || c.SHA1 != "5F9BE5D24244692B3F71D3503BC158127BEBF0C6" || c.Serial != "6F45B4E8000000024591" ||
		!c.HasPrivateKey || c.Container != `HDIMAGE\\Sidorenk.000\2A2E` || c.ProviderType != 80 || c.KeySpec != 1 ||
		c.ProviderName != "Crypto-Pro GOST R 34.10-2012 KC1 CSP" || c.SubjectKeyID != "75BD1113AA00BB11CC22DD33EE44FF5566778899" {
		t.Errorf("%+v", c)
	}
	if !strings.Contains(c.Subject, "Иванов Иван Иванович") || !strings.HasPrefix(c.Issuer, "E=ca@example.test") {
		t.Errorf("names %q %q", c.Subject, c.Issuer)
	}
	if !c.NotBefore.Equal(time.Date(2022, 2, 14, 13, 22, 17, 0, time.UTC)) || !c.NotAfter.Equal(time.Date(2023, 2, 14, 13, 32, 17, 0, time.UTC)) {
		t.Errorf("dates %v %v", c.NotBefore, c.NotAfter)
	}
	if c.Fields["CDP"] != "http://ca.example.test/1.crl\nhttp://ca2.example.test/1.crl" {
		t.Errorf("continuation: %q", c.Fields["CDP"])
	}
	if certs[1].HasPrivateKey || certs[1].Subject != "CN=No Key" {
		t.Errorf("%+v", certs[1])
	}

	c5, _ := ParseList(read(t, "certmgr-csp5-en.txt"))
	if len(c5) != 1 || c5[0].SHA1 != "0123456789ABCDEF0123456789ABCDEF01234567" || c5[0].ProviderType != 80 ||
		c5[0].KeySpec != 1 || c5[0].SubjectKeyID != "11223344" || !strings.HasPrefix(c5[0].Container, "SCARD") {
		t.Errorf("%+v", c5)
	}
}

func TestParseRussianEncodings(t *testing.T) {
	for _, f := range []string{"certmgr-csp5-ru-utf8.txt", "certmgr-csp5-ru-cp1251.txt", "certmgr-csp5-ru-cp866.txt"} {
		certs, code := ParseList(read(t, f))
		if code != 0 || len(certs) != 1 {
			t.Fatalf("%s: code %x, %d certs", f, code, len(certs))
		}
		c := certs[0]
		if c.SHA1 != "FFEEDDCCBBAA99887766554433221100FFEEDDCC" || c.Serial != "0A0B0C" || !c.HasPrivateKey ||
			c.Container != `HDIMAGE\\petrov.000\1A2B` || c.Subject != "СНИЛС=00000000000, ИНН=000000000000, CN=Петров Пётр Петрович" ||
			c.Issuer != "CN=Тестовый УЦ, O=Тест, C=RU" || c.SubjectKeyID != "99887766" ||
			!c.NotAfter.Equal(time.Date(2027, 6, 24, 9, 20, 8, 0, time.UTC)) {
			t.Errorf("%s: %+v", f, c)
		}
	}
}

func TestParseEmptyAndGarbage(t *testing.T) {
	certs, code := ParseList(read(t, "certmgr-empty.txt"))
	if len(certs) != 0 || code != 0x8010002C {
		t.Errorf("%d certs code %x", len(certs), code)
	}
	if certs, _ := ParseList([]byte("\xff\xfe garbage\n1-------\n:::\n")); len(certs) != 0 {
		t.Errorf("garbage: %+v", certs)
	}
}

// fake is a Runner that answers from a table and records the calls.
type fake struct {
	tools map[string]bool
	calls [][]string
	run   func(name string, args []string) ([]byte, []byte, error)
}

func (f *fake) LookPath(name string) (string, error) {
	if f.tools[name] {
		return "/opt/cprocsp/bin/amd64/" + name, nil
	}
	return "", errors.New("not found")
}

func (f *fake) Run(ctx context.Context, path string, args []string) ([]byte, []byte, error) {
	name := filepath.Base(path)
	f.calls = append(f.calls, append([]string{name}, args...))
	return f.run(name, args)
}

func argAfter(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func TestClientList(t *testing.T) {
	f := &fake{tools: map[string]bool{"certmgr": true}, run: func(name string, args []string) ([]byte, []byte, error) {
		return read(t, "certmgr-csp4-en.txt"), nil, nil
	}}
	c := &Client{Runner: f}
	certs, err := c.List(context.Background())
	if err != nil || len(certs) != 2 {
		t.Fatalf("%v %d", err, len(certs))
	}
	if strings.Join(f.calls[0], " ") != "certmgr -list -store uMy" {
		t.Errorf("call %v", f.calls[0])
	}
	f.run = func(string, []string) ([]byte, []byte, error) {
		return read(t, "certmgr-empty.txt"), nil, errors.New("exit status 44")
	}
	if certs, err := c.List(context.Background()); err != nil || len(certs) != 0 {
		t.Errorf("empty: %v %d", err, len(certs))
	}
	f.run = func(string, []string) ([]byte, []byte, error) {
		return []byte("[ErrorCode: 0x80090016]"), nil, errors.New("exit status 1")
	}
	if _, err := c.List(context.Background()); !errors.Is(err, kserr.ErrCSPFailed) || !strings.Contains(err.Error(), "0x80090016") {
		t.Errorf("failure: %v", err)
	}
	if _, err := (&Client{Runner: &fake{}}).List(context.Background()); !errors.Is(err, kserr.ErrCSPNotInstalled) {
		t.Errorf("not installed: %v", err)
	}
}

func TestClientSign(t *testing.T) {
	sig := []byte{0x30, 0x03, 0x02, 0x01, 0x01}
	in := filepath.Join(t.TempDir(), "doc.xml")
	os.WriteFile(in, []byte("<a/>"), 0o600)

	// cryptcp works.
	f := &fake{tools: map[string]bool{"cryptcp": true, "csptest": true}, run: func(name string, args []string) ([]byte, []byte, error) {
		if name != "cryptcp" {
			t.Errorf("unexpected %s", name)
		}
		os.WriteFile(args[len(args)-1], sig, 0o600)
		return []byte("[ErrorCode: 0x00000000]"), nil, nil
	}}
	c := &Client{Runner: f}
	got, err := c.Sign(context.Background(), "AABB", in, SignOptions{PIN: "1234"})
	if err != nil || string(got) != string(sig) {
		t.Fatalf("%v %x", err, got)
	}
	want := "cryptcp -sign -thumbprint AABB -nochain -norev -der -detached -pin 1234 " + in
	if got := strings.Join(f.calls[0][:len(f.calls[0])-1], " "); got != want {
		t.Errorf("args %q", got)
	}

	// cryptcp fails (licence): csptest is used, with base64 output.
	f.calls = nil
	f.run = func(name string, args []string) ([]byte, []byte, error) {
		if name == "cryptcp" {
			return []byte("License is expired\n[ErrorCode: 0x20000133]"), nil, errors.New("exit status 1")
		}
		os.WriteFile(argAfter(args, "-out"), []byte("MAMCAQE=\n"), 0o600)
		return []byte("[ErrorCode: 0x00000000]"), nil, nil
	}
	got, err = c.Sign(context.Background(), "AABB", in, SignOptions{Attached: true})
	if err != nil || string(got) != string(sig) {
		t.Fatalf("csptest: %v %x", err, got)
	}
	if len(f.calls) != 2 || f.calls[1][0] != "csptest" || argAfter(f.calls[1], "-my") != "AABB" ||
		strings.Contains(strings.Join(f.calls[1], " "), "-detached") || !strings.Contains(strings.Join(f.calls[1], " "), "-cades_strict") {
		t.Errorf("calls %v", f.calls)
	}

	// Wrong PIN: reported as such, no fallback.
	f.calls = nil
	f.run = func(name string, args []string) ([]byte, []byte, error) {
		return []byte("Error: wrong PIN\n[ErrorCode: 0x8010006b]"), nil, errors.New("exit status 1")
	}
	if _, err := c.Sign(context.Background(), "AABB", in, SignOptions{PIN: "0"}); !errors.Is(err, kserr.ErrWrongPIN) || len(f.calls) != 1 {
		t.Errorf("wrong PIN: %v, %d calls", err, len(f.calls))
	}
}

func TestExport(t *testing.T) {
	der := []byte{0x30, 0x00}
	f := &fake{tools: map[string]bool{"certmgr": true}, run: func(name string, args []string) ([]byte, []byte, error) {
		os.WriteFile(argAfter(args, "-dest"), der, 0o600)
		return nil, nil, nil
	}}
	got, err := (&Client{Runner: f}).Export(context.Background(), "AABB")
	if err != nil || string(got) != string(der) || argAfter(f.calls[0], "-thumbprint") != "AABB" {
		t.Errorf("%v %x %v", err, got, f.calls)
	}
}
