package journal

import (
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// State is the state of a submission (issue 9 §3):
//
//	draft → checked → packed ──────────────→ pushing ──→ sent → tracking → final
//	            │        └→ reserving → reserved ─→ uploading ─┘
//	            └→ reserving → reserved → packed (orderId written into the XML) ─┘
//	draft, checked, packed → reserved      (AdoptOrder: a number the user reserved earlier)
//	any unfinished → failed(reason)         failed (never sent) → checked (Reopen, DropOrder)
//
// reserving and pushing are write-ahead states: they are written before
// POST /order and POST /push; a crash leaves them with OutcomeUnknown set.
// uploading carries the chunk session (UploadID, chunk i of n, start).
type State string

// States.
const (
	StateDraft     State = "draft"     // started, nothing checked yet
	StateChecked   State = "checked"   // local checks passed
	StatePacked    State = "packed"    // archive built (ArchivePath, ArchiveSize, Route)
	StateReserving State = "reserving" // POST /order in flight
	StateReserved  State = "reserved"  // OrderID known (never lost from here on)
	StateUploading State = "uploading" // /push/chunked: chunk ChunksDone of Chunks is next
	StatePushing   State = "pushing"   // POST /push in flight
	StateSent      State = "sent"      // the service accepted the archive
	StateTracking  State = "tracking"  // polling the order's status
	StateFinal     State = "final"     // a final status arrived
	StateFailed    State = "failed"    // stopped with Reason
)

// AllStates in the order of the happy path.
var AllStates = []State{StateDraft, StateChecked, StatePacked, StateReserving, StateReserved,
	StateUploading, StatePushing, StateSent, StateTracking, StateFinal, StateFailed}

// allowed is the state machine: from → the states it may move to.
var allowed = map[State][]State{
	StateDraft:     {StateChecked, StatePacked, StateReserving, StateReserved, StateFailed},
	StateChecked:   {StateChecked, StatePacked, StateReserving, StateReserved, StateFailed},
	StatePacked:    {StatePacked, StateReserving, StateReserved, StateUploading, StatePushing, StateChecked, StateFailed},
	StateReserving: {StateReserving, StateReserved, StateFailed},
	StateReserved:  {StatePacked, StateUploading, StatePushing, StateChecked, StateFailed},
	StateUploading: {StateUploading, StateSent, StateFailed},
	StatePushing:   {StatePushing, StateSent, StateFailed},
	StateSent:      {StateTracking, StateFinal, StateFailed},
	StateTracking:  {StateFinal, StateFailed},
	StateFinal:     {},
	StateFailed:    {StateChecked},
}

// CanMove reports whether the state machine allows from → to.
func CanMove(from, to State) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := allowed[s]; return ok }

// Unfinished: sending stopped before the service accepted the archive
// (Interrupted lists these).
func (s State) Unfinished() bool {
	switch s {
	case StateDraft, StateChecked, StatePacked, StateReserving, StateReserved, StateUploading, StatePushing:
		return true
	}
	return false
}

// Terminal: final or failed.
func (s State) Terminal() bool { return s == StateFinal || s == StateFailed }

// Text is the state's name for users in both languages (the GUI's chip,
// gosctl's column); Text().String() is the current language.
func (s State) Text() i18n.Text { ru, en := s.Title(); return i18n.Text{RU: ru, EN: en} }

// Title is the state's name for users, Russian and English.
func (s State) Title() (ru, en string) {
	switch s {
	case StateDraft:
		return "черновик", "draft"
	case StateChecked:
		return "проверено", "checked"
	case StatePacked:
		return "архив собран", "packed"
	case StateReserving:
		return "резервирование номера", "reserving a number"
	case StateReserved:
		return "номер получен", "number reserved"
	case StateUploading:
		return "передача частями", "uploading in chunks"
	case StatePushing:
		return "отправка", "sending"
	case StateSent:
		return "отправлено", "sent"
	case StateTracking:
		return "ожидание решения", "awaiting the decision"
	case StateFinal:
		return "завершено", "finished"
	case StateFailed:
		return "ошибка", "failed"
	}
	return string(s), string(s)
}

// ChunkWindow is how long API ЕПГУ keeps a chunk session open after its
// first chunk: past it the upload restarts from chunk 0 (same orderId).
const ChunkWindow = 5 * time.Minute

// Route is how an archive is sent.
type Route string

// Routes (see core/archive).
const (
	RoutePush    Route = "push"    // one POST /push (≤ 50,000,000 bytes)
	RouteChunked Route = "chunked" // POST /order, then /push/chunked
)

// Action is what the workflow does next with a submission (Next).
type Action string

// Actions.
const (
	ActionNone           Action = "none"            // final or failed: nothing to resume
	ActionPrepare        Action = "prepare"         // check and pack (reserving first when the XML needs the orderId)
	ActionPack           Action = "pack"            // OrderID known, archive not built yet: pack with it
	ActionReserve        Action = "reserve"         // POST /order
	ActionResolveReserve Action = "resolve-reserve" // a /order whose answer never came
	ActionUpload         Action = "upload"          // send chunk NextChunk() of Chunks
	ActionRestartUpload  Action = "restart-upload"  // the chunk session's window passed: RestartUpload, then chunk 0
	ActionPush           Action = "push"            // POST /push
	ActionResolvePush    Action = "resolve-push"    // ask the service (order details / getOrdersStatus), never send again blindly
	ActionTrack          Action = "track"           // sent: poll the status
)
