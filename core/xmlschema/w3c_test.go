package xmlschema_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/w3c"
)

// TestW3CSubset runs the committed subset of the W3C XML Schema test suite
// (testdata/w3c/xsdtests, see its 00COPYRIGHT) and fails on any test that
// is not in testdata/w3c/known-failures.txt: a regression guard. The full
// suite is run by `make conformance` (internal/w3crun).
func TestW3CSubset(t *testing.T) {
	known := map[string]bool{}
	b, err := os.ReadFile("testdata/w3c/known-failures.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		known[l] = true
	}
	fsys := os.DirFS("testdata/w3c/xsdtests")
	sets, err := w3c.Sets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	run, pass := 0, 0
	failed := map[string]bool{}
	for _, s := range sets {
		sc, err := w3c.Run(fsys, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		run += sc.SchemaRun + sc.InstanceRun
		pass += sc.SchemaPass + sc.InstancePass
		for _, f := range sc.Failures {
			failed[s+" "+f] = true
			if !known[s+" "+f] {
				t.Errorf("regression: %s %s", s, f)
			}
		}
	}
	for k := range known {
		if !failed[k] {
			t.Errorf("%s passes now: remove it from testdata/w3c/known-failures.txt", k)
		}
	}
	if run < 1300 {
		t.Fatalf("only %d tests ran", run)
	}
	t.Logf("W3C subset: %d/%d pass (%.2f%%)", pass, run, 100*float64(pass)/float64(run))
}
