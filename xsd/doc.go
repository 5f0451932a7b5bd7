// Package xsd is the service catalog of gosdesk: one entry per supported
// ЕПГУ service (eServiceCode), with who may apply, the files of the
// archive and which XML is which, whether signatures are required, whether
// the order number goes into the XML, whether cancel is allowed, the
// statuses and НСИ dictionaries of the service, its XSD schemas and its XML
// templates. Everything is embedded (go:embed): services/*.json,
// schemas/<group>/ (each folder with a SOURCE.md naming the source document
// and version of each schema) and templates/<group>/.
//
//	s, ok := xsd.Lookup("60010153")
//	res, err := s.ValidateFile("piev_epgu", f) // *xmlschema.Result
//	b, err := s.FillTemplate("req", time.Now(), map[string]string{"orderId": "3500308079"})
//
// Schemas are compiled on first use by core/xmlschema and cached. Where
// the official schema is not public (hotel attach.xml, ФССП transport
// req.xml, МВД attach.xml) the file is checked by field rules written in Go
// from the field tables of the service specification; those checks and the
// reconstructed hotelRequest schema are UNOFFICIAL and say so.
//
// Every position it reports (errors of schemas and field rules, syntax
// errors, coded values) is a 1-based line and column, the column counted
// in characters (Unicode code points: a tab or a Cyrillic letter is one),
// as an editor counts them; an error about an element points at its
// start tag.
//
// The package imports only core/xmlschema and core/i18n, so core/sandbox
// and the client can both use it.
package xsd
