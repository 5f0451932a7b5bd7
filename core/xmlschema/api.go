package xmlschema

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Options tune schema compilation. The zero value (or nil) is usable.
type Options struct {
	// Catalog maps a namespace URI to a file name in the schema file
	// system; it is consulted for xs:import before schemaLocation.
	Catalog map[string]string
	// Fallback is searched for a schemaLocation that the main file system
	// does not hold (for example a folder of common schemas).
	Fallback fs.FS
	// MaxSchemaBytes limits each schema document (default 64 MiB).
	MaxSchemaBytes int64
}

// ValidateOptions tune validation. The zero value (or nil) is usable.
type ValidateOptions struct {
	// MaxErrors caps the number of reported errors (default 100);
	// Result.Truncated tells when more were found.
	MaxErrors int
	// MaxDepth limits element nesting (default 4096).
	MaxDepth int
	// MaxBytes limits the size of the document (default 1 GiB).
	MaxBytes int64
}

// Result is the outcome of validating one document.
type Result struct {
	Errors    []ValidationError
	Truncated bool // more errors were found than MaxErrors
}

// Valid reports whether the document is valid.
func (r *Result) Valid() bool { return len(r.Errors) == 0 }

// ValidationError is one violation of the schema by the document.
type ValidationError struct {
	Line, Column int    // of the start tag; 1-based, the column in characters (not bytes)
	Path         string // like /EPGURequest/Applicant[1]/Snils
	Rule         string // short stable id, e.g. "cvc-minLength-valid"
	Message      string // English
	MessageRU    string // Russian
}

func (e ValidationError) Error() string {
	return fmt.Sprintf("%d:%d: %s: %s", e.Line, e.Column, e.Path, e.Message)
}

// SchemaError reports an invalid schema (or one that cannot be read).
type SchemaError struct {
	File      string
	Line      int
	Message   string // English
	MessageRU string // Russian; empty for the few errors that have none yet
}

func (e *SchemaError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// XMLError reports an instance document that is not well-formed XML or
// exceeds a limit; Validate returns it together with the errors found so far.
type XMLError struct {
	Line, Column int    // 1-based, the column in characters (not bytes)
	Message      string // English
	MessageRU    string // Russian (never English parser text; a generic sentence when untranslated)
}

func (e *XMLError) Error() string {
	return fmt.Sprintf("%d:%d: not well-formed: %s", e.Line, e.Column, e.Message)
}

// Text returns the message in Russian (ru) or English, without position.
func (e *XMLError) Text(ru bool) string {
	if ru {
		if e.MessageRU == "" {
			return "нарушен синтаксис XML"
		}
		return e.MessageRU
	}
	return e.Message
}

// Compile reads the schema document entry from fsys, with everything it
// includes, imports and redefines (schemaLocation relative to the
// referring document inside fsys), and compiles it.
func Compile(fsys fs.FS, entry string, opts *Options) (*Schema, error) {
	if opts == nil {
		opts = &Options{}
	}
	c := newCompiler(fsys, opts)
	return c.compile(entry)
}

// CompileFile compiles the schema document at path on the local disk;
// relative schemaLocations resolve against its folder (and may climb out
// of it with ../).
func CompileFile(path string, opts *Options) (*Schema, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &SchemaError{File: path, Message: err.Error()}
	}
	// Root the file system at "/" so that ../ locations keep working.
	root := filepath.VolumeName(abs) + string(filepath.Separator)
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, &SchemaError{File: path, Message: err.Error()}
	}
	return Compile(os.DirFS(root), filepath.ToSlash(rel), opts)
}

// Validate reads one XML document from r and validates it. The returned
// error is non-nil only when the document cannot be read to the end (not
// well-formed, I/O error, a limit); the Result then holds what was found
// before. A Schema is safe for concurrent use.
func (s *Schema) Validate(r io.Reader, opts *ValidateOptions) (*Result, error) {
	o := ValidateOptions{}
	if opts != nil {
		o = *opts
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 100
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 4096
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 1 << 30
	}
	v := newValidator(s, &o)
	err := v.run(r)
	return v.res, err
}
