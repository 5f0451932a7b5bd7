package epgu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Moscow is UTC+3 (no DST since 2014), the zone of API ЕПГУ timestamps.
var Moscow = time.FixedZone("MSK", 3*60*60)

// OrderMeta is the meta of /order, /push and /push/chunked (spec v1.13
// §2.1.2, Таблица 6). All fields are mandatory.
type OrderMeta struct {
	// Region is the OKATO code of the user's location.
	Region string `json:"region"`
	// ServiceCode is the interactive form code (eServiceCode).
	ServiceCode string `json:"serviceCode"`
	// TargetCode is the ФРГУ target code (usually "-" + ServiceCode).
	TargetCode string `json:"targetCode"`
}

// Validate checks that all fields are present.
func (m OrderMeta) Validate() error {
	if m.Region == "" || m.ServiceCode == "" || m.TargetCode == "" {
		return fmt.Errorf("epgu: meta needs region, serviceCode and targetCode")
	}
	return nil
}

// DateTime is a timestamp of the order JSON ("2022-07-25T13:01:52.121+0300");
// it also parses RFC 3339 and the offset-less form of status lists
// ("2022-12-21T20:49:37.672", taken as Moscow time). Zero means null/empty.
type DateTime struct{ time.Time }

// Layouts used by API ЕПГУ.
const (
	LayoutOrder  = "2006-01-02T15:04:05.000-0700"
	LayoutStatus = "2006-01-02T15:04:05.000"
)

var dateLayouts = []string{LayoutOrder, "2006-01-02T15:04:05-0700", time.RFC3339Nano, LayoutStatus, "2006-01-02T15:04:05"}

// ParseDateTime parses any of the timestamp forms of API ЕПГУ.
func ParseDateTime(s string) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, Moscow); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("epgu: bad timestamp %q", s)
}

// UnmarshalJSON accepts a string, "" or null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		d.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		d.Time = time.Time{}
		return nil
	}
	t, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// MarshalJSON writes the order layout in Moscow time.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.In(Moscow).Format(LayoutOrder))
}

// OrderDetails is the answer of POST /api/gusmev/order/{orderId} (spec
// v1.13 §2.4, Таблица 27).
type OrderDetails struct {
	// Code is the gu-smev state (Appendix 1) or "OK".
	Code string
	// Message is the state's text, if any.
	Message string
	// MessageID is the SMEV message id ("message_id" in v1.13, "messageId"
	// in real answers; both parsed).
	MessageID string
	// Order is the decoded portal order; nil while it does not exist yet.
	Order *Order
	// RawOrder is the order JSON as received (the "order" string).
	RawOrder json.RawMessage
}

