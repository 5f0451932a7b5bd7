package xmltok

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// refCheck is the reference verdict: encoding/xml's strict RawToken with
// the structural checks that core/xmlschema made on top of it before this
// package existed (one document element, matching end tags, no text
// outside it, DOCTYPE before it, unique attribute names, internal
// entities of the DOCTYPE), a UTF-8 BOM skipped.
func refCheck(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = map[string]string{}
	var stack []xml.Name
	rootSeen := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if rootSeen && len(stack) == 0 {
				return errors.New("extra content after the document element")
			}
			for i, a := range t.Attr {
				for _, b := range t.Attr[:i] {
					if a.Name == b.Name {
						return errors.New("attribute given twice")
					}
				}
			}
			rootSeen = true
			stack = append(stack, t.Name)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				return errors.New("end tag does not match")
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 && strings.TrimSpace(string(t)) != "" {
				return errors.New("text outside the document element")
			}
		case xml.Directive:
			if rootSeen {
				return errors.New("DOCTYPE after the document element")
			}
			for _, m := range refEntityDecl.FindAllSubmatch(t, -1) {
				v := m[3]
				if v == nil {
					v = m[4]
				}
				if !bytes.ContainsAny(v, "<&") {
					d.Entity[string(m[1])] = string(v)
				}
			}
		}
	}
	if !rootSeen {
		return errors.New("no document element")
	}
	if len(stack) > 0 {
		return errors.New("unexpected end of document")
	}
	return nil
}

var refEntityDecl = regexp.MustCompile(`<!ENTITY\s+([^\s%]+)\s+("([^"]*)"|'([^']*)')\s*>`)

// check runs the Decoder over data and returns its first error (nil for a
// well-formed document), declaring DOCTYPE entities as refCheck does.
func check(data []byte, r io.Reader) error {
	if r == nil {
		r = bytes.NewReader(data)
	}
	d := NewDecoder(r, nil)
	for {
		k, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if k == Doctype {
			for _, m := range refEntityDecl.FindAllSubmatch(append([]byte("<!"), d.Text()...), -1) {
				v := m[3]
				if v == nil {
					v = m[4]
				}
				if !bytes.ContainsAny(v, "<&") {
					d.SetEntity(string(m[1]), string(v))
				}
			}
		}
	}
}

// stricter lists the messages of errors that this package reports on
// purpose where encoding/xml accepts the input (each is an XML 1.0
// well-formedness rule that encoding/xml does not check).
var stricter = []string{
	"XML declaration allowed only at the start",   // encoding/xml accepts <?xml ...?> anywhere
	"malformed XML declaration",                   // version required, only version/encoding/standalone
	"declared but no charset reader",              // encoding="..." with spaces around =
	"is reserved",                                 // <?XML ...?>
	"white space expected",                        // <a b="1"c="2">, <?pi"x"?>
	"invalid markup after <!",                     // <!ELEMENT ...> and other directives
	"more than one DOCTYPE",                       //
	"in a comment",                                // characters of comments
	"in a processing instruction",                 // characters of PIs
	"in the DOCTYPE",                              // characters of the DOCTYPE
	"reference outside the document element",      // &#32; after the root
	"CDATA section outside the document element",  // <![CDATA[ ]]> after the root
	"non-ASCII text outside the document element", // U+00A0 is not XML white space
	"character reference to a non-character &#xD", // surrogates: encoding/xml makes them U+FFFD
	"character reference to a non-character &#5",  // decimal surrogates 55296..57343
}

// explained reports whether a disagreement between the Decoder (err) and
// encoding/xml (ref) is one of the documented differences.
func explained(data []byte, err, ref error) bool {
	if err != nil && ref == nil {
		for _, s := range stricter {
			if strings.Contains(err.Error(), s) {
				return true
			}
		}
	}
	if err == nil && ref != nil {
		msg := ref.Error()
		// XML 1.1 and other 1.x versions are read as XML 1.0, as libxml2 does
		if strings.Contains(msg, "unsupported version") {
			return true
		}
	}
	// names: fifth edition (libxml2) against encoding/xml's older tables
	if !isASCII(data) {
		for _, e := range []error{err, ref} {
			if e != nil && (strings.Contains(e.Error(), "name") || strings.Contains(e.Error(), "entity")) {
				return true
			}
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// transcript describes the tokens of data, merging adjacent CharData
// chunks, for comparing runs over different readers.
func transcript(data []byte, r io.Reader, o *Options) string {
	if r == nil {
		r = bytes.NewReader(data)
	}
	d := NewDecoder(r, o)
	var b strings.Builder
	var text []byte
	inText := false
	var tl, tc int
	flush := func() {
		if inText {
			fmt.Fprintf(&b, "@%d:%dT%s ", tl, tc, strconv.Quote(string(text)))
			text, inText = text[:0], false
		}
	}
	for {
		k, err := d.Next()
		if err != nil && err != io.EOF {
			// text chunks already returned before an error depend on
			// where the reads ended: leave them out
			fmt.Fprintf(&b, "ERR(%v)", err)
			return b.String()
		}
		if k != CharData {
			flush()
		}
		if err == io.EOF {
			b.WriteString("EOF")
			return b.String()
		}
		if err != nil {
			fmt.Fprintf(&b, "ERR(%v)", err)
			return b.String()
		}
		l, c := d.Pos()
		switch k {
		case StartElement:
			fmt.Fprintf(&b, "<%s|%s@%d:%d", d.Name().Prefix, d.Name().Local, l, c)
			for _, a := range d.Attrs() {
				fmt.Fprintf(&b, " %s=%q@%d:%d", a.Name, a.Value, a.Line, a.Col)
			}
			if d.SelfClosing() {
				b.WriteString("/")
			}
			b.WriteString("> ")
		case EndElement:
			fmt.Fprintf(&b, "</%s> ", d.RawName())
		case CharData:
			if !inText {
				tl, tc = l, c
			}
			text = append(text, d.Text()...)
			inText = true
		case Comment:
			fmt.Fprintf(&b, "C@%d:%d ", l, c)
		case ProcInst:
			fmt.Fprintf(&b, "P(%s)@%d:%d ", d.Name().Local, l, c)
		case Doctype:
			fmt.Fprintf(&b, "D%q ", d.Text())
		}
	}
}
