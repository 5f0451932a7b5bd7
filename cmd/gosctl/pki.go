package main

import (
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/spf13/pflag"
)

// curveNames are the short names gosctl accepts for --curve.
var curveNames = map[string]*gost3410.Curve{
	"256A": gost3410.CurveTC26256A,
	"256B": gost3410.CurveTC26256B, // = CryptoPro-A = XchA, the usual КЭП curve
	"256C": gost3410.CurveTC26256C,
	"256D": gost3410.CurveTC26256D,
	"512A": gost3410.CurveTC26512A,
	"512B": gost3410.CurveTC26512B,
	"512C": gost3410.CurveTC26512C,
}

func curveList() string {
	var n []string
	for k := range curveNames {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, "|")
}

func parseCurve(s string) (*gost3410.Curve, error) {
	if c, ok := curveNames[strings.ToUpper(s)]; ok {
		return c, nil
	}
	return nil, usagef("неизвестная кривая %q (%s)", "unknown curve %q (%s)", s, curveList())
}

const (
	caCertFile = "ca.cer"
	caKeyFile  = "ca.key.pem"
)

func init() {
	register(&command{
		name:    "pki",
		summary: i18n.Text{RU: "тестовый удостоверяющий центр ГОСТ: выпуск сертификатов для песочницы и тестов", EN: "a GOST test CA: certificates for the sandbox and tests"},
		subs: []*command{{
			name:    "testca",
			summary: i18n.Text{RU: "создать тестовый УЦ (ca.cer, ca.key.pem) в папке", EN: "create a test CA (ca.cer, ca.key.pem) in a folder"},
			usage:   "--out ПАПКА [--cn ИМЯ] [--curve " + curveList() + "] [--years N]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				out := fs.String("out", "", i18n.T("папка для файлов УЦ (создаётся)", "folder for the CA files (created)"))
				cn := fs.String("cn", "Тестовый УЦ gosdesk", "CN")
				if i18n.Current() == i18n.EN {
					// The default CN is Russian: English help and man pages
					// say what it is instead of showing it.
					f := fs.Lookup("cn")
					f.DefValue, f.Usage = "", `CN (default: the Russian for "gosdesk test CA")`
				}
				curve := fs.String("curve", "256B", i18n.T("кривая ключа УЦ", "CA key curve"))
				years := fs.Int("years", 10, i18n.T("срок действия, лет", "validity, years"))
				return func(e *env, args []string) error {
					if *out == "" || len(args) > 0 {
						return usagef("нужен --out ПАПКА и ничего больше", "need --out FOLDER and nothing else")
					}
					c, err := parseCurve(*curve)
					if err != nil {
						return err
					}
					now := time.Now().UTC().Truncate(time.Second)
					ca, err := pki.NewTestCA(pki.Template{
						Subject:   pki.Name{CommonName: *cn, Organization: "gosdesk", Country: "RU"},
						NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(*years, 0, 0),
					}, c, rand.Reader)
					if err != nil {
						return err
					}
					keyPEM, err := pkcs8.EncodePEM(ca.Key, "", rand.Reader)
					if err != nil {
						return err
					}
					if err := writeFiles(*out, map[string][]byte{caCertFile: ca.Certificate.Raw, caKeyFile: keyPEM}); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: %s\n%s: %s\n%s: %s\n", i18n.T("УЦ", "CA"), ca.Certificate.Subject.String(),
						i18n.T("Сертификат", "Certificate"), filepath.Join(*out, caCertFile),
						i18n.T("Ключ (без пароля, только для тестов)", "Key (no password, tests only)"), filepath.Join(*out, caKeyFile))
					return nil
				}
			},
		}, {
			name:    "issue",
			summary: i18n.Text{RU: "выпустить сертификат КЭП-образца тестовым УЦ (ключ в PEM и/или в контейнере КриптоПро)", EN: "issue a qualified-style certificate from the test CA (key as PEM and/or a CryptoPro container)"},
			usage:   "--ca ПАПКА --out ПАПКА --cn ИМЯ [--sn ФАМИЛИЯ] [-g ИМЯ_ОТЧЕСТВО] [--title ДОЛЖНОСТЬ] [--org ОРГАНИЗАЦИЯ] [--inn ИНН] [--innle ИНН_ЮЛ] [--ogrn ОГРН] [--ogrnip ОГРНИП] [--snils СНИЛС] [--email E-MAIL] [--curve " + curveList() + "] [--days N] [--container ИМЯ --pin-env ПЕРЕМЕННАЯ]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				caDir := fs.String("ca", "", i18n.T("папка тестового УЦ (из pki testca)", "test CA folder (from pki testca)"))
				out := fs.String("out", "", i18n.T("папка для сертификата и ключа", "folder for the certificate and key"))
				curve := fs.String("curve", "256B", i18n.T("кривая ключа", "key curve"))
				var n pki.Name
				fs.StringVar(&n.CommonName, "cn", "", "CN")
				fs.StringVar(&n.Surname, "sn", "", i18n.T("фамилия (SN)", "surname (SN)"))
				fs.StringVar(&n.GivenName, "g", "", i18n.T("имя и отчество (G)", "given names (G)"))
				fs.StringVar(&n.Organization, "org", "", i18n.T("организация (O)", "organisation (O)"))
				fs.StringVar(&n.Title, "title", "", i18n.T("должность (T)", "title (T)"))
				fs.StringVar(&n.INN, "inn", "", i18n.T("ИНН физлица (12 цифр)", "personal INN (12 digits)"))
				fs.StringVar(&n.INNLE, "innle", "", i18n.T("ИНН ЮЛ (10 цифр)", "legal entity INN (10 digits)"))
				fs.StringVar(&n.OGRN, "ogrn", "", i18n.T("ОГРН", "OGRN"))
				fs.StringVar(&n.OGRNIP, "ogrnip", "", i18n.T("ОГРНИП", "OGRNIP"))
				fs.StringVar(&n.SNILS, "snils", "", i18n.T("СНИЛС (11 цифр)", "SNILS (11 digits)"))
				fs.StringVar(&n.Email, "email", "", "E-mail")
				days := fs.Int("days", 365, i18n.T("срок действия, дней", "validity, days"))
				cont := fs.String("container", "", i18n.T("также записать ключ в контейнер КриптоПро с этим именем (папка ИМЯ.000)", "also write the key into a CryptoPro container with this name (folder NAME.000)"))
				pinEnv := fs.String("pin-env", "", i18n.T("переменная окружения с PIN-кодом контейнера", "environment variable holding the container PIN"))
				return func(e *env, args []string) error {
					if *caDir == "" || *out == "" || n.CommonName == "" || len(args) > 0 {
						return usagef("нужны --ca, --out и --cn", "need --ca, --out and --cn")
					}
					if err := checkIDs(n); err != nil {
						return err
					}
					c, err := parseCurve(*curve)
					if err != nil {
						return err
					}
					ca, err := loadCA(*caDir)
					if err != nil {
						return err
					}
					now := time.Now().UTC().Truncate(time.Second)
					if n.Country == "" {
						n.Country = "RU"
					}
					cert, key, err := ca.IssueKey(pki.Template{Subject: n, NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(0, 0, *days)}, c)
					if err != nil {
						return err
					}
					keyPEM, err := pkcs8.EncodePEM(key, "", rand.Reader)
					if err != nil {
						return err
					}
					certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
					if err := writeFiles(*out, map[string][]byte{"cert.cer": cert.Raw, "cert.pem": certPEM, "key.pem": keyPEM}); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: %s\n%s: %s\n", i18n.T("Выпущен", "Issued"), cert.Subject.String(),
						i18n.T("Отпечаток", "Thumbprint"), cert.Thumbprint())
					if *cont != "" {
						pin := ""
						if *pinEnv != "" {
							pin = os.Getenv(*pinEnv)
						}
						dir, err := container.NewDir(*out, *cont)
						if err != nil {
							return err
						}
						if _, err := container.Write(dir, key, container.WriteOptions{Name: *cont, PIN: pin, Certificate: cert.Raw}); err != nil {
							return err
						}
						fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Контейнер КриптоПро", "CryptoPro container"), dir)
					}
					return nil
				}
			},
		}},
	})
}

