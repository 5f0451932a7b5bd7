package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/version"
)

// runMainVar makes the test binary run main itself (with the arguments
// after "--"), so that the program is tested as built: the same packages,
// initialised in the same order.
const runMainVar = "GOSDESK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainVar) == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{os.Args[0]}, os.Args[i+1:]...)
				break
			}
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// `gosdesk --version` prints the version and nothing else, whatever the
// locale: under C.UTF-8 (Debian's and most containers' default) Fyne's
// lang package used to log «Fyne error: Error parsing user locale C» on
// stderr from its init, before main ran.
func TestVersionQuietUnderCLocale(t *testing.T) {
	for _, env := range [][]string{
		{"LANG=C.UTF-8"},
		{"LC_ALL=C.UTF-8", "LANG=ru_RU.UTF-8"},
		{"LANG=POSIX.UTF-8"},
		{"LANG=C"},
		{},
		{"LANG=ru_RU.UTF-8"},
	} {
		cmd := exec.Command(os.Args[0], "--", "--version")
		cmd.Env = append(cleanEnv(), append(env, runMainVar+"=1")...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", env, err, errb.String())
		}
		if got, want := out.String(), "gosdesk "+version.String()+"\n"; got != want {
			t.Errorf("%v: stdout %q, want %q", env, got, want)
		}
		if errb.Len() != 0 {
			t.Errorf("%v: stderr %q", env, errb.String())
		}
	}
}

// cleanEnv is the environment without any locale variable.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_") || k == runMainVar {
			continue
		}
		out = append(out, kv)
	}
	return out
}
