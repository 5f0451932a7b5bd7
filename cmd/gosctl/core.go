package main

import (
	"time"

	"github.com/gosdesk/gosdesk/core/workflow"
)

// ensNow is the clock of the commands (tests use the sandbox's).
var ensNow = time.Now

// openCore opens the application core (core/workflow) for a one-shot
// command that keeps nothing on disk: status, dictionaries, ENS.
func openCore(e *env) (*workflow.Core, error) {
	return workflow.Open(workflow.Options{NoJournal: true, Now: func() time.Time { return ensNow() }})
}
