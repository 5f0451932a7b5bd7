package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "verify",
		summary: i18n.Text{RU: "проверить подпись CMS/CAdES (ГОСТ)", EN: "verify a CMS/CAdES signature (GOST)"},
		usage:   "[--ca ПАПКА|ФАЙЛ] [--json] ФАЙЛ.sig [ФАЙЛ]",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			ca := fs.String("ca", "", i18n.T("доверенные корневые сертификаты: папка или файл (.cer/.pem/.p7b); тогда проверяется и цепочка",
				"trusted root certificates: a folder or a file (.cer/.pem/.p7b); the chain is then checked too"))
			asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
			return func(e *env, args []string) error {
				if len(args) < 1 || len(args) > 2 {
					return usagef("нужен файл подписи и, для отсоединённой подписи, подписанный файл",
						"need the signature file and, for a detached signature, the signed file")
				}
				return runVerify(e, args, *ca, *asJSON)
			}
		},
	})
}

type verifyJSON struct {
	Valid    bool               `json:"valid"`
	Attached bool               `json:"attached"`
	Signers  []verifySignerJSON `json:"signers"`
}

type verifySignerJSON struct {
	SignatureValid bool      `json:"signatureValid"`
	Error          string    `json:"error,omitempty"`
	Subject        string    `json:"subject,omitempty"`
	INN            string    `json:"inn,omitempty"`
	OGRN           string    `json:"ogrn,omitempty"`
	Serial         string    `json:"serial,omitempty"`
	Thumbprint     string    `json:"thumbprint,omitempty"`
	NotAfter       time.Time `json:"notAfter,omitzero"`
	SigningTime    time.Time `json:"signingTime,omitzero"`
	Warnings       []string  `json:"certificateProblems,omitempty"`
	Chain          []string  `json:"chain,omitempty"`
}

func loadTrust(path string) (*pki.TrustStore, error) {
	ts := pki.NewTrustStore()
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if st.IsDir() {
		return ts, ts.LoadDir(path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	certs, err := pki.ParseCertificates(b)
	if err != nil {
		return nil, err
	}
	ts.AddRoots(certs...)
	return ts, nil
}

func runVerify(e *env, args []string, caPath string, asJSON bool) error {
	sig, err := os.ReadFile(args[0])
	if err != nil {
		return fileError(args[0], err)
	}
	opts := cms.VerifyOptions{}
	if len(args) == 2 {
		f, err := openInput(e, args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		opts.Content = f
	}
	if caPath != "" {
		if opts.Roots, err = loadTrust(caPath); err != nil {
			return err
		}
	}
	sd, err := cms.Parse(sig)
	if err != nil {
		return err
	}
	res, err := sd.Verify(opts)
	if err != nil {
		return err
	}
	report := verifyJSON{Valid: res.Valid(), Attached: !sd.Detached()}
	ok := res.Valid()
	for _, s := range res.Signers {
		j := verifySignerJSON{SignatureValid: s.SignatureValid, SigningTime: s.SigningTime}
		if s.Err != nil {
			j.Error = i18n.Message(s.Err)
		}
		if c := s.Certificate; c != nil {
			j.Subject = c.Subject.String()
			j.INN = c.Subject.INN
			if j.INN == "" {
				j.INN = c.Subject.INNLE
			}
			j.OGRN = c.Subject.OGRN
			j.Serial = c.SerialHex()
			j.Thumbprint = c.Thumbprint()
			j.NotAfter = c.NotAfter
		}
		for _, w := range s.CertificateWarnings {
			j.Warnings = append(j.Warnings, i18n.T(w.Russian(), w.English()))
			if caPath != "" && (w.Code == pki.WarnUntrusted || w.Code == pki.WarnBadChain) {
				ok = false // the user asked for the chain to be checked
			}
		}
		for _, c := range s.Chain {
			j.Chain = append(j.Chain, c.Subject.CommonName)
		}
		report.Signers = append(report.Signers, j)
	}
	report.Valid = ok
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printVerify(e.stdout, report)
	}
	if !ok {
		return errCheckFailed
	}
	return nil
}

func printVerify(w io.Writer, r verifyJSON) {
	var b bytes.Buffer
	kind := i18n.T("отсоединённая", "detached")
	if r.Attached {
		kind = i18n.T("присоединённая", "attached")
	}
	fmt.Fprintf(&b, "%s: %s, %s: %d\n", i18n.T("Подпись", "Signature"), kind, i18n.T("подписантов", "signers"), len(r.Signers))
	for i, s := range r.Signers {
		verdict := i18n.T("ВЕРНА", "VALID")
		if !s.SignatureValid {
			verdict = i18n.T("НЕВЕРНА", "INVALID") + " — " + s.Error
		}
		fmt.Fprintf(&b, "\n%s %d: %s\n", i18n.T("Подписант", "Signer"), i+1, verdict)
		if s.Subject != "" {
			fmt.Fprintf(&b, "  %s: %s\n", i18n.T("Владелец", "Subject"), s.Subject)
			fmt.Fprintf(&b, "  %s: %s, %s: %s, %s %s\n", i18n.T("Серийный номер", "Serial"), s.Serial,
				i18n.T("отпечаток", "thumbprint"), s.Thumbprint, i18n.T("действителен до", "valid until"),
				s.NotAfter.Format("02.01.2006 15:04 MST"))
		} else {
			fmt.Fprintf(&b, "  %s\n", i18n.T("сертификат подписанта не найден в подписи", "the signer's certificate is not in the signature"))
		}
		if !s.SigningTime.IsZero() {
			fmt.Fprintf(&b, "  %s: %s\n", i18n.T("Время подписи", "Signing time"), s.SigningTime.Format("02.01.2006 15:04:05 MST"))
		}
		if len(s.Chain) > 0 {
			fmt.Fprintf(&b, "  %s: %s\n", i18n.T("Цепочка", "Chain"), strings.Join(s.Chain, " → "))
		}
		for _, wn := range s.Warnings {
			fmt.Fprintf(&b, "  %s: %s\n", i18n.T("Замечание к сертификату", "Certificate problem"), wn)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", map[bool]string{true: i18n.T("Итог: подпись верна.", "Result: the signature is valid."),
		false: i18n.T("Итог: подпись НЕ прошла проверку.", "Result: the signature did NOT pass the check.")}[r.Valid])
	w.Write(b.Bytes())
}
