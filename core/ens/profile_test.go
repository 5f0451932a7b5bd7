package ens

import (
	"errors"
	"testing"
)

func TestDefaultProfileValid(t *testing.T) {
	if err := DefaultProfile().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadAltProfile(t *testing.T) {
	p, err := LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultProfile()
	if p.Name != "alt-soap-kopecks" || p.TempKey.Method != "GET" || p.TokenHeader != "Authorization" ||
		!p.TokenPadding || p.ErrorStyle != ErrorsSOAP || p.Money != MoneyKopecks || p.PageBase != 1 {
		t.Errorf("profile not loaded: %+v", p)
	}
	// Fields the file omits keep the defaults; present ones replace them.
	if p.Fields.ItemAmount != "sumKop" || p.Fields.Upcoming != "result.upcoming" {
		t.Errorf("fields: %+v", p.Fields)
	}
	if p.WireCode(CodeKeyExpired) != "1002" || p.CanonicalCode("1002") != CodeKeyExpired ||
		p.CanonicalCode("CERT_NO_INN") != CodeCertNoINN || p.CanonicalCode("zzz") != CodeUnknown {
		t.Error("error code map")
	}
	if d.WireCode(CodeKeyExpired) != "KEY_EXPIRED" {
		t.Error("default wire code")
	}
}

func TestProfileRejects(t *testing.T) {
	for name, js := range map[string]string{
		"unknown field":  `{"tokenHeadr":"X"}`,
		"bad method":     `{"balance":{"method":"PUT","path":"/b/{inn}"}}`,
		"no inn in path": `{"balance":{"method":"GET","path":"/b"}}`,
		"signed bytes":   `{"signedBytes":"hex"}`,
		"page base":      `{"pageBase":2}`,
		"not json":       `{`,
		"signin GET":     `{"signIn":{"method":"GET","path":"/s"}}`,
	} {
		if _, err := ParseProfile([]byte(js)); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestSignedContent(t *testing.T) {
	p := DefaultProfile()
	if b, _ := p.SignedContent("QUJD"); string(b) != "QUJD" {
		t.Error("utf8")
	}
	p.SignedBytes = SignedDecoded
	if b, _ := p.SignedContent("QUJD"); string(b) != "ABC" {
		t.Error("decoded")
	}
	if _, err := p.SignedContent("не base64"); !errors.Is(err, ErrProtocol) {
		t.Error("bad key")
	}
}
