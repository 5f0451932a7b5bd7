// Package logging is the one place that configures logrus for gosdesk and
// gosctl. Every package logs through logrus (logging.For("epgu")), and
// everything that reaches a log passes the redaction hook: no token, API
// key, PIN, password or personal identifier is ever written out.
package logging

import (
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/sirupsen/logrus"
)

// Options configure logging. The zero value logs warnings and errors to
// stderr as text.
type Options struct {
	Level  string    // "debug", "info", "warn" (default), "error"; GOSDESK_LOG overrides when Level is empty
	Output io.Writer // default os.Stderr
	JSON   bool      // JSON lines instead of text
}

// Setup configures the standard logrus logger. Call it once from main.
func Setup(o Options) error {
	l := logrus.StandardLogger()
	lvl := o.Level
	if lvl == "" {
		lvl = os.Getenv("GOSDESK_LOG")
	}
	if lvl == "" {
		lvl = "warn"
	}
	level, err := logrus.ParseLevel(lvl)
	if err != nil {
		return err
	}
	l.SetLevel(level)
	if o.Output != nil {
		l.SetOutput(o.Output)
	} else {
		l.SetOutput(os.Stderr)
	}
	if o.JSON {
		l.SetFormatter(&logrus.JSONFormatter{})
	} else {
		l.SetFormatter(&logrus.TextFormatter{DisableColors: true, FullTimestamp: true})
	}
	l.ReplaceHooks(make(logrus.LevelHooks))
	l.AddHook(RedactHook{})
	return nil
}

// For returns a logger entry for a component.
func For(component string) *logrus.Entry {
	return logrus.WithField("component", component)
}

// Redacted is what replaces a secret.
const Redacted = "[скрыто]"

// secretKeys are field names whose values are never logged (lower case,
// matched as substrings).
var secretKeys = []string{
	"token", "tkn", "apikey", "api_key", "key", "pin", "password", "passwd",
	"secret", "signature", "authorization", "cookie",
	"snils", "inn", "passport", "birth", "phone", "email", "name", "address",
}

// IsSecretField reports whether a log field with this name must be hidden.
func IsSecretField(name string) bool {
	n := strings.ToLower(name)
	if n == "component" || n == "filename" || n == "service" {
		return false
	}
	for _, k := range secretKeys {
		if strings.Contains(n, k) {
			return true
		}
	}
	return false
}

var secretPatterns = []*regexp.Regexp{
	// JWT (ESIA access tokens).
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`),
	// Bearer credentials.
	regexp.MustCompile(`(?i)(bearer\s+)[^\s"']+`),
	// query parameters that carry secrets.
	// A whole parameter name only: eserviceCode=60010153 is no secret
	// (issue 13 item 10), code=… (an OAuth code) is.
	regexp.MustCompile(`(?i)(\b(?:signature|client_secret|code|access_token|api_?key|pin|password)=)[^&\s"']+`),
	// long base64 blobs (signatures, keys).
	regexp.MustCompile(`[A-Za-z0-9+/_-]{120,}={0,2}`),
	// UUID-shaped API keys.
	regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`),
	// СНИЛС 123-456-789 01.
	regexp.MustCompile(`\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b`),
}

// RedactString hides secrets that appear in free text.
func RedactString(s string) string {
	for i, re := range secretPatterns {
		if i == 1 || i == 2 {
			s = re.ReplaceAllString(s, "${1}"+Redacted)
			continue
		}
		s = re.ReplaceAllString(s, Redacted)
	}
	return s
}

// RedactHook removes secrets from every entry before it is formatted.
type RedactHook struct{}

func (RedactHook) Levels() []logrus.Level { return logrus.AllLevels }

func (RedactHook) Fire(e *logrus.Entry) error {
	e.Message = RedactString(e.Message)
	for k, v := range e.Data {
		if IsSecretField(k) {
			e.Data[k] = Redacted
			continue
		}
		switch x := v.(type) {
		case string:
			e.Data[k] = RedactString(x)
		case error:
			e.Data[k] = RedactString(x.Error())
		}
	}
	return nil
}
