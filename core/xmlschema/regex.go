package xmlschema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// CompileRegexp translates an XML Schema regular expression (Datatypes
// Appendix F) to Go's syntax, anchored at both ends, and compiles it.
func CompileRegexp(pattern string) (*regexp.Regexp, error) {
	src, err := TranslateRegexp(pattern)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(src)
}

// TranslateRegexp returns the Go (RE2) form of an XML Schema regular
// expression, with the implicit anchoring made explicit.
func TranslateRegexp(pattern string) (string, error) {
	p := &reParser{s: []rune(pattern)}
	var b strings.Builder
	b.WriteString(`\A(?:`)
	if err := p.regExp(&b, 0); err != nil {
		return "", fmt.Errorf("pattern %q: %v", pattern, err)
	}
	if p.i < len(p.s) {
		return "", fmt.Errorf("pattern %q: unexpected %q at %d", pattern, p.s[p.i], p.i)
	}
	b.WriteString(`)\z`)
	return b.String(), nil
}

type reParser struct {
	s []rune
	i int
}

func (p *reParser) peek() rune {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return -1
}

func (p *reParser) regExp(b *strings.Builder, depth int) error {
	if depth > 100 {
		return fmt.Errorf("nesting too deep")
	}
	for {
		if err := p.branch(b, depth); err != nil {
			return err
		}
		if p.peek() != '|' {
			return nil
		}
		p.i++
		b.WriteByte('|')
	}
}

func (p *reParser) branch(b *strings.Builder, depth int) error {
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '|' || c == ')' {
			return nil
		}
		if err := p.atom(b, depth); err != nil {
			return err
		}
		if err := p.quantifier(b); err != nil {
			return err
		}
	}
	return nil
}

func (p *reParser) quantifier(b *strings.Builder) error {
	switch p.peek() {
	case '?', '*', '+':
		b.WriteRune(p.s[p.i])
		p.i++
	case '{':
		j := p.i + 1
		readNum := func() (int, bool) {
			k := j
			for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
				j++
			}
			if k == j {
				return 0, false
			}
			n, err := strconv.Atoi(string(p.s[k:j]))
			if err != nil {
				return 0, false
			}
			return n, true
		}
		lo, ok := readNum()
		if !ok {
			return fmt.Errorf("bad quantifier")
		}
		hi, hasHi, comma := lo, true, false
		if j < len(p.s) && p.s[j] == ',' {
			comma = true
			j++
			hi, hasHi = readNum()
		}
		if j >= len(p.s) || p.s[j] != '}' {
			return fmt.Errorf("bad quantifier")
		}
		if hasHi && hi < lo {
			return fmt.Errorf("quantifier {%d,%d} out of order", lo, hi)
		}
		if lo > 1000 || hasHi && hi > 1000 {
			return fmt.Errorf("quantifier bound above 1000 is not supported")
		}
		p.i = j + 1
		switch {
		case !comma:
			fmt.Fprintf(b, "{%d}", lo)
		case !hasHi:
			fmt.Fprintf(b, "{%d,}", lo)
		default:
			fmt.Fprintf(b, "{%d,%d}", lo, hi)
		}
	}
	return nil
}

func (p *reParser) atom(b *strings.Builder, depth int) error {
	c := p.s[p.i]
	switch c {
	case '(':
		p.i++
		b.WriteString("(?:")
		if err := p.regExp(b, depth+1); err != nil {
			return err
		}
		if p.peek() != ')' {
			return fmt.Errorf("missing )")
		}
		p.i++
		b.WriteByte(')')
	case '[':
		set, err := p.charClassExpr()
		if err != nil {
			return err
		}
		writeSet(b, set)
	case '.':
		p.i++
		writeSet(b, negate(rset{{'\n', '\n'}, {'\r', '\r'}}))
	case '\\':
		set, single, err := p.escape()
		if err != nil {
			return err
		}
		if set != nil {
			writeSet(b, set)
		} else {
			b.WriteString(regexp.QuoteMeta(string(single)))
		}
	case '?', '*', '+', '{', '}', ')', ']':
		return fmt.Errorf("unexpected %q", c)
	default:
		p.i++
		b.WriteString(regexp.QuoteMeta(string(c)))
	}
	return nil
}

