package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/spf13/pflag"
)

// envUsage is the --env part of the usage lines of esia and epgu commands.
const envUsage = "[--env sandbox|test|test-beta|prod|URL]"

// credUsage is the credentials part of the usage lines.
const credUsage = "[--api-key-file ФАЙЛ | --account ИМЯ] [--thumbprint ОТПЕЧАТОК | --container ПАПКА | --pfx ФАЙЛ | --key ФАЙЛ --cert ФАЙЛ] [--pin-env ПЕРЕМЕННАЯ]"

// connFlags are the environment and credential options shared by the
// esia and epgu commands.
type connFlags struct {
	env   string
	creds config.Credentials
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
	return c
}

// resolve reads the settings and resolves the environment.
func (c *connFlags) resolve() (config.Environment, *config.Settings, error) {
	s, err := config.Load()
	if err != nil {
		return config.Environment{}, nil, err
	}
	env, err := config.Resolve(c.env, s)
	if err != nil {
		if c.env != "" {
			return env, s, usageError{msg: i18n.Message(err)}
		}
		return env, s, err
	}
	return env, s, nil
}

// session is a resolved environment with an ЕСИА token source.
type session struct {
	env     config.Environment
	tokens  *esia.OrgTokenSource
	subject string // signing certificate subject
	chunk   int64  // settings' chunk size
}

// connect finds the credentials and prepares the organisation token flow.
// No request is made yet.
func (c *connFlags) connect(ctx context.Context) (*session, error) {
	env, s, err := c.resolve()
	if err != nil {
		return nil, err
	}
	creds := c.creds.Merge(s)
	if c.creds.HasSigner() && creds.Key == "" && creds.Cert != "" {
		return nil, usagef("--cert указывается вместе с --key", "--cert goes with --key")
	}
	var key string
	if env.Sandbox() && (creds.APIKeyFile == "" && creds.Account == "" || !creds.HasSigner()) {
		sc, err := config.FetchSandboxCredentials(ctx, env)
		if err != nil {
			return nil, err
		}
		creds, key = creds.ForSandbox(sc)
	}
	if key == "" {
		if key, err = creds.APIKey(env); err != nil {
			return nil, err
		}
	}
	signer, err := creds.Signer(ctx, nil)
	if err != nil {
		return nil, err
	}
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: env.ESIA, APIKey: key, Signer: config.ESIASigner(signer)})
	if err != nil {
		return nil, err
	}
	return &session{env: env, tokens: ts, subject: signer.Certificate().Subject.String(), chunk: s.ChunkSize}, nil
}

func init() {
	register(&command{
		name:    "esia",
		summary: i18n.Text{RU: "ЕСИА: маркер доступа организации, API-ключ", EN: "ESIA: organisation access token, API key"},
		subs: []*command{{
			name:    "token",
			summary: i18n.Text{RU: "получить маркер доступа по API-ключу (показываются срок и субъект, сам маркер — только с --show-token)", EN: "get an access token for the API key (shows expiry and subject; the token itself only with --show-token)"},
			usage:   envUsage + " " + credUsage + " [--show-token] [--json]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				c := addConnFlags(fs)
				show := fs.Bool("show-token", false, i18n.T("напечатать сам маркер (секрет!)", "print the token itself (a secret!)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					return runToken(e, c, *show, *asJSON)
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
					c := &connFlags{}
					addEnvFlag(fs, c)
					fs.StringVar(&c.creds.Account, "account", "", i18n.T("учётная запись (по умолчанию — имя среды)", "account (default: the environment name)"))
					return func(e *env, args []string) error {
						if len(args) != 1 {
							return usagef("нужен один файл API-ключа", "need one API key file")
						}
						env, _, err := c.resolve()
						if err != nil {
							return err
						}
						f, err := openInput(e, args[0])
						if err != nil {
							return err
						}
						defer f.Close()
						acc := c.creds.AccountFor(env)
						rec, err := esia.ImportAPIKeyFile(acc, f)
						if err != nil {
							return i18n.Wrap(err, "API-ключ не сохранён", "the API key is not stored")
						}
						fmt.Fprintf(e.stdout, "%s «%s»: %s\n", i18n.T("API-ключ сохранён в связке ключей ОС, учётная запись", "API key stored in the OS keyring, account"), acc, esia.MaskKey(rec.Key))
						return nil
					}
				},
			}, {
				name:    "show",
				summary: i18n.Text{RU: "показать, есть ли API-ключ (последние 4 символа)", EN: "show whether an API key is stored (last 4 characters)"},
				usage:   "[--account ИМЯ | --env …]",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					c := &connFlags{}
					addEnvFlag(fs, c)
					fs.StringVar(&c.creds.Account, "account", "", i18n.T("учётная запись (по умолчанию — имя среды)", "account (default: the environment name)"))
					return func(e *env, args []string) error {
						if len(args) > 0 {
							return usagef("лишние аргументы: %v", "extra arguments: %v", args)
						}
						env, _, err := c.resolve()
						if err != nil {
							return err
						}
						k, err := c.creds.APIKey(env)
						if err != nil {
							return err
						}
						fmt.Fprintf(e.stdout, "%s «%s»: %s\n", i18n.T("API-ключ, учётная запись", "API key, account"), c.creds.AccountFor(env), esia.MaskKey(k))
						return nil
					}
				},
			}, {
				name:    "delete",
				summary: i18n.Text{RU: "удалить API-ключ из связки ключей ОС", EN: "delete the API key from the OS keyring"},
				usage:   "[--account ИМЯ | --env …]",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					c := &connFlags{}
					addEnvFlag(fs, c)
					fs.StringVar(&c.creds.Account, "account", "", i18n.T("учётная запись (по умолчанию — имя среды)", "account (default: the environment name)"))
					return func(e *env, args []string) error {
						if len(args) > 0 {
							return usagef("лишние аргументы: %v", "extra arguments: %v", args)
						}
						env, _, err := c.resolve()
						if err != nil {
							return err
						}
						if err := esia.DeleteAPIKey(c.creds.AccountFor(env)); err != nil {
							return i18n.Wrap(err, "API-ключ не удалён", "the API key is not deleted")
						}
						fmt.Fprintln(e.stdout, i18n.T("API-ключ удалён", "API key deleted"))
						return nil
					}
				},
			}},
		}},
	})
}

type tokenJSON struct {
	Env         string    `json:"env"`
	ESIA        string    `json:"esia"`
	Expires     time.Time `json:"expires"`
	Subject     string    `json:"subject,omitempty"`
	ClientID    string    `json:"clientId,omitempty"`
	Scope       string    `json:"scope,omitempty"`
	Certificate string    `json:"certificate"`
	Token       string    `json:"token,omitempty"`
}

func runToken(e *env, c *connFlags, show, asJSON bool) error {
	ctx := context.Background()
	s, err := c.connect(ctx)
	if err != nil {
		return err
	}
	tok, err := s.tokens.Token(ctx)
	if err != nil {
		return err
	}
	r := tokenJSON{Env: s.env.Name, ESIA: s.env.ESIA, Expires: s.tokens.Expires(), Certificate: s.subject}
	if cl, err := esia.ParseClaims(tok); err == nil {
		switch v := cl.Subject.(type) {
		case nil:
		case float64:
			r.Subject = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			r.Subject = fmt.Sprint(v)
		}
		r.ClientID, r.Scope = cl.ClientID, cl.Scope
	}
	if show {
		r.Token = tok
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
	if show {
		fmt.Fprintln(e.stdout, tok)
	}
	return nil
}
