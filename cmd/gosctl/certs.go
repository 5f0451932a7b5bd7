package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// storeFlags declares the options that add key sources to the default
// ones (CryptoPro folders, CSP, Windows store).
func storeFlags(fs *flag.FlagSet) (dirs, files *listFlag, only *bool) {
	dirs, files = &listFlag{}, &listFlag{}
	fs.Var(dirs, "dir", i18n.T("ещё одна папка с контейнерами КриптоПро (можно несколько раз)", "another folder with CryptoPro containers (repeatable)"))
	fs.Var(files, "file", i18n.T("ещё один файл PFX/PEM (можно несколько раз)", "another PFX/PEM file (repeatable)"))
	only = fs.Bool("only", false, i18n.T("только указанные --dir/--file, без стандартных мест", "only the given --dir/--file, not the default places"))
	return
}

func newStore(dirs, files []string, only bool) *keystore.Store {
	st := keystore.NewStore(nil)
	if only {
		st = &keystore.Store{}
	}
	st.ContainerRoots = append(st.ContainerRoots, dirs...)
	st.Files = append(st.Files, files...)
	return st
}

type certJSON struct {
	ID            string    `json:"id"`
	Source        string    `json:"source,omitempty"`
	Location      string    `json:"location,omitempty"`
	Container     string    `json:"container,omitempty"`
	NeedsPIN      bool      `json:"needsPin,omitempty"`
	HasPrivateKey bool      `json:"hasPrivateKey,omitempty"`
	Subject       string    `json:"subject"`
	Owner         string    `json:"owner,omitempty"`
	INN           string    `json:"inn,omitempty"`
	INNLE         string    `json:"innLe,omitempty"`
	OGRN          string    `json:"ogrn,omitempty"`
	SNILS         string    `json:"snils,omitempty"`
	Issuer        string    `json:"issuer"`
	Serial        string    `json:"serial"`
	NotBefore     time.Time `json:"notBefore"`
	NotAfter      time.Time `json:"notAfter"`
	Key           string    `json:"key"`
	Policies      []string  `json:"policies,omitempty"`
	Warnings      []string  `json:"warnings,omitempty"`
}

func describeCert(c *pki.Certificate, now time.Time) certJSON {
	j := certJSON{
		ID: c.Thumbprint(), Subject: c.Subject.String(), Owner: c.Subject.PersonName(),
		INN: c.Subject.INN, INNLE: c.Subject.INNLE, OGRN: c.Subject.OGRN, SNILS: c.Subject.SNILS,
		Issuer: c.Issuer.String(), Serial: c.SerialHex(), NotBefore: c.NotBefore, NotAfter: c.NotAfter,
		Key: c.PublicKeyInfo.String(),
	}
	for _, p := range c.Policies {
		j.Policies = append(j.Policies, p.String())
	}
	for _, w := range c.Warnings(now) {
		j.Warnings = append(j.Warnings, i18n.T(w.Russian(), w.English()))
	}
	return j
}

func sourceName(s keystore.SourceKind) string {
	switch s {
	case keystore.SourceContainer:
		return i18n.T("контейнер", "container")
	case keystore.SourcePFX:
		return "PFX"
	case keystore.SourcePEM:
		return "PEM"
	case keystore.SourceCSP:
		return i18n.T("КриптоПро CSP", "CryptoPro CSP")
	case keystore.SourceWindows:
		return i18n.T("хранилище Windows", "Windows store")
	}
	return string(s)
}

