package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplateCommand(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"template"}, exitUsage, "", "нужен один код услуги"},
		{[]string{"template", "1"}, exitUsage, "", "неизвестная услуга 1"},
		{[]string{"template", "60010153"}, exitOK, "<fssp:OrderId>0</fssp:OrderId>", "номер заявления не задан"},
		{[]string{"--lang", "en", "template", "60010153"}, exitOK, "<fssp:EPGURequest", "no order number given"},
		{[]string{"template", "60010153", "--set", "orderId=3500308079", "--set", "env=PROD"}, exitOK, `Env="PROD"`, ""},
		{[]string{"template", "--set", "orderId=42", "60010153"}, exitOK, "<fssp:OrderId>42<", ""},
		{[]string{"template", "60010153", "--role", "piev_epgu", "--set", "lastName=O'Brien & Co"}, exitOK, "O&apos;Brien &amp; Co", ""},
		{[]string{"template", "60010153", "--role", "attach"}, exitUsage, "", "нет шаблона для роли"},
		{[]string{"template", "60010153", "--set", "nosuch=1"}, exitUsage, "", "в шаблоне нет полей nosuch"},
		{[]string{"--lang", "en", "template", "60010153", "--set", "nosuch=1"}, exitUsage, "", "the template has no fields nosuch"},
		{[]string{"template", "60010153", "--set", "novalue"}, exitUsage, "", "ключ=значение"},
		{[]string{"template", "60010153", "extra"}, exitUsage, "", "лишние аргументы"},
		{[]string{"template", "10000000109", "--role", "req", "--fields"}, exitOK, "passportSeries", ""},
		{[]string{"template", "10000000374"}, exitOK, "<ns:Snils>000-729-729 38</ns:Snils>", ""},
		{[]string{"template", "10000000374", "--role", "sign_config"}, exitOK, "<signFileName>req.xml.sig</signFileName>", ""},
	}
	for _, c := range cases {
		code, out, errs := gosctl(t, "", c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
			t.Errorf("gosctl %q: code %d (want %d)\nstdout: %s\nstderr: %s", c.args, code, c.code, out, errs)
		}
	}
}

// TestTemplateRoundTrip: every template gosctl prints passes gosctl
// validate for its service (SFR with a shared GUID in both file names).
func TestTemplateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	guid := "0b8c5c1e-3f0e-4c55-9a57-1f2d3e4a5b6c"
	checks := []struct {
		code string
		role string
		file string
	}{
		{"10000000374", "req", "req.xml"}, {"10000000374", "sign_config", "sign_config.xml"},
		{"10000103652", "req", "req.xml"}, {"10000103652", "attach", "attach.xml"},
		{"10000103653", "req", "req.xml"}, {"10000103653", "attach", "attach.xml"},
		{"10000103654", "req", "req.xml"}, {"10000103654", "attach", "attach.xml"},
		{"60010153", "req", "req.xml"}, {"60010153", "piev_epgu", "piev_epgu.xml"},
		{"10000000367", "req", "req.xml"}, {"10000000367", "piev_epgu", "piev_epgu.xml"},
		{"10000000109", "trans", "trans_" + guid + ".xml"}, {"10000000109", "req", "req_" + guid + ".xml"},
		{"10000000585", "attach", "attach.xml"},
	}
	for _, c := range checks {
		d := filepath.Join(dir, c.code+"-"+c.role)
		os.Mkdir(d, 0o755)
		p := writeTemplate(t, d, c.file, c.code, "--role", c.role, "--set", "orderId=3500308079", "--set", "guid="+guid)
		code, out, errs := gosctl(t, "", "validate", "--service", c.code, p)
		if code != exitOK {
			t.Errorf("%s %s: %d\n%s%s", c.code, c.role, code, out, errs)
		}
	}
}