// UnmarshalJSON decodes the envelope; "order" is a JSON string holding the
// order JSON (all known servers), an object is accepted too.
func (d *OrderDetails) UnmarshalJSON(b []byte) error {
	var env struct {
		Code       *string         `json:"code"`
		Message    *string         `json:"message"`
		MessageID  *string         `json:"messageId"`
		MessageID2 *string         `json:"message_id"`
		Order      json.RawMessage `json:"order"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return err
	}
	*d = OrderDetails{}
	if env.Code != nil {
		d.Code = *env.Code
	}
	if env.Message != nil {
		d.Message = *env.Message
	}
	if env.MessageID != nil {
		d.MessageID = *env.MessageID
	} else if env.MessageID2 != nil {
		d.MessageID = *env.MessageID2
	}
	raw := bytes.TrimSpace(env.Order)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		raw = []byte(s)
	}
	var o Order
	if err := json.Unmarshal(raw, &o); err != nil {
		return fmt.Errorf("epgu: order JSON: %w", err)
	}
	d.RawOrder = append(json.RawMessage(nil), raw...)
	d.Order = &o
	return nil
}

// Order is the portal order (spec v1.13 Таблица 28; the most used fields).
type Order struct {
	ID                     int64            `json:"id"`
	OrderType              string           `json:"orderType"`
	OrderStatusID          int64            `json:"orderStatusId"`
	OrderStatusName        string           `json:"orderStatusName"`
	CurrentStatusHistoryID int64            `json:"currentStatusHistoryId"`
	CurrentStatusHistory   *StatusHistory   `json:"currentStatusHistory"`
	Statuses               []StatusHistory  `json:"statuses"`
	Closed                 bool             `json:"closed"`
	HasResult              bool             `json:"hasResult"`
	HasNewStatus           bool             `json:"hasNewStatus"`
	EServiceID             string           `json:"eserviceId"`
	ServiceTargetID        string           `json:"serviceTargetId"`
	ServicePassportID      string           `json:"servicePassportId"`
	ServiceName            string           `json:"serviceName"`
	StateStructureName     string           `json:"stateStructureName"`
	StateStructureID       string           `json:"stateStructureId"`
	StateOrgID             int64            `json:"stateOrgId"`
	StateOrgCode           string           `json:"stateOrgCode"`
	UserSelectedRegion     string           `json:"userSelectedRegion"`
	Location               string           `json:"location"`
	PersonType             string           `json:"personType"`
	OwnerID                int64            `json:"ownerId"`
	UserID                 int64            `json:"userId"`
	CreationMode           string           `json:"creationMode"`
	SourceSystem           string           `json:"sourceSystem"`
	SmevTx                 string           `json:"smevTx"`
	SmevMessageID          string           `json:"smevMessageId"`
	EDSStatus              string           `json:"edsStatus"`
	OrderDate              DateTime         `json:"orderDate"`
	RequestDate            DateTime         `json:"requestDate"`
	Updated                DateTime         `json:"updated"`
	AttachmentFiles        []AttachmentFile `json:"orderAttachmentFiles"`
	ResponseFiles          []ResponseFile   `json:"orderResponseFiles"`
	QRLink                 *ResponseFile    `json:"qrlink"`
}

// StatusHistory is one element of statuses[] / currentStatusHistory.
type StatusHistory struct {
	ID                  int64    `json:"id"`
	StatusID            int64    `json:"statusId"`
	Title               string   `json:"title"`
	Date                DateTime `json:"date"`
	OrderID             int64    `json:"orderId"`
	FinalStatus         bool     `json:"finalStatus"`
	CancelAllowed       bool     `json:"cancelAllowed"`
	HasResult           string   `json:"hasResult"` // "N", "Y", "R"
	Sender              string   `json:"sender"`
	Comment             string   `json:"comment"`
	StateOrgStatusCode  string   `json:"stateOrgStatusCode"`
	StateOrgStatusDescr string   `json:"stateOrgStatusDescr"`
	StatusColorCode     string   `json:"statusColorCode"`
	Mnemonic            string   `json:"mnemonic"`
	UnreadEvent         bool     `json:"unreadEvent"`
	EditAllowed         bool     `json:"editAllowed"`
	SendMessageAllowed  bool     `json:"sendMessageAllowed"`
}

// AttachmentFile is a file uploaded with the order (orderAttachmentFiles).
type AttachmentFile struct {
	FileName            string `json:"fileName"`
	FileSize            int64  `json:"fileSize"`
	Link                string `json:"link"`
	ID                  string `json:"id"`
	MimeType            string `json:"mimeType"`
	HasDigitalSignature bool   `json:"hasDigitalSignature"`
	Type                string `json:"type"` // REQUEST or ATTACHMENT
}

// ResponseFile is a result file of the order (orderResponseFiles).
type ResponseFile struct {
	FileName            string `json:"fileName"`
	FileSize            int64  `json:"fileSize"`
	Link                string `json:"link"`
	ID                  string `json:"id"`
	MimeType            string `json:"mimeType"`
	HasDigitalSignature bool   `json:"hasDigitalSignature"`
	EDSStatus           string `json:"edsStatus"`
	AdditionalName      string `json:"additionalName"`
	HasAltMimeType      bool   `json:"hasAltMimeType"`
	CanSentToMFC        bool   `json:"canSentToMFC"`
}

// Current returns the current status (currentStatusHistory, or the last of
// statuses), nil if none.
func (o *Order) Current() *StatusHistory {
	if o.CurrentStatusHistory != nil {
		return o.CurrentStatusHistory
	}
	if n := len(o.Statuses); n > 0 {
		return &o.Statuses[n-1]
	}
	return nil
}

// StatusPage is a page of getOrdersStatus / getUpdatedAfter (spec v1.13
// §2.3, Таблица 21).
type StatusPage struct {
	Count      int           `json:"count"`
	TotalCount int           `json:"totalCount"`
	Content    []OrderStatus `json:"content"`
}

// UnmarshalJSON accepts the capitalised keys of the spec table too.
func (p *StatusPage) UnmarshalJSON(b []byte) error {
	m, err := trimmedKeys(b)
	if err != nil {
		return err
	}
	*p = StatusPage{}
	for k, v := range m {
		switch strings.ToLower(k) {
		case "count":
			err = json.Unmarshal(v, &p.Count)
		case "totalcount":
			err = json.Unmarshal(v, &p.TotalCount)
		case "content":
			err = json.Unmarshal(v, &p.Content)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Search statuses of OrderStatus.
const (
	SearchFound    = "FOUND"
	SearchNotFound = "NOT_FOUND"
)

// OrderStatus is one content item of a status page.
type OrderStatus struct {
	OrderID      int64        `json:"orderId"`
	SearchStatus string       `json:"orderSearchStatus"`
	Status       *ShortStatus `json:"status"`
}

// UnmarshalJSON tolerates stray spaces in keys (the spec example has
// `" orderId"`).
func (s *OrderStatus) UnmarshalJSON(b []byte) error {
	m, err := trimmedKeys(b)
	if err != nil {
		return err
	}
	*s = OrderStatus{}
	if v, ok := m["orderId"]; ok {
		if err := json.Unmarshal(v, &s.OrderID); err != nil {
			return err
		}
	}
	if v, ok := m["orderSearchStatus"]; ok {
		if err := json.Unmarshal(v, &s.SearchStatus); err != nil {
			return err
		}
	}
	if v, ok := m["status"]; ok && !bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
		s.Status = new(ShortStatus)
		if err := json.Unmarshal(v, s.Status); err != nil {
			return err
		}
	}
	return nil
}

// ShortStatus is the status of a status-list item.
type ShortStatus struct {
	StatusID   int64    `json:"statusId"`
	StatusName string   `json:"statusName"`
	Updated    DateTime `json:"updated"`
}

func trimmedKeys(b []byte) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	m := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		m[strings.TrimSpace(k)] = v
	}
	return m, nil
}
