package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func steps(tr []Transition) []string {
	var out []string
	for _, t := range tr {
		out = append(out, string(t.From)+">"+string(t.To)+":"+t.Step)
	}
	return out
}

func TestPushRouteRecordsEveryStepWithItsTime(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	s := submitted(t, j, "Иванов Иван", "sandbox")
	assert.Equal(t, StateDraft, s.State)
	clk.Add(time.Second)
	do(j.MarkChecked(ctx, s.ID))
	clk.Add(time.Second)
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "/data/a.zip", Size: 1234, Route: RoutePush}))
	clk.Add(time.Second)
	s = do(j.BeginPush(ctx, s.ID))
	assert.True(t, s.OutcomeUnknown, "written before the network call")
	assert.Equal(t, clk.Now(), s.StepStart.UTC())
	clk.Add(time.Second)
	s = do(j.MarkSent(ctx, s.ID, 3500308079))
	assert.False(t, s.OutcomeUnknown)
	do(j.MarkTracking(ctx, s.ID))
	s = do(j.MarkFinal(ctx, s.ID, 3, "Исполнено"))
	assert.Equal(t, StateFinal, s.State)
	assert.Equal(t, int64(3500308079), s.OrderID)

	tr, err := j.Transitions(ctx, s.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{">draft:submit", "draft>checked:check", "checked>packed:pack", "packed>pushing:push",
		"pushing>sent:sent", "sent>tracking:tracking", "tracking>final:final"}, steps(tr))
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, x := range tr[:5] {
		assert.Equal(t, start.Add(time.Duration(i)*time.Second), x.At.UTC(), "transition %d is stamped", i)
	}

	a, err := j.Application(ctx, s.AppID)
	require.NoError(t, err)
	assert.Equal(t, StateFinal, a.State, "the application shows its submission's state")
	assert.Equal(t, int64(3500308079), a.OrderID)
	assert.False(t, a.Draft)
}

func TestChunkedRouteKeepsTheSessionAndTheOrder(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	s := submitted(t, j, "ООО «Гостиница»", "sandbox")
	do(j.MarkChecked(ctx, s.ID))
	s = do(j.BeginReserve(ctx, s.ID))
	assert.Equal(t, StateReserving, s.State)
	assert.True(t, s.OutcomeUnknown)
	s = do(j.MarkReserved(ctx, s.ID, 777))
	s = do(j.MarkPacked(ctx, s.ID, Pack{Path: "/data/b.zip", Size: 120 << 20, Route: RouteChunked, ChunkSize: 40 << 20, Chunks: 3}))
	assert.Equal(t, int64(777), s.OrderID, "packing with the reserved number keeps it")
	for i := range 3 {
		s = do(j.BeginChunk(ctx, s.ID, Chunk{UploadID: "u1", Index: i, Total: 3, Size: 40 << 20}))
		assert.Equal(t, i, s.ChunkInFlight)
		assert.True(t, s.OutcomeUnknown)
		assert.Equal(t, clk.Now(), s.SessionStart.UTC(), "the session starts with chunk 0")
		if i < 2 {
			s = do(j.ChunkDone(ctx, s.ID, i))
			assert.Equal(t, i+1, s.NextChunk())
		}
	}
	s = do(j.MarkSent(ctx, s.ID, 777)) // the last chunk's answer
	assert.Equal(t, 3, s.ChunksDone)
	assert.Equal(t, -1, s.ChunkInFlight)

	tr, err := j.Transitions(ctx, s.ID)
	require.NoError(t, err)
	var chunks []int
	for _, x := range tr {
		if x.Step == "chunk" {
			chunks = append(chunks, x.Chunk)
			assert.Equal(t, 3, x.Chunks)
			assert.Equal(t, int64(777), x.OrderID)
		}
	}
	assert.Equal(t, []int{0, 1, 2}, chunks)
}

