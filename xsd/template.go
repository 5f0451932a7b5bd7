package xsd

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Templates are XML files with placeholders {name}. Built-in placeholders:
//
//	{orderId}  the ЕПГУ order number (reserve it first; "0" by default)
//	{guid}     a random UUID (version 4)
//	{date}     today in Moscow, YYYY-MM-DD
//	{now}      the current time in Moscow, YYYY-MM-DDThh:mm:ss+03:00
//	{localNow} the same without the offset (СФР)
//	{expires}  now + 23 hours, in the same form (Госключ SignExpiration)
//
// and the applicant fields each service lists in Placeholders, with sample
// defaults.

// Moscow is the fixed UTC+3 zone of ЕПГУ dates.
var Moscow = time.FixedZone("MSK", 3*60*60)

// PlaceholderError lists placeholders that have no value.
type PlaceholderError struct{ Names []string }

func (e *PlaceholderError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localized.
func (e *PlaceholderError) Localize(l i18n.Lang) string {
	n := strings.Join(e.Names, ", ")
	if l == i18n.EN {
		return "no value for placeholders " + n
	}
	return "нет значений для полей шаблона " + n
}

// Template returns the raw template of the file of the given role (nil
// when the role has none).
func (s Service) Template(role string) []byte {
	f, ok := s.File(role)
	if !ok || f.Template == "" {
		return nil
	}
	b, err := dataFS.ReadFile(f.Template)
	if err != nil {
		return nil
	}
	return b
}

// Values returns the placeholder values for the service at time now: the
// built-ins, the service's defaults, then set (which wins).
func (s Service) Values(now time.Time, set map[string]string) map[string]string {
	now = now.In(Moscow)
	v := map[string]string{
		"orderId":  "0",
		"guid":     NewGUID(),
		"date":     now.Format("2006-01-02"),
		"now":      now.Format("2006-01-02T15:04:05-07:00"),
		"localNow": now.Format("2006-01-02T15:04:05"),
		"expires":  now.Add(23 * time.Hour).Format("2006-01-02T15:04:05-07:00"),
	}
	for _, p := range s.Placeholders {
		v[p.Name] = p.Default
	}
	for k, x := range set {
		v[k] = x
	}
	return v
}

// FillTemplate returns the template of role filled with Values(now, set).
func (s Service) FillTemplate(role string, now time.Time, set map[string]string) ([]byte, error) {
	t := s.Template(role)
	if t == nil {
		return nil, ErrUnknownRole
	}
	return Fill(t, s.Values(now, set))
}

// Placeholders lists the placeholder names used by a template, sorted.
func Placeholders(tmpl []byte) []string {
	seen := map[string]bool{}
	scan(tmpl, func(name string) { seen[name] = true })
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Fill replaces each {name} of tmpl by values[name], escaped for XML text
// and attribute values. Placeholders without a value are an error
// (*PlaceholderError); braces not around a name are copied as they are.
func Fill(tmpl []byte, values map[string]string) ([]byte, error) {
	var out strings.Builder
	out.Grow(len(tmpl))
	var missing []string
	last := 0
	scanPos(tmpl, func(start, end int, name string) {
		out.Write(tmpl[last:start])
		last = end
		v, ok := values[name]
		if !ok {
			missing = append(missing, name)
			out.Write(tmpl[start:end])
			return
		}
		out.WriteString(escape(v))
	})
	out.Write(tmpl[last:])
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &PlaceholderError{Names: dedup(missing)}
	}
	return []byte(out.String()), nil
}

func dedup(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || s[i-1] != x {
			out = append(out, x)
		}
	}
	return out
}

func scan(b []byte, f func(name string)) {
	scanPos(b, func(_, _ int, name string) { f(name) })
}

// scanPos calls f for each {name} (name: a letter, then letters, digits, _).
func scanPos(b []byte, f func(start, end int, name string)) {
	for i := 0; i < len(b); i++ {
		if b[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(b) && (isLetter(b[j]) || j > i+1 && (b[j] >= '0' && b[j] <= '9' || b[j] == '_')) {
			j++
		}
		if j > i+1 && j < len(b) && b[j] == '}' {
			f(i, j+1, string(b[i+1:j]))
			i = j
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	return r.Replace(s)
}

// NewGUID returns a random UUID, version 4, in lower case.
func NewGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
