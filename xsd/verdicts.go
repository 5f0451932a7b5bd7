package xsd

import (
	"crypto/sha256"
	"errors"
	"strings"
	"sync"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// Verdicts remembers the last verdicts of File.ValidateBytes by content:
// the same bytes checked again against the same schema or field rules get
// the verdict without being parsed a second time. The GUI checks the
// edited document as the clerk types and then the whole application
// (core/workflow's Validate, then Check): the second check of the same
// bytes is a SHA-256 and a look-up.
//
// A verdict depends on the bytes and the file's schemas or rules only, so
// a remembered one is the one a new check would give. A verdict found
// with more errors allowed answers a call that allows fewer (errors are
// reported in document order and the first ones are the same), and a
// verdict that was not truncated answers any call.
//
// The zero value is ready to use; a nil *Verdicts remembers nothing. It is
// safe for concurrent use.
type Verdicts struct {
	mu   sync.Mutex
	last []verdict // most recent first, at most verdictsKept
}

// verdictsKept: an application's XML files (req.xml, attach.xml …) and the
// edited one's previous text.
const verdictsKept = 8

type verdict struct {
	key      string   // what the file is checked against (validationKey)
	sum      [32]byte // SHA-256 of the document
	maxDepth int
	maxBytes int64
	maxErr   int
	res      *xmlschema.Result
	xmlErr   *xmlschema.XMLError // the document is not well-formed (res: what was found before)
}

// Validate is f.ValidateBytes(doc, opts), remembered.
func (v *Verdicts) Validate(f File, doc []byte, opts *xmlschema.ValidateOptions) (*xmlschema.Result, error) {
	key := f.validationKey()
	if v == nil || key == "" {
		return f.ValidateBytes(doc, opts)
	}
	var o xmlschema.ValidateOptions
	if opts != nil {
		o = *opts
	}
	o.MaxErrors = maxErrors(&o)
	want := verdict{key: key, sum: sha256.Sum256(doc), maxDepth: max(o.MaxDepth, 0), maxBytes: max(o.MaxBytes, 0), maxErr: o.MaxErrors}
	if res, err, ok := v.find(want); ok {
		return res, err
	}
	res, err := f.ValidateBytes(doc, &o)
	var xe *xmlschema.XMLError
	if res != nil && (err == nil || errors.As(err, &xe)) {
		want.res = clip(res, len(res.Errors), res.Truncated)
		if xe != nil {
			c := *xe
			want.xmlErr = &c
		}
		v.keep(want)
	}
	return res, err
}

// find returns a copy of a remembered verdict that answers w.
func (v *Verdicts) find(w verdict) (*xmlschema.Result, error, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i, e := range v.last {
		if !e.same(w) || e.maxErr < w.maxErr && e.res.Truncated {
			continue // another document, or errors were left out that this call reports
		}
		copy(v.last[1:i+1], v.last[:i])
		v.last[0] = e
		n := min(len(e.res.Errors), w.maxErr)
		res := clip(e.res, n, e.res.Truncated || len(e.res.Errors) > n)
		if e.xmlErr != nil {
			c := *e.xmlErr
			return res, &c, true
		}
		return res, nil, true
	}
	return nil, nil, false
}

// keep remembers w in place of the least recent verdict, or of one of the
// same document found with fewer errors allowed.
func (v *Verdicts) keep(w verdict) {
	v.mu.Lock()
	defer v.mu.Unlock()
	i := 0
	for i < len(v.last) && !v.last[i].same(w) {
		i++
	}
	switch {
	case i < len(v.last):
	case len(v.last) < verdictsKept:
		v.last = append(v.last, verdict{})
	default:
		i = len(v.last) - 1
	}
	copy(v.last[1:i+1], v.last[:i])
	v.last[0] = w
}

// same: the same document checked against the same thing with the same
// limits (the number of errors aside).
func (e verdict) same(w verdict) bool {
	return e.key == w.key && e.sum == w.sum && e.maxDepth == w.maxDepth && e.maxBytes == w.maxBytes
}

// clip copies the first n errors of res: callers may change what they get.
func clip(res *xmlschema.Result, n int, truncated bool) *xmlschema.Result {
	out := &xmlschema.Result{Truncated: truncated}
	if n > 0 {
		out.Errors = append([]xmlschema.ValidationError(nil), res.Errors[:n]...)
	}
	return out
}

// validationKey names what f is checked against: its schemas (the
// document element picks one) or its field rules; "" when nothing.
func (f File) validationKey() string {
	var b strings.Builder
	for _, s := range f.Schemas {
		b.WriteString("schema\x00" + s.Entry + "\x00" + s.Namespace + "\x00" + s.Root + "\x00")
	}
	if len(f.Schemas) == 0 && f.Rules != "" {
		b.WriteString("rules\x00" + f.Rules)
	}
	return b.String()
}
