package xmltok

import "unicode/utf8"

// Byte classes of the text scanner: plain bytes are copied through, all
// others need a closer look.
const (
	cPlain   = iota
	cLT      // <
	cAmp     // &
	cCR      // \r
	cLF      // \n
	cBracket // ]
	cCtl     // C0 control other than \t \n \r: never allowed
	cHigh    // first byte of a multi-byte UTF-8 sequence (or garbage)
	cQuote   // " or ' (only special inside attribute values)
	cTab     // \t (only special inside attribute values)
)

var textClass, attrClass [256]uint8

// nameByte marks the ASCII bytes allowed in names (NameChar); bytes ≥ 0x80
// are checked rune by rune.
var nameByte, nameStartByte [256]bool

func init() {
	for b := 0; b < 256; b++ {
		var c uint8
		switch {
		case b == '<':
			c = cLT
		case b == '&':
			c = cAmp
		case b == '\r':
			c = cCR
		case b == '\n':
			c = cLF
		case b == ']':
			c = cBracket
		case b == '\t':
			c = cPlain
		case b < 0x20:
			c = cCtl
		case b >= 0x80:
			c = cHigh
		}
		textClass[b] = c
		switch {
		case b == ']':
			c = cPlain
		case b == '"' || b == '\'':
			c = cQuote
		case b == '\t':
			c = cTab
		}
		attrClass[b] = c
		nameStartByte[b] = 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || b == '_' || b == ':'
		nameByte[b] = nameStartByte[b] || '0' <= b && b <= '9' || b == '-' || b == '.'
	}
}

// isChar reports whether r matches the Char production of XML 1.0.
func isChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// isNameStartRune and isNameRune follow the Name production of XML 1.0
// fifth edition (as libxml2 does by default).
func isNameStartRune(r rune) bool {
	if r < utf8.RuneSelf {
		return nameStartByte[r]
	}
	return r >= 0xC0 && r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D ||
		r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

func isNameRune(r rune) bool {
	if r < utf8.RuneSelf {
		return nameByte[r]
	}
	return isNameStartRune(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// isName reports whether b is an XML Name.
func isName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	first := true
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if first && !nameStartByte[c] || !nameByte[c] {
				return false
			}
			i++
		} else {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			if first && !isNameStartRune(r) || !isNameRune(r) {
				return false
			}
			i += n
		}
		first = false
	}
	return true
}

// IsName reports whether s is an XML 1.0 (fifth edition) Name.
func IsName(s string) bool { return isName([]byte(s)) }
