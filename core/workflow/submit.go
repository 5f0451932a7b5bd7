package workflow

import (
	"context"
	"time"
)

// Document is an XML file of the application by its archive name
// (req.xml, piev_epgu.xml, attach.xml, trans_<GUID>.xml …). It may hold
// {orderId} placeholders: the number is reserved first and written in.
type Document struct {
	Name string
	Data []byte
}

// Application is what a clerk sends: a service, its XML documents and
// attachments (scans). Either Documents (+Attachments) or Archive is set.
type Application struct {
	// Service is the eServiceCode (catalog xsd/).
	Service string
	// Target and Region override the catalog's targetCode and the
	// settings' OKATO region.
	Target, Region string
	// Documents are the XML files; Attachments are paths of other files
	// (scans, PDF) put into the archive under their base names.
	Documents   []Document
	Attachments []string
	// Files are attachments with the name the service wants, given or
	// derived from a catalog role (a clerk drops «паспорт.pdf» as the
	// hotel's scan: it goes in as form.FormStep10.Panel1.caseAttachment1.0).
	Files []Attachment
	// Archive is a ready ZIP made by the user (gosctl epgu order push):
	// checked locally (non-empty, a ZIP, the catalog's required files,
	// non-empty req.xml) but not repacked or signed.
	Archive string
	// OrderID: send into this already reserved number (chunked).
	OrderID int64
	// Chunked forces /push/chunked even for a small archive.
	Chunked bool
	// ChunkSize overrides the session's chunk size.
	ChunkSize int64
	// OmitMeta leaves meta out of chunk requests (v1.12 style).
	OmitMeta bool
	// Applicant and Title help search the journal (name of the guest,
	// short description); optional.
	Applicant, Title string
	// DraftID links the submission to a saved draft (0: none).
	DraftID int64
}

// Attachment is a file of the application with its name in the archive:
// Name when given; else derived from Role, a file role of the service's
// catalog entry (scan, scan_representative, document …: the n-th file of
// a role whose name is a pattern gets n in place of «*»); else the base
// name of Path.
type Attachment struct {
	Path string
	Name string
	Role string
}

// SubmitResult is a sent application.
type SubmitResult struct {
	AppID   int64 `json:"appId"`   // journal id
	OrderID int64 `json:"orderId"` // ЕПГУ order number
	Route   Route `json:"route"`
	Bytes   int64 `json:"bytes"`
	Chunks  int   `json:"chunks,omitempty"`
	// Resumed: the submission continued an earlier interrupted one.
	Resumed bool `json:"resumed,omitempty"`
}

// Submit checks the application locally (XSD, catalog rules, sizes,
// names, attachments: a doomed send never spends an order number), packs
// and signs it, chooses the route (push ≤ 50,000,000 bytes without an
// orderId in the XML, else reserve + orderId into the XML + sign +
// chunked) and sends it, writing every step to the journal before and
// after its network call. Progress goes to the subscribers.
func (s *Session) Submit(ctx context.Context, app Application) (*SubmitResult, error) {
	return s.submit(ctx, app)
}

// ResumeOptions tune Resume.
type ResumeOptions struct {
	// NewOrder: the user asks for a new order number instead of the
	// reserved one (the old one is left as it is).
	NewOrder bool
}

// Resume continues an interrupted submission from where the journal says
// it stopped: the reserved orderId is reused, a chunk session continues
// from the first chunk the service has not got (or restarts when its
// 5-minute window passed), and an unknown /push outcome is resolved by
// asking the service (details / getOrdersStatus), never by sending again.
func (s *Session) Resume(ctx context.Context, appID int64, o ResumeOptions) (*SubmitResult, error) {
	return s.resume(ctx, appID, o)
}

// ResumeAll resumes every unfinished submission of this environment, in
// journal order; results and errors are per application.
func (s *Session) ResumeAll(ctx context.Context) ([]ResumeOutcome, error) {
	return s.resumeAll(ctx)
}

// ResumeOutcome is the result of resuming one application.
type ResumeOutcome struct {
	AppID  int64
	Result *SubmitResult
	Err    error
}

// Validate checks one XML document of a service against its schema or
// field rules (xsd/) and returns every problem (empty: valid). name is the
// archive file name (req.xml, piev_epgu.xml…) that selects the role.
func (c *Core) Validate(service, name string, xml []byte) ([]Problem, error) {
	return c.validate(service, name, xml)
}

// Check runs every local check of an application without sending
// anything: documents, attachments (names, sizes, types), the catalog's
// required files; for an Archive: non-empty, a ZIP, required files,
// non-empty req.xml. The GUI calls it as the clerk types.
func (c *Core) Check(app Application) []Problem { return c.check(app) }

// TrackOptions tune Track.
type TrackOptions struct {
	// OrderIDs to watch; empty: every unfinished order of the journal
	// (incremental getUpdatedAfter polling).
	OrderIDs []int64
	// Interval between polls (default 30 s), stretched by backoff with
	// jitter on failures; Retry-After is honoured.
	Interval time.Duration
	// Once: one poll, then return.
	Once bool
	// Download results of orders that reach a final status (default on
	// in the GUI; gosctl orders watch --download).
	Download bool
}

// Track polls statuses until every watched order is final or ctx ends:
// getUpdatedAfter from the last poll's time (journalled), getOrdersStatus
// for explicit lists. Changes are journalled and emitted (StageStatus);
// a final status emits StageFinal and, with Download, fetches the result
// (StageResult).
func (s *Session) Track(ctx context.Context, o TrackOptions) error { return s.track(ctx, o) }
