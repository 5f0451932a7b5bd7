// Package tunnel prepares the compliant route to API ЕПГУ: a local GOST TLS
// tunnel through CryptoPro's certified stunnel (stunnel_msspi, which uses
// CryptoPro CSP and picks the client certificate by its SHA-1 thumbprint).
// gosdesk then talks plain HTTP to http://127.0.0.1:PORT, sending the real
// host in the Host header (core/config, transport "tunnel"), and the tunnel
// carries it over GOST TLS to the защищённый контур of API ЕПГУ.
//
// Spec v1.13 §1.2 requires a certified СКЗИ of class КС1 or higher (КС3 when
// personal data comes back from ЕПГУ) on this channel; CryptoPro CSP with its
// stunnel is such a tool, gosdesk's own core/gosttls is not.
package tunnel

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// Default local ports of the tunnel, one per environment so that both can
// run at once.
const (
	DefaultPortTest = 18443
	DefaultPortProd = 18444
)

// Options of a tunnel configuration.
type Options struct {
	// Env is "test" (svcdev-gostapi.test.gosuslugi.ru) or "prod"
	// (www.gosuslugi.ru).
	Env string
	// Thumbprint is the SHA-1 thumbprint of the organisation's certificate
	// in the CryptoPro store (certmgr -list shows it as "SHA1 Hash"); the
	// tunnel authenticates with it.
	Thumbprint string
	// Port is the local port (0: DefaultPortTest / DefaultPortProd).
	Port int
	// LogFile of stunnel (empty: stunnel-epgu-ENV.log next to the config).
	LogFile string
}

// Config is a ready tunnel configuration.
type Config struct {
	Env  string
	Host string // the real API ЕПГУ host
	Port int    // the local port
	// EPGUURL is the address gosdesk uses for API ЕПГУ: http://127.0.0.1:PORT.
	EPGUURL string
	// Text is the stunnel_msspi configuration file.
	Text string
}

// Errors of Generate.
var (
	ErrEnv        = i18n.New("туннель настраивается для среды test или prod", "the tunnel is set up for env test or prod")
	ErrThumbprint = i18n.New("отпечаток сертификата должен состоять из 40 шестнадцатеричных цифр (SHA1, как его показывает certmgr -list)",
		"the certificate thumbprint must be 40 hex digits (SHA1, as certmgr -list shows it)")
	ErrPort = i18n.New("порт туннеля должен быть от 1024 до 65535", "the tunnel port must be 1024…65535")
)

// NormalizeThumbprint removes spaces, colons and a 0x prefix and upper-cases
// a SHA-1 thumbprint; it fails unless 40 hex digits remain.
func NormalizeThumbprint(s string) (string, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "0x"), "0X")
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == ':' || r == '\u00a0' || r == '\u200e' {
			return -1
		}
		return r
	}, s)
	if len(s) != 40 {
		return "", ErrThumbprint
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return "", ErrThumbprint
		}
	}
	return strings.ToUpper(s), nil
}

// Generate makes the stunnel_msspi configuration for env.
func Generate(o Options) (*Config, error) {
	var base string
	port := o.Port
	switch strings.ToLower(o.Env) {
	case "test":
		base = epgu.BaseURLTest
		if port == 0 {
			port = DefaultPortTest
		}
	case "prod":
		base = epgu.BaseURLProd
		if port == 0 {
			port = DefaultPortProd
		}
	default:
		return nil, ErrEnv
	}
	if port < 1024 || port > 65535 {
		return nil, ErrPort
	}
	tp, err := NormalizeThumbprint(o.Thumbprint)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(base)
	env := strings.ToLower(o.Env)
	logFile := o.LogFile
	if logFile == "" {
		logFile = "stunnel-epgu-" + env + ".log"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "; stunnel КриптоПро (stunnel_msspi): ГОСТ TLS к API ЕПГУ, среда %s.\n", env)
	fmt.Fprintf(&b, "; Сделано gosdesk (gosctl tunnel config --env %s). gosdesk обращается к http://127.0.0.1:%d,\n", env, port)
	fmt.Fprintf(&b, "; туннель передаёт запросы на https://%s по ГОСТ TLS (спецификация API ЕПГУ v1.13 §1.2).\n", u.Host)
	b.WriteString("; PIN контейнера в этом файле не хранится: stunnel спросит его или возьмёт сохранённый в КриптоПро CSP.\n")
	fmt.Fprintf(&b, "output = %s\n", logFile)
	b.WriteString("debug = 5\n")
	b.WriteString("socket = l:TCP_NODELAY=1\n")
	b.WriteString("socket = r:TCP_NODELAY=1\n")
	b.WriteString("\n")
	fmt.Fprintf(&b, "[epgu-%s]\n", env)
	b.WriteString("client = yes\n")
	fmt.Fprintf(&b, "accept = 127.0.0.1:%d\n", port)
	fmt.Fprintf(&b, "connect = %s:443\n", u.Host)
	fmt.Fprintf(&b, "sni = %s\n", u.Host)
	b.WriteString("; сертификат организации из хранилища «Личное» КриптоПро, по отпечатку SHA1\n")
	fmt.Fprintf(&b, "cert = %s\n", tp)
	b.WriteString("; проверять цепочку сертификата сервера по корневым сертификатам, установленным в КриптоПро\n")
	b.WriteString("verify = 2\n")
	return &Config{Env: env, Host: u.Host, Port: port, EPGUURL: fmt.Sprintf("http://127.0.0.1:%d", port), Text: b.String()}, nil
}

