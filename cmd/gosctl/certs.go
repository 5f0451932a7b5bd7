package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/spf13/pflag"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }
func (l *listFlag) Type() string       { return "stringArray" }

// storeFlags declares the options that add key sources to the default
// ones (CryptoPro folders, CSP, Windows store).
func storeFlags(fs *pflag.FlagSet) (dirs, files *listFlag, only *bool) {
	dirs, files = &listFlag{}, &listFlag{}
	fs.Var(dirs, "dir", i18n.T("ещё одна папка с контейнерами КриптоПро (можно несколько раз)", "another folder with CryptoPro containers (repeatable)"))
	fs.Var(files, "file", i18n.T("ещё один файл PFX/PEM (можно несколько раз)", "another PFX/PEM file (repeatable)"))
	only = fs.Bool("only", false, i18n.T("только указанные --dir/--file, без стандартных мест", "only the given --dir/--file, not the default places"))
	return
}

// pinEnvFlag declares --pin-env and returns the function reading it: the
// PIN or password, and whether one was given.
func pinEnvFlag(fs *pflag.FlagSet, usage string) func() (string, bool, error) {
	name := fs.String("pin-env", "", usage)
	return func() (string, bool, error) {
		if *name == "" {
			return "", false, nil
		}
		v, ok := os.LookupEnv(*name)
		if !ok {
			return "", false, usagef("переменная окружения %s не задана", "environment variable %s is not set", *name)
		}
		return v, true, nil
	}
}

// listStore is newStore that may open password-protected PFX/PEM files
// to show their certificates.
func listStore(dirs, files []string, only bool, pin string, given bool) *keystore.Store {
	st := newStore(dirs, files, only)
	if given {
		st.Prompt, st.ListPasswords = keystore.StaticPIN(pin), true
	}
	return st
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
			usage:   "[--dir ПАПКА]… [--file ФАЙЛ]… [--pin-env ПЕРЕМЕННАЯ] [--only] [--json]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				dirs, files, only := storeFlags(fs)
				pinEnv := pinEnvFlag(fs, i18n.T("переменная окружения с паролем PFX/PEM: тогда видны их сертификаты и сроки", "environment variable holding the PFX/PEM password: their certificates and expiry then show"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %s", "unexpected arguments: %s", strings.Join(args, " "))
					}
					pin, given, err := pinEnv()
					if err != nil {
						return err
					}
					entries, problems := listStore(*dirs, *files, *only, pin, given).List(context.Background())
					now := time.Now()
					var list []certJSON
					for _, en := range entries {
						var j certJSON
						if en.Certificate != nil {
							j = describeCert(en.Certificate, now)
						} else {
							j.Subject = i18n.T("(сертификат виден после пароля: --pin-env ПЕРЕМЕННАЯ)", "(the certificate shows with the password: --pin-env VARIABLE)")
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
			usage:   "[--dir ПАПКА]… [--file ФАЙЛ]… [--pin-env ПЕРЕМЕННАЯ] [--json] (ОТПЕЧАТОК|ФАЙЛ | --thumbprint ОТПЕЧАТОК | --cert ФАЙЛ)",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				dirs, files, only := storeFlags(fs)
				thumb := fs.String("thumbprint", "", i18n.T("отпечаток (SHA-1) сертификата в хранилище, можно начало", "SHA-1 thumbprint of the certificate in the store, or its beginning"))
				certFile := fs.String("cert", "", i18n.T("файл сертификата (.cer, .pem), PFX или ключа PEM", "certificate file (.cer, .pem), PFX or PEM key file"))
				pinEnv := pinEnvFlag(fs, i18n.T("переменная окружения с паролем PFX/PEM", "environment variable holding the PFX/PEM password"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if *thumb != "" {
						args = append(args, *thumb)
					}
					if *certFile != "" {
						args = append(args, *certFile)
					}
					if len(args) != 1 {
						return usagef("нужен один отпечаток или файл сертификата", "need one thumbprint or certificate file")
					}
					pin, given, err := pinEnv()
					if err != nil {
						return err
					}
					var certs []*pki.Certificate
					if b, err := os.ReadFile(args[0]); err == nil && *thumb == "" {
						if certs, err = certsOfFile(args[0], b, pin, given); err != nil {
							return err
						}
					} else {
						en, err := listStore(*dirs, *files, *only, pin, given).Lookup(context.Background(), args[0])
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

// certsOfFile reads the certificates of a file: a certificate (DER, PEM,
// several PEM blocks) or a key file with its certificate (PFX, PEM), which
// may need its password.
func certsOfFile(path string, data []byte, pin string, given bool) ([]*pki.Certificate, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".pfx" && ext != ".p12" {
		certs, err := pki.ParseCertificates(data)
		if err == nil && len(certs) > 0 {
			return certs, nil
		}
		if ext == ".cer" || ext == ".crt" || ext == ".der" {
			return nil, err
		}
	}
	entries, problems := listStore(nil, []string{path}, true, pin, given).List(context.Background())
	if len(problems) > 0 {
		return nil, problems[0]
	}
	var certs []*pki.Certificate
	for _, en := range entries {
		if en.Certificate != nil {
			certs = append(certs, en.Certificate)
		} else if en.NeedsPIN {
			return nil, usagef("%s защищён паролем: передайте его через --pin-env ПЕРЕМЕННАЯ", "%s is protected by a password: pass it with --pin-env VARIABLE", path)
		}
	}
	if len(certs) == 0 {
		return nil, i18n.New(path+": в файле нет сертификата", path+": the file holds no certificate")
	}
	return certs, nil
}

// keyName says a key description of core/pki ("ГОСТ Р 34.10-2012 256 бит
// (…)", CryptoPro's wording) in the current language.
func keyName(s string) string {
	if i18n.Current() != i18n.EN {
		return s
	}
	return strings.NewReplacer("ГОСТ Р ", "GOST R ", " бит", " bit").Replace(s)
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
	row(i18n.T("Ключ", "Key"), keyName(c.PublicKeyInfo.String()))
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
