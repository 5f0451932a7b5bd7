package epgu

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Size limits of spec v1.13 §2.1.3 and §2.1.4.
const (
	// MaxPushSize is the largest archive of POST /api/gusmev/push.
	MaxPushSize = 50_000_000
	// MinChunkSize is the smallest non-last chunk of /push/chunked.
	MinChunkSize = 5_000_000
	// MaxChunkSize is the largest chunk of /push/chunked.
	MaxChunkSize = 50_000_000
	// ChunkWindow is the time allowed for all chunks, counted from the
	// first one.
	ChunkWindow = 5 * time.Minute
)

type formField struct{ name, value, ctype string }

// multipartBody builds a multipart/form-data body: the fields, then the
// file part streamed from data[off:off+n]. The length is known in advance
// so the request carries Content-Length; the file is never held in memory.
func multipartBody(fields []formField, fileName string, data io.ReaderAt, off, n int64) func() (io.ReadCloser, string, int64, error) {
	return func() (io.ReadCloser, string, int64, error) {
		var head bytes.Buffer
		w := multipart.NewWriter(&head)
		for _, f := range fields {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, f.name))
			if f.ctype != "" {
				h.Set("Content-Type", f.ctype)
			}
			pw, err := w.CreatePart(h)
			if err != nil {
				return nil, "", 0, err
			}
			io.WriteString(pw, f.value)
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, fileName))
		h.Set("Content-Type", "application/octet-stream")
		if _, err := w.CreatePart(h); err != nil {
			return nil, "", 0, err
		}
		prefix := append([]byte(nil), head.Bytes()...)
		head.Reset()
		w.Close()
		suffix := append([]byte(nil), head.Bytes()...)
		body := io.MultiReader(bytes.NewReader(prefix), io.NewSectionReader(data, off, n), bytes.NewReader(suffix))
		return io.NopCloser(body), w.FormDataContentType(), int64(len(prefix)) + n + int64(len(suffix)), nil
	}
}

func metaField(meta OrderMeta) (formField, error) {
	b, err := json.Marshal(meta)
	return formField{name: "meta", value: string(b), ctype: "application/json"}, err
}

// Push uploads an archive of at most MaxPushSize bytes and sends the order
// in one request: POST /api/gusmev/push (spec v1.13 §2.1.4). name is the
// archive file name ("archive.zip" if empty). data is read with ReadAt so
// a retried request re-reads it.
func (c *Client) Push(ctx context.Context, meta OrderMeta, name string, data io.ReaderAt, size int64) (int64, error) {
	if err := meta.Validate(); err != nil {
		return 0, err
	}
	if size > MaxPushSize {
		return 0, ErrArchiveTooLarge
	}
	if name == "" {
		name = "archive.zip"
	}
	mf, err := metaField(meta)
	if err != nil {
		return 0, err
	}
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/gusmev/push", auth: true,
		body: multipartBody([]formField{mf}, name, data, 0, size)})
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
	c.log.WithFields(map[string]any{"orderId": a.OrderID, "bytes": size}).Info("epgu: order pushed")
	return a.OrderID, nil
}

