package archive

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosdesk/gosdesk/xsd"
)

// CheckZip checks a ZIP the user made by hand (gosctl epgu order push
// FILE.zip) before anything is sent or an order number is spent on it
// (issue 13 item 5): an empty file or not a ZIP, folders and nested
// archives, the catalog's file rules (required files, names, empty files,
// sizes, types, files per role), the XML files against their schema or
// field rules, and for services that want signatures a signature for every
// file ("<name>.sig", or as sign_config.xml lists). Signatures are not
// verified here (that needs the portal's trust store). Files the catalog
// does not name are accepted, as the portal does. It returns nil or
// Problems with every problem found.
func CheckZip(service, zipPath string) error {
	svc, ok := xsd.Lookup(service)
	if !ok {
		return Problems{newError(CodeUnknownService, "", nil, "%s", service)}
	}
	base := filepath.Base(zipPath)
	st, err := os.Stat(zipPath)
	if err != nil {
		return Problems{newError(CodeIO, base, err, "")}
	}
	if st.Size() == 0 {
		return Problems{newError(CodeEmptyFile, base, nil, "")}
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return Problems{newError(CodeNotZip, base, err, "")}
	}
	defer zr.Close()
	var probs Problems
	var infos []xsd.FileInfo
	byName := map[string]*zip.File{}
	for _, zf := range zr.File {
		n := zf.Name
		if strings.ContainsAny(n, `/\`) || zf.FileInfo().IsDir() {
			probs = append(probs, newErrorBi(CodeBadName, n, nil, "архив должен быть плоским: папки не допускаются", "the archive must be flat: no folders"))
			continue
		}
		switch strings.ToLower(filepath.Ext(n)) {
		case ".zip", ".rar", ".7z", ".tar", ".gz":
			probs = append(probs, newErrorBi(CodeUnexpectedFile, n, nil, "вложенные архивы не допускаются", "no nested archives"))
			continue
		}
		head, err := readEntry(zf, xsd.SniffLen)
		if err != nil {
			probs = append(probs, newError(CodeNotZip, n, err, ""))
			continue
		}
		byName[n] = zf
		infos = append(infos, xsd.FileInfo{Name: n, Size: int64(zf.UncompressedSize64), Head: head})
	}
	if len(zr.File) == 0 {
		probs = append(probs, newErrorBi(CodeMissingFile, base, nil, "архив пуст", "the archive is empty"))
	}
	for _, p := range svc.CheckFiles(infos) {
		if p.Kind == xsd.ProblemUnknown {
			continue
		}
		probs = append(probs, fromRule(p))
	}
	// XML files
	for _, fi := range infos {
		f, ok := svc.FileFor(fi.Name)
		if !ok || fi.Size == 0 || !(len(f.Schemas) > 0 || f.Rules != "") {
			continue
		}
		data, err := readEntry(byName[fi.Name], maxXMLSize)
		if err != nil {
			probs = append(probs, newError(CodeNotZip, fi.Name, err, ""))
			continue
		}
		if p := validateXML(&item{in: Input{Name: fi.Name}, file: f, data: data}, nil); p != nil {
			probs = append(probs, p)
		}
	}
	if svc.Signed {
		probs = append(probs, missingSignatures(byName)...)
	}
	return probs.err()
}

// missingSignatures lists the files of a signed service's archive that
// have no signature file.
func missingSignatures(byName map[string]*zip.File) Problems {
	listed := map[string]bool{} // signature files named by sign_config.xml
	signedBy := map[string][]string{}
	var probs Problems
	if zf, ok := byName[SignConfigName]; ok {
		data, err := readEntry(zf, maxXMLSize)
		var cfg struct {
			Docs []signedDocument `xml:"signedDocument"`
		}
		if err == nil {
			err = xml.Unmarshal(data, &cfg)
		}
		if err != nil {
			probs = append(probs, newError(CodeInvalidXML, SignConfigName, err, ""))
		}
		for _, d := range cfg.Docs {
			for _, s := range d.Signs {
				n := strings.TrimSpace(s.FileName)
				listed[n] = true
				signedBy[strings.TrimSpace(d.FileName)] = append(signedBy[strings.TrimSpace(d.FileName)], n)
			}
		}
	}
	var names []string
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasSuffix(strings.ToLower(n), ".sig") || listed[n] || n == SignConfigName {
			continue
		}
		sigs := signedBy[n]
		if _, ok := byName[n+".sig"]; ok {
			sigs = append(sigs, n+".sig")
		}
		if len(sigs) == 0 {
			probs = append(probs, newErrorBi(CodeSignatureMissing, n, nil, "нужен файл %s.sig: подпишите файл (gosctl sign) или соберите архив командой submit", "%s.sig is needed: sign the file (gosctl sign) or build the archive with submit", n))
		}
		for _, s := range sigs {
			if _, ok := byName[s]; !ok {
				probs = append(probs, newErrorBi(CodeSignatureMissing, n, nil, "%s (указан в %s)", "%s (listed in %s)", s, SignConfigName))
			}
		}
	}
	return probs
}

// readEntry reads at most max bytes of a ZIP entry.
func readEntry(zf *zip.File, max int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}
