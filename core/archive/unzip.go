package archive

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// norm fills the zero fields of lim from DefaultLimits.
func (lim Limits) norm() Limits {
	if lim.MaxEntries <= 0 {
		lim.MaxEntries = DefaultLimits.MaxEntries
	}
	if lim.MaxFileSize <= 0 {
		lim.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if lim.MaxTotalSize <= 0 {
		lim.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if lim.MaxRatio <= 0 {
		lim.MaxRatio = DefaultLimits.MaxRatio
	}
	return lim
}

// ratioFloor: entries up to this size are not checked for their
// expansion ratio (a small file of zeros compresses a lot, harmlessly).
const ratioFloor = 1 << 20

// safeName checks an entry name of a result archive and returns it
// cleaned ("" with ok for a folder entry to create).
func safeName(name string) (clean string, dir bool, ok bool) {
	if name == "" || strings.ContainsAny(name, "\\\x00") {
		return "", false, false
	}
	if strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':' && unicode.IsLetter(rune(name[0]))) {
		return "", false, false
	}
	dir = strings.HasSuffix(name, "/")
	for _, el := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if el == ".." || el == "." || el == "" {
			return "", false, false
		}
		for _, r := range el {
			if unicode.IsControl(r) {
				return "", false, false
			}
		}
	}
	clean = path.Clean(name)
	return clean, dir, true
}

// extract implements Extract.
func extract(ctx context.Context, zipPath, dir string, lim Limits) (_ []ExtractedFile, err error) {
	lim = lim.norm()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, newError(CodeNotZip, filepath.Base(zipPath), err, "")
	}
	defer zr.Close()
	if len(zr.File) > lim.MaxEntries {
		return nil, newErrorBi(CodeTooManyEntries, filepath.Base(zipPath), nil, "%d при допустимых %d", "%d, at most %d allowed", len(zr.File), lim.MaxEntries)
	}
	// Everything is checked before anything is written.
	type job struct {
		zf   *zip.File
		name string
	}
	var jobs []job
	var dirs []string
	seen := map[string]bool{}
	var declared uint64
	for _, zf := range zr.File {
		name, isDir, ok := safeName(zf.Name)
		if !ok {
			return nil, newError(CodeUnsafeEntry, zf.Name, nil, "")
		}
		mode := zf.Mode()
		switch {
		case isDir || mode.IsDir():
			dirs = append(dirs, name)
			continue
		case !mode.IsRegular():
			return nil, newErrorBi(CodeUnsafeEntry, zf.Name, nil, "не обычный файл (%s)", "not a regular file (%s)", mode.Type())
		}
		key := strings.ToLower(name)
		if seen[key] {
			return nil, newErrorBi(CodeUnsafeEntry, zf.Name, nil, "имя повторяется", "duplicate name")
		}
		seen[key] = true
		if zf.UncompressedSize64 > uint64(lim.MaxFileSize) {
			return nil, newError(CodeResultTooLarge, zf.Name, nil, "")
		}
		declared += zf.UncompressedSize64
		if declared > uint64(lim.MaxTotalSize) {
			return nil, newError(CodeResultTooLarge, filepath.Base(zipPath), nil, "")
		}
		if zf.UncompressedSize64 > ratioFloor && (zf.CompressedSize64 == 0 || zf.UncompressedSize64/zf.CompressedSize64 > uint64(lim.MaxRatio)) {
			return nil, newError(CodeExpansion, zf.Name, nil, "")
		}
		jobs = append(jobs, job{zf, name})
	}
	// A file and a folder of the same name cannot both exist.
	for _, d := range dirs {
		if seen[strings.ToLower(d)] {
			return nil, newErrorBi(CodeUnsafeEntry, d, nil, "имя повторяется", "duplicate name")
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, newError(CodeIO, dir, err, "")
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, newError(CodeIO, dir, err, "")
	}
	var out []ExtractedFile
	defer func() {
		if err != nil {
			for _, f := range out {
				os.Remove(f.Path)
			}
		}
	}()
	var total int64
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return nil, newError(CodeIO, "", err, "")
		}
		target := filepath.Join(root, filepath.FromSlash(j.name))
		if err := inside(root, filepath.Dir(target)); err != nil {
			return nil, newError(CodeUnsafeEntry, j.zf.Name, err, "")
		}
		n, werr := writeEntry(ctx, j.zf, root, target, lim, total)
		total += n
		if werr != nil {
			var e *Error
			if errors.As(werr, &e) {
				return nil, werr
			}
			return nil, newError(CodeIO, j.zf.Name, werr, "")
		}
		out = append(out, ExtractedFile{Name: j.name, Path: target, Size: n})
	}
	return out, nil
}

// inside makes the folders up to d under root and checks that no link
// leads out of root.
func inside(root, d string) error {
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(d)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return errors.New("path leads out of the folder")
	}
	return nil
}

// writeEntry writes one file, counting the real bytes against the limits.
func writeEntry(ctx context.Context, zf *zip.File, root, target string, lim Limits, total int64) (int64, error) {
	if fi, err := os.Lstat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return 0, newErrorBi(CodeUnsafeEntry, zf.Name, nil, "в папке уже есть ссылка или папка с таким именем", "the folder already holds a link or folder of this name")
		}
		if err := os.Remove(target); err != nil {
			return 0, err
		}
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, newError(CodeNotZip, zf.Name, err, "")
	}
	defer rc.Close()
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	max := lim.MaxFileSize
	if rest := lim.MaxTotalSize - total; rest < max {
		max = rest
	}
	n, err := io.Copy(f, &ctxReader{ctx: ctx, r: io.LimitReader(rc, max+1), pr: &progress{}})
	cerr := f.Close()
	if err == nil {
		err = cerr
	}
	if err == nil && n > max {
		err = newError(CodeResultTooLarge, zf.Name, nil, "")
	}
	if err == nil && n > ratioFloor && (zf.CompressedSize64 == 0 || uint64(n)/zf.CompressedSize64 > uint64(lim.MaxRatio)) {
		err = newError(CodeExpansion, zf.Name, nil, "")
	}
	if err != nil {
		os.Remove(target)
		var e *Error
		if !errors.As(err, &e) && (errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF)) {
			err = newError(CodeNotZip, zf.Name, err, "")
		}
		return n, err
	}
	return n, nil
}
