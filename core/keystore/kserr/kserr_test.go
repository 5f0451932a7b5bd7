package kserr

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrors(t *testing.T) {
	e := New(CodeWrongPIN, nil, "%s", "/keys/a.000")
	if !errors.Is(e, ErrWrongPIN) || errors.Is(e, ErrWrongPassword) {
		t.Error("Is")
	}
	if e.Error() != "неверный PIN-код (пароль) контейнера: /keys/a.000" || e.English() != "wrong container PIN: /keys/a.000" {
		t.Errorf("%q / %q", e.Error(), e.English())
	}
	wrapped := fmt.Errorf("open: %w", New(CodeMalformed, ErrUnknownCurve, "header"))
	if !errors.Is(wrapped, ErrMalformed) || !errors.Is(wrapped, ErrUnknownCurve) {
		t.Error("wrapped chain")
	}
	var ke *Error
	if !errors.As(wrapped, &ke) || ke.English() != "key file is corrupt or malformed: header: unknown elliptic curve parameters" {
		t.Errorf("%v", ke)
	}
	for c := CodeMalformed; c <= CodeNotSupportedHere; c++ {
		if text[c].RU == "" || text[c].EN == "" {
			t.Errorf("code %d has no text", c)
		}
	}
}
