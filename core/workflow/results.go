package workflow

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/pki"
)

// extractResult opens a downloaded ZIP with the safe extractor (zip-slip,
// links, entry count, expansion ratio, total size) into <file>.files/
// and records a verdict for every signature inside.
func (c *Core) extractResult(ctx context.Context, rf *ResultFile, roots *pki.TrustStore) {
	if !isZip(rf.Path) {
		return
	}
	dir := strings.TrimSuffix(rf.Path, filepath.Ext(rf.Path)) + ".files"
	res, err := archive.OpenResult(ctx, rf.Path, dir, archive.DefaultLimits, archive.VerifyOptions{Roots: roots, Time: c.now()})
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
				x.Verdict = validVerdict(roots)
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

// verifyLoose verifies the signatures among downloaded files that are not
// inside a ZIP (the Госключ result: "<doc>" and "<doc>.sig" as separate
// files): one verdict per .sig, recorded on the signature file.
func (c *Core) verifyLoose(files []ResultFile, roots *pki.TrustStore) {
	var ex []archive.ExtractedFile
	for _, f := range files {
		if len(f.Extracted) == 0 {
			ex = append(ex, archive.ExtractedFile{Name: f.Name, Path: f.Path, Size: f.Bytes})
		}
	}
	vs := archive.VerifyFiles(ex, archive.VerifyOptions{Roots: roots, Time: c.now()})
	for _, v := range vs {
		for i := range files {
			if files[i].Name != v.Signature {
				continue
			}
			files[i].Signed, files[i].Valid = true, v.Valid
			switch {
			case v.Valid:
				files[i].Verdict = validVerdict(roots)
				if v.Signer != "" {
					files[i].Verdict += ": " + v.Signer
				}
			case v.Err != nil:
				files[i].Verdict = i18n.Message(v.Err)
			default:
				files[i].Verdict = i18n.T("подпись не прошла проверку", "signature does not verify")
			}
		}
	}
}

// validVerdict is the words for a valid signature: with no trust store
// configured the chain to a root was not checked, and the verdict says so.
func validVerdict(roots *pki.TrustStore) string {
	if roots == nil {
		return i18n.T("подпись верна (цепочка сертификатов не проверена: не задана папка корневых сертификатов, настройка trustDir)",
			"signature valid (certificate chain not checked: no root certificate folder, setting trustDir)")
	}
	return i18n.T("подпись верна", "signature valid")
}
