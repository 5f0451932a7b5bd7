package journal

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Backup writes a consistent copy of the journal to dst with VACUUM INTO:
// safe while the app (or another process) is using the journal, compact,
// and a single self-contained file (no -wal/-shm beside it). The copy is
// made next to dst and renamed into place, so dst is either the previous
// file or a complete copy; an existing dst is replaced.
func (j *Journal) Backup(ctx context.Context, dst string) error {
	if j.closed.Load() {
		return ErrClosed
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return newErr(CodeBackup, dst, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return newErr(CodeBackup, dst, err)
	}
	tmp := abs + ".tmp-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	defer os.Remove(tmp)
	if _, err := j.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return newErr(CodeBackup, dst, err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return newErr(CodeBackup, dst, err)
	}
	return nil
}
