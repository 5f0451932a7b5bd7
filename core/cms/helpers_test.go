package cms

import "encoding/base64"

func encodeBase64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	out := ""
	for len(s) > 64 {
		out += s[:64] + "\n"
		s = s[64:]
	}
	return out + s
}
