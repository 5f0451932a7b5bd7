package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// DirVar overrides the settings directory (tests, portable installs).
const DirVar = "GOSDESK_CONFIG_DIR"

// FileName is the settings file inside Dir.
const FileName = "settings.json"

// Settings are the user's defaults. They hold no secrets: no API key, no
// PIN, no password, no token (Load refuses a file that tries to).
type Settings struct {
	// Env is the default environment (sandbox, test, test-beta, prod or a URL).
	Env string `json:"env,omitempty"`
	// SandboxAddr is the address of the "sandbox" environment
	// (DefaultSandboxAddr if empty).
	SandboxAddr string `json:"sandboxAddr,omitempty"`
	// Account is the OS keyring account the API key is stored under
	// (the environment name if empty).
	Account string `json:"account,omitempty"`
	// Thumbprint selects the signing certificate in the key store.
	Thumbprint string `json:"thumbprint,omitempty"`
	// Container is a CryptoPro container folder.
	Container string `json:"container,omitempty"`
	// PFX is a PKCS#12 file.
	PFX string `json:"pfx,omitempty"`
	// Key and Cert are a PEM key file and its certificate.
	Key  string `json:"key,omitempty"`
	Cert string `json:"cert,omitempty"`
	// PINEnv names the environment variable holding the PIN or password.
	PINEnv string `json:"pinEnv,omitempty"`
	// ChunkSize of chunked uploads in bytes (0: the client's default).
	ChunkSize int64 `json:"chunkSize,omitempty"`
	// ESIAURL and EPGUURL override the environment's base URLs separately
	// (e.g. API ЕПГУ through a local tunnel, http://127.0.0.1:PORT).
	ESIAURL string `json:"esiaUrl,omitempty"`
	EPGUURL string `json:"epguUrl,omitempty"`
	// EPGUHost is the real API ЕПГУ host name sent through a tunnel
	// (default: the host of the environment's API ЕПГУ).
	EPGUHost string `json:"epguHost,omitempty"`
	// Transport to API ЕПГУ: plain, tunnel or gosttls (see transport.go).
	Transport string `json:"transport,omitempty"`
	// TrustDir is a folder of root certificates for the built-in GOST TLS.
	TrustDir string `json:"trustDir,omitempty"`
	// System is the mnemonic of the user's ВИС (information system) in
	// ЕСИА / API ЕПГУ.
	System string `json:"system,omitempty"`
	// ENSProfile is the path of the API ЕНС protocol profile file.
	ENSProfile string `json:"ensProfile,omitempty"`
}

// Dir is the settings directory: $GOSDESK_CONFIG_DIR, else
// $XDG_CONFIG_HOME/gosdesk (~/.config/gosdesk), or the OS equivalent
// (%AppData%\gosdesk, ~/Library/Application Support/gosdesk).
func Dir() (string, error) {
	if d := os.Getenv(DirVar); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir() // honours XDG_CONFIG_HOME
	if err != nil {
		return "", i18n.Wrap(err, "не найдена папка настроек", "no settings folder")
	}
	return filepath.Join(base, "gosdesk"), nil
}

// Path is the settings file.
func Path() (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, FileName), nil
}

// ErrSecretInSettings means the settings file holds a field that looks
// like a secret; gosdesk refuses to use it so that nobody keeps keys there.
type ErrSecretInSettings struct{ Field string }

func (e *ErrSecretInSettings) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localized.
func (e *ErrSecretInSettings) Localize(l i18n.Lang) string {
	return i18n.Text{
		RU: "в файле настроек поле «" + e.Field + "» похоже на секрет: API-ключ хранится в связке ключей ОС, PIN — в переменной окружения; удалите поле",
		EN: "the settings file has a field \"" + e.Field + "\" that looks like a secret: the API key lives in the OS keyring, the PIN in an environment variable; remove the field",
	}.In(l)
}

var secretWords = []string{"apikey", "api_key", "api-key", "pin", "password", "passwd", "token", "secret"}

func isSecretField(name string) bool {
	n := strings.ToLower(name)
	if n == "pinenv" {
		return false
	}
	for _, w := range secretWords {
		if n == w || strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Load reads the settings file; a missing file gives empty settings.
func Load() (*Settings, error) {
	p, err := Path()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return &Settings{}, nil
	}
	if err != nil {
		return nil, i18n.Wrap(err, p+": ошибка чтения", p+": read error")
	}
	return Parse(b)
}

// Parse decodes settings JSON, refusing secret-looking and unknown fields.
func Parse(b []byte) (*Settings, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, i18n.Wrap(err, "файл настроек повреждён", "the settings file is malformed")
	}
	for k := range m {
		if isSecretField(k) {
			return nil, &ErrSecretInSettings{Field: k}
		}
	}
	var s Settings
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, i18n.Wrap(err, "файл настроек: неизвестное или неверное поле", "settings file: unknown or bad field")
	}
	return &s, nil
}

// Save writes the settings file (mode 0600, directory 0700).
func (s *Settings) Save() error {
	p, err := Path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return i18n.Wrap(err, filepath.Dir(p)+": не удалось создать папку", filepath.Dir(p)+": cannot create the folder")
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return i18n.Wrap(err, p+": ошибка записи", p+": write error")
	}
	return os.Rename(tmp, p)
}