// Write saves the configuration to path (mode 0600, the folder created).
func (c *Config) Write(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return i18n.Wrap(err, filepath.Dir(path)+": не удалось создать папку", filepath.Dir(path)+": cannot create the folder")
	}
	if err := os.WriteFile(path, []byte(c.Text), 0o600); err != nil {
		return i18n.Wrap(err, path+": ошибка записи", path+": write error")
	}
	return nil
}

// HowTo says, in the user's language, how to start the tunnel written to
// path and how to point gosdesk at it.
func (c *Config) HowTo(path string) string {
	p := strconv.Itoa(c.Port)
	return i18n.Text{
		RU: "Настройки туннеля записаны в " + path + ".\n\n" +
			"1. Установите КриптоПро CSP и пакет stunnel КриптоПро (stunnel_msspi); сертификат организации с ключом\n" +
			"   должен быть в хранилище «Личное» (certmgr -list -store uMy), корневые сертификаты Минцифры — в доверенных.\n" +
			"2. Запустите туннель и оставьте его работать:\n" +
			"     Linux:   /opt/cprocsp/sbin/amd64/stunnel_msspi " + path + "\n" +
			"     Windows: stunnel_msspi.exe " + path + "\n" +
			"   Проверка: curl -sv http://127.0.0.1:" + p + "/ — ответ сервера ЕПГУ (а не «Connection refused»).\n" +
			"3. Направьте gosdesk на туннель:\n" +
			"     gosctl --env " + c.Env + " --epgu-url " + c.EPGUURL + " --transport tunnel …\n" +
			"   или в настройках (settings.json): \"env\": \"" + c.Env + "\", \"epguUrl\": \"" + c.EPGUURL + "\", \"transport\": \"tunnel\".\n" +
			"   gosdesk отправит заголовок Host: " + c.Host + ". ЕСИА вызывается напрямую.\n\n" +
			"Это соответствующий требованиям путь: спецификация API ЕПГУ v1.13 §1.2 требует сертифицированное СКЗИ\n" +
			"класса КС1 (КС3, если ЕПГУ возвращает персональные данные); им является КриптоПро CSP, а не gosdesk.\n",
		EN: "The tunnel configuration is in " + path + ".\n\n" +
			"1. Install CryptoPro CSP and CryptoPro's stunnel (stunnel_msspi); the organisation's certificate with its key\n" +
			"   must be in the Personal store (certmgr -list -store uMy), the Ministry's root certificates among the trusted ones.\n" +
			"2. Start the tunnel and keep it running:\n" +
			"     Linux:   /opt/cprocsp/sbin/amd64/stunnel_msspi " + path + "\n" +
			"     Windows: stunnel_msspi.exe " + path + "\n" +
			"   Check: curl -sv http://127.0.0.1:" + p + "/ answers from the EPGU server (not \"Connection refused\").\n" +
			"3. Point gosdesk at the tunnel:\n" +
			"     gosctl --env " + c.Env + " --epgu-url " + c.EPGUURL + " --transport tunnel …\n" +
			"   or in the settings (settings.json): \"env\": \"" + c.Env + "\", \"epguUrl\": \"" + c.EPGUURL + "\", \"transport\": \"tunnel\".\n" +
			"   gosdesk sends the header Host: " + c.Host + ". ESIA is called directly.\n\n" +
			"This is the compliant route: API EPGU spec v1.13 §1.2 requires a certified crypto provider of class KS1 (KS3\n" +
			"when EPGU returns personal data); CryptoPro CSP is one, gosdesk is not.\n",
	}.String()
}
