package epgu

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Object types of file links (spec v1.13 §4).
const (
	ObjectRequest = 2 // files uploaded with the order
	ObjectResult  = 3 // result files
)

// Link is a parsed file link "terrabyte://00/{id}/{mnemonic}/{objectType}".
type Link struct {
	ObjectID   int64
	Mnemonic   string
	ObjectType int
}

// ParseLink parses a terrabyte:// link of orderAttachmentFiles /
// orderResponseFiles.
func ParseLink(link string) (Link, error) {
	rest, ok := strings.CutPrefix(link, "terrabyte://")
	if !ok {
		return Link{}, fmt.Errorf("epgu: not a terrabyte link: %q", link)
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 4 {
		return Link{}, fmt.Errorf("epgu: bad link %q", link)
	}
	n := len(parts)
	id, err1 := strconv.ParseInt(parts[n-3], 10, 64)
	typ, err2 := strconv.Atoi(parts[n-1])
	mn, err3 := url.PathUnescape(parts[n-2])
	if err1 != nil || err2 != nil || err3 != nil || mn == "" {
		return Link{}, fmt.Errorf("epgu: bad link %q", link)
	}
	return Link{ObjectID: id, Mnemonic: mn, ObjectType: typ}, nil
}

// FileRef addresses a file for Download (spec v1.13 §4, Таблица 3).
type FileRef struct {
	// ObjectID is the order's currentStatusHistoryId (footnote 12: not the
	// order number).
	ObjectID int64
	// ObjectType is ObjectRequest or ObjectResult.
	ObjectType int
	// Mnemonic is the file mnemonic (the link's path segment).
	Mnemonic string
	// EServiceCode is the order's service code (eserviceId).
	EServiceCode string
}

// RefFor builds the FileRef of a link of order o.
func RefFor(o *Order, link string) (FileRef, error) {
	l, err := ParseLink(link)
	if err != nil {
		return FileRef{}, err
	}
	return FileRef{ObjectID: o.CurrentStatusHistoryID, ObjectType: l.ObjectType, Mnemonic: l.Mnemonic, EServiceCode: o.EServiceID}, nil
}

// Download writes a file to w: GET /api/gusmev/files/download/{objectId}/
// {objectType}?mnemonic=&eserviceCode= (spec v1.13 §4). It returns the
// byte count and the Content-Type.
func (c *Client) Download(ctx context.Context, ref FileRef, w io.Writer) (int64, string, error) {
	q := url.Values{}
	q.Set("mnemonic", ref.Mnemonic)
	q.Set("eserviceCode", ref.EServiceCode)
	return c.download(ctx, fmt.Sprintf("/api/gusmev/files/download/%d/%d", ref.ObjectID, ref.ObjectType), q, w)
}

// DownloadLegacy uses the v1.12.1 path GET /api/storage/v2/files/
// {objectId}/{objectType}/download?mnemonic= (spec v1.12.1 §4), where
// objectId is the number in the link (the order number).
func (c *Client) DownloadLegacy(ctx context.Context, objectID int64, objectType int, mnemonic string, w io.Writer) (int64, string, error) {
	q := url.Values{}
	q.Set("mnemonic", mnemonic)
	return c.download(ctx, fmt.Sprintf("/api/storage/v2/files/%d/%d/download", objectID, objectType), q, w)
}

func (c *Client) download(ctx context.Context, path string, q url.Values, w io.Writer) (int64, string, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, auth: true})
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	return n, resp.Header.Get("Content-Type"), err
}
