package ui

import (
	"context"
	"errors"

	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/workflow"
)

// fakeOrders is the Заявления details side of the fake backend: the views
// it returns and what the screen asked of it.
type fakeOrders struct {
	views     map[int64]*workflow.OrderView
	viewErr   error
	verified  []journal.ResultFile // what VerifyResults returns
	verifyErr error
	cancelled []string // "orderID:reason"
	cancelErr error
	resumed   []int64
	resumeErr error
	seen      []int64
	pending   int   // TrackPending's count
	trackErr  error // TrackPending fails (no session)
	trackEnv  string
}

func (f *fakeOrders) view(appID int64) (*workflow.OrderView, error) {
	if f.viewErr != nil {
		return nil, f.viewErr
	}
	v, ok := f.views[appID]
	if !ok {
		return nil, errors.New("no such application")
	}
	c := *v
	return &c, nil
}

// verify returns the new verdicts and, as the journal does, keeps them.
func (f *fakeOrders) verify(env string, orderID int64) ([]journal.ResultFile, error) {
	if f.verifyErr != nil {
		return nil, f.verifyErr
	}
	for _, v := range f.views {
		if v.OrderID == orderID {
			v.Results = f.verified
		}
	}
	return f.verified, nil
}

func (f *fakeOrders) cancel(env string, orderID int64, reason string) error {
	if f.cancelErr != nil {
		return f.cancelErr
	}
	f.cancelled = append(f.cancelled, int64s(orderID)+":"+reason)
	return nil
}

func (f *fakeOrders) resume(appID int64) (*workflow.SubmitResult, error) {
	f.resumed = append(f.resumed, appID)
	if f.resumeErr != nil {
		return nil, f.resumeErr
	}
	return &workflow.SubmitResult{AppID: appID, OrderID: 1000000199, Resumed: true}, nil
}

// trackPending: with trackErr set the key needs a PIN the keyring does
// not have — the prompt is asked (the start's quiet one refuses).
func (f *fakeOrders) trackPending(ctx context.Context, env string, pin keystore.PINPrompt) (int, error) {
	f.trackEnv = env
	if f.trackErr != nil {
		if _, _, err := pin(ctx, keystore.PINRequest{}); err != nil {
			return f.pending, err
		}
	}
	return f.pending, nil
}
