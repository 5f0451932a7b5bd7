package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
)

// runAsGosctl makes the test binary behave as gosctl (for the README
// examples, which run gosctl as a program).
const runAsGosctl = "GOSCTL_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsGosctl) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// readmeExamples returns the ```sh blocks of README.md that call gosctl,
// with the line each starts on.
func readmeExamples(t *testing.T) (blocks []string, lines []int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var cur []string
	in, start := false, 0
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case !in && strings.TrimSpace(l) == "```sh":
			in, cur, start = true, nil, i+2
		case in && strings.TrimSpace(l) == "```":
			in = false
			text := strings.Join(cur, "\n")
			if strings.Contains(text, "gosctl ") {
				blocks, lines = append(blocks, text), append(lines, start)
			}
		case in:
			cur = append(cur, l)
		}
	}
	return blocks, lines
}

// TestREADMEExamples runs every ```sh example of README.md that calls
// gosctl, as written, in order, in one folder, with the real binary
// against a sandbox that --env sandbox reaches (issue 13: "README's
// examples all run as written against the sandbox").
func TestREADMEExamples(t *testing.T) {
	blocks, lines := readmeExamples(t)
	if len(blocks) < 6 {
		t.Fatalf("only %d gosctl examples found in README.md", len(blocks))
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run README's examples: ", err)
	}
	// gosctl on PATH is this test binary run as the command (TestMain):
	// the same code, without a second build of the whole tree.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	script := "#!/bin/sh\n" + runAsGosctl + "=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "gosctl"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSandbox(t)
	t.Setenv(config.SandboxAddrVar, s.srv.Addr())
	t.Setenv("GOSDESK_LANG", "")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	// The examples of every command's --help run too, after README's.
	var walk func(c *command)
	walk = func(c *command) {
		for _, ex := range []string{c.example, c.exampleEN} {
			if ex != "" {
				blocks, lines = append(blocks, ex), append(lines, 0)
			}
		}
		for _, sub := range c.subs {
			walk(sub)
		}
	}
	walk(root)
	work := t.TempDir()
	for i, block := range blocks {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", block)
		cmd.Dir = work
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		cancel()
		if err != nil {
			where := fmt.Sprintf("README.md:%d", lines[i])
			if lines[i] == 0 {
				where = "an example of --help"
			}
			t.Errorf("%s: the example fails (%v):\n%s\n--- output:\n%s", where, err, block, out.String())
		}
	}
}
