// Package csp drives an installed CryptoPro CSP through its command line
// tools: certmgr lists and exports certificates, cryptcp (or csptest when
// cryptcp refuses, e.g. for its own licence) makes detached or attached
// CAdES-BES signatures. This is the only way to use keys on tokens
// (Rutoken, JaCarta) and non-exportable keys.
//
// The tools run behind the Runner interface so that tests use a fake.
// certmgr output is parsed in its English and Russian forms, CSP 4 and 5
// labels, UTF-8, CP1251 or CP866.
package csp

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cert is one certificate block of `certmgr -list`.
type Cert struct {
	Index         int
	Issuer        string
	Subject       string
	Serial        string // hex without 0x, uppercase
	SHA1          string // thumbprint, uppercase hex
	SubjectKeyID  string
	SignatureAlg  string
	PublicKeyAlg  string
	NotBefore     time.Time
	NotAfter      time.Time
	HasPrivateKey bool
	Container     string // e.g. HDIMAGE\\name.000\2A2E or \\.\HDIMAGE\name
	ProviderName  string
	ProviderType  int
	KeySpec       int
	// Fields holds every "label : value" pair as printed (label trimmed).
	Fields map[string]string
}

var labels = map[string]string{
	"issuer": "issuer", "издатель": "issuer",
	"subject": "subject", "субъект": "subject",
	"serial": "serial", "серийный номер": "serial",
	"sha1 hash": "sha1", "sha1 thumbprint": "sha1", "sha1 отпечаток": "sha1", "отпечаток sha1": "sha1",
	"subjkeyid": "skid", "subjectkeyid": "skid", "идентификатор ключа": "skid",
	"signature algorithm": "sigalg", "алгоритм подписи": "sigalg",
	"publickey algorithm": "pkalg", "public key algorithm": "pkalg", "алгоритм открытого ключа": "pkalg",
	"not valid before": "notbefore", "выдан": "notbefore", "действителен с": "notbefore",
	"not valid after": "notafter", "истекает": "notafter", "действителен по": "notafter",
	"privatekey link": "keylink", "private key link": "keylink", "ссылка на ключ": "keylink",
	"container": "container", "контейнер": "container",
	"provider name": "provname", "имя провайдера": "provname",
	"provider info": "provinfo", "информация о провайдере": "provinfo",
}

var (
	blockStart = regexp.MustCompile(`^\s*(\d+)-{3,}\s*$`)
	labelLine  = regexp.MustCompile(`^(\S[^:]*?)\s*:\s?(.*)$`)
	provType   = regexp.MustCompile(`(?i)prov(?:ider)?\s*type\s*:\s*(\d+)`)
	keySpec    = regexp.MustCompile(`(?i)key\s*spec\s*:\s*(\d+)`)
	errorCode  = regexp.MustCompile(`\[ErrorCode:\s*(0x[0-9A-Fa-f]+)\]`)
)

// ParseList parses `certmgr -list` output. The text may be UTF-8, CP1251 or
// CP866. The trailing [ErrorCode: …] is returned as code (0 when absent).
func ParseList(out []byte) (certs []Cert, code uint32) {
	text := ToUTF8(out)
	var cur *Cert
	var lastKey string
	flush := func() {
		if cur != nil && (cur.SHA1 != "" || cur.Subject != "") {
			certs = append(certs, *cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if m := errorCode.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseUint(m[1][2:], 16, 32)
			code = uint32(v)
			continue
		}
		if m := blockStart.FindStringSubmatch(line); m != nil {
			flush()
			n, _ := strconv.Atoi(m[1])
			cur = &Cert{Index: n, Fields: map[string]string{}}
			lastKey = ""
			continue
		}
		if cur == nil || strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "====") {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			// continuation of the previous value (or a sub-block)
			if lastKey != "" {
				cur.Fields[lastKey] += "\n" + strings.TrimSpace(line)
			}
			continue
		}
		m := labelLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		label, value := strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
		lastKey = label
		cur.Fields[label] = value
		switch labels[strings.ToLower(label)] {
		case "issuer":
			cur.Issuer = value
		case "subject":
			cur.Subject = value
		case "serial":
			cur.Serial = normHex(value)
		case "sha1":
			cur.SHA1 = normHex(value)
		case "skid":
			cur.SubjectKeyID = normHex(value)
		case "sigalg":
			cur.SignatureAlg = value
		case "pkalg":
			cur.PublicKeyAlg = value
		case "notbefore":
			cur.NotBefore = parseTime(value)
		case "notafter":
			cur.NotAfter = parseTime(value)
		case "keylink":
			v := strings.ToLower(value)
			cur.HasPrivateKey = strings.HasPrefix(v, "yes") || strings.HasPrefix(v, "есть") || strings.HasPrefix(v, "да")
		case "container":
			cur.Container = value
		case "provname":
			cur.ProviderName = value
		case "provinfo":
			if m := provType.FindStringSubmatch(value); m != nil {
				cur.ProviderType, _ = strconv.Atoi(m[1])
			}
			if m := keySpec.FindStringSubmatch(value); m != nil {
				cur.KeySpec, _ = strconv.Atoi(m[1])
			}
		}
	}
	flush()
	return certs, code
}

func normHex(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	s = strings.ReplaceAll(s, " ", "")
	return strings.ToUpper(s)
}

// parseTime reads "14/02/2022  13:22:17 UTC" (DD/MM/YYYY).
func parseTime(s string) time.Time {
	f := strings.Fields(s)
	if len(f) < 2 {
		return time.Time{}
	}
	t, err := time.Parse("02/01/2006 15:04:05", f[0]+" "+f[1])
	if err != nil {
		t, err = time.Parse("02.01.2006 15:04:05", f[0]+" "+f[1])
		if err != nil {
			return time.Time{}
		}
	}
	return t.UTC()
}

// ToUTF8 returns out as UTF-8: unchanged when valid UTF-8, otherwise
// decoded from CP1251 or CP866, whichever yields more known Russian words.
func ToUTF8(out []byte) string {
	if utf8.Valid(out) {
		return string(out)
	}
	a, b := decode(out, &cp1251), decode(out, &cp866)
	if score(b) > score(a) {
		return b
	}
	return a
}

var russianHints = []string{"Издатель", "Субъект", "Контейнер", "Выдан", "Истекает", "Серийный", "отпечаток",
	"Ссылка", "провайдера", "Ошибка", "ошибка", "ключ", "сертификат", "ГОСТ", "бит"}

func score(s string) int {
	n := 0
	for _, h := range russianHints {
		n += strings.Count(s, h)
	}
	return n
}

func decode(b []byte, table *[128]rune) string {
	var sb bytes.Buffer
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(table[c-0x80])
		}
	}
	return sb.String()
}

var cp1251 = func() (t [128]rune) {
	hi := []rune("ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\uFFFD™љ›њќћџ\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї°±Ііґµ¶·ё№є»јЅѕї")
	copy(t[:], hi)
	for i := 0; i < 64; i++ {
		t[0x40+i] = rune(0x410 + i)
	}
	return
}()

var cp866 = func() (t [128]rune) {
	for i := 0; i < 48; i++ { // А..Я, а..п
		t[i] = rune(0x410 + i)
	}
	box := []rune("░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀")
	copy(t[48:], box)
	for i := 0; i < 16; i++ { // р..я
		t[0x60+i] = rune(0x440 + i)
	}
	copy(t[0x70:], []rune("ЁёЄєЇїЎў°∙·√№¤■\u00A0"))
	return
}()
