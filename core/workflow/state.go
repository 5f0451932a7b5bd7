package workflow

import (
	"errors"
	"time"
)

// appState is the submission state machine of issue 9 §3, as the
// journal stores it:
//
//	draft → checked → [reserving → reserved(orderId)] → packed →
//	  uploading(chunk i of n) | pushing → sent → tracking → final
//	any → failed(reason)
//
// Each transition is written before the network call it announces
// (reserving, uploading chunk i, pushing) and after its answer
// (reserved, chunk i done, sent).
type appState string

const (
	stateDraft     appState = "draft"
	stateChecked   appState = "checked"
	stateReserving appState = "reserving" // POST /order in flight
	stateReserved  appState = "reserved"  // OrderID known, archive not packed yet
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
	case stateChecked, stateReserving, stateReserved, statePacked, stateUploading, statePushing:
		return true
	}
	return false
}

// appRecord is one application with its submission state, as the
// workflow reads and writes it through journalStore.
type appRecord struct {
	ID               int64
	Env              string
	Service          string
	Target, Region   string
	Title, Applicant string
	Documents        []Document
	Attachments      []string
	UserArchive      string // a ready ZIP of the user (Application.Archive)
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
	SessionStart     time.Time // first chunk sent (5-minute window)
	StepStart        time.Time // reserving / pushing began (resolving unknown outcomes)
	Reason           string    // failure, in Russian
	ReasonEN         string
	LastStatus       int
	LastStatusTitle  string
	Updated, Created time.Time
}

// journalStore is what the workflow needs from the journal
// (core/journal), behind an adapter.
type journalStore interface {
	Close() error
	// NewApp stores a new application (ID is set).
	NewApp(a *appRecord) error
	// SaveApp writes the application's state in one transaction with a
	// history entry; it returns after the data is durable.
	SaveApp(a *appRecord) error
	App(id int64) (*appRecord, error)
	// Unfinished lists the applications of env whose state is
	// unfinished(), oldest first.
	Unfinished(env string) ([]*appRecord, error)
	// Tracking lists applications of env that are sent or tracking.
	Tracking(env string) ([]*appRecord, error)
	// ByOrder finds the application of an order (nil, nil when none).
	ByOrder(env string, orderID int64) (*appRecord, error)
	// RecentOrders counts orders of a service created in env at or after
	// since (reserve or push times), for pacing.
	RecentOrders(env, service string, since time.Time) ([]time.Time, error)
	// AddStatus appends a status to the order's history; changed is
	// false when it was already the last one.
	AddStatus(env string, orderID int64, st StatusInfo) (changed bool, err error)
	// AddResult records a downloaded file (an empty Name: nothing to
	// fetch); HasResults reports whether any was recorded.
	AddResult(env string, orderID int64, f ResultFile) error
	HasResults(env string, orderID int64) (bool, error)
	// Cursor / SetCursor keep the getUpdatedAfter position of env.
	Cursor(env string) (time.Time, error)
	SetCursor(env string, t time.Time) error
	// Drafts.
	SaveDraft(d *Draft) error
	Draft(id int64) (*Draft, error)
	DeleteDraft(id int64) error
	// Batches.
	NewBatch(service, rowsName, digest string, total int) (int64, error)
	BatchApps(batchID int64) ([]*appRecord, error)
	// FindBatch finds a batch by its digest (service, template, CSV
	// bytes); 0 when none.
	FindBatch(service, digest string) (int64, error)
	// IntegrityCheck runs PRAGMA integrity_check.
	IntegrityCheck() error
}

// errNotFound: no such record in the journal.
var errNotFound = errors.New("workflow: not in the journal")