func TestIllegalTransitionsAreRefused(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	fresh := func() *Submission { return submitted(t, j, "Гость", "sandbox") }

	s := fresh()
	_, err := j.MarkSent(ctx, s.ID, 1)
	require.ErrorIs(t, err, ErrIllegalTransition, "a draft cannot be sent")
	assert.Contains(t, err.Error(), "недопустимая смена состояния отправки")
	assert.Contains(t, err.Error(), "«черновик» → «отправлено»")
	_, err = j.ChunkDone(ctx, s.ID, 0)
	require.ErrorIs(t, err, ErrIllegalTransition)

	s = fresh()
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "x.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 10))
	_, err = j.BeginPush(ctx, s.ID)
	require.ErrorIs(t, err, ErrIllegalTransition, "a sent archive is never pushed again")
	_, err = j.BeginReserve(ctx, s.ID)
	require.ErrorIs(t, err, ErrIllegalTransition)
	do(j.MarkFinal(ctx, s.ID, 3, "Исполнено"))
	for name, f := range map[string]func() (*Submission, error){
		"failed":  func() (*Submission, error) { return j.MarkFailed(ctx, s.ID, Reason{"x", "x"}) },
		"reopen":  func() (*Submission, error) { return j.Reopen(ctx, s.ID) },
		"tracked": func() (*Submission, error) { return j.MarkTracking(ctx, s.ID) },
	} {
		_, err = f()
		require.ErrorIs(t, err, ErrIllegalTransition, "final is final: %s", name)
	}
	got, err := j.Submission(ctx, s.ID)
	require.NoError(t, err)
	assert.Equal(t, StateFinal, got.State, "a refused step changes nothing")
	tr, _ := j.Transitions(ctx, s.ID)
	assert.Len(t, tr, 5, "a refused step records nothing")
}

func TestAReservedNumberIsNeverReplaced(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.BeginReserve(ctx, s.ID))
	do(j.MarkReserved(ctx, s.ID, 555))
	do(j.MarkFailed(ctx, s.ID, Reason{RU: "сеть недоступна", EN: "network down"}))
	s = do(j.Reopen(ctx, s.ID))
	assert.Equal(t, StateChecked, s.State)
	assert.Equal(t, int64(555), s.OrderID, "retrying keeps the reserved number")
	_, err := j.BeginReserve(ctx, s.ID)
	require.ErrorIs(t, err, ErrOrderKnown, "no second /order for the same application")
	assert.Contains(t, err.Error(), "повторное резервирование запрещено")
	assert.Contains(t, err.Error(), "555")

	s = do(j.DropOrder(ctx, s.ID, "пользователь попросил новый номер"))
	assert.Zero(t, s.OrderID)
	tr, err := j.Transitions(ctx, s.ID)
	require.NoError(t, err)
	last := tr[len(tr)-1]
	assert.Equal(t, "drop-order", last.Step)
	assert.Equal(t, "пользователь попросил новый номер", last.Note, "why the number was given up is kept")
	do(j.BeginReserve(ctx, s.ID))
	s = do(j.MarkReserved(ctx, s.ID, 556))
	assert.Equal(t, int64(556), s.OrderID)
}

func TestAdoptedOrderIsReusedAndNotCountedAsARequest(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	s = do(j.AdoptOrder(ctx, s.ID, 3500308079))
	assert.Equal(t, StateReserved, s.State)
	assert.Equal(t, ActionPush, s.Next(clk.Now()), "packed already: push with the adopted number")
	_, err := j.AdoptOrder(ctx, s.ID, 3500308080)
	require.ErrorIs(t, err, ErrIllegalTransition)
	times, err := j.OrderRequests(ctx, "sandbox", "10000103652", time.Time{})
	require.NoError(t, err)
	assert.Empty(t, times)
	do(j.BeginPush(ctx, s.ID))
	times, err = j.OrderRequests(ctx, "sandbox", "10000103652", time.Time{})
	require.NoError(t, err)
	assert.Empty(t, times, "pushing an adopted number creates no order")

	u := submitted(t, j, "Гость 2", "sandbox")
	do(j.AdoptOrder(ctx, u.ID, 5))
	do(j.MarkFailed(ctx, u.ID, Reason{RU: "x", EN: "x"}))
	do(j.Reopen(ctx, u.ID))
	_, err = j.AdoptOrder(ctx, u.ID, 6)
	require.ErrorIs(t, err, ErrOrderKnown, "a different number than the one kept")
}

