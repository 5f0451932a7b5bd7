package ens

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// obj is a decoded JSON object with dotted-path access.
type obj map[string]any

func decodeObject(b []byte) (obj, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("ответ — не JSON-объект")
	}
	return obj(m), nil
}

// setPath puts v at a dotted path, creating nested objects.
func setPath(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func (o obj) get(path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	var cur any = map[string]any(o)
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

func (o obj) str(path string) string {
	v, ok := o.get(path)
	if !ok {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (o obj) need(path string) (string, error) {
	s := o.str(path)
	if s == "" {
		return "", localError(CodeProtocol, nil, "нет поля %q", "no field %q", path)
	}
	return s, nil
}

func (o obj) list(path string) ([]obj, error) {
	v, ok := o.get(path)
	if !ok {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, localError(CodeProtocol, nil, "поле %q — не список", "field %q is not a list", path)
	}
	out := make([]obj, 0, len(a))
	for _, e := range a {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, localError(CodeProtocol, nil, "элемент %q — не объект", "item %q is not an object", path)
		}
		out = append(out, obj(m))
	}
	return out, nil
}

// money reads an amount per the profile; absent means zero.
func (p *Profile) money(o obj, path string) (Kopecks, error) {
	v, ok := o.get(path)
	if !ok {
		return 0, nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		return 0, localError(CodeProtocol, nil, "поле %q — не сумма", "field %q is not an amount", path)
	}
	if p.Money == MoneyKopecks {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return 0, localError(CodeProtocol, err, "поле %q: сумма в копейках", "field %q: an amount in kopecks", path)
		}
		return Kopecks(n), nil
	}
	k, err := ParseKopecks(s)
	if err != nil {
		return 0, localError(CodeProtocol, err, "поле %q=%q", "field %q=%q", path, s)
	}
	return k, nil
}

// EncodeMoney is the wire form of an amount under the profile (for the sandbox).
func (p *Profile) EncodeMoney(k Kopecks) any {
	if p.Money == MoneyKopecks {
		return int64(k)
	}
	return k.String()
}

func (p *Profile) date(o obj, path string, required bool) (time.Time, error) {
	s := o.str(path)
	if s == "" {
		if required {
			return time.Time{}, localError(CodeProtocol, nil, "нет поля %q", "no field %q", path)
		}
		return time.Time{}, nil
	}
	t, err := p.parseDate(s)
	if err != nil {
		return time.Time{}, localError(CodeProtocol, err, "поле %q: дата %q", "field %q: date %q", path, s)
	}
	return t, nil
}

// soapFault is a SOAP 1.1 Fault with the error code in its detail.
type soapFault struct {
	Body struct {
		Fault *struct {
			Code   string `xml:"faultcode"`
			String string `xml:"faultstring"`
			Detail struct {
				Inner []struct {
					XMLName xml.Name
					Value   string `xml:",chardata"`
				} `xml:",any"`
			} `xml:"detail"`
		} `xml:"Fault"`
	} `xml:"Body"`
}

// DecodeError turns an error answer into an *Error, by the profile's error
// style and code map, falling back to the HTTP status.
func (p *Profile) DecodeError(status int, header http.Header, body []byte) *Error {
	e := &Error{HTTPStatus: status, RetryAfter: retryAfter(header.Get("Retry-After"))}
	if p.ErrorStyle == ErrorsSOAP {
		var f soapFault
		if xml.Unmarshal(body, &f) == nil && f.Body.Fault != nil {
			e.ServerMessage = strings.TrimSpace(f.Body.Fault.String)
			for _, d := range f.Body.Fault.Detail.Inner {
				if d.XMLName.Local == p.Fields.ErrorCode {
					e.ServerCode = strings.TrimSpace(d.Value)
				}
			}
		}
	} else if o, err := decodeObject(body); err == nil {
		e.ServerCode, e.ServerMessage = o.str(p.Fields.ErrorCode), o.str(p.Fields.ErrorMessage)
	}
	if e.ServerCode != "" {
		e.Code = p.CanonicalCode(e.ServerCode)
	} else {
		e.Code = statusCode(status)
	}
	return e
}

func statusCode(status int) Code {
	switch {
	case status == http.StatusTooManyRequests:
		return CodeRateLimited
	case status == http.StatusServiceUnavailable:
		return CodeMaintenance
	case status == http.StatusUnauthorized:
		return CodeTokenInvalid
	case status == http.StatusForbidden:
		return CodeIPForbidden
	case status == http.StatusNotFound:
		return CodeTaxpayerNotFound
	case status == http.StatusBadRequest:
		return CodeBadRequest
	case status >= 500:
		return CodeServer
	}
	return CodeUnknown
}

func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(min(n, 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
