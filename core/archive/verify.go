package archive

import (
	"encoding/xml"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/gosdesk/gosdesk/core/cms"
)

// maxSigSize caps a signature file read into memory.
const maxSigSize = 10 << 20

// verifyFiles implements VerifyFiles.
func verifyFiles(files []ExtractedFile, opts VerifyOptions) []Verdict {
	byName := map[string]ExtractedFile{}
	for _, f := range files {
		byName[f.Name] = f
	}
	// sign_config.xml (in any folder) maps signature names to documents.
	docOf := map[string]string{}
	for _, f := range files {
		if path.Base(f.Name) != SignConfigName {
			continue
		}
		b, err := readCapped(f.Path, maxXMLSize)
		if err != nil {
			continue
		}
		var cfg struct {
			Docs []struct {
				File  string `xml:"documentFileName"`
				Signs []struct {
					File string `xml:"signFileName"`
				} `xml:"signData"`
			} `xml:"signedDocument"`
		}
		if xml.Unmarshal(b, &cfg) != nil {
			continue
		}
		folder := path.Dir(f.Name)
		for _, d := range cfg.Docs {
			for _, s := range d.Signs {
				docOf[path.Join(folder, strings.TrimSpace(s.File))] = path.Join(folder, strings.TrimSpace(d.File))
			}
		}
	}
	var out []Verdict
	for _, f := range files {
		lower := strings.ToLower(f.Name)
		ext := path.Ext(lower)
		if ext != ".sig" && ext != ".p7s" {
			continue
		}
		docName, ok := docOf[f.Name]
		if !ok {
			docName = f.Name[:len(f.Name)-len(ext)]
		}
		v := Verdict{Signature: f.Name}
		doc, ok := byName[docName]
		if !ok {
			v.Err = newErrorBi(CodeSignatureMissing, f.Name, nil, "подписанного файла %s нет в архиве", "the signed file %s is not in the archive", docName)
			out = append(out, v)
			continue
		}
		v.File = doc.Name
		verifyOne(&v, f, doc, opts)
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Signature < out[j].Signature })
	return out
}

// verifyOne verifies the detached signature sig of doc into v.
func verifyOne(v *Verdict, sig, doc ExtractedFile, opts VerifyOptions) {
	der, err := readCapped(sig.Path, maxSigSize)
	if err != nil {
		v.Err = newError(CodeSignatureInvalid, sig.Name, err, "")
		return
	}
	content, err := os.Open(doc.Path)
	if err != nil {
		v.Err = newError(CodeIO, doc.Name, err, "")
		return
	}
	defer content.Close()
	res, err := cms.VerifyWithOptions(der, cms.VerifyOptions{Content: content, Roots: opts.Roots, Time: opts.Time})
	if err != nil {
		v.Err = newError(CodeSignatureInvalid, sig.Name, err, "")
		return
	}
	if len(res.Signers) == 0 {
		v.Err = newError(CodeSignatureInvalid, sig.Name, cms.ErrNoSigners, "")
		return
	}
	valid := res.Valid()
	for _, s := range res.Signers {
		if s.Certificate != nil && v.Signer == "" {
			v.Signer = s.Certificate.Subject.CommonName
			if v.Signer == "" {
				v.Signer = s.Certificate.Subject.String()
			}
			v.SigningTime = s.SigningTime
		}
		for _, w := range s.CertificateWarnings {
			v.Warnings = append(v.Warnings, w.Russian())
		}
		if !s.SignatureValid {
			valid = false
			if v.Err == nil {
				v.Err = newError(CodeSignatureInvalid, sig.Name, s.Err, "")
			}
		}
		if opts.Roots != nil && len(s.Chain) == 0 {
			valid = false
			if v.Err == nil {
				v.Err = newErrorBi(CodeSignatureInvalid, sig.Name, nil, "сертификат подписанта не ведёт к доверенному корневому сертификату", "the signer certificate does not chain to a trusted root")
			}
		}
	}
	v.Valid = valid
	if !valid && v.Err == nil {
		v.Err = newError(CodeSignatureInvalid, sig.Name, nil, "")
	}
}

// readCapped reads a file of at most max bytes.
func readCapped(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, newError(CodeFileTooLarge, path.Base(p), nil, "")
	}
	return b, nil
}