func TestNoChunkWithoutAnArchiveAndNoRetryAfterSending(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.BeginReserve(ctx, s.ID))
	do(j.MarkReserved(ctx, s.ID, 8))
	_, err := j.BeginChunk(ctx, s.ID, Chunk{Index: 0, Total: 2})
	require.ErrorIs(t, err, ErrInvalid, "reserved but not packed yet")
	assert.Contains(t, err.Error(), "архив не собран")

	do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	do(j.BeginPush(ctx, s.ID))
	do(j.MarkSent(ctx, s.ID, 8))
	do(j.MarkFailed(ctx, s.ID, Reason{RU: "отказ ведомства", EN: "refused"}))
	_, err = j.Reopen(ctx, s.ID)
	require.ErrorIs(t, err, ErrIllegalTransition, "an archive the service accepted is never sent again by Reopen")
	_, err = j.DropOrder(ctx, s.ID, "новый номер")
	require.ErrorIs(t, err, ErrIllegalTransition)
}

func TestChunksMustComeInOrder(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.MarkPacked(ctx, s.ID, Pack{Path: "c.zip", Size: 100, Route: RouteChunked, ChunkSize: 40, Chunks: 3}))
	_, err := j.BeginChunk(ctx, s.ID, Chunk{Index: 0, Total: 3})
	require.ErrorIs(t, err, ErrInvalid, "chunks need a reserved order number")
	do(j.BeginReserve(ctx, s.ID))
	do(j.MarkReserved(ctx, s.ID, 9))
	do(j.BeginChunk(ctx, s.ID, Chunk{Index: 0, Total: 3}))
	_, err = j.BeginChunk(ctx, s.ID, Chunk{Index: 2, Total: 3})
	require.ErrorIs(t, err, ErrInvalid, "chunk 2 before chunk 0 was acknowledged")
	do(j.ChunkDone(ctx, s.ID, 0))
	_, err = j.ChunkDone(ctx, s.ID, 0)
	require.ErrorIs(t, err, ErrInvalid, "an acknowledged chunk is not acknowledged twice")
	_, err = j.MarkSent(ctx, s.ID, 9)
	require.ErrorIs(t, err, ErrInvalid, "not every chunk was sent")
	assert.Contains(t, err.Error(), "переданы не все части: 1 из 3")
	_, err = j.MarkSent(ctx, s.ID, 10)
	require.ErrorIs(t, err, ErrInvalid, "a different number than the reserved one")
}

func TestSubmittingTwiceIsRefusedUntilTheFirstEnds(t *testing.T) {
	j := open(t, nil)
	do := stepper(t)
	s := submitted(t, j, "Гость", "sandbox")
	do(j.BeginReserve(ctx, s.ID))
	do(j.MarkReserved(ctx, s.ID, 42))
	_, err := j.Submit(ctx, s.AppID, "sandbox")
	require.ErrorIs(t, err, ErrActive)
	assert.Contains(t, err.Error(), "номер 42")
	do(j.MarkFailed(ctx, s.ID, Reason{RU: "отказ", EN: "refused"}))
	s2, err := j.Submit(ctx, s.AppID, "sandbox")
	require.NoError(t, err, "after a failure the user may send again")
	cur, err := j.Current(ctx, s.AppID)
	require.NoError(t, err)
	assert.Equal(t, s2.ID, cur.ID)
	all, err := j.Submissions(ctx, s.AppID)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, "отказ", all[0].Reason.RU)
	assert.Equal(t, "refused", all[0].Reason.EN)
}

