package workflow

import (
	"context"
	"path/filepath"
	"strings"
)

// goskeyServices are the Госключ services of the catalog.
var goskeyServices = map[string]bool{"10000000374": true, "60025907": true, "60080470": true}

func (s *Session) sendToGoskey(ctx context.Context, r GoskeyRequest) (*SubmitResult, error) {
	code := r.Service
	if code == "" {
		code = "10000000374"
	}
	if !goskeyServices[code] {
		return nil, inputf("услуга %s не относится к Госключу (10000000374, 60025907, 60080470)", "service %s is not a Goskey service (10000000374, 60025907, 60080470)", code)
	}
	svc, err := lookupService(code)
	if err != nil {
		return nil, err
	}
	if len(r.Documents) == 0 {
		return nil, inputf("нет документов на подпись", "no documents to sign")
	}
	set := map[string]string{}
	for k, v := range r.Values {
		set[k] = v
	}
	if _, ok := set["mimeType"]; !ok {
		set["mimeType"] = mimeOf(r.Documents[0])
	}
	req, err := svc.FillTemplate("req", s.core.now(), set)
	if err != nil {
		return nil, &InputError{Text: textOf(err), Err: err}
	}
	return s.Submit(ctx, Application{Service: code, Documents: []Document{{Name: "req.xml", Data: req}}, Attachments: r.Documents,
		Title: "Госключ: " + filepath.Base(r.Documents[0]), Applicant: set["snils"]})
}

func mimeOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pdf":
		return "application/pdf"
	case ".xml":
		return "application/xml"
	case ".txt":
		return "text/plain"
	case ".tif", ".tiff":
		return "image/tiff"
	}
	return "application/octet-stream"
}
