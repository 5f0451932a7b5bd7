package ens

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Kopecks is an amount of money in kopecks (1/100 rouble). Positive ENS
// saldo is an overpayment, negative is a debt.
type Kopecks int64

var errMoney = errors.New("неверная денежная сумма")

// ParseKopecks parses a decimal amount in roubles such as "-15234.56",
// "15234,5" or "100" exactly (no floating point). At most two fractional
// digits are allowed.
func ParseKopecks(s string) (Kopecks, error) {
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if intPart == "" || len(frac) > 2 || (hasFrac && frac == "") || !digits(intPart) || !digits(frac) {
		return 0, errMoney
	}
	for len(frac) < 2 {
		frac += "0"
	}
	r, err := strconv.ParseUint(intPart, 10, 64)
	if err != nil || r > math.MaxInt64/100+1 {
		return 0, errMoney
	}
	k, _ := strconv.ParseUint(frac, 10, 64)
	v := r*100 + k
	switch {
	case !neg && v > math.MaxInt64, neg && v > math.MaxInt64+1:
		return 0, errMoney
	case neg:
		return Kopecks(-int64(v-1) - 1), nil
	}
	return Kopecks(v), nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the amount as a decimal in roubles: "-15234.56".
func (k Kopecks) String() string {
	v := int64(k)
	sign := ""
	var u uint64
	if v < 0 {
		sign, u = "-", uint64(-(v+1))+1
	} else {
		u = uint64(v)
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + pad2(u%100)
}

func pad2(n uint64) string {
	if n < 10 {
		return "0" + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n, 10)
}

// Russian formats the amount for people: "-15 234,56 ₽".
func (k Kopecks) Russian() string {
	s := k.String()
	sign := ""
	if s[0] == '-' {
		sign, s = "−", s[1:]
	}
	r, f, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range r {
		if i > 0 && (len(r)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + "," + f + "\u00a0₽"
}

// Add returns k+o, reporting overflow.
func (k Kopecks) Add(o Kopecks) (Kopecks, bool) {
	s := k + o
	if (o > 0 && s < k) || (o < 0 && s > k) {
		return 0, false
	}
	return s, true
}
