package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/tunnel"
	"github.com/spf13/pflag"
)

// gosctl tunnel config (issue 14): the stunnel_msspi configuration of the
// CryptoPro GOST TLS tunnel to API ЕПГУ, and how to start it.

func init() {
	register(&command{
		name:    "tunnel",
		summary: i18n.Text{RU: "туннель ГОСТ TLS КриптоПро к API ЕПГУ (stunnel_msspi)", EN: "the CryptoPro GOST TLS tunnel to API EPGU (stunnel_msspi)"},
		subs: []*command{{
			name: "config",
			summary: i18n.Text{RU: "записать настройки stunnel_msspi для среды test или prod и показать, как запустить туннель",
				EN: "write the stunnel_msspi configuration for env test or prod and show how to start the tunnel"},
			usage: "--env test|prod [--thumbprint ОТПЕЧАТОК] [--port N] [--out ФАЙЛ]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				envName := fs.String("env", "", i18n.T("среда: test или prod", "environment: test or prod"))
				thumb := fs.String("thumbprint", "", i18n.T("отпечаток SHA-1 сертификата организации в хранилище КриптоПро «Личное» (по умолчанию — из настроек)",
					"SHA-1 thumbprint of the organisation's certificate in the CryptoPro Personal store (default: the settings')"))
				port := fs.Int("port", 0, fmt.Sprintf(i18n.T("локальный порт туннеля (по умолчанию %d для test, %d для prod)", "local port of the tunnel (default %d for test, %d for prod)"), tunnel.DefaultPortTest, tunnel.DefaultPortProd))
				out := fs.String("out", "", i18n.T("файл настроек (по умолчанию — папка настроек gosdesk, stunnel-epgu-СРЕДА.conf)", "configuration file (default: the gosdesk settings folder, stunnel-epgu-ENV.conf)"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					if *thumb == "" {
						if s, err := config.Load(); err == nil {
							*thumb = s.Thumbprint
						}
					}
					if *thumb == "" {
						return usagef("нужен --thumbprint ОТПЕЧАТОК сертификата организации (certmgr -list -store uMy показывает его как SHA1 Hash)",
							"need --thumbprint of the organisation's certificate (certmgr -list -store uMy shows it as SHA1 Hash)")
					}
					cfg, err := tunnel.Generate(tunnel.Options{Env: *envName, Thumbprint: *thumb, Port: *port})
					if err != nil {
						if errors.Is(err, tunnel.ErrEnv) || errors.Is(err, tunnel.ErrThumbprint) || errors.Is(err, tunnel.ErrPort) {
							return usageError{msg: i18n.Message(err)}
						}
						return err
					}
					path := *out
					if path == "" {
						dir, err := config.Dir()
						if err != nil {
							return err
						}
						path = filepath.Join(dir, "stunnel-epgu-"+cfg.Env+".conf")
					}
					if err := cfg.Write(path); err != nil {
						return err
					}
					fmt.Fprintln(e.stdout, cfg.HowTo(path))
					return nil
				}
			},
		}, {
			name: "check",
			summary: i18n.Text{RU: "проверить, что туннель к API ЕПГУ запущен (для --transport tunnel)",
				EN: "check that the tunnel to API EPGU is running (for --transport tunnel)"},
			usage: envUsage + " [--transport plain|tunnel|gosttls] [--epgu-url URL] [--epgu-host ХОСТ]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				c := &connFlags{}
				addEnvFlag(fs, c)
				addTransportFlags(fs, &c.overrides)
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					s, err := config.Load()
					if err != nil {
						return err
					}
					en, err := config.ResolveWith(c.env, s, c.overrides)
					if err != nil {
						return usageError{msg: i18n.Message(err)}
					}
					if en.Transport != config.TransportTunnel {
						fmt.Fprintf(e.stdout, "%s (%s: %s)\n", i18n.T("Туннель не используется", "No tunnel is used"), i18n.T("способ подключения", "transport"), en.Transport)
						return nil
					}
					if err := en.CheckTunnel(context.Background()); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Туннель к API ЕПГУ работает", "The tunnel to API EPGU is up"), en.EPGU)
					return nil
				}
			},
		}},
	})
}
