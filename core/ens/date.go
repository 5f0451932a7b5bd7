package ens

import "time"

// Moscow is the fixed +03:00 zone in which ENS dates are civil dates (no
// tzdata is needed; Russia has no DST since 2014).
var Moscow = time.FixedZone("MSK", 3*60*60)

// Date returns midnight of the civil date of t in Moscow time.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Moscow)
}

// MakeDate returns midnight of y-m-d in Moscow time.
func MakeDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, Moscow)
}

// parseDate reads a date with the profile layout; a value with an offset
// (RFC 3339) is accepted too and keeps its offset.
func (p *Profile) parseDate(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(p.DateFormat, s, Moscow); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02", s, Moscow)
}

// parseTime reads an instant with the profile layout, then RFC 3339.
func (p *Profile) parseTime(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(p.TimeFormat, s, Moscow); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// FormatDate writes a civil date with the profile layout.
func (p *Profile) FormatDate(t time.Time) string { return t.In(Moscow).Format(p.DateFormat) }

// FormatTime writes an instant with the profile layout in Moscow time.
func (p *Profile) FormatTime(t time.Time) string { return t.In(Moscow).Format(p.TimeFormat) }

// ParseDate reads a date written with the profile layout.
func (p *Profile) ParseDate(s string) (time.Time, error) { return p.parseDate(s) }

// ParseTime reads an instant written with the profile layout.
func (p *Profile) ParseTime(s string) (time.Time, error) { return p.parseTime(s) }
