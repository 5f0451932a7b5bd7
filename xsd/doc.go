// Package xsd embeds the service catalog and the service schemas. It is
// filled by the XSD/catalog issue.
package xsd
