// Command reliability is the reliability harness of issue 9 §7 (`make
// reliability`): it runs the strict sandbox with about 20 % injected
// faults (401, 429 with Retry-After, 503, dropped connections, latency),
// sends a batch of Госключ applications with attachments of mixed sizes
// (some above 50,000,000 bytes, so reserved and chunked) through
// core/workflow in a child process, kills that process with SIGKILL at
// random points and starts it again each time, checks the journal with
// PRAGMA integrity_check after every kill, and finally checks on the
// sandbox side (admin API /admin/orders) that every application was sent
// exactly once with one orderId or failed with a reason. The figures are
// the last lines of its output; the exit code is 1 when anything was
// duplicated or lost.
//
//	go run ./internal/tools/reliability [-apps 100] [-big 5] [-kills 10] [-faults 0.2] [-seed N] [-keep DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-sender" {
		os.Exit(senderMain(os.Args[2:]))
	}
	var cfg Config
	flag.IntVar(&cfg.Apps, "apps", 100, "applications in the batch")
	flag.IntVar(&cfg.Big, "big", 5, "applications with an attachment above 50,000,000 bytes (chunked)")
	flag.IntVar(&cfg.Kills, "kills", 10, "SIGKILLs of the sending process (at least)")
	flag.Float64Var(&cfg.FaultRate, "faults", 0.2, "share of API ЕПГУ requests that meet an injected fault")
	flag.Int64Var(&cfg.Seed, "seed", 0, "random seed (0: from the clock)")
	flag.StringVar(&cfg.Dir, "keep", "", "work folder to keep (default: a temporary one, removed)")
	flag.Parse()
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cfg.Sender = func(args ...string) *exec.Cmd { return exec.Command(self, append([]string{"-sender"}, args...)...) }
	cfg.Out = os.Stdout
	f, err := Run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		os.Exit(2)
	}
	if !f.OK() {
		os.Exit(1)
	}
}
