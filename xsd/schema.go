package xsd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"sync"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// Errors of the catalog. They are *i18n.Error values: print them with
// i18n.Message.
var (
	// ErrUnknownRole: the service has no file of that role.
	ErrUnknownRole = i18n.New("у услуги нет файла с такой ролью", "the service has no file of that role")
	// ErrNoSchema: no schema or field rules are known for the file (the
	// official schema is not public).
	ErrNoSchema = i18n.New("для этого файла нет схемы (официальная схема не опубликована)", "no schema is known for this file (the official schema is not published)")
)

type compiled struct {
	once sync.Once
	s    *xmlschema.Schema
	err  error
}

var cache sync.Map // entry → *compiled

// CompileSchema compiles an embedded schema (a path under schemas/, as in
// SchemaRef.Entry) once and returns it from a cache afterwards.
func CompileSchema(entry string) (*xmlschema.Schema, error) {
	v, _ := cache.LoadOrStore(entry, new(compiled))
	c := v.(*compiled)
	c.once.Do(func() { c.s, c.err = xmlschema.Compile(dataFS, entry, nil) })
	return c.s, c.err
}

// Schema returns the compiled schema of the file of the given role (the
// first one when the role has several, see File.Schemas). It is compiled
// on first use and cached.
func (s Service) Schema(role string) (*xmlschema.Schema, error) {
	f, ok := s.File(role)
	if !ok {
		return nil, ErrUnknownRole
	}
	if len(f.Schemas) == 0 {
		return nil, ErrNoSchema
	}
	return CompileSchema(f.Schemas[0].Entry)
}

// SignConfigSchema returns the schema of sign_config.xml (API ЕПГУ v1.13,
// Прил. 5), shared by every service with signatures.
func SignConfigSchema() (*xmlschema.Schema, error) {
	return CompileSchema(signConfigEntry)
}

const signConfigEntry = "schemas/epgu/sign_config.xsd"

// pick chooses the schema whose root matches the document element.
func (f File) pick(space, local string) SchemaRef {
	for _, r := range f.Schemas {
		if r.Root == local && r.Namespace == space {
			return r
		}
	}
	for _, r := range f.Schemas {
		if r.Root == local {
			return r
		}
	}
	return f.Schemas[0]
}

// ValidateFile validates one XML file of the given role: against its
// schema (chosen by the document element when the role has several), or
// by the service's field rules when no official schema is public. The
// error is non-nil when the document cannot be checked at all (not
// well-formed XML: *xmlschema.XMLError; an unknown role: ErrUnknownRole;
// nothing to check against: ErrNoSchema); the Result lists every
// violation otherwise.
func (s Service) ValidateFile(role string, r io.Reader) (*xmlschema.Result, error) {
	f, ok := s.File(role)
	if !ok {
		return nil, ErrUnknownRole
	}
	return f.Validate(r)
}

// Validate is ValidateFile for a File.
func (f File) Validate(r io.Reader) (*xmlschema.Result, error) { return f.ValidateWith(r, nil) }

// ValidateWith is Validate with validation options (nil: defaults).
func (f File) ValidateWith(r io.Reader, opts *xmlschema.ValidateOptions) (*xmlschema.Result, error) {
	switch {
	case len(f.Schemas) > 0:
		space, local, full := sniffRoot(r)
		sch, err := CompileSchema(f.pick(space, local).Entry)
		if err != nil {
			return nil, err
		}
		return sch.Validate(full, opts)
	case f.Rules != "":
		rs, ok := ruleSets[f.Rules]
		if !ok {
			return nil, ErrNoSchema
		}
		return rs.validate(r, maxErrors(opts))
	}
	return nil, ErrNoSchema
}

// ValidateBytes is ValidateWith for a document in memory; the document is
// read where it lies, never copied.
func (f File) ValidateBytes(doc []byte, opts *xmlschema.ValidateOptions) (*xmlschema.Result, error) {
	switch {
	case len(f.Schemas) > 0:
		space, local := rootName(bytes.NewReader(doc))
		sch, err := CompileSchema(f.pick(space, local).Entry)
		if err != nil {
			return nil, err
		}
		return sch.Validate(bytes.NewReader(doc), opts)
	case f.Rules != "":
		rs, ok := ruleSets[f.Rules]
		if !ok {
			return nil, ErrNoSchema
		}
		return rs.validateBytes(doc, maxErrors(opts))
	}
	return nil, ErrNoSchema
}

// defaultMaxErrors is the number of errors reported when the options do
// not say (as core/xmlschema's).
const defaultMaxErrors = 100

func maxErrors(opts *xmlschema.ValidateOptions) int {
	if opts != nil && opts.MaxErrors > 0 {
		return opts.MaxErrors
	}
	return defaultMaxErrors
}

// sniffRoot reads r up to the document element and returns its name and
// a reader that yields the whole document again.
func sniffRoot(r io.Reader) (space, local string, full io.Reader) {
	var buf bytes.Buffer
	space, local = rootName(io.TeeReader(r, &buf))
	return space, local, io.MultiReader(bytes.NewReader(buf.Bytes()), r)
}

// rootName reads r up to the document element and returns its namespace
// (from its own xmlns attribute) and local name.
func rootName(r io.Reader) (space, local string) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			local = se.Name.Local
			prefix := se.Name.Space
			for _, a := range se.Attr {
				if (prefix == "" && a.Name.Space == "" && a.Name.Local == "xmlns") ||
					(prefix != "" && a.Name.Space == "xmlns" && a.Name.Local == prefix) {
					space = a.Value
				}
			}
			break
		}
	}
	return space, local
}

// IsNoSchema reports whether err means that nothing is known to validate
// the file against.
func IsNoSchema(err error) bool { return errors.Is(err, ErrNoSchema) }
