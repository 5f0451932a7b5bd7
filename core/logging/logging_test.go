package logging

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
)

func TestNoSecretReachesTheLog(t *testing.T) {
	var buf bytes.Buffer
	if err := Setup(Options{Level: "debug", Output: &buf}); err != nil {
		t.Fatal(err)
	}
	jwt := "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"
	secrets := []string{jwt, "1234-pin-5678", "d7c3a1f0-1111-2222-3333-444455556666",
		"112-233-445 95", "s3cr3t-apikey", "AbCd"}
	For("epgu").WithFields(logrus.Fields{
		"accessToken": jwt,
		"pin":         "1234-pin-5678",
		"apiKey":      "s3cr3t-apikey",
		"url":         "https://esia/tkn?signature=AbCd&x=1",
		"err":         errors.New("401 for Bearer " + jwt),
		"orderId":     int64(763444783),
	}).Infof("token %s for key d7c3a1f0-1111-2222-3333-444455556666, СНИЛС 112-233-445 95", jwt)
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("secret %q leaked into log:\n%s", s, out)
		}
	}
	for _, keep := range []string{"763444783", "component=epgu", "x=1"} {
		if !strings.Contains(out, keep) {
			t.Errorf("log lost harmless %q:\n%s", keep, out)
		}
	}
}

func TestBadLevel(t *testing.T) {
	if err := Setup(Options{Level: "loud"}); err == nil {
		t.Fatal("bad level accepted")
	}
	_ = Setup(Options{})
}

// Issue 13 item 10: the service code is not a secret; the OAuth code is.
func TestRedactKeepsServiceCode(t *testing.T) {
	in := "POST /api/gusmev/order eserviceCode=60010153&serviceTargetCode=-60010153&code=abc123&state=1"
	got := RedactString(in)
	if !strings.Contains(got, "eserviceCode=60010153") || !strings.Contains(got, "serviceTargetCode=-60010153") || strings.Contains(got, "abc123") {
		t.Errorf("RedactString(%q) = %q", in, got)
	}
}
