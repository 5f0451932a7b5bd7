package mchd

import (
	"bytes"
	"fmt"
	"github.com/gosdesk/gosdesk/xsd"
	"strings"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

// XSDValidator validates МЧД files against the embedded official schema
// with core/xmlschema. The schema is compiled once per process.
type XSDValidator struct{}

// SchemaError lists the schema violations of a МЧД file.
type SchemaError struct {
	Errors []xmlschema.ValidationError
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	for i, v := range e.Errors {
		if i == 5 {
			fmt.Fprintf(&b, "; и ещё %d", len(e.Errors)-5)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		msg := v.MessageRU
		if msg == "" {
			msg = v.Message
		}
		fmt.Fprintf(&b, "строка %d: %s: %s", v.Line, v.Path, msg)
	}
	return b.String()
}

// ValidateMCHD implements SchemaValidator.
func (XSDValidator) ValidateMCHD(xml []byte) error {
	xsdSchema, err := xsd.CompileSchema(SchemaEntry)
	if err != nil {
		return err
	}
	res, err := xsdSchema.Validate(bytes.NewReader(xml), nil)
	if err != nil {
		return err
	}
	if !res.Valid() {
		return &SchemaError{Errors: res.Errors}
	}
	return nil
}
