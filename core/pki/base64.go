package pki

import (
	"bytes"
	"encoding/base64"
)

// decodeBase64 decodes standard base64 ignoring whitespace.
func decodeBase64(b []byte) ([]byte, error) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			clean = append(clean, c)
		}
	}
	clean = bytes.TrimRight(clean, "=")
	return base64.RawStdEncoding.DecodeString(string(clean))
}
