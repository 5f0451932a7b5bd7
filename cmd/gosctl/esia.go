package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// envUsage is the --env part of the usage lines of esia and epgu commands.
const envUsage = "[--env sandbox|test|test-beta|prod|URL]"

// credUsage is the credentials part of the usage lines.
const credUsage = "[--transport plain|tunnel|gosttls] [--esia-url URL] [--epgu-url URL] [--epgu-host ХОСТ] [--trust-dir ПАПКА] [--api-key-file ФАЙЛ | --account ИМЯ] [--thumbprint ОТПЕЧАТОК | --container ПАПКА | --pfx ФАЙЛ | --key ФАЙЛ --cert ФАЙЛ] [--pin-env ПЕРЕМЕННАЯ]"

// connFlags are the environment and credential options shared by the
// esia and epgu commands.
type connFlags struct {
	env       string
	creds     workflow.Credentials
	overrides config.Overrides
}

func addEnvFlag(fs *pflag.FlagSet, c *connFlags) {
	fs.StringVar(&c.env, "env", "", i18n.T("среда: sandbox (по умолчанию, "+config.DefaultSandboxAddr+"), test, test-beta, prod или адрес http(s)://…",
		"environment: sandbox (default, "+config.DefaultSandboxAddr+"), test, test-beta, prod or an http(s)://… URL"))
}

func addConnFlags(fs *pflag.FlagSet) *connFlags {
	c := &connFlags{}
	addEnvFlag(fs, c)
	fs.StringVar(&c.creds.APIKeyFile, "api-key-file", "", i18n.T("файл API-ключа (CSV с портала партнёров) — только для этого запуска; иначе ключ берётся из связки ключей ОС",
		"API key file (CSV from the partners portal), for this run only; otherwise the key comes from the OS keyring"))
	fs.StringVar(&c.creds.Account, "account", "", i18n.T("учётная запись API-ключа в связке ключей ОС (по умолчанию — имя среды)",
		"keyring account of the API key (default: the environment name)"))
	fs.StringVar(&c.creds.Thumbprint, "thumbprint", "", i18n.T("отпечаток (SHA-1) сертификата подписи в хранилище ключей", "SHA-1 thumbprint of the signing certificate in the key store"))
	fs.StringVar(&c.creds.Container, "container", "", i18n.T("папка контейнера КриптоПро (xxxxxxxx.000)", "CryptoPro container folder (xxxxxxxx.000)"))
	fs.StringVar(&c.creds.PFX, "pfx", "", i18n.T("файл PFX (PKCS#12) с ключом и сертификатом", "PFX (PKCS#12) file with the key and certificate"))
	fs.StringVar(&c.creds.Key, "key", "", i18n.T("файл ключа PEM (с --cert)", "PEM key file (with --cert)"))
	fs.StringVar(&c.creds.Cert, "cert", "", i18n.T("файл сертификата к --key (PEM или DER)", "certificate for --key (PEM or DER)"))
	fs.StringVar(&c.creds.PINEnv, "pin-env", "", i18n.T("переменная окружения с PIN-кодом контейнера или паролем PFX/PEM", "environment variable holding the container PIN or the PFX/PEM password"))
	addTransportFlags(fs, &c.overrides)
	return c
}

