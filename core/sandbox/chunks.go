package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

func chunkError(w http.ResponseWriter, format string, a ...any) {
	apiError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf(format, a...))
}

// POST /api/gusmev/push/chunked (spec v1.13 §2.1.3): chunk numbers 0…n−1,
// chunk 0 first and the last one last, all within 5 minutes of the first,
// non-last chunks 5,000,000…50,000,000 bytes, last ≤ 50,000,000; 206 for
// a non-last chunk and 200 for the last one, each with {"orderId"}.
func (s *Server) handleChunk(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w)
		return
	}
	p, ok := s.auth(w, r)
	if !ok {
		return
	}
	f, err := s.readForm(r, maxChunk)
	if err != nil {
		chunkError(w, "%s", err.Error())
		return
	}
	defer f.cleanup()
	idS, ok := f.fields["orderId"]
	if !ok {
		chunkError(w, "Не передан обязательный параметр orderId")
		return
	}
	id, err := strconv.ParseInt(idS, 10, 64)
	if err != nil || id <= 0 {
		chunkError(w, "orderId должен быть числом")
		return
	}
	if f.file == "" {
		chunkError(w, "Не передан обязательный параметр file")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookupLocked(w, p, id)
	if !ok {
		return
	}
	if !s.canPushLocked(w, p) {
		return
	}
	if o.Uploaded {
		chunkError(w, "Заявление %d уже отправлено", id)
		return
	}
	// meta: mandatory per Таблица 10 of v1.13, yet omitted by the §5.2
	// example and by common clients: accepted with or without; when
	// present it must match the order.
	if ms, ok := f.fields["meta"]; ok {
		m, err := parseMeta([]byte(ms))
		if err != nil {
			chunkError(w, "%s", err.Error())
			return
		}
		if m.ServiceCode != o.Service || m.TargetCode != o.Target || m.Region != o.Region {
			chunkError(w, "meta не соответствует заявлению %d", id)
			return
		}
	}
	chunksS, hasChunks := f.fields["chunks"]
	if !hasChunks && s.opts.Lenient {
		chunksS, hasChunks = f.fields["chanks"] // typo of a public Postman collection
	}
	chunkS, hasChunk := f.fields["chunk"]
	now := s.clock.Now()
	sess := o.Chunk
	if sess != nil && now.Sub(sess.Started) > chunkWindow {
		s.dropSessionLocked(o)
		chunkError(w, "Истекло время передачи частей архива (5 минут с первой части)")
		return
	}
	var n, i int
	switch {
	case !hasChunks && !hasChunk:
		if sess == nil {
			n, i = 1, 0 // single chunk: chunk/chunks optional (Таблица 10, footnote)
		} else if s.opts.Lenient {
			n, i = sess.Chunks, nextMissing(sess) // §5.2 example style
		} else {
			chunkError(w, "Параметры chunk и chunks обязательны, если архив передаётся несколькими частями")
			return
		}
	case !hasChunks:
		chunkError(w, "Не передан параметр chunks")
		return
	case !hasChunk:
		chunkError(w, "Не передан параметр chunk")
		return
	default:
		n, err = strconv.Atoi(chunksS)
		if err != nil || n < 1 {
			chunkError(w, "chunks должен быть положительным числом")
			return
		}
		i, err = strconv.Atoi(chunkS)
		if err != nil {
			chunkError(w, "chunk должен быть числом")
			return
		}
		if s.opts.Lenient && sess == nil && i == 1 || s.opts.Lenient && sess != nil && sess.oneBased() {
			i-- // 1-based numbering of the spec examples
		}
		if i < 0 || i >= n {
			chunkError(w, "Номер части %s вне диапазона 0…%d", chunkS, n-1)
			return
		}
	}
	last := i == n-1
	if sess == nil {
		if i != 0 {
			chunkError(w, "Первой должна передаваться часть 0")
			return
		}
	} else {
		if n != sess.Chunks {
			chunkError(w, "chunks=%d отличается от ранее переданного %d", n, sess.Chunks)
			return
		}
		if _, dup := sess.Received[i]; dup {
			chunkError(w, "Часть %d уже передана", i)
			return
		}
		if last && len(sess.Received) != n-1 {
			chunkError(w, "Последняя часть должна передаваться последней: получено %d из %d", len(sess.Received), n-1)
			return
		}
	}
	if f.tooBig {
		chunkError(w, "Размер части превышает 50 000 000 байт")
		return
	}
	if !last && f.fileSize < minChunk {
		chunkError(w, "Размер части %d меньше 5 000 000 байт", i)
		return
	}
	dir := s.orderDir(o.ID)
	os.MkdirAll(dir, 0o700)
	if sess == nil {
		sess = &chunkSession{Chunks: n, Started: now, Received: map[int]string{}, Sizes: map[int]int64{}}
		sess.OneBased = s.opts.Lenient && chunkS == "1"
		o.Chunk = sess
	}
	part := filepath.Join(dir, fmt.Sprintf("part-%06d", i))
	if err := os.Rename(f.file, part); err != nil {
		apiError(w, http.StatusInternalServerError, "internal_error", "не удалось сохранить часть")
		return
	}
	f.file = ""
	sess.Received[i] = part
	sess.Sizes[i] = f.fileSize
	if !last {
		s.saveLocked()
		writeJSON(w, http.StatusPartialContent, map[string]int64{"orderId": o.ID})
		return
	}
	archive := filepath.Join(dir, "archive.zip")
	if err := concatParts(sess, archive); err != nil {
		apiError(w, http.StatusInternalServerError, "internal_error", "не удалось собрать архив")
		return
	}
	s.completeUploadLocked(o, archive)
	s.saveLocked()
	writeJSON(w, http.StatusOK, map[string]int64{"orderId": o.ID})
}

func (c *chunkSession) oneBased() bool { return c.OneBased }

func nextMissing(c *chunkSession) int {
	for i := 0; i < c.Chunks; i++ {
		if _, ok := c.Received[i]; !ok {
			return i
		}
	}
	return c.Chunks
}

func (s *Server) dropSessionLocked(o *order) {
	if o.Chunk != nil {
		for _, p := range o.Chunk.Received {
			if p != "" {
				os.Remove(p)
			}
		}
	}
	o.Chunk = nil
}

func concatParts(c *chunkSession, dst string) error {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	for i := 0; i < c.Chunks; i++ {
		in, err := os.Open(c.Received[i])
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		in.Close()
		os.Remove(c.Received[i])
		if err != nil {
			return err
		}
	}
	return nil
}
