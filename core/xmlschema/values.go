package xmlschema

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// prim identifies a primitive datatype (the value space a value lives in).
type prim int

const (
	pAnySimple prim = iota
	pString
	pBoolean
	pDecimal
	pFloat
	pDouble
	pDuration
	pDateTime
	pTime
	pDate
	pGYearMonth
	pGYear
	pGMonthDay
	pGDay
	pGMonth
	pHexBinary
	pBase64Binary
	pAnyURI
	pQName
	pNOTATION
)

// Values of the value spaces. Values of different primitive types are never
// equal; atomic values are comparable Go values.
type (
	strVal struct {
		p prim
		s string
	} // string, anyURI, anySimpleType
	boolVal bool
	decVal  struct {
		neg    bool
		ip, fp string // integer part without leading zeros, fraction without trailing zeros
	}
	floatVal struct {
		f      float64
		double bool
	}
	durVal struct {
		neg    bool
		months int64
		secs   int64
		frac   string // fraction of a second, no trailing zeros
	}
	dtVal struct {
		p                 prim
		year              int64
		mon, day, h, m, s int
		frac              string
		tz                int // minutes east of UTC
		hasTZ             bool
	}
	binVal struct {
		p prim
		b string
	}
	qnVal struct {
		p prim
		q QName
	}
	listVal []any
)

// ---- decimal ----

func parseDecimal(s string, integer bool) (decVal, bool) {
	var v decVal
	if s == "" {
		return v, false
	}
	switch s[0] {
	case '-':
		v.neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	ip, fp, dot := strings.Cut(s, ".")
	if dot && integer {
		return v, false
	}
	if ip == "" && fp == "" {
		return v, false
	}
	for i := 0; i < len(ip); i++ {
		if ip[i] < '0' || ip[i] > '9' {
			return v, false
		}
	}
	for i := 0; i < len(fp); i++ {
		if fp[i] < '0' || fp[i] > '9' {
			return v, false
		}
	}
	v.ip = strings.TrimLeft(ip, "0")
	v.fp = strings.TrimRight(fp, "0")
	if v.ip == "" && v.fp == "" {
		v.neg = false
	}
	return v, true
}

func cmpDec(a, b decVal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := cmpAbs(a, b)
	if a.neg {
		return -c
	}
	return c
}

func cmpAbs(a, b decVal) int {
	if len(a.ip) != len(b.ip) {
		if len(a.ip) < len(b.ip) {
			return -1
		}
		return 1
	}
	if a.ip != b.ip {
		if a.ip < b.ip {
			return -1
		}
		return 1
	}
	if a.fp == b.fp {
		return 0
	}
	if a.fp < b.fp {
		return -1
	}
	return 1
}

func (d decVal) String() string {
	s := d.ip
	if s == "" {
		s = "0"
	}
	if d.fp != "" {
		s += "." + d.fp
	}
	if d.neg {
		s = "-" + s
	}
	return s
}

func (d decVal) totalDigits() int {
	n := len(d.ip) + len(d.fp)
	if d.ip == "" && d.fp != "" {
		n = len(strings.TrimLeft(d.fp, "0"))
	}
	return n
}

// ---- float ----

func parseFloat(s string, double bool) (floatVal, bool) {
	switch s {
	case "INF":
		return floatVal{math.Inf(1), double}, true
	case "-INF":
		return floatVal{math.Inf(-1), double}, true
	case "NaN":
		return floatVal{math.NaN(), double}, true
	}
	// lexical check: (+|-)?(digits(.digits?)?|.digits)([Ee](+|-)?digits)?
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	nd := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		nd++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			nd++
		}
	}
	if nd == 0 {
		return floatVal{}, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ne := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ne++
		}
		if ne == 0 {
			return floatVal{}, false
		}
	}
	if i != len(s) {
		return floatVal{}, false
	}
	bits := 64
	if !double {
		bits = 32
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		// out of range: rounds to ±INF or 0 in the value space
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return floatVal{f, double}, true
		}
		return floatVal{}, false
	}
	return floatVal{f, double}, true
}

func cmpFloat(a, b floatVal) int {
	switch {
	case math.IsNaN(a.f) && math.IsNaN(b.f):
		return 0
	case math.IsNaN(a.f) || math.IsNaN(b.f):
		return 2
	case a.f < b.f:
		return -1
	case a.f > b.f:
		return 1
	}
	return 0
}

