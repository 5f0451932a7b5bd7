package sandbox_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strconv"

	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

func itoa(n int) string { return strconv.Itoa(n) }

func jsonField(body, field string) string {
	var m map[string]any
	json.Unmarshal([]byte(body), &m)
	s, _ := m[field].(string)
	return s
}

func newMultipart(b *bytes.Buffer, fields map[string]string, file []byte) string {
	mw := multipart.NewWriter(b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "a.zip")
		fw.Write(file)
	}
	mw.Close()
	return mw.FormDataContentType()
}

func newOrgTS(srv *sandbox.Server) (*esia.OrgTokenSource, error) {
	return esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: srv.URL(), APIKey: srv.Credentials().APIKey, Signer: srv.EmployeeSigner(), Logger: quiet()})
}
