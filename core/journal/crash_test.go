package journal

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeOrder is the number the simulated service gives submission id, so
// a resumed /order whose answer was lost is "found" at the service.
func fakeOrder(id int64) int64 { return 1_000_000 + id }

// crashWorker drives submissions along the chunked route, printing
// "T <submission> <transitions>" after every committed step. It first
// resumes what Interrupted and Tracking list, following Next (the resume
// contract); with more, it then starts new applications forever.
func crashWorker(j *Journal, more bool) error {
	ctx := context.Background()
	var todo []*Submission
	for _, list := range []func(context.Context, string) ([]*Submission, error){j.Interrupted, j.Tracking} {
		l, err := list(ctx, "")
		if err != nil {
			return err
		}
		todo = append(todo, l...)
	}
	for _, s := range todo {
		tr, err := j.Transitions(ctx, s.ID)
		if err != nil {
			return err
		}
		if err := drive(ctx, j, s, len(tr)); err != nil {
			return err
		}
	}
	for i := 0; more; i++ {
		a := hotelApp(fmt.Sprintf("Гость %d", i))
		a.Attachments = []Attachment{{Name: "паспорт.pdf", Path: "/tmp/p.pdf", Size: 120 << 20, Streebog: strings.Repeat("ab", 32)}}
		if err := j.CreateApplication(ctx, a); err != nil {
			return err
		}
		s, err := j.Submit(ctx, a.ID, "sandbox")
		if err != nil {
			return err
		}
		fmt.Printf("T %d 1\n", s.ID)
		if err := drive(ctx, j, s, 1); err != nil {
			return err
		}
	}
	return nil
}

func drive(ctx context.Context, j *Journal, s *Submission, n int) error {
	var err error
	for !s.State.Terminal() {
		id := s.ID
		switch s.Next(time.Now()) {
		case ActionPrepare:
			if s.State == StateDraft {
				s, err = j.MarkChecked(ctx, id)
			} else {
				s, err = j.BeginReserve(ctx, id)
			}
		case ActionResolveReserve: // the service has it: adopt its answer
			s, err = j.MarkReserved(ctx, id, fakeOrder(id))
		case ActionPack:
			s, err = j.MarkPacked(ctx, id, Pack{Path: fmt.Sprintf("/data/%d.zip", id), Size: 120 << 20, Route: RouteChunked, ChunkSize: 40 << 20, Chunks: 3})
		case ActionReserve:
			s, err = j.BeginReserve(ctx, id)
		case ActionRestartUpload:
			s, err = j.RestartUpload(ctx, id, "окно истекло")
		case ActionUpload:
			if s.ChunkInFlight >= 0 && s.ChunkInFlight == s.Chunks-1 {
				s, err = j.MarkSent(ctx, id, s.OrderID) // the last chunk's answer
			} else if s.ChunkInFlight >= 0 {
				s, err = j.ChunkDone(ctx, id, s.ChunkInFlight)
			} else {
				s, err = j.BeginChunk(ctx, id, Chunk{UploadID: "u" + strconv.FormatInt(id, 10), Index: s.NextChunk(), Total: s.Chunks})
			}
		case ActionResolvePush:
			s, err = j.MarkSent(ctx, id, s.OrderID)
		case ActionTrack:
			if s.State == StateSent {
				s, err = j.MarkTracking(ctx, id)
			} else {
				if _, err = j.AddStatus(ctx, s.Env, s.OrderID, Status{ID: 3, Title: "Исполнено", Final: true}); err == nil {
					s, err = j.MarkFinal(ctx, id, 3, "Исполнено")
				}
			}
		default:
			return fmt.Errorf("submission %d: unexpected action in %s", id, s.State)
		}
		if err != nil {
			return err
		}
		n++
		fmt.Printf("T %d %d\n", s.ID, n)
	}
	return nil
}

// A process writing transitions is killed with SIGKILL at random points;
// after every kill the journal passes integrity_check and holds every
// transition the process had reported committed. The next process resumes
// the interrupted submissions from the journal alone, and at the end every
// submission is final with the one order number it was given.
func TestCrashSafetyUnderSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	j, err := Open(path) // create it before the first child
	require.NoError(t, err)
	require.NoError(t, j.Close())
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))

	committed := map[int64]int{} // submission → transitions reported committed
	const kills = 6
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childVar+"=crash", "GOSDESK_JOURNAL_TEST_DB="+path)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		sc := bufio.NewScanner(out)
		target := 5 + rng.IntN(120)
		var lastSub int64
		read := func() bool {
			if !sc.Scan() {
				return false
			}
			var sub int64
			var n int
			_, err := fmt.Sscanf(sc.Text(), "T %d %d", &sub, &n)
			require.NoError(t, err, sc.Text())
			committed[sub], lastSub = n, sub
			return true
		}
		for i := 0; i < target && read(); i++ {
		}
		require.NoError(t, cmd.Process.Kill(), "kill %d", k) // SIGKILL on Unix
		for read() {                                         // lines written before the kill are committed too
		}
		_ = cmd.Wait()
		require.NotZero(t, lastSub, "the child wrote nothing before kill %d", k)

		j, err := Open(path)
		require.NoError(t, err, "after kill %d", k)
		require.NoError(t, j.IntegrityCheck(ctx), "after kill %d", k)
		for sub, n := range committed {
			tr, err := j.Transitions(ctx, sub)
			require.NoError(t, err)
			if sub == lastSub {
				// the step in flight at the kill may have committed unreported
				assert.Contains(t, []int{n, n + 1}, len(tr), "kill %d: last submission %d", k, sub)
			} else {
				assert.GreaterOrEqual(t, len(tr), n, "kill %d: submission %d lost a committed step", k, sub)
			}
		}
		require.NoError(t, j.Close())
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childVar+"=finish", "GOSDESK_JOURNAL_TEST_DB="+path)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Run(), "resuming after the last kill")

	j, err = Open(path)
	require.NoError(t, err)
	defer j.Close()
	require.NoError(t, j.IntegrityCheck(ctx))
	pending, err := j.Pending(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, pending, "everything interrupted was resumed to the end")
	rows, err := j.DB().Query("SELECT id FROM submissions")
	require.NoError(t, err)
	var ids []int64
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	rows.Close()
	require.GreaterOrEqual(t, len(ids), kills/2)
	for _, id := range ids {
		s, err := j.Submission(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, StateFinal, s.State, "submission %d", id)
		tr, err := j.Transitions(ctx, id)
		require.NoError(t, err)
		prev, reserves, sent := State(""), 0, 0
		for _, x := range tr {
			assert.Equal(t, prev, x.From, "submission %d: an unbroken chain of states", id)
			prev = x.To
			if x.Step == "reserve" {
				reserves++
			}
			if x.Step == "sent" {
				sent++
			}
			if x.OrderID != 0 {
				assert.Equal(t, fakeOrder(id), x.OrderID, "submission %d: one order number", id)
			}
		}
		assert.Equal(t, 1, reserves, "submission %d: reserved once, resumed without a second /order", id)
		assert.Equal(t, 1, sent, "submission %d: sent once", id)
	}
}
