package mchd

import (
	"errors"
	"testing"
)

// TestXSDValidator checks the core/xmlschema adapter against the same
// verdicts as xmllint (TestSchemaHook).
func TestXSDValidator(t *testing.T) {
	v := XSDValidator{}
	for _, f := range []string{"tax_org_person.xml", "ip_fio_only.xml", "tax_org_person_cp1251.xml"} {
		d, err := Parse(load(t, f), &Options{Validator: v})
		if err != nil || !d.SchemaValidated {
			t.Errorf("%s: %v", f, err)
		}
	}
	bad := stringsReplace(string(load(t, "tax_org_person.xml")), `ВнНомДовер="ТЕСТ-1" `, ``)
	_, err := Parse([]byte(bad), &Options{Validator: v})
	var se *SchemaError
	if !errors.Is(err, ErrSchema) || !errors.As(err, &se) || len(se.Errors) == 0 {
		t.Fatalf("err = %v, want a schema error", err)
	}
	t.Log(err)
}
