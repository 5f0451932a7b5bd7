// Command w3crun scores core/xmlschema on the W3C XML Schema test suite
// (a checkout of github.com/w3c/xsdtests) and prints, per test set, the
// pass rate next to libxml2's (xmllint 2.9.14) from the scores file:
//
//	go run ./core/xmlschema/internal/w3crun -suite /path/to/xsdtests [-sets msMeta,sunMeta]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/gosdesk/gosdesk/core/xmlschema/internal/w3c"
)

func main() {
	suite := flag.String("suite", "xsdtests", "suite folder (holds suite.xml)")
	sets := flag.String("sets", "", "comma list of substrings selecting test sets (default all)")
	scores := flag.String("xmllint", "core/xmlschema/testdata/w3c/xmllint-2.9.14-scores.md", "libxml2 scores (Markdown table)")
	failures := flag.Bool("failures", false, "list failing tests")
	flag.Parse()
	ref := readScores(*scores)
	fsys := os.DirFS(*suite)
	list, err := w3c.Sets(fsys)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("| test set | schema pass/run | instance pass/run | gosdesk %% | xmllint %% |\n|---|---|---|---|---|\n")
	var tot w3c.Score
	for _, s := range list {
		if strings.Contains(s, "introspection") || !selected(s, *sets) {
			continue
		}
		sc, err := w3c.Run(fsys, s, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		if sc.SchemaRun+sc.InstanceRun == 0 {
			continue
		}
		fmt.Printf("| %s | %d/%d | %d/%d | %.2f%% | %s |\n", s, sc.SchemaPass, sc.SchemaRun, sc.InstancePass, sc.InstanceRun, sc.Percent(), ref[s])
		tot.SchemaRun += sc.SchemaRun
		tot.SchemaPass += sc.SchemaPass
		tot.InstanceRun += sc.InstanceRun
		tot.InstancePass += sc.InstancePass
		if *failures {
			for _, f := range sc.Failures {
				fmt.Fprintf(os.Stderr, "FAIL %s %s\n", s, f)
			}
		}
	}
	fmt.Printf("| **TOTAL** | %d/%d | %d/%d | **%.2f%%** | %s |\n", tot.SchemaPass, tot.SchemaRun, tot.InstancePass, tot.InstanceRun, tot.Percent(), ref["**TOTAL**"])
}

func selected(s, sets string) bool {
	if sets == "" {
		return true
	}
	for _, x := range strings.Split(sets, ",") {
		if x != "" && strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// readScores maps a test set to its "all %" column.
func readScores(name string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(name)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "|")
		if len(cols) < 8 {
			continue
		}
		out[strings.TrimSpace(cols[1])] = strings.Trim(strings.TrimSpace(cols[6]), "*")
	}
	return out
}
