package workflow

import (
	"slices"
	"sync"
	"time"
)

// Stage is the step an event reports.
type Stage string

// Stages of a submission, of tracking and of batches.
const (
	StageValidate Stage = "validate" // local checks: XML against the XSD, catalog rules, attachments
	StagePack     Stage = "pack"     // the archive is being built (Done/Total bytes)
	StageSign     Stage = "sign"     // detached CAdES-BES signatures of the archive files
	StageReserve  Stage = "reserve"  // POST /order: an order number is reserved (OrderID set after)
	StageUpload   Stage = "upload"   // /push or /push/chunked: Chunk of Chunks, Done/Total bytes
	StageWait     Stage = "wait"     // pacing: waiting for an EPGU limit (Wait says how long)
	StageRetry    Stage = "retry"    // a temporary failure; retrying after Wait
	StageSent     Stage = "sent"     // the archive is accepted (OrderID set)
	StageTracking Stage = "tracking" // polling statuses
	StageStatus   Stage = "status"   // the order's status changed (Status set)
	StageFinal    Stage = "final"    // a final status arrived (Status set): notify the user
	StageResult   Stage = "result"   // result files downloaded and checked (Files set)
	StageFailed   Stage = "failed"   // the operation failed (Err set; Message says what to do)
	StageBatch    Stage = "batch"    // batch progress: Row of Rows
)

// Event is one progress or state change. Fields not relevant to the stage
// are zero. Events are delivered in order, synchronously from the
// goroutine doing the work: a subscriber must return quickly (a GUI
// hands the event to its main thread).
type Event struct {
	Time  time.Time
	Stage Stage
	// AppID is the journal's application id (0 when not journalled).
	AppID int64
	// OrderID is the ЕПГУ order number, once known.
	OrderID int64
	// Service is the eServiceCode.
	Service string
	// Chunk (1-based) of Chunks during a chunked upload.
	Chunk, Chunks int
	// Done and Total bytes of the current stage (pack, upload).
	Done, Total int64
	// Status of the order (StageStatus, StageFinal).
	Status *StatusInfo
	// Files downloaded (StageResult).
	Files []ResultFile
	// Wait is the pause before the next attempt (StageWait, StageRetry).
	Wait time.Duration
	// Row is the CSV row (header = row 1) of a batch application, on
	// every event of its submission. StageBatch: Row, Rows = the number
	// of rows, Done/Total = this is application Done of Total.
	Row, Rows int
	// Message is a short human text in the current language.
	Message string
	// Err is the failure (StageFailed, StageRetry).
	Err error
}

// StatusInfo is an order status as the portal reports it.
type StatusInfo struct {
	ID      int    // orderStatusId (e.g. 3 «Исполнено»)
	Title   string // title in Russian
	Final   bool   // no further status follows
	Comment string
	// State is the gu-smev processing state (DONE, VALIDATION_ERROR…)
	// when the portal order does not exist yet or processing failed.
	State string
	At    time.Time
}

// bus delivers events to subscribers, in the order they subscribed (the
// window's screens see an event in the same order every time).
type bus struct {
	mu   sync.Mutex
	next int
	subs []subscriber
	now  func() time.Time
}

type subscriber struct {
	id int
	f  func(Event)
}

func (b *bus) subscribe(f func(Event)) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs = append(b.subs, subscriber{id, f})
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.subs = slices.DeleteFunc(slices.Clone(b.subs), func(s subscriber) bool { return s.id == id })
	}
}

func (b *bus) emit(e Event) {
	if e.Time.IsZero() && b.now != nil {
		e.Time = b.now()
	}
	b.mu.Lock()
	subs := b.subs // never changed in place: subscribe appends, cancel copies
	b.mu.Unlock()
	for _, s := range subs {
		s.f(e)
	}
}
