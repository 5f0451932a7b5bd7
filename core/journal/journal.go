package journal

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// DataDirVar overrides the data folder that holds the journal.
const DataDirVar = "GOSDESK_DATA_DIR"

// FileName is the journal's file name inside the data folder.
const FileName = "journal.db"

// BusyTimeout is how long a writer waits for another connection or
// process (gosctl next to the app) holding the write lock.
const BusyTimeout = 15 * time.Second

// DefaultDir is the data folder: $GOSDESK_DATA_DIR, else
// $XDG_DATA_HOME/gosdesk (~/.local/share/gosdesk) on Linux and other
// Unixes, %APPDATA%\gosdesk on Windows, ~/Library/Application
// Support/gosdesk on macOS.
func DefaultDir() (string, error) {
	if d := os.Getenv(DataDirVar); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios":
		base, err := os.UserConfigDir() // %APPDATA% on Windows
		if err != nil {
			return "", bilingual(CodeOpen, err, "не найдена папка данных пользователя", "no user data folder")
		}
		return filepath.Join(base, "gosdesk"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gosdesk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", bilingual(CodeOpen, err, "не найдена домашняя папка", "no home folder")
	}
	return filepath.Join(home, ".local", "share", "gosdesk"), nil
}

// DefaultPath is DefaultDir()/journal.db.
func DefaultPath() (string, error) {
	d, err := DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, FileName), nil
}

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// Now is the clock stamped on every record (time.Now when nil); tests
	// and the workflow may pass the sandbox's clock.
	Now func() time.Time
	// ReadOnly opens an existing journal without writing to it (no
	// migrations): gosctl journal export on a copy, for example.
	ReadOnly bool
	// BusyTimeout replaces the package's BusyTimeout when > 0.
	BusyTimeout time.Duration
}

// Journal is an open journal file. It is safe for concurrent use by many
// goroutines; several processes may open the same file.
type Journal struct {
	db     *sql.DB
	path   string
	now    func() time.Time
	ro     bool
	closed atomic.Bool
}

// Open opens (creating it and its folder when missing) the journal at path
// and brings its schema up to date. A journal written by a newer gosdesk
// is refused with ErrTooNew and left untouched.
func Open(path string) (*Journal, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, o Options) (*Journal, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, &Error{Code: CodeOpen, Detail: path, Err: i18n.New("недопустимое имя файла («?» и «#» не допускаются)", "invalid file name (no «?» or «#»)")}
	}
	if !o.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, newErr(CodeOpen, path, err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, newErr(CodeOpen, path, err)
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = BusyTimeout
	}
	db, err := sql.Open("sqlite", dsn(path, o.ReadOnly, o.BusyTimeout))
	if err != nil {
		return nil, newErr(CodeOpen, path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	j := &Journal{db: db, path: path, now: o.Now, ro: o.ReadOnly}
	if j.now == nil {
		j.now = time.Now
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, newErr(CodeOpen, path, err)
	}
	if o.ReadOnly {
		v, err := schemaVersion(context.Background(), db)
		if err == nil && v > len(migrations) {
			err = tooNew(v)
		}
		if err != nil {
			db.Close()
			return nil, err
		}
		return j, nil
	}
	if err := migrate(context.Background(), db); err != nil {
		db.Close()
		return nil, err
	}
	return j, nil
}

// dsn builds the modernc.org/sqlite data source name: WAL (readers never
// block the writer, a crash never corrupts), synchronous=FULL (a committed
// step survives power loss: the write-ahead record of a network call must
// not vanish), busy timeout (another process holding the lock is waited
// for), foreign keys, and BEGIN IMMEDIATE for write transactions (no
// deadlock between two writers upgrading read locks).
func dsn(path string, ro bool, busy time.Duration) string {
	q := "?_pragma=busy_timeout(" + strconv.Itoa(int(busy/time.Millisecond)) + ")" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)" +
		"&_txlock=immediate"
	if ro {
		// A URI: an absolute path with forward slashes, "/C:/…" on
		// Windows (SQLite drops the slash before a drive letter); only % is
		// special in it here (? and # are refused by OpenWith).
		p := path
		if abs, err := filepath.Abs(path); err == nil {
			p = abs
		}
		p = filepath.ToSlash(p)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return "file:" + strings.ReplaceAll(p, "%", "%25") + q + "&mode=ro"
	}
	return path + q + "&_pragma=journal_mode(WAL)"
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// DB gives the underlying database for packages that keep their own
// tables in the journal file (create them with CREATE TABLE IF NOT
// EXISTS, prefixed with the package name). Do not touch the journal's own
// tables through it.
func (j *Journal) DB() *sql.DB { return j.db }

// Close closes the journal; later calls return ErrClosed.
func (j *Journal) Close() error {
	if j.closed.Swap(true) {
		return nil
	}
	if err := j.db.Close(); err != nil {
		return newErr(CodeStorage, j.path, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and PRAGMA
// foreign_key_check; it returns ErrCorrupt with SQLite's findings when
// either reports a problem.
func (j *Journal) IntegrityCheck(ctx context.Context) error {
	if j.closed.Load() {
		return ErrClosed
	}
	rows, err := j.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return newErr(CodeCorrupt, j.path, err)
	}
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return newErr(CodeCorrupt, j.path, err)
		}
		if s != "ok" {
			found = append(found, s)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return newErr(CodeCorrupt, j.path, err)
	}
	rows.Close()
	fk, err := j.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return newErr(CodeCorrupt, j.path, err)
	}
	for fk.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err == nil {
			found = append(found, "foreign key: "+table+" → "+parent)
		}
	}
	fk.Close()
	// The text index against its table (FTS5's integrity-check command
	// changes nothing but needs a writable connection).
	if !j.ro {
		if _, err := j.db.ExecContext(ctx, `INSERT INTO applications_fts(applications_fts) VALUES ('integrity-check')`); err != nil {
			found = append(found, "search index: "+err.Error())
		}
	}
	if len(found) > 0 {
		return newErr(CodeCorrupt, j.path+": "+strings.Join(found, "; "), nil)
	}
	return nil
}

// tx runs f in one write transaction (BEGIN IMMEDIATE), committed when f
// returns nil.
func (j *Journal) tx(ctx context.Context, f func(*sql.Tx) error) error {
	if j.closed.Load() {
		return ErrClosed
	}
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return storageErr(err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return storageErr(err)
	}
	return nil
}

// storageErr wraps a driver error unless it already is a journal error.
func storageErr(err error) error {
	if err == nil {
		return nil
	}
	var je *Error
	if errors.As(err, &je) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return newErr(CodeNotFound, "", nil)
	}
	if err.Error() == "sql: database is closed" { // database/sql's unexported errDBClosed
		return ErrClosed
	}
	return newErr(CodeStorage, "", err)
}

// ms stores a time as Unix milliseconds (0 for the zero time).
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func (j *Journal) stamp() int64 { return ms(j.now()) }
