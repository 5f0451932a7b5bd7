package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/internal/oracle"
)

func TestSignFromEverySourceVerifiedByUsAndOpenSSL(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	caDir, userDir := issueTestUser(t, "256B")
	dir := t.TempDir()
	doc := filepath.Join(dir, "заявление.xml")
	os.WriteFile(doc, []byte("<req>подписываемый документ</req>\n"), 0o644)
	t.Setenv("TEST_PIN", "12345678")
	thumb := strings.TrimSpace(strings.Split(func() string {
		_, out, _ := gosctl(t, "", "certs", "show", filepath.Join(userDir, "cert.cer"))
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "Отпечаток (SHA-1):") {
				return strings.TrimPrefix(l, "Отпечаток (SHA-1):")
			}
		}
		return ""
	}(), "\n")[0])
	if len(thumb) != 40 {
		t.Fatalf("thumbprint %q", thumb)
	}
	caPEM, _ := oracle.OpenSSL(nil, "x509", "-inform", "DER", "-in", filepath.Join(caDir, "ca.cer"))
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, caPEM, 0o644)

	for _, c := range []struct {
		name string
		args []string
	}{
		{"container", []string{"--container", filepath.Join(userDir, "petrov.000"), "--pin-env", "TEST_PIN"}},
		{"pem", []string{"--key", filepath.Join(userDir, "key.pem"), "--cert-file", filepath.Join(userDir, "cert.cer")}},
		{"thumbprint", []string{"--only", "--dir", userDir, "--cert", thumb[:12], "--pin-env", "TEST_PIN"}},
		{"attached", []string{"--attached", "--container", filepath.Join(userDir, "petrov.000"), "--pin-env", "TEST_PIN"}},
	} {
		out := filepath.Join(dir, c.name+".sig")
		code, _, errs := gosctl(t, "", append(append([]string{"sign"}, c.args...), doc, out)...)
		if code != exitOK {
			t.Fatalf("%s: sign: %d %s", c.name, code, errs)
		}
		args := []string{"verify", "--ca", filepath.Join(caDir, "ca.cer"), out}
		ossl := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", out, "-CAfile", caFile, "-out", os.DevNull}
		if c.name != "attached" {
			args = append(args, doc)
			ossl = append(ossl, "-content", doc)
		}
		if code, vout, verrs := gosctl(t, "", args...); code != exitOK {
			t.Errorf("%s: our verify: %d %s %s", c.name, code, vout, verrs)
		}
		if _, err := oracle.OpenSSL(nil, ossl...); err != nil {
			t.Errorf("%s: openssl cms -verify: %v", c.name, err)
		}
	}
}

func TestSignManyAndErrors(t *testing.T) {
	_, userDir := issueTestUser(t, "256B")
	dir := t.TempDir()
	var files []string
	for i := range 5 {
		f := filepath.Join(dir, string(rune('a'+i))+".txt")
		os.WriteFile(f, []byte(strings.Repeat("x", i*1000)), 0o644)
		files = append(files, f)
	}
	key := []string{"--key", filepath.Join(userDir, "key.pem"), "--cert-file", filepath.Join(userDir, "cert.cer")}
	code, _, errs := gosctl(t, "", append(append([]string{"sign", "--many"}, key...), files...)...)
	if code != exitOK || !strings.Contains(errs, "подписано файлов: 5") {
		t.Fatalf("many: %d %s", code, errs)
	}
	for _, f := range files {
		if code, _, _ := gosctl(t, "", "verify", f+".sig", f); code != exitOK {
			t.Errorf("%s.sig does not verify", f)
		}
	}
	cont := filepath.Join(userDir, "petrov.000")
	t.Setenv("BAD_PIN", "0000")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--container", cont, files[0]}, exitFailed, "передайте его через --pin-env"},
		{[]string{"--container", cont, "--pin-env", "BAD_PIN", files[0]}, exitFailed, "неверный PIN"},
		{[]string{"--container", cont, "--pin-env", "NO_SUCH_VAR", files[0]}, exitUsage, "не задана"},
		{[]string{files[0]}, exitUsage, "ровно один ключ"},
		{[]string{"--container", cont, "--pfx", "x.pfx", files[0]}, exitUsage, "ровно один ключ"},
		{append(key, filepath.Join(dir, "missing.txt")), exitFailed, "файл не найден"},
		{[]string{"--container", filepath.Join(dir, "nothing.000"), files[0]}, exitFailed, ""},
	} {
		code, _, errs := gosctl(t, "", append([]string{"sign"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("sign %v: %d (want %d) %s", c.args, code, c.code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.txt.sig")); err == nil {
		t.Error("a signature file was left for a missing input")
	}
	// A batch goes on past a bad file, names it, and exits 1.
	batch := append(append([]string{"sign", "--many"}, key...), files[1], filepath.Join(dir, "missing.txt"), files[2])
	os.Remove(files[1] + ".sig")
	os.Remove(files[2] + ".sig")
	code, _, errs = gosctl(t, "", batch...)
	if code != exitFailed || !strings.Contains(errs, "missing.txt: файл не найден") || !strings.Contains(errs, "подписано файлов: 2") || !strings.Contains(errs, "не подписано: 1") {
		t.Errorf("batch with a missing file: %d %s", code, errs)
	}
	for _, f := range files[1:3] {
		if code, _, _ := gosctl(t, "", "verify", f+".sig", f); code != exitOK {
			t.Errorf("%s.sig was not written by the batch", f)
		}
	}
}

func TestCertsListAndShow(t *testing.T) {
	_, userDir := issueTestUser(t, "512A")
	code, out, errs := gosctl(t, "", "certs", "list", "--only", "--dir", userDir)
	if code != exitOK || !strings.Contains(out, "Петров Пётр") || !strings.Contains(out, "500100732259") || !strings.Contains(out, "контейнер") {
		t.Fatalf("list: %d\n%s%s", code, out, errs)
	}
	code, out, _ = gosctl(t, "", "certs", "list", "--only", "--dir", userDir, "--json")
	if code != exitOK || !strings.Contains(out, `"needsPin": true`) || !strings.Contains(out, `"snils": "11223344595"`) {
		t.Fatalf("list json: %d\n%s", code, out)
	}
	code, out, _ = gosctl(t, "", "--lang", "en", "certs", "show", filepath.Join(userDir, "cert.pem"))
	if code != exitOK || !strings.Contains(out, "GOST R 34.10-2012 512") && !strings.Contains(out, "512") || !strings.Contains(out, "SNILS:") {
		t.Fatalf("show: %d\n%s", code, out)
	}
	code, out, _ = gosctl(t, "", "certs", "list", "--only", "--dir", t.TempDir())
	if code != exitOK || !strings.Contains(out, "Сертификаты не найдены") {
		t.Fatalf("empty: %d %s", code, out)
	}
	code, _, errs = gosctl(t, "", "certs", "show", "--only", "DEADBEEF")
	if code != exitFailed || errs == "" {
		t.Fatalf("unknown id: %d %s", code, errs)
	}
}
