// Package archive builds the ZIP an ЕПГУ service expects and opens the
// result archives the portal returns.
//
// Packing (Pack) follows the service catalog (package xsd): the file names
// the service requires (req.xml, attach.xml, piev_epgu.xml,
// trans_<GUID>.xml …), a flat archive, names checked, attachments checked
// against the catalog's machine-readable rules (size per file and per
// archive, allowed types by extension and magic bytes), `{orderId}`
// placeholders replaced by the reserved order number, and for services that
// want signatures a detached CAdES-BES "<name>.sig" for each file (plus
// sign_config.xml, API ЕПГУ v1.13 Прил. 5, where a document carries several
// signatures). The archive is streamed to a temporary file: memory stays
// bounded whatever the size of the attachments.
//
// The route (ChooseRoute) is a pure function: an archive of at most
// MaxPushSize bytes whose XML needs no order number goes to /push; any other
// is reserved with /order, packed with the order number and uploaded with
// /push/chunked (API ЕПГУ v1.13 §2.1.1, §2.1.3, §2.1.4).
//
// Results (OpenResult, Extract, VerifyFiles) are extracted safely (no
// zip-slip, absolute paths, symlinks; entry-count, expansion-ratio and
// total-size limits) and every ".sig" inside is verified against the trust
// store the caller passes.
//
// Errors a user can meet are *Error values (core/i18n CodedError): a
// Russian sentence that says what happened and what to do, naming the file;
// English() gives the English text. Several problems at once are returned as
// Problems.
package archive
