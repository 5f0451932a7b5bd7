package xsd

import (
	"bytes"
	"cmp"
	"io"
	"slices"
	"unicode/utf8"
)

// Columns count characters (Unicode code points: a tab, a Cyrillic
// letter, an emoji are one each), as the editor and core/xmlschema count
// them; a UTF-8 BOM is not counted. encoding/xml counts bytes, so the
// field rules and CodedValues keep the byte offset of each position they
// report and convert its column when they are done, reading the start of
// its line again: from memory, by seeking back, or from the copy of a
// stream kept as it was read. Nothing is converted while reading: a
// document with nothing to report costs one offset per element.

// reread is a document being read by encoding/xml that can be read
// again.
type reread struct {
	doc   []byte        // the document in memory, or all of it once read again
	seek  io.ReadSeeker // else a reader that can seek back to start
	start int64
	seen  *bytes.Buffer // else a copy of what was read
	rest  io.Reader     // the unread part of a stream
	limit int64
	buf   []byte
}

// rereadable returns the reader to decode in (at most limit bytes of it)
// and how to read it again.
func rereadable(in io.Reader, limit int64) (io.Reader, *reread) {
	lr := io.LimitReader(in, limit)
	if s, ok := in.(io.ReadSeeker); ok {
		if start, err := s.Seek(0, io.SeekCurrent); err == nil {
			return lr, &reread{seek: s, start: start, limit: limit}
		}
	}
	seen := new(bytes.Buffer)
	return io.TeeReader(lr, seen), &reread{seen: seen, rest: lr, limit: limit}
}

// inMemory is the reread of doc.
func inMemory(doc []byte) *reread { return &reread{doc: doc, limit: int64(len(doc))} }

// all returns the whole document (up to the limit); nil when it cannot be
// read again.
func (r *reread) all() []byte {
	switch {
	case r.doc != nil:
	case r.seek != nil:
		if _, err := r.seek.Seek(r.start, io.SeekStart); err != nil {
			return nil
		}
		r.doc, _ = io.ReadAll(io.LimitReader(r.seek, r.limit))
	default:
		rest, _ := io.ReadAll(r.rest)
		r.doc = append(r.seen.Bytes(), rest...)
	}
	return r.doc
}

// span returns n bytes of the document at offset off, already read (fewer
// or none when it cannot be read again).
func (r *reread) span(off, n int64) []byte {
	switch {
	case r.doc != nil:
		return r.doc[min(off, int64(len(r.doc))):min(off+n, int64(len(r.doc)))]
	case r.seek != nil:
		if _, err := r.seek.Seek(r.start+off, io.SeekStart); err != nil {
			return nil
		}
		if int64(cap(r.buf)) < n {
			r.buf = make([]byte, n)
		}
		k, _ := io.ReadFull(r.seek, r.buf[:n])
		return r.buf[:k]
	default:
		b := r.seen.Bytes()
		return b[min(off, int64(len(b))):min(off+n, int64(len(b)))]
	}
}

// bytePos is a reported position: its line, its column in bytes (changed
// to characters by charColumns) and the offset of that byte.
type bytePos struct {
	col *int
	off int64
}

var bom = []byte("\xEF\xBB\xBF")

// charColumns turns the byte columns of ps into characters. Positions on
// one line are converted from the one before (in document order), so
// each byte is read again at most once.
func (r *reread) charColumns(ps []bytePos) {
	ps = slices.DeleteFunc(ps, func(p bytePos) bool { return p.off < 0 || *p.col < 1 || int64(*p.col-1) > p.off })
	slices.SortStableFunc(ps, func(a, b bytePos) int { return cmp.Compare(a.off, b.off) })
	var seek io.ReadSeeker
	var back int64
	if r.doc == nil && r.seek != nil {
		if cur, err := r.seek.Seek(0, io.SeekCurrent); err == nil {
			seek, back = r.seek, cur
		}
	}
	lastLine, lastOff, lastCol := int64(-1), int64(0), 0
	for _, p := range ps {
		lineStart := p.off - int64(*p.col-1)
		from, col := lineStart, 1
		if lineStart == lastLine {
			from, col = lastOff, lastCol
		}
		b := r.span(from, p.off-from)
		if int64(len(b)) != p.off-from {
			continue // not there: left in bytes
		}
		if from == 0 {
			b = bytes.TrimPrefix(b, bom)
		}
		col += utf8.RuneCount(b)
		lastLine, lastOff, lastCol = lineStart, p.off, col
		*p.col = col
	}
	if seek != nil {
		seek.Seek(back, io.SeekStart)
	}
}
