package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/version"
)

// Issue 13 item 3: options after positional arguments are options, not
// arguments (they used to be taken as file names or order numbers).
func TestOptionsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	req := writeTemplate(t, dir, "req.xml", "60010153")
	for _, args := range [][]string{
		{"validate", req, "--service", "60010153", "--json"},
		{"validate", "--service", "60010153", req, "--json"},
		{"validate", "-service", "60010153", req, "-json"}, // Go-flag spelling of old scripts
	} {
		code, out, errs := gosctl(t, "", args...)
		if code != exitOK || !strings.Contains(out, `"valid": true`) {
			t.Errorf("gosctl %q: code %d\nstdout: %s\nstderr: %s", args, code, out, errs)
		}
	}
	// `--` ends the options: a file named like an option is an argument.
	code, _, errs := gosctl(t, "", "digest", "--", "--json")
	if code != exitFailed || !strings.Contains(errs, "--json: файл не найден") {
		t.Errorf("digest -- --json: code %d, stderr %q", code, errs)
	}
	// One-letter options keep their single dash.
	f := filepath.Join(dir, "a.txt")
	os.WriteFile(f, []byte("abc"), 0o644)
	if code, out, errs := gosctl(t, "", "digest", f, "-a", "streebog512"); code != exitOK || len(strings.Fields(out)[0]) != 128 {
		t.Errorf("digest FILE -a streebog512: code %d out %q err %q", code, out, errs)
	}
}

// Every command's help reads in English with --lang en: the summary,
// the usage line and the option lists (no Cyrillic at all:
// TestEnglishHasNoCyrillic).
func TestEveryCommandHasEnglishHelp(t *testing.T) {
	var walk func(c *command, path []string)
	walk = func(c *command, path []string) {
		code, out, _ := gosctl(t, "", append([]string{"--lang", "en"}, append(path, "--help")...)...)
		if code != exitOK || !strings.Contains(out, c.summary.EN) || !strings.Contains(out, "Usage: ") || !strings.Contains(out, "Global options:") {
			t.Errorf("gosctl --lang en %s --help: code %d, out %q", strings.Join(path, " "), code, out)
		}
		for _, s := range c.subs {
			if !s.hidden {
				walk(s, append(append([]string(nil), path...), s.name))
			}
		}
	}
	walk(root, nil)
	// The language also comes from GOSDESK_LANG (read at start) and may
	// follow the command.
	defer i18n.Set(i18n.Current())
	code, out, _ := gosctl(t, "", "epgu", "order", "status", "--help", "--lang", "en")
	if code != exitOK || !strings.Contains(out, "Options:") || !strings.Contains(out, "NUMBER") {
		t.Errorf("--lang after the command: %d %q", code, out)
	}
}

func TestHelpIsRussianByDefault(t *testing.T) {
	code, out, _ := gosctl(t, "", "epgu", "order", "push", "--help")
	for _, want := range []string{"Использование: gosctl epgu order push", "Параметры:", "--service КОД", "код услуги", "Общие параметры:", "--lang ru|en"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("epgu order push --help: no %q in\n%s", want, out)
		}
	}
	if code, out, _ := gosctl(t, "", "help", "epgu", "order"); code != exitOK || !strings.Contains(out, "Команды:") || !strings.Contains(out, "push") {
		t.Errorf("help epgu order: %d %q", code, out)
	}
	if code, _, errs := gosctl(t, "", "epgu", "order"); code != exitUsage || !strings.Contains(errs, "Команды:") {
		t.Errorf("epgu order without a command: %d %q", code, errs)
	}
	if code, _, errs := gosctl(t, "", "epgu", "frob"); code != exitUsage || !strings.Contains(errs, "неизвестная команда frob") {
		t.Errorf("epgu frob: %d %q", code, errs)
	}
}

// Shell completion for bash, zsh, PowerShell (and fish): the scripts, and
// the callback that completes commands, options and service codes.
func TestCompletion(t *testing.T) {
	for sh, want := range map[string]string{"bash": "__start_gosctl", "zsh": "#compdef gosctl", "powershell": "Register-ArgumentCompleter", "fish": "complete -c gosctl"} {
		if code, out, errs := gosctl(t, "", "completion", sh); code != exitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: %d, no %q (stderr %s)", sh, code, want, errs)
		}
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "ep"}, "epgu"},
		{[]string{"__complete", "epgu", "order", "st"}, "status"},
		{[]string{"__complete", "epgu", "order", "push", "--serv"}, "--service"},
		{[]string{"__complete", "epgu", "order", "push", "--service", ""}, "60010153\t"},
		{[]string{"__complete", "template", ""}, "10000103652\t"},
		{[]string{"__complete", "sign", "--th"}, "--thumbprint"},
	}
	for _, c := range cases {
		code, out, errs := gosctl(t, "", c.args...)
		if code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("gosctl %q: %d, no %q in %q (stderr %s)", c.args, code, c.want, out, errs)
		}
	}
	// Hidden aliases are not offered.
	if _, out, _ := gosctl(t, "", "__complete", "sign", "--cert"); strings.Contains(out, "--cert-file") {
		t.Errorf("completion offers the hidden --cert-file: %q", out)
	}
}