// ---- duration ----

func parseDuration(s string) (durVal, bool) {
	var v durVal
	if strings.HasPrefix(s, "-") {
		v.neg = true
		s = s[1:]
	}
	if !strings.HasPrefix(s, "P") {
		return v, false
	}
	s = s[1:]
	date, tpart, hasT := strings.Cut(s, "T")
	if hasT && tpart == "" {
		return v, false
	}
	if date == "" && !hasT {
		return v, false
	}
	var years, months, days, hours, mins, secs int64
	any := false
	num := func(str *string, des byte) (int64, bool, bool) {
		i := 0
		for i < len(*str) && (*str)[i] >= '0' && (*str)[i] <= '9' {
			i++
		}
		if i == len(*str) || (*str)[i] != des {
			return 0, false, true
		}
		if i == 0 {
			return 0, false, false
		}
		n, err := strconv.ParseInt((*str)[:i], 10, 64)
		if err != nil || n > 1e15 {
			return 0, false, false
		}
		*str = (*str)[i+1:]
		return n, true, true
	}
	for _, p := range []struct {
		d   byte
		dst *int64
	}{{'Y', &years}, {'M', &months}, {'D', &days}} {
		n, got, ok := num(&date, p.d)
		if !ok {
			return v, false
		}
		if got {
			*p.dst = n
			any = true
		}
	}
	if date != "" {
		return v, false
	}
	if hasT {
		anyT := false
		for _, p := range []struct {
			d   byte
			dst *int64
		}{{'H', &hours}, {'M', &mins}} {
			n, got, ok := num(&tpart, p.d)
			if !ok {
				return v, false
			}
			if got {
				*p.dst = n
				anyT = true
			}
		}
		if tpart != "" {
			if !strings.HasSuffix(tpart, "S") {
				return v, false
			}
			d, ok := parseDecimal(tpart[:len(tpart)-1], false)
			if !ok || strings.ContainsAny(tpart[:1], "+-") || strings.HasSuffix(tpart[:len(tpart)-1], ".") || len(d.ip) > 15 {
				return v, false
			}
			if d.ip != "" {
				secs, _ = strconv.ParseInt(d.ip, 10, 64)
			}
			v.frac = d.fp
			anyT = true
		}
		if !anyT {
			return v, false
		}
		any = true
	}
	if !any {
		return v, false
	}
	v.months = years*12 + months
	v.secs = ((days*24+hours)*60+mins)*60 + secs
	if v.months == 0 && v.secs == 0 && v.frac == "" {
		v.neg = false
	}
	return v, true
}

// cmpDur follows the partial order of Datatypes §3.2.6.2: compare after
// adding both to four reference dateTimes.
func cmpDur(a, b durVal) int {
	if a == b {
		return 0
	}
	refs := [][2]int64{{1696, 9}, {1697, 2}, {1903, 3}, {1903, 7}}
	res := 3
	for _, r := range refs {
		ta, fa := addDur(r, a)
		tb, fb := addDur(r, b)
		c := 0
		switch {
		case ta < tb:
			c = -1
		case ta > tb:
			c = 1
		default:
			c = cmpFrac(fa, fb)
		}
		if res == 3 {
			res = c
		} else if res != c {
			return 2
		}
	}
	return res
}

func addDur(ref [2]int64, d durVal) (int64, string) {
	sign := int64(1)
	if d.neg {
		sign = -1
	}
	m := ref[0]*12 + (ref[1] - 1) + sign*d.months
	y, mo := floorDiv(m, 12), floorMod(m, 12)+1
	t := daysFromCivil(y, int(mo), 1)*86400 + sign*d.secs
	frac := d.frac
	if d.neg && frac != "" {
		// t - 0.frac  = (t-1) + (1-0.frac); keep ordering by comparing complements
		t--
		frac = fracComplement(frac)
	}
	return t, frac
}

func fracComplement(f string) string {
	// 1 - 0.f as a fraction string
	b := []byte(f)
	borrow := 0
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i]-'0') + borrow
		if i == len(b)-1 {
			d = 10 - d
			borrow = 1
		} else {
			d = 9 - int(b[i]-'0')
		}
		_ = borrow
		b[i] = byte('0' + d%10)
	}
	return strings.TrimRight(string(b), "0")
}