// The resume contract: after a "crash" (reopening the file) Interrupted
// lists every submission that stopped mid-way with what is needed to
// continue it, and Next says what to do.
func TestInterruptedSubmissionsCarryWhatResumeNeeds(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	path := dir + "/" + FileName
	j, err := OpenWith(path, Options{Now: clk.Now})
	require.NoError(t, err)
	do := stepper(t)

	pushing := submitted(t, j, "push lost", "sandbox")
	do(j.MarkPacked(ctx, pushing.ID, Pack{Path: "p.zip", Size: 10, Route: RoutePush}))
	do(j.BeginPush(ctx, pushing.ID))

	reserving := submitted(t, j, "order lost", "sandbox")
	do(j.BeginReserve(ctx, reserving.ID))

	reserved := submitted(t, j, "reserved, not packed", "sandbox")
	do(j.BeginReserve(ctx, reserved.ID))
	do(j.MarkReserved(ctx, reserved.ID, 1001))

	uploading := submitted(t, j, "chunk 2 of 4", "sandbox")
	do(j.MarkPacked(ctx, uploading.ID, Pack{Path: "u.zip", Size: 400, Route: RouteChunked, ChunkSize: 100, Chunks: 4}))
	do(j.BeginReserve(ctx, uploading.ID))
	do(j.MarkReserved(ctx, uploading.ID, 1002))
	do(j.BeginChunk(ctx, uploading.ID, Chunk{UploadID: "up-7", Index: 0, Total: 4}))
	do(j.ChunkDone(ctx, uploading.ID, 0))
	do(j.BeginChunk(ctx, uploading.ID, Chunk{UploadID: "up-7", Index: 1, Total: 4}))

	sent := submitted(t, j, "sent", "sandbox")
	do(j.MarkPacked(ctx, sent.ID, Pack{Path: "s.zip", Size: 10, Route: RoutePush}))
	do(j.BeginPush(ctx, sent.ID))
	do(j.MarkSent(ctx, sent.ID, 1003))

	other := submitted(t, j, "other env", "prod")
	do(j.MarkChecked(ctx, other.ID))
	require.NoError(t, j.Close())

	j, err = OpenWith(path, Options{Now: clk.Now})
	require.NoError(t, err)
	defer j.Close()
	list, err := j.Interrupted(ctx, "sandbox")
	require.NoError(t, err)
	require.Len(t, list, 4)
	by := map[int64]*Submission{}
	for _, s := range list {
		by[s.ID] = s
	}
	now := clk.Now()

	p := by[pushing.ID]
	assert.Equal(t, StatePushing, p.State)
	assert.True(t, p.OutcomeUnknown, "a /push whose answer never came")
	assert.Equal(t, ActionResolvePush, p.Next(now))

	r := by[reserving.ID]
	assert.True(t, r.OutcomeUnknown)
	assert.Equal(t, ActionResolveReserve, r.Next(now))

	rv := by[reserved.ID]
	assert.Equal(t, int64(1001), rv.OrderID, "the reserved number survives the crash")
	assert.Equal(t, ActionPack, rv.Next(now))

	u := by[uploading.ID]
	assert.Equal(t, int64(1002), u.OrderID)
	assert.Equal(t, "up-7", u.UploadID)
	assert.Equal(t, 1, u.ChunksDone)
	assert.Equal(t, 1, u.ChunkInFlight)
	assert.Equal(t, 4, u.Chunks)
	assert.Equal(t, now, u.SessionStart.UTC())
	assert.Equal(t, ActionUpload, u.Next(now))
	assert.Equal(t, 1, u.NextChunk(), "the chunk in flight is sent again")
	assert.Equal(t, ActionRestartUpload, u.Next(now.Add(ChunkWindow)), "past the 5-minute window")
	u = do(j.RestartUpload(ctx, u.ID, "окно истекло"))
	assert.Equal(t, 0, u.NextChunk())
	assert.Equal(t, int64(1002), u.OrderID, "a restarted upload keeps the order number")
	do(j.BeginChunk(ctx, u.ID, Chunk{Index: 0, Total: 4}))

	tracking, err := j.Tracking(ctx, "sandbox")
	require.NoError(t, err)
	require.Len(t, tracking, 1)
	assert.Equal(t, sent.ID, tracking[0].ID)
	assert.Equal(t, ActionTrack, tracking[0].Next(now))

	pending, err := j.Pending(ctx, "")
	require.NoError(t, err)
	assert.Len(t, pending, 6, "every environment")
}

