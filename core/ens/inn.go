package ens

// ValidINN reports whether s is a checksum-valid ИНН: 10 digits for an
// organisation or 12 digits for an individual or ИП.
func ValidINN(s string) bool {
	if (len(s) != 10 && len(s) != 12) || !digits(s) {
		return false
	}
	d := make([]int, len(s))
	for i := range s {
		d[i] = int(s[i] - '0')
	}
	check := func(w []int) int {
		sum := 0
		for i, x := range w {
			sum += x * d[i]
		}
		return sum % 11 % 10
	}
	if len(s) == 10 {
		return check([]int{2, 4, 10, 3, 5, 9, 4, 6, 8}) == d[9]
	}
	return check([]int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == d[10] &&
		check([]int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == d[11]
}
