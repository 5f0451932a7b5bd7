package sandbox_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signConfigXML lists sigs as the signatures of doc (spec v1.13 Прил. 5).
func signConfigXML(doc string, sigs ...string) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<signedAttachments>\n <signedDocument>\n  <documentFileName>%s</documentFileName>\n  <documentDescription>Договор</documentDescription>\n", doc)
	for i, s := range sigs {
		fmt.Fprintf(&b, "  <signData><signFileName>%s</signFileName><signFileDescription>Подпись %d</signFileDescription></signData>\n", s, i+1)
	}
	b.WriteString(" </signedDocument>\n</signedAttachments>\n")
	return b.String()
}

// A document with several signatures described by sign_config.xml: every
// listed signature is verified; the signature files are not attachments.
func TestSignConfig(t *testing.T) {
	e := newEnv(t)
	goskey := epgu.OrderMeta{Region: "45000000000", ServiceCode: "10000000374", TargetCode: "-10000000374"}
	emp, other := e.srv.EmployeeSigner(), e.srv.OtherEmployeeSigner()
	req := goskeyReq(t)
	const doc = "%PDF-1.7 договор"
	base := func() [][2]string {
		return [][2]string{{"req.xml", req}, {"req.xml.sig", string(mustSign(t, emp, req))}, {"contract.pdf", doc}}
	}
	withConfig := func(cfg string, files ...[2]string) []byte {
		all := append(base(), files...)
		all = append(all, [2]string{"sign_config.xml", cfg})
		return zipOf(t, all...)
	}
	seller := [2]string{"contract_seller.sig", string(mustSign(t, emp, doc))}
	buyer := [2]string{"contract_buyer.sig", string(mustSign(t, other, doc))}
	two := signConfigXML("contract.pdf", "contract_seller.sig", "contract_buyer.sig")
	fromTemplate := filled(t, "10000000374", "sign_config", 0, "documentFileName", "contract.pdf")
	cases := []struct {
		name string
		arch []byte
		code string
		msg  string
	}{
		{"two signatures by two people", withConfig(two, seller, buyer), "OK", ""},
		{"the catalog's template (one signature <doc>.sig)", withConfig(fromTemplate, [2]string{"contract.pdf.sig", seller[1]}), "OK", ""},
		{"one of the signatures over other content", withConfig(two, seller, [2]string{"contract_buyer.sig", string(mustSign(t, other, "другой документ"))}), "FILES_VERIFICATION_FAILED", "contract_buyer.sig"},
		{"a listed signature missing", withConfig(two, seller), "FILES_VERIFICATION_FAILED", "contract_buyer.sig"},
		{"a listed document missing", withConfig(signConfigXML("absent.pdf", "contract_seller.sig"), seller, [2]string{"contract.pdf.sig", seller[1]}), "VALIDATION_ERROR", "absent.pdf"},
		{"document neither listed nor signed", withConfig(signConfigXML("req.xml", "req.xml.sig"), seller), "FILES_VERIFICATION_FAILED", "contract.pdf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, err := e.c.Push(ctx, goskey, "a.zip", bytes.NewReader(tc.arch), int64(len(tc.arch)))
			require.NoError(t, err)
			require.NoError(t, e.srv.AdvanceClock(time.Minute))
			d, err := e.c.Details(ctx, id)
			require.NoError(t, err)
			require.Equal(t, tc.code, d.Code, d.Message)
			assert.Contains(t, d.Message, tc.msg)
			if tc.code != "OK" {
				return
			}
			names := map[string]bool{}
			for _, f := range d.Order.AttachmentFiles {
				names[f.FileName] = f.HasDigitalSignature
			}
			assert.Equal(t, map[string]bool{"req.xml": true, "contract.pdf": true, "sign_config.xml": false}, names)
		})
	}
}
