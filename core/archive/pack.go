package archive

import (
	"context"
	"os"
	"time"

	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/xsd"
)

// Input is one file of an application, as the user gave it.
type Input struct {
	// Name is the file's name in the archive, exactly as the service wants
	// it (req.xml, attach.xml, piev_epgu.xml, trans_<GUID>.xml,
	// form.FormStep10.Panel1.caseAttachment1.0, a Госключ document …).
	// Flat: no folders. Cyrillic letters are allowed.
	Name string
	// Path is the file on disk; it is streamed (any size). Exactly one of
	// Path and Data is set.
	Path string
	// Data is the content held in memory (the XML files). Its {orderId}
	// placeholders are replaced by Spec.OrderID before signing.
	Data []byte
}

// Cosignature is an additional signature of one document of the archive
// (API ЕПГУ v1.13 Прил. 5): when a document has any, the packer writes
// sign_config.xml listing all of the document's signatures.
type Cosignature struct {
	// Document is the Input.Name of the signed document.
	Document string
	// Signer makes the signature.
	Signer keystore.Signer
	// SigName is the signature's file name ("" = "<document>.<n>.sig").
	SigName string
	// Description is signFileDescription ("" = the signer's common name).
	Description string
}

// Stage of packing, reported by Progress.
type Stage string

// Stages.
const (
	StageCheck Stage = "check" // names, limits, XML
	StageSign  Stage = "sign"  // signing a file
	StageWrite Stage = "write" // writing a file into the archive
	StageDone  Stage = "done"
)

// Progress is reported while packing: the stage, the file and the bytes
// done of the whole job (each file is read once: it is written and
// signed in the same pass, so Total is the sum of the files' sizes).
type Progress struct {
	Stage Stage
	File  string
	Done  int64
	Total int64
}

// Spec is what Pack packs.
type Spec struct {
	// Service is the eServiceCode of the catalog (xsd.Lookup).
	Service string
	// Files are the application's files: XML files and attachments.
	// Signatures and sign_config.xml are made by Pack, never given.
	Files []Input
	// OrderID is the reserved ЕПГУ order number; it replaces every
	// {orderId} placeholder of the XML files before they are checked and
	// signed. 0: not reserved (then no file may hold {orderId} and the
	// service must not need the number in the XML).
	OrderID int64
	// Signer signs every file ("<name>.sig", detached CAdES-BES) when the
	// service wants signatures (xsd.Service.Signed); ignored otherwise.
	Signer keystore.Signer
	// Chain: extra certificates put into each signature (the issuing CA).
	Chain []*pki.Certificate
	// Cosignatures: additional signatures of documents (→ sign_config.xml).
	Cosignatures []Cosignature
	// SigningTime of the signatures (zero: now).
	SigningTime time.Time
	// TempDir is where the archive is written (""/default: os.TempDir()).
	TempDir string
	// SkipXMLValidation leaves out the schema / field-rule check of the XML
	// files (the caller has validated them already). Names, limits and
	// placeholders are always checked.
	SkipXMLValidation bool
	// Verdicts, when set, remembers the XML files' verdicts between
	// checks: bytes validated before against the same schema or rules
	// (core/workflow's Validate of the document being edited, then Check
	// of the application) are not parsed again.
	Verdicts *xsd.Verdicts
	// Progress, when set, is called from Pack's goroutine.
	Progress func(Progress)
	// Dictionary, when set, checks the coded fields of the XML files that
	// the catalog maps to НСИ dictionaries (xsd.Service.CodedValues):
	// has reports whether value is an item of dictionary code (its value,
	// or its attribute column when not ""), known whether the dictionary
	// is available at all (unknown ones are not checked). The workflow
	// passes its НСИ cache; against the sandbox, nsidict.Has.
	Dictionary func(code, column, value string) (has, known bool)
}

// Entry is one file of a packed archive.
type Entry struct {
	Name string
	Role string // the catalog role (req, attach, scan, signature, sign_config …)
	Size int64  // uncompressed size
	// Signatures are the names of this file's signature files.
	Signatures []string
}

// Archive is a packed archive in a temporary file. The caller uploads it
// and then calls Remove.
type Archive struct {
	Path    string // the ZIP file
	Size    int64  // its size in bytes
	Service string
	OrderID int64
	Entries []Entry
	// Route is ChooseRoute(Size, NeedsOrderID) for this archive.
	Route Route
}

// Remove deletes the archive's file.
func (a *Archive) Remove() error {
	if a == nil || a.Path == "" {
		return nil
	}
	err := os.Remove(a.Path)
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// Check does every check of Pack that needs no signing and writes
// nothing: the service exists, names (flat, no "..", no absolute paths, no
// duplicates, no forbidden characters), the catalog's required files,
// attachment limits (size per file and per archive, allowed types by
// extension and magic bytes), {orderId} placeholders against OrderID, other
// unfilled placeholders, the XML files against their schema or field rules,
// a signer for services that want signatures. It returns nil or Problems
// with every problem found.
//
// Check needs no order number: with Spec.OrderID 0 a stand-in number
// fills {orderId} for the XML checks, so an application can be checked
// before a number is spent on it (POST /order). Pack then requires the
// number where the XML needs it.
func Check(spec Spec) error {
	_, _, probs := prepare(spec, false)
	return probs.err()
}

// Pack checks spec (see Check) and writes the archive to a temporary
// file: the files, their detached signatures, sign_config.xml where a
// document carries several signatures. Attachments are streamed: memory
// stays bounded whatever their size. On any problem nothing is left on
// disk and the error is Problems (check problems) or an *Error.
func Pack(ctx context.Context, spec Spec) (*Archive, error) {
	return pack(ctx, spec)
}
