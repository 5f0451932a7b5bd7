package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// issueTestUser makes a CA and a user with gosctl and returns their folders.
func issueTestUser(t *testing.T, curve string) (caDir, userDir string) {
	t.Helper()
	dir := t.TempDir()
	caDir, userDir = filepath.Join(dir, "ca"), filepath.Join(dir, "user")
	if code, out, errs := gosctl(t, "", "pki", "testca", "--out", caDir); code != exitOK {
		t.Fatalf("testca: %d %s %s", code, out, errs)
	}
	t.Setenv("TEST_PIN", "12345678")
	code, out, errs := gosctl(t, "", "pki", "issue", "--ca", caDir, "--out", userDir, "--curve", curve,
		"--cn", "Петров Пётр", "--sn", "Петров", "--g", "Пётр Петрович", "--inn", "500100732259",
		"--snils", "11223344595", "--container", "petrov", "--pin-env", "TEST_PIN")
	if code != exitOK || !strings.Contains(out, "Отпечаток") {
		t.Fatalf("issue: %d %s %s", code, out, errs)
	}
	return caDir, userDir
}

func TestPKIIssueAcceptedByOpenSSLAndContainerOpens(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	for _, curve := range []string{"256A", "256B", "256C", "256D", "512A", "512C"} {
		caDir, userDir := issueTestUser(t, curve)
		caPEM, err := oracle.OpenSSL(nil, "x509", "-inform", "DER", "-in", filepath.Join(caDir, "ca.cer"))
		if err != nil {
			t.Fatal(err)
		}
		caFile := filepath.Join(caDir, "ca.pem")
		os.WriteFile(caFile, caPEM, 0o644)
		if out, err := oracle.OpenSSL(nil, "verify", "-CAfile", caFile, filepath.Join(userDir, "cert.pem")); err != nil || !strings.Contains(string(out), ": OK") {
			t.Fatalf("%s: openssl verify: %s %v", curve, out, err)
		}
		text, err := oracle.OpenSSL(nil, "x509", "-noout", "-text", "-in", filepath.Join(userDir, "cert.pem"))
		if err != nil || !strings.Contains(string(text), "500100732259") {
			t.Fatalf("%s: openssl x509 -text: %v\n%s", curve, err, text)
		}
		// OpenSSL accepts the key and the certificate as a pair (same
		// parameter-set OID in both) and signs with them.
		doc := filepath.Join(userDir, "doc.txt")
		os.WriteFile(doc, []byte("документ"), 0o644)
		if _, err := oracle.OpenSSL(nil, "cms", "-sign", "-binary", "-cades", "-nosmimecap", "-in", doc,
			"-signer", filepath.Join(userDir, "cert.pem"), "-inkey", filepath.Join(userDir, "key.pem"),
			"-outform", "DER", "-out", doc+".p7s"); err != nil {
			t.Fatalf("%s: openssl cms -sign with the issued key: %v", curve, err)
		}
		if code, out, errs := gosctl(t, "", "verify", "--ca", filepath.Join(caDir, "ca.cer"), doc+".p7s", doc); code != exitOK {
			t.Fatalf("%s: verify OpenSSL's signature: %s %s", curve, out, errs)
		}
		c, err := container.Open(filepath.Join(userDir, "petrov.000"))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.PrivateKey("0000"); err == nil {
			t.Fatalf("%s: wrong PIN accepted", curve)
		}
		if _, _, err := c.PrivateKey("12345678"); err != nil {
			t.Fatalf("%s: container with the right PIN: %v", curve, err)
		}
	}
}

func TestPKIIssueRejectsBadChecksums(t *testing.T) {
	caDir, _ := issueTestUser(t, "256B")
	for _, args := range [][]string{{"--inn", "500100732258"}, {"--snils", "11223344596"}, {"--ogrn", "1027700132196"}} {
		code, _, errs := gosctl(t, "", append([]string{"pki", "issue", "--ca", caDir, "--out", t.TempDir(), "--cn", "x"}, args...)...)
		if code != exitUsage || !strings.Contains(errs, "неверная контрольная сумма") {
			t.Errorf("%v: %d %s", args, code, errs)
		}
	}
	code, _, errs := gosctl(t, "", "pki", "issue", "--ca", t.TempDir(), "--out", t.TempDir(), "--cn", "x")
	if code != exitFailed || !strings.Contains(errs, "ca.cer: файл не найден") {
		t.Errorf("missing CA: %d %s", code, errs)
	}
}

// signWithIssued signs content with the key gosctl issued.
func signWithIssued(t *testing.T, userDir string, content []byte, attached bool) []byte {
	t.Helper()
	keyPEM, _ := os.ReadFile(filepath.Join(userDir, "key.pem"))
	b, err := pkcs8.ParsePEM(keyPEM, "")
	if err != nil {
		t.Fatal(err)
	}
	der, _ := os.ReadFile(filepath.Join(userDir, "cert.cer"))
	cert, err := pki.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := cms.Sign(bytes.NewReader(content), b.Keys[0], cert, &cms.SignOptions{Attached: attached})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestVerifyCommand(t *testing.T) {
	caDir, userDir := issueTestUser(t, "256B")
	dir := t.TempDir()
	doc := filepath.Join(dir, "req.xml")
	os.WriteFile(doc, []byte("<req>заявление</req>"), 0o644)
	sigFile := filepath.Join(dir, "req.xml.sig")
	os.WriteFile(sigFile, signWithIssued(t, userDir, []byte("<req>заявление</req>"), false), 0o644)
	att := filepath.Join(dir, "att.sig")
	os.WriteFile(att, signWithIssued(t, userDir, []byte("attached"), true), 0o644)
	other := filepath.Join(dir, "other.xml")
	os.WriteFile(other, []byte("<req>подмена</req>"), 0o644)
	otherCA, _ := issueTestUser(t, "256B")

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"detached ok", []string{sigFile, doc}, exitOK, "Итог: подпись верна."},
		{"with chain", []string{"--ca", caDir + "/ca.cer", sigFile, doc}, exitOK, "Цепочка: Петров Пётр → Тестовый УЦ gosdesk"},
		{"ca folder", []string{"--ca", caDir, sigFile, doc}, exitOK, "Итог: подпись верна."},
		{"foreign ca", []string{"--ca", otherCA + "/ca.cer", sigFile, doc}, exitFailed, "нет цепочки до доверенного"},
		{"attached", []string{att}, exitOK, "присоединённая"},
		{"tampered", []string{sigFile, other}, exitFailed, "НЕВЕРНА — подпись не соответствует документу"},
		{"detached without content", []string{sigFile}, exitFailed, ""},
		{"not a signature", []string{doc, doc}, exitFailed, ""},
		{"no args", nil, exitUsage, ""},
	}
	for _, c := range cases {
		code, out, errs := gosctl(t, "", append([]string{"verify"}, c.args...)...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%s: code %d (want %d)\n%s%s", c.name, code, c.code, out, errs)
		}
	}
	code, out, _ := gosctl(t, "", "verify", "--json", sigFile, doc)
	var r verifyJSON
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || !r.Valid || r.Signers[0].INN != "500100732259" {
		t.Errorf("json: %d %s", code, out)
	}
}
