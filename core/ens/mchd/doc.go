// Package mchd reads machine-readable powers of attorney (МЧД) of the
// unified format 003 (ВерсФорм="EMCHD_1", namespace urn://x-artefacts/EMCHD_1)
// into a Go model: principal (доверитель), representative (представитель),
// powers (полномочия), validity and the person who signs for the principal,
// and checks that a МЧД covers a request: the representative is the owner
// of the signing certificate, the dates and the power codes fit.
//
// Schema validation against the official XSD (shipped in the service
// catalog, xsd/schemas/mchd/) is delegated to a SchemaValidator;
// XSDValidator does it with core/xmlschema. The
// МЧД's own detached signature (.sig) is checked elsewhere (core/cms); the
// registry status (revoked or not) lives at the СведСист URL, not in the XML.
package mchd
