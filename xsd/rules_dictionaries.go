package xsd

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
)

// CodedValue is a coded field of an XML file whose value must come from an
// НСИ dictionary of the catalog: <x><type>RefType</type><element>Value</element></x>
// (the ППО «Территория» reference of the hotel forms, notes/hotels.md §4).
type CodedValue struct {
	RefType string
	Value   string
	// Dictionaries are the catalog dictionaries RefType maps to; the value
	// must be an item of one of them.
	Dictionaries []Dictionary
	Line, Column int    // of the element's start tag, the column in characters
	Path         string // local names from the document element, "/"-joined
}

// DictionariesFor returns the service's dictionaries whose RefTypes hold
// refType.
func (s Service) DictionariesFor(refType string) []Dictionary {
	var out []Dictionary
	for _, d := range s.Dictionaries {
		for _, t := range d.RefTypes {
			if t == refType {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

type codedFrame struct {
	name       string
	line, col  int
	off        int64
	typ, elem  string
	hasT, hasE bool
	elems      int // child elements
	text       strings.Builder
}

// pathOf is the "/"-joined local names of the open elements and name.
func pathOf(stack []*codedFrame, name string) string {
	names := make([]string, 0, len(stack)+1)
	for _, x := range stack {
		names = append(names, x.name)
	}
	return strings.Join(append(names, name), "/")
}

// dictionariesForField returns the dictionaries one of whose Fields the
// element path ends with.
func (s Service) dictionariesForField(path string) []Dictionary {
	var out []Dictionary
	for _, d := range s.Dictionaries {
		for _, f := range d.Fields {
			if path == f || strings.HasSuffix(path, "/"+f) {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// CodedValues lists the coded fields of an XML document that the catalog
// maps to dictionaries (Dictionary.RefTypes), in document order. Fields
// whose <type> maps to no dictionary (Gender, DocumentStatus …) are left
// out. Leaf elements whose path ends with one of a dictionary's Fields are
// listed too (RefType ""). Checking the values needs the dictionaries (НСИ): the sandbox does
// it against its own, the application against the portal's.
func (s Service) CodedValues(r io.Reader) ([]CodedValue, error) {
	src, again := rereadable(r, math.MaxInt64)
	var offs []int64
	out, err := s.codedValues(src, &offs)
	if len(out) > 0 {
		ps := make([]bytePos, len(out))
		for i := range out {
			ps[i] = bytePos{col: &out[i].Column, off: offs[i]}
		}
		again.charColumns(ps)
	}
	return out, err
}

// codedValues is CodedValues with byte columns, their offsets in offs.
func (s Service) codedValues(r io.Reader, offs *[]int64) ([]CodedValue, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	var stack []*codedFrame
	var out []CodedValue
	for {
		line, col := d.InputPos()
		off := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, &codedFrame{name: t.Name.Local, line: line, col: col, off: off})
		case xml.CharData:
			if n := len(stack); n > 0 {
				stack[n-1].text.Write(t)
			}
		case xml.EndElement:
			n := len(stack)
			if n == 0 {
				continue
			}
			f := stack[n-1]
			stack = stack[:n-1]
			if n >= 2 {
				p := stack[n-2]
				switch f.name {
				case "type":
					p.typ, p.hasT = strings.TrimSpace(f.text.String()), true
				case "element":
					p.elem, p.hasE = strings.TrimSpace(f.text.String()), true
				}
			}
			path := pathOf(stack, f.name)
			if f.elems == 0 {
				for _, d := range s.dictionariesForField(path) {
					out = append(out, CodedValue{Value: strings.TrimSpace(f.text.String()), Dictionaries: []Dictionary{d}, Line: f.line, Column: f.col, Path: path})
					*offs = append(*offs, f.off)
				}
			}
			if n >= 2 {
				stack[n-2].elems++
			}
			if f.hasT && f.hasE {
				if ds := s.DictionariesFor(f.typ); len(ds) > 0 {
					out = append(out, CodedValue{RefType: f.typ, Value: f.elem, Dictionaries: ds, Line: f.line, Column: f.col, Path: path})
					*offs = append(*offs, f.off)
				}
			}
		}
	}
}
