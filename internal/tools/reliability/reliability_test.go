package main

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
	"time"
)

// The test binary is also the sender: the harness runs it again with
// RELIABILITY_SENDER=1 and the sender's flags, so `go test` needs no
// separate build.
func TestMain(m *testing.M) {
	if os.Getenv("RELIABILITY_SENDER") == "1" {
		os.Exit(senderMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// TestReliabilityShort is the short version of `make reliability` inside
// `make test`: 12 applications (one above 50,000,000 bytes, chunked),
// about 20 % faults, 3 SIGKILLs; nothing duplicated, nothing lost, the
// journal intact after every kill.
func TestReliabilityShort(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	f, err := Run(Config{
		Apps: 12, Big: 1, Kills: 3, FaultRate: 0.2, Seed: time.Now().UnixNano(),
		Sender: func(args ...string) *exec.Cmd {
			c := exec.Command(self, args...)
			c.Env = append(os.Environ(), "RELIABILITY_SENDER=1")
			return c
		},
		Out: &out, MinKill: 200 * time.Millisecond, MaxKill: 2 * time.Second,
	})
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if !f.OK() || f.Kills < 3 || f.Sent+f.Failed != 12 {
		t.Fatalf("figures %+v", f)
	}
}