func init() {
	register(&command{
		name:    "certs",
		summary: i18n.Text{RU: "сертификаты: контейнеры КриптоПро, PFX, PEM, КриптоПро CSP, хранилище Windows", EN: "certificates: CryptoPro containers, PFX, PEM, CryptoPro CSP, Windows store"},
		subs: []*command{{
			name:    "list",
			summary: i18n.Text{RU: "перечислить сертификаты из всех источников", EN: "list certificates from every source"},
			usage:   "[--dir ПАПКА]… [--file ФАЙЛ]… [--only] [--json]",
			setup: func(fs *flag.FlagSet) func(*env, []string) error {
				dirs, files, only := storeFlags(fs)
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %s", "unexpected arguments: %s", strings.Join(args, " "))
					}
					entries, problems := newStore(*dirs, *files, *only).List(context.Background())
					now := time.Now()
					var list []certJSON
					for _, en := range entries {
						var j certJSON
						if en.Certificate != nil {
							j = describeCert(en.Certificate, now)
						} else {
							j.Subject = i18n.T("(сертификат откроется после ввода пароля)", "(the certificate shows after the password)")
						}
						j.Source, j.Location, j.Container = string(en.Source), en.Location, en.ContainerName
						j.NeedsPIN, j.HasPrivateKey = en.NeedsPIN, en.HasPrivateKey
						list = append(list, j)
					}
					for _, p := range problems {
						fmt.Fprintf(e.stderr, "%s: %s\n", i18n.T("предупреждение", "warning"), i18n.Message(p))
					}
					if *asJSON {
						enc := json.NewEncoder(e.stdout)
						enc.SetIndent("", "  ")
						if list == nil {
							list = []certJSON{}
						}
						return enc.Encode(list)
					}
					if len(list) == 0 {
						fmt.Fprintln(e.stdout, i18n.T("Сертификаты не найдены. Укажите папку с контейнерами (--dir) или файл PFX/PEM (--file).",
							"No certificates found. Point at a folder with containers (--dir) or a PFX/PEM file (--file)."))
						return nil
					}
					tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, i18n.T("ОТПЕЧАТОК\tВЛАДЕЛЕЦ\tИНН\tДЕЙСТВИТЕЛЕН ДО\tИСТОЧНИК\tГДЕ", "THUMBPRINT\tOWNER\tINN\tVALID UNTIL\tSOURCE\tWHERE"))
					for i, j := range list {
						inn := j.INN
						if inn == "" {
							inn = j.INNLE
						}
						until := ""
						if !j.NotAfter.IsZero() {
							until = j.NotAfter.Format("02.01.2006")
						}
						owner := j.Owner
						if owner == "" {
							owner = j.Subject
						}
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, owner, inn, until, sourceName(entries[i].Source), j.Location)
					}
					return tw.Flush()
				}
			},
		}, {
			name:    "show",
			summary: i18n.Text{RU: "подробности сертификата: по отпечатку из хранилища или из файла", EN: "certificate details: by thumbprint from the store, or from a file"},
			usage:   "[--dir ПАПКА]… [--file ФАЙЛ]… [--json] ОТПЕЧАТОК|ФАЙЛ",
			setup: func(fs *flag.FlagSet) func(*env, []string) error {
				dirs, files, only := storeFlags(fs)
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) != 1 {
						return usagef("нужен один отпечаток или файл сертификата", "need one thumbprint or certificate file")
					}
					var certs []*pki.Certificate
					if b, err := os.ReadFile(args[0]); err == nil {
						if certs, err = pki.ParseCertificates(b); err != nil {
							return err
						}
					} else {
						en, err := newStore(*dirs, *files, *only).Lookup(context.Background(), args[0])
						if err != nil {
							return err
						}
						if en.Certificate == nil {
							return usagef("у записи %s нет сертификата", "entry %s has no certificate", args[0])
						}
						certs = []*pki.Certificate{en.Certificate}
					}
					now := time.Now()
					if *asJSON {
						var list []certJSON
						for _, c := range certs {
							list = append(list, describeCert(c, now))
						}
						enc := json.NewEncoder(e.stdout)
						enc.SetIndent("", "  ")
						return enc.Encode(list)
					}
					for i, c := range certs {
						if i > 0 {
							fmt.Fprintln(e.stdout)
						}
						printCert(e.stdout, c, now)
					}
					return nil
				}
			},
		}},
	})
}

func printCert(w io.Writer, c *pki.Certificate, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", k, v)
		}
	}
	n := c.Subject
	row(i18n.T("Владелец", "Owner"), n.CommonName)
	row(i18n.T("Фамилия", "Surname"), n.Surname)
	row(i18n.T("Имя и отчество", "Given names"), n.GivenName)
	row(i18n.T("Должность", "Title"), n.Title)
	row(i18n.T("Организация", "Organisation"), n.Organization)
	row(i18n.T("Подразделение", "Unit"), n.OrganizationalUnit)
	row(i18n.T("ИНН", "INN"), n.INN)
	row(i18n.T("ИНН ЮЛ", "INN (legal entity)"), n.INNLE)
	row(i18n.T("ОГРН", "OGRN"), n.OGRN)
	row(i18n.T("ОГРНИП", "OGRNIP"), n.OGRNIP)
	row(i18n.T("СНИЛС", "SNILS"), n.SNILS)
	row(i18n.T("Населённый пункт", "Locality"), n.Locality)
	row(i18n.T("Регион", "Region"), n.Province)
	row(i18n.T("Адрес", "Street"), n.Street)
	row("E-mail", n.Email)
	row(i18n.T("Издатель", "Issuer"), c.Issuer.String())
	row(i18n.T("Серийный номер", "Serial"), c.SerialHex())
	row(i18n.T("Отпечаток (SHA-1)", "Thumbprint (SHA-1)"), c.Thumbprint())
	row(i18n.T("Действителен", "Valid"), c.NotBefore.Local().Format("02.01.2006 15:04")+" — "+c.NotAfter.Local().Format("02.01.2006 15:04"))
	row(i18n.T("Ключ", "Key"), c.PublicKeyInfo.String())
	var ku []string
	for _, u := range []struct {
		bit  x509.KeyUsage
		name string
	}{{x509.KeyUsageDigitalSignature, "digitalSignature"}, {x509.KeyUsageContentCommitment, "nonRepudiation"},
		{x509.KeyUsageKeyEncipherment, "keyEncipherment"}, {x509.KeyUsageDataEncipherment, "dataEncipherment"},
		{x509.KeyUsageKeyAgreement, "keyAgreement"}, {x509.KeyUsageCertSign, "keyCertSign"}, {x509.KeyUsageCRLSign, "cRLSign"}} {
		if c.KeyUsage&u.bit != 0 {
			ku = append(ku, u.name)
		}
	}
	row(i18n.T("Назначение ключа", "Key usage"), strings.Join(ku, ", "))
	var pol []string
	for _, p := range c.Policies {
		pol = append(pol, p.String())
	}
	row(i18n.T("Политики", "Policies"), strings.Join(pol, ", "))
	if c.SubjectSignTool != "" {
		row(i18n.T("Средство ЭП владельца", "Subject sign tool"), c.SubjectSignTool)
	}
	ws := c.Warnings(now)
	if len(ws) == 0 {
		row(i18n.T("Замечания", "Problems"), i18n.T("нет", "none"))
	}
	for _, wn := range ws {
		row(i18n.T("Замечание", "Problem"), i18n.T(wn.Russian(), wn.English()))
	}
	tw.Flush()
}