// escape reads an escape; it returns either a set (multi-char and
// category escapes) or a single character.
func (p *reParser) escape() (rset, rune, error) {
	p.i++ // backslash
	if p.i >= len(p.s) {
		return nil, 0, fmt.Errorf("trailing backslash")
	}
	c := p.s[p.i]
	p.i++
	switch c {
	case 'n':
		return nil, '\n', nil
	case 'r':
		return nil, '\r', nil
	case 't':
		return nil, '\t', nil
	case '\\', '|', '.', '?', '*', '+', '(', ')', '{', '}', '-', '[', ']', '^':
		return nil, c, nil
	case 's':
		return spaceSet, 0, nil
	case 'S':
		return negate(spaceSet), 0, nil
	case 'i':
		return nameStartSet(), 0, nil
	case 'I':
		return negate(nameStartSet()), 0, nil
	case 'c':
		return nameCharSet(), 0, nil
	case 'C':
		return negate(nameCharSet()), 0, nil
	case 'd':
		return fromTable(unicode.Nd), 0, nil
	case 'D':
		return negate(fromTable(unicode.Nd)), 0, nil
	case 'w':
		return wordSet(), 0, nil
	case 'W':
		return negate(wordSet()), 0, nil
	case 'p', 'P':
		if p.peek() != '{' {
			return nil, 0, fmt.Errorf("\\%c without {", c)
		}
		end := p.i + 1
		for end < len(p.s) && p.s[end] != '}' {
			end++
		}
		if end >= len(p.s) {
			return nil, 0, fmt.Errorf("unterminated \\%c{", c)
		}
		name := string(p.s[p.i+1 : end])
		p.i = end + 1
		set, err := categorySet(name)
		if err != nil {
			return nil, 0, err
		}
		if c == 'P' {
			set = negate(set)
		}
		return set, 0, nil
	}
	return nil, 0, fmt.Errorf("unknown escape \\%c", c)
}

func (p *reParser) charClassExpr() (rset, error) {
	p.i++ // [
	neg := false
	if p.peek() == '^' {
		neg = true
		p.i++
	}
	var set rset
	first := true
	for {
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("unterminated character class")
		}
		c := p.s[p.i]
		if c == ']' && !first {
			p.i++
			break
		}
		if c == '-' && !first {
			if p.i+1 < len(p.s) && p.s[p.i+1] == '[' {
				p.i++
				sub, err := p.charClassExpr()
				if err != nil {
					return nil, err
				}
				if p.peek() != ']' {
					return nil, fmt.Errorf("subtraction must end the character class")
				}
				p.i++
				if neg {
					set = negate(set)
				}
				return subtract(set, sub), nil
			}
			if p.i+1 < len(p.s) && p.s[p.i+1] == ']' {
				set = setUnion(set, rset{{'-', '-'}})
				p.i++
				continue
			}
			return nil, fmt.Errorf("unescaped '-' in character class")
		}
		first = false
		var lo rune
		if c == '\\' {
			s, single, err := p.escape()
			if err != nil {
				return nil, err
			}
			if s != nil {
				set = setUnion(set, s)
				continue
			}
			lo = single
		} else if c == '[' {
			return nil, fmt.Errorf("unescaped '[' in character class")
		} else {
			lo = c
			p.i++
		}
		hi := lo
		if p.peek() == '-' && p.i+1 < len(p.s) && p.s[p.i+1] != '[' && p.s[p.i+1] != ']' {
			p.i++
			d := p.s[p.i]
			if d == '\\' {
				s, single, err := p.escape()
				if err != nil {
					return nil, err
				}
				if s != nil {
					return nil, fmt.Errorf("range ends in a class escape")
				}
				hi = single
			} else if d == '[' {
				return nil, fmt.Errorf("unescaped '[' in range")
			} else {
				hi = d
				p.i++
			}
			if hi < lo {
				return nil, fmt.Errorf("range %q-%q out of order", lo, hi)
			}
		}
		set = setUnion(set, rset{{lo, hi}})
	}
	if neg {
		set = negate(set)
	}
	return set, nil
}

