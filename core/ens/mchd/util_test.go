package mchd

import "strings"

func stringsReplace(s, old, new string) string { return strings.Replace(s, old, new, 1) }
