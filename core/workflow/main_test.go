package workflow

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	openJournal = openMem
	os.Exit(m.Run())
}
