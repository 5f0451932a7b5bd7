package workflow

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// extractResult opens a downloaded ZIP with the safe extractor (zip-slip,
// links, entry count, expansion ratio, total size) into <file>.files/
// and records a verdict for every signature inside.
func (c *Core) extractResult(ctx context.Context, rf *ResultFile) {
	if !isZip(rf.Path) {
		return
	}
	dir := strings.TrimSuffix(rf.Path, filepath.Ext(rf.Path)) + ".files"
	res, err := archive.OpenResult(ctx, rf.Path, dir, archive.DefaultLimits, archive.VerifyOptions{Time: c.now()})
	if err != nil {
		rf.Verdict = i18n.Message(err)
		return
	}
	verdict := map[string]archive.Verdict{}
	for _, v := range res.Verdicts {
		verdict[v.Signature] = v
		if v.File != "" {
			verdict[v.File] = v
		}
	}
	for _, f := range res.Files {
		x := ResultFile{Name: f.Name, Path: f.Path, Bytes: f.Size}
		if v, ok := verdict[f.Name]; ok {
			x.Signed, x.Valid = true, v.Valid
			switch {
			case v.Valid:
				x.Verdict = i18n.T("подпись верна", "signature valid")
				if v.Signer != "" {
					x.Verdict += ": " + v.Signer
				}
				if len(v.Warnings) > 0 {
					x.Verdict += " (" + strings.Join(v.Warnings, "; ") + ")"
				}
			case v.Err != nil:
				x.Verdict = i18n.Message(v.Err)
			default:
				x.Verdict = i18n.T("подпись не прошла проверку", "signature does not verify")
			}
		}
		rf.Extracted = append(rf.Extracted, x)
	}
}

func isZip(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	n, _ := f.Read(b[:])
	return n == 4 && string(b[:]) == "PK\x03\x04"
}

func (c *Core) recordResults(env string, id int64, files []ResultFile) {
	if c.store == nil {
		return
	}
	for _, f := range files {
		if err := c.store.AddResult(env, id, f); err != nil {
			c.log.WithError(err).Warn("workflow: the journal did not take a result file")
		}
	}
}
