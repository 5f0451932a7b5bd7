package archive

import (
	"context"
	"time"

	"github.com/gosdesk/gosdesk/core/pki"
)

// Limits bound the extraction of a result archive.
type Limits struct {
	// MaxEntries is the most entries the archive may list.
	MaxEntries int
	// MaxFileSize is the largest uncompressed file.
	MaxFileSize int64
	// MaxTotalSize is the largest total of uncompressed files.
	MaxTotalSize int64
	// MaxRatio is the largest uncompressed/compressed ratio of an entry
	// larger than 1 MiB (zip bombs).
	MaxRatio int64
}

// DefaultLimits suit ЕПГУ results: up to 1000 files, 200 MiB a file,
// 1 GiB in all, a ratio of at most 200:1 (text XML compresses about 10:1).
var DefaultLimits = Limits{MaxEntries: 1000, MaxFileSize: 200 << 20, MaxTotalSize: 1 << 30, MaxRatio: 200}

// ExtractedFile is a file written by Extract.
type ExtractedFile struct {
	Name string // name in the archive (a relative slash path)
	Path string // where it was written
	Size int64
}

// Extract writes the regular files of the ZIP at zipPath under dir
// (created if needed), refusing the whole archive, before writing
// anything, when an entry's name escapes dir (zip-slip, "..", absolute or
// drive paths, backslashes), is a symlink or other non-regular file, is
// listed twice, or when a limit is broken; while writing it counts the
// real bytes, so a header that lies about sizes is caught too (the partly
// written files are then removed). Folders inside the archive become
// folders under dir.
func Extract(ctx context.Context, zipPath, dir string, lim Limits) ([]ExtractedFile, error) {
	return extract(ctx, zipPath, dir, lim)
}

// VerifyOptions tune VerifyFiles.
type VerifyOptions struct {
	// Roots is the trust store signer certificates must chain to (nil:
	// the signatures are checked but no chain is required).
	Roots *pki.TrustStore
	// Time is when certificate validity is checked (zero: now).
	Time time.Time
}

// Verdict is the outcome of one signature of a result archive.
type Verdict struct {
	// File is the signed file's name ("" when the signature names a file
	// the archive lacks).
	File string
	// Signature is the name of the signature file.
	Signature string
	// Valid: the signature is mathematically valid, matches the file and,
	// when Roots was given, its certificate chains to them.
	Valid bool
	// Signer is the signer certificate's subject ("" when unknown).
	Signer      string
	SigningTime time.Time
	// Warnings about the certificate (expired, untrusted …), in Russian.
	Warnings []string
	// Err says why the signature is not valid (an *Error), nil when Valid.
	Err error
}

// VerifyFiles verifies every ".sig" (and ".p7s") among files against the
// file of the same name without the extension (sign_config.xml, when
// present, maps other signature names to their documents) and returns
// one verdict per signature, in name order. A file is read in a stream.
func VerifyFiles(files []ExtractedFile, opts VerifyOptions) []Verdict {
	return verifyFiles(files, opts)
}

// Result is an opened result archive.
type Result struct {
	Dir      string
	Files    []ExtractedFile
	Verdicts []Verdict
}

// AllValid reports whether every signature verified (true when there is
// none).
func (r *Result) AllValid() bool {
	for _, v := range r.Verdicts {
		if !v.Valid {
			return false
		}
	}
	return true
}

// OpenResult extracts a result archive into dir (Extract) and verifies
// its signatures (VerifyFiles).
func OpenResult(ctx context.Context, zipPath, dir string, lim Limits, opts VerifyOptions) (*Result, error) {
	files, err := Extract(ctx, zipPath, dir, lim)
	if err != nil {
		return nil, err
	}
	return &Result{Dir: dir, Files: files, Verdicts: VerifyFiles(files, opts)}, nil
}
