package archive

import (
	"bytes"

	"github.com/gosdesk/gosdesk/xsd"
)

// MaxPushSize is the largest archive POST /api/gusmev/push accepts
// (API ЕПГУ v1.13 §2.1.4): 50 000 000 bytes.
const MaxPushSize = 50_000_000

// OrderIDPlaceholder is the template placeholder of the ЕПГУ order number.
const OrderIDPlaceholder = "{orderId}"

// Route is how an archive reaches the portal.
type Route int

const (
	// RoutePush: one POST /api/gusmev/push (the portal reserves the number).
	RoutePush Route = iota + 1
	// RouteChunked: POST /api/gusmev/order reserves the number, the XML is
	// filled with it and signed, then POST /api/gusmev/push/chunked uploads
	// the archive in chunks.
	RouteChunked
)

// String names the route as the API does.
func (r Route) String() string {
	switch r {
	case RoutePush:
		return "push"
	case RouteChunked:
		return "order+push/chunked"
	}
	return "unknown"
}

// ChooseRoute is the route rule of API ЕПГУ v1.13 §2.1.1: an archive of at
// most MaxPushSize bytes whose XML needs no order number goes to /push;
// otherwise the number is reserved with /order and the archive goes to
// /push/chunked. It is a pure function of the archive size and of
// NeedsOrderID.
func ChooseRoute(size int64, needsOrderID bool) Route {
	if needsOrderID || size > MaxPushSize {
		return RouteChunked
	}
	return RoutePush
}

// NeedsOrderID reports whether an application must be packed with a
// reserved order number: the catalog says the number goes into the XML
// (Service.ReserveOrder, «Номер заявления в XML: да»), or an XML file of
// the application (in memory, or on disk for the catalog's XML roles)
// still holds an {orderId} placeholder.
func NeedsOrderID(svc xsd.Service, files []Input) bool {
	if svc.ReserveOrder {
		return true
	}
	for _, f := range files {
		data := f.Data
		if data == nil && f.Path != "" {
			if xf, ok := svc.FileFor(f.Name); ok && isXMLRole(xf) {
				data, _ = readCapped(f.Path, maxXMLSize)
			}
		}
		if bytes.Contains(data, []byte(OrderIDPlaceholder)) {
			return true
		}
	}
	return false
}