func cmpFrac(a, b string) int {
	for len(a) < len(b) {
		a += "0"
	}
	for len(b) < len(a) {
		b += "0"
	}
	return strings.Compare(a, b)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// daysFromCivil counts days from 1970-01-01 in the proleptic Gregorian
// calendar (year 0 exists, as in astronomical numbering).
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mm := int64(m)
	if mm > 2 {
		mm -= 3
	} else {
		mm += 9
	}
	doy := (153*mm+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// ---- date/time ----

func isLeap(y int64) bool {
	// XSD 1.0 years: -0001 is 1 BCE, which is leap in the proleptic calendar
	if y < 0 {
		y++
	}
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

func daysIn(y int64, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(s string, n int) (int, string, bool) {
	if len(s) < n {
		return 0, s, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, s, false
		}
		v = v*10 + int(c-'0')
	}
	return v, s[n:], true
}

func parseYear(s string) (int64, string, bool) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < 4 || i > 4 && s[0] == '0' || i > 15 {
		return 0, s, false
	}
	y, _ := strconv.ParseInt(s[:i], 10, 64)
	if y == 0 {
		return 0, s, false
	}
	if neg {
		y = -y
	}
	return y, s[i:], true
}

func parseTZ(s string, v *dtVal) bool {
	if s == "" {
		return true
	}
	if s == "Z" {
		v.hasTZ = true
		return true
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return false
	}
	h, _, ok1 := digits(s[1:3], 2)
	m, _, ok2 := digits(s[4:6], 2)
	if !ok1 || !ok2 || h > 14 || m > 59 || h == 14 && m != 0 {
		return false
	}
	v.tz = h*60 + m
	if s[0] == '-' {
		v.tz = -v.tz
	}
	v.hasTZ = true
	return true
}

func parseTimePart(s string, v *dtVal) (string, bool) {
	var ok bool
	if v.h, s, ok = digits(s, 2); !ok || len(s) == 0 || s[0] != ':' {
		return s, false
	}
	if v.m, s, ok = digits(s[1:], 2); !ok || len(s) == 0 || s[0] != ':' {
		return s, false
	}
	if v.s, s, ok = digits(s[1:], 2); !ok {
		return s, false
	}
	if len(s) > 0 && s[0] == '.' {
		i := 1
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 1 {
			return s, false
		}
		v.frac = strings.TrimRight(s[1:i], "0")
		s = s[i:]
	}
	if v.h > 24 || v.m > 59 || v.s > 59 || v.h == 24 && (v.m != 0 || v.s != 0 || v.frac != "") {
		return s, false
	}
	return s, true
}

func parseDateTime(s string, p prim) (dtVal, bool) {
	v := dtVal{p: p, year: 2000, mon: 1, day: 1}
	var ok bool
	switch p {
	case pDateTime, pDate, pGYearMonth, pGYear:
		if v.year, s, ok = parseYear(s); !ok {
			return v, false
		}
		if p != pGYear {
			if len(s) == 0 || s[0] != '-' {
				return v, false
			}
			if v.mon, s, ok = digits(s[1:], 2); !ok {
				return v, false
			}
		}
		if p == pDateTime || p == pDate {
			if len(s) == 0 || s[0] != '-' {
				return v, false
			}
			if v.day, s, ok = digits(s[1:], 2); !ok {
				return v, false
			}
		}
		if p == pDateTime {
			if len(s) == 0 || s[0] != 'T' {
				return v, false
			}
			if s, ok = parseTimePart(s[1:], &v); !ok {
				return v, false
			}
		}
	case pTime:
		if s, ok = parseTimePart(s, &v); !ok {
			return v, false
		}
	case pGMonthDay, pGMonth:
		if !strings.HasPrefix(s, "--") {
			return v, false
		}
		if v.mon, s, ok = digits(s[2:], 2); !ok {
			return v, false
		}
		if p == pGMonthDay {
			if len(s) == 0 || s[0] != '-' {
				return v, false
			}
			if v.day, s, ok = digits(s[1:], 2); !ok {
				return v, false
			}
		}
	case pGDay:
		if !strings.HasPrefix(s, "---") {
			return v, false
		}
		if v.day, s, ok = digits(s[3:], 2); !ok {
			return v, false
		}
	}
	if v.mon < 1 || v.mon > 12 || v.day < 1 {
		return v, false
	}
	switch p {
	case pGMonthDay, pGDay:
		if v.day > daysIn(2000, v.mon) {
			return v, false
		}
	default:
		if v.day > daysIn(v.year, v.mon) {
			return v, false
		}
	}
	if !parseTZ(s, &v) {
		return v, false
	}
	return v, true
}

// timeline returns seconds from the epoch (local if no timezone) and the
// fraction.
func (v dtVal) timeline() int64 {
	y := v.year
	if y < 0 {
		y++ // no year zero in XSD 1.0
	}
	t := daysFromCivil(y, v.mon, v.day)*86400 + int64(v.h)*3600 + int64(v.m)*60 + int64(v.s)
	return t - int64(v.tz)*60
}

func cmpDT(a, b dtVal) int {
	ta, tb := a.timeline(), b.timeline()
	if a.hasTZ == b.hasTZ {
		switch {
		case ta < tb:
			return -1
		case ta > tb:
			return 1
		}
		return cmpFrac(a.frac, b.frac)
	}
	const d = 14 * 3600
	if !a.hasTZ {
		// a is local: compare its range [a-14h, a+14h] with b
		if ta+d < tb || ta+d == tb && cmpFrac(a.frac, b.frac) < 0 {
			return -1
		}
		if ta-d > tb || ta-d == tb && cmpFrac(a.frac, b.frac) > 0 {
			return 1
		}
		return 2
	}
	return -cmpDTneg(b, a)
}

func cmpDTneg(a, b dtVal) int {
	c := cmpDT(a, b)
	if c == 2 {
		return -2
	}
	return c
}

// ---- binary ----

func parseHex(s string) (binVal, bool) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return binVal{}, false
	}
	return binVal{pHexBinary, string(b)}, true
}

