package epgu

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

type orderIDAnswer struct {
	OrderID int64 `json:"orderId"`
}

// CreateOrder reserves an order number: POST /api/gusmev/order (spec v1.13
// §2.1.2). Use it when the order number goes inside the XML or the archive
// is over 50,000,000 bytes.
func (c *Client) CreateOrder(ctx context.Context, meta OrderMeta) (int64, error) {
	if err := meta.Validate(); err != nil {
		return 0, err
	}
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/gusmev/order", auth: true, body: jsonBody(meta)})
	if err != nil {
		return 0, err
	}
	var a orderIDAnswer
	if err := decodeJSON(resp, &a); err != nil {
		return 0, err
	}
	if a.OrderID <= 0 {
		return 0, fmt.Errorf("%w: no orderId", ErrUnexpectedAnswer)
	}
	c.log.WithField("orderId", a.OrderID).Info("epgu: order number reserved")
	return a.OrderID, nil
}

// Details returns the order: POST /api/gusmev/order/{orderId} (spec v1.13
// §2.4) without a body. The "order" JSON string is decoded into Order.
func (c *Client) Details(ctx context.Context, orderID int64) (*OrderDetails, error) {
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/gusmev/order/" + strconv.FormatInt(orderID, 10), auth: true})
	if err != nil {
		return nil, err
	}
	var d OrderDetails
	if err := decodeJSON(resp, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Cancel cancels the order: POST /api/gusmev/order/{orderId}/cancel (spec
// v1.13 §2.2). reason is sent as the "reason" parameter, which the live
// server demands although the spec does not list it (digest §4.5).
// Not-allowed answers (409 cancel_not_allowed, or 405 of the §5 example)
// match ErrCancelNotAllowed / ErrMethodNotAllowed.
func (c *Client) Cancel(ctx context.Context, orderID int64, reason string) error {
	q := url.Values{}
	if reason != "" {
		q.Set("reason", reason)
	}
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/gusmev/order/" + strconv.FormatInt(orderID, 10) + "/cancel", query: q, auth: true})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	c.log.WithField("orderId", orderID).Info("epgu: order cancelled")
	return nil
}

// OrdersStatus returns one page of statuses of the given orders:
// GET /api/gusmev/order/getOrdersStatus?orderIds=…&pageNum=…&pageSize=…
// (spec v1.13 §2.3.1; GET since v1.11, no "/" before "?" since v1.12.1).
// pageNum is 0-based.
func (c *Client) OrdersStatus(ctx context.Context, orderIDs []int64, pageNum, pageSize int) (*StatusPage, error) {
	ids := make([]string, len(orderIDs))
	for i, id := range orderIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	q := url.Values{}
	q.Set("orderIds", strings.Join(ids, ","))
	q.Set("pageNum", strconv.Itoa(pageNum))
	q.Set("pageSize", strconv.Itoa(pageSize))
	return c.statusPage(ctx, "/api/gusmev/order/getOrdersStatus", q)
}

// UpdatedAfter returns one page of the caller's orders whose status changed
// after t: GET /api/gusmev/order/getUpdatedAfter (spec v1.13 §2.3.2). The
// timestamp is sent in Moscow time as v1.13 footnote 8 says (v1.12.1 said
// UTC).
func (c *Client) UpdatedAfter(ctx context.Context, t time.Time, pageNum, pageSize int) (*StatusPage, error) {
	q := url.Values{}
	q.Set("pageNum", strconv.Itoa(pageNum))
	q.Set("pageSize", strconv.Itoa(pageSize))
	q.Set("updatedAfter", t.In(Moscow).Format(LayoutStatus))
	return c.statusPage(ctx, "/api/gusmev/order/getUpdatedAfter", q)
}

func (c *Client) statusPage(ctx context.Context, path string, q url.Values) (*StatusPage, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, auth: true})
	if err != nil {
		return nil, err
	}
	var p StatusPage
	if err := decodeJSON(resp, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// MaxIDsPerRequest bounds the orderIds list of one getOrdersStatus URL.
const MaxIDsPerRequest = 500

// AllOrdersStatus pages through getOrdersStatus for all ids (batches of
// MaxIDsPerRequest ids, pageSize items per page) and returns every item.
func (c *Client) AllOrdersStatus(ctx context.Context, orderIDs []int64, pageSize int) ([]OrderStatus, error) {
	if pageSize <= 0 {
		pageSize = 100
	}
	var out []OrderStatus
	for start := 0; start < len(orderIDs); start += MaxIDsPerRequest {
		batch := orderIDs[start:min(start+MaxIDsPerRequest, len(orderIDs))]
		items, err := c.allPages(ctx, func(n int) (*StatusPage, error) { return c.OrdersStatus(ctx, batch, n, pageSize) })
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// AllUpdatedAfter pages through getUpdatedAfter and returns every item.
func (c *Client) AllUpdatedAfter(ctx context.Context, t time.Time, pageSize int) ([]OrderStatus, error) {
	if pageSize <= 0 {
		pageSize = 100
	}
	return c.allPages(ctx, func(n int) (*StatusPage, error) { return c.UpdatedAfter(ctx, t, n, pageSize) })
}

func (c *Client) allPages(ctx context.Context, page func(int) (*StatusPage, error)) ([]OrderStatus, error) {
	var out []OrderStatus
	for n := 0; ; n++ {
		p, err := page(n)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Content...)
		if len(p.Content) == 0 || len(out) >= p.TotalCount {
			return out, nil
		}
		if n > 1_000_000 {
			return nil, fmt.Errorf("%w: endless paging", ErrUnexpectedAnswer)
		}
	}
}