// addTransportFlags declares how API ЕПГУ and ЕСИА are reached for this
// run (issue 14: separate addresses, the CryptoPro tunnel, the built-in
// GOST TLS); they override the settings (config.Overrides).
func addTransportFlags(fs *pflag.FlagSet, o *config.Overrides) {
	fs.StringVar(&o.ESIAURL, "esia-url", "", i18n.T("адрес ЕСИА вместо адреса среды", "ESIA address instead of the environment's"))
	fs.StringVar(&o.EPGUURL, "epgu-url", "", i18n.T("адрес API ЕПГУ вместо адреса среды (туннель: http://127.0.0.1:ПОРТ)", "EPGU API address instead of the environment's (a tunnel: http://127.0.0.1:PORT)"))
	fs.StringVar(&o.EPGUHost, "epgu-host", "", i18n.T("имя настоящего сервера API ЕПГУ (заголовок Host) при работе через туннель", "the real EPGU API host name (Host header) through a tunnel"))
	fs.StringVar(&o.Transport, "transport", "", i18n.T("как достигается API ЕПГУ: plain (напрямую, только песочница), tunnel (туннель КриптоПро), gosttls (встроенный ГОСТ TLS, не сертифицированное СКЗИ)",
		"how the EPGU API is reached: plain (direct, the sandbox only), tunnel (the CryptoPro tunnel), gosttls (built-in GOST TLS, not a certified crypto provider)"))
	fs.StringVar(&o.TrustDir, "trust-dir", "", i18n.T("папка корневых сертификатов: для gosttls и для проверки подписей результатов", "folder of root certificates: for gosttls and for checking the signatures of results"))
}

// open opens a session of the application core (core/workflow): the
// environment, the API key, the signing key. No request is made yet.
// A journal is kept when the command sends something (submit, push).
func (c *connFlags) open(e *env, journal bool) (*workflow.Core, *workflow.Session, error) {
	core, err := openCoreJournal(e, journal)
	if err != nil {
		return nil, nil, err
	}
	s, err := core.OpenSession(context.Background(), workflow.SessionOptions{Env: c.env, Creds: c.creds, Overrides: c.overrides})
	if err != nil {
		core.Close()
		return nil, nil, err
	}
	return core, s, nil
}

func init() {
	register(&command{
		name:    "esia",
		summary: i18n.Text{RU: "ЕСИА: маркер доступа организации, API-ключ", EN: "ESIA: organisation access token, API key"},
		subs: []*command{{
			name: "token",
			summary: i18n.Text{RU: "получить маркер доступа по API-ключу (показываются срок и субъект; сам маркер — только с --show-token, персональные данные — с --show-personal)",
				EN: "get an access token for the API key (shows expiry and subject; the token itself only with --show-token, personal data with --show-personal)"},
			usage: envUsage + " " + credUsage + " [--show-token] [--show-personal] [--json]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				c := addConnFlags(fs)
				show := fs.Bool("show-token", false, i18n.T("напечатать сам маркер (секрет!)", "print the token itself (a secret!)"))
				personal := fs.Bool("show-personal", false, i18n.T("показать персональные данные сертификата (СНИЛС, ИНН физлица)", "show the certificate's personal data (SNILS, personal INN)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					return runToken(e, c, *show, *personal, *asJSON)
				}
			},
		}, {
			name:    "apikey",
			summary: i18n.Text{RU: "API-ключ в связке ключей ОС: import, show, delete", EN: "the API key in the OS keyring: import, show, delete"},
			subs: []*command{{
				name:    "import",
				summary: i18n.Text{RU: "импортировать файл API-ключа с портала партнёров в связку ключей ОС", EN: "import an API key file from the partners portal into the OS keyring"},
				usage:   "[--account ИМЯ | --env …] ФАЙЛ",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					c := accountFlags(fs)
					return func(e *env, args []string) error {
						if len(args) != 1 {
							return usagef("нужен один файл API-ключа", "need one API key file")
						}
						f, err := openInput(e, args[0])
						if err != nil {
							return err
						}
						b, err := io.ReadAll(f)
						f.Close()
						if err != nil {
							return fileError(args[0], err)
						}
						core, err := openCore(e)
						if err != nil {
							return err
						}
						acc, masked, err := core.ImportAPIKey(c.env, c.creds.Account, b)
						if err != nil {
							return err
						}
						fmt.Fprintf(e.stdout, "%s «%s»: %s\n", i18n.T("API-ключ сохранён в связке ключей ОС, учётная запись", "API key stored in the OS keyring, account"), acc, masked)
						return nil
					}
				},
			}, {
				name:    "show",
				summary: i18n.Text{RU: "показать, есть ли API-ключ (последние 4 символа)", EN: "show whether an API key is stored (last 4 characters)"},
				usage:   "[--account ИМЯ | --env …]",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					c := accountFlags(fs)
					return func(e *env, args []string) error {
						if len(args) > 0 {
							return usagef("лишние аргументы: %v", "extra arguments: %v", args)
						}
						core, err := openCore(e)
						if err != nil {
							return err
						}
						acc, masked, err := core.APIKeyInfo(c.env, c.creds.Account)
						if err != nil {
							return err
						}
						fmt.Fprintf(e.stdout, "%s «%s»: %s\n", i18n.T("API-ключ, учётная запись", "API key, account"), acc, masked)
						return nil
					}
				},
			}, {
				name:    "delete",
				summary: i18n.Text{RU: "удалить API-ключ из связки ключей ОС", EN: "delete the API key from the OS keyring"},
				usage:   "[--account ИМЯ | --env …]",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					c := accountFlags(fs)
					return func(e *env, args []string) error {
						if len(args) > 0 {
							return usagef("лишние аргументы: %v", "extra arguments: %v", args)
						}
						core, err := openCore(e)
						if err != nil {
							return err
						}
						if err := core.DeleteAPIKey(c.env, c.creds.Account); err != nil {
							return err
						}
						fmt.Fprintln(e.stdout, i18n.T("API-ключ удалён", "API key deleted"))
						return nil
					}
				},
			}},
		}},
	})
}

