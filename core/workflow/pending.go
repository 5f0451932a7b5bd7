package workflow

import (
	"context"
	"io"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// errNotYet marks parts of the API whose implementation is being written
// (the skeleton is committed first so that ui/ and cmd/gosctl can code
// against it).
var errNotYet = i18n.New("эта функция ещё не готова", "this function is not ready yet")

type journalStore interface{ Close() error }

func openJournal(dir string) (journalStore, error) { return nopJournal{}, nil }

type nopJournal struct{}

func (nopJournal) Close() error { return nil }

func (c *Core) meta(service, target, region string) (OrderMeta, error) { return OrderMeta{}, errNotYet }
func (s *Session) reserve(ctx context.Context, meta OrderMeta) (int64, error) {
	return 0, errNotYet
}
func (s *Session) details(ctx context.Context, id int64) (*OrderDetails, error) {
	return nil, errNotYet
}
func (s *Session) statuses(ctx context.Context, ids []int64, n int) ([]OrderStatus, error) {
	return nil, errNotYet
}
func (s *Session) updatedAfter(ctx context.Context, t time.Time, n int) ([]OrderStatus, error) {
	return nil, errNotYet
}
func (s *Session) cancel(ctx context.Context, id int64, reason string) error { return errNotYet }
func (s *Session) download(ctx context.Context, id int64, o DownloadOptions) ([]ResultFile, error) {
	return nil, errNotYet
}
func (c *Core) dict(ctx context.Context, env, code string, req DictRequest, n int) ([]DictItem, int, error) {
	return nil, 0, errNotYet
}
func (s *Session) submit(ctx context.Context, app Application) (*SubmitResult, error) {
	return nil, errNotYet
}
func (s *Session) resume(ctx context.Context, id int64, o ResumeOptions) (*SubmitResult, error) {
	return nil, errNotYet
}
func (s *Session) resumeAll(ctx context.Context) ([]ResumeOutcome, error)    { return nil, errNotYet }
func (c *Core) validate(service, name string, xml []byte) ([]Problem, error) { return nil, errNotYet }
func (c *Core) check(app Application) []Problem                              { return nil }
func (s *Session) track(ctx context.Context, o TrackOptions) error           { return errNotYet }
func (c *Core) saveDraft(d Draft) (int64, error)                             { return 0, errNotYet }
func (c *Core) loadDraft(id int64) (*Draft, error)                           { return nil, errNotYet }
func (c *Core) deleteDraft(id int64) error                                   { return errNotYet }
func (c *Core) prepareBatch(req BatchRequest) (*Batch, error)                { return nil, errNotYet }
func (r *BatchReport) writeCSV(w io.Writer) error                            { return errNotYet }
func (s *Session) runBatch(ctx context.Context, b *Batch) (*BatchReport, error) {
	return nil, errNotYet
}
func (c *Core) estimate(n int) time.Duration { return 0 }
func (s *Session) sendToGoskey(ctx context.Context, r GoskeyRequest) (*SubmitResult, error) {
	return nil, errNotYet
}
