package pki

// digits converts s to its digits; ok is false unless s is exactly n ASCII
// digits.
func digits(s string, n int) ([]int, bool) {
	if len(s) != n {
		return nil, false
	}
	d := make([]int, n)
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, false
		}
		d[i] = int(c - '0')
	}
	return d, true
}

func weighted(d []int, w []int) int {
	s := 0
	for i, x := range w {
		s += d[i] * x
	}
	return s
}

// ValidINN reports whether s is a valid ИНН: 10 digits (organisation), 12
// digits (person or sole proprietor), or 12 digits "00"+10 (an organisation
// ИНН padded the way qualified certificates write it).
func ValidINN(s string) bool {
	if len(s) == 12 && s[:2] == "00" {
		if validINN10(s[2:]) {
			return true
		}
	}
	return validINN10(s) || validINN12(s)
}

func validINN10(s string) bool {
	d, ok := digits(s, 10)
	if !ok {
		return false
	}
	return weighted(d, []int{2, 4, 10, 3, 5, 9, 4, 6, 8})%11%10 == d[9]
}

func validINN12(s string) bool {
	d, ok := digits(s, 12)
	if !ok {
		return false
	}
	n11 := weighted(d, []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10
	n12 := weighted(d, []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10
	return n11 == d[10] && n12 == d[11]
}

// ValidSNILS reports whether s is an 11-digit СНИЛС with a correct control
// number. Numbers up to 001-001-998 predate the control number and are
// accepted with any control digits.
func ValidSNILS(s string) bool {
	d, ok := digits(s, 11)
	if !ok {
		return false
	}
	num := 0
	for i := 0; i < 9; i++ {
		num = num*10 + d[i]
	}
	if num <= 1001998 {
		return true
	}
	sum := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2, 1})
	var check int
	switch {
	case sum < 100:
		check = sum
	case sum == 100 || sum == 101:
		check = 0
	default:
		check = sum % 101
		if check == 100 {
			check = 0
		}
	}
	return check == d[9]*10+d[10]
}

// ValidOGRN reports whether s is a 13-digit ОГРН with a correct check digit.
func ValidOGRN(s string) bool {
	d, ok := digits(s, 13)
	if !ok {
		return false
	}
	return modDigits(d[:12], 11)%10 == d[12]
}

// ValidOGRNIP reports whether s is a 15-digit ОГРНИП with a correct check
// digit.
func ValidOGRNIP(s string) bool {
	d, ok := digits(s, 15)
	if !ok {
		return false
	}
	return modDigits(d[:14], 13)%10 == d[14]
}

// modDigits returns the decimal number written by d modulo m.
func modDigits(d []int, m int) int {
	r := 0
	for _, x := range d {
		r = (r*10 + x) % m
	}
	return r
}