func accountFlags(fs *pflag.FlagSet) *connFlags {
	c := &connFlags{}
	addEnvFlag(fs, c)
	fs.StringVar(&c.creds.Account, "account", "", i18n.T("учётная запись (по умолчанию — имя среды)", "account (default: the environment name)"))
	return c
}

func runToken(e *env, c *connFlags, show, personal, asJSON bool) error {
	core, s, err := c.open(e, false)
	if err != nil {
		return err
	}
	defer core.Close()
	r, err := s.Token(context.Background(), show)
	if err != nil {
		return err
	}
	// The certificate's subject carries personal data (СНИЛС, a person's
	// ИНН): a terminal may be recorded, so they show only when asked
	// (issue 13 item 10).
	if !personal {
		r.Certificate = withoutPersonal(r.Certificate)
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "%s: %s (%s)\n", i18n.T("Среда", "Environment"), r.Env, r.ESIA)
	fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Маркер получен, действует до", "Token obtained, valid until"), r.Expires.Local().Format("02.01.2006 15:04:05 MST"))
	if r.Subject != "" {
		fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Субъект (urn:esia:sbj_id)", "Subject (urn:esia:sbj_id)"), r.Subject)
	}
	if r.ClientID != "" {
		fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Система", "System"), r.ClientID)
	}
	if r.Scope != "" {
		fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Область доступа", "Scope"), r.Scope)
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Подписано сертификатом", "Signed with"), r.Certificate)
	if !personal {
		fmt.Fprintln(e.stderr, i18n.T("(СНИЛС и ИНН владельца скрыты; показать: --show-personal)", "(the holder's SNILS and INN are hidden; show them with --show-personal)"))
	}
	if show {
		fmt.Fprintln(e.stdout, r.Token)
	}
	return nil
}

// withoutPersonal drops the personal attributes (SNILS, a person's INN,
// e-mail, street) from a distinguished name string; the organisation's
// ИНН ЮЛ and ОГРН are not personal data and stay.
func withoutPersonal(dn string) string {
	var keep []string
	for _, part := range strings.Split(dn, ", ") {
		k, _, _ := strings.Cut(part, "=")
		switch strings.ToUpper(k) {
		case "SNILS", "INN", "E", "EMAILADDRESS", "STREET", "1.2.643.100.3", "1.2.643.3.131.1.1":
			continue
		}
		keep = append(keep, part)
	}
	return strings.Join(keep, ", ")
}
