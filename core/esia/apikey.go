package esia

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zalando/go-keyring"
)

// APIKeyRecord is one row of an API key file.
type APIKeyRecord struct {
	// Key is the API key (UUID).
	Key string
	// Fields holds the other columns by header name (system, employee,
	// dates…), as exported by the partners portal.
	Fields map[string]string
}

var uuidRe = regexp.MustCompile(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ErrNoAPIKey means the file holds no API key.
var ErrNoAPIKey = errors.New("esia: в файле нет API-ключа (UUID)")

// ParseAPIKeyCSV reads the API key list exported from «Мои системы» of the
// partners portal. The consumer guide v3.3 (§4) shows the keys only as a
// list on the system page and fixes no file layout, so the reader is
// tolerant: UTF-8 (with or without BOM) or Windows-1251, separator ";" or
// ",", an optional header row; the key is the column named like
// "API-Key"/"Ключ"/"apikey", or else the first column holding a UUID.
func ParseAPIKeyCSV(r io.Reader) ([]APIKeyRecord, error) {
	data, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = cp1251ToUTF8(data)
	}
	sep := ','
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		sep = ';'
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("esia: API key file: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrNoAPIKey
	}
	var header []string
	keyCol := -1
	if !rowHasUUID(rows[0]) {
		header = rows[0]
		rows = rows[1:]
		for i, h := range header {
			n := strings.ToLower(strings.TrimSpace(h))
			n = strings.NewReplacer("-", "", "_", "", " ", "").Replace(n)
			if n == "apikey" || n == "ключ" || n == "apiключ" || n == "key" || strings.Contains(n, "apikey") {
				keyCol = i
				break
			}
		}
	}
	var out []APIKeyRecord
	for _, row := range rows {
		col := keyCol
		if col < 0 || col >= len(row) || !uuidRe.MatchString(strings.TrimSpace(row[col])) {
			col = -1
			for i, v := range row {
				if uuidRe.MatchString(strings.TrimSpace(v)) {
					col = i
					break
				}
			}
		}
		if col < 0 {
			continue
		}
		rec := APIKeyRecord{Key: strings.ToLower(strings.TrimSpace(row[col])), Fields: map[string]string{}}
		for i, v := range row {
			if i == col {
				continue
			}
			name := fmt.Sprintf("col%d", i+1)
			if i < len(header) && strings.TrimSpace(header[i]) != "" {
				name = strings.TrimSpace(header[i])
			}
			rec.Fields[name] = strings.TrimSpace(v)
		}
		out = append(out, rec)
	}
	if len(out) == 0 {
		return nil, ErrNoAPIKey
	}
	return out, nil
}

func rowHasUUID(row []string) bool {
	for _, v := range row {
		if uuidRe.MatchString(strings.TrimSpace(v)) {
			return true
		}
	}
	return false
}

// cp1251ToUTF8 decodes Windows-1251 (Cyrillic letters and common marks).
func cp1251ToUTF8(b []byte) []byte {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c >= 0xC0:
			sb.WriteRune(rune(0x410 + int(c) - 0xC0))
		case c == 0xA8:
			sb.WriteRune('Ё')
		case c == 0xB8:
			sb.WriteRune('ё')
		case c == 0xB9:
			sb.WriteRune('№')
		default:
			sb.WriteRune('\uFFFD')
		}
	}
	return []byte(sb.String())
}

// KeyringService is the OS keyring service name of stored API keys.
const KeyringService = "gosdesk-esia-apikey"

// StoreAPIKey saves key in the OS keyring under account (e.g. the system
// mnemonic or a profile name). Keys are never written to config files.
func StoreAPIKey(account, key string) error {
	if !uuidRe.MatchString(key) {
		return errors.New("esia: API-ключ должен быть UUID")
	}
	return keyring.Set(KeyringService, account, strings.ToLower(key))
}

// LoadAPIKey reads the key of account from the OS keyring.
func LoadAPIKey(account string) (string, error) {
	return keyring.Get(KeyringService, account)
}

// DeleteAPIKey removes the key of account from the OS keyring.
func DeleteAPIKey(account string) error {
	return keyring.Delete(KeyringService, account)
}

// ImportAPIKeyFile parses r and stores its first key under account,
// returning the record (its Key field is the stored key).
func ImportAPIKeyFile(account string, r io.Reader) (*APIKeyRecord, error) {
	recs, err := ParseAPIKeyCSV(r)
	if err != nil {
		return nil, err
	}
	if err := StoreAPIKey(account, recs[0].Key); err != nil {
		return nil, err
	}
	return &recs[0], nil
}

// MaskKey shows only the last 4 characters of a key, for display.
func MaskKey(key string) string {
	if len(key) <= 4 {
		return "****"
	}
	return "********-****-****-****-********" + key[len(key)-4:]
}