// make man: one page per command, from the same tree as the help.
func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := gosctl(t, "", "man", "--out", dir); code != exitOK {
		t.Fatalf("man: %d %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "gosctl-epgu-order-push.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".TH \"GOSCTL\" \"1\"", "gosctl epgu order push", "--service", "код услуги"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("man page lacks %q:\n%s", want, b)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gosctl.1")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gosctl-man.1")); err == nil {
		t.Error("the hidden man generator has a man page")
	}
}

// Issue 13 item 4: one naming — --thumbprint is a thumbprint, --cert a
// certificate file — and the old spellings work, hidden, with a note.
func TestOneFlagNaming(t *testing.T) {
	for _, path := range [][]string{{"sign"}, {"certs", "show"}, {"esia", "token"}, {"epgu", "order", "create"}, {"ens", "login"}} {
		code, out, _ := gosctl(t, "", append(path, "--help")...)
		if code != exitOK || !strings.Contains(out, "--thumbprint ОТПЕЧАТОК") || !strings.Contains(out, "--cert ФАЙЛ") || strings.Contains(out, "--cert-file") {
			t.Errorf("%v --help: want --thumbprint ОТПЕЧАТОК and --cert ФАЙЛ:\n%s", path, out)
		}
	}
	_, userDir := issueTestUser(t, "256A")
	doc := filepath.Join(t.TempDir(), "doc.txt")
	os.WriteFile(doc, []byte("документ"), 0o644)
	key := filepath.Join(userDir, "key.pem")
	code, _, errs := gosctl(t, "", "sign", doc, "--key", key, "--cert", filepath.Join(userDir, "cert.cer"))
	if code != exitOK || strings.Contains(errs, "устарел") {
		t.Errorf("sign --key --cert: %d %s", code, errs)
	}
	code, _, errs = gosctl(t, "", "sign", doc, "--key", key, "--cert-file", filepath.Join(userDir, "cert.cer"))
	if code != exitOK || !strings.Contains(errs, "параметр --cert-file устарел") || !strings.Contains(errs, "пишите --cert") {
		t.Errorf("sign --cert-file (old spelling): %d %s", code, errs)
	}
}

// gosctl version prints core/version's one version (the pkg helper's
// make package-test compares it with FyneApp.toml).
func TestVersionIsCoreVersion(t *testing.T) {
	code, out, _ := gosctl(t, "", "version")
	if code != exitOK || !strings.HasPrefix(out, "gosctl "+version.Version()+" (") || strings.Count(out, "\n") != 1 {
		t.Errorf("version: %d %q", code, out)
	}
}

// Option errors are Russian sentences too (pflag's are English).
func TestOptionErrorsInRussian(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"epgu", "dict", "X", "--page", "x"}, "неверное значение \"x\" параметра --page: нужно целое число"},
		{[]string{"orders", "watch", "--interval", "x"}, "нужна длительность"},
		{[]string{"digest", "-z"}, "неизвестный параметр -z\n"},
		{[]string{"digest", "-a"}, "параметру -a нужно значение"},
		{[]string{"epgu", "order", "status", "--json=maybe", "1"}, "нужно true или false"},
	} {
		code, _, errs := gosctl(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("gosctl %q: %d %q", c.args, code, errs)
		}
	}
}

// GOSDESK_LANG=en gives English help and messages, as --lang en does.
func TestLanguageFromEnvironment(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "epgu", "order", "push", "--help")
	cmd.Env = append(os.Environ(), runAsGosctl+"=1", "GOSDESK_LANG=en")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Usage: gosctl epgu order push") || !strings.Contains(string(out), "--service CODE") {
		t.Errorf("GOSDESK_LANG=en gosctl epgu order push --help: %v\n%s", err, out)
	}
	cmd = exec.Command(self, "frobnicate")
	cmd.Env = append(os.Environ(), runAsGosctl+"=1", "GOSDESK_LANG=en")
	out, err = cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUsage || !strings.Contains(string(out), "unknown command frobnicate") {
		t.Errorf("GOSDESK_LANG=en gosctl frobnicate: %v\n%s", err, out)
	}
}
