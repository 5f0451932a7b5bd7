package journal

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// childVar makes the test binary act as a second process (crash and
// two-process tests re-execute it): its value is the role.
const childVar = "GOSDESK_JOURNAL_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childVar); role != "" {
		os.Exit(runChild(role, os.Getenv("GOSDESK_JOURNAL_TEST_DB")))
	}
	os.Exit(m.Run())
}

func runChild(role, path string) int {
	j, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 3
	}
	defer j.Close()
	switch role {
	case "crash": // resume what was interrupted, then send new applications until killed
		err = crashWorker(j, true)
	case "finish": // resume everything, send nothing new
		err = crashWorker(j, false)
	case "writer": // the second process of the two-process test
		n, _ := strconv.Atoi(os.Getenv("GOSDESK_JOURNAL_TEST_N"))
		err = writeApplications(context.Background(), j, "процесс 2", n)
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, role+":", err)
		return 1
	}
	return 0
}
