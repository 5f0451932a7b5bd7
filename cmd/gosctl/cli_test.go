package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// gosctl runs the CLI in-process and returns exit code, stdout and stderr.
func gosctl(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	defer i18n.Set(i18n.Current())
	i18n.Set(i18n.RU)
	var out, errb bytes.Buffer
	code := run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestExitCodesAndLanguages(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		out, err string // substrings
	}{
		{nil, exitUsage, "", "Использование: gosctl КОМАНДА"},
		{[]string{"--help"}, exitOK, "Команды:", ""},
		{[]string{"--lang", "en", "--help"}, exitOK, "Commands:", ""},
		{[]string{"--lang=en", "frobnicate"}, exitUsage, "", "unknown command frobnicate"},
		{[]string{"frobnicate"}, exitUsage, "", "неизвестная команда frobnicate"},
		{[]string{"--lang", "de", "version"}, exitUsage, "", "неизвестный язык"},
		{[]string{"--lang"}, exitUsage, "", "нужно значение"},
		{[]string{"version"}, exitOK, "gosctl ", ""},
		{[]string{"version", "--help"}, exitOK, "показать версию", ""},
		{[]string{"version", "--bogus"}, exitUsage, "", "неизвестный параметр --bogus"},
		{[]string{"--lang", "en", "version", "--bogus"}, exitUsage, "", "unknown flag: --bogus"},
		{[]string{"version", "extra"}, exitUsage, "", "лишние аргументы"},
	}
	for _, c := range cases {
		code, out, errs := gosctl(t, "", c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
			t.Errorf("gosctl %q: code %d (want %d)\nstdout: %s\nstderr: %s", c.args, code, c.code, out, errs)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	var walk func(c *command, path []string)
	walk = func(c *command, path []string) {
		code, out, _ := gosctl(t, "", append(path, "--help")...)
		if code != exitOK || !strings.Contains(out, c.summary.RU) {
			t.Errorf("gosctl %s --help: code %d, out %q", strings.Join(path, " "), code, out)
		}
		for _, s := range c.subs {
			walk(s, append(append([]string(nil), path...), s.name))
		}
	}
	walk(root, nil)
}
