package workflow

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/logging"
	"github.com/gosdesk/gosdesk/xsd"
)

// DataDirVar overrides the data folder (journal, archives, results).
const DataDirVar = "GOSDESK_DATA_DIR"

// Options configure Open. The zero value is the user's normal setup.
type Options struct {
	// DataDir holds the journal (journal.db), packed archives and
	// downloaded results; DefaultDataDir() when empty.
	DataDir string
	// Settings; config.Load() when nil.
	Settings *config.Settings
	// Clock: Now and Sleep (tests pass the sandbox's clock, so pacing and
	// backoff are tested without wall-clock waits).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// HTTPClient for API ЕПГУ and ЕСИА; http.DefaultClient when nil.
	HTTPClient *http.Client
	// Logger; logging.For("workflow") when nil. Secrets never reach it.
	Logger logrus.FieldLogger
	// OrdersPer10Min is the per-service, per-user order limit used for
	// pacing batches (default 20, API ЕПГУ v1.13 Прил. 3); a test harness
	// that raised the sandbox's limit raises it here too.
	OrdersPer10Min int
	// RequestsPerMinute per system (default 2,000, Прил. 3).
	RequestsPerMinute int
	// NoJournal keeps nothing on disk (one-shot gosctl commands that
	// need no resume: status, dict, ENS). Submit refuses to run then.
	NoJournal bool
}

// Core is the application core of one process: settings, data folder,
// journal, key sources and the event bus. It is safe for concurrent use.
type Core struct {
	opts     Options
	settings *config.Settings
	dataDir  string
	log      logrus.FieldLogger
	bus      bus
	store    journalStore
	reqPacer requestPacer
	// verdicts: the XML verdicts of Validate and Check, so that Check does
	// not parse again the document Validate has just checked.
	verdicts xsd.Verdicts
}

// DefaultDataDir is where the journal and files live: $GOSDESK_DATA_DIR,
// else $XDG_DATA_HOME/gosdesk (~/.local/share/gosdesk) on Linux,
// %APPDATA%\gosdesk on Windows, ~/Library/Application Support/gosdesk on
// macOS.
func DefaultDataDir() (string, error) {
	if d := os.Getenv(DataDirVar); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios":
		base, err := os.UserConfigDir()
		if err != nil {
			return "", i18n.Wrap(err, "не найдена папка данных", "no data folder")
		}
		return filepath.Join(base, "gosdesk"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gosdesk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", i18n.Wrap(err, "не найдена папка данных", "no data folder")
	}
	return filepath.Join(home, ".local", "share", "gosdesk"), nil
}

// Open prepares the core: reads the settings, creates the data folder and
// opens the journal (the journal's migrations run here). Call Close when
// the process ends.
func Open(opts Options) (*Core, error) {
	c := &Core{opts: opts}
	if c.opts.Now == nil {
		c.opts.Now = time.Now
	}
	if c.opts.Sleep == nil {
		c.opts.Sleep = sleepCtx
	}
	if c.opts.OrdersPer10Min <= 0 {
		c.opts.OrdersPer10Min = 20
	}
	if c.opts.RequestsPerMinute <= 0 {
		c.opts.RequestsPerMinute = 2000
	}
	c.log = opts.Logger
	if c.log == nil {
		c.log = logging.For("workflow")
	}
	c.bus.now = c.opts.Now
	c.settings = opts.Settings
	if c.settings == nil {
		s, err := config.Load()
		if err != nil {
			return nil, err
		}
		c.settings = s
	}
	if !opts.NoJournal {
		dir := opts.DataDir
		if dir == "" {
			d, err := DefaultDataDir()
			if err != nil {
				return nil, err
			}
			dir = d
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, i18n.Wrap(err, "не удалось создать папку данных "+dir, "cannot create the data folder "+dir)
		}
		c.dataDir = dir
		st, err := openJournal(dir, c.opts.Now)
		if err != nil {
			return nil, err
		}
		c.store = st
	}
	return c, nil
}

// Close closes the journal.
func (c *Core) Close() error {
	if c.store != nil {
		return c.store.Close()
	}
	return nil
}

// Settings are the settings the core was opened with.
func (c *Core) Settings() *config.Settings { return c.settings }

// DataDir is the data folder ("" with Options.NoJournal).
func (c *Core) DataDir() string { return c.dataDir }

// Subscribe registers f for every event of this core; cancel stops it.
func (c *Core) Subscribe(f func(Event)) (cancel func()) { return c.bus.subscribe(f) }

func (c *Core) emit(e Event) { c.bus.emit(e) }

func (c *Core) now() time.Time { return c.opts.Now() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// openJournal opens the journal of a data folder (the adapter over
// core/journal; tests may replace it).
var openJournal = openJournalFile

// ErrNoJournal: the core was opened with NoJournal and the operation
// needs the journal.
var ErrNoJournal = errors.New("workflow: opened without a journal")

// Journal is the opened journal, for what the workflow does not wrap:
// search and lists of applications, CSV export, backup (core/journal).
// Nil with Options.NoJournal. Sending goes through Session, never by
// writing submissions directly.
func (c *Core) Journal() *journal.Journal {
	if x, ok := c.store.(*journalAdapter); ok {
		return x.j
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check on the journal.
func (c *Core) IntegrityCheck() error {
	if c.store == nil {
		return ErrNoJournal
	}
	return c.store.IntegrityCheck()
}
