package cms

// maxBERDepth bounds the nesting of BER input.
const maxBERDepth = 64

// berToDER re-encodes BER as DER-length form: indefinite lengths become
// definite, non-minimal lengths minimal, and constructed OCTET STRINGs
// primitive. Element contents are otherwise unchanged (SETs are not
// re-sorted), so DER parts of the input (certificates, signed attributes)
// come out byte-identical. Trailing zero bytes after the element are
// ignored; other trailing data is an error.
func berToDER(in []byte) ([]byte, error) {
	if len(in) == 0 {
		return nil, newError(CodeTruncated, nil, "пустой файл")
	}
	tag, content, rest, err := berElement(in, 0)
	if err != nil {
		return nil, err
	}
	for _, b := range rest {
		if b != 0 {
			return nil, newError(CodeMalformed, nil, "лишние данные после подписи")
		}
	}
	return appendTLV(nil, tag, content), nil
}

func truncated(what string) error { return newError(CodeTruncated, nil, "%s", what) }

// berElement reads one element and returns its tag bytes and its DER
// content.
func berElement(b []byte, depth int) (tag, content, rest []byte, err error) {
	if depth > maxBERDepth {
		return nil, nil, nil, newError(CodeMalformed, nil, "слишком глубокая вложенность")
	}
	if len(b) < 2 {
		return nil, nil, nil, truncated("заголовок элемента")
	}
	i := 1
	if b[0]&0x1f == 0x1f { // high tag number
		for {
			if i >= len(b) {
				return nil, nil, nil, truncated("тег")
			}
			if i > 4 {
				return nil, nil, nil, newError(CodeMalformed, nil, "слишком длинный тег")
			}
			c := b[i]
			i++
			if c&0x80 == 0 {
				break
			}
		}
	}
	tag = b[:i]
	constructed := b[0]&0x20 != 0
	if i >= len(b) {
		return nil, nil, nil, truncated("длина")
	}
	l := int(b[i])
	i++
	indefinite := false
	switch {
	case l < 0x80:
	case l == 0x80:
		if !constructed {
			return nil, nil, nil, newError(CodeMalformed, nil, "неопределённая длина у простого типа")
		}
		indefinite = true
	default:
		n := l & 0x7f
		if n > 4 || n == 0x7f {
			return nil, nil, nil, newError(CodeMalformed, nil, "длина")
		}
		if i+n > len(b) {
			return nil, nil, nil, truncated("длина")
		}
		l = 0
		for _, c := range b[i : i+n] {
			l = l<<8 | int(c)
		}
		if l < 0 {
			return nil, nil, nil, newError(CodeMalformed, nil, "длина")
		}
		i += n
	}
	b = b[i:]
	if !indefinite && l > len(b) {
		return nil, nil, nil, truncated("содержимое")
	}
	if !constructed {
		return tag, b[:l], b[l:], nil
	}
	var body []byte
	if !indefinite {
		body, rest = b[:l], b[l:]
	} else {
		body = b
	}
	// Constructed OCTET STRING (universal 4): concatenate the pieces.
	isOctets := len(tag) == 1 && tag[0] == 0x24
	var out []byte
	for {
		if indefinite {
			if len(body) < 2 {
				return nil, nil, nil, truncated("конец содержимого (00 00)")
			}
			if body[0] == 0 && body[1] == 0 {
				rest = body[2:]
				break
			}
		} else if len(body) == 0 {
			break
		}
		ctag, ccontent, crest, err := berElement(body, depth+1)
		if err != nil {
			return nil, nil, nil, err
		}
		if isOctets {
			if len(ctag) != 1 || ctag[0] != 0x04 {
				return nil, nil, nil, newError(CodeMalformed, nil, "составной OCTET STRING")
			}
			out = append(out, ccontent...)
		} else {
			out = appendTLV(out, ctag, ccontent)
		}
		body = crest
	}
	if isOctets {
		tag = []byte{0x04}
	}
	if out == nil {
		out = []byte{}
	}
	return tag, out, rest, nil
}

// appendTLV appends tag, a minimal definite length and content.
func appendTLV(out, tag, content []byte) []byte {
	out = append(out, tag...)
	n := len(content)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 1<<8:
		out = append(out, 0x81, byte(n))
	case n < 1<<16:
		out = append(out, 0x82, byte(n>>8), byte(n))
	case n < 1<<24:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		out = append(out, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, content...)
}
