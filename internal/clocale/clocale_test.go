package clocale

import (
	"os"
	"testing"
)

func TestQuiet(t *testing.T) {
	for _, c := range []struct {
		all, lang, language string
		want                bool
	}{
		{"", "C.UTF-8", "", true},
		{"C.utf8", "ru_RU.UTF-8", "", true}, // LC_ALL comes first
		{"", "POSIX@euro", "", true},
		{"", "C", "", false}, // go-locale passes plain C on quietly
		{"", "", "", false},
		{"", "ru_RU.UTF-8", "", false},
		{"", "C.UTF-8", "ru", false}, // LANGUAGE given: go-locale reads it
	} {
		t.Setenv("LC_ALL", c.all)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		t.Setenv("LANGUAGE", c.language)
		set = quiet()
		if set != c.want {
			t.Errorf("%+v: set %v", c, set)
		}
		if set && os.Getenv("LANGUAGE") != "en" {
			t.Errorf("%+v: LANGUAGE %q", c, os.Getenv("LANGUAGE"))
		}
		Restore()
		if os.Getenv("LANGUAGE") != c.language {
			t.Errorf("%+v: after Restore LANGUAGE %q", c, os.Getenv("LANGUAGE"))
		}
	}
}
