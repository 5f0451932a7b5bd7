package journal

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
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
	if same(abs, j.path) || same(abs, j.path+"-wal") || same(abs, j.path+"-shm") {
		return &Error{Code: CodeBackup, Detail: dst, Err: i18n.New("копия не может заменить сам журнал — выберите другой файл",
			"the backup cannot replace the journal itself — choose another file")}
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

// same reports whether a and b name the same file (or the same path when
// a does not exist yet).
func same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	ab, err := filepath.Abs(b)
	return err == nil && filepath.Clean(a) == ab
}
