package pfx

import "errors"

var errBER = errors.New("pfx: bad BER")

// berToDER re-encodes BER (indefinite lengths, constructed strings, as
// CryptoPro and Windows write PFX files) as DER, so that cryptobyte can
// read it. Constructed OCTET/BIT strings are flattened. DER input comes out
// unchanged.
func berToDER(in []byte) ([]byte, error) {
	out, rest, err := berElem(in, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errBER
	}
	return out, nil
}

const maxDepth = 64

// berElem converts one element and returns the remaining input.
func berElem(in []byte, depth int) (out, rest []byte, err error) {
	if depth > maxDepth || len(in) < 2 {
		return nil, nil, errBER
	}
	tag := in[0]
	if tag&0x1f == 0x1f { // high tag numbers are not used in PFX
		return nil, nil, errBER
	}
	constructed := tag&0x20 != 0
	i := 1
	l := int(in[i])
	i++
	indefinite := false
	switch {
	case l == 0x80:
		if !constructed {
			return nil, nil, errBER
		}
		indefinite = true
	case l > 0x80:
		n := l & 0x7f
		if n > 4 || i+n > len(in) {
			return nil, nil, errBER
		}
		l = 0
		for j := 0; j < n; j++ {
			l = l<<8 | int(in[i+j])
		}
		i += n
		if l < 0 {
			return nil, nil, errBER
		}
	}
	if !constructed {
		if i+l > len(in) {
			return nil, nil, errBER
		}
		return appendTLV(nil, tag, in[i:i+l]), in[i+l:], nil
	}
	var body []byte
	var children [][]byte
	if indefinite {
		rest = in[i:]
		for {
			if len(rest) >= 2 && rest[0] == 0 && rest[1] == 0 {
				rest = rest[2:]
				break
			}
			var c []byte
			c, rest, err = berElem(rest, depth+1)
			if err != nil {
				return nil, nil, err
			}
			children = append(children, c)
		}
	} else {
		if i+l > len(in) {
			return nil, nil, errBER
		}
		content := in[i : i+l]
		rest = in[i+l:]
		for len(content) > 0 {
			var c []byte
			c, content, err = berElem(content, depth+1)
			if err != nil {
				return nil, nil, err
			}
			children = append(children, c)
		}
	}
	if tag == 0x24 { // constructed OCTET STRING: concatenate the pieces
		for _, c := range children {
			if c[0] != 0x04 {
				return nil, nil, errBER
			}
			body = append(body, contents(c)...)
		}
		return appendTLV(nil, 0x04, body), rest, nil
	}
	for _, c := range children {
		body = append(body, c...)
	}
	return appendTLV(nil, tag, body), rest, nil
}

func contents(tlv []byte) []byte {
	l := int(tlv[1])
	if l < 0x80 {
		return tlv[2:]
	}
	return tlv[2+l&0x7f:]
}

func appendTLV(dst []byte, tag byte, body []byte) []byte {
	dst = append(dst, tag)
	n := len(body)
	switch {
	case n < 0x80:
		dst = append(dst, byte(n))
	case n < 0x100:
		dst = append(dst, 0x81, byte(n))
	case n < 0x10000:
		dst = append(dst, 0x82, byte(n>>8), byte(n))
	case n < 0x1000000:
		dst = append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(dst, body...)
}
