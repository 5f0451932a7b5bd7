package cms_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
)

func Example() {
	// A test CA and a signer with a qualified-certificate subject.
	ca, _ := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "Тестовый УЦ"}}, nil, nil)
	cert, key, _ := ca.IssueKey(pki.Template{Subject: pki.Name{
		CommonName: "Иванов Иван Иванович", INN: "500100732259", SNILS: "11223344595"}}, gost3410.CurveTC26256B)

	// Detached CAdES-BES, DER.
	sig, err := cms.Sign(strings.NewReader("документ"), key, cert, nil)
	if err != nil {
		panic(err)
	}

	res, err := cms.VerifyWithOptions(sig, cms.VerifyOptions{
		Content: strings.NewReader("документ"),
		Roots:   pki.NewTrustStore(ca.Certificate),
	})
	if err != nil {
		panic(err)
	}
	s := res.Signers[0]
	fmt.Println(res.Valid(), s.Certificate.Subject.INN, len(s.CertificateWarnings))

	// Another document: the signature does not match.
	res, _ = cms.Verify(sig, bytes.NewReader([]byte("другой документ")))
	fmt.Println(res.Valid(), res.Err())
	// Output:
	// true 500100732259 0
	// false подпись не соответствует документу
}