// checkIDs refuses identifiers with a wrong checksum: a certificate with a
// broken ИНН would only fail later, at ЕСИА or ФНС.
func checkIDs(n pki.Name) error {
	for _, c := range []struct {
		v     string
		label i18n.Text
		ok    func(string) bool
	}{
		{n.INN, i18n.Text{RU: "ИНН", EN: "INN"}, pki.ValidINN}, {n.INNLE, i18n.Text{RU: "ИНН ЮЛ", EN: "organisation INN"}, pki.ValidINN},
		{n.SNILS, i18n.Text{RU: "СНИЛС", EN: "SNILS"}, pki.ValidSNILS}, {n.OGRN, i18n.Text{RU: "ОГРН", EN: "OGRN"}, pki.ValidOGRN},
		{n.OGRNIP, i18n.Text{RU: "ОГРНИП", EN: "OGRNIP"}, pki.ValidOGRNIP},
	} {
		if c.v != "" && !c.ok(c.v) {
			return usagef("%s %s: неверная контрольная сумма", "%s %s: wrong checksum", c.label.String(), c.v)
		}
	}
	return nil
}

func loadCA(dir string) (*pki.CA, error) {
	certDER, err := os.ReadFile(filepath.Join(dir, caCertFile))
	if err != nil {
		return nil, fileError(filepath.Join(dir, caCertFile), err)
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, caKeyFile))
	if err != nil {
		return nil, fileError(filepath.Join(dir, caKeyFile), err)
	}
	cert, err := pki.ParseCertificate(certDER)
	if err != nil {
		return nil, err
	}
	b, err := pkcs8.ParsePEM(keyPEM, "")
	if err != nil {
		return nil, err
	}
	if len(b.Keys) != 1 {
		return nil, usagef("%s: ожидался один ключ УЦ", "%s: expected one CA key", filepath.Join(dir, caKeyFile))
	}
	return &pki.CA{Certificate: cert, Key: b.Keys[0]}, nil
}

func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fileError(dir, err)
	}
	for name, b := range files {
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".pem") && strings.Contains(name, "key") {
			mode = 0o600
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, mode); err != nil {
			return fileError(filepath.Join(dir, name), err)
		}
	}
	return nil
}
