// Package workflow is the one application layer of gosdesk: every
// user-level operation the desktop app (ui/) and gosctl (cmd/gosctl)
// offer lives here, once. Neither front end talks to core/epgu,
// core/esia or core/ens directly.
//
// A process opens one Core (settings, data folder, journal, key sources)
// and subscribes to its events (stage, bytes done/total, chunk i of n,
// order status). A Session is an opened environment (sandbox, test,
// prod…) with its API key and signing certificate; it submits, resumes,
// tracks, downloads and cancels applications, and runs batches.
// ENSSession does the same for API ЕНС.
//
// Every step of a submission is written to the journal (core/journal)
// before and after its network call, so that Resume continues where a
// crash stopped: a reserved orderId is reused, a chunk session is
// continued from the first missing chunk (or restarted when its 5-minute
// window passed), and an unknown outcome of /push is resolved by asking
// the service, never by sending again.
//
// Errors meant for people implement i18n.Localized (Russian by default,
// English on request) and say what to do. InputError marks mistakes in
// what the caller passed (a CLI exits with 2 on them).
package workflow
