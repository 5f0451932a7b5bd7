package epgu

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
)

// PushChunk sends one chunk of a reserved order's archive: bytes
// [off, off+size) of data as chunk i (0-based) of n, POST
// /api/gusmev/push/chunked (spec v1.13 §2.1.3). It is the step PushChunked
// repeats; a caller that journals every chunk (core/workflow) uses it to
// resume an interrupted upload from the first chunk the service has not
// got. A non-last chunk must be answered 206 and the last one 200, each
// with the same orderId. meta nil (or omitMeta) leaves meta out.
func (c *Client) PushChunk(ctx context.Context, orderID int64, meta *OrderMeta, name string, data io.ReaderAt, off, size int64, i, n int, omitMeta bool) error {
	if i < 0 || i >= n || size <= 0 {
		return fmt.Errorf("epgu: bad chunk %d of %d", i, n)
	}
	if name == "" {
		name = "archive.zip"
	}
	var fields []formField
	if meta != nil && !omitMeta {
		if err := meta.Validate(); err != nil {
			return err
		}
		mf, err := metaField(*meta)
		if err != nil {
			return err
		}
		fields = append(fields, mf)
	}
	fields = append(fields, formField{name: "orderId", value: strconv.FormatInt(orderID, 10)})
	fileName := name
	if n > 1 {
		fields = append(fields, formField{name: "chunk", value: strconv.Itoa(i)}, formField{name: "chunks", value: strconv.Itoa(n)})
		fileName = fmt.Sprintf("%s.z%03d", strings.TrimSuffix(name, filepath.Ext(name)), i+1)
	}
	want := http.StatusPartialContent
	if i == n-1 {
		want = http.StatusOK
	}
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/gusmev/push/chunked", auth: true,
		body: multipartBody(fields, fileName, data, off, size), accept: []int{want}})
	if err != nil {
		return err
	}
	var a orderIDAnswer
	if err := decodeJSON(resp, &a); err != nil {
		return fmt.Errorf("epgu: chunk %d of %d: %w", i, n, err)
	}
	if a.OrderID != orderID {
		return fmt.Errorf("%w: chunk %d answered orderId %d, want %d", ErrUnexpectedAnswer, i, a.OrderID, orderID)
	}
	return nil
}