// PushFile is Push of a file on disk.
func (c *Client) PushFile(ctx context.Context, meta OrderMeta, path string) (int64, error) {
	f, size, err := openSized(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return c.Push(ctx, meta, filepath.Base(path), f, size)
}

// ChunkOptions tune PushChunked.
type ChunkOptions struct {
	// ChunkSize overrides Options.ChunkSize (5,000,000…50,000,000).
	ChunkSize int64
	// OmitMeta leaves "meta" out of the requests, as clients following
	// the v1.12 examples do. By default meta is sent with every chunk:
	// spec v1.13 §2.1.3 Таблица 10 marks it mandatory.
	OmitMeta bool
	// Progress, if set, is called after each accepted chunk.
	Progress func(sentBytes, totalBytes int64)
}

// ChunkPlan returns the chunk sizes PushChunked uses for an archive of
// size bytes: n = ceil(size/chunkSize) chunks, every non-last one exactly
// chunkSize bytes (spec v1.13 §2.1.3: 5,000,000…50,000,000), the last one
// the rest.
func ChunkPlan(size, chunkSize int64) ([]int64, error) {
	if chunkSize < MinChunkSize || chunkSize > MaxChunkSize {
		return nil, ErrBadChunkSize
	}
	if size <= 0 {
		return nil, errors.New("epgu: empty archive")
	}
	n := (size + chunkSize - 1) / chunkSize
	plan := make([]int64, n)
	for i := range plan {
		plan[i] = chunkSize
	}
	plan[n-1] = size - (n-1)*chunkSize
	return plan, nil
}

// PushChunked uploads the archive of a reserved order and sends it:
// POST /api/gusmev/push/chunked (spec v1.13 §2.1.3). The archive is split
// into byte ranges (not a multi-volume ZIP) numbered 0…n−1; the first chunk
// goes first, the last one last, all within ChunkWindow of the first.
// Every non-last chunk must be answered 206 and the last one 200, each with
// the same orderId. A single-chunk upload omits chunk/chunks (optional for
// one chunk, Таблица 10 footnote).
func (c *Client) PushChunked(ctx context.Context, orderID int64, meta *OrderMeta, name string, data io.ReaderAt, size int64, o ChunkOptions) error {
	cs := o.ChunkSize
	if cs == 0 {
		cs = c.opts.ChunkSize
	}
	plan, err := ChunkPlan(size, cs)
	if err != nil {
		return err
	}
	if name == "" {
		name = "archive.zip"
	}
	base := strings.TrimSuffix(name, filepath.Ext(name))
	var fields []formField
	if meta != nil && !o.OmitMeta {
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
	n := len(plan)
	var deadline time.Time
	var off int64
	for i, sz := range plan {
		ff := fields
		fileName := name
		if n > 1 {
			ff = append(append([]formField(nil), fields...),
				formField{name: "chunk", value: strconv.Itoa(i)},
				formField{name: "chunks", value: strconv.Itoa(n)})
			fileName = fmt.Sprintf("%s.z%03d", base, i+1)
		}
		last := i == n-1
		want := http.StatusPartialContent
		if last {
			want = http.StatusOK
		}
		cctx := ctx
		var cancel context.CancelFunc = func() {}
		if i == 0 {
			deadline = c.now().Add(ChunkWindow)
		} else {
			if !c.now().Before(deadline) {
				return ErrChunkWindowExpired
			}
			cctx, cancel = context.WithDeadline(ctx, deadline)
		}
		resp, err := c.do(cctx, request{method: http.MethodPost, path: "/api/gusmev/push/chunked", auth: true,
			body: multipartBody(ff, fileName, data, off, sz), accept: []int{want}})
		if err != nil {
			cancel()
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				return ErrChunkWindowExpired
			}
			return fmt.Errorf("epgu: chunk %d of %d: %w", i, n, err)
		}
		var a orderIDAnswer
		err = decodeJSON(resp, &a)
		cancel()
		if err != nil {
			return fmt.Errorf("epgu: chunk %d of %d: %w", i, n, err)
		}
		if a.OrderID != orderID {
			return fmt.Errorf("%w: chunk %d answered orderId %d, want %d", ErrUnexpectedAnswer, i, a.OrderID, orderID)
		}
		off += sz
		if o.Progress != nil {
			o.Progress(off, size)
		}
	}
	c.log.WithFields(map[string]any{"orderId": orderID, "bytes": size, "chunks": n}).Info("epgu: archive uploaded")
	return nil
}

// PushChunkedFile is PushChunked of a file on disk, read chunk by chunk.
func (c *Client) PushChunkedFile(ctx context.Context, orderID int64, meta *OrderMeta, path string, o ChunkOptions) error {
	f, size, err := openSized(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return c.PushChunked(ctx, orderID, meta, filepath.Base(path), f, size, o)
}

func openSized(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}
