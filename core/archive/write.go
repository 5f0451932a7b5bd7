package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/xsd"
)

// sigJob is one signature being made of the file being written.
type sigJob struct {
	name   string // signature file name
	signer keystore.Signer
	desc   string
	pw     *io.PipeWriter
	done   chan struct{}
	sig    []byte
	err    error
}

// pack implements Pack.
func pack(ctx context.Context, spec Spec) (_ *Archive, err error) {
	svc, items, probs := prepare(spec, true)
	if len(probs) > 0 {
		return nil, probs
	}
	dir := spec.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "gosdesk-"+svc.Code+"-*.zip")
	if err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	now := spec.SigningTime
	if now.IsZero() {
		now = time.Now()
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	zw := zip.NewWriter(bw)
	var total int64
	for _, it := range items {
		total += it.size
	}
	pr := &progress{fn: spec.Progress, total: total}
	pr.report(StageCheck, "")

	// Co-signatures by document, with their file names.
	cos := map[string][]Cosignature{}
	for _, c := range spec.Cosignatures {
		n := len(cos[c.Document])
		if c.SigName == "" {
			c.SigName = fmt.Sprintf("%s.%d.sig", c.Document, n+2)
		}
		if c.Description == "" {
			c.Description = subjectName(c.Signer)
		}
		cos[c.Document] = append(cos[c.Document], c)
	}
	var entries []Entry
	var config []signedDocument
	used := map[string]bool{}
	for _, it := range items {
		used[it.in.Name] = true
	}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, newError(CodeIO, "", err, "")
		}
		var jobs []*sigJob
		if svc.Signed {
			jobs = append(jobs, &sigJob{name: it.in.Name + ".sig", signer: spec.Signer, desc: subjectName(spec.Signer)})
			for _, c := range cos[it.in.Name] {
				jobs = append(jobs, &sigJob{name: c.SigName, signer: c.Signer, desc: c.Description})
			}
			for _, j := range jobs {
				if used[j.name] {
					return nil, Problems{newError(CodeDuplicate, j.name, nil, "")}
				}
				used[j.name] = true
			}
		}
		if err := writeFile(ctx, zw, it, jobs, spec, now, pr); err != nil {
			return nil, err
		}
		e := Entry{Name: it.in.Name, Role: it.file.Role, Size: it.size}
		for _, j := range jobs {
			if err := writeBytes(zw, j.name, j.sig, now, zip.Deflate); err != nil {
				return nil, err
			}
			e.Signatures = append(e.Signatures, j.name)
			entries = append(entries, Entry{Name: j.name, Role: xsd.RoleSignature, Size: int64(len(j.sig))})
		}
		entries = append(entries, e)
		if len(jobs) > 1 {
			d := signedDocument{FileName: it.in.Name}
			for _, j := range jobs {
				d.Signs = append(d.Signs, signData{FileName: j.name, Description: j.desc})
			}
			config = append(config, d)
		}
	}
	if len(config) > 0 {
		data, err := signConfigXML(config)
		if err != nil {
			return nil, newError(CodeIO, SignConfigName, err, "")
		}
		it := &item{in: Input{Name: SignConfigName, Data: data}, data: data, size: int64(len(data))}
		it.file, _ = svc.FileFor(SignConfigName)
		job := &sigJob{name: SignConfigName + ".sig", signer: spec.Signer}
		if err := writeFile(ctx, zw, it, []*sigJob{job}, spec, now, pr); err != nil {
			return nil, err
		}
		if err := writeBytes(zw, job.name, job.sig, now, zip.Deflate); err != nil {
			return nil, err
		}
		entries = append(entries, Entry{Name: SignConfigName, Role: it.file.Role, Size: it.size, Signatures: []string{job.name}},
			Entry{Name: job.name, Role: xsd.RoleSignature, Size: int64(len(job.sig))})
	}
	if err := zw.Close(); err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	if err := bw.Flush(); err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	if err := f.Sync(); err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	st, err := f.Stat()
	if err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	if err := f.Close(); err != nil {
		return nil, newError(CodeIO, "", err, "")
	}
	pr.report(StageDone, "")
	a := &Archive{Path: f.Name(), Size: st.Size(), Service: svc.Code, OrderID: spec.OrderID, Entries: entries}
	a.Route = ChooseRoute(a.Size, NeedsOrderID(svc, spec.Files))
	return a, nil
}

