package workflow

import (
	"context"
	"io"
	"time"
)

// BatchRequest describes many applications of one service: a template
// (XML with {placeholders}) and a CSV of rows, one application per row,
// the header naming the placeholders. UTF-8 (with or without BOM) and
// Windows-1251 are recognised, «;» or «,» as the separator.
type BatchRequest struct {
	Service string
	// Template is the req.xml (or the service's business XML) with
	// {name} placeholders; nil: the catalog's template of the service.
	Template []byte
	// TemplateName is the archive name of the template ("" = the
	// catalog's main XML file of the service).
	TemplateName string
	// Rows is the CSV; RowsName names it in messages (guests.csv).
	Rows     io.Reader
	RowsName string
	// AttachColumn, if set, is a CSV column with attachment paths
	// (several separated by «|»), relative to AttachDir.
	AttachColumn string
	AttachDir    string
	// Target, Region override the catalog / settings.
	Target, Region string
}

// Batch is a prepared batch: every row filled and checked, nothing sent.
type Batch struct {
	Service string
	Rows    []BatchRow
	// Problems of every row (a broken date names the row and the column);
	// RunBatch refuses to send while there are any.
	Problems []Problem
	// Estimate is the time the batch will take within EPGU's limits
	// (20 orders per service per user per 10 minutes; 2,000 requests per
	// minute per system): the GUI shows it before sending.
	Estimate time.Duration

	id               int64 // journal batch id
	digest, rowsName string
	total            int
}

// BatchRow is one application of a batch.
type BatchRow struct {
	Row         int               // CSV row (header is row 1)
	Values      map[string]string // column → value
	Application Application
	// AppID once journalled.
	AppID int64
}

// PrepareBatch reads and checks every row; nothing is sent. Problems are
// returned in the Batch (not as an error) so that the GUI can show them
// all; the error is for unreadable input.
func (c *Core) PrepareBatch(req BatchRequest) (*Batch, error) { return c.prepareBatch(req) }

// BatchOutcome is the result of one row.
type BatchOutcome struct {
	Row     int
	AppID   int64
	OrderID int64
	Sent    bool
	// Reason of a failure, in the current language.
	Reason string
}

// BatchReport is the result of a batch.
type BatchReport struct {
	Outcomes []BatchOutcome
	Sent     int
	Failed   int
}

// WriteCSV writes the report (row; orderId; result; reason) as UTF-8 CSV
// with «;», as spreadsheets in Russian locales expect.
func (r *BatchReport) WriteCSV(w io.Writer) error { return r.writeCSV(w) }

// RunBatch sends the rows one by one, paced within EPGU's limits: it
// waits (StageWait with the pause) instead of failing on the 20-orders
// limit. A row that fails does not stop the others. Re-running a batch
// (after a crash) resumes its unfinished rows and never sends a row
// twice.
func (s *Session) RunBatch(ctx context.Context, b *Batch) (*BatchReport, error) {
	return s.runBatch(ctx, b)
}

// EstimateBatch is the expected duration of n orders of one service under
// the limits (the first 20 at once, then 20 per 10 minutes).
func (c *Core) EstimateBatch(n int) time.Duration { return c.estimate(n) }
