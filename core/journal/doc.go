// Package journal is gosdesk's crash-safe record of everything a user
// prepared, sent and received: applications (and drafts), submissions with
// an explicit state machine, the status history of every order, result
// files, ENS balance snapshots and batches. It is one SQLite file
// (modernc.org/sqlite, pure Go, no cgo) in the user's data folder, opened in
// WAL mode with a busy timeout and foreign keys, so that the desktop app and
// gosctl may use it at the same time.
//
// The workflow (core/workflow) writes every step of a submission before and
// after its network call ("about to reserve", "reserved 123"); after a crash
// Interrupted lists the submissions that stopped mid-way with what is needed
// to resume them: the reserved orderId, the chunk session, and whether the
// outcome of the last request is unknown. See README.md for the state
// machine and the resume contract.
//
// Every method is safe for concurrent use; errors a user can see are
// *Error values (Russian Error(), English English()).
package journal