// writeFile streams one file into the archive and, in the same pass, into
// each signature job (io.Pipe to a goroutine that signs): the file is read
// once whatever its size.
func writeFile(ctx context.Context, zw *zip.Writer, it *item, jobs []*sigJob, spec Spec, now time.Time, pr *progress) error {
	rc, err := it.open()
	if err != nil {
		return ioError(it.in.Name, err)
	}
	defer rc.Close()
	head, _ := it.head()
	method := zip.Deflate
	switch xsd.DetectType(head) {
	case xsd.TypeJPEG, xsd.TypePNG, xsd.TypePDF, xsd.TypeZIP, xsd.TypeGIF:
		method = zip.Store // compressed already: deflate would only cost time
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: it.in.Name, Method: method, Modified: now})
	if err != nil {
		return newError(CodeIO, it.in.Name, err, "")
	}
	writers := []io.Writer{w}
	opts := &cms.SignOptions{SigningTime: spec.SigningTime, Chain: spec.Chain}
	for _, j := range jobs {
		pipeR, pipeW := io.Pipe()
		j.pw, j.done = pipeW, make(chan struct{})
		writers = append(writers, pipeW)
		go func(j *sigJob) {
			defer close(j.done)
			j.sig, j.err = keystore.SignCMS(ctx, j.signer, pipeR, opts)
			if j.err == nil {
				// drain: a signer that stopped early must not block the writer
				_, _ = io.Copy(io.Discard, pipeR)
			}
			pipeR.CloseWithError(fmt.Errorf("signature finished"))
		}(j)
	}
	stage := StageWrite
	if len(jobs) > 0 {
		stage = StageSign
	}
	pr.report(stage, it.in.Name)
	_, copyErr := io.Copy(io.MultiWriter(writers...), &ctxReader{ctx: ctx, r: rc, pr: pr, stage: stage, file: it.in.Name})
	for _, j := range jobs {
		if copyErr != nil {
			j.pw.CloseWithError(copyErr)
		} else {
			j.pw.Close()
		}
		<-j.done
	}
	for _, j := range jobs {
		if j.err != nil {
			if ctx.Err() != nil {
				return newError(CodeIO, it.in.Name, ctx.Err(), "")
			}
			return newError(CodeSign, it.in.Name, j.err, "")
		}
	}
	if copyErr != nil {
		if ctx.Err() != nil {
			return newError(CodeIO, it.in.Name, ctx.Err(), "")
		}
		return newError(CodeIO, it.in.Name, copyErr, "")
	}
	return nil
}

// writeBytes adds a small in-memory file to the archive.
func writeBytes(zw *zip.Writer, name string, data []byte, now time.Time, method uint16) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: now})
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		return newError(CodeIO, name, err, "")
	}
	return nil
}

// subjectName is the common name of a signer's certificate.
func subjectName(s keystore.Signer) string {
	if s == nil || s.Certificate() == nil {
		return ""
	}
	if cn := s.Certificate().Subject.CommonName; cn != "" {
		return "Подпись: " + cn
	}
	return "Подпись"
}

// sign_config.xml (API ЕПГУ v1.13 Прил. 5).
type signData struct {
	FileName    string `xml:"signFileName"`
	Description string `xml:"signFileDescription,omitempty"`
}

type signedDocument struct {
	FileName string     `xml:"documentFileName"`
	Signs    []signData `xml:"signData"`
}

func signConfigXML(docs []signedDocument) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "\t")
	err := enc.Encode(struct {
		XMLName xml.Name         `xml:"signedAttachments"`
		Docs    []signedDocument `xml:"signedDocument"`
	}{Docs: docs})
	b.WriteByte('\n')
	return b.Bytes(), err
}

// progress reports bytes done.
type progress struct {
	fn          func(Progress)
	done, total int64
	last        int64
}

func (p *progress) report(s Stage, file string) {
	if p.fn != nil {
		p.fn(Progress{Stage: s, File: file, Done: p.done, Total: p.total})
	}
}

// ctxReader stops on cancellation and counts progress.
type ctxReader struct {
	ctx   context.Context
	r     io.Reader
	pr    *progress
	stage Stage
	file  string
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(b)
	c.pr.done += int64(n)
	if c.pr.done-c.pr.last >= 1<<20 {
		c.pr.last = c.pr.done
		c.pr.report(c.stage, c.file)
	}
	return n, err
}
