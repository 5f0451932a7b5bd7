package workflow

import (
	"context"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
)

// Types of API ЕПГУ the front ends print; aliases, so that ui/ and
// cmd/gosctl never import core/epgu.
type (
	OrderMeta    = epgu.OrderMeta
	OrderDetails = epgu.OrderDetails
	Order        = epgu.Order
	OrderStatus  = epgu.OrderStatus
	DictItem     = epgu.DictItem
	DictRequest  = epgu.DictRequest
)

// Moscow is the time zone of API ЕПГУ timestamps.
var Moscow = epgu.Moscow

// Dictionary tree filters (НСИ).
const (
	DictOneLevel = epgu.OneLevel
	DictSubtree  = epgu.Subtree
)

// DefaultRegion is the OKATO code sent when neither the caller nor the
// settings give one (Москва).
const DefaultRegion = "45000000000"

// Route is how an archive travels.
type Route string

const (
	// RoutePush: one POST /push (≤ 50,000,000 bytes, no orderId in the XML).
	RoutePush Route = "push"
	// RouteChunked: POST /order reserves the number, the orderId is
	// written into the XML, the files are signed, then /push/chunked.
	RouteChunked Route = "chunked"
)

// Meta returns the /order meta of a service from the catalog: targetCode
// and every default come from xsd/ (hotel 10000103652 → -1000444103652);
// target and region, when not empty, override.
func (c *Core) Meta(service, target, region string) (OrderMeta, error) {
	return c.meta(service, target, region)
}

// Reserve reserves an order number (POST /order) and journals it.
func (s *Session) Reserve(ctx context.Context, meta OrderMeta) (int64, error) {
	return s.reserve(ctx, meta)
}

// Details asks for the order's details (gu-smev state, statuses, files)
// and records a changed status in the journal.
func (s *Session) Details(ctx context.Context, orderID int64) (*OrderDetails, error) {
	return s.details(ctx, orderID)
}

// Statuses asks getOrdersStatus for the given orders (paged, ≤ 500 ids
// per request), records changes and emits status events.
func (s *Session) Statuses(ctx context.Context, orderIDs []int64, pageSize int) ([]OrderStatus, error) {
	return s.statuses(ctx, orderIDs, pageSize)
}

// UpdatedAfter asks getUpdatedAfter for orders changed after t.
func (s *Session) UpdatedAfter(ctx context.Context, t time.Time, pageSize int) ([]OrderStatus, error) {
	return s.updatedAfter(ctx, t, pageSize)
}

// Cancel cancels an order with a reason. A service without cancellation
// (catalog «Отмена: нет»), a status that does not allow it, and an order
// just pushed are explained in Russian (issue 13 item 9).
func (s *Session) Cancel(ctx context.Context, orderID int64, reason string) error {
	return s.cancel(ctx, orderID, reason)
}

// DownloadOptions choose what Download saves.
type DownloadOptions struct {
	// Request: the uploaded files instead of the results.
	Request bool
	// Only: just the file with this name.
	Only string
	// Out folder; "" = the data folder's results/<orderId>.
	Out string
	// Legacy: the v1.12.1 path /api/storage/v2/files.
	Legacy bool
	// Extract result ZIPs safely next to them and verify every .sig.
	Extract bool
}

// ResultFile is a saved file and, for signatures, the verdict.
type ResultFile struct {
	Name        string `json:"name"`
	Path        string `json:"path"`
	Bytes       int64  `json:"bytes"`
	ContentType string `json:"contentType,omitempty"`
	// Extracted: files taken out of this ZIP (with their verdicts).
	Extracted []ResultFile `json:"extracted,omitempty"`
	// Signature verdict of a .sig (or of the file it signs): "" when not
	// a signature; Valid and the verdict text otherwise.
	Signed  bool   `json:"signed,omitempty"`
	Valid   bool   `json:"valid,omitempty"`
	Verdict string `json:"verdict,omitempty"`
}

// Download saves the order's result (or uploaded) files, records them in
// the journal and emits StageResult.
func (s *Session) Download(ctx context.Context, orderID int64, o DownloadOptions) ([]ResultFile, error) {
	return s.download(ctx, orderID, o)
}

// Dict reads an НСИ dictionary (no authorisation): one page when
// req.PageNum > 0, else every page.
func (c *Core) Dict(ctx context.Context, envName, code string, req DictRequest, pageSize int) (items []DictItem, total int, err error) {
	return c.dict(ctx, envName, code, req, pageSize)
}
