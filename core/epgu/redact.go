package epgu

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// sensitiveParams are query parameters never logged in clear.
var sensitiveParams = map[string]bool{
	"signature": true, "client_secret": true, "code": true, "access_token": true,
	"refresh_token": true, "token": true, "apikey": true, "api_key": true,
}

// RedactQuery renders q for a log line with secret values masked.
func RedactQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	c := url.Values{}
	for k, vs := range q {
		for _, v := range vs {
			if sensitiveParams[strings.ToLower(k)] {
				v = "***"
			}
			c.Add(k, v)
		}
	}
	s, _ := url.QueryUnescape(c.Encode())
	return s
}

var (
	reBearer = regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`)
	reJWT    = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	reUUID   = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	reSNILS  = regexp.MustCompile(`\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b`)
	reSecret = regexp.MustCompile(`(?i)((?:signature|client_secret|code|token)=)[^&\s"]+`)
)

// Redact masks bearer tokens, JWTs, UUIDs (API keys), SNILS numbers and
// secret query parameters in s.
func Redact(s string) string {
	s = reBearer.ReplaceAllString(s, "${1}***")
	s = reJWT.ReplaceAllString(s, "***")
	s = reSecret.ReplaceAllString(s, "${1}***")
	s = reUUID.ReplaceAllString(s, "********-****-****-****-************")
	s = reSNILS.ReplaceAllString(s, "***-***-*** **")
	return s
}

// RedactError returns err with its text passed through Redact.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	return redactedError{err}
}

type redactedError struct{ err error }

func (e redactedError) Error() string { return Redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

var _ = errors.Unwrap