func TestNextForEveryState(t *testing.T) {
	now := time.Now()
	cases := []struct {
		s    Submission
		want Action
	}{
		{Submission{State: StateDraft}, ActionPrepare},
		{Submission{State: StateChecked}, ActionPrepare},
		{Submission{State: StatePacked, Route: RoutePush}, ActionPush},
		{Submission{State: StatePacked, Route: RouteChunked}, ActionReserve},
		{Submission{State: StatePacked, Route: RouteChunked, OrderID: 5}, ActionUpload},
		{Submission{State: StateReserved, OrderID: 5, ArchivePath: "a.zip", Route: RoutePush}, ActionPush},
		{Submission{State: StateUploading, Chunks: 2, ChunksDone: 2}, ActionResolvePush},
		{Submission{State: StateFinal}, ActionNone},
		{Submission{State: StateFailed}, ActionNone},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.s.Next(now), "%s", c.s.State)
	}
}

func TestOrderRequestsCountNewOrdersOnly(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	do := stepper(t)
	start := clk.Now()
	a := submitted(t, j, "a", "sandbox")
	do(j.BeginReserve(ctx, a.ID)) // a new order
	do(j.MarkReserved(ctx, a.ID, 1))
	do(j.MarkPacked(ctx, a.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
	clk.Add(time.Minute)
	do(j.BeginPush(ctx, a.ID)) // pushes the reserved order: not new
	b := submitted(t, j, "b", "sandbox")
	do(j.MarkPacked(ctx, b.ID, Pack{Path: "b.zip", Size: 1, Route: RoutePush}))
	clk.Add(time.Minute)
	do(j.BeginPush(ctx, b.ID)) // /push without a number creates one
	c := submitted(t, j, "c", "prod")
	do(j.BeginReserve(ctx, c.ID))

	times, err := j.OrderRequests(ctx, "sandbox", "10000103652", start)
	require.NoError(t, err)
	require.Len(t, times, 2)
	assert.Equal(t, start, times[0].UTC())
	assert.Equal(t, start.Add(2*time.Minute), times[1].UTC())
	times, err = j.OrderRequests(ctx, "sandbox", "10000103652", start.Add(time.Second))
	require.NoError(t, err)
	assert.Len(t, times, 1)
}

func TestStateNamesInBothLanguages(t *testing.T) {
	for _, s := range AllStates {
		txt := s.Text()
		assert.NotEqual(t, string(s), txt.RU, "%s has a Russian name", s)
		assert.NotEmpty(t, txt.EN)
	}
	assert.Equal(t, "отправлено", StateSent.Text().RU)
	assert.Equal(t, "finished", StateFinal.Text().EN)
}

func TestSubmitNewStoresAllOrNothing(t *testing.T) {
	j := open(t, nil)
	a := hotelApp("Никто")
	a.BatchID, a.BatchRow = 999, 2 // no such batch: the row cannot be linked
	_, err := j.SubmitNew(ctx, a, "sandbox")
	require.Error(t, err)
	assert.Zero(t, a.ID)
	p, err := j.Search(ctx, Query{})
	require.NoError(t, err)
	assert.Zero(t, p.Total, "no application without its submission")

	a.BatchID = 0
	s, err := j.SubmitNew(ctx, a, "sandbox")
	require.NoError(t, err)
	assert.Equal(t, StateDraft, s.State)
	assert.Equal(t, a.ID, s.AppID)
	l, err := j.Interrupted(ctx, "sandbox")
	require.NoError(t, err)
	assert.Len(t, l, 1, "a crash right after it: the submission is there to resume")
}
