package epgu

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Tree filtering modes of the НСИ request (spec v1.13 §3).
const (
	OneLevel = "ONELEVEL"
	Subtree  = "SUBTREE"
)

// DictRequest is the body of POST /api/nsi/v1/dictionary/{code}.
type DictRequest struct {
	TreeFiltering      string `json:"treeFiltering"`
	ParentRefItemValue string `json:"parentRefItemValue,omitempty"`
	PageNum            int    `json:"pageNum,omitempty"`
	PageSize           int    `json:"pageSize,omitempty"`
}

// DictResponse is the НСИ answer; Error.Code 0 means success.
type DictResponse struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	FieldErrors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"fieldErrors"`
	Total int        `json:"total"`
	Items []DictItem `json:"items"`
}

// DictItem is a dictionary element.
type DictItem struct {
	Value           string          `json:"value"`
	ParentValue     *string         `json:"parentValue"`
	Title           string          `json:"title"`
	IsLeaf          bool            `json:"isLeaf"`
	Children        []DictItem      `json:"children"`
	Attributes      []DictAttribute `json:"attributes"`
	Source          *string         `json:"source"`
	AttributeValues map[string]any  `json:"attributeValues"`
}

// DictAttribute is an attribute of an item.
type DictAttribute struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value struct {
		AsString    string `json:"asString"`
		TypeOfValue string `json:"typeOfValue"`
		Value       any    `json:"value"`
	} `json:"value"`
	ValueAsOfType any `json:"valueAsOfType"`
}

// DictError is a non-zero error of the НСИ answer (HTTP 200).
type DictError struct {
	Code    int
	Message string
}

func (e *DictError) Error() string {
	if e.Code == 7 {
		return fmt.Sprintf("НСИ: справочник не найден (код %d: %s)", e.Code, e.Message)
	}
	return fmt.Sprintf("НСИ: ошибка %d: %s", e.Code, e.Message)
}

// Localize implements i18n.Localized: Error() is the Russian text.
func (e *DictError) Localize(l i18n.Lang) string {
	if l != i18n.EN {
		return e.Error()
	}
	if e.Code == 7 {
		return fmt.Sprintf("NSI: no such dictionary (code %d: %s)", e.Code, e.Message)
	}
	return fmt.Sprintf("NSI: error %d: %s", e.Code, e.Message)
}

// Dict reads a dictionary page: POST /api/nsi/v1/dictionary/{code} (spec
// v1.13 §3, no authorisation). Without PageNum/PageSize the server returns
// the whole dictionary. A non-zero error code is returned as *DictError.
func (c *Client) Dict(ctx context.Context, code string, req DictRequest) (*DictResponse, error) {
	if req.TreeFiltering == "" {
		req.TreeFiltering = OneLevel
	}
	resp, err := c.do(ctx, request{method: http.MethodPost, path: "/api/nsi/v1/dictionary/" + url.PathEscape(code), body: jsonBody(req)})
	if err != nil {
		return nil, err
	}
	var d DictResponse
	if err := decodeJSON(resp, &d); err != nil {
		return nil, err
	}
	if d.Error.Code != 0 {
		return &d, &DictError{Code: d.Error.Code, Message: d.Error.Message}
	}
	return &d, nil
}

// DictAll pages through a dictionary (pageNum from 1, as the spec example
// does) and returns all items.
func (c *Client) DictAll(ctx context.Context, code string, req DictRequest, pageSize int) ([]DictItem, error) {
	if pageSize <= 0 {
		pageSize = 500
	}
	var out []DictItem
	for page := 1; ; page++ {
		req.PageNum, req.PageSize = page, pageSize
		d, err := c.Dict(ctx, code, req)
		if err != nil {
			return nil, err
		}
		out = append(out, d.Items...)
		if len(d.Items) == 0 || len(out) >= d.Total {
			return out, nil
		}
	}
}
