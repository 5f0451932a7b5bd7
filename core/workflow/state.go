package workflow

import (
	"errors"
	"time"
)

// appState is the submission state machine of issue 9 §3, as the
// journal (core/journal) keeps it:
//
//	checked → [reserving → reserved(orderId)] → packed →
//	  uploading(chunk i of n) | pushing → sent → tracking → final
//	any unfinished → failed(reason) → checked (resume)
//
// Each step is written before the network call it announces (reserving,
// chunk i, pushing) and after its answer (reserved, chunk i done, sent).
type appState string

const (
	stateChecked   appState = "checked"
	stateReserving appState = "reserving" // POST /order in flight
	stateReserved  appState = "reserved"  // OrderID known
	statePacked    appState = "packed"    // archive at ArchivePath
	stateUploading appState = "uploading" // chunk ChunksDone of Chunks is next
	statePushing   appState = "pushing"   // POST /push in flight: outcome unknown after a crash
	stateSent      appState = "sent"
	stateTracking  appState = "tracking"
	stateFinal     appState = "final"
	stateFailed    appState = "failed"
)

// unfinished: a submission Resume continues.
func (s appState) unfinished() bool {
	switch s {
	case "draft", stateChecked, stateReserving, stateReserved, statePacked, stateUploading, statePushing:
		return true
	}
	return false
}

// appRecord is one application with its current submission, as the
// workflow reads it from the journal.
type appRecord struct {
	ID, SubID        int64
	Env              string
	Service          string
	Target, Region   string
	Title, Applicant string
	Documents        []Document
	Attachments      []Attachment // path and name in the archive
	UserArchive      string       // a ready ZIP of the user (Application.Archive)
	ForceChunked     bool
	OmitMeta         bool
	BatchID          int64
	Row              int
	State            appState
	OrderID          int64
	Route            Route
	ArchivePath      string
	ArchiveSize      int64
	ChunkSize        int64
	Chunks           int
	ChunksDone       int       // chunks 0…ChunksDone-1 are accepted
	SessionStart     time.Time // chunk 0 was sent (5-minute window)
	StepStart        time.Time // reserving / pushing began
	Reason, ReasonEN string
	LastStatus       int
	LastStatusTitle  string
	Created          time.Time
}

// journalStore is what the workflow needs from the journal. Every
// transition is one durable transaction and refreshes the record from
// the journal's answer.
type journalStore interface {
	Close() error
	IntegrityCheck() error

	// Create stores the application and starts its submission, checked.
	Create(a *appRecord) error
	Load(appID int64) (*appRecord, error)
	ByOrder(env string, orderID int64) (*appRecord, error)
	Unfinished(env string) ([]*appRecord, error)
	Tracking(env string) ([]*appRecord, error)

	Packed(a *appRecord) error // ArchivePath, ArchiveSize, Route, ChunkSize, Chunks
	BeginReserve(a *appRecord) error
	Reserved(a *appRecord, orderID int64) error
	// AdoptOrder records a number the user reserved earlier.
	AdoptOrder(a *appRecord, orderID int64) error
	BeginChunk(a *appRecord, index, total int, size int64) error
	ChunkDone(a *appRecord, index int) error
	RestartUpload(a *appRecord, why string) error
	BeginPush(a *appRecord) error
	Sent(a *appRecord, orderID int64) error
	Failed(a *appRecord, ru, en string) error
	// Reopen makes a stopped submission sendable again (checked), keeping
	// the order number unless dropOrder (the user asked for a new one).
	Reopen(a *appRecord, dropOrder bool) error
	Tracked(a *appRecord) error
	Final(a *appRecord, statusID int, title string) error

	// RecentOrders: times of order-creating requests (reserve, push
	// without a number) of a service in env since a moment (pacing).
	RecentOrders(env, service string, since time.Time) ([]time.Time, error)
	// AddStatus appends a status; changed is false for a repeat.
	AddStatus(env string, orderID int64, st StatusInfo) (changed bool, err error)
	// AddResult records a downloaded file (an empty Name: nothing to
	// fetch); HasResults reports whether any was recorded.
	AddResult(env string, orderID int64, f ResultFile) error
	HasResults(env string, orderID int64) (bool, error)
	Cursor(env string) (time.Time, error)
	SetCursor(env string, t time.Time) error

	SaveDraft(d *Draft) error
	Draft(id int64) (*Draft, error)
	DeleteDraft(id int64) error

	// FindBatch finds a batch by its digest (service, template, CSV
	// bytes); 0 when none.
	FindBatch(env, service, rowsName, digest string) (int64, error)
	NewBatch(env, service, rowsName, digest string, total int) (int64, error)
	BatchApps(batchID int64) ([]*appRecord, error)
}

// errNotFound: no such record in the journal.
var errNotFound = errors.New("workflow: not in the journal")
