package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sirupsen/logrus"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// senderMain is the sending process: it opens the workflow on the data
// folder, prepares the batch from the rows file and runs it (a re-run
// resumes what the journal says is unfinished). It is what gets killed.
func senderMain(args []string) int {
	fs := flag.NewFlagSet("sender", flag.ContinueOnError)
	addr := fs.String("sandbox", "", "sandbox address")
	data := fs.String("data", "", "data folder (journal)")
	rows := fs.String("rows", "", "rows CSV")
	attach := fs.String("attach", "", "attachments folder")
	service := fs.String("service", "10000000374", "service")
	limit := fs.Int("orders-limit", 20, "orders per service per 10 minutes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	logrus.SetOutput(io.Discard)
	c, err := workflow.Open(workflow.Options{DataDir: *data, Settings: &config.Settings{SandboxAddr: *addr}, OrdersPer10Min: *limit})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", i18n.Message(err))
		return 1
	}
	defer c.Close()
	ctx := context.Background()
	s, err := c.OpenSession(ctx, workflow.SessionOptions{Env: "sandbox"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", i18n.Message(err))
		return 1
	}
	f, err := os.Open(*rows)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", err)
		return 1
	}
	defer f.Close()
	b, err := c.PrepareBatch(workflow.BatchRequest{Service: *service, Rows: f, RowsName: "rows.csv", AttachColumn: "file", AttachDir: *attach})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", i18n.Message(err))
		return 1
	}
	if len(b.Problems) > 0 {
		fmt.Fprintln(os.Stderr, "sender:", i18n.Message(&workflow.ProblemsError{Problems: b.Problems}))
		return 1
	}
	rep, err := s.RunBatch(ctx, b)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", i18n.Message(err))
		return 1
	}
	fmt.Printf("sender: sent %d, failed %d\n", rep.Sent, rep.Failed)
	return 0
}
