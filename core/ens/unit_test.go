package ens

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseKopecks(t *testing.T) {
	for in, want := range map[string]Kopecks{
		"0": 0, "-15234.56": -1523456, "15234,5": 1523450, "+1.05": 105, " 100 ": 10000,
		"92233720368547758.07": 9223372036854775807, "-92233720368547758.08": -9223372036854775808, "-0.01": -1,
	} {
		got, err := ParseKopecks(in)
		if err != nil || got != want {
			t.Errorf("ParseKopecks(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-", "1.234", "1.", ".5", "1e3", "12 345", "92233720368547758.08", "0x10", "--1"} {
		if _, err := ParseKopecks(in); err == nil {
			t.Errorf("ParseKopecks(%q) accepted", in)
		}
	}
	if s := Kopecks(-1523456).String(); s != "-15234.56" {
		t.Error(s)
	}
	if s := Kopecks(-9223372036854775808).String(); s != "-92233720368547758.08" {
		t.Error(s)
	}
	if s := Kopecks(-123456789).Russian(); s != "−1\u00a0234\u00a0567,89\u00a0₽" {
		t.Errorf("%q", s)
	}
	if _, ok := Kopecks(9223372036854775807).Add(1); ok {
		t.Error("overflow not reported")
	}
}

func TestValidINN(t *testing.T) {
	for _, s := range []string{"7799000005", "7799000012", "779900000028", "779900000109", "7707083893"} {
		if !ValidINN(s) {
			t.Errorf("%s rejected", s)
		}
	}
	for _, s := range []string{"7799000006", "779900000029", "", "77990000051", "77990000Z5", "779900000018"} {
		if ValidINN(s) {
			t.Errorf("%s accepted", s)
		}
	}
}

func TestDecodeErrorStyles(t *testing.T) {
	def := DefaultProfile()
	e := def.DecodeError(401, http.Header{}, []byte(`{"code":"KEY_EXPIRED","message":"Временный ключ деактивирован"}`))
	if !errors.Is(e, ErrKeyExpired) || e.ServerMessage == "" {
		t.Errorf("json: %v", e)
	}
	h := http.Header{}
	h.Set("Retry-After", "17")
	if e := def.DecodeError(429, h, []byte("not json")); !errors.Is(e, ErrRateLimited) || e.RetryAfter != 17*time.Second {
		t.Errorf("status fallback: %+v", e)
	}
	alt, err := LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	soap := `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Нет согласия</faultstring><detail><ErrorCode>3001</ErrorCode></detail></soap:Fault></soap:Body></soap:Envelope>`
	e = alt.DecodeError(500, http.Header{}, []byte(soap))
	if !errors.Is(e, ErrNoConsent) || e.ServerCode != "3001" || !strings.Contains(e.Error(), "21001") {
		t.Errorf("soap: %v", e)
	}
	if e := alt.DecodeError(500, http.Header{}, []byte(`<x/>`)); !errors.Is(e, ErrServer) {
		t.Errorf("soap fallback: %v", e)
	}
}

func TestSignedDataInspection(t *testing.T) {
	key, _ := os.ReadFile("testdata/signed_key.txt")
	for _, c := range []struct {
		file     string
		attached bool
		certs    int
	}{{"sig_attached.der", true, 1}, {"sig_detached.der", false, 1}, {"sig_twocerts.der", true, 2}} {
		b, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		sd, err := ParseSignedData(b)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if sd.Attached != c.attached || len(sd.Certificates) != c.certs || len(sd.Signers) != 1 || !sd.IsGost256() {
			t.Errorf("%s: %+v", c.file, sd)
		}
		if !sd.IsCAdESBES(sd.Certificates[0]) || !sd.DigestMatches(key) || sd.DigestMatches(append(key, 'x')) {
			t.Errorf("%s: CAdES-BES/digest checks", c.file)
		}
		if c.attached && string(sd.Content) != string(key) {
			t.Errorf("%s: content %q", c.file, sd.Content)
		}
		id, err := IdentifyCertificate(sd.Certificates[0], DefaultProfile().INNOIDs)
		if err != nil || id.INN != "7799000005" || !id.Gost256 || id.OGRN != "1027700000009" {
			t.Errorf("%s: identity %+v %v", c.file, id, err)
		}
	}
	if _, err := ParseSignedData([]byte{0x30, 0x03, 0x02, 0x01, 0x01}); err == nil {
		t.Error("garbage accepted")
	}
}
