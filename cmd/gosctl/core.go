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
	return openCoreJournal(e, false)
}

// openCoreJournal opens the core; with journal, the journal in the data
// folder ($GOSDESK_DATA_DIR, else the user's data folder) is opened too:
// every command that sends keeps track of what it sent there.
func openCoreJournal(e *env, journal bool) (*workflow.Core, error) {
	return workflow.Open(workflow.Options{NoJournal: !journal, Now: func() time.Time { return ensNow() }})
}