// rset is a sorted list of disjoint rune ranges.
type rset [][2]rune

func norm(s rset) rset {
	sort.Slice(s, func(i, j int) bool { return s[i][0] < s[j][0] })
	var out rset
	for _, r := range s {
		if n := len(out); n > 0 && r[0] <= out[n-1][1]+1 {
			if r[1] > out[n-1][1] {
				out[n-1][1] = r[1]
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func setUnion(a, b rset) rset {
	c := make(rset, 0, len(a)+len(b))
	c = append(append(c, a...), b...)
	return norm(c)
}

func negate(a rset) rset {
	a = norm(append(rset(nil), a...))
	var out rset
	next := rune(0)
	for _, r := range a {
		if r[0] > next {
			out = append(out, [2]rune{next, r[0] - 1})
		}
		next = r[1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, [2]rune{next, unicode.MaxRune})
	}
	return out
}

func subtract(a, b rset) rset {
	// a ∩ ¬b
	nb := negate(b)
	a = norm(append(rset(nil), a...))
	var out rset
	i, j := 0, 0
	for i < len(a) && j < len(nb) {
		lo := max(a[i][0], nb[j][0])
		hi := min(a[i][1], nb[j][1])
		if lo <= hi {
			out = append(out, [2]rune{lo, hi})
		}
		if a[i][1] < nb[j][1] {
			i++
		} else {
			j++
		}
	}
	return out
}

func writeSet(b *strings.Builder, s rset) {
	if len(s) == 0 {
		b.WriteString(`[^\x00-\x{10FFFF}]`)
		return
	}
	b.WriteByte('[')
	for _, r := range s {
		fmt.Fprintf(b, `\x{%X}`, r[0])
		if r[1] != r[0] {
			fmt.Fprintf(b, `-\x{%X}`, r[1])
		}
	}
	b.WriteByte(']')
}

var spaceSet = rset{{'\t', '\n'}, {'\r', '\r'}, {' ', ' '}}

func fromTable(t *unicode.RangeTable) rset {
	var s rset
	for _, r := range t.R16 {
		if r.Stride == 1 {
			s = append(s, [2]rune{rune(r.Lo), rune(r.Hi)})
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			s = append(s, [2]rune{c, c})
		}
	}
	for _, r := range t.R32 {
		if r.Stride == 1 {
			s = append(s, [2]rune{rune(r.Lo), rune(r.Hi)})
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			s = append(s, [2]rune{c, c})
		}
	}
	return norm(s)
}

func nameStartSet() rset {
	return rset{{':', ':'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2FF}, {0x370, 0x37D},
		{0x37F, 0x1FFF}, {0x200C, 0x200D}, {0x2070, 0x218F}, {0x2C00, 0x2FEF}, {0x3001, 0xD7FF}, {0xF900, 0xFDCF},
		{0xFDF0, 0xFFFD}, {0x10000, 0xEFFFF}}
}

func nameCharSet() rset {
	return setUnion(nameStartSet(), rset{{'-', '.'}, {'0', '9'}, {0xB7, 0xB7}, {0x300, 0x36F}, {0x203F, 0x2040}})
}

func wordSet() rset {
	return negate(setUnion(setUnion(fromTable(unicode.P), fromTable(unicode.Z)), categoryC()))
}

var (
	catCOnce sync.Once
	catC     rset
	catCn    rset
)

func categoryC() rset {
	catCOnce.Do(func() {
		// C = Cc Cf Co Cs and Cn (unassigned)
		var assigned rset
		for _, t := range unicode.Categories {
			assigned = append(assigned, fromTable(t)...)
		}
		catCn = negate(norm(assigned))
		catC = categoryC0(catCn)
	})
	return catC
}

func categoryC0(cn rset) rset {
	return setUnion(setUnion(setUnion(fromTable(unicode.Cc), fromTable(unicode.Cf)), setUnion(fromTable(unicode.Co), fromTable(unicode.Cs))), cn)
}

func categorySet(name string) (rset, error) {
	if strings.HasPrefix(name, "Is") {
		r, ok := blocks[name[2:]]
		if !ok {
			return nil, fmt.Errorf("unknown block %q", name)
		}
		return r, nil
	}
	switch name {
	case "C":
		return categoryC(), nil
	case "Cn":
		categoryC()
		return catCn, nil
	}
	t, ok := unicode.Categories[name]
	if !ok || len(name) > 2 {
		return nil, fmt.Errorf("unknown category %q", name)
	}
	return fromTable(t), nil
}

// blocks are the block names of Unicode 3.1 that XML Schema 1.0 lists.
var blocks = map[string]rset{
	"BasicLatin": {{0x0000, 0x007F}}, "Latin-1Supplement": {{0x0080, 0x00FF}}, "LatinExtended-A": {{0x0100, 0x017F}},
	"LatinExtended-B": {{0x0180, 0x024F}}, "IPAExtensions": {{0x0250, 0x02AF}}, "SpacingModifierLetters": {{0x02B0, 0x02FF}},
	"CombiningDiacriticalMarks": {{0x0300, 0x036F}}, "Greek": {{0x0370, 0x03FF}}, "Cyrillic": {{0x0400, 0x04FF}},
	"Armenian": {{0x0530, 0x058F}}, "Hebrew": {{0x0590, 0x05FF}}, "Arabic": {{0x0600, 0x06FF}}, "Syriac": {{0x0700, 0x074F}},
	"Thaana": {{0x0780, 0x07BF}}, "Devanagari": {{0x0900, 0x097F}}, "Bengali": {{0x0980, 0x09FF}}, "Gurmukhi": {{0x0A00, 0x0A7F}},
	"Gujarati": {{0x0A80, 0x0AFF}}, "Oriya": {{0x0B00, 0x0B7F}}, "Tamil": {{0x0B80, 0x0BFF}}, "Telugu": {{0x0C00, 0x0C7F}},
	"Kannada": {{0x0C80, 0x0CFF}}, "Malayalam": {{0x0D00, 0x0D7F}}, "Sinhala": {{0x0D80, 0x0DFF}}, "Thai": {{0x0E00, 0x0E7F}},
	"Lao": {{0x0E80, 0x0EFF}}, "Tibetan": {{0x0F00, 0x0FFF}}, "Myanmar": {{0x1000, 0x109F}}, "Georgian": {{0x10A0, 0x10FF}},
	"HangulJamo": {{0x1100, 0x11FF}}, "Ethiopic": {{0x1200, 0x137F}}, "Cherokee": {{0x13A0, 0x13FF}},
	"UnifiedCanadianAboriginalSyllabics": {{0x1400, 0x167F}}, "Ogham": {{0x1680, 0x169F}}, "Runic": {{0x16A0, 0x16FF}},
	"Khmer": {{0x1780, 0x17FF}}, "Mongolian": {{0x1800, 0x18AF}}, "LatinExtendedAdditional": {{0x1E00, 0x1EFF}},
	"GreekExtended": {{0x1F00, 0x1FFF}}, "GeneralPunctuation": {{0x2000, 0x206F}}, "SuperscriptsandSubscripts": {{0x2070, 0x209F}},
	"CurrencySymbols": {{0x20A0, 0x20CF}}, "CombiningMarksforSymbols": {{0x20D0, 0x20FF}}, "LetterlikeSymbols": {{0x2100, 0x214F}},
	"NumberForms": {{0x2150, 0x218F}}, "Arrows": {{0x2190, 0x21FF}}, "MathematicalOperators": {{0x2200, 0x22FF}},
	"MiscellaneousTechnical": {{0x2300, 0x23FF}}, "ControlPictures": {{0x2400, 0x243F}}, "OpticalCharacterRecognition": {{0x2440, 0x245F}},
	"EnclosedAlphanumerics": {{0x2460, 0x24FF}}, "BoxDrawing": {{0x2500, 0x257F}}, "BlockElements": {{0x2580, 0x259F}},
	"GeometricShapes": {{0x25A0, 0x25FF}}, "MiscellaneousSymbols": {{0x2600, 0x26FF}}, "Dingbats": {{0x2700, 0x27BF}},
	"BraillePatterns": {{0x2800, 0x28FF}}, "CJKRadicalsSupplement": {{0x2E80, 0x2EFF}}, "KangxiRadicals": {{0x2F00, 0x2FDF}},
	"IdeographicDescriptionCharacters": {{0x2FF0, 0x2FFF}}, "CJKSymbolsandPunctuation": {{0x3000, 0x303F}},
	"Hiragana": {{0x3040, 0x309F}}, "Katakana": {{0x30A0, 0x30FF}}, "Bopomofo": {{0x3100, 0x312F}},
	"HangulCompatibilityJamo": {{0x3130, 0x318F}}, "Kanbun": {{0x3190, 0x319F}}, "BopomofoExtended": {{0x31A0, 0x31BF}},
	"EnclosedCJKLettersandMonths": {{0x3200, 0x32FF}}, "CJKCompatibility": {{0x3300, 0x33FF}},
	"CJKUnifiedIdeographsExtensionA": {{0x3400, 0x4DB5}}, "CJKUnifiedIdeographs": {{0x4E00, 0x9FFF}},
	"YiSyllables": {{0xA000, 0xA48F}}, "YiRadicals": {{0xA490, 0xA4CF}}, "HangulSyllables": {{0xAC00, 0xD7A3}},
	"HighSurrogates": {{0xD800, 0xDB7F}}, "HighPrivateUseSurrogates": {{0xDB80, 0xDBFF}}, "LowSurrogates": {{0xDC00, 0xDFFF}},
	"PrivateUse": {{0xE000, 0xF8FF}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD}}, "CJKCompatibilityIdeographs": {{0xF900, 0xFAFF}},
	"AlphabeticPresentationForms": {{0xFB00, 0xFB4F}}, "ArabicPresentationForms-A": {{0xFB50, 0xFDFF}},
	"CombiningHalfMarks": {{0xFE20, 0xFE2F}}, "CJKCompatibilityForms": {{0xFE30, 0xFE4F}}, "SmallFormVariants": {{0xFE50, 0xFE6F}},
	"ArabicPresentationForms-B": {{0xFE70, 0xFEFE}}, "Specials": {{0xFEFF, 0xFEFF}, {0xFFF0, 0xFFFD}},
	"HalfwidthandFullwidthForms": {{0xFF00, 0xFFEF}}, "OldItalic": {{0x10300, 0x1032F}}, "Gothic": {{0x10330, 0x1034F}},
	"Deseret": {{0x10400, 0x1044F}}, "ByzantineMusicalSymbols": {{0x1D000, 0x1D0FF}}, "MusicalSymbols": {{0x1D100, 0x1D1FF}},
	"MathematicalAlphanumericSymbols": {{0x1D400, 0x1D7FF}}, "CJKUnifiedIdeographsExtensionB": {{0x20000, 0x2A6D6}},
	"CJKCompatibilityIdeographsSupplement": {{0x2F800, 0x2FA1F}}, "Tags": {{0xE0000, 0xE007F}},
}
