package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/gosdesk/gosdesk/core/i18n"
	sandboxens "github.com/gosdesk/gosdesk/core/sandbox/ens"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cyrillicLines returns the lines of s that hold a Cyrillic letter.
func cyrillicLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.IndexFunc(l, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
			out = append(out, l)
		}
	}
	return out
}

// englishTree returns the command paths of the cobra tree as built for an
// English run: every command, hidden ones and `help` included.
func englishTree(t *testing.T) map[string]*cobra.Command {
	t.Helper()
	defer i18n.Set(i18n.Current())
	i18n.Set(i18n.EN)
	paths := map[string]*cobra.Command{}
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths[strings.Join(path, " ")] = c
		for _, s := range c.Commands() {
			walk(s, append(append([]string(nil), path...), s.Name()))
		}
	}
	walk(build(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}), nil)
	return paths
}

// badValue is a value an option of this type refuses, or "" when any
// string is accepted.
func badValue(f *pflag.Flag) string {
	switch t := f.Value.Type(); {
	case t == "bool":
		return "maybe"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), t == "float64", t == "duration":
		return "x"
	}
	return ""
}

// `gosctl --lang en` speaks English only: no Cyrillic letter in the help
// of any command (summary, usage line, options, defaults, example), in
// `gosctl help …`, nor in the usage errors pflag and cobra report (an
// unknown option, a bad option value, a group without or with an unknown
// subcommand). The offenders are listed all at once.
func TestEnglishHasNoCyrillic(t *testing.T) {
	tree := englishTree(t)
	if len(tree) < 40 {
		t.Fatalf("only %d commands in the tree", len(tree))
	}
	type run struct {
		args []string
		code int
	}
	var runs []run
	for path, c := range tree {
		p := strings.Fields(path)
		at := func(extra ...string) []string {
			return append(append([]string{"--lang", "en"}, p...), extra...)
		}
		runs = append(runs, run{at("--help"), exitOK}, run{at("--no-such-option"), exitUsage})
		if path != "help" {
			runs = append(runs, run{append([]string{"--lang", "en", "help"}, p...), exitOK})
		}
		if c.HasSubCommands() {
			// A group without a command prints its help on stderr.
			runs = append(runs, run{at(), exitUsage}, run{at("no-such-command"), exitUsage})
			continue
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if v := badValue(f); v != "" && f.Name != "help" {
				runs = append(runs, run{at("--" + f.Name + "=" + v), exitUsage})
			}
		})
	}
	offenders := map[string][]string{}
	// The English man pages (make man) come from the same tree.
	man := t.TempDir()
	if code, _, errs := gosctl(t, "", "--lang", "en", "man", "--out", man); code != exitOK {
		t.Fatalf("man: %d %s", code, errs)
	}
	pages, _ := filepath.Glob(filepath.Join(man, "*.1"))
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		if l := cyrillicLines(string(b)); len(l) > 0 {
			offenders["man page "+filepath.Base(p)] = l
		}
	}
	for _, r := range runs {
		code, out, errs := gosctl(t, "", r.args...)
		name := "gosctl " + strings.Join(r.args, " ")
		if code != r.code {
			t.Errorf("%s: exit code %d, want %d\nstdout: %s\nstderr: %s", name, code, r.code, out, errs)
		}
		if out+errs == "" {
			t.Errorf("%s: says nothing", name)
		}
		if l := cyrillicLines(out + errs); len(l) > 0 {
			offenders[name] = l
		}
	}
	if len(offenders) > 0 {
		names := make([]string, 0, len(offenders))
		for n := range offenders {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		words := map[string]int{}
		for _, n := range names {
			fmt.Fprintf(&b, "%s:\n", n)
			for _, l := range offenders[n] {
				fmt.Fprintf(&b, "    %s\n", strings.TrimSpace(l))
				for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !unicode.Is(unicode.Cyrillic, r) }) {
					words[w]++
				}
			}
		}
		t.Errorf("%d of %d English outputs and man pages hold Cyrillic (words: %v):\n%s", len(offenders), len(runs)+len(pages), words, b.String())
	}
}

// English runs label what they print in English (the data — names,
// the catalog's and the servers' texts — stays as it is): ENS sign-in,
// a power of attorney and operations, a certificate's key, an NSI error.
func TestEnglishRuntimeOutput(t *testing.T) {
	b := newENSBox(t, nil)
	mchdFile, sigFile := filepath.Join(b.dir, "mchd.xml"), filepath.Join(b.dir, "mchd.xml.sig")
	os.WriteFile(mchdFile, sandboxens.DemoMCHD, 0o600)
	os.WriteFile(sigFile, b.demo.MCHDSignature, 0o600)
	key := append(b.signerFiles("representative", b.demo.Representative), "--mode", "representative", "--mchd", mchdFile, "--mchd-sig", sigFile, "--lang", "en")
	login := b.ok("login", key...)
	ensContains(t, login, "Signed in to API ENS", ", INN ", "Default INN:", " MSK", "Power of attorney (MCHD):", "INN "+ensOperatorINN)
	ops := b.ok("operations", append(key, "--from", "01.12.2025", "--to", "31.05.2026")...)
	ensContains(t, ops, "ENS operations: INN", "KBK", "OKTMO", "accrual", "payment")
	for _, out := range []string{login, ops} {
		for _, ru := range []string{"ИНН", "КПП", "МСК", "МЧД", "КБК", "ОКТМО", "начисление", "платёж (ЕНП)", "Доверитель", "Представитель", "Действует"} {
			if strings.Contains(out, ru) {
				t.Errorf("English ENS output says %q:\n%s", ru, out)
			}
		}
	}

	s := startSandbox(t)
	t.Setenv("SB_PIN", s.srv.Credentials().PIN)
	code, out, errs := gosctl(t, "", "--lang", "en", "certs", "show", filepath.Join(s.dir, sandboxPFX), "--pin-env", "SB_PIN")
	if code != exitOK || !strings.Contains(out, "GOST R 34.10-2012 256 bit (") {
		t.Errorf("certs show in English: %d\n%s%s", code, out, errs)
	}
	code, _, errs = gosctl(t, "", "--lang", "en", "epgu", "dict", "--env", s.srv.URL(), "NO_SUCH_DICT")
	if code != exitFailed || !strings.Contains(errs, "NSI: no such dictionary (code 7") || len(cyrillicLines(errs)) > 0 {
		t.Errorf("unknown dictionary in English: %d %s", code, errs)
	}
}