func parseBase64(s string) (binVal, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if len(s)%4 != 0 {
		return binVal{}, false
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return binVal{}, false
	}
	return binVal{pBase64Binary, string(b)}, true
}

// compare returns -1, 0, 1, or 2 when a and b are incomparable (including
// values of different primitive types).
func compare(a, b any) int {
	switch x := a.(type) {
	case decVal:
		if y, ok := b.(decVal); ok {
			return cmpDec(x, y)
		}
	case floatVal:
		if y, ok := b.(floatVal); ok && x.double == y.double {
			return cmpFloat(x, y)
		}
	case dtVal:
		if y, ok := b.(dtVal); ok && x.p == y.p {
			c := cmpDT(x, y)
			if c == -2 {
				return 2
			}
			return c
		}
	case durVal:
		if y, ok := b.(durVal); ok {
			return cmpDur(x, y)
		}
	case listVal:
		y, ok := b.(listVal)
		if !ok || len(x) != len(y) {
			return 2
		}
		for i := range x {
			if compare(x[i], y[i]) != 0 {
				return 2
			}
		}
		return 0
	default:
		if a == b {
			return 0
		}
	}
	return 2
}

func equalValues(a, b any) bool { return compare(a, b) == 0 }

// valueKey is a string that is equal for equal values (identity constraints).
func valueKey(v any) string {
	switch x := v.(type) {
	case strVal:
		if x.p == pAnyURI {
			return "u:" + x.s
		}
		return "s:" + x.s
	case boolVal:
		if x {
			return "b:1"
		}
		return "b:0"
	case decVal:
		return "d:" + x.String()
	case floatVal:
		if x.double {
			return "D:" + strconv.FormatFloat(x.f, 'g', -1, 64)
		}
		return "F:" + strconv.FormatFloat(x.f, 'g', -1, 32)
	case durVal:
		return "P:" + strconv.FormatBool(x.neg) + strconv.FormatInt(x.months, 10) + ":" + strconv.FormatInt(x.secs, 10) + "." + x.frac
	case dtVal:
		t := x.timeline()
		tz := "L"
		if x.hasTZ {
			tz = "Z"
		}
		return "t" + strconv.Itoa(int(x.p)) + tz + strconv.FormatInt(t, 10) + "." + x.frac
	case binVal:
		return "x" + strconv.Itoa(int(x.p)) + ":" + x.b
	case qnVal:
		return "q" + strconv.Itoa(int(x.p)) + ":" + x.q.String()
	case listVal:
		var b strings.Builder
		b.WriteString("l:")
		for _, e := range x {
			b.WriteString(strconv.Quote(valueKey(e)))
		}
		return b.String()
	}
	return "?"
}
